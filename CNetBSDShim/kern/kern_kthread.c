/*
 * kthread(9): each kernel thread is a named host thread with its own lwp. kthread_exit unwinds to
 * the thread's start with __builtin_longjmp (no host call needed). A thread without
 * KTHREAD_MPSAFE runs under the kernel lock, which it gives up whenever it blocks.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kthread.h>
#include <sys/lwp.h>
#include "kern/sync_private.h"

static void
kthread_main(void *arg)
{
	struct lwp *l = arg;

	nbshim_lwp_set_current(l);
	if ((l->l_nbshim_kflags & KTHREAD_MPSAFE) == 0)
		nbshim_kernel_lock();
	if (__builtin_setjmp(l->l_nbshim_exit) == 0)
		l->l_nbshim_func(l->l_nbshim_arg);
	nbshim_lwp_leave(l);
	if ((l->l_nbshim_kflags & KTHREAD_MUSTJOIN) == 0)
		nbshim_lwp_free(l);
}

int
kthread_create(pri_t pri, int flags, struct cpu_info *ci, void (*func)(void *), void *arg,
    lwp_t **out, const char *fmt, ...)
{
	char name[32];
	struct lwp *l;
	va_list ap;
	int error;

	(void)pri;	/* host threads share one scheduling class */
	(void)ci;
	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (flags & KTHREAD_IDLE)
		panic("kthread_create(%s): KTHREAD_IDLE is not supported (threads start at once)", name);
	l = nbshim_lwp_alloc(name);
	l->l_nbshim_func = func;
	l->l_nbshim_arg = arg;
	l->l_nbshim_kflags = flags | NBSHIM_KTHREAD;
	/* The lwp of a detached thread is freed when it ends: publish it before it can. */
	if (out != NULL)
		*out = l;
	error = nbh_thread_create(kthread_main, l, name,
	    (flags & KTHREAD_MUSTJOIN) ? &l->l_nbshim_thread : NULL);
	if (error != 0) {
		nbshim_lwp_free(l);
		if (out != NULL)
			*out = NULL;
	}
	return error;
}

void
kthread_exit(int ecode)
{
	struct lwp *l = curlwp;

	(void)ecode;
	if ((l->l_nbshim_kflags & NBSHIM_KTHREAD) == 0)
		panic("kthread_exit: %s is not a kernel thread", l->l_name);
	__builtin_longjmp(l->l_nbshim_exit, 1);
}

int
kthread_join(lwp_t *l)
{
	struct lwp *self = curlwp;
	bool held;

	if ((l->l_nbshim_kflags & KTHREAD_MUSTJOIN) == 0)
		panic("kthread_join: %s was not created with KTHREAD_MUSTJOIN", l->l_name);
	if (l == self)
		panic("kthread_join: %s joining itself", l->l_name);
	held = nbshim_biglock_drop(self);
	nbh_thread_join(l->l_nbshim_thread);
	nbshim_biglock_resume(self, held);
	nbshim_lwp_free(l);
	return 0;
}
