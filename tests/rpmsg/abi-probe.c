// SPDX-License-Identifier: GPL-2.0
/*
 * abi-probe DEV STEP...: the calls a userspace program makes on an rpmsg character device,
 * one per step, each printed with its outcome ("STEP: ok [value]" or "STEP: ERRNO"), for
 * the differential ABI test (tests/rpmsg/abi-diff.sh), which runs the same steps on our stack
 * and on upstream's and compares what they print. DEV is opened by the first step "open"
 * (or "open-nb", O_NONBLOCK); steps after a failed open print "no-fd".
 *
 *   open | open-nb                 open DEV read-write
 *   create-ept NAME SRC DST        RPMSG_CREATE_EPT_IOCTL (a NAME of "long" is 32 'x'
 *   create-dev NAME SRC DST        RPMSG_CREATE_DEV_IOCTL   without a NUL)
 *   release-dev NAME SRC DST       RPMSG_RELEASE_DEV_IOCTL
 *   destroy-ept                    RPMSG_DESTROY_EPT_IOCTL
 *   ioctl-bad                      an ioctl no rpmsg device knows
 *   ioctl-null                     RPMSG_CREATE_EPT_IOCTL with a NULL argument
 *   write N                        write N bytes (N of 'a')
 *   read                           read up to 4096 bytes; ok with the count
 *   read-echo N                    poll up to 2 s for input, then read: ok with the count
 *   poll                           poll for 0 ms: ok with the revents set (IN OUT ERR HUP)
 *   wait                           read a line from stdin (the script's go-ahead)
 *   skip STEP                      no call: prints "STEP: skipped" (a step that must not run
 *                                  on a stack, numbered as where it does)
 *   close                          close DEV
 *
 * Exit status 0 (the outcomes are the output), 2 for a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/rpmsg.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../../tools/amp-tools.h"

static int fd = -1;

static int result(const char *step, int ret)
{
	if (ret < 0)
		printf("%s: %s\n", step, errname(errno));
	else
		printf("%s: ok\n", step);
	return ret;
}

static int ept_info(char **argv, struct rpmsg_endpoint_info *info)
{
	memset(info, 0, sizeof(*info));
	if (!strcmp(argv[0], "long"))
		memset(info->name, 'x', sizeof(info->name));
	else
		snprintf(info->name, sizeof(info->name), "%s", argv[0]);
	info->src = strtoul(argv[1], NULL, 0);
	info->dst = strtoul(argv[2], NULL, 0);
	return 3;
}

static void poll_step(const char *step, int timeout)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLOUT };
	int ret = poll(&p, 1, timeout);

	if (ret < 0) {
		result(step, ret);
		return;
	}
	printf("%s: ok%s%s%s%s%s\n", step, ret ? "" : " none",
	       p.revents & POLLIN ? " IN" : "", p.revents & POLLOUT ? " OUT" : "",
	       p.revents & POLLERR ? " ERR" : "", p.revents & POLLHUP ? " HUP" : "");
}

int main(int argc, char **argv)
{
	struct rpmsg_endpoint_info info;
	static char buf[4096];
	const char *dev;
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: abi-probe DEV STEP...\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	dev = argv[1];
	for (i = 2; i < argc; i++) {
		const char *s = argv[i];
		int need = !strcmp(s, "write") || !strcmp(s, "read-echo") ||
			   !strcmp(s, "skip") ? 1 :
			   !strncmp(s, "create-", 7) || !strcmp(s, "release-dev") ? 3 : 0;

		if (i + need >= argc) {
			fprintf(stderr, "abi-probe: %s needs %d arguments\n", s, need);
			return 2;
		}
		if (!strcmp(s, "skip")) {
			printf("%s: skipped\n", argv[++i]);
			continue;
		}
		if (!strcmp(s, "wait")) {
			if (!fgets(buf, sizeof(buf), stdin))
				printf("wait: end of input\n");
			continue;
		}
		if (!strcmp(s, "open") || !strcmp(s, "open-nb")) {
			fd = open(dev, O_RDWR | O_CLOEXEC | (s[4] ? O_NONBLOCK : 0));
			result(s, fd);
			continue;
		}
		if (fd < 0) {
			printf("%s: no-fd\n", s);
			i += need;
			continue;
		}
		if (!strcmp(s, "create-ept")) {
			i += ept_info(argv + i + 1, &info);
			result(s, ioctl(fd, RPMSG_CREATE_EPT_IOCTL, &info));
		} else if (!strcmp(s, "create-dev")) {
			i += ept_info(argv + i + 1, &info);
			result(s, ioctl(fd, RPMSG_CREATE_DEV_IOCTL, &info));
		} else if (!strcmp(s, "release-dev")) {
			i += ept_info(argv + i + 1, &info);
			result(s, ioctl(fd, RPMSG_RELEASE_DEV_IOCTL, &info));
		} else if (!strcmp(s, "destroy-ept")) {
			result(s, ioctl(fd, RPMSG_DESTROY_EPT_IOCTL));
		} else if (!strcmp(s, "ioctl-bad")) {
			result(s, ioctl(fd, _IO(0xb5, 0x7f)));
		} else if (!strcmp(s, "ioctl-null")) {
			result(s, ioctl(fd, RPMSG_CREATE_EPT_IOCTL, NULL));
		} else if (!strcmp(s, "write")) {
			size_t n = strtoul(argv[++i], NULL, 0);
			char *p = malloc(n ?: 1);
			ssize_t ret;

			if (!p)
				return 1;
			memset(p, 'a', n);
			ret = write(fd, p, n);
			free(p);
			if (ret >= 0)
				printf("write: ok %zd\n", ret);
			else
				result(s, -1);
		} else if (!strcmp(s, "read") || !strcmp(s, "read-echo")) {
			ssize_t ret;

			if (s[4]) {
				struct pollfd p = { .fd = fd, .events = POLLIN };

				i++;
				poll(&p, 1, 2000);
			}
			ret = read(fd, buf, sizeof(buf));
			if (ret >= 0)
				printf("%s: ok %zd\n", s, ret);
			else
				result(s, -1);
		} else if (!strcmp(s, "poll")) {
			poll_step(s, 0);
		} else if (!strcmp(s, "close")) {
			result(s, close(fd));
			fd = -1;
		} else {
			fprintf(stderr, "abi-probe: unknown step %s\n", s);
			return 2;
		}
	}
	return 0;
}
