// SPDX-License-Identifier: GPL-2.0
/*
 * ampctl: show and drive the remote processors and their rpmsg channels through sysfs.
 *
 *   ampctl [list]              every remote: name, state, firmware, its channels and its
 *                              /dev/rpmsg_ctrlN with the endpoints made through it
 *   ampctl channels            every rpmsg channel: remote, name, dst, driver, /dev/rpmsgM
 *   ampctl status [N]          name, state, firmware, recovery, coredump of remoteprocN
 *   ampctl start [N]           write "start" to its state, wait up to 5 s for running
 *   ampctl stop [N]            write "stop" to its state, wait up to 5 s for offline
 *   ampctl firmware [N] NAME   set the firmware file (looked up in /lib/firmware); the
 *                              remote must be offline
 *   ampctl trace [N]           print its trace buffer (trace0 in debugfs, mounted on
 *                              /sys/kernel/debug if it is not yet)
 *   ampctl vrings [N]          its vrings' state (debugfs vrings), each explained
 *   ampctl inspect FILE.elf    a firmware image's segments and resource table, and the
 *                              kernel's verdict on it (tools/inspect/inspect.c); also on
 *                              the build host
 *
 * N is the remoteproc index (0 or remoteproc0; default 0). Everything is plain sysfs and
 * debugfs files: /sys/class/remoteproc, /sys/bus/rpmsg/devices, /sys/class/rpmsg.
 * Exit status: 0 ok, 1 error, 2 usage error.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include "amp-tools.h"
#include "inspect/inspect.h"

#define RPROC_DIR	"/sys/class/remoteproc"
#define RPMSG_BUS	"/sys/bus/rpmsg/devices"
#define RPMSG_CLASS	"/sys/class/rpmsg"
#define DEBUGFS		"/sys/kernel/debug"
#define FW_DIR		"/lib/firmware"
#define MAX_NUMS	256
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* "ampctl: what path: strerror (ENAME)", without the newline so a hint can follow. */
static void perr(const char *what, const char *path, int e)
{
	fprintf(stderr, "ampctl: %s %s: %s (%s)", what, path, strerror(e), errname(e));
}

