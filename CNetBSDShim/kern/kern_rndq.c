/*
 * rnd(9) entropy sources. Nothing here consumes entropy (the host has its own), so a source's
 * samples are counted, not pooled: the counts show that a driver such as viornd delivers.
 * NetBSD's rnd asks sources with a callback (RND_FLAG_HASCB) for more whenever a consumer wants
 * more than its pool holds; with no pool here, a callout asks them once a second while any is
 * attached, for NetBSD's smallest request (the pool's size).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/callout.h>
#include <sys/kernel.h>
#include <sys/rndsource.h>
#include "kern/init_private.h"
#include "host/nbshim_kernel.h"

#define RND_ASK_BYTES	512	/* NetBSD's RND_POOLBITS / NBBY */

static kmutex_t rnd_lock;	/* the list and the counters */
static kmutex_t rnd_ask_lock;	/* held while callbacks run: detach waits for them */
static krndsource_t *rnd_sources;
static callout_t rnd_ask_callout;
static bool rnd_ready;

static void rnd_ask(void *);

static int
rnd_start(void)
{
	mutex_init(&rnd_lock, MUTEX_DEFAULT, IPL_VM);	/* drivers add samples from interrupts */
	mutex_init(&rnd_ask_lock, MUTEX_DEFAULT, IPL_NONE);
	callout_init(&rnd_ask_callout, CALLOUT_MPSAFE);
	callout_setfunc(&rnd_ask_callout, rnd_ask, NULL);
	rnd_ready = true;
	return 0;
}
NBSHIM_INIT(rnd_start, 30);

void
rnd_attach_source(krndsource_t *rs, const char *name, uint32_t type, uint32_t flags)
{
	krndsource_t **pp;

	if (!rnd_ready)
		panic("rnd_attach_source(%s): called before nbk_init", name);
	if ((flags & RND_FLAG_HASCB) && rs->get == NULL)
		panic("rnd_attach_source(%s): RND_FLAG_HASCB without rndsource_setcb", name);
	strlcpy(rs->name, name, sizeof(rs->name));
	rs->type = type;
	rs->flags = flags;
	rs->total = 0;
	rs->nbshim_bytes = 0;
	rs->nbshim_samples = 0;
	rs->nbshim_next = NULL;
	mutex_enter(&rnd_lock);
	if (rs->nbshim_attached)
		panic("rnd_attach_source(%s): already attached", name);
	for (pp = &rnd_sources; *pp != NULL; pp = &(*pp)->nbshim_next)
		continue;
	*pp = rs;
	rs->nbshim_attached = true;
	mutex_exit(&rnd_lock);
	if ((flags & RND_FLAG_HASCB) && !callout_pending(&rnd_ask_callout))
		callout_schedule(&rnd_ask_callout, hz);
}

void
rnd_detach_source(krndsource_t *rs)
{
	krndsource_t **pp;

	mutex_enter(&rnd_ask_lock);	/* no callback of rs is running or will run */
	mutex_enter(&rnd_lock);
	for (pp = &rnd_sources; *pp != NULL && *pp != rs; pp = &(*pp)->nbshim_next)
		continue;
	if (*pp == NULL)
		panic("rnd_detach_source(%s): not attached", rs->name);
	*pp = rs->nbshim_next;
	rs->nbshim_attached = false;
	mutex_exit(&rnd_lock);
	mutex_exit(&rnd_ask_lock);
}

static void
rnd_count(krndsource_t *rs, uint32_t len, uint32_t entropy)
{
	if (!rs->nbshim_attached)
		panic("rnd_add_data: source %p is not attached", rs);
	if (!RND_ENABLED(rs))
		return;
	if (rs->flags & RND_FLAG_NO_ESTIMATE)
		entropy = 0;
	mutex_enter(&rnd_lock);
	rs->nbshim_bytes += len;
	rs->nbshim_samples++;
	rs->total += entropy;
	mutex_exit(&rnd_lock);
}

void
rnd_add_data(krndsource_t *rs, const void *data, uint32_t len, uint32_t entropy)
{
	(void)data;
	if (entropy > len * NBBY)
		panic("rnd_add_data(%s): %u bits of entropy claimed for %u bytes", rs->name, entropy, len);
	rnd_count(rs, len, entropy);
}

void
rnd_add_data_sync(krndsource_t *rs, const void *data, uint32_t len, uint32_t entropy)
{
	rnd_add_data(rs, data, len, entropy);
}

/* Single values: NetBSD credits at most one bit each, and only when the source estimates. */
void
_rnd_add_uint32(krndsource_t *rs, uint32_t val)
{
	(void)val;
	rnd_count(rs, sizeof(val), (rs->flags & (RND_FLAG_ESTIMATE_VALUE | RND_FLAG_ESTIMATE_TIME)) ? 1 : 0);
}

void
_rnd_add_uint64(krndsource_t *rs, uint64_t val)
{
	(void)val;
	rnd_count(rs, sizeof(val), (rs->flags & (RND_FLAG_ESTIMATE_VALUE | RND_FLAG_ESTIMATE_TIME)) ? 1 : 0);
}

void
nbk_rnd_list(void (*fn)(const char *, uint32_t, uint64_t, uint64_t, void *), void *arg)
{
	krndsource_t *rs;

	if (!rnd_ready)
		return;
	mutex_enter(&rnd_lock);
	for (rs = rnd_sources; rs != NULL; rs = rs->nbshim_next)
		fn(rs->name, rs->type, rs->nbshim_bytes, rs->nbshim_samples, arg);
	mutex_exit(&rnd_lock);
}

/* Asks every callback source for `bytes`, as NetBSD's pool does when it runs low. */
void
nbk_rnd_request(size_t bytes)
{
	krndsource_t *rs;

	if (!rnd_ready)
		return;
	/* The callbacks run without rnd_lock (they add data, which takes it) but under rnd_ask_lock,
	 * so the list cannot lose a source meanwhile. */
	mutex_enter(&rnd_ask_lock);
	for (rs = rnd_sources; rs != NULL; rs = rs->nbshim_next)
		if ((rs->flags & RND_FLAG_HASCB) && RND_ENABLED(rs))
			rs->get(bytes, rs->getarg);
	mutex_exit(&rnd_ask_lock);
}

/* The callout: ask, and ask again in a second while a callback source is attached. */
static void
rnd_ask(void *arg)
{
	krndsource_t *rs;
	bool again = false;

	(void)arg;
	nbk_rnd_request(RND_ASK_BYTES);
	mutex_enter(&rnd_lock);
	for (rs = rnd_sources; rs != NULL; rs = rs->nbshim_next)
		again |= (rs->flags & RND_FLAG_HASCB) != 0;
	mutex_exit(&rnd_lock);
	if (again)
		callout_schedule(&rnd_ask_callout, hz);
}
