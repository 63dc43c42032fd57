/* Time values and the kernel clock interface (sys/time.h + sys/timevar.h in NetBSD's API).
 * Clocks come from the host (nbh_clock_*); kern_tc.c implements the functions. */
#ifndef _NBSHIM_SYS_TIME_H_
#define _NBSHIM_SYS_TIME_H_

#include <sys/types.h>

struct timeval {
	time_t		tv_sec;
	suseconds_t	tv_usec;
};

struct timespec {
	time_t	tv_sec;
	long	tv_nsec;
};

struct timezone {
	int	tz_minuteswest;
	int	tz_dsttime;
};

struct itimerval {
	struct timeval	it_interval;
	struct timeval	it_value;
};

struct itimerspec {
	struct timespec	it_interval;
	struct timespec	it_value;
};

/* Seconds plus a 64-bit binary fraction of a second. */
struct bintime {
	time_t		sec;
	uint64_t	frac;
};

#define CLOCK_REALTIME	0
#define CLOCK_VIRTUAL	1
#define CLOCK_PROF	2
#define CLOCK_MONOTONIC	3
#define TIMER_RELTIME	0x0
#define TIMER_ABSTIME	0x1

#define TIMEVAL_TO_TIMESPEC(tv, ts) do { \
	(ts)->tv_sec = (tv)->tv_sec; (ts)->tv_nsec = (long)(tv)->tv_usec * 1000; } while (0)
#define TIMESPEC_TO_TIMEVAL(tv, ts) do { \
	(tv)->tv_sec = (ts)->tv_sec; (tv)->tv_usec = (suseconds_t)((ts)->tv_nsec / 1000); } while (0)

#define timerclear(tvp)		((tvp)->tv_sec = (tvp)->tv_usec = 0)
#define timerisset(tvp)		((tvp)->tv_sec || (tvp)->tv_usec)
#define timercmp(a, b, cmp) \
	(((a)->tv_sec == (b)->tv_sec) ? ((a)->tv_usec cmp (b)->tv_usec) : ((a)->tv_sec cmp (b)->tv_sec))
#define timeradd(a, b, r) do { \
	(r)->tv_sec = (a)->tv_sec + (b)->tv_sec; \
	(r)->tv_usec = (a)->tv_usec + (b)->tv_usec; \
	if ((r)->tv_usec >= 1000000) { (r)->tv_sec++; (r)->tv_usec -= 1000000; } \
} while (0)
#define timersub(a, b, r) do { \
	(r)->tv_sec = (a)->tv_sec - (b)->tv_sec; \
	(r)->tv_usec = (a)->tv_usec - (b)->tv_usec; \
	if ((r)->tv_usec < 0) { (r)->tv_sec--; (r)->tv_usec += 1000000; } \
} while (0)

#define timespecclear(tsp)	((tsp)->tv_sec = (tsp)->tv_nsec = 0)
#define timespecisset(tsp)	((tsp)->tv_sec || (tsp)->tv_nsec)
#define timespeccmp(a, b, cmp) \
	(((a)->tv_sec == (b)->tv_sec) ? ((a)->tv_nsec cmp (b)->tv_nsec) : ((a)->tv_sec cmp (b)->tv_sec))
#define timespecadd(a, b, r) do { \
	(r)->tv_sec = (a)->tv_sec + (b)->tv_sec; \
	(r)->tv_nsec = (a)->tv_nsec + (b)->tv_nsec; \
	if ((r)->tv_nsec >= 1000000000L) { (r)->tv_sec++; (r)->tv_nsec -= 1000000000L; } \
} while (0)
#define timespecsub(a, b, r) do { \
	(r)->tv_sec = (a)->tv_sec - (b)->tv_sec; \
	(r)->tv_nsec = (a)->tv_nsec - (b)->tv_nsec; \
	if ((r)->tv_nsec < 0) { (r)->tv_sec--; (r)->tv_nsec += 1000000000L; } \
} while (0)

static __inline void
bintime_addx(struct bintime *bt, uint64_t x)
{
	uint64_t u = bt->frac;

	bt->frac += x;
	if (u > bt->frac)
		bt->sec++;
}

static __inline void
bintime_add(struct bintime *bt, const struct bintime *bt2)
{
	uint64_t u = bt->frac;

	bt->frac += bt2->frac;
	if (u > bt->frac)
		bt->sec++;
	bt->sec += bt2->sec;
}

static __inline void
bintime_sub(struct bintime *bt, const struct bintime *bt2)
{
	uint64_t u = bt->frac;

	bt->frac -= bt2->frac;
	if (u < bt->frac)
		bt->sec--;
	bt->sec -= bt2->sec;
}

#define bintimecmp(a, b, cmp) \
	(((a)->sec == (b)->sec) ? ((a)->frac cmp (b)->frac) : ((a)->sec cmp (b)->sec))

/* 2^64 / 10^9 and 2^64 / 10^6, rounded down: scale nanoseconds or microseconds to a fraction. */
#define __NBSHIM_FRAC_PER_NS	18446744073ULL
#define __NBSHIM_FRAC_PER_US	18446744073709ULL

static __inline void
bintime2timespec(const struct bintime *bt, struct timespec *ts)
{
	ts->tv_sec = bt->sec;
	ts->tv_nsec = (long)(((uint64_t)1000000000 * (uint32_t)(bt->frac >> 32)) >> 32);
}

static __inline void
timespec2bintime(const struct timespec *ts, struct bintime *bt)
{
	bt->sec = ts->tv_sec;
	bt->frac = (uint64_t)ts->tv_nsec * __NBSHIM_FRAC_PER_NS;
}

static __inline void
bintime2timeval(const struct bintime *bt, struct timeval *tv)
{
	tv->tv_sec = bt->sec;
	tv->tv_usec = (suseconds_t)(((uint64_t)1000000 * (uint32_t)(bt->frac >> 32)) >> 32);
}

static __inline void
timeval2bintime(const struct timeval *tv, struct bintime *bt)
{
	bt->sec = tv->tv_sec;
	bt->frac = (uint64_t)tv->tv_usec * __NBSHIM_FRAC_PER_US;
}

/* Current time: the `get` forms and the precise forms read the same host clock here. */
void	binuptime(struct bintime *);
void	nanouptime(struct timespec *);
void	microuptime(struct timeval *);
void	bintime(struct bintime *);
void	nanotime(struct timespec *);
void	microtime(struct timeval *);
void	getbinuptime(struct bintime *);
void	getnanouptime(struct timespec *);
void	getmicrouptime(struct timeval *);
void	getbintime(struct bintime *);
void	getnanotime(struct timespec *);
void	getmicrotime(struct timeval *);

int	tvtohz(const struct timeval *);
int	tstohz(const struct timespec *);
int	tvhzto(const struct timeval *);
int	tshzto(const struct timespec *);
int	ratecheck(struct timeval *, const struct timeval *);
int	ppsratecheck(struct timeval *, int *, int);
int	itimerfix(struct timeval *);
int	itimespecfix(struct timespec *);

/* Seconds since the epoch and since start-up, read from the host clock on every use. */
time_t	nbshim_time_second(void);
time_t	nbshim_time_uptime(void);
#define time_second	nbshim_time_second()
#define time_uptime	nbshim_time_uptime()

#endif
