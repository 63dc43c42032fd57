/*
 * Processes and sleeping (sys/proc.h in NetBSD's API). The personality is one process, proc0; its
 * threads are lwps. tsleep/mtsleep/wakeup work on wait channels (kern_synch.c). No signals are
 * ever delivered here, so PCATCH sleeps end only by wakeup or timeout.
 */
#ifndef _NBSHIM_SYS_PROC_H_
#define _NBSHIM_SYS_PROC_H_

#include <sys/param.h>
#include <sys/queue.h>
#include <sys/lwp.h>
#include <sys/mutex.h>
#include <sys/pool.h>	/* NetBSD's sys/proc.h brings it through sys/aio.h */
#include <sys/event.h>

typedef volatile const void *wchan_t;
typedef int pri_t;

struct proc {
	pid_t		p_pid;
	char		p_comm[MAXCOMLEN + 1];
	int		p_flag;
	int		p_stat;
	struct vmspace	*p_vmspace;	/* the one address space (sys/uio.h) */
	struct lwp	*p_lwp0;	/* not NetBSD's: the lwp the personality started on */
};

extern struct proc proc0;
extern kmutex_t *proc_lock;

/* proc0 for its own pid, else NULL: no other process exists here. Called with proc_lock held. */
struct proc *proc_find(pid_t);
/* No signals are delivered here: panics with its name. */
void	psignal(struct proc *, int);

int	tsleep(wchan_t, pri_t, const char *, int);
int	mtsleep(wchan_t, pri_t, const char *, int, kmutex_t *);
void	wakeup(wchan_t);
void	wakeup_one(wchan_t);
int	kpause(const char *, bool, int, kmutex_t *);
void	preempt(void);
void	yield(void);

#endif
