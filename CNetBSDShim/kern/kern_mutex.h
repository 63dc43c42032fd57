/* The lock record behind a kmutex_t, shared by kern_mutex.c and kern_condvar.c. */
#ifndef NBSHIM_KERN_MUTEX_H
#define NBSHIM_KERN_MUTEX_H

#include <sys/types.h>
#include <sys/lwp.h>

struct nbshim_mutex {
	struct nbh_mutex *host;
	struct lwp	*owner;		/* written only by the holder */
	bool		spin;
	int		ipl;
};

void	nbshim_mutex_acquire(struct nbshim_mutex *, struct lwp *);

#endif
