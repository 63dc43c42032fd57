/* rwlock(9): readers share, writers exclude, downgrade/tryupgrade, held predicates. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/rwlock.h>
#include "sync_helpers.h"
#include "ktest.h"

struct rwrace {
	krwlock_t	lock;
	volatile int	readers_in;
	volatile int	arrived;	/* readers that got in, never decremented */
	volatile int	max_readers;
	volatile int	writers_in;
	volatile int	violations;
	int		counter;
};

static void
reader_waits_for_company(void *arg)
{
	struct rwrace *r = arg;
	int n;

	rw_enter(&r->lock, RW_READER);
	__atomic_add_fetch(&r->readers_in, 1, __ATOMIC_SEQ_CST);
	if (!rw_read_held(&r->lock) || rw_write_held(&r->lock))
		__atomic_add_fetch(&r->violations, 1, __ATOMIC_RELAXED);
	/* Both readers inside at once proves sharing; give the other one a second. */
	__atomic_add_fetch(&r->arrived, 1, __ATOMIC_SEQ_CST);
	ksync_wait_for(&r->arrived, 2, 1000);
	n = __atomic_load_n(&r->readers_in, __ATOMIC_SEQ_CST);
	if (n > r->max_readers)
		r->max_readers = n;
	__atomic_sub_fetch(&r->readers_in, 1, __ATOMIC_SEQ_CST);
	rw_exit(&r->lock);
}

KTEST(rwlock_readers_share)
{
	struct rwrace r = { .readers_in = 0 };
	struct lwp *a, *b;

	rw_init(&r.lock);
	a = ksync_spawn(reader_waits_for_company, &r, "ktrd1");
	b = ksync_spawn(reader_waits_for_company, &r, "ktrd2");
	ksync_join(a);
	ksync_join(b);
	KT_ASSERT(r.max_readers == 2, "readers never held the lock together");
	KT_ASSERT(r.violations == 0);
	KT_ASSERT(!rw_lock_held(&r.lock));
	rw_destroy(&r.lock);
}

#define ROUNDS	5000

static void
writer(void *arg)
{
	struct rwrace *r = arg;
	int i, v;

	for (i = 0; i < ROUNDS; i++) {
		rw_enter(&r->lock, (i % 4) == 0 ? RW_READER : RW_WRITER);
		if (rw_write_held(&r->lock)) {
			if (__atomic_add_fetch(&r->writers_in, 1, __ATOMIC_SEQ_CST) != 1 ||
			    r->readers_in != 0)
				__atomic_add_fetch(&r->violations, 1, __ATOMIC_RELAXED);
			v = r->counter;
			__insn_barrier();
			r->counter = v + 1;
			__atomic_sub_fetch(&r->writers_in, 1, __ATOMIC_SEQ_CST);
		} else {
			__atomic_add_fetch(&r->readers_in, 1, __ATOMIC_SEQ_CST);
			if (r->writers_in != 0)
				__atomic_add_fetch(&r->violations, 1, __ATOMIC_RELAXED);
			__atomic_sub_fetch(&r->readers_in, 1, __ATOMIC_SEQ_CST);
		}
		rw_exit(&r->lock);
	}
}

KTEST(rwlock_writers_exclude)
{
	struct rwrace r = { .readers_in = 0 };
	struct lwp *l[3];
	int i;

	rw_init(&r.lock);
	for (i = 0; i < 3; i++)
		l[i] = ksync_spawn(writer, &r, "ktwr");
	for (i = 0; i < 3; i++)
		ksync_join(l[i]);
	KT_ASSERT(r.violations == 0, "%d exclusion violations", r.violations);
	KT_ASSERT(r.counter == 3 * (ROUNDS - ROUNDS / 4), "counter %d", r.counter);
	rw_destroy(&r.lock);
}

struct try_args {
	krwlock_t	*lock;
	krw_t		op;
	volatile int	result;
	volatile int	done;
};

static void
try_once(void *arg)
{
	struct try_args *t = arg;

	t->result = rw_tryenter(t->lock, t->op);
	if (t->result)
		rw_exit(t->lock);
	t->done = 1;
}

static int
try_from_other_thread(krwlock_t *lock, krw_t op)
{
	struct try_args t = { lock, op, -1, 0 };

	ksync_join(ksync_spawn(try_once, &t, "kttry"));
	return t.result;
}

KTEST(rwlock_downgrade_upgrade)
{
	krwlock_t *lock = rw_obj_alloc();

	rw_enter(lock, RW_WRITER);
	KT_ASSERT(rw_write_held(lock) && !rw_read_held(lock));
	KT_ASSERT(!try_from_other_thread(lock, RW_READER), "reader got in beside a writer");
	rw_downgrade(lock);
	KT_ASSERT(!rw_write_held(lock) && rw_read_held(lock));
	KT_ASSERT(try_from_other_thread(lock, RW_READER), "reader kept out after downgrade");
	KT_ASSERT(!try_from_other_thread(lock, RW_WRITER), "writer got in beside a reader");
	KT_ASSERT(rw_tryupgrade(lock), "sole reader could not upgrade");
	KT_ASSERT(rw_write_held(lock));
	rw_exit(lock);
	KT_ASSERT(!rw_lock_held(lock));
	rw_obj_hold(lock);
	KT_ASSERT(!rw_obj_free(lock) && rw_obj_free(lock));
}
