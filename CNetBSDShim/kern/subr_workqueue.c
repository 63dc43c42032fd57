/*
 * workqueue(9): a FIFO of struct work per queue and one thread that runs them in order. Without
 * WQ_MPSAFE each item runs under the kernel lock. workqueue_destroy runs what is still queued,
 * then ends the thread.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/workqueue.h>
#include <sys/kthread.h>
#include "kern/sync_private.h"

struct workqueue {
	void			(*wq_func)(struct work *, void *);
	void			*wq_arg;
	int			wq_flags;
	struct nbh_mutex	*wq_lock;
	struct nbh_cond		*wq_cv;		/* work arrived, or an item finished */
	struct work		*wq_head, **wq_tail;
	struct work		*wq_running;
	bool			wq_dying;
	struct lwp		*wq_lwp;
};

static void
workqueue_thread(void *arg)
{
	struct workqueue *wq = arg;
	struct work *wk;

	nbh_mutex_enter(wq->wq_lock);
	for (;;) {
		if ((wk = wq->wq_head) == NULL) {
			if (wq->wq_dying)
				break;
			nbh_cond_wait(wq->wq_cv, wq->wq_lock);
			continue;
		}
		wq->wq_head = wk->wk_dummy;
		if (wq->wq_head == NULL)
			wq->wq_tail = &wq->wq_head;
		wq->wq_running = wk;
		nbh_mutex_exit(wq->wq_lock);
		if (wq->wq_flags & WQ_MPSAFE)
			wq->wq_func(wk, wq->wq_arg);
		else {
			nbshim_kernel_lock();
			wq->wq_func(wk, wq->wq_arg);
			nbshim_kernel_unlock();
		}
		nbh_mutex_enter(wq->wq_lock);
		wq->wq_running = NULL;
		nbh_cond_broadcast(wq->wq_cv);
	}
	nbh_mutex_exit(wq->wq_lock);
}

int
workqueue_create(struct workqueue **out, const char *name, void (*func)(struct work *, void *),
    void *arg, pri_t pri, int ipl, int flags)
{
	struct workqueue *wq = nbshim_alloc(sizeof(*wq), "workqueue_create");
	int error;

	(void)ipl;	/* the queue's lock is a host lock: safe to enqueue from any IPL */
	wq->wq_func = func;
	wq->wq_arg = arg;
	wq->wq_flags = flags;
	wq->wq_tail = &wq->wq_head;
	if (nbh_mutex_init(&wq->wq_lock, true) != 0 || nbh_cond_init(&wq->wq_cv) != 0)
		panic("workqueue_create(%s): the host cannot create a lock", name);
	error = kthread_create(pri, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL, workqueue_thread, wq,
	    &wq->wq_lwp, "%s", name);
	if (error != 0) {
		nbh_cond_destroy(wq->wq_cv);
		nbh_mutex_destroy(wq->wq_lock);
		nbshim_free(wq, sizeof(*wq));
		return error;
	}
	*out = wq;
	return 0;
}

void
workqueue_enqueue(struct workqueue *wq, struct work *wk, struct cpu_info *ci)
{
	(void)ci;
	nbh_mutex_enter(wq->wq_lock);
	if (wq->wq_dying)
		panic("workqueue_enqueue: queue %s is being destroyed", wq->wq_lwp->l_name);
	wk->wk_dummy = NULL;
	*wq->wq_tail = wk;
	wq->wq_tail = (struct work **)&wk->wk_dummy;
	nbh_cond_broadcast(wq->wq_cv);
	nbh_mutex_exit(wq->wq_lock);
}

static bool
queued(struct workqueue *wq, struct work *wk)
{
	struct work *w;

	for (w = wq->wq_head; w != NULL; w = w->wk_dummy)
		if (w == wk)
			return true;
	return wq->wq_running == wk;
}

/* Returns once `wk` is neither queued nor running. */
void
workqueue_wait(struct workqueue *wq, struct work *wk)
{
	struct lwp *l = curlwp;
	bool held;

	if (l == wq->wq_lwp)
		panic("workqueue_wait: called from queue %s's own thread", l->l_name);
	nbh_mutex_enter(wq->wq_lock);
	while (queued(wq, wk)) {
		held = nbshim_biglock_drop(l);
		nbh_cond_wait(wq->wq_cv, wq->wq_lock);
		nbh_mutex_exit(wq->wq_lock);
		nbshim_biglock_resume(l, held);
		nbh_mutex_enter(wq->wq_lock);
	}
	nbh_mutex_exit(wq->wq_lock);
}

void
workqueue_destroy(struct workqueue *wq)
{
	nbh_mutex_enter(wq->wq_lock);
	wq->wq_dying = true;
	nbh_cond_broadcast(wq->wq_cv);
	nbh_mutex_exit(wq->wq_lock);
	kthread_join(wq->wq_lwp);
	nbh_cond_destroy(wq->wq_cv);
	nbh_mutex_destroy(wq->wq_lock);
	nbshim_free(wq, sizeof(*wq));
}
