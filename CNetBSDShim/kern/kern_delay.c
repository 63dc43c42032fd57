/*
 * delay(9)/DELAY: drivers call it in register-polling loops, often for a few microseconds, so
 * short delays busy-wait on the monotonic clock; long ones sleep (still not releasing any lock,
 * as a busy-wait would not).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <machine/cpu.h>
#include "host/nbshim_hypercall.h"

#define SLEEP_THRESHOLD_US	200	/* above this, a sleep's wake-up latency is noise */

static void
nbshim_delay(unsigned int us)
{
	uint64_t end;

	if (us >= SLEEP_THRESHOLD_US) {
		nbh_clock_sleep((uint64_t)us * 1000);
		return;
	}
	end = nbh_clock_monotonic() + (uint64_t)us * 1000;
	while (nbh_clock_monotonic() < end)
		x86_pause();
}

void (*delay_func)(unsigned int) = nbshim_delay;
