// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-stress: drive /dev/rpmsg_ctrlN and /dev/rpmsgM as programs do, and at the edges.
 * Each subcommand creates its endpoints through CTRL (src ANY) and destroys them at the end;
 * it prints "rpmsg-stress SUBCMD: PASS (details)" and exits 0, or prints what failed
 * ("rpmsg-stress SUBCMD: what: strerror (ENAME)") and exits 1. An alarm() watchdog bounds
 * every run ("timed out", exit 1). Bad usage exits 2.
 *
 *   nonblock CTRL           echo endpoint (0x402), O_NONBLOCK: read on empty is EAGAIN, POLLOUT
 *                           at first; amp-bench pauses (so the firmware takes nothing), and
 *                           64-byte writes without reading get EAGAIN within a ring's worth;
 *                           then each message sent comes back intact and in order or is
 *                           counted in rx_dropped, POLLOUT returns, and so does the 'P' reply
 *   pollio CTRL             blocking: poll(POLLIN) on empty times out; after a write, POLLIN
 *                           (with POLLOUT) within 2 s and the echo reads back intact
 *   emsgsize CTRL           496 bytes echo; 497 and 4096 are EMSGSIZE; a 10-byte read of a
 *                           100-byte message returns 10 bytes, the next read the next message
 *   stopped CTRL STATEFILE  echo once, write "stop" to STATEFILE (remoteprocN/state); then
 *                           poll reports POLLERR within 1 s, read and write are EPIPE, a new
 *                           open of the file and RPMSG_CREATE_EPT_IOCTL on the ctrl fd (kept
 *                           open across the stop) are ENETRESET. The remote stays stopped.
 *   close-queued CTRL N     N rounds: 16 echoes queued unread, then alternately close and
 *                           destroy through a new open, or RPMSG_DESTROY_EPT_IOCTL with them
 *                           queued (write EPIPE, reads drain them then EPIPE) and close; the
 *                           endpoint must leave sysfs and /dev
 *   race CTRL SECONDS       a thread creates "stress-N" endpoints (0x402) and destroys some;
 *                           three open random /dev/rpmsgM, write ('S': echoed, or sunk by
 *                           amp-bench), poll, read, sometimes destroy, close. Only errors a
 *                           race explains are tolerated; the stress-* left are destroyed.
 *   createdev CTRL          RPMSG_CREATE_DEV_IOCTL rpmsg-raw 0x500 -> 0x401 echoes through
 *                           its /dev/rpmsgM, EEXIST twice, releases; a channel named
 *                           rpmsg_ctrl makes no second /dev/rpmsg_ctrlN, and its release
 *                           (and the control channel's, EINVAL) does not hang
 *   flood CTRL COUNT QMAX   amp-bench (0x403), rx_queue_max = QMAX, stream COUNT 496-byte
 *                           messages unread: rx_queued never exceeds QMAX, queued + dropped
 *                           reach COUNT + 1 (the 'D'), rx_dropped > 0 if COUNT > QMAX; then
 *                           all queued read back intact, sequence numbers increasing
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <linux/rpmsg.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "../../tools/amp-tools.h"

#define MTU		496
#define ECHO_NAME	"rpmsg-openamp-demo-channel"
#define ECHO_ADDR	0x402
#define BENCH_NAME	"amp-bench"
#define BENCH_ADDR	0x403
#define MAX_EPTS	1024
#define TX_BUFS		256	/* the host's TX buffers: the firmware's ring size */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *cmd = "";
static char ctrl_sys[128];		/* /sys/class/rpmsg/rpmsg_ctrlN */
static char alarm_msg[64];

/* Print "rpmsg-stress CMD: <fmt>[: strerror (ENAME)]" (no errno part if @err is 0), exit 1. */
static void __attribute__((noreturn, format(printf, 2, 3))) die(int err, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err)
		fprintf(stderr, "rpmsg-stress %s: %s: %s (%s)\n", cmd, msg, strerror(err),
			errname(err));
	else
		fprintf(stderr, "rpmsg-stress %s: %s\n", cmd, msg);
	exit(1);
}

/* @ret and errno of a call @what that must fail with @want */
static void expect_err(long ret, int want, const char *what)
{
	int err = errno;

	if (ret >= 0)
		die(0, "%s: returned %ld, wanted %s", what, ret, errname(want));
	if (err != want)
		die(0, "%s: %s (%s), wanted %s", what, strerror(err), errname(err), errname(want));
}

static void on_alarm(int sig)
{
	(void)sig;
	if (write(2, alarm_msg, strlen(alarm_msg)) < 0)
		_exit(1);
	_exit(1);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static unsigned long parse_num(const char *s)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end)
		die(0, "bad number '%s'", s);
	return v;
}

