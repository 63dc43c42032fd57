/*
 * Kernel time (kern_tc.c, hz(9), microtime(9), ...): every reading comes straight from the host's
 * clocks, so the cheap `get` forms are as precise as the others. Uptime counts from nbk_init;
 * ticks are uptime in units of 1/hz, so nothing has to run a clock interrupt.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/time.h>
#include <sys/timetc.h>
#include <sys/mutex.h>
#include <sys/errno.h>
#include "kern/init_private.h"
#include "host/nbshim_hypercall.h"

#define NS_PER_SEC	1000000000ULL

int hz = 100;
int tick = 1000000 / 100;
int tickadj = 1;
int stathz = 100;
int profhz = 100;
int rtc_offset;
int cold = 1;
long hostid;
char hostname[MAXHOSTNAMELEN] = "nbshim";
int hostnamelen = 6;
char domainname[MAXHOSTNAMELEN];
int domainnamelen;
struct timespec boottime;

static uint64_t mono_at_boot;	/* host monotonic clock when the personality started */

static uint64_t
uptime_ns(void)
{
	return nbh_clock_monotonic() - mono_at_boot;
}

static void
ns_to_bintime(uint64_t ns, struct bintime *bt)
{
	bt->sec = (time_t)(ns / NS_PER_SEC);
	bt->frac = (ns % NS_PER_SEC) * __NBSHIM_FRAC_PER_NS;
}

static void
ns_to_timespec(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NS_PER_SEC);
	ts->tv_nsec = (long)(ns % NS_PER_SEC);
}

static void
ns_to_timeval(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / NS_PER_SEC);
	tv->tv_usec = (suseconds_t)(ns % NS_PER_SEC / 1000);
}

void binuptime(struct bintime *bt) { ns_to_bintime(uptime_ns(), bt); }
void nanouptime(struct timespec *ts) { ns_to_timespec(uptime_ns(), ts); }
void microuptime(struct timeval *tv) { ns_to_timeval(uptime_ns(), tv); }
void bintime(struct bintime *bt) { ns_to_bintime(nbh_clock_wall(), bt); }
void nanotime(struct timespec *ts) { ns_to_timespec(nbh_clock_wall(), ts); }
void microtime(struct timeval *tv) { ns_to_timeval(nbh_clock_wall(), tv); }
void getbinuptime(struct bintime *bt) { binuptime(bt); }
void getnanouptime(struct timespec *ts) { nanouptime(ts); }
void getmicrouptime(struct timeval *tv) { microuptime(tv); }
void getbintime(struct bintime *bt) { bintime(bt); }
void getnanotime(struct timespec *ts) { nanotime(ts); }
void getmicrotime(struct timeval *tv) { microtime(tv); }

time_t
nbshim_time_second(void)
{
	return (time_t)(nbh_clock_wall() / NS_PER_SEC);
}

time_t
nbshim_time_uptime(void)
{
	return (time_t)(uptime_ns() / NS_PER_SEC);
}

int
nbshim_hardclock_ticks(void)
{
	return (int)(unsigned int)(uptime_ns() / (NS_PER_SEC / (uint64_t)hz));
}

/* Ticks covering an interval, rounded up, plus one for the tick already under way (NetBSD's rule). */
int
tvtohz(const struct timeval *tv)
{
	uint64_t us, ticks;

	KASSERTMSG(tv->tv_usec >= 0 && tv->tv_usec < 1000000, "tv_usec %ld", (long)tv->tv_usec);
	if (tv->tv_sec < 0 || (tv->tv_sec == 0 && tv->tv_usec == 0))
		return 0;
	if (tv->tv_sec > INT_MAX)
		return INT_MAX;
	us = (uint64_t)tv->tv_sec * 1000000 + (uint64_t)tv->tv_usec;
	ticks = (us + (uint64_t)tick - 1) / (uint64_t)tick + 1;
	return ticks > INT_MAX ? INT_MAX : (int)ticks;
}

