/* Kernel global variables (sys/kernel.h in NetBSD's API). hz is 100 as on NetBSD/amd64; ticks
 * are derived from the host's monotonic clock (kern_tc.c), so no clock interrupt is needed. */
#ifndef _NBSHIM_SYS_KERNEL_H_
#define _NBSHIM_SYS_KERNEL_H_

#include <sys/param.h>

extern long hostid;
extern char hostname[MAXHOSTNAMELEN];
extern int hostnamelen;
extern char domainname[MAXHOSTNAMELEN];
extern int domainnamelen;
extern struct timespec boottime;
extern int rtc_offset;
extern int cold;		/* 1 until nbk_init has run the start-up hooks */
extern int tick;		/* microseconds per tick */
extern int tickadj;
extern int hz;
extern int stathz;
extern int profhz;

/* Ticks since start-up, from the monotonic clock; wraps like NetBSD's int counter. */
int	nbshim_hardclock_ticks(void);
#define hardclock_ticks	nbshim_hardclock_ticks()
#define getticks()	((unsigned int)nbshim_hardclock_ticks())

#endif