/* ---- messages: u32 seq (LE), then byte i = (seq + i) & 0xff, as amp-bench streams ---- */

static uint32_t get_le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void fill(unsigned char *p, size_t len, uint32_t seq)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = i < 4 ? seq >> (8 * i) : seq + i;
}

static bool check(const unsigned char *p, size_t len, uint32_t seq)
{
	size_t i;

	if (len < 4 || get_le32(p) != seq)
		return false;
	for (i = 4; i < len; i++)
		if (p[i] != (unsigned char)(seq + i))
			return false;
	return true;
}

/* ---- endpoints: /sys/class/rpmsg/rpmsg_ctrlN/rpmsgM/ and /dev/rpmsgM ---- */

static void sys_path(char *buf, int m, const char *attr)
{
	snprintf(buf, 256, "%s/rpmsg%d/%s", ctrl_sys, m, attr);
}

static void dev_path(char *buf, int m)
{
	snprintf(buf, 256, "/dev/rpmsg%d", m);
}

/* The M of each rpmsgM under ctrl_sys, ascending (none if it cannot be read) */
static int ept_list(int *nums, int max)
{
	int n = scan_nums(ctrl_sys, "rpmsg", nums, max);

	return n < 0 ? 0 : n;
}

/* Read attribute @attr of endpoint @m into @buf, newline stripped: 0 or -errno. */
static int sys_read(int m, const char *attr, char *buf, size_t len)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/rpmsg%d", ctrl_sys, m);
	return read_attr(dir, attr, buf, len);
}

static long sys_long(int m, const char *attr)
{
	char buf[64], *end;
	long v;
	int r;

	r = sys_read(m, attr, buf, sizeof(buf));
	if (r)
		die(-r, "read rpmsg%d/%s", m, attr);
	v = strtol(buf, &end, 0);
	if (end == buf || *end)
		die(0, "rpmsg%d/%s reads '%s', not a number", m, attr, buf);
	return v;
}

/*
 * Create an endpoint @name -> @dst (src ANY) through @ctrlfd and find its M: a new rpmsgM
 * under ctrl_sys with that name and dst (if @unique, the name alone identifies it, even
 * with an M that was in use before). Wait up to 2 s for /dev/rpmsgM. Returns M or -errno.
 */
static int ept_create(int ctrlfd, const char *name, uint32_t dst, bool unique)
{
	static __thread int before[MAX_EPTS], after[MAX_EPTS];
	struct rpmsg_endpoint_info info = { .src = RPMSG_ADDR_ANY, .dst = dst };
	char buf[64], dev[256], dir[256];
	int nb, na, i, j, t;

	strncpy(info.name, name, sizeof(info.name) - 1);
	nb = unique ? 0 : ept_list(before, MAX_EPTS);
	if (ioctl(ctrlfd, RPMSG_CREATE_EPT_IOCTL, &info))
		return -errno;
	for (t = 0; t < 200; t++, usleep(10000)) {
		na = ept_list(after, MAX_EPTS);
		for (i = 0; i < na; i++) {
			for (j = 0; j < nb && before[j] != after[i]; j++)
				;
			if (j < nb || sys_read(after[i], "name", buf, sizeof(buf)) ||
			    strcmp(buf, name) || sys_read(after[i], "dst", buf, sizeof(buf)) ||
			    strtol(buf, NULL, 0) != (int32_t)dst)
				continue;
			dev_path(dev, after[i]);
			sys_path(dir, after[i], "");
			for (; t < 200; t++, usleep(10000)) {
				if (!access(dev, F_OK))
					return after[i];
				if (access(dir, F_OK))
					return -ENOENT;	/* destroyed meanwhile */
			}
			return -ETIMEDOUT;
		}
	}
	return -ENOENT;
}

/* Create an endpoint, open it with @flags into @fd; return its M. */
static int ept_new(int ctrlfd, const char *name, uint32_t dst, int flags, int *fd)
{
	char path[256];
	int m;

	m = ept_create(ctrlfd, name, dst, false);
	if (m < 0)
		die(-m, "create endpoint %s -> %#x", name, dst);
	dev_path(path, m);
	*fd = open(path, flags);
	if (*fd < 0)
		die(errno, "open %s", path);
	return m;
}

/* Destroy endpoint @m through a new open of its device: 0 or -errno. */
static int ept_destroy(int m)
{
	char path[256];
	int fd, r = 0;

	dev_path(path, m);
	fd = open(path, O_RDWR | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, RPMSG_DESTROY_EPT_IOCTL))
		r = -errno;
	close(fd);
	return r;
}

