/* Kernel threads (kthread(9), sys/kthread.h in NetBSD's API): each is a named host thread. */
#ifndef _NBSHIM_SYS_KTHREAD_H_
#define _NBSHIM_SYS_KTHREAD_H_

#include <sys/types.h>
#include <sys/proc.h>	/* as NetBSD's: lwps, mutexes and condvars come with it */

struct cpu_info;
struct lwp;
typedef struct lwp lwp_t;
typedef int pri_t;

#define KTHREAD_IDLE		0x01	/* not supported: threads start at once */
#define KTHREAD_MPSAFE		0x02	/* without: runs under the kernel lock, dropped while asleep */
#define KTHREAD_INTR		0x04
#define KTHREAD_TS		0x08
#define KTHREAD_MUSTJOIN	0x10

int	kthread_create(pri_t, int, struct cpu_info *, void (*)(void *), void *, lwp_t **,
	    const char *, ...) __printflike(7, 8);
void	kthread_exit(int) __dead;
int	kthread_join(lwp_t *);

#endif
