/*
 * callout(9): one queue sorted by expiry (equal expiries keep their scheduling order) and one
 * thread that sleeps until the head is due, then runs it. The state flags follow NetBSD's:
 * running a callout clears PENDING and sets FIRED and INVOKING; stop/halt report and clear FIRED.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/callout.h>
#include <sys/kthread.h>
#include <sys/mutex.h>
#include "kern/init_private.h"
#include "kern/sync_private.h"

#define CALLOUT_MAGIC	0x43414c4cu

static struct nbh_mutex *volatile callout_lock;
static struct nbh_cond *volatile callout_wake;	/* the queue head changed */
static struct nbh_cond *volatile callout_done;	/* a handler returned */
static callout_t *queue;
static callout_t *running;			/* handler executing now */
static struct lwp *callout_lwp;

static struct nbh_mutex *
lock(void)
{
	struct nbh_mutex *m = nbshim_host_mutex(&callout_lock, false);

	nbh_mutex_enter(m);
	return m;
}

static void
check(callout_t *c, const char *fn)
{
	if (__predict_false(c->c_magic != CALLOUT_MAGIC))
		panic("%s: callout %p was not initialized (callout_init)", fn, c);
}

static void
unqueue(callout_t *c)
{
	callout_t **pp;

	for (pp = &queue; *pp != c; pp = &(*pp)->c_next)
		continue;
	*pp = c->c_next;
	c->c_next = NULL;
}

void
callout_init(callout_t *c, u_int flags)
{
	memset(c, 0, sizeof(*c));
	c->c_flags = flags & CALLOUT_FLAGMASK;
	c->c_magic = CALLOUT_MAGIC;
}

void
callout_destroy(callout_t *c)
{
	struct nbh_mutex *m;

	check(c, "callout_destroy");
	m = lock();
	if (c->c_flags & CALLOUT_PENDING)
		panic("callout_destroy: callout %p (func %p) is still pending", c, c->c_func);
	if (running == c && curlwp != callout_lwp)
		panic("callout_destroy: callout %p (func %p) is running", c, c->c_func);
	c->c_magic = 0;
	nbh_mutex_exit(m);
}

void
callout_setfunc(callout_t *c, void (*func)(void *), void *arg)
{
	struct nbh_mutex *m;

	check(c, "callout_setfunc");
	m = lock();
	c->c_func = func;
	c->c_arg = arg;
	nbh_mutex_exit(m);
}

static void
schedule_locked(callout_t *c, int ticks)
{
	callout_t **pp;

	if (c->c_func == NULL)
		panic("callout_schedule: callout %p has no function (callout_setfunc)", c);
	if (ticks <= 0)
		ticks = 1;
	if (c->c_flags & CALLOUT_PENDING)
		unqueue(c);
	c->c_flags = (c->c_flags & ~(CALLOUT_FIRED | CALLOUT_INVOKING)) | CALLOUT_PENDING;
	c->c_when = nbshim_deadline(ticks);
	for (pp = &queue; *pp != NULL && (*pp)->c_when <= c->c_when; pp = &(*pp)->c_next)
		continue;
	c->c_next = *pp;
	*pp = c;
	if (queue == c)
		nbh_cond_signal(nbshim_host_cond(&callout_wake));
}

void
callout_reset(callout_t *c, int ticks, void (*func)(void *), void *arg)
{
	struct nbh_mutex *m;

	check(c, "callout_reset");
	m = lock();
	c->c_func = func;
	c->c_arg = arg;
	schedule_locked(c, ticks);
	nbh_mutex_exit(m);
}

void
callout_schedule(callout_t *c, int ticks)
{
	struct nbh_mutex *m;

	check(c, "callout_schedule");
	m = lock();
	schedule_locked(c, ticks);
	nbh_mutex_exit(m);
}

/* Cancels a pending call; true when the callout had fired since it was last scheduled. */
static bool
stop_locked(callout_t *c)
{
	bool expired = (c->c_flags & CALLOUT_FIRED) != 0;

	if (c->c_flags & CALLOUT_PENDING)
		unqueue(c);
	c->c_flags &= ~(CALLOUT_PENDING | CALLOUT_FIRED);
	return expired;
}

