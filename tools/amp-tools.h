/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tools and the test programs share: errno names, sysfs attributes, and the
 * numbered entries of a directory (remoteprocN, rpmsgN). Header-only; include it after
 * defining _GNU_SOURCE (for strerrorname_np()).
 */
#ifndef AMP_TOOLS_H
#define AMP_TOOLS_H

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "EPIPE" for EPIPE: glibc's name, or "errno N" for one it does not know. */
static inline const char *errname(int e)
{
	static __thread char buf[24];
	const char *name = strerrorname_np(e);

	if (name)
		return name;
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/* Read the sysfs file @dir/@attr into @buf, without its trailing newline: 0 or -errno. */
static inline int read_attr(const char *dir, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd, e;

	if (snprintf(path, sizeof(path), "%s/%s", dir, attr) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}

static inline int amp_cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The numbers N of @dir's entries @prefix<N>, ascending, at most @max: their count or -errno. */
static inline int scan_nums(const char *dir, const char *prefix, int *nums, int max)
{
	size_t len = strlen(prefix);
	struct dirent *de;
	int n = 0;
	char *end;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && n < max) {
		if (strncmp(de->d_name, prefix, len) || !isdigit((unsigned char)de->d_name[len]))
			continue;
		nums[n] = strtol(de->d_name + len, &end, 10);
		if (!*end)
			n++;
	}
	closedir(d);
	qsort(nums, n, sizeof(*nums), amp_cmp_int);
	return n;
}

#endif /* AMP_TOOLS_H */
