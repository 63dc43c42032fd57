/* RUN_ONCE, evcnt, rnd sources, percpu. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/once.h>
#include <sys/evcnt.h>
#include <sys/rndsource.h>
#include <sys/percpu.h>
#include <sys/cpu.h>
#include "host/nbshim_kernel.h"
#include "host/nbshim_hypercall.h"
#include "ktest.h"
#include "ktest_base.h"

static int once_runs;
static int
once_fn(void)
{
	__atomic_add_fetch(&once_runs, 1, __ATOMIC_SEQ_CST);
	nbh_clock_sleep(20 * 1000 * 1000);	/* others arrive while it runs */
	return 17;
}
static ONCE_DECL(ktest_once);

/* Called from several Swift threads at once by BaseOnceTests. */
int ktest_run_once(void) { return RUN_ONCE(&ktest_once, once_fn); }
int ktest_once_runs(void) { return once_runs; }

KTEST(once_error_is_remembered)
{
	static ONCE_DECL(o);
	KT_ASSERT(RUN_ONCE(&o, once_fn) == 17);
	KT_ASSERT(RUN_ONCE(&o, once_fn) == 17);
}

static struct evcnt ktest_static_ev = EVCNT_INITIALIZER(EVCNT_TYPE_MISC, NULL, "ktest", "static");
EVCNT_ATTACH_STATIC(ktest_static_ev);

struct evfind { const char *name; uint64_t count; int seen; };
static void
evfind(const char *group, const char *name, int type, uint64_t count, void *arg)
{
	struct evfind *f = arg;
	(void)type;
	if (strcmp(group, "ktest") == 0 && strcmp(name, f->name) == 0) {
		f->count = count;
		f->seen++;
	}
}

KTEST(evcnt_list)
{
	struct evcnt ev;
	struct evfind f = { "intr", 0, 0 };

	evcnt_attach_dynamic(&ev, EVCNT_TYPE_INTR, NULL, "ktest", "intr");
	ev.ev_count += 5;
	nbk_evcnt_list(evfind, &f);
	KT_ASSERT(f.seen == 1 && f.count == 5, "seen %d count %lu", f.seen, (unsigned long)f.count);
	KT_ASSERT(ev.ev_grouplen == 5 && ev.ev_namelen == 4);
	evcnt_detach(&ev);
	f.seen = 0;
	nbk_evcnt_list(evfind, &f);
	KT_ASSERT(f.seen == 0, "a detached counter is still listed");
	f.name = "static";
	nbk_evcnt_list(evfind, &f);
	KT_ASSERT(f.seen == 1, "EVCNT_ATTACH_STATIC counter missing");
}

struct rndfind { const char *name; uint64_t bytes, samples; int seen; };
static void
rndfind(const char *name, uint32_t type, uint64_t bytes, uint64_t samples, void *arg)
{
	struct rndfind *f = arg;
	(void)type;
	if (strcmp(name, f->name) == 0) {
		f->bytes = bytes;
		f->samples = samples;
		f->seen++;
	}
}

static krndsource_t ktest_rs;
static size_t rnd_cb_asked;
static void
rnd_cb(size_t bytes, void *arg)
{
	uint8_t buf[64];
	(void)arg;
	rnd_cb_asked = bytes;
	memset(buf, 0x5a, sizeof(buf));
	rnd_add_data(&ktest_rs, buf, sizeof(buf), sizeof(buf) * NBBY);
}

KTEST(rnd_counts)
{
	struct rndfind f = { "ktestrnd0", 0, 0, 0 };
	uint32_t word = 1;

	rndsource_setcb(&ktest_rs, rnd_cb, NULL);
	rnd_attach_source(&ktest_rs, "ktestrnd0", RND_TYPE_RNG, RND_FLAG_COLLECT_VALUE | RND_FLAG_HASCB);
	rnd_add_data(&ktest_rs, &word, sizeof(word), 32);
	rnd_add_uint32(&ktest_rs, word);
	nbk_rnd_request(32);
	KT_ASSERT(rnd_cb_asked == 32);
	nbk_rnd_list(rndfind, &f);
	KT_ASSERT(f.seen == 1 && f.bytes == 4 + 4 + 64 && f.samples == 3,
	    "seen %d bytes %lu samples %lu", f.seen, (unsigned long)f.bytes, (unsigned long)f.samples);
	KT_ASSERT(ktest_rs.total == 32 + 0 + 512, "%u bits", ktest_rs.total);
	rnd_detach_source(&ktest_rs);
	f.seen = 0;
	nbk_rnd_list(rndfind, &f);
	KT_ASSERT(f.seen == 0);
}

static void
percpu_sum(void *p, void *arg, struct cpu_info *ci)
{
	(void)ci;
	*(uint64_t *)arg += *(uint64_t *)p;
}

KTEST(percpu_refs)
{
	percpu_t *pc = percpu_alloc(sizeof(uint64_t));
	uint64_t *v, *w, sum = 0;

	v = percpu_getref(pc);
	KT_ASSERT(*v == 0, "percpu memory starts zeroed");
	*v += 3;
	w = percpu_getref(pc);		/* nested on the same thread */
	KT_ASSERT(w == v);
	*w += 4;
	percpu_putref(pc);
	percpu_putref(pc);
	percpu_foreach(pc, percpu_sum, &sum);
	KT_ASSERT(sum == 7 && ncpu >= 1, "%lu", (unsigned long)sum);
	KT_ASSERT(percpu_getptr_remote(pc, curcpu()) == v);
	percpu_free(pc, sizeof(uint64_t));
}

/* Called from Swift threads by BasePercpuTests: increments under getref must not be lost. */
static percpu_t *ktest_pc;
void ktest_percpu_setup(void) { ktest_pc = percpu_alloc(sizeof(uint64_t)); }
void ktest_percpu_bump(int n)
{
	while (n-- > 0) {
		uint64_t *v = percpu_getref(ktest_pc);
		uint64_t x = *v;
		__asm__ __volatile__("" ::: "memory");
		*v = x + 1;
		percpu_putref(ktest_pc);
	}
}
uint64_t ktest_percpu_total(void)
{
	uint64_t sum = 0;
	percpu_foreach(ktest_pc, percpu_sum, &sum);
	percpu_free(ktest_pc, sizeof(uint64_t));
	return sum;
}
