/*
 * pool(9) and pool_cache(9). A pool carves fixed-size items out of pages from its allocator and
 * keeps free items on a list; pages go back to the allocator when the pool is destroyed. A
 * pool_cache adds a list of constructed objects in front of its pool, so the constructor runs
 * only when no constructed object is free.
 *
 * pool_cache_get_paddr reports POOL_PADDR_INVALID: pool memory is ordinary host memory, whose
 * bus address nobody knows (only memory from nbh_dma_alloc has one). NetBSD's callers treat the
 * invalid address as "look it up when loading the DMA map", which bus_dma does.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/pool.h>
#include <sys/syslog.h>
#include "host/nbshim_hypercall.h"

struct pool_page {
	struct pool_page *pp_next;
	void *pp_mem;
};

static void *
pool_page_alloc(struct pool *pp, int flags)
{
	void *p = nbh_mem_alloc(pp->pr_pagesz, PAGE_SIZE);

	if (p == NULL && (flags & PR_WAITOK))
		panic("pool %s: the host is out of memory for a %u-byte page", pp->pr_wchan, pp->pr_pagesz);
	return p;
}

static void
pool_page_free(struct pool *pp, void *p)
{
	nbh_mem_free(p, pp->pr_pagesz);
}

struct pool_allocator pool_allocator_kmem = { pool_page_alloc, pool_page_free, 0 };
struct pool_allocator pool_allocator_nointr = { pool_page_alloc, pool_page_free, 0 };
struct pool_allocator pool_allocator_meta = { pool_page_alloc, pool_page_free, 0 };

static bool
default_allocator(const struct pool_allocator *pa)
{
	return pa == &pool_allocator_kmem || pa == &pool_allocator_nointr || pa == &pool_allocator_meta;
}

void
pool_init(struct pool *pp, size_t size, u_int align, u_int align_offset, int flags,
    const char *wchan, struct pool_allocator *palloc, int ipl)
{
	size_t pagesz;

	if (align == 0)
		align = ALIGNBYTES + 1;
	if (!powerof2(align))
		panic("pool_init(%s): alignment %u is not a power of two", wchan, align);
	if (align_offset != 0)
		panic("pool_init(%s): align_offset %u is not implemented", wchan, align_offset);
	if (palloc == NULL)
		palloc = &pool_allocator_kmem;
	memset(pp, 0, sizeof(*pp));
	pp->pr_wchan = wchan;
	pp->pr_alloc = palloc;
	pp->pr_reqsize = size;
	pp->pr_size = roundup(size < sizeof(void *) ? sizeof(void *) : size, align);
	pp->pr_align = align;
	pp->pr_ipl = ipl;
	pp->pr_flags = flags;
	pp->pr_hardlimit = UINT_MAX;

	pagesz = palloc->pa_pagesz != 0 ? palloc->pa_pagesz : PAGE_SIZE;
	if (pp->pr_size > pagesz) {
		/* Only our own allocators can hand out larger pages. */
		if (!default_allocator(palloc))
			panic("pool_init(%s): item size %zu exceeds the allocator's page size %zu",
			    wchan, pp->pr_size, pagesz);
		while (pagesz < pp->pr_size)
			pagesz <<= 1;
	}
	if (pagesz % align != 0)
		panic("pool_init(%s): page size %zu is not a multiple of the alignment %u", wchan, pagesz, align);
	pp->pr_pagesz = (unsigned int)pagesz;
	mutex_init(&pp->pr_lock, MUTEX_DEFAULT, ipl);
	cv_init(&pp->pr_cv, wchan);
}

void
pool_destroy(struct pool *pp)
{
	struct pool_page *pg;

	if (pp->pr_nout != 0)
		panic("pool_destroy(%s): %u items are still out", pp->pr_wchan, pp->pr_nout);
	while ((pg = pp->pr_pages) != NULL) {
		pp->pr_pages = pg->pp_next;
		pp->pr_alloc->pa_free(pp, pg->pp_mem);
		kmem_free(pg, sizeof(*pg));
	}
	cv_destroy(&pp->pr_cv);
	mutex_destroy(&pp->pr_lock);
}

