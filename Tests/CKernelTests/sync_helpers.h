/* Shared by the synchronization tests: threads to race against, and bounded waiting. */
#ifndef NBSHIM_SYNC_HELPERS_H
#define NBSHIM_SYNC_HELPERS_H

#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kthread.h>
#include <sys/proc.h>
#include "host/nbshim_hypercall.h"

/* An MPSAFE, joinable kthread running fn(arg); panics when the host cannot start it. */
struct lwp *ksync_spawn(void (*fn)(void *), void *arg, const char *name);
void ksync_join(struct lwp *);

/* Milliseconds since an arbitrary start, from the monotonic clock. */
static inline uint64_t
ksync_ms(void)
{
	return nbh_clock_monotonic() / 1000000;
}

/* Sleeps a tick at a time until *p == want or `ms` passed; true when it became equal. */
bool ksync_wait_for(volatile int *p, int want, int ms);

#endif
