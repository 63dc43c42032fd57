/* The one virtual CPU the personality presents, and kcpuset(9) over it. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/cpu.h>
#include <sys/kcpuset.h>
#include "kern/sync_private.h"

struct cpu_info cpu_info_primary = { .ci_self = &cpu_info_primary, .ci_cpuid = 0, .ci_index = 0,
    .ci_name = "cpu0" };
int ncpu = 1;
int ncpuonline = 1;

struct cpu_info *
cpu_lookup(u_int idx)
{
	return idx == 0 ? &cpu_info_primary : NULL;
}

/* One 64-bit word: room for more CPUs than we present, so a set filled by index stays valid. */
struct kcpuset {
	uint64_t bits;
};

static uint64_t
cpubit(cpuid_t i)
{
	if (i >= 64)
		panic("kcpuset: cpu index %lu out of range (ncpu %d)", (u_long)i, ncpu);
	return (uint64_t)1 << i;
}

void
kcpuset_create(kcpuset_t **out, bool zero)
{
	*out = nbshim_alloc(sizeof(**out), "kcpuset_create");
	(void)zero;	/* nbshim_alloc zeroes */
}

void
kcpuset_destroy(kcpuset_t *s)
{
	nbshim_free(s, sizeof(*s));
}

void kcpuset_copy(kcpuset_t *d, const kcpuset_t *s) { d->bits = s->bits; }
void kcpuset_zero(kcpuset_t *s) { s->bits = 0; }
void kcpuset_fill(kcpuset_t *s) { s->bits = ((uint64_t)1 << ncpu) - 1; }
void kcpuset_set(kcpuset_t *s, cpuid_t i) { s->bits |= cpubit(i); }
void kcpuset_clear(kcpuset_t *s, cpuid_t i) { s->bits &= ~cpubit(i); }
bool kcpuset_isset(const kcpuset_t *s, cpuid_t i) { return (s->bits & cpubit(i)) != 0; }
bool kcpuset_iszero(const kcpuset_t *s) { return s->bits == 0; }
bool kcpuset_match(const kcpuset_t *a, const kcpuset_t *b) { return a->bits == b->bits; }
int kcpuset_countset(const kcpuset_t *s) { return __builtin_popcountll(s->bits); }

/* 1-based index of the first member, 0 for an empty set. */
cpuid_t
kcpuset_ffs(const kcpuset_t *s)
{
	return (cpuid_t)__builtin_ffsll((long long)s->bits);
}
