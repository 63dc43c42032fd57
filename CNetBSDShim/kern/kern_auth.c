/*
 * kauth(9) by the rule in sys/kauth.h: the only requester is the host, which runs as root, so
 * there is one credential (the superuser's) on every lwp; requests carrying it or the kernel's
 * own are allowed, any other credential is refused.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/lwp.h>
#include <sys/kauth.h>
#include "kern/init_private.h"

struct kauth_cred {
	unsigned int	cr_refcnt;
	uid_t		cr_uid, cr_euid;
	gid_t		cr_gid, cr_egid;
};

/* Held by every lwp (lwp0's, which the others copy) and never freed: one reference that no
 * kauth_cred_free can drop. */
static struct kauth_cred host_cred = { .cr_refcnt = 1 };

static int
kauth_start(void)
{
	lwp0.l_cred = &host_cred;
	return 0;
}
NBSHIM_INIT(kauth_start, 0);	/* before any lwp but lwp0 exists */

static int
decide(kauth_cred_t cred)
{
	if (cred == NOCRED || cred == FSCRED)
		return 0;
	KASSERT(cred != NULL);
	return cred->cr_euid == 0 ? 0 : EPERM;
}

int
kauth_authorize_generic(kauth_cred_t cred, kauth_action_t action, void *arg0)
{
	(void)action; (void)arg0;
	return decide(cred);
}

int
kauth_authorize_system(kauth_cred_t cred, kauth_action_t action, enum kauth_system_req req,
    void *arg1, void *arg2, void *arg3)
{
	(void)action; (void)req; (void)arg1; (void)arg2; (void)arg3;
	return decide(cred);
}

int
kauth_authorize_process(kauth_cred_t cred, kauth_action_t action, struct proc *p,
    void *arg1, void *arg2, void *arg3)
{
	(void)action; (void)p; (void)arg1; (void)arg2; (void)arg3;
	return decide(cred);
}

int
kauth_authorize_network(kauth_cred_t cred, kauth_action_t action, enum kauth_network_req req,
    void *arg1, void *arg2, void *arg3)
{
	(void)action; (void)req; (void)arg1; (void)arg2; (void)arg3;
	return decide(cred);
}

int
kauth_authorize_machdep(kauth_cred_t cred, kauth_action_t action, void *arg0, void *arg1,
    void *arg2, void *arg3)
{
	(void)action; (void)arg0; (void)arg1; (void)arg2; (void)arg3;
	return decide(cred);
}

int
kauth_authorize_device(kauth_cred_t cred, kauth_action_t action, void *arg0, void *arg1,
    void *arg2, void *arg3)
{
	(void)action; (void)arg0; (void)arg1; (void)arg2; (void)arg3;
	return decide(cred);
}

int
kauth_authorize_device_tty(kauth_cred_t cred, kauth_action_t action, struct tty *tty)
{
	(void)action; (void)tty;
	return decide(cred);
}

int
kauth_authorize_device_spec(kauth_cred_t cred, enum kauth_device_req req, struct vnode *vp)
{
	(void)req; (void)vp;
	return decide(cred);
}

int
kauth_authorize_device_passthru(kauth_cred_t cred, dev_t dev, u_long bits, void *data)
{
	(void)dev; (void)bits; (void)data;
	return decide(cred);
}

kauth_cred_t
kauth_cred_get(void)
{
	return curlwp->l_cred;
}

uid_t kauth_cred_getuid(kauth_cred_t cred) { return cred->cr_uid; }
uid_t kauth_cred_geteuid(kauth_cred_t cred) { return cred->cr_euid; }
gid_t kauth_cred_getgid(kauth_cred_t cred) { return cred->cr_gid; }
gid_t kauth_cred_getegid(kauth_cred_t cred) { return cred->cr_egid; }

void
kauth_cred_hold(kauth_cred_t cred)
{
	__atomic_fetch_add(&cred->cr_refcnt, 1, __ATOMIC_RELAXED);
}

void
kauth_cred_free(kauth_cred_t cred)
{
	if (__atomic_fetch_sub(&cred->cr_refcnt, 1, __ATOMIC_RELEASE) <= 1)
		panic("kauth_cred_free: %p released more often than held", cred);
}
