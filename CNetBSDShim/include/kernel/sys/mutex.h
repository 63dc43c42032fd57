/*
 * mutex(9) (sys/mutex.h in NetBSD's API). kmutex_t stays pointer-sized like NetBSD's, since
 * drivers embed it in their softcs: it refers to a lock record that mutex_init allocates (a host
 * lock plus the owner, for mutex_owned and KASSERTs). Spin mutexes raise the IPL to their level
 * first, as NetBSD's do (kern_mutex.c).
 */
#ifndef _NBSHIM_SYS_MUTEX_H_
#define _NBSHIM_SYS_MUTEX_H_

#include <sys/types.h>
#include <sys/intr.h>

typedef enum kmutex_type_t {
	MUTEX_SPIN = 0,		/* a spin mutex, even at IPL_NONE */
	MUTEX_ADAPTIVE = 1,	/* an adaptive mutex; ipl must be IPL_NONE */
	MUTEX_DEFAULT = 2,	/* adaptive up to the soft IPLs, spin from IPL_VM up */
	MUTEX_DRIVER = 3,	/* as MUTEX_DEFAULT */
	MUTEX_NODEBUG = 4	/* as MUTEX_DEFAULT */
} kmutex_type_t;

typedef struct kmutex {
	void	*mtx_lock;	/* struct nbshim_mutex, kern_mutex.c */
} kmutex_t;

struct lwp;

void	mutex_init(kmutex_t *, kmutex_type_t, int);
void	mutex_destroy(kmutex_t *);
void	mutex_enter(kmutex_t *);
void	mutex_exit(kmutex_t *);
void	mutex_spin_enter(kmutex_t *);
void	mutex_spin_exit(kmutex_t *);
int	mutex_tryenter(kmutex_t *);
int	mutex_owned(kmutex_t *);
struct lwp *mutex_owner(kmutex_t *);

kmutex_t *mutex_obj_alloc(kmutex_type_t, int);
void	mutex_obj_hold(kmutex_t *);
bool	mutex_obj_free(kmutex_t *);

#endif
