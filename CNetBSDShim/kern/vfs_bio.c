/*
 * buf(9) without a buffer cache: buffer headers, completion (biodone/biowait), nested buffers and
 * physio(9). biodone from a hardware interrupt handler hands the buffer to a SOFTINT_BIO handler,
 * so b_iodone callbacks run in thread context as in NetBSD.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/cpu.h>
#include <sys/intr.h>
#include <sys/lwp.h>
#include <sys/uio.h>
#include <sys/buf.h>
#include "kern/init_private.h"

kmutex_t buffer_lock;			/* b_objlock of buffers made here */

static kmutex_t biodone_lock;
static TAILQ_HEAD(, buf) biodone_queue = TAILQ_HEAD_INITIALIZER(biodone_queue);
static void *biodone_sih;

void
buf_init(buf_t *bp)
{
	cv_init(&bp->b_busy, "biolock");
	cv_init(&bp->b_done, "biowait");
	bp->b_dev = NODEV;
	bp->b_error = 0;
	bp->b_flags = bp->b_cflags = bp->b_oflags = 0;
	bp->b_iodone = NULL;
	bp->b_refcnt = 1;
	bp->b_objlock = &buffer_lock;
	BIO_SETPRIO(bp, BPRIO_DEFAULT);
}

void
buf_destroy(buf_t *bp)
{
	cv_destroy(&bp->b_done);
	cv_destroy(&bp->b_busy);
}

buf_t *
getiobuf(struct vnode *vp, bool waitok)
{
	buf_t *bp;

	if (vp != NULL)
		panic("getiobuf: vnode %p: there are no vnodes in nbshim", vp);
	bp = kmem_zalloc(sizeof(*bp), waitok ? KM_SLEEP : KM_NOSLEEP);
	if (bp == NULL)
		return NULL;
	buf_init(bp);
	bp->b_cflags = BC_BUSY;
	return bp;
}

void
putiobuf(buf_t *bp)
{
	buf_destroy(bp);
	kmem_free(bp, sizeof(*bp));
}

static void
biodone_thread(buf_t *bp)
{
	void (*done)(buf_t *);

	mutex_enter(bp->b_objlock);
	if (bp->b_oflags & BO_DONE)
		panic("biodone: buffer %p is already done", bp);
	bp->b_oflags |= BO_DONE;
	if ((done = bp->b_iodone) != NULL) {
		mutex_exit(bp->b_objlock);
		done(bp);
	} else if (bp->b_flags & B_ASYNC) {
		mutex_exit(bp->b_objlock);
		brelse(bp, 0);
	} else {
		cv_broadcast(&bp->b_done);
		mutex_exit(bp->b_objlock);
	}
}

static void
biodone_softint(void *arg)
{
	buf_t *bp;

	for (;;) {
		mutex_enter(&biodone_lock);
		if ((bp = TAILQ_FIRST(&biodone_queue)) != NULL)
			TAILQ_REMOVE(&biodone_queue, bp, b_actq);
		mutex_exit(&biodone_lock);
		if (bp == NULL)
			return;
		biodone_thread(bp);
	}
}

void
biodone(buf_t *bp)
{
	if (!cpu_intr_p()) {
		biodone_thread(bp);
		return;
	}
	mutex_enter(&biodone_lock);
	TAILQ_INSERT_TAIL(&biodone_queue, bp, b_actq);
	mutex_exit(&biodone_lock);
	softint_schedule(biodone_sih);
}

int
biowait(buf_t *bp)
{
	mutex_enter(bp->b_objlock);
	while ((bp->b_oflags & BO_DONE) == 0)
		cv_wait(&bp->b_done, bp->b_objlock);
	mutex_exit(bp->b_objlock);
	return bp->b_error;
}

void
minphys(buf_t *bp)
{
	if (bp->b_bcount > MAXPHYS)
		bp->b_bcount = MAXPHYS;
}

