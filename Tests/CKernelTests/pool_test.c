/* pool(9) and pool_cache(9): item size and alignment, reuse, limits, constructors. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/pool.h>
#include "ktest.h"

KTEST(pool_basic)
{
	struct pool pp;
	void *items[300];
	int i, j;

	pool_init(&pp, 40, 64, 0, 0, "ktestpl", NULL, IPL_NONE);
	for (i = 0; i < 300; i++) {
		items[i] = pool_get(&pp, PR_WAITOK);
		KT_ASSERT(items[i] != NULL && ((uintptr_t)items[i] & 63) == 0, "%p", items[i]);
		memset(items[i], i, 40);
	}
	/* Distinct, non-overlapping items. */
	for (i = 0; i < 300; i++)
		for (j = 0; j < 40; j++)
			KT_ASSERT(((unsigned char *)items[i])[j] == (unsigned char)i, "item %d byte %d", i, j);
	KT_ASSERT(pp.pr_nout == 300 && pp.pr_npages == 5, "%u out, %u pages", pp.pr_nout, pp.pr_npages);
	pool_put(&pp, items[7]);
	KT_ASSERT(pool_get(&pp, PR_NOWAIT | PR_ZERO) == items[7], "a freed item is reused first");
	for (j = 0; j < 40; j++)
		KT_ASSERT(((unsigned char *)items[7])[j] == 0, "PR_ZERO: byte %d is %d", j, ((unsigned char *)items[7])[j]);
	for (i = 0; i < 300; i++)
		pool_put(&pp, items[i]);
	KT_ASSERT(pp.pr_nout == 0);
	pool_destroy(&pp);
}

KTEST(pool_large_items_and_limit)
{
	struct pool pp;
	void *a, *b;

	pool_init(&pp, 3 * PAGE_SIZE, 0, 0, 0, "ktestbig", NULL, IPL_NET);
	pool_sethardlimit(&pp, 1, NULL, 0);
	a = pool_get(&pp, PR_NOWAIT);
	KT_ASSERT(a != NULL);
	memset(a, 1, 3 * PAGE_SIZE);
	KT_ASSERT(pool_get(&pp, PR_NOWAIT) == NULL, "the hard limit let a second item out");
	pool_put(&pp, a);
	b = pool_get(&pp, PR_NOWAIT);
	KT_ASSERT(b == a);
	pool_put(&pp, b);
	pool_destroy(&pp);
}

static int ctor_calls, dtor_calls;

static int
ktest_ctor(void *arg, void *obj, int flags)
{
	(void)flags;
	ctor_calls++;
	*(int *)obj = *(int *)arg;
	return 0;
}

static void
ktest_dtor(void *arg, void *obj)
{
	(void)arg;
	*(int *)obj = -1;
	dtor_calls++;
}

KTEST(pool_cache_ctor_dtor)
{
	static int magic = 4242;
	pool_cache_t pc;
	paddr_t pa;
	int *o1, *o2;

	ctor_calls = dtor_calls = 0;
	pc = pool_cache_init(sizeof(int) * 8, 0, 0, 0, "ktestpc", NULL, IPL_NONE, ktest_ctor, ktest_dtor, &magic);
	o1 = pool_cache_get_paddr(pc, PR_WAITOK, &pa);
	KT_ASSERT(o1 != NULL && *o1 == 4242 && ctor_calls == 1);
	KT_ASSERT(pa == POOL_PADDR_INVALID);
	*o1 = 7;	/* the object's state survives a put and get */
	pool_cache_put(pc, o1);
	o2 = pool_cache_get(pc, PR_WAITOK);
	KT_ASSERT(o2 == o1 && *o2 == 7 && ctor_calls == 1, "ctor %d", ctor_calls);
	pool_cache_put(pc, o2);
	pool_cache_invalidate(pc);
	KT_ASSERT(dtor_calls == 1);
	o1 = pool_cache_get(pc, PR_WAITOK);
	KT_ASSERT(*o1 == 4242 && ctor_calls == 2);
	pool_cache_put(pc, o1);
	pool_cache_destroy(pc);
	KT_ASSERT(dtor_calls == 2);
}
