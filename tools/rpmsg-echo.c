// SPDX-License-Identifier: GPL-2.0
/*
 * rpmsg-echo: send numbered messages to an rpmsg echo service and verify every echo.
 *
 *   rpmsg-echo [-D /dev/rpmsgM | -c /dev/rpmsg_ctrlN] [-n NAME] [-s SRC] [-d DST]
 *              [-N COUNT] [-S SIZES] [-w WINDOW] [-t MS] [-R SECONDS] [-P NICE] [-B]
 *              [-b US] [-q] [-H]
 *
 * -D uses an existing endpoint device as is (e.g. the rpmsg-raw channel's). Otherwise an
 * endpoint NAME, SRC, DST (default rpmsg-openamp-demo-channel, any, 0x402) is created
 * through the control device (default /dev/rpmsg_ctrl0; with -R the first one that exists)
 * and destroyed at the end, also on errors and SIGINT/SIGTERM.
 *
 * COUNT messages (default 100) of SIZES bytes (N, A-B or all = 1-496) are sent, at most
 * WINDOW (default 1) in flight. A message starts with its little-endian sequence number;
 * its echo must come back in order, byte for byte, within MS milliseconds (default 2000).
 * -B: blocking writes, issued as soon as the window allows, instead of waiting for POLLOUT
 * (upstream 6.1's rpmsg_char never reports it); reads still wait for POLLIN.
 * -b US: busy-poll reads for up to US microseconds (AMP_RPMSG_SET_BUSY_POLL, our chardev's):
 * with -B, an echo is then waited for in read() itself, not in poll(), which would sleep.
 * -R SECONDS: when the remote goes away, the messages in flight count as lost and the
 * endpoint is reopened every 50 ms (for at most SECONDS per outage) until COUNT echoes were
 * verified; an echo or a tx buffer may then also take up to SECONDS (a crashed remote's
 * endpoint goes only once the crash is handled). SIGINT/SIGTERM end the run cleanly.
 * SIGUSR1 prints a status line: "rpmsg-echo: status: connected C sent S echoed E
 * reconnects R since-connect K" (C is 1 while an endpoint is open, K the echoes verified
 * on it). The summary line is always printed: the counts, the round trips (min, p50,
 * avg, p99, max, in us) and the throughput (echoes per second and MB/s of payload, from
 * the first write to the last echo). -H then prints the round trips' histogram, a line
 * "rpmsg-echo: hist US COUNT" per step that holds any (1 us steps below 10 ms, 1 ms steps
 * above, US their lower bound), for latency plots.
 * Exit status: 0 every echo verified, 1 failure, 2 usage error.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/rpmsg.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <linux/amp/rpmsg.h>

#include "amp-tools.h"

#define MTU		496		/* largest payload of one message */
#define MAX_SIZE	65536		/* largest -S accepted (bigger than MTU to test EMSGSIZE) */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_EPS		1024
#define EPT_NAME_SIZE	sizeof(((struct rpmsg_endpoint_info *)0)->name)
#define CLASS_DIR	"/sys/class/rpmsg"
#define FINE_US		10000		/* rtt histogram: 1 us steps below this, */
#define COARSE_MS	10000		/* then 1 ms steps below this */

static struct {
	const char *dev, *ctrl, *name;
	uint32_t src, dst;
	unsigned long long count;
	unsigned int smin, smax, window, timeout_ms, reconnect_s, busy_us;
	int quiet, blocking, hist;
} opt = { .name = "rpmsg-openamp-demo-channel", .src = RPMSG_ADDR_ANY, .dst = 0x402,
	  .count = 100, .smin = 1, .smax = MTU, .window = 1, .timeout_ms = 2000 };

static struct {
	char path[PATH_MAX];	/* /dev/rpmsgM (or what we tried to open) */
	char name[64], dst[16];	/* for the summary */
	int fd, created;	/* created: made through the ctrl device, destroy it */
} ep = { .fd = -1 };

struct slot { uint32_t seq; unsigned int size; uint64_t t0; };

