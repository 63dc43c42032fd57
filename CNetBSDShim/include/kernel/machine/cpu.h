/*
 * The amd64 CPU as drivers see it (machine/cpu.h in NetBSD's API), userspace-safe: the personality
 * presents one virtual CPU, so curcpu() is a constant rather than NetBSD's %gs load, and curlwp
 * is the calling host thread's lwp (a C thread-local, kern_lwp.c).
 */
#ifndef _NBSHIM_MACHINE_CPU_H_
#define _NBSHIM_MACHINE_CPU_H_

#include <sys/types.h>

struct lwp;

struct cpu_info {
	struct cpu_info	*ci_self;
	cpuid_t		ci_cpuid;
	u_int		ci_index;	/* NetBSD: ci_data.cpu_index */
	int		ci_ilevel;	/* always IPL_NONE: the IPL is per thread here */
	char		ci_name[16];
};

extern struct cpu_info cpu_info_primary;

#define curcpu()		(&cpu_info_primary)
#define cpu_number()		0
#define CPU_IS_PRIMARY(ci)	((ci) == &cpu_info_primary)
#define CPU_INFO_ITERATOR	int
#define CPU_INFO_FOREACH(cii, ci) \
	for ((cii) = 0, (ci) = &cpu_info_primary; (cii) < 1; (cii)++)

struct lwp *nbshim_curlwp(void);
#define curlwp			nbshim_curlwp()

/* delay(9): microseconds, busy-waiting on the monotonic clock (sleeping for long ones). */
extern void (*delay_func)(unsigned int);
#define DELAY(x)		(*delay_func)(x)
#define delay(x)		(*delay_func)(x)

static __inline void
x86_pause(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__asm__ __volatile__("pause");
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}
#define SPINLOCK_BACKOFF_HOOK	x86_pause()

#endif