void
pool_set_drain_hook(struct pool *pp, void (*fn)(void *, int), void *arg)
{
	pp->pr_drain_hook = fn;
	pp->pr_drain_hook_arg = arg;
}

/* Adds one page of free items; called and returns with the pool locked. */
static bool
pool_grow(struct pool *pp, int flags)
{
	struct pool_page *pg;
	char *mem;
	size_t off;

	mutex_exit(&pp->pr_lock);
	mem = pp->pr_alloc->pa_alloc(pp, flags);
	pg = mem != NULL ? kmem_alloc(sizeof(*pg), (flags & PR_WAITOK) ? KM_SLEEP : KM_NOSLEEP) : NULL;
	mutex_enter(&pp->pr_lock);
	if (pg == NULL) {
		if (mem != NULL)
			pp->pr_alloc->pa_free(pp, mem);
		return false;
	}
	if (((uintptr_t)mem & (pp->pr_align - 1)) != 0)
		panic("pool %s: allocator page %p is not aligned to %u", pp->pr_wchan, mem, pp->pr_align);
	pg->pp_mem = mem;
	pg->pp_next = pp->pr_pages;
	pp->pr_pages = pg;
	pp->pr_npages++;
	for (off = 0; off + pp->pr_size <= pp->pr_pagesz; off += pp->pr_size) {
		*(void **)(mem + off) = pp->pr_freelist;
		pp->pr_freelist = mem + off;
		pp->pr_nitems++;
	}
	return true;
}

void *
pool_get(struct pool *pp, int flags)
{
	void *item;

	KASSERTMSG((flags & (PR_WAITOK | PR_NOWAIT)) == PR_WAITOK ||
	    (flags & (PR_WAITOK | PR_NOWAIT)) == PR_NOWAIT,
	    "pool_get(%s): flags %#x need exactly one of PR_WAITOK and PR_NOWAIT", pp->pr_wchan, flags);
	mutex_enter(&pp->pr_lock);
	while (pp->pr_nout >= pp->pr_hardlimit) {
		if (pp->pr_hardlimit_warning != NULL && !pp->pr_hardlimit_warned) {
			pp->pr_hardlimit_warned = true;
			log(LOG_WARNING, "%s\n", pp->pr_hardlimit_warning);
		}
		if ((flags & PR_NOWAIT) || (flags & PR_LIMITFAIL)) {
			pp->pr_nfail++;
			mutex_exit(&pp->pr_lock);
			return NULL;
		}
		if (pp->pr_drain_hook != NULL) {
			mutex_exit(&pp->pr_lock);
			pp->pr_drain_hook(pp->pr_drain_hook_arg, flags);
			mutex_enter(&pp->pr_lock);
			if (pp->pr_nout < pp->pr_hardlimit)
				break;
		}
		cv_wait(&pp->pr_cv, &pp->pr_lock);
	}
	while (pp->pr_freelist == NULL) {
		if (!pool_grow(pp, flags)) {
			pp->pr_nfail++;
			mutex_exit(&pp->pr_lock);
			return NULL;
		}
	}
	item = pp->pr_freelist;
	pp->pr_freelist = *(void **)item;
	pp->pr_nitems--;
	pp->pr_nout++;
	pp->pr_nget++;
	mutex_exit(&pp->pr_lock);
	if (flags & PR_ZERO)
		memset(item, 0, pp->pr_size);
	return item;
}

void
pool_put(struct pool *pp, void *item)
{
	if (item == NULL)
		panic("pool_put(%s): NULL item", pp->pr_wchan);
	if (((uintptr_t)item & (pp->pr_align - 1)) != 0)
		panic("pool_put(%s): %p is not an item of this pool (misaligned)", pp->pr_wchan, item);
	mutex_enter(&pp->pr_lock);
	if (pp->pr_nout == 0)
		panic("pool_put(%s): %p, but no items are out (double put?)", pp->pr_wchan, item);
	*(void **)item = pp->pr_freelist;
	pp->pr_freelist = item;
	pp->pr_nitems++;
	pp->pr_nout--;
	pp->pr_nput++;
	if (pp->pr_nout + 1 == pp->pr_hardlimit)
		cv_broadcast(&pp->pr_cv);
	mutex_exit(&pp->pr_lock);
}

