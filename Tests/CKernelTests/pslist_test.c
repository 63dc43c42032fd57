/* pslist(9) under pserialize(9): list operations, and readers racing a writer that frees. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kthread.h>
#include <sys/mutex.h>
#include <sys/pslist.h>
#include <sys/pserialize.h>
#include "ktest.h"

struct elt {
	int v;
	volatile int alive;
	struct pslist_entry link;
};

static int
order(struct pslist_head *h, int *out, int max)
{
	struct elt *e;
	int n = 0;

	PSLIST_READER_FOREACH(e, h, struct elt, link)
		if (n < max)
			out[n++] = e->v;
	return n;
}

KTEST(pslist_insert_remove_order)
{
	struct pslist_head h = PSLIST_INITIALIZER;
	struct elt a = { .v = 1 }, b = { .v = 2 }, c = { .v = 3 }, d = { .v = 4 };
	int got[8];

	PSLIST_ENTRY_INIT(&a, link); PSLIST_ENTRY_INIT(&b, link);
	PSLIST_ENTRY_INIT(&c, link); PSLIST_ENTRY_INIT(&d, link);
	KT_ASSERT(PSLIST_READER_FIRST(&h, struct elt, link) == NULL);
	PSLIST_WRITER_INSERT_HEAD(&h, &b, link);		/* 2 */
	PSLIST_WRITER_INSERT_HEAD(&h, &a, link);		/* 1 2 */
	PSLIST_WRITER_INSERT_AFTER(&b, &d, link);		/* 1 2 4 */
	PSLIST_WRITER_INSERT_BEFORE(&d, &c, link);		/* 1 2 3 4 */
	KT_ASSERT(order(&h, got, 8) == 4 && got[0] == 1 && got[1] == 2 && got[2] == 3 && got[3] == 4);
	PSLIST_WRITER_REMOVE(&a, link);
	PSLIST_WRITER_REMOVE(&c, link);
	KT_ASSERT(order(&h, got, 8) == 2 && got[0] == 2 && got[1] == 4);
	PSLIST_WRITER_REMOVE(&d, link);
	PSLIST_WRITER_INSERT_HEAD(&h, &c, link);		/* 3 2 */
	KT_ASSERT(order(&h, got, 8) == 2 && got[0] == 3 && got[1] == 2);
	KT_ASSERT(PSLIST_WRITER_NEXT(PSLIST_WRITER_FIRST(&h, struct elt, link), struct elt, link) == &b);
}

#define NELT	16
static struct pslist_head race_head = PSLIST_INITIALIZER;
static struct elt race_elts[NELT];
static volatile int race_stop, race_bad, race_reads;

static void
race_reader(void *arg)
{
	struct elt *e;
	int s;

	(void)arg;
	while (!__atomic_load_n(&race_stop, __ATOMIC_ACQUIRE)) {
		s = pserialize_read_enter();
		PSLIST_READER_FOREACH(e, &race_head, struct elt, link) {
			if (!e->alive)
				__atomic_add_fetch(&race_bad, 1, __ATOMIC_SEQ_CST);
			delay(5);	/* linger on it, as a reader that does work would */
			if (!e->alive)
				__atomic_add_fetch(&race_bad, 1, __ATOMIC_SEQ_CST);
		}
		pserialize_read_exit(s);
		__atomic_add_fetch(&race_reads, 1, __ATOMIC_RELAXED);
	}
	kthread_exit(0);
}

/* The writer unlinks an element, waits for readers, then marks it dead (as free would make it):
 * no reader may see a dead element. */
KTEST(pserialize_readers_never_see_freed)
{
	struct lwp *r[2];
	pserialize_t psz = pserialize_create();
	kmutex_t lock;
	int i, round;

	mutex_init(&lock, MUTEX_DEFAULT, IPL_NONE);
	race_stop = race_bad = race_reads = 0;
	for (i = 0; i < NELT; i++) {
		race_elts[i] = (struct elt){ .v = i, .alive = 1 };
		PSLIST_ENTRY_INIT(&race_elts[i], link);
		PSLIST_WRITER_INSERT_HEAD(&race_head, &race_elts[i], link);
	}
	for (i = 0; i < 2; i++)
		KT_ASSERT(kthread_create(PRI_NONE, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL, race_reader,
		    NULL, &r[i], "psreader%d", i) == 0);
	for (round = 0; round < 200; round++) {
		struct elt *e = &race_elts[round % NELT];
		mutex_enter(&lock);
		PSLIST_WRITER_REMOVE(e, link);
		pserialize_perform(psz);
		e->alive = 0;			/* "freed" for a while */
		delay(100);
		e->alive = 1;			/* and reused */
		PSLIST_ENTRY_INIT(e, link);
		PSLIST_WRITER_INSERT_HEAD(&race_head, e, link);
		mutex_exit(&lock);
	}
	__atomic_store_n(&race_stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < 2; i++)
		kthread_join(r[i]);
	KT_ASSERT(race_bad == 0, "%d dead elements seen", race_bad);
	KT_ASSERT(race_reads > 0);
	KT_ASSERT(!pserialize_in_read_section());
	pserialize_destroy(psz);
	mutex_destroy(&lock);
}