static struct slot *ring;
static unsigned int head, inflight;
static unsigned long long sent, echoed, mismatched, lost, reconnects;
static unsigned long long since_connect;	/* echoes verified on the current endpoint */
static int failed;		/* timeout, failed reconnect or any other error */
static uint64_t progress_t;	/* last send, echo or connect */
static unsigned char *txbuf, *rxbuf;
static size_t rxlen;
static uint64_t fine[FINE_US], coarse[COARSE_MS + 1], rtt_min = UINT64_MAX, rtt_max, rtt_sum;
/* throughput: from the first write to the last echo, and the payload bytes echoed */
static uint64_t t_first, t_last, echoed_bytes;
static char errmsg[PATH_MAX + 256];
static volatile sig_atomic_t stop_sig, status_sig;
static sigset_t run_mask;	/* signal mask while waiting: SIGINT/SIGTERM/SIGUSR1 let through */

/* Record "rpmsg-echo: what path: strerror (ENAME)" in errmsg; returns -e. */
static int fail_errno(const char *what, const char *path, int e)
{
	snprintf(errmsg, sizeof(errmsg), "rpmsg-echo: %s %s: %s (%s)", what, path, strerror(e),
		 errname(e));
	return -e;
}

/* Print "rpmsg-echo: what /dev/rpmsgM: strerror (ENAME)"; returns -1. */
static int report(const char *what, int e)
{
	fail_errno(what, ep.path, e);
	fprintf(stderr, "%s\n", errmsg);
	return -1;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000ULL + ts.tv_nsec / 1000;
}

static void on_status(int sig)
{
	(void)sig;
	status_sig = 1;
}

/* The status line SIGUSR1 asks for, printed outside the handler. */
static void print_status(void)
{
	if (!status_sig)
		return;
	status_sig = 0;
	printf("rpmsg-echo: status: connected %d sent %llu echoed %llu reconnects %llu "
	       "since-connect %llu\n", ep.fd >= 0, sent, echoed, reconnects, since_connect);
	fflush(stdout);
}

/* Sleep, but wake up early for SIGINT/SIGTERM/SIGUSR1 (blocked everywhere else). */
static void nap_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	ppoll(NULL, 0, &ts, &run_mask);
	print_status();
}

static void on_signal(int sig)
{
	stop_sig = sig;
}


static int is_gone(int e)
{
	return e == EPIPE || e == ENETRESET || e == ENODEV || e == ENXIO || e == ENOENT;
}

/* The dst file of an endpoint (%d, or anything strtol base 0 reads). */
static int read_dst(const char *dir, uint32_t *dst)
{
	char val[32], *end;
	long long v;

	if (read_attr(dir, "dst", val, sizeof(val)))
		return -1;
	v = strtoll(val, &end, 0);
	*dst = v;
	return *end || end == val ? -1 : 0;
}

