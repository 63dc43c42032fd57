/*
 * I/O buffers (buf(9), sys/buf.h in NetBSD's API); kern/vfs_bio.c. There is no buffer cache and no
 * file system here: buffers are the headers a driver or a subsystem (scsipi, ata) passes down to a
 * strategy routine and back through biodone. Completion is a condition variable under b_objlock.
 */
#ifndef _NBSHIM_SYS_BUF_H_
#define _NBSHIM_SYS_BUF_H_

#include <sys/param.h>
#include <sys/queue.h>
#include <sys/pool.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/workqueue.h>

struct buf;
struct vnode;
struct uio;
struct kauth_cred;

struct buf {
	union {
		TAILQ_ENTRY(buf) u_actq;	/* the owner's queue (bufq strategies use it) */
		struct work	u_work;
	} b_u;
#define b_actq	b_u.u_actq
#define b_work	b_u.u_work
	void		(*b_iodone)(struct buf *);
	int		b_error;
	int		b_resid;
	u_int		b_flags;	/* B_* */
	int		b_prio;
	int		b_bufsize;
	int		b_bcount;
	dev_t		b_dev;
	void		*b_data;
	daddr_t		b_blkno;	/* partition relative, DEV_BSIZE units */
	daddr_t		b_rawblkno;	/* volume relative */
	struct proc	*b_proc;
	void		*b_saveaddr;
	void		*b_private;
	off_t		b_dcookie;

	kcondvar_t	b_busy;
	u_int		b_refcnt;
	void		*b_unused;
	LIST_ENTRY(buf)	b_hash;
	LIST_ENTRY(buf)	b_vnbufs;
	TAILQ_ENTRY(buf) b_freelist;
	LIST_ENTRY(buf)	b_wapbllist;
	daddr_t		b_lblkno;
	int		b_freelistindex;
	u_int		b_cflags;	/* BC_* */
	struct vnode	*b_vp;

	kcondvar_t	b_done;		/* biowait sleeps here until BO_DONE */
	u_int		b_oflags;	/* BO_*, under b_objlock */
	kmutex_t	*b_objlock;
};

#define b_cylinder	b_resid		/* the disksort key, as drivers set it */

#define BC_AGE		0x00000001
#define BC_BUSY		0x00000010
#define BC_INVAL	0x00002000
#define BC_NOCACHE	0x00008000
#define BC_WANTED	0x00800000
#define BC_VFLUSH	0x04000000

#define BO_DELWRI	0x00000080
#define BO_DONE		0x00000200

#define B_WRITE		0x00000000
#define B_ASYNC		0x00000004
#define B_COWDONE	0x00000400
#define B_GATHERED	0x00001000
#define B_LOCKED	0x00004000
#define B_PHYS		0x00040000
#define B_RAW		0x00080000
#define B_READ		0x00100000
#define B_DEVPRIVATE	0x02000000

#define BUF_FLAGBITS \
	"\20\1AGE\3ASYNC\4BAD\5BUSY\10DELWRI\12DONE\13COWDONE\15GATHERED\16INVAL" \
	"\17LOCKED\20NOCACHE\23PHYS\24RAW\25READ\32DEVPRIVATE\33VFLUSH"

#define BUF_ISREAD(bp)	(((bp)->b_flags & B_READ) == B_READ)
#define BUF_ISWRITE(bp)	(((bp)->b_flags & B_READ) == B_WRITE)

#define clrbuf(bp) do {							\
	memset((bp)->b_data, 0, (u_int)(bp)->b_bcount);			\
	(bp)->b_resid = 0;						\
} while (0)

#define B_CLRBUF	0x01
#define B_SYNC		0x02
#define B_METAONLY	0x04
#define B_CONTIG	0x08
#define B_MODIFY	0x01

#define BIO_GETPRIO(bp)		((bp)->b_prio)
#define BIO_SETPRIO(bp, prio)	((bp)->b_prio = (prio))
#define BIO_COPYPRIO(bp1, bp2)	BIO_SETPRIO(bp1, BIO_GETPRIO(bp2))

#define BPRIO_NPRIO		3
#define BPRIO_TIMECRITICAL	2
#define BPRIO_TIMELIMITED	1
#define BPRIO_TIMENONCRITICAL	0
#define BPRIO_DEFAULT		BPRIO_TIMELIMITED

__BEGIN_DECLS
void	buf_init(buf_t *);
void	buf_destroy(buf_t *);
/* Marks the transfer done: calls b_iodone, or releases an B_ASYNC buffer, or wakes biowait. */
void	biodone(buf_t *);
/* Sleeps until biodone; returns b_error. */
int	biowait(buf_t *);
/* A buffer header of our own (no vnode here: the argument must be NULL). */
buf_t	*getiobuf(struct vnode *, bool);
void	putiobuf(buf_t *);
void	nestiobuf_setup(buf_t *, buf_t *, int, size_t);
void	nestiobuf_done(buf_t *, int, int);
void	nestiobuf_iodone(buf_t *);
void	minphys(buf_t *);
/* Raw I/O on a uio through a strategy routine, in pieces of at most minphys each. */
int	physio(void (*)(buf_t *), buf_t *, dev_t, int, void (*)(buf_t *), struct uio *);
/* The buffer cache does not exist here: these fail loudly (panic with their name). */
buf_t	*geteblk(int);
void	brelse(buf_t *, int);
__END_DECLS

#endif
