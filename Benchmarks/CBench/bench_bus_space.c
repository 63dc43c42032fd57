/*
 * bus_space_read_4 on a memory tag against the volatile load it should compile down to. Both
 * loops keep one access per iteration (no unrolling), so they differ only in the access path and
 * not in how the compiler chose to unroll them; they run in turn, best of ROUNDS each, so that
 * warm-up and load on a shared machine do not fall on one side.
 */
#include <sys/types.h>
#include <sys/bus.h>
#include <host/nbshim_hypercall.h>
#include "nbshim_bench.h"

#define WINDOW	4096	/* bytes read round-robin: stays in L1, so the access path is what is timed */
#define ROUNDS	5

static uint32_t window[WINDOW / 4] __aligned(64);
static volatile uint32_t sink;

static uint64_t
through_bus_space(uint64_t iterations)
{
	struct bus_space_tag tag = { .bst_kind = NBSHIM_BUS_SPACE_MEM };
	bus_space_handle_t h = (bus_space_handle_t)window;
	uint64_t i, t0 = nbh_clock_monotonic();
	uint32_t sum = 0;

#pragma clang loop unroll(disable)
	for (i = 0; i < iterations; i++)
		sum += bus_space_read_4(&tag, h, (i * 4) & (WINDOW - 1));
	sink = sum;
	return nbh_clock_monotonic() - t0;
}

static uint64_t
volatile_loads(uint64_t iterations)
{
	uint64_t i, t0 = nbh_clock_monotonic();
	uint32_t sum = 0;

#pragma clang loop unroll(disable)
	for (i = 0; i < iterations; i++)
		sum += *(const volatile uint32_t *)((char *)window + ((i * 4) & (WINDOW - 1)));
	sink = sum;
	return nbh_clock_monotonic() - t0;
}

void
nbshim_bench_bus_space_read_4(uint64_t iterations, uint64_t *bus_space_ns, uint64_t *raw_ns)
{
	uint64_t t;
	int r;

	*bus_space_ns = *raw_ns = ~(uint64_t)0;
	for (r = 0; r < ROUNDS; r++) {
		if ((t = through_bus_space(iterations)) < *bus_space_ns)
			*bus_space_ns = t;
		if ((t = volatile_loads(iterations)) < *raw_ns)
			*raw_ns = t;
	}
}
