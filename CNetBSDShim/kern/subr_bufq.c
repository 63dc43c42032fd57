/* bufq(9): "fcfs" and "disksort" queues of struct buf, linked through b_actq. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/queue.h>
#include <sys/buf.h>
#include <sys/bufq.h>

struct bufq_strat {
	const char	*name;
	void		(*put)(struct bufq_state *, struct buf *);
};

struct bufq_state {
	TAILQ_HEAD(, buf)	head;
	const struct bufq_strat	*strat;
	int			flags;
};

static void
fcfs_put(struct bufq_state *q, struct buf *bp)
{
	TAILQ_INSERT_TAIL(&q->head, bp, b_actq);
}

/* True when `a` is served before `b` in the queue's sort order. */
static bool
before(const struct bufq_state *q, const struct buf *a, const struct buf *b)
{
	if ((q->flags & BUFQ_SORT_MASK) == BUFQ_SORT_CYLINDER && a->b_cylinder != b->b_cylinder)
		return a->b_cylinder < b->b_cylinder;
	return a->b_rawblkno < b->b_rawblkno;
}

/*
 * The queue holds at most two ascending runs: requests at or past the head's position, then those
 * behind it for the next sweep. Equal keys keep their arrival order.
 */
static void
disksort_put(struct bufq_state *q, struct buf *bp)
{
	struct buf *at = TAILQ_FIRST(&q->head), *next;

	if (at == NULL) {
		TAILQ_INSERT_TAIL(&q->head, bp, b_actq);
		return;
	}
	if (before(q, bp, at)) {
		/* Behind the head: skip to the end of the first run. */
		while ((next = TAILQ_NEXT(at, b_actq)) != NULL && !before(q, next, at))
			at = next;
		if (next == NULL || before(q, bp, next)) {
			TAILQ_INSERT_AFTER(&q->head, at, bp, b_actq);
			return;
		}
		at = next;
	}
	while ((next = TAILQ_NEXT(at, b_actq)) != NULL && !before(q, next, at) && !before(q, bp, next))
		at = next;
	TAILQ_INSERT_AFTER(&q->head, at, bp, b_actq);
}

static const struct bufq_strat strategies[] = {
	{ "disksort", disksort_put },		/* first: the default */
	{ "fcfs", fcfs_put },
};

int
bufq_alloc(struct bufq_state **qp, const char *name, int flags)
{
	const struct bufq_strat *s = &strategies[0];
	struct bufq_state *q;
	size_t i;

	if (name != NULL) {
		for (i = 0; i < __arraycount(strategies); i++)
			if (strcmp(strategies[i].name, name) == 0)
				break;
		if (i < __arraycount(strategies))
			s = &strategies[i];
		else if (flags & BUFQ_EXACT)
			return ENOENT;
	}
	q = kmem_zalloc(sizeof(*q), KM_SLEEP);
	TAILQ_INIT(&q->head);
	q->strat = s;
	q->flags = flags;
	*qp = q;
	return 0;
}

void
bufq_put(struct bufq_state *q, struct buf *bp)
{
	q->strat->put(q, bp);
}

struct buf *
bufq_peek(struct bufq_state *q)
{
	return TAILQ_FIRST(&q->head);
}

struct buf *
bufq_get(struct bufq_state *q)
{
	struct buf *bp = TAILQ_FIRST(&q->head);

	if (bp != NULL)
		TAILQ_REMOVE(&q->head, bp, b_actq);
	return bp;
}

struct buf *
bufq_cancel(struct bufq_state *q, struct buf *bp)
{
	struct buf *e;

	TAILQ_FOREACH(e, &q->head, b_actq)
		if (e == bp) {
			TAILQ_REMOVE(&q->head, bp, b_actq);
			return bp;
		}
	return NULL;
}

void
bufq_drain(struct bufq_state *q)
{
	struct buf *bp;

	while ((bp = bufq_get(q)) != NULL) {
		bp->b_error = EIO;
		bp->b_resid = bp->b_bcount;
		biodone(bp);
	}
}

void
bufq_move(struct bufq_state *dst, struct bufq_state *src)
{
	struct buf *bp;

	while ((bp = bufq_get(src)) != NULL)
		bufq_put(dst, bp);
}

const char *
bufq_getstrategyname(struct bufq_state *q)
{
	return q->strat->name;
}

void
bufq_free(struct bufq_state *q)
{
	if (!TAILQ_EMPTY(&q->head))
		panic("bufq_free: %s queue %p is not empty", q->strat->name, q);
	kmem_free(q, sizeof(*q));
}
