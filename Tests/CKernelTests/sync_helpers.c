/* Helpers for the synchronization tests (sync_helpers.h). */
#include "sync_helpers.h"

struct lwp *
ksync_spawn(void (*fn)(void *), void *arg, const char *name)
{
	struct lwp *l;
	int error;

	error = kthread_create(PRI_NONE, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL, fn, arg, &l,
	    "%s", name);
	if (error != 0)
		panic("ksync_spawn(%s): error %d", name, error);
	return l;
}

void
ksync_join(struct lwp *l)
{
	kthread_join(l);
}

bool
ksync_wait_for(volatile int *p, int want, int ms)
{
	uint64_t end = ksync_ms() + (uint64_t)ms;

	while (__atomic_load_n(p, __ATOMIC_ACQUIRE) != want) {
		if (ksync_ms() > end)
			return false;
		kpause("kswait", false, 1, NULL);
	}
	return true;
}