/* Endpoint @m must leave sysfs and /dev within 2 s. */
static void ept_gone(int m)
{
	char dir[256], dev[256];
	int t;

	sys_path(dir, m, "");
	dev_path(dev, m);
	for (t = 0; !access(dir, F_OK) || !access(dev, F_OK); t++, usleep(10000))
		if (t == 200)
			die(0, "rpmsg%d still in sysfs or /dev 2 s after its destruction", m);
}

static void ept_remove(int m)
{
	int r = ept_destroy(m);

	if (r)
		die(-r, "destroy rpmsg%d", m);
	ept_gone(m);
}

/* ---- i/o with bounded waits ---- */

static short poll1(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r = poll(&p, 1, ms);

	if (r < 0)
		die(errno, "poll");
	return r ? p.revents : 0;
}

static void send_msg(int fd, const void *buf, size_t len, const char *what)
{
	ssize_t n;

	if (!(poll1(fd, POLLOUT, 2000) & POLLOUT))
		die(0, "%s: no POLLOUT within 2 s", what);
	n = write(fd, buf, len);
	if (n != (ssize_t)len)
		die(n < 0 ? errno : 0, "%s: write of %zu bytes returned %zd", what, len, n);
}

static ssize_t recv_msg(int fd, void *buf, size_t size, const char *what)
{
	ssize_t n;

	if (!(poll1(fd, POLLIN, 2000) & POLLIN))
		die(0, "%s: nothing to read within 2 s", what);
	n = read(fd, buf, size);
	if (n < 0)
		die(errno, "%s: read", what);
	return n;
}

static void echo_once(int fd, size_t len, uint32_t seq, const char *what)
{
	unsigned char out[MTU], in[MTU + 16];
	ssize_t n;

	fill(out, len, seq);
	send_msg(fd, out, len, what);
	n = recv_msg(fd, in, sizeof(in), what);
	if (n != (ssize_t)len || !check(in, n, seq))
		die(0, "%s: %zu bytes, seq %u echoed as %zd bytes, seq %u", what, len, seq, n,
		    n >= 4 ? get_le32(in) : 0);
}

/* ---- subcommands: @arg holds the arguments after CTRL ---- */

static void do_nonblock(int ctrlfd, char **arg)
{
	uint32_t sent, seq, next = 0, echoed = 0;
	long dropped, drop0, deadline;
	unsigned char buf[MTU];
	/* 'P', u32 ms (LE): long enough for a debug kernel's writes, short for the test */
	static const unsigned char pause[5] = { 'P', 0xd0, 0x07 };	/* 2000 ms */
	ssize_t n = 0;
	int m, fd, mb, fdb;

	(void)arg;
	m = ept_new(ctrlfd, ECHO_NAME, ECHO_ADDR, O_RDWR | O_NONBLOCK, &fd);
	mb = ept_new(ctrlfd, BENCH_NAME, BENCH_ADDR, O_RDWR, &fdb);
	drop0 = sys_long(m, "rx_dropped");
	expect_err(read(fd, buf, sizeof(buf)), EAGAIN, "read on an empty endpoint");
	if (!(poll1(fd, POLLOUT, 0) & POLLOUT))
		die(0, "no POLLOUT on a fresh endpoint");
	/*
	 * The firmware takes messages in ring order, so nothing written after the pause
	 * request is taken before the pause ends: the ring must fill, whatever the speeds.
	 */
	send_msg(fdb, pause, sizeof(pause), "amp-bench pause");
	for (sent = 0; sent <= TX_BUFS; sent++) {
		fill(buf, 64, sent);
		n = write(fd, buf, 64);
		if (n != 64)
			break;
	}
	if (n == 64)
		die(0, "no EAGAIN within %u writes, the firmware paused", sent);
	if (n >= 0 || errno != EAGAIN)
		die(n < 0 ? errno : 0, "write %u returned %zd, wanted 64 or EAGAIN", sent, n);
	for (deadline = now_ms() + 30000;;) {
		while ((n = read(fd, buf, sizeof(buf))) >= 0) {
			seq = n >= 4 ? get_le32(buf) : 0;
			if (n != 64 || seq < next || seq >= sent || !check(buf, n, seq))
				die(0, "echo %u: %zd bytes, seq %u; wanted 64 bytes, seq %u..%u",
				    echoed, n, seq, next, sent - 1);
			next = seq + 1;
			echoed++;
		}
		if (errno != EAGAIN)
			die(errno, "read after %u echoes", echoed);
		dropped = sys_long(m, "rx_dropped") - drop0;
		if (echoed + dropped > sent || now_ms() > deadline)
			die(0, "sent %u, echoed %u, dropped %ld%s", sent, echoed, dropped,
			    echoed + dropped > sent ? "" : ": unaccounted or no POLLOUT at 30 s");
		if (echoed + dropped == sent && (poll1(fd, POLLOUT, 0) & POLLOUT))
			break;
		poll1(fd, echoed + dropped == sent ? POLLOUT : POLLIN, 100);
	}
	n = recv_msg(fdb, buf, sizeof(buf), "amp-bench pause reply");
	if (n != 1 || buf[0] != 'P')
		die(0, "amp-bench pause: reply of %zd bytes, '%c'; wanted 'P'", n,
		    n > 0 ? buf[0] : ' ');
	close(fdb);
	ept_remove(mb);
	close(fd);
	ept_remove(m);
	printf("rpmsg-stress nonblock: PASS (sent %u before EAGAIN, echoed %u, dropped %ld)\n",
	       sent, echoed, dropped);
}