/* Pages stay with the pool until pool_destroy: nothing is reclaimed. */
int
pool_reclaim(struct pool *pp)
{
	(void)pp;
	return 0;
}

int
pool_prime(struct pool *pp, int n)
{
	int error = 0;

	mutex_enter(&pp->pr_lock);
	while (pp->pr_nitems < (unsigned int)n) {
		if (!pool_grow(pp, PR_NOWAIT)) {
			error = ENOMEM;
			break;
		}
	}
	mutex_exit(&pp->pr_lock);
	return error;
}

/* Watermarks tune how many free pages NetBSD keeps; free items all stay here. */
void pool_setlowat(struct pool *pp, int n) { (void)pp; (void)n; }
void pool_sethiwat(struct pool *pp, int n) { (void)pp; (void)n; }

void
pool_sethardlimit(struct pool *pp, int n, const char *warnmess, int ratecap)
{
	(void)ratecap;
	mutex_enter(&pp->pr_lock);
	pp->pr_hardlimit = n > 0 ? (unsigned int)n : UINT_MAX;
	pp->pr_hardlimit_warning = warnmess;
	pp->pr_hardlimit_warned = false;
	cv_broadcast(&pp->pr_cv);
	mutex_exit(&pp->pr_lock);
}

void
pool_cache_bootstrap(pool_cache_t pc, size_t size, u_int align, u_int align_offset, u_int flags,
    const char *wchan, struct pool_allocator *palloc, int ipl,
    int (*ctor)(void *, void *, int), void (*dtor)(void *, void *), void *arg)
{
	memset(pc, 0, sizeof(*pc));
	pool_init(&pc->pc_pool, size, align, align_offset, (int)flags, wchan, palloc, ipl);
	mutex_init(&pc->pc_lock, MUTEX_DEFAULT, ipl);
	pc->pc_ctor = ctor;
	pc->pc_dtor = dtor;
	pc->pc_arg = arg;
	pc->pc_bootstrapped = true;
}

pool_cache_t
pool_cache_init(size_t size, u_int align, u_int align_offset, u_int flags, const char *wchan,
    struct pool_allocator *palloc, int ipl,
    int (*ctor)(void *, void *, int), void (*dtor)(void *, void *), void *arg)
{
	pool_cache_t pc = kmem_alloc(sizeof(*pc), KM_SLEEP);

	pool_cache_bootstrap(pc, size, align, align_offset, flags, wchan, palloc, ipl, ctor, dtor, arg);
	pc->pc_bootstrapped = false;
	return pc;
}

void
pool_cache_destruct_object(pool_cache_t pc, void *obj)
{
	if (pc->pc_dtor != NULL)
		pc->pc_dtor(pc->pc_arg, obj);
	pool_put(&pc->pc_pool, obj);
}

/* Destroys every constructed object the cache holds. */
void
pool_cache_invalidate(pool_cache_t pc)
{
	void *obj;

	for (;;) {
		mutex_enter(&pc->pc_lock);
		obj = pc->pc_nobjects > 0 ? pc->pc_objects[--pc->pc_nobjects] : NULL;
		mutex_exit(&pc->pc_lock);
		if (obj == NULL)
			return;
		pool_cache_destruct_object(pc, obj);
	}
}

bool
pool_cache_reclaim(pool_cache_t pc)
{
	pool_cache_invalidate(pc);
	return true;
}

void
pool_cache_bootstrap_destroy(pool_cache_t pc)
{
	pool_cache_invalidate(pc);
	if (pc->pc_objects != NULL)
		kmem_free(pc->pc_objects, pc->pc_cap * sizeof(void *));
	pool_destroy(&pc->pc_pool);
	mutex_destroy(&pc->pc_lock);
}