/* `bp` carries `size` bytes at `offset` of `mbp`; its completion counts against mbp's b_resid. */
void
nestiobuf_setup(buf_t *mbp, buf_t *bp, int offset, size_t size)
{
	bp->b_dev = mbp->b_dev;
	bp->b_objlock = mbp->b_objlock;
	bp->b_cflags = BC_BUSY;
	bp->b_flags = B_ASYNC | (mbp->b_flags & B_READ);
	bp->b_iodone = nestiobuf_iodone;
	bp->b_data = (char *)mbp->b_data + offset;
	bp->b_resid = bp->b_bcount = bp->b_bufsize = (int)size;
	bp->b_private = mbp;
	BIO_COPYPRIO(bp, mbp);
}

void
nestiobuf_iodone(buf_t *bp)
{
	buf_t *mbp = bp->b_private;
	int error = bp->b_error, done = bp->b_bufsize;

	putiobuf(bp);
	nestiobuf_done(mbp, done, error);
}

void
nestiobuf_done(buf_t *mbp, int done, int error)
{
	if (done == 0)
		return;
	mutex_enter(mbp->b_objlock);
	if (mbp->b_resid < done)
		panic("nestiobuf_done: %d bytes done of %d left in %p", done, mbp->b_resid, mbp);
	mbp->b_resid -= done;
	if (error != 0)
		mbp->b_error = error;
	if (mbp->b_resid != 0) {
		mutex_exit(mbp->b_objlock);
		return;
	}
	if (mbp->b_error != 0)
		mbp->b_resid = mbp->b_bcount;
	mutex_exit(mbp->b_objlock);
	biodone(mbp);
}

/*
 * One transfer at a time through `strategy`, each at most what `min_phys` allows, at the uio's
 * offset in DEV_BSIZE blocks (an offset inside a block is EINVAL); stops at the first error or
 * short transfer.
 */
int
physio(void (*strategy)(buf_t *), buf_t *obp, dev_t dev, int flags, void (*min_phys)(buf_t *),
    struct uio *uio)
{
	buf_t *bp = obp != NULL ? obp : getiobuf(NULL, true);
	int error = 0;

	if (min_phys == NULL)
		min_phys = minphys;
	while (uio->uio_resid > 0 && error == 0) {
		struct iovec *iov = uio->uio_iov;
		size_t len, done;

		if (iov->iov_len == 0) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		len = MIN(iov->iov_len, (size_t)__INT_MAX__);
		mutex_enter(bp->b_objlock);
		bp->b_oflags &= ~BO_DONE;
		mutex_exit(bp->b_objlock);
		bp->b_flags = (flags & B_READ) | B_PHYS | B_RAW;
		bp->b_iodone = NULL;
		bp->b_error = 0;
		bp->b_dev = dev;
		bp->b_proc = curproc;
		bp->b_data = iov->iov_base;
		bp->b_bcount = (int)len;
		min_phys(bp);
		bp->b_resid = bp->b_bcount;
		bp->b_blkno = bp->b_rawblkno = btodb(uio->uio_offset);
		if (dbtob(bp->b_blkno) != uio->uio_offset) {
			error = EINVAL;
			break;
		}
		strategy(bp);
		error = biowait(bp);
		done = (size_t)(bp->b_bcount - bp->b_resid);
		iov->iov_base = (char *)iov->iov_base + done;
		iov->iov_len -= done;
		uio->uio_resid -= done;
		uio->uio_offset += done;
		if (bp->b_resid != 0)
			break;
	}
	if (obp == NULL)
		putiobuf(bp);
	return error;
}

buf_t *
geteblk(int size)
{
	panic("geteblk(%d): nbshim has no buffer cache", size);
}

void
brelse(buf_t *bp, int set)
{
	panic("brelse(%p, %#x): nbshim has no buffer cache", bp, set);
}

static int
bio_start(void)
{
	mutex_init(&buffer_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&biodone_lock, MUTEX_DEFAULT, IPL_VM);
	biodone_sih = softint_establish(SOFTINT_BIO | SOFTINT_MPSAFE, biodone_softint, NULL);
	return biodone_sih != NULL ? 0 : ENOMEM;
}
NBSHIM_INIT(bio_start, 31);	/* after softint_startup */
