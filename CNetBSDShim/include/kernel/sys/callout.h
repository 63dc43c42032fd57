/*
 * callout(9) (sys/callout.h in NetBSD's API): functions run once, `ticks` from now, on the callout
 * thread, in expiry order. One without CALLOUT_MPSAFE runs under the kernel lock, so it excludes
 * spl sections and non-MPSAFE interrupt handlers (kern_timeout.c).
 */
#ifndef _NBSHIM_SYS_CALLOUT_H_
#define _NBSHIM_SYS_CALLOUT_H_

#include <sys/types.h>

typedef struct callout {
	struct callout	*c_next;	/* queue, sorted by c_when */
	void		(*c_func)(void *);
	void		*c_arg;
	uint64_t	c_when;		/* monotonic nanoseconds */
	u_int		c_flags;
	u_int		c_magic;
} callout_t;

#define CALLOUT_BOUND		0x0001
#define CALLOUT_PENDING		0x0002	/* queued */
#define CALLOUT_FIRED		0x0004	/* ran since last scheduled */
#define CALLOUT_INVOKING	0x0008	/* ran and not yet callout_ack()ed */
#define CALLOUT_MPSAFE		0x0100	/* needs no kernel lock */
#define CALLOUT_FLAGMASK	0xff00

struct cpu_info;

void	callout_init(callout_t *, u_int);
void	callout_destroy(callout_t *);
void	callout_setfunc(callout_t *, void (*)(void *), void *);
void	callout_reset(callout_t *, int, void (*)(void *), void *);
void	callout_schedule(callout_t *, int);
bool	callout_stop(callout_t *);
bool	callout_halt(callout_t *, void *);
bool	callout_pending(callout_t *);
bool	callout_expired(callout_t *);
bool	callout_active(callout_t *);
bool	callout_invoking(callout_t *);
void	callout_ack(callout_t *);
void	callout_bind(callout_t *, struct cpu_info *);

#endif
