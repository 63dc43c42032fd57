/* CPUs (sys/cpu.h in NetBSD's API): one virtual CPU, cpu_info_primary (kern_cpu.c). */
#ifndef _NBSHIM_SYS_CPU_H_
#define _NBSHIM_SYS_CPU_H_

#include <sys/types.h>
#include <machine/cpu.h>

extern int ncpu;
extern int ncpuonline;

bool	cpu_intr_p(void);		/* in a hardware interrupt handler */
bool	cpu_softintr_p(void);		/* in a softint handler */
bool	cpu_kpreempt_enter(uintptr_t, int);
bool	cpu_kpreempt_disabled(void);
struct cpu_info *cpu_lookup(u_int);

static __inline u_int
cpu_index(const struct cpu_info *ci)
{
	return ci->ci_index;
}

static __inline char *
cpu_name(struct cpu_info *ci)
{
	return ci->ci_name;
}

#endif
