/*
 * Buffer queues (bufq(9), sys/bufq.h in NetBSD's API); kern/subr_bufq.c. Strategies: "fcfs" (arrival
 * order) and "disksort" (one-way elevator on the BUFQ_SORT_* key). A queue has no lock of its own:
 * its owner serialises the calls, as in NetBSD.
 */
#ifndef _NBSHIM_SYS_BUFQ_H_
#define _NBSHIM_SYS_BUFQ_H_

#include <sys/types.h>

struct buf;
struct bufq_state;

#define BUFQ_STRAT_ANY		NULL		/* the default strategy (disksort) */
#define BUFQ_DISK_DEFAULT_STRAT	BUFQ_STRAT_ANY

#define BUFQ_SORT_RAWBLOCK	0x0001		/* by b_rawblkno */
#define BUFQ_SORT_CYLINDER	0x0002		/* by b_cylinder, then b_rawblkno */
#define BUFQ_SORT_MASK		0x000f
#define BUFQ_EXACT		0x0010		/* an unknown strategy is ENOENT, not the default */

/* 0, or ENOENT for an unknown strategy with BUFQ_EXACT (without it the default serves). */
int	bufq_alloc(struct bufq_state **, const char *, int);
/* Fails every queued buffer with EIO (biodone), leaving the queue empty. */
void	bufq_drain(struct bufq_state *);
/* The queue must be empty. */
void	bufq_free(struct bufq_state *);
void	bufq_put(struct bufq_state *, struct buf *);
struct buf *bufq_get(struct bufq_state *);
struct buf *bufq_peek(struct bufq_state *);
/* Takes `bp` out of the queue: bp, or NULL when it was not queued. */
struct buf *bufq_cancel(struct bufq_state *, struct buf *);
const char *bufq_getstrategyname(struct bufq_state *);
/* Moves every buffer of the second queue into the first. */
void	bufq_move(struct bufq_state *, struct bufq_state *);

#endif