bool
callout_stop(callout_t *c)
{
	struct nbh_mutex *m;
	bool expired;

	check(c, "callout_stop");
	m = lock();
	expired = stop_locked(c);
	nbh_mutex_exit(m);
	return expired;
}

/*
 * As callout_stop, then waits for a running handler to return (unless called from it). The
 * interlock, a kmutex the handler may take, is released while waiting and held again after.
 */
bool
callout_halt(callout_t *c, void *interlock)
{
	struct nbh_mutex *m;
	struct lwp *l = curlwp;
	bool expired, held;

	check(c, "callout_halt");
	m = lock();
	expired = stop_locked(c);
	while (running == c && l != callout_lwp) {
		if (interlock != NULL)
			mutex_exit(interlock);
		held = nbshim_biglock_drop(l);
		nbh_cond_wait(nbshim_host_cond(&callout_done), m);
		nbh_mutex_exit(m);
		nbshim_biglock_resume(l, held);
		if (interlock != NULL)
			mutex_enter(interlock);
		m = lock();
	}
	nbh_mutex_exit(m);
	return expired;
}

static bool
flag(callout_t *c, u_int mask, const char *fn)
{
	struct nbh_mutex *m;
	bool set;

	check(c, fn);
	m = lock();
	set = (c->c_flags & mask) != 0;
	nbh_mutex_exit(m);
	return set;
}

bool callout_pending(callout_t *c) { return flag(c, CALLOUT_PENDING, "callout_pending"); }
bool callout_expired(callout_t *c) { return flag(c, CALLOUT_FIRED, "callout_expired"); }
bool callout_invoking(callout_t *c) { return flag(c, CALLOUT_INVOKING, "callout_invoking"); }
bool callout_active(callout_t *c)
{
	return flag(c, CALLOUT_PENDING | CALLOUT_FIRED, "callout_active");
}

void
callout_ack(callout_t *c)
{
	struct nbh_mutex *m;

	check(c, "callout_ack");
	m = lock();
	c->c_flags &= ~CALLOUT_INVOKING;
	nbh_mutex_exit(m);
}

/* There is one CPU: every callout is bound to it already. */
void
callout_bind(callout_t *c, struct cpu_info *ci)
{
	check(c, "callout_bind");
	(void)ci;
}

static void
callout_thread(void *arg)
{
	struct nbh_mutex *m = lock();
	struct nbh_cond *wake = nbshim_host_cond(&callout_wake);
	struct nbh_cond *done = nbshim_host_cond(&callout_done);
	void (*func)(void *);
	bool mpsafe;
	callout_t *c;

	(void)arg;
	for (;;) {
		c = queue;
		if (c == NULL) {
			nbh_cond_wait(wake, m);
			continue;
		}
		if (c->c_when > nbh_clock_monotonic()) {
			(void)nbh_cond_timedwait(wake, m, c->c_when);
			continue;
		}
		queue = c->c_next;
		c->c_next = NULL;
		c->c_flags = (c->c_flags & ~CALLOUT_PENDING) | CALLOUT_FIRED | CALLOUT_INVOKING;
		func = c->c_func;
		arg = c->c_arg;
		mpsafe = (c->c_flags & CALLOUT_MPSAFE) != 0;
		running = c;
		nbh_mutex_exit(m);
		if (!mpsafe)
			nbshim_kernel_lock();
		func(arg);
		/*
		 * A handler that returns with its IPL raised (9.1's wm_tick leaves a splnet() open) is
		 * put back to the thread's level, as NetBSD's softclock does when it retakes its spin
		 * lock; otherwise this thread would keep the interrupt lock for good.
		 */
		nbshim_spllower(curlwp, IPL_NONE);
		if (!mpsafe)
			nbshim_kernel_unlock();
		m = lock();
		running = NULL;
		nbh_cond_broadcast(done);
	}
}

static int
callout_startup(void)
{
	return kthread_create(PRI_SOFTCLOCK, KTHREAD_MPSAFE, NULL, callout_thread, NULL,
	    &callout_lwp, "callout");
}
NBSHIM_INIT(callout_startup, 20);