/* Create an endpoint through ctrl, find its /dev/rpmsgM in sysfs and open it. */
static int create_ep(const char *ctrl)
{
	struct rpmsg_endpoint_info info = { .src = opt.src, .dst = opt.dst };
	int before[MAX_EPS], after[MAX_EPS], nb, na, i, j, fd, ret = 0;
	char dir[PATH_MAX], epdir[PATH_MAX + 32], name[64];
	uint64_t deadline;
	uint32_t dst;

	snprintf(ep.path, sizeof(ep.path), "%s", ctrl);
	snprintf(dir, sizeof(dir), CLASS_DIR "/%s", basename(ctrl));
	fd = open(ctrl, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return fail_errno("open", ctrl, errno);
	nb = scan_nums(dir, "rpmsg", before, MAX_EPS);
	strncpy(info.name, opt.name, sizeof(info.name) - 1);
	if (nb < 0)
		ret = fail_errno("list", dir, -nb);
	else if (ioctl(fd, RPMSG_CREATE_EPT_IOCTL, &info))
		ret = fail_errno("RPMSG_CREATE_EPT_IOCTL", ctrl, errno);
	close(fd);
	if (ret)
		return ret;

	/*
	 * The ioctl does not say which rpmsgM it made: open a new one with our name and dst.
	 * Another process making the same endpoint at once may open ours first (EBUSY, one
	 * opener at a time): then take its, they are alike.
	 */
	deadline = now_us() + 2000000;
	for (;;) {
		na = scan_nums(dir, "rpmsg", after, MAX_EPS);
		/* the control device went (the remote with it): nothing to wait for */
		if (na < 0)
			return fail_errno("list", dir, -na);
		for (i = 0; i < na; i++) {
			for (j = 0; j < nb && before[j] != after[i]; j++)
				;
			snprintf(epdir, sizeof(epdir), "%s/rpmsg%d", dir, after[i]);
			if (j < nb || read_attr(epdir, "name", name, sizeof(name)) ||
			    strcmp(name, opt.name) || read_dst(epdir, &dst) || dst != opt.dst)
				continue;
			snprintf(ep.path, sizeof(ep.path), "/dev/rpmsg%d", after[i]);
			ep.fd = open(ep.path, O_RDWR | O_CLOEXEC | (opt.blocking ? 0 : O_NONBLOCK));
			ret = ep.fd < 0 ? errno : 0;
			if (!ret) {
				ep.created = 1;
				snprintf(ep.name, sizeof(ep.name), "%s", opt.name);
				snprintf(ep.dst, sizeof(ep.dst), "0x%x", opt.dst);
				return 0;
			}
			if (ret != ENOENT && ret != EBUSY)	/* ENOENT: no /dev node yet */
				return fail_errno("open (endpoint left behind)", ep.path, ret);
		}
		if (now_us() > deadline && ret)
			return fail_errno("open within 2 s (endpoint left behind)", ep.path, ret);
		if (now_us() > deadline)
			return fail_errno("find the new endpoint (left behind?) in", dir, ENOENT);
		nap_ms(10);
	}
}

static int open_dev(const char *path)
{
	char dir[PATH_MAX];
	uint32_t dst;

	snprintf(ep.path, sizeof(ep.path), "%s", path);
	ep.fd = open(path, O_RDWR | O_CLOEXEC | (opt.blocking ? 0 : O_NONBLOCK));
	if (ep.fd < 0)
		return fail_errno("open", path, errno);
	ep.created = 0;
	snprintf(dir, sizeof(dir), CLASS_DIR "/%s", basename(path));
	if (read_attr(dir, "name", ep.name, sizeof(ep.name)))
		strcpy(ep.name, "?");
	if (read_dst(dir, &dst))
		strcpy(ep.dst, "?");
	else
		snprintf(ep.dst, sizeof(ep.dst), "0x%x", dst);
	return 0;
}

static int connect_ep(void)
{
	int nums[MAX_EPS], n, i, ret;
	char ctrl[64];

	if (opt.dev) {
		ret = open_dev(opt.dev);
	} else if (opt.ctrl || !opt.reconnect_s) {
		ret = create_ep(opt.ctrl ? opt.ctrl : "/dev/rpmsg_ctrl0");
	} else {
		/* -R without -c: the first control device, whose index may have changed */
		n = scan_nums("/dev", "rpmsg_ctrl", nums, MAX_EPS);
		for (i = 1; i < n; i++)
			nums[0] = nums[i] < nums[0] ? nums[i] : nums[0];
		snprintf(ctrl, sizeof(ctrl), "/dev/rpmsg_ctrl%d", nums[0]);
		ret = n > 0 ? create_ep(ctrl) : fail_errno("find", "/dev/rpmsg_ctrl*", ENOENT);
	}
	if (!ret && opt.busy_us && ioctl(ep.fd, AMP_RPMSG_SET_BUSY_POLL, &opt.busy_us))
		ret = fail_errno("set busy poll (AMP_RPMSG_SET_BUSY_POLL) on", ep.path, errno);
	if (!ret) {
		progress_t = now_us();
		since_connect = 0;
	}
	return ret;
}

/*
 * -b: a periodic SIGALRM (every tenth of the echo timeout) cuts a blocking read short
 * (EINTR), so that the loop checks the echo's deadline; armed once, not per read (two
 * system calls per message would be the benchmark's, not the stack's).
 */
static void on_alarm(int sig)
{
	(void)sig;
}

static void arm_alarm(uint64_t us)
{
	struct itimerval it = { .it_value = { .tv_sec = us / 1000000, .tv_usec = us % 1000000 },
				.it_interval = { .tv_sec = us / 1000000,
						 .tv_usec = us % 1000000 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

/* Destroy (if we created it) and close the endpoint; report errors only if asked. */
static int teardown(int loud)
{
	int ret = 0;

	if (ep.fd < 0)
		return 0;
	if (ep.created && ioctl(ep.fd, RPMSG_DESTROY_EPT_IOCTL))
		ret = fail_errno("RPMSG_DESTROY_EPT_IOCTL", ep.path, errno);
	close(ep.fd);
	ep.fd = -1;
	if (ret && loud)
		fprintf(stderr, "%s\n", errmsg);
	return ret;
}

/* The remote went away (errno e, or the poll event why): fail, or reconnect with -R. */
static int gone(const char *what, int e, const char *why)
{
	uint64_t t0 = now_us(), deadline = t0 + opt.reconnect_s * 1000000ULL;

	lost += inflight;
	inflight = 0;
	if (!opt.reconnect_s) {
		if (e)
			fail_errno(what, ep.path, e);
		else
			snprintf(errmsg, sizeof(errmsg), "rpmsg-echo: %s %s: remote went away (%s)",
				 what, ep.path, why);
		fprintf(stderr, "%s\n", errmsg);
		return -1;
	}
	fprintf(stderr, "rpmsg-echo: remote went away (%s); reconnecting\n", e ? errname(e) : why);
	teardown(0);
	reconnects++;
	while (!stop_sig) {
		nap_ms(50);
		if (!connect_ep()) {
			if (!opt.quiet)
				printf("rpmsg-echo: reconnected to %s after %llu ms\n", ep.path,
				       (unsigned long long)(now_us() - t0) / 1000);
			fflush(stdout);
			return 0;
		}
		if (now_us() > deadline) {
			fprintf(stderr, "%s\nrpmsg-echo: no reconnect within %u s; giving up\n",
				errmsg, opt.reconnect_s);
			return -1;
		}
	}
	return 0;
}

/*
 * The pattern: byte j of message seq (j >= 4) is (seq * 131 + j * 7) & 0xff, which is
 * pattern[j + off] with pattern[k] = 7 k mod 256 and off = seq * 131 * 183 mod 256 (183 is
 * 7's inverse mod 256). So a message is a copy, not a loop per byte: at 4 KiB, a byte loop
 * here (twice per echo) costs more than the whole rpmsg path it measures.
 */
static unsigned char pattern[MAX_SIZE + 256];

static void pattern_init(void)
{
	unsigned int k;

	for (k = 0; k < sizeof(pattern); k++)
		pattern[k] = (k * 7) & 0xff;
}

/* Message seq: its size, and its payload (little-endian seq first, then the pattern). */
static unsigned int msg_fill(unsigned char *p, uint32_t seq)
{
	unsigned int j, size = opt.smin + seq % (opt.smax - opt.smin + 1);
	unsigned int off = (seq * 131u * 183u) & 0xff;

	for (j = 0; j < size && j < 4; j++)
		p[j] = seq >> (8 * j);
	if (size > 4)
		memcpy(p + 4, pattern + off + 4, size - 4);
	return size;
}

static void rtt_add(uint64_t us)
{
	if (us < FINE_US)
		fine[us]++;
	else
		coarse[us / 1000 < COARSE_MS ? us / 1000 : COARSE_MS]++;
	rtt_min = us < rtt_min ? us : rtt_min;
	rtt_max = us > rtt_max ? us : rtt_max;
	rtt_sum += us;
}

/* -H: every step of the histogram that holds a round trip */
static void print_hist(void)
{
	unsigned int i;

	for (i = 0; i < FINE_US; i++)
		if (fine[i])
			printf("rpmsg-echo: hist %u %llu\n", i, (unsigned long long)fine[i]);
	for (i = 0; i <= COARSE_MS; i++)
		if (coarse[i])
			printf("rpmsg-echo: hist %u %llu\n", i * 1000, (unsigned long long)coarse[i]);
}

/* The @pct percentile of the round trips (rounded up to a histogram step). */
static uint64_t rtt_pct(unsigned int pct)
{
	uint64_t want = (echoed * pct + 99) / 100, acc = 0, i;

	for (i = 0; i < FINE_US; i++) {
		acc += fine[i];
		if (acc >= want)
			return i;
	}
	for (i = 0; i < COARSE_MS; i++) {
		acc += coarse[i];
		if (acc >= want)	/* the top of the 1 ms step */
			return i * 1000 + 999 < rtt_max ? i * 1000 + 999 : rtt_max;
	}
	return rtt_max;
}

static int send_one(void)
{
	unsigned int size = msg_fill(txbuf, sent);
	uint64_t t0 = now_us();
	ssize_t n;

	n = write(ep.fd, txbuf, size);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n < 0)
		return is_gone(errno) ? gone("write", errno, NULL) : report("write", errno);
	if ((size_t)n != size) {
		fprintf(stderr, "rpmsg-echo: write %s: wrote %zd of %u bytes\n", ep.path, n, size);
		return -1;
	}
	ring[(head + inflight++) % opt.window] = (struct slot){ (uint32_t)sent, size, t0 };
	if (!t_first)
		t_first = t0;
	sent++;
	progress_t = now_us();
	return 0;
}

/* Read the queued echoes; each must be the oldest message in flight. */
static int recv_all(void)
{
	unsigned char *want = txbuf + MAX_SIZE;
	struct slot *s;
	size_t j;
	ssize_t n;

	while (inflight) {
		n = read(ep.fd, rxbuf, rxlen);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return 0;
		if (n < 0)
			return is_gone(errno) ? gone("read", errno, NULL) : report("read", errno);
		s = &ring[head];
		msg_fill(want, s->seq);
		if ((size_t)n != s->size || memcmp(rxbuf, want, n)) {
			mismatched++;
			for (j = 0; j < (size_t)n && j < s->size && rxbuf[j] == want[j]; j++)
				;
			fprintf(stderr, "rpmsg-echo: echo mismatch on %s: message %u (%u bytes): "
				"got %zd bytes", ep.path, s->seq, s->size, n);
			if (j < (size_t)n && j < s->size)
				fprintf(stderr, ", byte %zu is 0x%02x, want 0x%02x", j, rxbuf[j],
					want[j]);
			if (n >= 4)
				fprintf(stderr, " (it starts with seq %u)", rxbuf[0] |
					rxbuf[1] << 8 | rxbuf[2] << 16 | (uint32_t)rxbuf[3] << 24);
			fprintf(stderr, "\n");
			return -1;
		}
		t_last = now_us();
		rtt_add(t_last - s->t0);
		echoed_bytes += s->size;
		head = (head + 1) % opt.window;
		inflight--;
		echoed++;
		since_connect++;
		progress_t = now_us();
		if (!opt.quiet && echoed % 1000 == 0) {
			printf("rpmsg-echo: %llu echoed, rtt us avg %llu max %llu\n", echoed,
			       (unsigned long long)(rtt_sum / echoed), (unsigned long long)rtt_max);
			fflush(stdout);
		}
		/* blocking reads: only the one poll() said is there */
		if (opt.blocking)
			break;
	}
	return 0;
}

static int run(void)
{
	uint64_t tmo = opt.timeout_ms * 1000ULL, now, deadline;
	struct pollfd pfd;
	struct timespec ts;
	int can_send, n;

	/* -R: a remote being recovered answers late; its outage may last -R seconds */
	if (tmo < opt.reconnect_s * 1000000ULL)
		tmo = opt.reconnect_s * 1000000ULL;
	while (echoed < opt.count && !stop_sig) {
		can_send = inflight < opt.window && echoed + inflight < opt.count;
		/* -B: write as soon as the window allows; write() waits for a buffer */
		if (opt.blocking && can_send) {
			if (send_one())
				return -1;
			continue;
		}
		pfd = (struct pollfd){ .fd = ep.fd, .events = can_send ? POLLOUT : 0 };
		if (inflight)
			pfd.events |= POLLIN;
		deadline = (inflight ? ring[head].t0 : progress_t) + tmo;
		now = now_us();
		if (now >= deadline) {
			fail_errno(inflight ? "read" : "write", ep.path, ETIMEDOUT);
			if (inflight)
				fprintf(stderr, "%s: no echo of message %u within %u ms\n", errmsg,
					ring[head].seq, opt.timeout_ms);
			else
				fprintf(stderr, "%s: no free tx buffer within %u ms\n", errmsg,
					opt.timeout_ms);
			return -1;
		}
		/* -b -B: the echo is waited for in read(), which busy-polls first */
		if (opt.busy_us && opt.blocking && inflight) {
			if (recv_all())
				return -1;
			continue;
		}
		ts.tv_sec = (deadline - now) / 1000000;
		ts.tv_nsec = (deadline - now) % 1000000 * 1000;
		n = ppoll(&pfd, 1, &ts, &run_mask);
		print_status();
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return report("poll", errno);
		if (pfd.revents & POLLIN) {
			if (recv_all())
				return -1;
		} else if (pfd.revents & POLLNVAL) {
			return report("poll", EBADF);
		} else if (pfd.revents & (POLLERR | POLLHUP)) {
			if (gone("poll", 0, pfd.revents & POLLERR ? "POLLERR" : "POLLHUP"))
				return -1;
		} else if (pfd.revents & POLLOUT) {
			if (send_one())
				return -1;
		}
	}
	return 0;
}

/* Print the complaint fmt (if any) and the usage; the exit status: 0 for -h, else 2. */
static int usage(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (fmt)
		vfprintf(f, fmt, ap);
	va_end(ap);
	fprintf(f,
		"usage: rpmsg-echo [-D /dev/rpmsgM | -c /dev/rpmsg_ctrlN] [-n NAME] [-s SRC] [-d DST]\n"
		"                  [-N COUNT] [-S SIZES] [-w WINDOW] [-t MS] [-R SECONDS] [-P NICE]\n"
		"                  [-B] [-b US] [-q] [-H]\n"
		"Send numbered messages to an rpmsg echo service and verify every echo, byte for byte.\n"
		"\n"
		"  -D DEV      use the endpoint device DEV as it is (e.g. rpmsg-raw's /dev/rpmsgM)\n"
		"  -c CTRL     create the endpoint through this control device\n"
		"              (default /dev/rpmsg_ctrl0; with -R the first that exists)\n"
		"  -n NAME     the endpoint's name (default rpmsg-openamp-demo-channel)\n"
		"  -s SRC      its local address, a number or any (default any)\n"
		"  -d DST      the remote address (default 0x402, the firmware's echo)\n"
		"  -N COUNT    messages to send (default 100)\n"
		"  -S SIZES    their sizes in bytes: N, A-B (cycled) or all (= 1-496; default)\n"
		"  -w WINDOW   messages in flight at most (default 1)\n"
		"  -t MS       how long an echo may take (default 2000)\n"
		"  -R SECONDS  survive the remote going away: count what was in flight as lost,\n"
		"              reopen every 50 ms for at most SECONDS per outage, go on until\n"
		"              COUNT echoes were verified\n"
		"  -P NICE     run at this nice value (0..19), e.g. as background load\n"
		"  -B          blocking writes, without waiting for POLLOUT (stacks that never\n"
		"              report it: upstream 6.1's rpmsg_char)\n"
		"  -b US       busy-poll reads for up to US microseconds (1..10000; our chardev's\n"
		"              AMP_RPMSG_SET_BUSY_POLL); with -B, echoes are waited for in read()\n"
		"  -q          print only the summary\n"
		"  -H          after the summary, the round trips' histogram: \"rpmsg-echo: hist\n"
		"              US COUNT\" per step (1 us below 10 ms, then 1 ms; US its start)\n"
		"  -h          this text\n"
		"\n"
		"A message starts with its little-endian sequence number; echoes must come back in\n"
		"order. The endpoint made through -c is destroyed at the end, also on errors and on\n"
		"SIGINT/SIGTERM. SIGUSR1 prints \"rpmsg-echo: status: connected C sent S echoed E\n"
		"reconnects R since-connect K\". The summary: counts, round trips (min, p50, avg,\n"
		"p99, max in us) and throughput (echoes/s, MB/s of payload).\n"
		"Exit status: 0 every echo verified, 1 failure, 2 usage error.\n");
	return f == stdout ? 0 : 2;
}

static int parse_num(const char *s, unsigned long long min, unsigned long long max,
		     unsigned long long *v)
{
	char *end;

	errno = 0;
	if (!isdigit((unsigned char)*s))
		return -1;
	*v = strtoull(s, &end, 0);
	return errno || *end || *v < min || *v > max ? -1 : 0;
}

/* An address, or any (also -1) for RPMSG_ADDR_ANY. */
static int parse_addr(const char *s, uint32_t *addr)
{
	unsigned long long v = RPMSG_ADDR_ANY;
	int ret = strcmp(s, "any") && strcmp(s, "-1") ? parse_num(s, 0, UINT32_MAX, &v) : 0;

	*addr = v;
	return ret;
}

static int parse_sizes(const char *s)
{
	unsigned long long a, b;
	char buf[64], *dash;

	if (!strcmp(s, "all"))
		s = "1-496";
	snprintf(buf, sizeof(buf), "%s", s);
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (parse_num(buf, 1, MAX_SIZE, &a) || (dash && parse_num(dash + 1, a, MAX_SIZE, &b)))
		return -1;
	opt.smin = a;
	opt.smax = dash ? b : a;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long v;
	struct sigaction sa = { .sa_handler = on_signal }, sa_status = { .sa_handler = on_status };
	uint64_t elapsed;
	sigset_t block;
	int c, ret, addr_opts = 0;

	while ((c = getopt(argc, argv, ":D:c:n:s:d:N:S:w:t:R:P:b:BqHh")) != -1) {
		ret = 0;
		switch (c) {
		case 'D':
			opt.dev = optarg;
			break;
		case 'c':
			opt.ctrl = optarg;
			break;
		case 'n':
			opt.name = optarg;
			ret = !*optarg || strlen(optarg) >= EPT_NAME_SIZE;
			addr_opts = 1;
			break;
		case 's':
		case 'd':
			ret = parse_addr(optarg, c == 's' ? &opt.src : &opt.dst);
			addr_opts = 1;
			break;
		case 'N':
			ret = parse_num(optarg, 1, ULLONG_MAX / 2, &opt.count);
			break;
		case 'S':
			ret = parse_sizes(optarg);
			break;
		case 'w':
			ret = parse_num(optarg, 1, MAX_EPS, &v);
			opt.window = v;
			break;
		case 't':
			ret = parse_num(optarg, 1, 3600000, &v);
			opt.timeout_ms = v;
			break;
		case 'R':
			ret = parse_num(optarg, 1, 86400, &v);
			opt.reconnect_s = v;
			break;
		case 'P':
			ret = parse_num(optarg, 0, 19, &v);
			if (!ret && setpriority(PRIO_PROCESS, 0, v)) {
				fail_errno("setpriority", optarg, errno);
				return 1;
			}
			break;
		case 'q':
			opt.quiet = 1;
			break;
		case 'B':
			opt.blocking = 1;
			break;
		case 'b':
			ret = parse_num(optarg, 1, AMP_RPMSG_BUSY_POLL_MAX_US, &v);
			opt.busy_us = v;
			break;
		case 'H':
			opt.hist = 1;
			break;
		case 'h':
			return usage(stdout, NULL);
		default:
			return usage(stderr, c == ':' ? "rpmsg-echo: -%c needs an argument\n" :
				     "rpmsg-echo: unknown option -%c\n", optopt);
		}
		if (ret)
			return usage(stderr, "rpmsg-echo: bad -%c '%s'\n", c, optarg);
	}
	if (optind < argc)
		return usage(stderr, "rpmsg-echo: unexpected argument '%s'\n", argv[optind]);
	if (opt.dev && (opt.ctrl || addr_opts))
		return usage(stderr, "rpmsg-echo: -D takes the endpoint as is: no -c/-n/-s/-d\n");

	ring = calloc(opt.window, sizeof(*ring));
	rxlen = (opt.smax > MTU ? opt.smax : MTU) + 64;
	pattern_init();
	txbuf = malloc(2 * MAX_SIZE);	/* the message to send, then the echo expected */
	rxbuf = malloc(rxlen);
	if (!ring || !txbuf || !rxbuf) {
		fprintf(stderr, "rpmsg-echo: out of memory\n");
		return 1;
	}
	/* SIGINT/SIGTERM/SIGUSR1 are only let through while waiting, so they never cut a call short. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &run_mask);
	sigdelset(&run_mask, SIGINT);
	sigdelset(&run_mask, SIGTERM);
	sigdelset(&run_mask, SIGUSR1);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa_status, NULL);
	sigaction(SIGALRM, &(struct sigaction){ .sa_handler = on_alarm }, NULL);
	snprintf(ep.path, sizeof(ep.path), "%s", opt.dev ? opt.dev : opt.ctrl ? opt.ctrl :
		 opt.reconnect_s ? "/dev/rpmsg_ctrl*" : "/dev/rpmsg_ctrl0");
	snprintf(ep.name, sizeof(ep.name), "%s", opt.dev ? "?" : opt.name);
	snprintf(ep.dst, sizeof(ep.dst), opt.dev ? "?" : "0x%x", opt.dst);

	if (opt.busy_us && opt.blocking)
		arm_alarm(opt.timeout_ms * 100ULL);
	if (connect_ep()) {
		fprintf(stderr, "%s\n", errmsg);
		failed = 1;
	} else {
		failed = run() != 0;
	}
	if (opt.busy_us && opt.blocking)
		arm_alarm(0);
	if (teardown(!failed))
		failed = 1;
	if (stop_sig && !opt.quiet)
		printf("rpmsg-echo: stopped by SIG%s\n", sigabbrev_np(stop_sig));
	elapsed = t_last > t_first ? t_last - t_first : 0;
	printf("rpmsg-echo: %s %s %s: %llu sent, %llu echoed, %llu mismatched, %llu lost, "
	       "%llu reconnects; rtt us min %llu p50 %llu avg %llu p99 %llu max %llu; "
	       "%llu msg/s, %.2f MB/s\n",
	       ep.path, ep.name, ep.dst, sent, echoed, mismatched, lost, reconnects,
	       (unsigned long long)(echoed ? rtt_min : 0),
	       (unsigned long long)(echoed ? rtt_pct(50) : 0),
	       (unsigned long long)(echoed ? rtt_sum / echoed : 0),
	       (unsigned long long)(echoed ? rtt_pct(99) : 0), (unsigned long long)rtt_max,
	       (unsigned long long)(elapsed ? echoed * 1000000ULL / elapsed : 0),
	       elapsed ? (double)echoed_bytes / elapsed : 0.0);
	if (opt.hist)
		print_hist();
	return failed || mismatched || (lost && !opt.reconnect_s) ? 1 : 0;
}
