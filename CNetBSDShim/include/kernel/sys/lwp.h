/*
 * Light-weight processes (sys/lwp.h in NetBSD's API). Every host thread that runs kernel code has
 * one: kthreads get theirs at creation, other host threads (interrupt threads, the Swift caller)
 * are adopted on first use of curlwp. The l_nbshim_* fields are the personality's own state.
 */
#ifndef _NBSHIM_SYS_LWP_H_
#define _NBSHIM_SYS_LWP_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <machine/cpu.h>

struct proc;
struct nbh_thread;
struct kauth_cred;
typedef struct lwp lwp_t;

struct lwp {
	struct cpu_info	*l_cpu;
	struct proc	*l_proc;
	lwpid_t		l_lid;
	int		l_flag;
	int		l_pflag;
	int		l_stat;
	char		*l_name;
	struct kauth_cred *l_cred;	/* the host's, always (sys/kauth.h) */

	/* Private to the personality. */
	struct nbh_thread *l_nbshim_thread;	/* host thread of a joinable kthread */
	void		(*l_nbshim_func)(void *);	/* kthread body */
	void		*l_nbshim_arg;
	void		*l_nbshim_exit[5];		/* __builtin_setjmp buffer for kthread_exit */
	int		l_nbshim_kflags;		/* KTHREAD_* flags; 0 for adopted threads */
	int		l_nbshim_ipl;		/* current IPL (spl.c) */
	int		l_nbshim_klock;		/* kernel lock depth: non-MPSAFE work in progress */
	bool		l_nbshim_locked;		/* holds the interrupt lock right now */
	int		l_nbshim_mtxcount;		/* spin mutexes held */
	int		l_nbshim_mtxspl;		/* IPL before the first of them */
	int		l_nbshim_intr;		/* interrupt handlers running (nested) */
	bool		l_nbshim_softint;		/* a softint thread */
	int		l_nbshim_nopreempt;	/* kpreempt_disable depth */
	char		l_nbshim_name[32];
};

#define LP_BOUND	0x20000000	/* bound to a CPU: always, with one CPU */

extern struct lwp lwp0;

#define curproc		(curlwp->l_proc)

/*
 * With one virtual CPU and host threads that Linux preempts at will, disabling preemption only
 * counts (for kpreempt_disabled and assertions); per-CPU data needs its own locking here.
 */
void	kpreempt_disable(void);
void	kpreempt_enable(void);
bool	kpreempt_disabled(void);

static __inline int curlwp_bind(void) { return 0; }
static __inline void curlwp_bindx(int bound) { (void)bound; }

#endif
