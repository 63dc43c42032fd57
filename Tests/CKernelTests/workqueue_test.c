/* workqueue(9): every item runs, in order, once; wait and destroy drain; non-MPSAFE vs spl. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/workqueue.h>
#include <sys/intr.h>
#include "sync_helpers.h"
#include "ktest.h"

#define ITEMS	200

struct job {
	struct work	wk;
	int		id;
};

struct log {
	int		order[ITEMS];
	volatile int	n;
};

static void
run_job(struct work *wk, void *arg)
{
	struct job *j = (struct job *)wk;	/* wk is the first member */
	struct log *lg = arg;

	lg->order[lg->n] = j->id;
	__atomic_store_n(&lg->n, lg->n + 1, __ATOMIC_RELEASE);
}

KTEST(workqueue_runs_all_in_order)
{
	static struct job jobs[ITEMS];
	static struct log lg;
	struct workqueue *wq;
	int i;

	memset(&lg, 0, sizeof(lg));
	KT_ASSERT(workqueue_create(&wq, "ktwq", run_job, &lg, PRI_NONE, IPL_NET, WQ_MPSAFE) == 0);
	for (i = 0; i < ITEMS; i++) {
		jobs[i].id = i;
		workqueue_enqueue(wq, &jobs[i].wk, NULL);
	}
	workqueue_wait(wq, &jobs[ITEMS - 1].wk);
	KT_ASSERT(lg.n == ITEMS, "%d of %d ran", lg.n, ITEMS);
	for (i = 0; i < ITEMS; i++)
		KT_ASSERT(lg.order[i] == i, "position %d ran item %d", i, lg.order[i]);

	/* Items still queued when the queue is destroyed run first. */
	lg.n = 0;
	for (i = 0; i < 10; i++)
		workqueue_enqueue(wq, &jobs[i].wk, NULL);
	workqueue_destroy(wq);
	KT_ASSERT(lg.n == 10, "destroy left %d of 10 items unrun", 10 - lg.n);
}

KTEST(workqueue_not_mpsafe_excluded_by_spl)
{
	static struct job job;
	static struct log lg;
	struct workqueue *wq;
	int s, inside;

	memset(&lg, 0, sizeof(lg));
	KT_ASSERT(workqueue_create(&wq, "ktwqlk", run_job, &lg, PRI_NONE, IPL_NONE, 0) == 0);
	s = splnet();
	workqueue_enqueue(wq, &job.wk, NULL);
	DELAY(30000);
	inside = lg.n;
	splx(s);
	KT_ASSERT(inside == 0, "non-MPSAFE work ran inside splnet()");
	workqueue_wait(wq, &job.wk);
	KT_ASSERT(lg.n == 1);
	workqueue_destroy(wq);
}
