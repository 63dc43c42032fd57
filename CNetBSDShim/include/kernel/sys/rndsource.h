/*
 * Entropy sources (sys/rndsource.h, rnd(9) in NetBSD's API); kern_rndq.c. There is no entropy
 * pool in this process: sources count what they contribute, and the host reads the counts
 * (nbk_rnd_list in host/nbshim_kernel.h) or asks callback sources for more (nbk_rnd_request).
 */
#ifndef _NBSHIM_SYS_RNDSOURCE_H_
#define _NBSHIM_SYS_RNDSOURCE_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/null.h>
#include <sys/rndio.h>

#define RND_MAXNAMELEN	16

typedef struct krndsource {
	struct krndsource *nbshim_next;	/* list of attached sources */
	char name[RND_MAXNAMELEN];
	uint32_t total;			/* entropy bits credited */
	uint32_t type;
	uint32_t flags;
	uint64_t nbshim_bytes;		/* bytes contributed */
	uint64_t nbshim_samples;		/* rnd_add_* calls */
	void (*get)(size_t, void *);
	void *getarg;
	void (*enable)(struct krndsource *, bool);
	bool nbshim_attached;
} krndsource_t;

#define RND_ENABLED(rs)	(((rs)->flags & RND_FLAG_NO_COLLECT) == 0)

void	rnd_attach_source(krndsource_t *, const char *, uint32_t, uint32_t);
void	rnd_detach_source(krndsource_t *);
void	rnd_add_data(krndsource_t *, const void *, uint32_t, uint32_t);
void	rnd_add_data_sync(krndsource_t *, const void *, uint32_t, uint32_t);
void	_rnd_add_uint32(krndsource_t *, uint32_t);
void	_rnd_add_uint64(krndsource_t *, uint64_t);

static __inline void
rndsource_setcb(krndsource_t *rs, void (*cb)(size_t, void *), void *arg)
{
	rs->get = cb;
	rs->getarg = arg;
}

static __inline void
rndsource_setenable(krndsource_t *rs, void (*fn)(struct krndsource *, bool))
{
	rs->enable = fn;
}

static __inline void
rnd_add_uint32(krndsource_t *rs, uint32_t val)
{
	if (RND_ENABLED(rs))
		_rnd_add_uint32(rs, val);
}

static __inline void
rnd_add_uint64(krndsource_t *rs, uint64_t val)
{
	if (RND_ENABLED(rs))
		_rnd_add_uint64(rs, val);
}

#endif