static void do_pollio(int ctrlfd, char **arg)
{
	unsigned char buf[MTU];
	long t0, ms;
	short rev;
	ssize_t n;
	int m, fd;

	(void)arg;
	m = ept_new(ctrlfd, ECHO_NAME, ECHO_ADDR, O_RDWR, &fd);
	rev = poll1(fd, POLLIN, 100);
	if (rev)
		die(0, "poll(POLLIN) on an empty endpoint reports %#x", rev);
	fill(buf, 64, 1);
	send_msg(fd, buf, 64, "write");
	/* POLLOUT alone returns at once: look again until POLLIN shows up */
	for (t0 = now_ms(); !((rev = poll1(fd, POLLIN | POLLOUT, 2000)) & POLLIN); usleep(5000))
		if (now_ms() - t0 >= 2000)
			die(0, "no POLLIN within 2 s of the write (revents %#x)", rev);
	ms = now_ms() - t0;
	if (!(rev & POLLOUT))
		die(0, "POLLIN without POLLOUT (revents %#x)", rev);
	n = read(fd, buf, sizeof(buf));
	if (n != 64 || !check(buf, n, 1))
		die(n < 0 ? errno : 0, "read of the echo returned %zd bytes, seq %u", n,
		    n >= 4 ? get_le32(buf) : 0);
	rev = poll1(fd, POLLIN, 100);
	if (rev)
		die(0, "poll(POLLIN) after reading the only echo reports %#x", rev);
	close(fd);
	ept_remove(m);
	printf("rpmsg-stress pollio: PASS (echo readable after %ld ms)\n", ms);
}

static void do_emsgsize(int ctrlfd, char **arg)
{
	unsigned char big[4096], a[100], in[MTU + 16];
	ssize_t n;
	short rev;
	int m, fd;

	(void)arg;
	m = ept_new(ctrlfd, ECHO_NAME, ECHO_ADDR, O_RDWR, &fd);
	echo_once(fd, MTU, 7, "echo of 496 bytes");
	fill(big, sizeof(big), 8);
	expect_err(write(fd, big, MTU + 1), EMSGSIZE, "write of 497 bytes");
	expect_err(write(fd, big, sizeof(big)), EMSGSIZE, "write of 4096 bytes");
	fill(a, sizeof(a), 100);
	send_msg(fd, a, sizeof(a), "first 100-byte message");
	fill(big, sizeof(a), 101);
	send_msg(fd, big, sizeof(a), "second 100-byte message");
	n = recv_msg(fd, in, 10, "10-byte read");
	if (n != 10 || memcmp(in, a, 10))
		die(0, "10-byte read of a 100-byte echo returned %zd bytes%s", n,
		    n == 10 ? " not matching its start" : "");
	n = recv_msg(fd, in, sizeof(in), "read after the truncated one");
	if (n != sizeof(a) || !check(in, n, 101))
		die(0, "read after the truncated one: %zd bytes, seq %u, wanted the next message",
		    n, n >= 4 ? get_le32(in) : 0);
	rev = poll1(fd, POLLIN, 100);
	if (rev)
		die(0, "poll(POLLIN) after both echoes reports %#x", rev);
	close(fd);
	ept_remove(m);
	printf("rpmsg-stress emsgsize: PASS (496 echoed, 497 and 4096 EMSGSIZE, read truncates)\n");
}

