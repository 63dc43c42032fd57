/* Producer/consumer queue (sys/pcq.h, pcq(9) in NetBSD's API): any number of producers, one
 * consumer at a time (callers serialize consumers); subr_pcq.c. */
#ifndef _NBSHIM_SYS_PCQ_H_
#define _NBSHIM_SYS_PCQ_H_

#include <sys/kmem.h>

typedef struct pcq pcq_t;

bool	pcq_put(pcq_t *, void *);
void	*pcq_peek(pcq_t *);
void	*pcq_get(pcq_t *);
size_t	pcq_maxitems(pcq_t *);
pcq_t	*pcq_create(size_t, km_flag_t);
void	pcq_destroy(pcq_t *);

#endif
