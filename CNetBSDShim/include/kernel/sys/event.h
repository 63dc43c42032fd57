/*
 * Kernel events (sys/event.h in NetBSD's API): the knote and filter structures device kqfilter
 * routines fill, and knote() that runs the filters on a selinfo's list (kern/sys_select.c). There
 * is no kqueue here: nothing queues an active knote for a reader yet.
 */
#ifndef _NBSHIM_SYS_EVENT_H_
#define _NBSHIM_SYS_EVENT_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/ioctl.h>	/* as NetBSD's: kqueue's ioctls; drivers reach IOCPARM_LEN through it */

#define EVFILT_READ	0U
#define EVFILT_WRITE	1U
#define EVFILT_AIO	2U
#define EVFILT_VNODE	3U
#define EVFILT_PROC	4U
#define EVFILT_SIGNAL	5U
#define EVFILT_TIMER	6U
#define EVFILT_SYSCOUNT	7U

struct kevent {
	uintptr_t	ident;
	uint32_t	filter;
	uint32_t	flags;
	uint32_t	fflags;
	int64_t		data;
	intptr_t	udata;
};

#define EV_SET(kevp, a, b, c, d, e, f) do {				\
	(kevp)->ident = (a); (kevp)->filter = (b); (kevp)->flags = (c);	\
	(kevp)->fflags = (d); (kevp)->data = (e); (kevp)->udata = (f);	\
} while (0)

#define EV_ADD		0x0001U
#define EV_DELETE	0x0002U
#define EV_ENABLE	0x0004U
#define EV_DISABLE	0x0008U
#define EV_ONESHOT	0x0010U
#define EV_CLEAR	0x0020U
#define EV_RECEIPT	0x0040U
#define EV_DISPATCH	0x0080U
#define EV_SYSFLAGS	0xF000U
#define EV_FLAG1	0x2000U
#define EV_EOF		0x8000U
#define EV_ERROR	0x4000U

#define NOTE_SUBMIT	0x01000000U
#define NOTE_LOWAT	0x0001U
#define NOTE_DELETE	0x0001U
#define NOTE_WRITE	0x0002U
#define NOTE_EXTEND	0x0004U
#define NOTE_ATTRIB	0x0008U
#define NOTE_LINK	0x0010U
#define NOTE_RENAME	0x0020U
#define NOTE_REVOKE	0x0040U
#define NOTE_EXIT	0x80000000U
#define NOTE_FORK	0x40000000U
#define NOTE_EXEC	0x20000000U
#define NOTE_PCTRLMASK	0xf0000000U
#define NOTE_PDATAMASK	0x000fffffU
#define NOTE_TRACK	0x00000001U
#define NOTE_TRACKERR	0x00000002U
#define NOTE_CHILD	0x00000004U
#define NOTE_SIGNAL	0x08000000U

struct knote;
SLIST_HEAD(klist, knote);

struct filterops {
	int	f_isfd;
	int	(*f_attach)(struct knote *);
	void	(*f_detach)(struct knote *);
	int	(*f_event)(struct knote *, long);
};

struct kqueue;
struct kfilter;

struct knote {
	SLIST_ENTRY(knote)	kn_link;
	SLIST_ENTRY(knote)	kn_selnext;	/* on a selinfo's sel_klist */
	TAILQ_ENTRY(knote)	kn_tqe;
	struct kqueue		*kn_kq;
	struct kevent		kn_kevent;
	uint32_t		kn_status;	/* KN_* */
	uint32_t		kn_sfflags;
	uintptr_t		kn_sdata;
	void			*kn_obj;
	const struct filterops	*kn_fop;
	struct kfilter		*kn_kfilter;
	void			*kn_hook;
};

#define KN_ACTIVE	0x01U
#define KN_QUEUED	0x02U
#define KN_DISABLED	0x04U
#define KN_DETACHED	0x08U
#define KN_MARKER	0x10U
#define KN_BUSY		0x20U

#define kn_id		kn_kevent.ident
#define kn_filter	kn_kevent.filter
#define kn_flags	kn_kevent.flags
#define kn_fflags	kn_kevent.fflags
#define kn_data		kn_kevent.data

#define KNOTE(list, hint)	do { if (!SLIST_EMPTY(list)) knote(list, hint); } while (0)

/* Runs each knote's f_event with `hint`; those that report an event become KN_ACTIVE. */
void	knote(struct klist *, long);
int	filt_seltrue(struct knote *, long);
extern const struct filterops seltrue_filtops;

#endif
