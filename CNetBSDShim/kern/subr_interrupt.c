/*
 * Interrupt affinity (interrupt_distribute, sys/interrupt.h in NetBSD's API). The personality has
 * one virtual CPU, so the only set an interrupt can be bound to is the one holding CPU 0.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kcpuset.h>

int	interrupt_distribute(void *, const kcpuset_t *, kcpuset_t *);

int
interrupt_distribute(void *ih, const kcpuset_t *newset, kcpuset_t *oldset)
{
	(void)ih;
	if (!kcpuset_isset(newset, 0))
		return EINVAL;
	if (oldset != NULL) {
		kcpuset_zero(oldset);
		kcpuset_set(oldset, 0);
	}
	return 0;
}
