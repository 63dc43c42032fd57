/* lwps and curlwp: a C thread-local per host thread; threads not made by kthread_create are
 * adopted (given an lwp) the first time they ask for curlwp. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/uio.h>
#include <sys/lwp.h>
#include <sys/cpu.h>
#include "kern/sync_private.h"

struct proc proc0 = { .p_pid = 0, .p_comm = "nbshim", .p_vmspace = &nbshim_vmspace, .p_lwp0 = &lwp0 };
/* Every lwp carries lwp0's credential, which kern_auth.c sets at start-up. */
struct lwp lwp0 = { .l_cpu = &cpu_info_primary, .l_proc = &proc0, .l_lid = 1,
    .l_name = lwp0.l_nbshim_name, .l_nbshim_name = "lwp0" };

_Thread_local struct lwp *nbshim_lwp_current;
static volatile lwpid_t next_lid = 2;
static volatile int lwp0_taken;

struct lwp *
nbshim_lwp_alloc(const char *name)
{
	struct lwp *l = nbshim_alloc(sizeof(*l), "lwp");
	size_t n = strlen(name);

	if (n >= sizeof(l->l_nbshim_name))
		n = sizeof(l->l_nbshim_name) - 1;
	memcpy(l->l_nbshim_name, name, n);
	l->l_name = l->l_nbshim_name;
	l->l_cpu = &cpu_info_primary;
	l->l_proc = &proc0;
	l->l_cred = lwp0.l_cred;
	l->l_pflag = LP_BOUND;
	l->l_lid = __atomic_fetch_add(&next_lid, 1, __ATOMIC_RELAXED);
	return l;
}

void
nbshim_lwp_free(struct lwp *l)
{
	if (l != &lwp0)
		nbshim_free(l, sizeof(*l));
}

void
nbshim_lwp_set_current(struct lwp *l)
{
	nbshim_lwp_current = l;
}

/* The first foreign thread becomes lwp0 (normally the host's main thread); later ones get new
 * lwps. Adopted lwps live as long as the process: the host does not report thread exits. */
struct lwp *
nbshim_curlwp(void)
{
	struct lwp *l = nbshim_lwp_current;

	if (__predict_true(l != NULL))
		return l;
	if (__atomic_exchange_n(&lwp0_taken, 1, __ATOMIC_ACQ_REL) == 0)
		l = &lwp0;
	else
		l = nbshim_lwp_alloc("host");
	nbshim_lwp_current = l;
	return l;
}

void
kpreempt_disable(void)
{
	curlwp->l_nbshim_nopreempt++;
}

void
kpreempt_enable(void)
{
	struct lwp *l = curlwp;

	if (l->l_nbshim_nopreempt <= 0)
		panic("kpreempt_enable: preemption was not disabled");
	l->l_nbshim_nopreempt--;
}

bool
kpreempt_disabled(void)
{
	struct lwp *l = curlwp;

	return l->l_nbshim_nopreempt > 0 || l->l_nbshim_ipl > IPL_NONE || l->l_nbshim_intr > 0;
}

bool
cpu_kpreempt_disabled(void)
{
	return kpreempt_disabled();
}

bool
cpu_kpreempt_enter(uintptr_t where, int s)
{
	(void)where;
	(void)s;
	return false;
}

bool
cpu_intr_p(void)
{
	return curlwp->l_nbshim_intr > 0;
}

bool
cpu_softintr_p(void)
{
	return curlwp->l_nbshim_softint;
}
