/*
 * rwlock(9) built from a host mutex and two host condition variables, so that downgrade and
 * tryupgrade are exact (host rwlocks have neither). Waiting writers hold new readers back. Like
 * an adaptive mutex, a thread waiting here gives up the interrupt lock.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/rwlock.h>
#include <sys/lwp.h>
#include "kern/sync_private.h"

struct nbshim_rwlock {
	struct nbh_mutex *lock;
	struct nbh_cond	*readers_cv;
	struct nbh_cond	*writers_cv;
	u_int		readers;
	u_int		writers_waiting;
	struct lwp	*writer;
};

void
rw_init(krwlock_t *rw)
{
	struct nbshim_rwlock *r = nbshim_alloc(sizeof(*r), "rw_init");

	if (nbh_mutex_init(&r->lock, false) != 0 || nbh_cond_init(&r->readers_cv) != 0 ||
	    nbh_cond_init(&r->writers_cv) != 0)
		panic("rw_init: the host cannot create a lock");
	rw->rw_lock = r;
}

static struct nbshim_rwlock *
lookup(krwlock_t *rw, const char *fn)
{
	struct nbshim_rwlock *r = rw->rw_lock;

	if (__predict_false(r == NULL))
		panic("%s: rwlock %p was not initialized (rw_init)", fn, rw);
	return r;
}

void
rw_destroy(krwlock_t *rw)
{
	struct nbshim_rwlock *r = lookup(rw, "rw_destroy");

	if (r->readers != 0 || r->writer != NULL)
		panic("rw_destroy: rwlock %p is held", rw);
	nbh_cond_destroy(r->writers_cv);
	nbh_cond_destroy(r->readers_cv);
	nbh_mutex_destroy(r->lock);
	nbshim_free(r, sizeof(*r));
	rw->rw_lock = NULL;
}

static bool
try_locked(struct nbshim_rwlock *r, krw_t op, struct lwp *l)
{
	if (op == RW_WRITER) {
		if (r->writer != NULL || r->readers != 0)
			return false;
		r->writer = l;
	} else {
		if (r->writer != NULL || r->writers_waiting != 0)
			return false;
		r->readers++;
	}
	return true;
}

void
rw_enter(krwlock_t *rw, const krw_t op)
{
	struct nbshim_rwlock *r = lookup(rw, "rw_enter");
	struct lwp *l = curlwp;
	bool held;

	nbh_mutex_enter(r->lock);
	if (r->writer == l)
		panic("rw_enter: %s locking rwlock %p against itself", l->l_name, rw);
	if (try_locked(r, op, l)) {
		nbh_mutex_exit(r->lock);
		return;
	}
	held = nbshim_biglock_drop(l);
	if (op == RW_WRITER)
		r->writers_waiting++;
	for (;;) {
		if (op == RW_WRITER) {
			if (r->writer == NULL && r->readers == 0)
				break;
			nbh_cond_wait(r->writers_cv, r->lock);
		} else {
			if (try_locked(r, op, l))
				break;
			nbh_cond_wait(r->readers_cv, r->lock);
		}
	}
	if (op == RW_WRITER) {
		r->writers_waiting--;
		r->writer = l;
	}
	nbh_mutex_exit(r->lock);
	nbshim_biglock_resume(l, held);
}

int
rw_tryenter(krwlock_t *rw, const krw_t op)
{
	struct nbshim_rwlock *r = lookup(rw, "rw_tryenter");
	bool ok;

	nbh_mutex_enter(r->lock);
	ok = try_locked(r, op, curlwp);
	nbh_mutex_exit(r->lock);
	return ok;
}

/* Wakes whoever may go now: a writer if the lock is free and one waits, else all readers. */
static void
wake_locked(struct nbshim_rwlock *r)
{
	if (r->writer != NULL)
		return;
	if (r->writers_waiting != 0) {
		if (r->readers == 0)
			nbh_cond_signal(r->writers_cv);
	} else
		nbh_cond_broadcast(r->readers_cv);
}

void
rw_exit(krwlock_t *rw)
{
	struct nbshim_rwlock *r = lookup(rw, "rw_exit");
	struct lwp *l = curlwp;

	nbh_mutex_enter(r->lock);
	if (r->writer == l)
		r->writer = NULL;
	else if (r->writer == NULL && r->readers > 0)
		r->readers--;
	else
		panic("rw_exit: rwlock %p is not held by %s", rw, l->l_name);
	wake_locked(r);
	nbh_mutex_exit(r->lock);
}

void
rw_downgrade(krwlock_t *rw)
{
	struct nbshim_rwlock *r = lookup(rw, "rw_downgrade");
	struct lwp *l = curlwp;

	nbh_mutex_enter(r->lock);
	if (r->writer != l)
		panic("rw_downgrade: rwlock %p is not write-held by %s", rw, l->l_name);
	r->writer = NULL;
	r->readers = 1;
	if (r->writers_waiting == 0)
		nbh_cond_broadcast(r->readers_cv);
	nbh_mutex_exit(r->lock);
}

/* Succeeds when the caller is the only reader. */
int
rw_tryupgrade(krwlock_t *rw)
{
	struct nbshim_rwlock *r = lookup(rw, "rw_tryupgrade");
	bool ok;

	nbh_mutex_enter(r->lock);
	if (r->writer != NULL || r->readers == 0)
		panic("rw_tryupgrade: rwlock %p is not read-held", rw);
	ok = r->readers == 1;
	if (ok) {
		r->readers = 0;
		r->writer = curlwp;
	}
	nbh_mutex_exit(r->lock);
	return ok;
}

int
rw_read_held(krwlock_t *rw)
{
	return lookup(rw, "rw_read_held")->readers != 0;
}

int
rw_write_held(krwlock_t *rw)
{
	return lookup(rw, "rw_write_held")->writer == curlwp;
}

int
rw_lock_held(krwlock_t *rw)
{
	return rw_read_held(rw) || rw_write_held(rw);
}

struct rw_obj {
	krwlock_t	ro_lock;
	volatile u_int	ro_refcnt;
};

krwlock_t *
rw_obj_alloc(void)
{
	struct rw_obj *ro = nbshim_alloc(sizeof(*ro), "rw_obj_alloc");

	rw_init(&ro->ro_lock);
	ro->ro_refcnt = 1;
	return &ro->ro_lock;
}

void
rw_obj_hold(krwlock_t *rw)
{
	struct rw_obj *ro = (struct rw_obj *)rw;

	if (__atomic_fetch_add(&ro->ro_refcnt, 1, __ATOMIC_RELAXED) == 0)
		panic("rw_obj_hold: rwlock %p was already freed", rw);
}

bool
rw_obj_free(krwlock_t *rw)
{
	struct rw_obj *ro = (struct rw_obj *)rw;

	if (__atomic_sub_fetch(&ro->ro_refcnt, 1, __ATOMIC_ACQ_REL) > 0)
		return false;
	rw_destroy(&ro->ro_lock);
	nbshim_free(ro, sizeof(*ro));
	return true;
}
