/* Software interrupts and the machine-independent IPL names (sys/intr.h in NetBSD's API). */
#ifndef _NBSHIM_SYS_INTR_H_
#define _NBSHIM_SYS_INTR_H_

#include <sys/types.h>

#define INTRIDBUF	64
#define INTRDEVNAMEBUF	256

struct cpu_info;

/*
 * softint(9): one host thread per level (kern_softint.c). A handler without SOFTINT_MPSAFE runs at
 * its soft IPL, so under the interrupt lock; an MPSAFE one runs at IPL_NONE and locks for itself.
 */
#define SOFTINT_BIO	0x0000
#define SOFTINT_CLOCK	0x0001
#define SOFTINT_SERIAL	0x0002
#define SOFTINT_NET	0x0003
#define SOFTINT_MPSAFE	0x0100
#define SOFTINT_RCPU	0x0200
#define SOFTINT_COUNT	0x0004
#define SOFTINT_LVLMASK	0x00ff

void	*softint_establish(u_int, void (*)(void *), void *);
void	softint_disestablish(void *);
void	softint_schedule(void *);
void	softint_schedule_cpu(void *, struct cpu_info *);

#define IPL_BIO		IPL_VM
#define IPL_NET		IPL_VM
#define IPL_TTY		IPL_VM
#define IPL_AUDIO	IPL_SCHED
#define IPL_CLOCK	IPL_SCHED
#define IPL_SERIAL	IPL_HIGH

#define splbio()	splvm()
#define splnet()	splvm()
#define spltty()	splvm()
#define splaudio()	splsched()
#define splclock()	splsched()
#define splserial()	splhigh()

#include <machine/intr.h>

#endif
