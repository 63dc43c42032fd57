/*
 * Passive serialization (sys/pserialize.h, pserialize(9) in NetBSD's API); kern/subr_pserialize.c.
 * Readers only raise the interrupt priority and count themselves; pserialize_perform waits until
 * no read section that began before it is still running.
 */
#ifndef _NBSHIM_SYS_PSERIALIZE_H_
#define _NBSHIM_SYS_PSERIALIZE_H_

#include <sys/types.h>

typedef struct pserialize *pserialize_t;

pserialize_t pserialize_create(void);
void	pserialize_destroy(pserialize_t);
/* Called with the writers' lock held; sleeps. */
void	pserialize_perform(pserialize_t);
int	pserialize_read_enter(void);
void	pserialize_read_exit(int);
bool	pserialize_in_read_section(void);
bool	pserialize_not_in_read_section(void);

#endif