int
tstohz(const struct timespec *ts)
{
	struct timeval tv;

	/* Round nanoseconds up to whole microseconds so that a short wait never becomes none. */
	tv.tv_sec = ts->tv_sec;
	tv.tv_usec = (suseconds_t)((ts->tv_nsec + 999) / 1000);
	if (tv.tv_usec >= 1000000) {
		tv.tv_sec++;
		tv.tv_usec -= 1000000;
	}
	return tvtohz(&tv);
}

int
tvhzto(const struct timeval *tv)
{
	struct timeval now, d;

	getmicrotime(&now);
	timersub(tv, &now, &d);
	return tvtohz(&d);
}

int
tshzto(const struct timespec *ts)
{
	struct timespec now, d;

	getnanotime(&now);
	timespecsub(ts, &now, &d);
	return tstohz(&d);
}

int
itimerfix(struct timeval *tv)
{
	if (tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000)
		return EINVAL;
	if (tv->tv_sec == 0 && tv->tv_usec != 0 && tv->tv_usec < tick)
		tv->tv_usec = tick;
	return 0;
}

int
itimespecfix(struct timespec *ts)
{
	if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000L)
		return EINVAL;
	if (ts->tv_sec == 0 && ts->tv_nsec != 0 && ts->tv_nsec < tick * 1000L)
		ts->tv_nsec = tick * 1000L;
	return 0;
}

/* ratecheck(9): true at most once per `mininterval`, and always the first time. */
int
ratecheck(struct timeval *lasttime, const struct timeval *mininterval)
{
	struct timeval now, delta;

	getmicrouptime(&now);
	timersub(&now, lasttime, &delta);
	if (timercmp(&delta, mininterval, >=) || (lasttime->tv_sec == 0 && lasttime->tv_usec == 0)) {
		*lasttime = now;
		return 1;
	}
	return 0;
}

/* ppsratecheck(9): true for at most `maxpps` events per second; < 0 means no limit, 0 none. */
int
ppsratecheck(struct timeval *lasttime, int *curpps, int maxpps)
{
	struct timeval now, delta;
	int rv;

	getmicrouptime(&now);
	timersub(&now, lasttime, &delta);
	if ((lasttime->tv_sec == 0 && lasttime->tv_usec == 0) || delta.tv_sec >= 1) {
		*lasttime = now;
		*curpps = 0;
	}
	if (maxpps < 0)
		rv = 1;
	else
		rv = *curpps < maxpps;
	if (*curpps < INT_MAX)
		(*curpps)++;
	return rv;
}

static int
clock_start(void)
{
	uint64_t wall;

	mono_at_boot = nbh_clock_monotonic();
	wall = nbh_clock_wall();
	ns_to_timespec(wall, &boottime);
	return 0;
}
NBSHIM_INIT(clock_start, 1);	/* before anything that reads a clock */

/* Start-up is over once every subsystem is up: drivers attached later may sleep. */
static int
cold_done(void)
{
	cold = 0;
	return 0;
}
NBSHIM_INIT(cold_done, 90);

/* Registered timecounters, newest first, linked through tc_next as NetBSD keeps them. */
static kmutex_t tc_list_lock;
static struct timecounter *tc_list;

static int
tc_list_start(void)
{
	mutex_init(&tc_list_lock, MUTEX_DEFAULT, IPL_NONE);
	return 0;
}
NBSHIM_INIT(tc_list_start, 12);

void
tc_init(struct timecounter *tc)
{
	mutex_enter(&tc_list_lock);
	tc->tc_next = tc_list;
	tc_list = tc;
	mutex_exit(&tc_list_lock);
}

int
tc_detach(struct timecounter *tc)
{
	struct timecounter **p;
	int error = ESRCH;

	mutex_enter(&tc_list_lock);
	for (p = &tc_list; *p != NULL; p = &(*p)->tc_next) {
		if (*p == tc) {
			*p = tc->tc_next;
			tc->tc_next = NULL;
			error = 0;
			break;
		}
	}
	mutex_exit(&tc_list_lock);
	return error;
}
