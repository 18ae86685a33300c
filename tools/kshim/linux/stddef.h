/* SPDX-License-Identifier: GPL-2.0 */
/* kshim: <linux/stddef.h>: the uapi part (system header), offsetof() and its kernel kin. */
#ifndef _KSHIM_LINUX_STDDEF_H
#define _KSHIM_LINUX_STDDEF_H

#include_next <linux/stddef.h>
#include <stdbool.h>
#include <stddef.h>

#define sizeof_field(TYPE, MEMBER)	sizeof((((TYPE *)0)->MEMBER))
#define offsetofend(TYPE, MEMBER)	(offsetof(TYPE, MEMBER) + sizeof_field(TYPE, MEMBER))

#endif /* _KSHIM_LINUX_STDDEF_H */
