/*
 * workqueue(9) (sys/workqueue.h in NetBSD's API): one thread per queue runs the work items in the
 * order they were enqueued. Without WQ_MPSAFE a work item runs under the kernel lock.
 */
#ifndef _NBSHIM_SYS_WORKQUEUE_H_
#define _NBSHIM_SYS_WORKQUEUE_H_

#include <sys/types.h>

struct cpu_info;
struct workqueue;
typedef int pri_t;

struct work {
	void	*wk_dummy;	/* queue link, owned by the workqueue while enqueued */
};

#define WQ_MPSAFE	0x01
#define WQ_PERCPU	0x02	/* one queue suffices with one CPU */

int	workqueue_create(struct workqueue **, const char *, void (*)(struct work *, void *), void *,
	    pri_t, int, int);
void	workqueue_destroy(struct workqueue *);
void	workqueue_enqueue(struct workqueue *, struct work *, struct cpu_info *);
void	workqueue_wait(struct workqueue *, struct work *);

#endif
