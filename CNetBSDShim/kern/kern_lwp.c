/* lwps and curlwp: a C thread-local per host thread; threads not made by kthread_create are
 * adopted (given an lwp) the first time they ask for curlwp. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/proc.h>
#include <sys/uio.h>
#include <sys/lwp.h>
#include <sys/cpu.h>
#include <sys/nbshim_sync.h>

struct proc proc0 = { .p_pid = 0, .p_comm = "nbshim", .p_vmspace = &nbk_vmspace, .p_lwp0 = &lwp0 };
/* Every lwp carries lwp0's credential, which kern_auth.c sets at start-up. */
struct lwp lwp0 = { .l_cpu = &cpu_info_primary, .l_proc = &proc0, .l_lid = 1,
    .l_name = lwp0.l_nbk_name, .l_nbk_name = "lwp0" };

_Thread_local struct lwp *nbk_lwp_current;
static volatile lwpid_t next_lid = 2;
static volatile int lwp0_taken;

struct lwp *
nbk_lwp_alloc(const char *name)
{
	struct lwp *l = nbk_alloc(sizeof(*l), "lwp");
	size_t n = strlen(name);

	if (n >= sizeof(l->l_nbk_name))
		n = sizeof(l->l_nbk_name) - 1;
	memcpy(l->l_nbk_name, name, n);
	l->l_name = l->l_nbk_name;
	l->l_cpu = &cpu_info_primary;
	l->l_proc = &proc0;
	l->l_cred = lwp0.l_cred;
	l->l_pflag = LP_BOUND;
	l->l_lid = __atomic_fetch_add(&next_lid, 1, __ATOMIC_RELAXED);
	return l;
}

void
nbk_lwp_free(struct lwp *l)
{
	if (l != &lwp0)
		nbk_free(l, sizeof(*l));
}

void
nbk_lwp_set_current(struct lwp *l)
{
	nbk_lwp_current = l;
}

/* The first foreign thread becomes lwp0 (normally the host's main thread); later ones get new
 * lwps. Adopted lwps live as long as the process: the host does not report thread exits. */
struct lwp *
nbk_curlwp(void)
{
	struct lwp *l = nbk_lwp_current;

	if (__predict_true(l != NULL))
		return l;
	if (__atomic_exchange_n(&lwp0_taken, 1, __ATOMIC_ACQ_REL) == 0)
		l = &lwp0;
	else
		l = nbk_lwp_alloc("host");
	nbk_lwp_current = l;
	return l;
}

void
kpreempt_disable(void)
{
	curlwp->l_nbk_nopreempt++;
}

void
kpreempt_enable(void)
{
	struct lwp *l = curlwp;

	if (l->l_nbk_nopreempt <= 0)
		panic("kpreempt_enable: preemption was not disabled");
	l->l_nbk_nopreempt--;
}

bool
kpreempt_disabled(void)
{
	struct lwp *l = curlwp;

	return l->l_nbk_nopreempt > 0 || l->l_nbk_ipl > IPL_NONE || l->l_nbk_intr > 0;
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
	return curlwp->l_nbk_intr > 0;
}

bool
cpu_softintr_p(void)
{
	return curlwp->l_nbk_softint;
}
