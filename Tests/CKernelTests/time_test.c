/* Kernel time: monotonic uptime, wall time, tick conversions. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/time.h>
#include "host/nbshim_hypercall.h"
#include <sys/timetc.h>
#include <sys/errno.h>
#include "ktest.h"

KTEST(time_monotonic)
{
	struct timeval a, b, d;
	struct timespec ts;
	struct bintime bt;
	int t0 = hardclock_ticks;

	getmicrouptime(&a);
	nbh_clock_sleep(30 * 1000 * 1000);
	getmicrouptime(&b);
	timersub(&b, &a, &d);
	KT_ASSERT(d.tv_sec == 0 && d.tv_usec >= 30000 && d.tv_usec < 500000, "%ld.%06ld", (long)d.tv_sec, (long)d.tv_usec);
	KT_ASSERT(hardclock_ticks - t0 >= 3, "%d ticks", hardclock_ticks - t0);
	nanotime(&ts);
	KT_ASSERT(ts.tv_sec > 1600000000 && ts.tv_sec - time_second <= 1, "%ld", (long)ts.tv_sec);
	KT_ASSERT(boottime.tv_sec <= ts.tv_sec && boottime.tv_sec > 1600000000);
	binuptime(&bt);
	bintime2timespec(&bt, &ts);
	KT_ASSERT(ts.tv_sec == time_uptime || ts.tv_sec + 1 == time_uptime);
	KT_ASSERT(!cold);
}

KTEST(time_conversions)
{
	struct timeval tv = { 0, 0 };
	struct timespec ts = { 0, 1 };

	KT_ASSERT(hz == 100 && tick == 10000);
	KT_ASSERT(tvtohz(&tv) == 0);
	tv.tv_usec = 1;
	KT_ASSERT(tvtohz(&tv) == 2, "%d", tvtohz(&tv));
	tv.tv_sec = 1; tv.tv_usec = 0;
	KT_ASSERT(tvtohz(&tv) == 101, "%d", tvtohz(&tv));
	KT_ASSERT(tstohz(&ts) == 2);
	KT_ASSERT(mstohz(1000) == 100 && mstohz(15) == 1 && hztoms(250) == 2500);
}

KTEST(time_ratecheck)
{
	struct timeval last = { 0, 0 }, min = { 10, 0 };
	int pps = 0;
	struct timeval plast = { 0, 0 };

	KT_ASSERT(ratecheck(&last, &min) == 1);
	KT_ASSERT(ratecheck(&last, &min) == 0);
	KT_ASSERT(ppsratecheck(&plast, &pps, 2) == 1);
	KT_ASSERT(ppsratecheck(&plast, &pps, 2) == 1);
	KT_ASSERT(ppsratecheck(&plast, &pps, 2) == 0);
}

/* tc_init(9)/tc_detach(9): a counter is listed once registered and can be detached once. */
KTEST(time_tc_register)
{
	struct timecounter a = { .tc_name = "kt-a" }, b = { .tc_name = "kt-b" };

	tc_init(&a);
	tc_init(&b);
	KT_ASSERT(b.tc_next == &a);
	KT_ASSERT(tc_detach(&a) == 0 && b.tc_next != &a);
	KT_ASSERT(tc_detach(&a) == ESRCH);
	KT_ASSERT(tc_detach(&b) == 0 && tc_detach(&b) == ESRCH);
}