static void do_stopped(int ctrlfd, char **arg)
{
	struct rpmsg_endpoint_info info = { ECHO_NAME, RPMSG_ADDR_ANY, ECHO_ADDR };
	char buf[MTU], self[64];
	int fd, sfd;
	short rev;

	ept_new(ctrlfd, ECHO_NAME, ECHO_ADDR, O_RDWR, &fd);
	echo_once(fd, 64, 1, "echo before the stop");
	sfd = open(arg[0], O_WRONLY);
	if (sfd < 0 || write(sfd, "stop", 4) != 4)
		die(errno, "write stop to %s", arg[0]);
	close(sfd);
	/* poll first: its bounded wait covers a teardown that would lag the write */
	rev = poll1(fd, POLLIN, 1000);
	if (!(rev & POLLERR))
		die(0, "poll after the stop: revents %#x within 1 s, wanted POLLERR", rev);
	expect_err(read(fd, buf, sizeof(buf)), EPIPE, "read after the stop");
	expect_err(write(fd, buf, 64), EPIPE, "write after the stop");
	rev = poll1(fd, POLLIN | POLLOUT, 0);
	if (!(rev & POLLERR))
		die(0, "second poll after the stop: revents %#x, wanted POLLERR", rev);
	snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
	expect_err(open(self, O_RDWR), ENETRESET, "new open of the endpoint after the stop");
	expect_err(ioctl(ctrlfd, RPMSG_CREATE_EPT_IOCTL, &info), ENETRESET,
		   "RPMSG_CREATE_EPT_IOCTL after the stop");
	close(fd);
	printf("rpmsg-stress stopped: PASS (POLLERR, EPIPE, ENETRESET on open and create)\n");
}

static void do_close_queued(int ctrlfd, char **arg)
{
	unsigned long r, rounds = parse_num(arg[0]);
	unsigned char buf[MTU];
	long want, t0;
	int m, fd, i;
	ssize_t n;

	alarm(120 + 10 * rounds);
	for (r = 0; r < rounds; r++) {
		m = ept_new(ctrlfd, ECHO_NAME, ECHO_ADDR, O_RDWR, &fd);
		want = sys_long(m, "rx_queue_max");
		want = want < 16 ? want : 16;
		for (i = 0; i < 16; i++) {
			fill(buf, 64, i);
			send_msg(fd, buf, 64, "send");
		}
		for (t0 = now_ms(); sys_long(m, "rx_queued") < want; usleep(10000))
			if (now_ms() - t0 > 5000)
				die(0, "round %lu: rx_queued %ld after 5 s, wanted %ld", r,
				    sys_long(m, "rx_queued"), want);
		if (r % 2 == 0) {
			close(fd);
			ept_remove(m);
			continue;
		}
		if (ioctl(fd, RPMSG_DESTROY_EPT_IOCTL))
			die(errno, "round %lu: RPMSG_DESTROY_EPT_IOCTL with messages queued", r);
		expect_err(write(fd, buf, 64), EPIPE, "write after the destruction");
		/* what was queued may still be read; then EPIPE */
		for (i = 0; (n = read(fd, buf, sizeof(buf))) >= 0; i++)
			if (i == 16 || n != 64)
				die(0, "round %lu: read %d after the destruction returned %zd",
				    r, i, n);
		expect_err(n, EPIPE, "read after the destruction");
		close(fd);
		ept_gone(m);
	}
	printf("rpmsg-stress close-queued: PASS (%lu rounds, 16 messages queued at each close)\n",
	       rounds);
}

/* ---- race ---- */

enum { CREATES, DESTROYS, OPENS, WRITES, READS, ERRORS, NSTATS };

struct race {
	pthread_t tid;
	unsigned int seed;
	int ctrlfd;
	unsigned long n[NSTATS];
};

static atomic_bool race_stop;

/* true if @ret is a success; failures a race explains are counted, any other is fatal */
static bool race_ok(struct race *t, long ret, const char *what)
{
	static const int ok[] = { ENOENT, ENXIO, ENODEV, EBUSY, ENETRESET, EPIPE, EAGAIN,
				  EINVAL, EINTR };
	int err = errno;
	size_t i;

	if (ret >= 0)
		return true;
	for (i = 0; i < ARRAY_SIZE(ok); i++)
		if (err == ok[i]) {
			t->n[ERRORS]++;
			return false;
		}
	die(err, "race: %s", what);
}

static void *race_creator(void *arg)
{
	struct race *t = arg;
	int r, m, nums[MAX_EPTS];
	char name[32];
	unsigned int i;

	for (i = 0; !atomic_load(&race_stop); i++) {
		snprintf(name, sizeof(name), "stress-%u", i);
		m = ept_create(t->ctrlfd, name, ECHO_ADDR, true);
		if (m == -ETIMEDOUT)
			die(ETIMEDOUT, "race: %s in sysfs, not in /dev after 2 s", name);
		errno = -m;
		if (!race_ok(t, m, "create endpoint"))
			continue;
		t->n[CREATES]++;
		/* leave about half for the others, but not too many */
		if (rand_r(&t->seed) % 2 && ept_list(nums, MAX_EPTS) < 32)
			continue;
		errno = -(r = ept_destroy(m));
		t->n[DESTROYS] += race_ok(t, r, "destroy a new endpoint");
	}
	return NULL;
}

