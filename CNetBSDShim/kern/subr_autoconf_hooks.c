/*
 * The configuration lock, and the hooks that run when the outermost holder leaves it, once
 * configuration settles: config_defer (after the parent's attach returns),
 * config_interrupts (once interrupts work: when the outermost configuration call ends),
 * config_mountroot (after that, once no configuration is pending: our "root is mounted"), and
 * config_finalize_register (last, repeated until every hook returns 0).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/device.h>
#include "host/nbshim_hypercall.h"
#include "autoconf_impl.h"

/* ---- the configuration lock ------------------------------------------------------------------ */

static _Thread_local char ac_thread_token;	/* its address names the thread */
static const char *volatile ac_owner;
static int ac_depth;				/* owner's nesting */

static void ac_lock(void);

void
autoconf_enter(void)
{
	if (ac_owner == &ac_thread_token) {
		ac_depth++;
		return;
	}
	ac_lock();
	ac_depth = 1;
}

static void
ac_lock(void)
{
	const char *none;

	int spins;

	/* Configuration is rare and an attach may take long: spin briefly, then sleep. */
	for (spins = 0;; spins++) {
		none = NULL;
		if (__atomic_compare_exchange_n(&ac_owner, &none, &ac_thread_token, 0,
		    __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		if (spins < 1000)
			__builtin_ia32_pause();
		else
			nbh_clock_sleep(100000);
	}
}

int
autoconf_release(void)
{
	int depth = ac_depth;

	ac_depth = 0;
	__atomic_store_n(&ac_owner, NULL, __ATOMIC_RELEASE);
	return depth;
}

void
autoconf_reacquire(int depth)
{
	ac_lock();
	ac_depth = depth;
}

void
autoconf_exit(void)
{
	if (ac_depth == 1)
		autoconf_run_hooks();	/* may configure more, at depth 1 */
	if (--ac_depth == 0)
		__atomic_store_n(&ac_owner, NULL, __ATOMIC_RELEASE);
}

bool
autoconf_configuring(void)
{
	return ac_owner == &ac_thread_token;
}

enum hook_kind { HOOK_DEFER, HOOK_INTERRUPTS, HOOK_MOUNTROOT, HOOK_FINALIZE, HOOK_NKINDS };

struct hook {
	enum hook_kind kind;
	device_t dev;
	union {
		void (*fn)(device_t);
		int (*finalize)(device_t);
	} u;
};

/* FIFO; small, so removal shifts. Lock held for every access. */
static struct hook *hooks;
static int nhooks, caphooks;
static volatile int config_pending;

static void
hook_add(enum hook_kind kind, device_t dev, void (*fn)(device_t), int (*finalize)(device_t))
{
	if (nhooks == caphooks) {
		int ncap = caphooks ? caphooks * 2 : 16;
		struct hook *n = nbh_mem_alloc((size_t)ncap * sizeof(*n), 0);
		if (n == NULL)
			panic("autoconf: out of memory for configuration hooks");
		if (nhooks > 0)
			memcpy(n, hooks, (size_t)nhooks * sizeof(*n));
		if (hooks != NULL)
			nbh_mem_free(hooks, (size_t)caphooks * sizeof(*n));
		hooks = n;
		caphooks = ncap;
	}
	hooks[nhooks].kind = kind;
	hooks[nhooks].dev = dev;
	if (kind == HOOK_FINALIZE)
		hooks[nhooks].u.finalize = finalize;
	else
		hooks[nhooks].u.fn = fn;
	nhooks++;
}

static struct hook
hook_take(int i)
{
	struct hook h = hooks[i];

	memmove(&hooks[i], &hooks[i + 1], (size_t)(nhooks - i - 1) * sizeof(*hooks));
	nhooks--;
	return h;
}

static int
hook_first(enum hook_kind kind)
{
	int i;

	for (i = 0; i < nhooks; i++)
		if (hooks[i].kind == kind)
			return i;
	return -1;
}

void
config_defer(device_t dev, void (*fn)(device_t))
{
	if (dev->dv_parent == NULL)
		panic("config_defer: %s is a root device; nothing attaches before it", dev->dv_xname);
	autoconf_enter();
	hook_add(HOOK_DEFER, dev, fn, NULL);
	autoconf_exit();
}

void
config_interrupts(device_t dev, void (*fn)(device_t))
{
	if (!autoconf_configuring()) {
		(*fn)(dev);
		return;
	}
	hook_add(HOOK_INTERRUPTS, dev, fn, NULL);
}

void
config_mountroot(device_t dev, void (*fn)(device_t))
{
	if (!autoconf_configuring()) {
		(*fn)(dev);
		return;
	}
	hook_add(HOOK_MOUNTROOT, dev, fn, NULL);
}

int
config_finalize_register(device_t dev, int (*fn)(device_t))
{
	int i;

	if (!autoconf_configuring()) {
		while ((*fn)(dev) != 0)
			continue;
		return 0;
	}
	for (i = 0; i < nhooks; i++)
		if (hooks[i].kind == HOOK_FINALIZE && hooks[i].u.finalize == fn)
			return EEXIST;
	hook_add(HOOK_FINALIZE, dev, NULL, fn);
	return 0;
}

void
config_pending_incr(device_t dev)
{
	(void)dev;
	__atomic_add_fetch(&config_pending, 1, __ATOMIC_SEQ_CST);
}

void
config_pending_decr(device_t dev)
{
	if (__atomic_sub_fetch(&config_pending, 1, __ATOMIC_SEQ_CST) < 0)
		panic("config_pending_decr: %s decremented more often than it incremented",
		    dev != NULL ? dev->dv_xname : "(no device)");
}

void
autoconf_run_deferred(device_t parent)
{
	int i;

	for (i = 0; i < nhooks; ) {
		if (hooks[i].kind == HOOK_DEFER && hooks[i].dev->dv_parent == parent) {
			struct hook h = hook_take(i);
			(*h.u.fn)(h.dev);
			i = 0;		/* the hook may have queued or removed others */
		} else {
			i++;
		}
	}
}

/*
 * Pending configuration (config_pending_incr by a driver's thread) holds back mountroot hooks,
 * as it holds back NetBSD's root mount. The waiting thread gives up the lock meanwhile.
 */
static void
wait_for_pending(void)
{
	int depth;

	if (__atomic_load_n(&config_pending, __ATOMIC_SEQ_CST) == 0)
		return;
	depth = autoconf_release();
	while (__atomic_load_n(&config_pending, __ATOMIC_SEQ_CST) > 0)
		nbh_clock_sleep(1000000);
	autoconf_reacquire(depth);
}

void
autoconf_run_hooks(void)
{
	int i, again;

	for (;;) {
		if ((i = hook_first(HOOK_DEFER)) >= 0 || (i = hook_first(HOOK_INTERRUPTS)) >= 0) {
			struct hook h = hook_take(i);
			(*h.u.fn)(h.dev);
			continue;
		}
		if (hook_first(HOOK_MOUNTROOT) >= 0 || hook_first(HOOK_FINALIZE) >= 0)
			wait_for_pending();
		if ((i = hook_first(HOOK_MOUNTROOT)) >= 0) {
			struct hook h = hook_take(i);
			(*h.u.fn)(h.dev);
			continue;
		}
		if (hook_first(HOOK_FINALIZE) < 0)
			return;
		/* Every finalizer again, until a whole round reports no more work. */
		do {
			again = 0;
			for (i = 0; i < nhooks; i++)
				if (hooks[i].kind == HOOK_FINALIZE)
					again |= (*hooks[i].u.finalize)(hooks[i].dev);
		} while (again);
		while ((i = hook_first(HOOK_FINALIZE)) >= 0)
			(void)hook_take(i);
	}
}

void
autoconf_forget_hooks(device_t dev)
{
	int i;

	for (i = 0; i < nhooks; )
		if (hooks[i].dev == dev)
			(void)hook_take(i);
		else
			i++;
}
