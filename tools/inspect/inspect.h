/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampctl inspect (inspect.c): built with the kernel files on tools/kshim, called by
 * ampctl.c, which is built on the system's headers; hence nothing here but plain C.
 */
#ifndef _AMP_INSPECT_H
#define _AMP_INSPECT_H

int ampctl_inspect(int argc, char **argv);

#endif /* _AMP_INSPECT_H */
