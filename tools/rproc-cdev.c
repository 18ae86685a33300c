// SPDX-License-Identifier: GPL-2.0
/*
 * rproc-cdev: drive /dev/remoteprocN as a program would.
 *
 *   rproc-cdev DEV start|stop             write the command, report the errno
 *   rproc-cdev DEV hold [on|off] [CMD]    set shutdown-on-release (default on), read it
 *                                         back, optionally write CMD, then close
 *   rproc-cdev DEV ioctl-bad              an unknown ioctl must fail with ENOTTY
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/remoteproc_cdev.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int write_cmd(int fd, const char *cmd)
{
	if (write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd)) {
		fprintf(stderr, "rproc-cdev: write '%s': %s (%s)\n", cmd, strerror(errno),
			strerrorname_np(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int fd, ret = 0;
	__s32 set, got = -1;

	if (argc < 3) {
		fprintf(stderr, "usage: rproc-cdev DEV start|stop|hold [on|off] [CMD]|ioctl-bad\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "rproc-cdev: open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (!strcmp(argv[2], "hold")) {
		set = !(argc > 3 && !strcmp(argv[3], "off"));
		if (ioctl(fd, RPROC_SET_SHUTDOWN_ON_RELEASE, &set) ||
		    ioctl(fd, RPROC_GET_SHUTDOWN_ON_RELEASE, &got)) {
			fprintf(stderr, "rproc-cdev: ioctl: %s\n", strerror(errno));
			ret = 1;
		} else if (got != set) {
			fprintf(stderr, "rproc-cdev: shutdown-on-release reads %d, set %d\n", got,
				set);
			ret = 1;
		} else if (argc > 4) {
			ret = write_cmd(fd, argv[4]);
		}
	} else if (!strcmp(argv[2], "ioctl-bad")) {
		if (ioctl(fd, _IO(RPROC_MAGIC, 0x7f)) == 0 || errno != ENOTTY) {
			fprintf(stderr, "rproc-cdev: unknown ioctl: %s, wanted ENOTTY\n",
				strerror(errno));
			ret = 1;
		}
	} else {
		ret = write_cmd(fd, argv[2]);
	}
	close(fd);
	return ret;
}
