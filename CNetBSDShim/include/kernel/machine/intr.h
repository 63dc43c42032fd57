/*
 * Interrupt priority levels and spl(9) for amd64 (machine/intr.h in NetBSD's API). The level is
 * per thread here (spl.c): a level above IPL_NONE set by spl*() holds the personality's one
 * interrupt lock, so splnet() sections, non-MPSAFE interrupt handlers, softints and callouts
 * exclude each other; a spin mutex raises its holder's level without that lock.
 */
#ifndef _NBSHIM_MACHINE_INTR_H_
#define _NBSHIM_MACHINE_INTR_H_

#include <sys/types.h>

#define IPL_NONE	0x0
#define IPL_PREEMPT	0x1
#define IPL_SOFTCLOCK	0x2
#define IPL_SOFTBIO	0x3
#define IPL_SOFTNET	0x4
#define IPL_SOFTSERIAL	0x5
#define IPL_VM		0x6
#define IPL_SCHED	0x7
#define IPL_HIGH	0x8
#define NIPL		9

typedef uint8_t ipl_t;
typedef struct {
	ipl_t _ipl;
} ipl_cookie_t;

int	splraise(int);
void	spllower(int);
#define splx(s)		spllower(s)
#define spl0()		spllower(IPL_NONE)

static __inline ipl_cookie_t
makeiplcookie(ipl_t ipl)
{
	return (ipl_cookie_t){ ._ipl = ipl };
}

static __inline int
splraiseipl(ipl_cookie_t icookie)
{
	return splraise(icookie._ipl);
}

static __inline int splsoftclock(void) { return splraise(IPL_SOFTCLOCK); }
static __inline int splsoftbio(void) { return splraise(IPL_SOFTBIO); }
static __inline int splsoftnet(void) { return splraise(IPL_SOFTNET); }
static __inline int splsoftserial(void) { return splraise(IPL_SOFTSERIAL); }
static __inline int splvm(void) { return splraise(IPL_VM); }
static __inline int splsched(void) { return splraise(IPL_SCHED); }
static __inline int splhigh(void) { return splraise(IPL_HIGH); }

#endif