/* Like read_attr, but "?" when the file cannot be read. */
static const char *attr_or(const char *dir, const char *attr, char *buf, size_t len)
{
	if (read_attr(dir, attr, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

static int write_attr(const char *dir, const char *attr, const char *val)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, e;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	return (size_t)n == strlen(val) ? 0 : -EIO;
}

/* The N of the remoteprocN a sysfs device sits below (.../remoteprocN/...), or -1. */
static int remote_of(const char *path)
{
	char real[PATH_MAX], *p, *end;
	long n;

	if (!realpath(path, real))
		return -1;
	for (p = real; (p = strstr(p, "/remoteproc")); p++) {
		if (!isdigit((unsigned char)p[11]))
			continue;
		n = strtol(p + 11, &end, 10);
		if (*end == '/')
			return n;
	}
	return -1;
}

/* A dst as 0x%x: the channels print 0x%x, the endpoint devices %d. */
static const char *fmt_dst(const char *dir, char *buf, size_t len)
{
	char val[32], *end;
	long long v;

	if (read_attr(dir, "dst", val, sizeof(val)))
		return "?";
	v = strtoll(val, &end, 0);
	if (*end || end == val)
		snprintf(buf, len, "%s", val);
	else
		snprintf(buf, len, "0x%x", (unsigned int)v);
	return buf;
}

/* One channel line: [remote] name dst driver-or-- /dev/rpmsgM-or-- [sysfs name]. */
static void print_channel(const char *chan, const char *indent, int with_remote)
{
	char dir[PATH_MAX], sub[PATH_MAX + 8], link[PATH_MAX], name[64], dst[32], dev[32];
	char remote[32] = "-";
	const char *driver = "-";
	int nums[MAX_NUMS], n;
	ssize_t len;

	snprintf(dir, sizeof(dir), RPMSG_BUS "/%s", chan);
	snprintf(sub, sizeof(sub), "%s/driver", dir);
	len = readlink(sub, link, sizeof(link) - 1);
	if (len > 0) {
		link[len] = '\0';
		driver = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
	}
	snprintf(sub, sizeof(sub), "%s/rpmsg", dir);
	n = scan_nums(sub, "rpmsg", nums, MAX_NUMS);
	snprintf(dev, sizeof(dev), n > 0 ? "/dev/rpmsg%d" : "-", n > 0 ? nums[0] : 0);
	n = remote_of(dir);
	if (n >= 0)
		snprintf(remote, sizeof(remote), "remoteproc%d", n);
	printf("%s", indent);
	if (with_remote)
		printf("%-12s ", remote);
	printf("%-32s %-10s %-14s ", attr_or(dir, "name", name, sizeof(name)),
	       fmt_dst(dir, dst, sizeof(dst)), driver);
	if (with_remote)
		printf("%-13s %s\n", dev, chan);
	else
		printf("%s\n", dev);
}

/*
 * The transport's own channels are not services: the control channel is shown as its
 * /dev/rpmsg_ctrlN, the name service's (rpmsg_ns) not at all.
 */
static int is_service(const struct dirent *d)
{
	return d->d_name[0] != '.' && !strstr(d->d_name, ".rpmsg_ctrl.") &&
	       !strstr(d->d_name, ".rpmsg_ns.");
}

/* The rpmsg channels (bus devices), sorted by name; NULL with errno if none can be read. */
static struct dirent **channels(int *n)
{
	struct dirent **list;

	*n = scandir(RPMSG_BUS, &list, is_service, alphasort);
	return *n < 0 ? NULL : list;
}

static int is_dot(const char *name)
{
	return name[0] == '.';
}

static int remote_exists(int n)
{
	char dir[PATH_MAX];
	int nums[MAX_NUMS], k, i;

	snprintf(dir, sizeof(dir), RPROC_DIR "/remoteproc%d", n);
	if (!access(dir, F_OK))
		return 1;
	fprintf(stderr, "ampctl: no remote remoteproc%d; remotes:", n);
	k = scan_nums(RPROC_DIR, "remoteproc", nums, MAX_NUMS);
	for (i = 0; i < k; i++)
		fprintf(stderr, " remoteproc%d", nums[i]);
	fprintf(stderr, "%s\n", k > 0 ? "" : k < 0 ? " none (no " RPROC_DIR ")" : " none");
	return 0;
}

static int cmd_list(void)
{
	char dir[PATH_MAX], cdir[PATH_MAX + 32], ename[64], edst[32], buf[3][256];
	int nums[MAX_NUMS], ctrls[MAX_NUMS], eps[MAX_NUMS], n, nc, ne, nch, i, j, k, count;
	struct dirent **chan;

	n = scan_nums(RPROC_DIR, "remoteproc", nums, MAX_NUMS);
	if (n < 0) {
		perr("list", RPROC_DIR, -n);
		fprintf(stderr, "; is remoteproc loaded?\n");
		return 1;
	}
	if (!n)
		printf("no remotes in " RPROC_DIR "\n");
	chan = channels(&nch);
	nc = scan_nums(RPMSG_CLASS, "rpmsg_ctrl", ctrls, MAX_NUMS);
	for (i = 0; i < n; i++) {
		snprintf(dir, sizeof(dir), RPROC_DIR "/remoteproc%d", nums[i]);
		for (count = 0, j = 0; j < nch; j++) {
			snprintf(cdir, sizeof(cdir), RPMSG_BUS "/%s", chan[j]->d_name);
			count += !is_dot(chan[j]->d_name) && remote_of(cdir) == nums[i];
		}
		printf("remoteproc%d  name=%s  state=%s  firmware=%s  channels=%d\n", nums[i],
		       attr_or(dir, "name", buf[0], sizeof(buf[0])),
		       attr_or(dir, "state", buf[1], sizeof(buf[1])),
		       attr_or(dir, "firmware", buf[2], sizeof(buf[2])), count);
		for (j = 0; j < nch; j++) {
			snprintf(cdir, sizeof(cdir), RPMSG_BUS "/%s", chan[j]->d_name);
			if (!is_dot(chan[j]->d_name) && remote_of(cdir) == nums[i])
				print_channel(chan[j]->d_name, "    ", 0);
		}
		for (j = 0; j < nc; j++) {
			snprintf(cdir, sizeof(cdir), RPMSG_CLASS "/rpmsg_ctrl%d", ctrls[j]);
			if (remote_of(cdir) != nums[i])
				continue;
			ne = scan_nums(cdir, "rpmsg", eps, MAX_NUMS);
			printf("    /dev/rpmsg_ctrl%d: %d endpoint%s created through it\n",
			       ctrls[j], ne > 0 ? ne : 0, ne == 1 ? "" : "s");
			for (k = 0; k < ne; k++) {
				snprintf(cdir, sizeof(cdir), RPMSG_CLASS "/rpmsg%d", eps[k]);
				printf("      /dev/rpmsg%-5d %-32s %s\n", eps[k],
				       attr_or(cdir, "name", ename, sizeof(ename)),
				       fmt_dst(cdir, edst, sizeof(edst)));
			}
		}
	}
	for (j = 0; j < nch; j++)
		free(chan[j]);
	free(chan);
	return 0;
}

static int cmd_channels(void)
{
	struct dirent **chan;
	int n, i, shown = 0;

	chan = channels(&n);
	if (!chan) {
		perr("channels", RPMSG_BUS, errno);
		fprintf(stderr, "; is rpmsg loaded?\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (is_dot(chan[i]->d_name))
			continue;
		if (!shown++)
			printf("%-12s %-32s %-10s %-14s %-13s %s\n", "REMOTE", "NAME", "DST",
			       "DRIVER", "DEVICE", "CHANNEL");
		print_channel(chan[i]->d_name, "", 1);
	}
	if (!shown)
		printf("no rpmsg channels in " RPMSG_BUS "\n");
	for (i = 0; i < n; i++)
		free(chan[i]);
	free(chan);
	return 0;
}

static int cmd_status(int n)
{
	static const char *const attrs[] = { "name", "state", "firmware", "recovery", "coredump" };
	char dir[PATH_MAX], val[256];
	size_t i;

	snprintf(dir, sizeof(dir), RPROC_DIR "/remoteproc%d", n);
	printf("remoteproc%d\n", n);
	for (i = 0; i < ARRAY_SIZE(attrs); i++)
		if (!read_attr(dir, attrs[i], val, sizeof(val)))
			printf("  %-9s %s\n", attrs[i], val);
	return 0;
}

/* Write start or stop to the state, then wait up to 5 s for running or offline. */
static int cmd_startstop(int n, const char *cmd)
{
	int start = !strcmp(cmd, "start"), ret, i;
	char dir[PATH_MAX], rp[32], state[64], fw[256];

	snprintf(dir, sizeof(dir), RPROC_DIR "/remoteproc%d", n);
	snprintf(rp, sizeof(rp), "remoteproc%d", n);
	ret = write_attr(dir, "state", cmd);
	if (ret) {
		perr(cmd, rp, -ret);
		if (ret == -ENOENT && start)
			fprintf(stderr, ": firmware '%s' not found in " FW_DIR,
				attr_or(dir, "firmware", fw, sizeof(fw)));
		fprintf(stderr, " (state: %s)\n", attr_or(dir, "state", state, sizeof(state)));
		return 1;
	}
	for (i = 0; i <= 100; i++) {
		attr_or(dir, "state", state, sizeof(state));
		/* a start of a detached remote attaches to it instead of booting it */
		if (start ? !strcmp(state, "running") || !strcmp(state, "attached") :
			    !strcmp(state, "offline")) {
			printf("%s: %s\n", rp, state);
			return 0;
		}
		if (i < 100)
			nanosleep(&(struct timespec){ 0, 50000000 }, NULL);
	}
	perr(cmd, rp, ETIMEDOUT);
	fprintf(stderr, ": state still '%s' after 5 s, want '%s'\n", state,
		start ? "running" : "offline");
	return 1;
}

static int cmd_firmware(int n, const char *name)
{
	char dir[PATH_MAX], rp[32], val[256], path[PATH_MAX];
	int ret;

	snprintf(dir, sizeof(dir), RPROC_DIR "/remoteproc%d", n);
	snprintf(rp, sizeof(rp), "remoteproc%d", n);
	ret = write_attr(dir, "firmware", name);
	if (ret) {
		perr("firmware", rp, -ret);
		if (ret == -EBUSY)
			fprintf(stderr, ": the remote must be offline (state: %s); "
				"stop it first: ampctl stop %d", attr_or(dir, "state", val,
									sizeof(val)), n);
		fprintf(stderr, "\n");
		return 1;
	}
	printf("%s: firmware=%s\n", rp, attr_or(dir, "firmware", val, sizeof(val)));
	snprintf(path, sizeof(path), FW_DIR "/%s", name);
	if (access(path, F_OK))
		fprintf(stderr, "ampctl: note: %s does not exist; start will fail with ENOENT\n",
			path);
	return 0;
}

/* debugfs on DEBUGFS, mounted if it is not: 0, or 1 with the reason printed */
static int mount_debugfs(void)
{
	struct statfs sfs;

	if (!statfs(DEBUGFS, &sfs) && sfs.f_type == DEBUGFS_MAGIC)
		return 0;
	if (mount("none", DEBUGFS, "debugfs", 0, NULL)) {
		perr("mount -t debugfs none", DEBUGFS, errno);
		fprintf(stderr, "\n");
		return 1;
	}
	fprintf(stderr, "ampctl: mounted debugfs on " DEBUGFS "\n");
	return 0;
}

/* The unsigned value of KEY=... in the words of LINE, or -1. */
static long long kv(const char *line, const char *key)
{
	size_t k = strlen(key);
	const char *p;

	for (p = line; (p = strstr(p, key)); p += k)
		if ((p == line || p[-1] == ' ') && p[k] == '=')
			return strtoll(p + k + 1, NULL, 0);
	return -1;
}

/* What a vring's state means, for the one who has to find out why nothing moves. */
static void explain_vring(const char *line)
{
	long long num = kv(line, "num"), out = kv(line, "out"), seen = kv(line, "used_seen");
	long long remote = kv(line, "remote_used"), kicks = kv(line, "kicks");
	long long irqs = kv(line, "interrupts");
	int tx = strstr(line, " name=output ") != NULL, rx = strstr(line, " name=input ") != NULL;
	int behind = (int)((remote - seen) & 0xffff);

	if (num < 0 || out < 0)
		return;
	if (kv(line, "dead") == 1) {
		printf("  -> broken: the remote broke this ring's protocol; nothing more is read from it (see dmesg)\n");
		return;
	}
	if (behind)
		printf("  -> the remote returned %d buffer(s) the host has not collected: no doorbell reached the host since (%lld taken): check the remote's doorbell to Linux\n",
		       behind, irqs);
	if (tx && out == num)
		printf("  -> all %lld tx buffers are in the remote's hands: it is not returning them; check that it runs and gets its doorbell (%lld kicks sent)\n",
		       num, kicks);
	else if (tx && out)
		printf("  -> %lld of %lld tx buffers are with the remote\n", out, num);
	else if (tx)
		printf("  -> idle: every tx buffer is back\n");
	if (rx && out == 0)
		printf("  -> the remote holds no rx buffer to send into: the host has not given them back (a reader that does not read?)\n");
	else if (rx)
		printf("  -> the remote holds %lld of %lld rx buffers to send into\n", out, num);
}

/* debugfs vrings, each vring explained. */
static int cmd_vrings(int n)
{
	char path[PATH_MAX], line[512];
	int lines = 0;
	FILE *f;

	if (mount_debugfs())
		return 1;
	snprintf(path, sizeof(path), DEBUGFS "/remoteproc/remoteproc%d/vrings", n);
	f = fopen(path, "re");
	if (!f) {
		perr("vrings", path, errno);
		fprintf(stderr, "\n");
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		fputs(line, stdout);
		lines++;
		if (!strncmp(line, "vring ", 6))
			explain_vring(line);
	}
	fclose(f);
	if (!lines)
		printf("remoteproc%d: no vdev (the remote is not running, or its table has none)\n", n);
	return 0;
}

static int cmd_trace(int n)
{
	char path[PATH_MAX], dir[PATH_MAX], state[64], buf[4096];
	ssize_t len;
	int fd, e;

	if (mount_debugfs())
		return 1;
	snprintf(path, sizeof(path), DEBUGFS "/remoteproc/remoteproc%d/trace0", n);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(dir, sizeof(dir), RPROC_DIR "/remoteproc%d", n);
		e = errno;
		perr("trace", path, e);
		attr_or(dir, "state", state, sizeof(state));
		if (e == ENOENT && strcmp(state, "running"))
			fprintf(stderr, ": no trace buffer: remoteproc%d was never started "
				"(state: %s)", n, state);
		else if (e == ENOENT)
			fprintf(stderr, ": no trace buffer: the firmware of the running "
				"remoteproc%d has no trace resource", n);
		fprintf(stderr, "\n");
		return 1;
	}
	while ((len = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, len, stdout);
	e = errno;
	if (len < 0) {
		perr("read", path, e);
		fprintf(stderr, "\n");
	}
	close(fd);
	return len < 0;
}

static int usage(FILE *f)
{
	fprintf(f,
		"usage: ampctl [COMMAND [N] [ARG]]\n"
		"Show and drive remote processors and their rpmsg channels through sysfs.\n"
		"\n"
		"Commands:\n"
		"  list            every remote: name, state, firmware, its rpmsg channels and its\n"
		"                  /dev/rpmsg_ctrlN with the endpoints made through it (default)\n"
		"  channels        every rpmsg channel: remote, name, dst, driver, /dev/rpmsgM\n"
		"  status [N]      name, state, firmware, recovery and coredump mode of remote N\n"
		"  start [N]       write \"start\" to its state; wait up to 5 s for \"running\"\n"
		"  stop [N]        write \"stop\" to its state; wait up to 5 s for \"offline\"\n"
		"  firmware [N] NAME\n"
		"                  set the firmware file (under /lib/firmware); the remote must\n"
		"                  be offline\n"
		"  trace [N]       print its trace buffer (debugfs trace0; mounts debugfs on\n"
		"                  /sys/kernel/debug if it is not)\n"
		"  vrings [N]      each vring of its vdevs (debugfs vrings): buffers in the\n"
		"                  remote's hands, indices, kicks, doorbells taken, faults, and\n"
		"                  what they mean when nothing moves\n"
		"  inspect FILE.elf\n"
		"                  a firmware image: its segments, its resource table entry by\n"
		"                  entry, and the kernel's verdict with the kernel's messages\n"
		"                  (ampctl inspect --help); needs no remote, runs on the host too\n"
		"  help, -h, --help\n"
		"                  this text\n"
		"\n"
		"N: remote index, 0 or remoteproc0 (default 0).\n"
		"Files: /sys/class/remoteproc, /sys/bus/rpmsg/devices, /sys/class/rpmsg,\n"
		"/sys/kernel/debug/remoteproc.\n"
		"Errors print the kernel's errno name (e.g. EBUSY for a start of a running remote).\n"
		"Exit status: 0 ok, 1 error, 2 usage error.\n");
	return f == stdout ? 0 : 2;
}

/* N or remoteprocN. */
static int parse_index(const char *s, int *n)
{
	char *end;
	long v;

	if (!strncmp(s, "remoteproc", 10))
		s += 10;
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v > 9999)
		return -1;
	*n = v;
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "list";
	int args = argc > 1 ? argc - 2 : 0, n = 0;

	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help"))
		return usage(stdout);
	if (!strcmp(cmd, "list") || !strcmp(cmd, "channels")) {
		if (args)
			return usage(stderr);
		return cmd[0] == 'l' ? cmd_list() : cmd_channels();
	}
	if (!strcmp(cmd, "inspect"))
		return ampctl_inspect(argc - 1, argv + 1);
	if (!strcmp(cmd, "firmware")) {
		if (args < 1 || args > 2 || (args == 2 && parse_index(argv[2], &n)) ||
		    !*argv[argc - 1])
			return usage(stderr);
		return remote_exists(n) ? cmd_firmware(n, argv[argc - 1]) : 1;
	}
	if (strcmp(cmd, "status") && strcmp(cmd, "start") && strcmp(cmd, "stop") &&
	    strcmp(cmd, "trace") && strcmp(cmd, "vrings")) {
		fprintf(stderr, "ampctl: unknown command '%s'\n", cmd);
		return usage(stderr);
	}
	if (args > 1 || (args == 1 && parse_index(argv[2], &n)))
		return usage(stderr);
	if (!remote_exists(n))
		return 1;
	if (!strcmp(cmd, "status"))
		return cmd_status(n);
	if (!strcmp(cmd, "trace"))
		return cmd_trace(n);
	if (!strcmp(cmd, "vrings"))
		return cmd_vrings(n);
	return cmd_startstop(n, cmd);
}
