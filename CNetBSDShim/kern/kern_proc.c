/* The one process: proc_lock and proc_find over it; signals cannot be delivered. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/proc.h>
#include "kern/init_private.h"

static kmutex_t proc_lock_store;
kmutex_t *proc_lock = &proc_lock_store;

struct proc *
proc_find(pid_t pid)
{
	return pid == proc0.p_pid ? &proc0 : NULL;
}

void
psignal(struct proc *p, int sig)
{
	panic("psignal(pid %d, signal %d): nbshim delivers no signals", p->p_pid, sig);
}

static int
proc_start(void)
{
	mutex_init(&proc_lock_store, MUTEX_DEFAULT, IPL_NONE);
	return 0;
}
NBSHIM_INIT(proc_start, 10);
