/*
 * Memory pools of fixed-size items (sys/pool.h, pool(9) and pool_cache(9) in NetBSD's API);
 * subr_pool.c. Items are carved from pages of the pool's allocator; a pool_cache keeps
 * constructed objects for reuse.
 */
#ifndef _NBSHIM_SYS_POOL_H_
#define _NBSHIM_SYS_POOL_H_

#include <sys/param.h>
#include <sys/queue.h>
#include <sys/mutex.h>
#include <sys/condvar.h>

#define POOL_PADDR_INVALID	((paddr_t)-1)

#define PR_WAITOK	0x01	/* the same values as KM_SLEEP and KM_NOSLEEP */
#define PR_NOWAIT	0x02
#define PR_WANTED	0x04
#define PR_PHINPAGE	0x40
#define PR_LOGGING	0x80
#define PR_LIMITFAIL	0x100
#define PR_RECURSIVE	0x200
#define PR_NOTOUCH	0x400
#define PR_NOALIGN	0x800
#define PR_LARGECACHE	0x1000
#define PR_ZERO		0x8000	/* the item comes back zeroed (NetBSD 8 on) */

struct pool;

/* The back end that hands a pool its pages; pa_pagesz 0 means PAGE_SIZE. */
struct pool_allocator {
	void		*(*pa_alloc)(struct pool *, int);
	void		(*pa_free)(struct pool *, void *);
	unsigned int	pa_pagesz;
};

extern struct pool_allocator pool_allocator_kmem;
extern struct pool_allocator pool_allocator_nointr;
extern struct pool_allocator pool_allocator_meta;

struct pool_page;

struct pool {
	const char	*pr_wchan;
	struct pool_allocator *pr_alloc;
	size_t		pr_size;	/* item size after alignment */
	size_t		pr_reqsize;	/* as the caller asked */
	unsigned int	pr_align;
	unsigned int	pr_pagesz;
	int		pr_ipl;
	int		pr_flags;
	kmutex_t	pr_lock;
	kcondvar_t	pr_cv;		/* waits for the hard limit */
	void		*pr_freelist;	/* free items, linked through their first word */
	struct pool_page *pr_pages;
	unsigned int	pr_nout;	/* items handed out */
	unsigned int	pr_nitems;	/* free items */
	unsigned int	pr_npages;
	unsigned int	pr_hardlimit;
	const char	*pr_hardlimit_warning;
	bool		pr_hardlimit_warned;
	unsigned long	pr_nget, pr_nput, pr_nfail;
	void		(*pr_drain_hook)(void *, int);
	void		*pr_drain_hook_arg;
};

struct pool_cache {
	struct pool	pc_pool;	/* memory for the objects */
	kmutex_t	pc_lock;
	void		**pc_objects;	/* free constructed objects */
	unsigned int	pc_nobjects, pc_cap;
	int		(*pc_ctor)(void *, void *, int);
	void		(*pc_dtor)(void *, void *);
	void		*pc_arg;
	bool		pc_bootstrapped;
};
typedef struct pool_cache *pool_cache_t;
extern pool_cache_t mb_cache;	/* mbufs are not pooled here: using it panics (subr_pool.c) */

void	pool_init(struct pool *, size_t, u_int, u_int, int, const char *, struct pool_allocator *, int);
void	pool_destroy(struct pool *);
void	pool_set_drain_hook(struct pool *, void (*)(void *, int), void *);
void	*pool_get(struct pool *, int);
void	pool_put(struct pool *, void *);
int	pool_reclaim(struct pool *);
int	pool_prime(struct pool *, int);
void	pool_setlowat(struct pool *, int);
void	pool_sethiwat(struct pool *, int);
void	pool_sethardlimit(struct pool *, int, const char *, int);

pool_cache_t	pool_cache_init(size_t, u_int, u_int, u_int, const char *, struct pool_allocator *, int,
		    int (*)(void *, void *, int), void (*)(void *, void *), void *);
void	pool_cache_bootstrap(pool_cache_t, size_t, u_int, u_int, u_int, const char *,
	    struct pool_allocator *, int, int (*)(void *, void *, int), void (*)(void *, void *), void *);
void	pool_cache_destroy(pool_cache_t);
void	pool_cache_bootstrap_destroy(pool_cache_t);
void	*pool_cache_get_paddr(pool_cache_t, int, paddr_t *);
void	pool_cache_put_paddr(pool_cache_t, void *, paddr_t);
void	pool_cache_destruct_object(pool_cache_t, void *);
void	pool_cache_invalidate(pool_cache_t);
bool	pool_cache_reclaim(pool_cache_t);
void	pool_cache_set_drain_hook(pool_cache_t, void (*)(void *, int), void *);
void	pool_cache_setlowat(pool_cache_t, int);
void	pool_cache_sethiwat(pool_cache_t, int);
void	pool_cache_sethardlimit(pool_cache_t, int, const char *, int);

#define pool_cache_get(pc, f)	pool_cache_get_paddr((pc), (f), NULL)
#define pool_cache_put(pc, o)	pool_cache_put_paddr((pc), (o), POOL_PADDR_INVALID)

#endif