static void *race_worker(void *arg)
{
	struct race *t = arg;
	unsigned char buf[MTU];
	int fd, flags;
	ssize_t n;
	glob_t g;

	memset(buf, 'S', sizeof(buf));	/* echoed by an echo service, sunk by amp-bench */
	while (!atomic_load(&race_stop)) {
		if (glob("/dev/rpmsg[0-9]*", 0, NULL, &g)) {
			usleep(1000);
			continue;
		}
		flags = O_RDWR | (rand_r(&t->seed) % 2 ? O_NONBLOCK : 0);
		fd = open(g.gl_pathv[rand_r(&t->seed) % g.gl_pathc], flags);
		globfree(&g);
		if (!race_ok(t, fd, "open"))
			continue;
		t->n[OPENS]++;
		if ((flags & O_NONBLOCK) || (poll1(fd, POLLOUT, 20) & POLLOUT))
			t->n[WRITES] += race_ok(t, write(fd, buf, 32), "write");
		if (poll1(fd, POLLIN, rand_r(&t->seed) % 20) & (POLLIN | POLLERR)) {
			n = read(fd, buf, sizeof(buf));
			t->n[READS] += race_ok(t, n, "read");
		}
		if (rand_r(&t->seed) % 8 == 0)
			t->n[DESTROYS] += race_ok(t, ioctl(fd, RPMSG_DESTROY_EPT_IOCTL),
						  "RPMSG_DESTROY_EPT_IOCTL");
		close(fd);
	}
	return NULL;
}

static void do_race(int ctrlfd, char **arg)
{
	unsigned long seconds = parse_num(arg[0]);
	int i, j, r, n, nums[MAX_EPTS], left = 0;
	struct race t[4] = { 0 };
	char name[64];

	alarm(120 + seconds);
	for (i = 0; i < 4; i++) {
		t[i].seed = time(NULL) + i;
		t[i].ctrlfd = ctrlfd;
		r = pthread_create(&t[i].tid, NULL, i ? race_worker : race_creator, &t[i]);
		if (r)
			die(r, "pthread_create");
	}
	sleep(seconds);
	atomic_store(&race_stop, true);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i].tid, NULL);
		for (j = 0; i && j < NSTATS; j++)
			t[0].n[j] += t[i].n[j];
	}
	n = ept_list(nums, MAX_EPTS);
	for (i = 0; i < n; i++) {
		if (sys_read(nums[i], "name", name, sizeof(name)) || strncmp(name, "stress-", 7))
			continue;
		ept_remove(nums[i]);
		left++;
	}
	printf("rpmsg-stress race: PASS (%lu s: %lu created, %lu destroyed, %lu opens, "
	       "%lu writes, %lu reads, %lu tolerated errors, %d left and destroyed)\n", seconds,
	       t[0].n[CREATES], t[0].n[DESTROYS], t[0].n[OPENS], t[0].n[WRITES], t[0].n[READS],
	       t[0].n[ERRORS], left);
}

/* ---- flood ---- */

