/*
 * condvar(9) (sys/condvar.h in NetBSD's API). Timeouts are in ticks (hz); a timed wait that times
 * out returns EWOULDBLOCK. The _sig variants behave as the plain ones: no signals reach kernel
 * threads in this process, so they never return EINTR or ERESTART.
 */
#ifndef _NBSHIM_SYS_CONDVAR_H_
#define _NBSHIM_SYS_CONDVAR_H_

#include <sys/types.h>
#include <sys/mutex.h>

typedef struct kcondvar {
	void		*cv_cond;	/* struct nbshim_cond, kern_condvar.c */
	const char	*cv_wmesg;
} kcondvar_t;

void	cv_init(kcondvar_t *, const char *);
void	cv_destroy(kcondvar_t *);
void	cv_wait(kcondvar_t *, kmutex_t *);
int	cv_wait_sig(kcondvar_t *, kmutex_t *);
int	cv_timedwait(kcondvar_t *, kmutex_t *, int);
int	cv_timedwait_sig(kcondvar_t *, kmutex_t *, int);
void	cv_signal(kcondvar_t *);
void	cv_broadcast(kcondvar_t *);
bool	cv_has_waiters(kcondvar_t *);
bool	cv_is_valid(kcondvar_t *);

#endif
