/*
 * pserialize(9) with two reader counts: a read section counts itself in the current epoch's slot;
 * pserialize_perform starts a new epoch and waits for the old slot to empty, so every reader that
 * began before it has left. Writers are serialized by their own lock; one perform at a time.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include <sys/intr.h>
#include <sys/pserialize.h>
#include "kern/init_private.h"

struct pserialize {
	int nbshim_unused;
};

static volatile unsigned readers[2];	/* by epoch parity */
static volatile unsigned epoch;
static kmutex_t perform_lock;
static _Thread_local unsigned depth, entered_slot;

static int
pserialize_start(void)
{
	mutex_init(&perform_lock, MUTEX_DEFAULT, IPL_NONE);
	return 0;
}
NBSHIM_INIT(pserialize_start, 12);

pserialize_t
pserialize_create(void)
{
	return kmem_zalloc(sizeof(struct pserialize), KM_SLEEP);
}

void
pserialize_destroy(pserialize_t ps)
{
	kmem_free(ps, sizeof(*ps));
}

int
pserialize_read_enter(void)
{
	int s = splsoftserial();

	if (depth++ == 0) {
		/* Counted in the slot of an epoch that was current after the count took. */
		for (;;) {
			unsigned e = __atomic_load_n(&epoch, __ATOMIC_SEQ_CST) & 1;
			__atomic_add_fetch(&readers[e], 1, __ATOMIC_SEQ_CST);
			if ((__atomic_load_n(&epoch, __ATOMIC_SEQ_CST) & 1) == e) {
				entered_slot = e;
				break;
			}
			__atomic_sub_fetch(&readers[e], 1, __ATOMIC_SEQ_CST);
		}
	}
	return s;
}

void
pserialize_read_exit(int s)
{
	KASSERT(depth > 0);
	if (--depth == 0)
		__atomic_sub_fetch(&readers[entered_slot], 1, __ATOMIC_SEQ_CST);
	splx(s);
}

bool pserialize_in_read_section(void) { return depth > 0; }
bool pserialize_not_in_read_section(void) { return depth == 0; }

void
pserialize_perform(pserialize_t ps)
{
	unsigned old;

	(void)ps;
	if (depth > 0)
		panic("pserialize_perform: called inside a read section");
	mutex_enter(&perform_lock);
	old = __atomic_fetch_add(&epoch, 1, __ATOMIC_SEQ_CST) & 1;
	while (__atomic_load_n(&readers[old], __ATOMIC_SEQ_CST) != 0)
		kpause("pserper", false, 1, NULL);
	mutex_exit(&perform_lock);
}