void
pool_cache_destroy(pool_cache_t pc)
{
	if (pc->pc_bootstrapped)
		panic("pool_cache_destroy(%s): cache was set up with pool_cache_bootstrap", pc->pc_pool.pr_wchan);
	pool_cache_bootstrap_destroy(pc);
	kmem_free(pc, sizeof(*pc));
}

/* NetBSD's mbuf cache, which drivers name in their external-storage free callbacks: mbufs are not
 * in a pool cache here (the callbacks are passed no mbuf to put back), so it only answers loudly. */
static struct pool_cache mbuf_cache_name;
pool_cache_t mb_cache = &mbuf_cache_name;

void *
pool_cache_get_paddr(pool_cache_t pc, int flags, paddr_t *pap)
{
	void *obj = NULL;

	if (pc == mb_cache)
		panic("pool_cache_get(mb_cache): mbufs come from m_get here, not from a pool cache");
	mutex_enter(&pc->pc_lock);
	if (pc->pc_nobjects > 0)
		obj = pc->pc_objects[--pc->pc_nobjects];
	mutex_exit(&pc->pc_lock);
	if (obj == NULL) {
		obj = pool_get(&pc->pc_pool, flags);
		if (obj == NULL)
			return NULL;
		if (pc->pc_ctor != NULL && pc->pc_ctor(pc->pc_arg, obj, flags) != 0) {
			pool_put(&pc->pc_pool, obj);
			return NULL;
		}
	}
	if (flags & PR_ZERO)
		memset(obj, 0, pc->pc_pool.pr_size);
	if (pap != NULL)
		*pap = POOL_PADDR_INVALID;
	return obj;
}

/* Keeps the object constructed for the next get; the list of them grows as needed. */
void
pool_cache_put_paddr(pool_cache_t pc, void *obj, paddr_t pa)
{
	void **grown, **old = NULL;
	unsigned int cap, oldcap = 0;

	(void)pa;
	if (pc == mb_cache)
		panic("pool_cache_put(mb_cache, %p): mbufs are freed with m_free here (external storage "
		    "callbacks get a NULL mbuf)", obj);
	if (obj == NULL)
		panic("pool_cache_put(%s): NULL object", pc->pc_pool.pr_wchan);
	mutex_enter(&pc->pc_lock);
	while (pc->pc_nobjects == pc->pc_cap) {
		cap = pc->pc_cap != 0 ? pc->pc_cap * 2 : 16;
		mutex_exit(&pc->pc_lock);
		grown = kmem_alloc(cap * sizeof(void *), KM_NOSLEEP);
		if (grown == NULL) {
			/* No room to keep it constructed: destroy it instead, as a full cache would. */
			pool_cache_destruct_object(pc, obj);
			return;
		}
		mutex_enter(&pc->pc_lock);
		if (pc->pc_cap >= cap) {
			/* Another put grew the list meanwhile. */
			mutex_exit(&pc->pc_lock);
			kmem_free(grown, cap * sizeof(void *));
			mutex_enter(&pc->pc_lock);
			continue;
		}
		memcpy(grown, pc->pc_objects, pc->pc_nobjects * sizeof(void *));
		old = pc->pc_objects;
		oldcap = pc->pc_cap;
		pc->pc_objects = grown;
		pc->pc_cap = cap;
	}
	pc->pc_objects[pc->pc_nobjects++] = obj;
	mutex_exit(&pc->pc_lock);
	if (old != NULL)
		kmem_free(old, oldcap * sizeof(void *));
}

void
pool_cache_set_drain_hook(pool_cache_t pc, void (*fn)(void *, int), void *arg)
{
	pool_set_drain_hook(&pc->pc_pool, fn, arg);
}

void pool_cache_setlowat(pool_cache_t pc, int n) { pool_setlowat(&pc->pc_pool, n); }
void pool_cache_sethiwat(pool_cache_t pc, int n) { pool_sethiwat(&pc->pc_pool, n); }

void
pool_cache_sethardlimit(pool_cache_t pc, int n, const char *warnmess, int ratecap)
{
	pool_sethardlimit(&pc->pc_pool, n, warnmess, ratecap);
}
