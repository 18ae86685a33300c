/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMP rpmsg virtio transport: trace events (tracefs events/amp_rpmsg/), for following
 * channels and messages with ftrace or trace-cmd (Documentation/debugging.rst).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM amp_rpmsg

#if !defined(_AMP_RPMSG_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _AMP_RPMSG_TRACE_H

#include <linux/rpmsg.h>
#include <linux/tracepoint.h>

/**
 * amp_rpmsg_channel - a channel was made or is going
 * @rpdev: the channel
 * @created: made (true) or going (false)
 */
TRACE_EVENT(amp_rpmsg_channel,
	    TP_PROTO(struct rpmsg_device *rpdev, bool created),
	    TP_ARGS(rpdev, created),
	    TP_STRUCT__entry(__string(dev, dev_name(&rpdev->dev))
			     __field(u32, src)
			     __field(u32, dst)
			     __field(bool, created)),
	    TP_fast_assign(__assign_str(dev, dev_name(&rpdev->dev));
			   __entry->src = rpdev->src;
			   __entry->dst = rpdev->dst;
			   __entry->created = created;),
	    TP_printk("%s %s: src 0x%x dst 0x%x", __get_str(dev),
		      __entry->created ? "created" : "destroyed", __entry->src, __entry->dst)
);

/* one message on the wire: sent (amp_rpmsg_tx) or received (amp_rpmsg_rx) */
DECLARE_EVENT_CLASS(amp_rpmsg_msg,
		    TP_PROTO(struct device *dev, u32 src, u32 dst, unsigned int len),
		    TP_ARGS(dev, src, dst, len),
		    TP_STRUCT__entry(__string(dev, dev_name(dev))
				     __field(u32, src)
				     __field(u32, dst)
				     __field(unsigned int, len)),
		    TP_fast_assign(__assign_str(dev, dev_name(dev));
				   __entry->src = src;
				   __entry->dst = dst;
				   __entry->len = len;),
		    TP_printk("%s: 0x%x -> 0x%x, %u bytes", __get_str(dev), __entry->src,
			      __entry->dst, __entry->len)
);

/**
 * amp_rpmsg_tx - a message is queued for the remote
 * @dev: the transport's virtio device
 * @src: local address
 * @dst: remote address
 * @len: payload bytes
 */
DEFINE_EVENT(amp_rpmsg_msg, amp_rpmsg_tx,
	     TP_PROTO(struct device *dev, u32 src, u32 dst, unsigned int len),
	     TP_ARGS(dev, src, dst, len)
);

/**
 * amp_rpmsg_rx - a message from the remote passed the transport's checks
 * @dev: the transport's virtio device
 * @src: remote address
 * @dst: local address
 * @len: payload bytes
 */
DEFINE_EVENT(amp_rpmsg_msg, amp_rpmsg_rx,
	     TP_PROTO(struct device *dev, u32 src, u32 dst, unsigned int len),
	     TP_ARGS(dev, src, dst, len)
);

#endif /* _AMP_RPMSG_TRACE_H */

/* out of tree: the header is found beside the sources (-I$(src) in Kbuild) */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE amp_rpmsg_trace
#include <trace/define_trace.h>
