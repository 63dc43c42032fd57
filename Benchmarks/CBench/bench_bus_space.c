/* bus_space_read_4 on a memory tag against the volatile load it should compile down to. */
#include <sys/types.h>
#include <sys/bus.h>
#include <host/nbshim_hypercall.h>
#include "nbshim_bench.h"

#define WINDOW	4096	/* bytes read round-robin: stays in L1, so the access path is what is timed */

static uint32_t window[WINDOW / 4] __aligned(64);

void
nbshim_bench_bus_space_read_4(uint64_t iterations, uint64_t *bus_space_ns, uint64_t *raw_ns)
{
	struct bus_space_tag tag = { .bst_kind = NBSHIM_BUS_SPACE_MEM };
	bus_space_handle_t h = (bus_space_handle_t)window;
	volatile uint32_t sink;
	uint32_t sum;
	uint64_t i, t0;

	sum = 0;
	t0 = nbh_clock_monotonic();
	for (i = 0; i < iterations; i++)
		sum += bus_space_read_4(&tag, h, (i * 4) & (WINDOW - 1));
	*bus_space_ns = nbh_clock_monotonic() - t0;
	sink = sum;

	sum = 0;
	t0 = nbh_clock_monotonic();
	for (i = 0; i < iterations; i++)
		sum += *(const volatile uint32_t *)((char *)window + ((i * 4) & (WINDOW - 1)));
	*raw_ns = nbh_clock_monotonic() - t0;
	sink = sum;
	(void)sink;
}
