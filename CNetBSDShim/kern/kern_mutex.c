/*
 * mutex(9) on host locks, one host lock per mutex. A spin mutex (MUTEX_SPIN, or MUTEX_DEFAULT at
 * IPL_VM and above) raises its holder's IPL to its level, like NetBSD's, but without the
 * interrupt lock (spl.c), so MPSAFE drivers at IPL_NET do not serialise on it. The interrupt lock
 * comes before spin mutexes and a thread holding one never waits for it, so a thread may wait for
 * a spin mutex's host lock while holding the interrupt lock. Any other wait for a host lock first
 * releases the interrupt lock (kern/sync_private.h).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/lwp.h>
#include "kern/sync_private.h"
#include "kern_mutex.h"

void
mutex_init(kmutex_t *mtx, kmutex_type_t type, int ipl)
{
	struct nbshim_mutex *m;

	switch (type) {
	case MUTEX_ADAPTIVE:
		if (ipl != IPL_NONE)
			panic("mutex_init: adaptive mutex %p at IPL %d (must be IPL_NONE)", mtx, ipl);
		break;
	case MUTEX_SPIN:
	case MUTEX_DEFAULT:
	case MUTEX_DRIVER:
	case MUTEX_NODEBUG:
		break;
	default:
		panic("mutex_init: mutex %p: unknown type %d", mtx, (int)type);
	}
	if (ipl < IPL_NONE || ipl > IPL_HIGH)
		panic("mutex_init: mutex %p: IPL %d out of range", mtx, ipl);
	m = nbshim_alloc(sizeof(*m), "mutex_init");
	m->spin = type == MUTEX_SPIN || (type != MUTEX_ADAPTIVE && ipl >= IPL_VM);
	m->ipl = ipl;
	if (nbh_mutex_init(&m->host, m->spin) != 0)
		panic("mutex_init: the host cannot create a mutex");
	mtx->mtx_lock = m;
}

static struct nbshim_mutex *
lookup(kmutex_t *mtx, const char *fn)
{
	struct nbshim_mutex *m = mtx->mtx_lock;

	if (__predict_false(m == NULL))
		panic("%s: mutex %p was not initialized (mutex_init)", fn, mtx);
	return m;
}

void
mutex_destroy(kmutex_t *mtx)
{
	struct nbshim_mutex *m = lookup(mtx, "mutex_destroy");

	if (m->owner != NULL)
		panic("mutex_destroy: mutex %p is held by %s", mtx, m->owner->l_name);
	nbh_mutex_destroy(m->host);
	nbshim_free(m, sizeof(*m));
	mtx->mtx_lock = NULL;
}

/* The host lock of `m` for `l`, whose IPL (and interrupt lock) are already where they belong. */
void
nbshim_mutex_acquire(struct nbshim_mutex *m, struct lwp *l)
{
	bool held;

	if (nbh_mutex_tryenter(m->host))
		return;
	if (m->spin && m->ipl > IPL_NONE) {
		/* Its holder does not wait for the interrupt lock we may hold. */
		nbh_mutex_enter(m->host);
		return;
	}
	held = nbshim_biglock_drop(l);
	nbh_mutex_enter(m->host);
	nbshim_biglock_resume(l, held);
}

void
mutex_enter(kmutex_t *mtx)
{
	struct nbshim_mutex *m = lookup(mtx, "mutex_enter");
	struct lwp *l = nbshim_lwp_self();

	if (__predict_false(m->owner == l))
		panic("mutex_enter: %s locking mutex %p against itself", l->l_name, mtx);
	if (m->spin) {
		int s = nbshim_splraise_mutex(l, m->ipl);
		if (l->l_nbshim_mtxcount++ == 0)
			l->l_nbshim_mtxspl = s;
	}
	nbshim_mutex_acquire(m, l);
	m->owner = l;
}

int
mutex_tryenter(kmutex_t *mtx)
{
	struct nbshim_mutex *m = lookup(mtx, "mutex_tryenter");
	struct lwp *l = nbshim_lwp_self();
	int s = 0;

	if (m->owner == l)
		return 0;
	if (m->spin)
		s = nbshim_splraise_mutex(l, m->ipl);
	if (!nbh_mutex_tryenter(m->host)) {
		if (m->spin)
			nbshim_spllower(l, s);
		return 0;
	}
	if (m->spin && l->l_nbshim_mtxcount++ == 0)
		l->l_nbshim_mtxspl = s;
	m->owner = l;
	return 1;
}

void
mutex_exit(kmutex_t *mtx)
{
	struct nbshim_mutex *m = lookup(mtx, "mutex_exit");
	struct lwp *l = nbshim_lwp_self();

	if (__predict_false(m->owner != l))
		panic("mutex_exit: mutex %p is held by %s, not by %s", mtx,
		    m->owner != NULL ? m->owner->l_name : "nobody", l->l_name);
	m->owner = NULL;
	nbh_mutex_exit(m->host);
	if (m->spin && --l->l_nbshim_mtxcount == 0)
		nbshim_spllower(l, l->l_nbshim_mtxspl);
}

void
mutex_spin_enter(kmutex_t *mtx)
{
	mutex_enter(mtx);
}

void
mutex_spin_exit(kmutex_t *mtx)
{
	mutex_exit(mtx);
}

int
mutex_owned(kmutex_t *mtx)
{
	return lookup(mtx, "mutex_owned")->owner == nbshim_lwp_self();
}

struct lwp *
mutex_owner(kmutex_t *mtx)
{
	return lookup(mtx, "mutex_owner")->owner;
}

/* Reference-counted mutexes: the kmutex_t comes first, so the object is the mutex. */
struct mutex_obj {
	kmutex_t	mo_lock;
	volatile u_int	mo_refcnt;
};

kmutex_t *
mutex_obj_alloc(kmutex_type_t type, int ipl)
{
	struct mutex_obj *mo = nbshim_alloc(sizeof(*mo), "mutex_obj_alloc");

	mutex_init(&mo->mo_lock, type, ipl);
	mo->mo_refcnt = 1;
	return &mo->mo_lock;
}

void
mutex_obj_hold(kmutex_t *mtx)
{
	struct mutex_obj *mo = (struct mutex_obj *)mtx;

	if (__atomic_fetch_add(&mo->mo_refcnt, 1, __ATOMIC_RELAXED) == 0)
		panic("mutex_obj_hold: mutex %p was already freed", mtx);
}

bool
mutex_obj_free(kmutex_t *mtx)
{
	struct mutex_obj *mo = (struct mutex_obj *)mtx;

	if (__atomic_sub_fetch(&mo->mo_refcnt, 1, __ATOMIC_ACQ_REL) > 0)
		return false;
	mutex_destroy(&mo->mo_lock);
	nbshim_free(mo, sizeof(*mo));
	return true;
}
