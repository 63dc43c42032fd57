/*
 * condvar(9) on host condition variables bound to the kmutex's host lock. A waiter gives up the
 * interrupt lock while it sleeps; on waking it holds the host lock, so it lets go of it, takes the
 * interrupt lock and then the mutex again, the order every other path uses.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/condvar.h>
#include <sys/lwp.h>
#include "kern/sync_private.h"
#include "kern_mutex.h"

struct nbshim_cond {
	struct nbh_cond	*host;
	volatile u_int	waiters;
};

void
cv_init(kcondvar_t *cv, const char *wmesg)
{
	struct nbshim_cond *c = nbshim_alloc(sizeof(*c), "cv_init");

	if (nbh_cond_init(&c->host) != 0)
		panic("cv_init: the host cannot create a condition variable");
	cv->cv_cond = c;
	cv->cv_wmesg = wmesg;
}

static struct nbshim_cond *
lookup(kcondvar_t *cv, const char *fn)
{
	struct nbshim_cond *c = cv->cv_cond;

	if (__predict_false(c == NULL))
		panic("%s: condvar %p was not initialized (cv_init)", fn, cv);
	return c;
}

void
cv_destroy(kcondvar_t *cv)
{
	struct nbshim_cond *c = lookup(cv, "cv_destroy");

	if (c->waiters != 0)
		panic("cv_destroy: condvar %p (%s) has %u waiters", cv, cv->cv_wmesg, c->waiters);
	nbh_cond_destroy(c->host);
	nbshim_free(c, sizeof(*c));
	cv->cv_cond = NULL;
}

/* Waits up to `ticks` (0: no limit); 0 or EWOULDBLOCK. */
static int
cv_block(kcondvar_t *cv, kmutex_t *mtx, int ticks, const char *fn)
{
	struct nbshim_cond *c = lookup(cv, fn);
	struct nbshim_mutex *m = mtx->mtx_lock;
	struct lwp *l = curlwp;
	uint64_t deadline;
	bool held;
	int error = 0;

	if (m == NULL || m->owner != l)
		panic("%s: condvar %p (%s): mutex %p not held by %s", fn, cv, cv->cv_wmesg, mtx,
		    l->l_name);
	if (l->l_nbshim_intr > 0)
		panic("%s: condvar %p (%s): cannot sleep in an interrupt handler", fn, cv,
		    cv->cv_wmesg);
	deadline = nbshim_deadline(ticks < 0 ? 1 : ticks);
	__atomic_add_fetch(&c->waiters, 1, __ATOMIC_RELAXED);
	m->owner = NULL;
	held = nbshim_biglock_drop(l);
	if (deadline != 0)
		error = nbh_cond_timedwait(c->host, m->host, deadline);
	else
		nbh_cond_wait(c->host, m->host);
	if (held) {
		nbh_mutex_exit(m->host);
		nbshim_biglock_resume(l, held);
		nbshim_mutex_acquire(m, l);
	}
	m->owner = l;
	__atomic_sub_fetch(&c->waiters, 1, __ATOMIC_RELAXED);
	return error;
}

void
cv_wait(kcondvar_t *cv, kmutex_t *mtx)
{
	(void)cv_block(cv, mtx, 0, "cv_wait");
}

int
cv_wait_sig(kcondvar_t *cv, kmutex_t *mtx)
{
	return cv_block(cv, mtx, 0, "cv_wait_sig");
}

int
cv_timedwait(kcondvar_t *cv, kmutex_t *mtx, int ticks)
{
	return cv_block(cv, mtx, ticks, "cv_timedwait");
}

int
cv_timedwait_sig(kcondvar_t *cv, kmutex_t *mtx, int ticks)
{
	return cv_block(cv, mtx, ticks, "cv_timedwait_sig");
}

void
cv_signal(kcondvar_t *cv)
{
	struct nbshim_cond *c = lookup(cv, "cv_signal");

	if (c->waiters != 0)
		nbh_cond_signal(c->host);
}

void
cv_broadcast(kcondvar_t *cv)
{
	struct nbshim_cond *c = lookup(cv, "cv_broadcast");

	if (c->waiters != 0)
		nbh_cond_broadcast(c->host);
}

bool
cv_has_waiters(kcondvar_t *cv)
{
	return lookup(cv, "cv_has_waiters")->waiters != 0;
}

bool
cv_is_valid(kcondvar_t *cv)
{
	return cv->cv_cond != NULL;
}