static void do_flood(int ctrlfd, char **arg)
{
	uint32_t count = parse_num(arg[0]), received = 0, next = 0, seq, n_done = 0;
	long qmax = parse_num(arg[1]), queued, dropped, drop0, maxq = 0, t0;
	unsigned char buf[MTU + 16], cmd_t[7] = { 'T' };
	char val[32], path[256];
	bool done = false;
	int m, fd, qfd;
	ssize_t n;

	alarm(180);
	m = ept_new(ctrlfd, BENCH_NAME, BENCH_ADDR, O_RDWR, &fd);
	sys_path(path, m, "rx_queue_max");
	n = snprintf(val, sizeof(val), "%ld\n", qmax);
	qfd = open(path, O_WRONLY);
	if (qfd < 0 || write(qfd, val, n) != n)
		die(errno, "write %ld to %s", qmax, path);
	close(qfd);
	if (sys_long(m, "rx_queue_max") != qmax)
		die(0, "rx_queue_max reads %ld after writing %ld", sys_long(m, "rx_queue_max"),
		    qmax);
	drop0 = sys_long(m, "rx_dropped");
	fill(cmd_t + 1, 4, count);		/* u32 count, LE */
	cmd_t[5] = MTU & 0xff;			/* u16 size, LE */
	cmd_t[6] = MTU >> 8;
	send_msg(fd, cmd_t, sizeof(cmd_t), "stream command");
	/* unread: the queue must stop at qmax, the rest be dropped */
	for (t0 = now_ms();; usleep(100000)) {
		queued = sys_long(m, "rx_queued");
		dropped = sys_long(m, "rx_dropped") - drop0;
		maxq = queued > maxq ? queued : maxq;
		if (queued > qmax)
			die(0, "rx_queued %ld > rx_queue_max %ld", queued, qmax);
		if (queued + dropped >= (long)count + 1)
			break;
		if (now_ms() - t0 > 60000)
			die(0, "after 60 s unread: queued %ld + dropped %ld < %u + 1", queued,
			    dropped, count);
	}
	if (count > qmax && !dropped)
		die(0, "%u messages streamed to a queue of %ld, none dropped", count, qmax);
	/* all is queued or dropped: stream messages, then the 'D' if it was kept */
	while (poll1(fd, POLLIN, 0) & POLLIN) {
		n = read(fd, buf, sizeof(buf));
		seq = n >= 4 ? get_le32(buf) : 0;
		if (n < 0 || done)
			die(n < 0 ? errno : 0, "read after %u messages%s", received,
			    done ? " and the 'D'" : "");
		if (n == 5 && buf[0] == 'D') {
			done = true;
			n_done = get_le32(buf + 1);
		} else if (n != MTU || seq < next || seq >= count || !check(buf, n, seq)) {
			die(0, "message %u: %zd bytes, seq %u; wanted %d bytes, seq %u..%u, intact",
			    received, n, seq, MTU, next, count - 1);
		} else {
			next = seq + 1;
			received++;
		}
	}
	dropped = sys_long(m, "rx_dropped") - drop0;
	if (done && n_done != count)
		die(0, "the firmware's 'D' says %u of %u sent", n_done, count);
	if (received + done + dropped != (long)count + 1)
		die(0, "read %u + 'D' %d + dropped %ld != %u + 1", received, done, dropped, count);
	close(fd);
	ept_remove(m);
	printf("rpmsg-stress flood: PASS (%u streamed to a queue of %ld: %u read, %ld dropped, "
	       "'D' %s, at most %ld queued)\n", count, qmax, received, dropped,
	       done ? "read" : "dropped", maxq);
}

/* The number of control devices (/dev/rpmsg_ctrlN) */
static int ctrl_count(void)
{
	int nums[64];
	int n = scan_nums("/dev", "rpmsg_ctrl", nums, ARRAY_SIZE(nums));

	if (n < 0)
		die(-n, "list /dev");
	return n;
}

/*
 * A channel named rpmsg_ctrl, through RPMSG_CREATE_DEV_IOCTL, must not get a control device
 * of its own (whose removal deadlocked against its own ioctls): refused, or created without
 * one. Releasing it, and the transport's own control channel (-EINVAL), must not hang.
 */
static void createdev_ctrl_name(int ctrlfd)
{
	struct rpmsg_endpoint_info info = { "rpmsg_ctrl", 0x500, 0x401 };
	struct rpmsg_endpoint_info own = { "rpmsg_ctrl", RPMSG_ADDR_ANY, RPMSG_ADDR_ANY };
	int before = ctrl_count(), r, err, t;

	alarm(20);
	r = ioctl(ctrlfd, RPMSG_CREATE_DEV_IOCTL, &info);
	err = errno;
	for (t = 0; t < 50; t++, usleep(10000))
		if (ctrl_count() != before)
			die(0, "a channel named rpmsg_ctrl made a control device (%d, was %d)",
			    ctrl_count(), before);
	if (!r && ioctl(ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &info))
		die(errno, "RPMSG_RELEASE_DEV_IOCTL rpmsg_ctrl 0x500 -> 0x401");
	expect_err(ioctl(ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &own), EINVAL,
		   "release of the control channel");
	alarm(120);
	printf("rpmsg-stress createdev: channel rpmsg_ctrl %s%s, no control device\n",
	       r ? "refused: " : "created and released", r ? errname(err) : "");
}

/*
 * RPMSG_CREATE_DEV_IOCTL makes a local channel: one named rpmsg-raw binds rpmsg_chrdev and
 * gets its own /dev/rpmsgM, which talks from the channel's address to the firmware's raw
 * echo; the same channel again is -EEXIST; RPMSG_RELEASE_DEV_IOCTL removes it (then
 * -EINVAL), and a channel the remote announced cannot be released (-EINVAL). A channel
 * named rpmsg_ctrl gets no control device (createdev_ctrl_name()).
 */
