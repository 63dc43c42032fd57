/* select(9) basics: seltrue, the poll routine of a device that is always ready. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/poll.h>

int
seltrue(dev_t dev, int events, struct lwp *l)
{
	(void)dev; (void)l;
	return events & (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM);
}

/* The kqueue filter of an always-ready device: there is no kqueue here to attach a knote to. */
int
seltrue_kqfilter(dev_t dev, struct knote *kn)
{
	panic("seltrue_kqfilter(dev %#llx, knote %p): nbshim has no kqueue", (unsigned long long)dev, kn);
}
