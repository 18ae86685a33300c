/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMP remoteproc core: trace events (tracefs events/amp_remoteproc/), for following a
 * remote's life with ftrace or trace-cmd (Documentation/debugging.rst).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM amp_remoteproc

#if !defined(_AMP_RPROC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _AMP_RPROC_TRACE_H

#include <linux/remoteproc.h>
#include <linux/tracepoint.h>

/* the state's sysfs name, from the core's own table */
const char *amp_rproc_state_name(unsigned int state);

/**
 * amp_rproc_state - a remote's state changed
 * @rproc: the remote
 * @old: its state before
 * @new: its state now
 */
TRACE_EVENT(amp_rproc_state,
	    TP_PROTO(struct rproc *rproc, unsigned int old, unsigned int new),
	    TP_ARGS(rproc, old, new),
	    TP_STRUCT__entry(__string(dev, dev_name(&rproc->dev))
			     __field(unsigned int, old)
			     __field(unsigned int, new)),
	    TP_fast_assign(__assign_str(dev, dev_name(&rproc->dev));
			   __entry->old = old;
			   __entry->new = new;),
	    TP_printk("%s: %s -> %s", __get_str(dev), amp_rproc_state_name(__entry->old),
		      amp_rproc_state_name(__entry->new))
);

/**
 * amp_rproc_crash - the core handles a crash of a remote
 * @rproc: the remote
 * @type: the crash's &enum rproc_crash_type
 * @type_name: its name
 * @count: crashes of the remote so far, this one included
 */
TRACE_EVENT(amp_rproc_crash,
	    TP_PROTO(struct rproc *rproc, unsigned int type, const char *type_name,
		     unsigned int count),
	    TP_ARGS(rproc, type, type_name, count),
	    TP_STRUCT__entry(__string(dev, dev_name(&rproc->dev))
			     __string(type_name, type_name)
			     __field(unsigned int, type)
			     __field(unsigned int, count)
			     __field(bool, recovery)),
	    TP_fast_assign(__assign_str(dev, dev_name(&rproc->dev));
			   __assign_str(type_name, type_name);
			   __entry->type = type;
			   __entry->count = count;
			   __entry->recovery = !rproc->recovery_disabled;),
	    TP_printk("%s: crash %u, type %u (%s), recovery %s", __get_str(dev),
		      __entry->count, __entry->type, __get_str(type_name),
		      __entry->recovery ? "on" : "off")
);

#endif /* _AMP_RPROC_TRACE_H */

/* out of tree: the header is found beside the sources (-I$(src) in Kbuild) */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE amp_rproc_trace
#include <trace/define_trace.h>