static void do_createdev(int ctrlfd, char **arg)
{
	struct rpmsg_endpoint_info info = { "rpmsg-raw", 0x500, 0x401 };
	struct rpmsg_endpoint_info remote = { "rpmsg-raw", RPMSG_ADDR_ANY, 0x401 };
	char dir[256] = "", dev[300] = "";
	struct dirent *de;
	glob_t g;
	int fd = -1, t;
	DIR *d;

	(void)arg;
	if (ioctl(ctrlfd, RPMSG_CREATE_DEV_IOCTL, &info))
		die(errno, "RPMSG_CREATE_DEV_IOCTL rpmsg-raw 0x500 -> 0x401");
	expect_err(ioctl(ctrlfd, RPMSG_CREATE_DEV_IOCTL, &info), EEXIST, "the same channel again");
	/* the channel (virtioK.rpmsg-raw.1280.1025) and its endpoint device */
	for (t = 0; t < 200 && fd < 0; t++, usleep(10000)) {
		if (glob("/sys/bus/rpmsg/devices/virtio*.rpmsg-raw.1280.1025/rpmsg", 0, NULL, &g))
			continue;
		snprintf(dir, sizeof(dir), "%s", g.gl_pathv[0]);
		globfree(&g);
		d = opendir(dir);
		while (d && (de = readdir(d))) {
			if (strncmp(de->d_name, "rpmsg", 5))
				continue;
			snprintf(dev, sizeof(dev), "/dev/%.64s", de->d_name);
			fd = open(dev, O_RDWR);
			break;
		}
		if (d)
			closedir(d);
	}
	if (fd < 0)
		die(errno, "no endpoint device of the created channel ('%s', '%s')", dir, dev);
	echo_once(fd, 64, 5, "echo through the created channel");
	close(fd);
	if (ioctl(ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &info))
		die(errno, "RPMSG_RELEASE_DEV_IOCTL rpmsg-raw 0x500 -> 0x401");
	if (!access(dir, F_OK) || !access(dev, F_OK))
		die(0, "%s or %s still there after the release", dir, dev);
	expect_err(ioctl(ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &info), EINVAL, "a second release");
	expect_err(ioctl(ctrlfd, RPMSG_RELEASE_DEV_IOCTL, &remote), EINVAL,
		   "release of the remote's channel");
	createdev_ctrl_name(ctrlfd);
	printf("rpmsg-stress createdev: PASS (created, echoed through %s, EEXIST, released, "
	       "EINVAL, no second control device)\n", dev);
}

static const struct {
	const char *name;
	int args;		/* after CTRL */
	void (*run)(int ctrlfd, char **arg);
} cmds[] = {
	{ "nonblock", 0, do_nonblock },
	{ "pollio", 0, do_pollio },
	{ "emsgsize", 0, do_emsgsize },
	{ "stopped", 1, do_stopped },
	{ "close-queued", 1, do_close_queued },
	{ "race", 1, do_race },
	{ "flood", 2, do_flood },
	{ "createdev", 0, do_createdev },
};

int main(int argc, char **argv)
{
	const char *base;
	size_t i;
	int fd;

	for (i = 0; argc >= 3 && i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name) && argc == 3 + cmds[i].args)
			break;
	if (argc < 3 || i == ARRAY_SIZE(cmds)) {
		fprintf(stderr, "usage: rpmsg-stress nonblock|pollio|emsgsize|createdev CTRL\n"
			"       rpmsg-stress stopped CTRL STATEFILE\n"
			"       rpmsg-stress close-queued CTRL ROUNDS\n"
			"       rpmsg-stress race CTRL SECONDS\n"
			"       rpmsg-stress flood CTRL COUNT QMAX\n");
		return 2;
	}
	cmd = argv[1];
	snprintf(alarm_msg, sizeof(alarm_msg), "rpmsg-stress %s: timed out\n", cmd);
	signal(SIGALRM, on_alarm);
	alarm(120);
	setvbuf(stdout, NULL, _IOLBF, 0);
	base = strrchr(argv[2], '/') ? strrchr(argv[2], '/') + 1 : argv[2];
	snprintf(ctrl_sys, sizeof(ctrl_sys), "/sys/class/rpmsg/%.64s", base);
	if (access(ctrl_sys, F_OK))
		die(errno, "%s", ctrl_sys);
	fd = open(argv[2], O_RDWR);
	if (fd < 0)
		die(errno, "open %s", argv[2]);
	cmds[i].run(fd, argv + 3);
	close(fd);
	return 0;
}
