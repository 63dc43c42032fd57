/*
 * Sleeping on wait channels: tsleep/mtsleep/wakeup/wakeup_one, kpause, yield. Sleepers hang on a
 * hashed bucket under one host lock; wakeup marks the matching sleepers and wakes the bucket.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/mutex.h>
#include "kern/sync_private.h"

#define SLEEPTAB_SIZE	64

struct sleeper {
	struct sleeper	*next;
	wchan_t		wchan;
	bool		woken;
};

static struct nbh_mutex *volatile sleeptab_lock;
static struct sleeptab_bucket {
	struct sleeper		*head;
	struct nbh_cond *volatile cv;
} sleeptab[SLEEPTAB_SIZE];

uint64_t
nbshim_deadline(int ticks)
{
	if (ticks == 0)
		return 0;
	return nbh_clock_monotonic() + (uint64_t)ticks * NBSHIM_NS_PER_TICK;
}

static struct sleeptab_bucket *
bucket(wchan_t wchan)
{
	uintptr_t h = (uintptr_t)wchan;

	h ^= h >> 17;
	return &sleeptab[(h >> 4) % SLEEPTAB_SIZE];
}

static int
sleep_on(wchan_t wchan, pri_t pri, const char *wmesg, int timo, kmutex_t *mtx, const char *fn)
{
	struct sleeptab_bucket *b = bucket(wchan);
	struct nbh_mutex *lock = nbshim_host_mutex(&sleeptab_lock, false);
	struct nbh_cond *cv = nbshim_host_cond(&b->cv);
	struct sleeper s = { .wchan = wchan }, **pp;
	struct lwp *l = curlwp;
	uint64_t deadline;
	bool held;

	if (l->l_nbshim_intr > 0)
		panic("%s(%s): cannot sleep in an interrupt handler", fn, wmesg);
	if (timo < 0)
		panic("%s(%s): negative timeout %d", fn, wmesg, timo);
	deadline = nbshim_deadline(timo);
	nbh_mutex_enter(lock);
	s.next = b->head;
	b->head = &s;
	if (mtx != NULL)
		mutex_exit(mtx);	/* after queueing: a wakeup from now on finds us */
	held = nbshim_biglock_drop(l);
	while (!s.woken) {
		if (deadline != 0) {
			if (nbh_cond_timedwait(cv, lock, deadline) != 0)
				break;
		} else
			nbh_cond_wait(cv, lock);
	}
	for (pp = &b->head; *pp != &s; pp = &(*pp)->next)
		continue;
	*pp = s.next;
	nbh_mutex_exit(lock);
	nbshim_biglock_resume(l, held);
	if (mtx != NULL && (pri & PNORELOCK) == 0)
		mutex_enter(mtx);
	return s.woken ? 0 : EWOULDBLOCK;
}

int
tsleep(wchan_t wchan, pri_t pri, const char *wmesg, int timo)
{
	return sleep_on(wchan, pri, wmesg, timo, NULL, "tsleep");
}

int
mtsleep(wchan_t wchan, pri_t pri, const char *wmesg, int timo, kmutex_t *mtx)
{
	return sleep_on(wchan, pri, wmesg, timo, mtx, "mtsleep");
}

static void
wake(wchan_t wchan, bool all)
{
	struct sleeptab_bucket *b = bucket(wchan);
	struct nbh_mutex *lock = nbshim_host_mutex(&sleeptab_lock, false);
	struct sleeper *s;
	bool any = false;

	nbh_mutex_enter(lock);
	for (s = b->head; s != NULL; s = s->next) {
		if (s->wchan != wchan || s->woken)
			continue;
		s->woken = any = true;
		if (!all)
			break;
	}
	if (any)
		nbh_cond_broadcast(nbshim_host_cond(&b->cv));
	nbh_mutex_exit(lock);
}

void
wakeup(wchan_t wchan)
{
	wake(wchan, true);
}

void
wakeup_one(wchan_t wchan)
{
	wake(wchan, false);
}

/* Sleeps `timo` ticks on a channel nobody wakes; `intr` would allow signals, which never come. */
int
kpause(const char *wmesg, bool intr, int timo, kmutex_t *mtx)
{
	char chan = 0;

	(void)intr;
	return sleep_on(&chan, 0, wmesg, timo, mtx, "kpause");
}

void
yield(void)
{
	bool held = nbshim_biglock_drop(curlwp);

	nbh_thread_yield();
	nbshim_biglock_resume(curlwp, held);
}

void
preempt(void)
{
	yield();
}
