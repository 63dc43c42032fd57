/*
 * What a device keeps for select/poll and kqueue (sys/selinfo.h in NetBSD's API); kern/sys_select.c.
 * A poller records itself with selrecord and sleeps on the selinfo's address; selnotify wakes it
 * and runs the knotes on sel_klist.
 */
#ifndef _NBSHIM_SYS_SELINFO_H_
#define _NBSHIM_SYS_SELINFO_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/event.h>

struct lwp;

struct selinfo {
	struct klist	sel_klist;
	void		*sel_cluster;
	struct lwp	*sel_lwp;	/* the poller that recorded itself, if one did */
	uintptr_t	sel_fdinfo;
	SLIST_ENTRY(selinfo) sel_chain;
	uint32_t	sel_collision;	/* nonzero: more than one poller recorded */
	uint32_t	sel_reserved[3];
};

void	selinit(struct selinfo *);
void	seldestroy(struct selinfo *);
void	selrecord(struct lwp *, struct selinfo *);
void	selnotify(struct selinfo *, int, long);

#endif
