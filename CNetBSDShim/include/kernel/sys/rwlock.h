/*
 * rwlock(9) (sys/rwlock.h in NetBSD's API): many readers or one writer, writers preferred, with
 * exact downgrade/tryupgrade. krwlock_t is pointer-sized and refers to a record rw_init allocates.
 */
#ifndef _NBSHIM_SYS_RWLOCK_H_
#define _NBSHIM_SYS_RWLOCK_H_

#include <sys/types.h>

typedef enum krw_t {
	RW_READER = 0,
	RW_WRITER = 1
} krw_t;

typedef struct krwlock {
	void	*rw_lock;	/* struct nbshim_rwlock, kern_rwlock.c */
} krwlock_t;

void	rw_init(krwlock_t *);
void	rw_destroy(krwlock_t *);
void	rw_enter(krwlock_t *, const krw_t);
int	rw_tryenter(krwlock_t *, const krw_t);
void	rw_exit(krwlock_t *);
void	rw_downgrade(krwlock_t *);
int	rw_tryupgrade(krwlock_t *);
int	rw_read_held(krwlock_t *);	/* held for reading by some thread */
int	rw_write_held(krwlock_t *);	/* held for writing by this thread */
int	rw_lock_held(krwlock_t *);

krwlock_t *rw_obj_alloc(void);
void	rw_obj_hold(krwlock_t *);
bool	rw_obj_free(krwlock_t *);

#endif
