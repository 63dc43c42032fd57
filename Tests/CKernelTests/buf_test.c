/* buf(9) and bufq(9): queue orders, completion across threads, nested buffers, physio. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kthread.h>
#include <sys/uio.h>
#include <sys/buf.h>
#include <sys/bufq.h>
#include "ktest.h"

#define NB	8
static struct buf bufs[NB];

static struct buf *
blk(int i, daddr_t rawblkno, int cylinder)
{
	buf_init(&bufs[i]);
	bufs[i].b_rawblkno = rawblkno;
	bufs[i].b_cylinder = cylinder;
	return &bufs[i];
}

/* The queue's order as raw block numbers, emptying it. */
static int
drain_order(struct bufq_state *q, daddr_t *out, int max)
{
	struct buf *bp;
	int n = 0;

	while ((bp = bufq_get(q)) != NULL)
		if (n < max)
			out[n++] = bp->b_rawblkno;
	return n;
}

KTEST(bufq_fcfs_keeps_arrival_order)
{
	struct bufq_state *q;
	daddr_t got[NB];

	KT_ASSERT(bufq_alloc(&q, "fcfs", 0) == 0);
	KT_ASSERT(strcmp(bufq_getstrategyname(q), "fcfs") == 0);
	bufq_put(q, blk(0, 50, 0));
	bufq_put(q, blk(1, 10, 0));
	bufq_put(q, blk(2, 30, 0));
	KT_ASSERT(bufq_peek(q) == &bufs[0]);
	KT_ASSERT(drain_order(q, got, NB) == 3 && got[0] == 50 && got[1] == 10 && got[2] == 30);
	KT_ASSERT(bufq_get(q) == NULL && bufq_peek(q) == NULL);
	bufq_free(q);
}

/* One-way elevator: ascending from the head's block, then the blocks behind it, ascending. */
KTEST(bufq_disksort_sweeps_up_then_wraps)
{
	static const daddr_t in[] = { 50, 70, 20, 60, 10, 80, 60 };
	struct bufq_state *q;
	daddr_t got[NB];
	int i, n;

	KT_ASSERT(bufq_alloc(&q, "disksort", BUFQ_SORT_RAWBLOCK) == 0);
	for (i = 0; i < (int)__arraycount(in); i++)
		bufq_put(q, blk(i, in[i], 0));
	KT_ASSERT(bufq_cancel(q, &bufs[2]) == &bufs[2]);	/* 20 */
	KT_ASSERT(bufq_cancel(q, &bufs[2]) == NULL);
	n = drain_order(q, got, NB);
	KT_ASSERT(n == 6 && got[0] == 50 && got[1] == 60 && got[2] == 60 && got[3] == 70 &&
	    got[4] == 80 && got[5] == 10, "n %d: %lld %lld %lld %lld %lld %lld", n, (long long)got[0],
	    (long long)got[1], (long long)got[2], (long long)got[3], (long long)got[4], (long long)got[5]);
	bufq_free(q);
}

KTEST(bufq_disksort_cylinder_key_then_block)
{
	struct bufq_state *q;
	daddr_t got[NB];

	KT_ASSERT(bufq_alloc(&q, "disksort", BUFQ_SORT_CYLINDER) == 0);
	bufq_put(q, blk(0, 900, 1));
	bufq_put(q, blk(1, 100, 3));
	bufq_put(q, blk(2, 500, 2));
	bufq_put(q, blk(3, 400, 2));
	KT_ASSERT(drain_order(q, got, NB) == 4 && got[0] == 900 && got[1] == 400 && got[2] == 500 &&
	    got[3] == 100);
	bufq_free(q);
}

KTEST(bufq_unknown_strategy_default_or_enoent)
{
	struct bufq_state *q;

	KT_ASSERT(bufq_alloc(&q, "nosuch", BUFQ_EXACT) == ENOENT);
	KT_ASSERT(bufq_alloc(&q, "nosuch", BUFQ_SORT_RAWBLOCK) == 0);
	KT_ASSERT(strcmp(bufq_getstrategyname(q), "disksort") == 0);
	bufq_free(q);
	KT_ASSERT(bufq_alloc(&q, BUFQ_DISK_DEFAULT_STRAT, BUFQ_SORT_RAWBLOCK) == 0);
	bufq_free(q);
}

KTEST(bufq_drain_fails_buffers_move_keeps_them)
{
	struct bufq_state *a, *b;

	KT_ASSERT(bufq_alloc(&a, "fcfs", 0) == 0 && bufq_alloc(&b, "disksort", BUFQ_SORT_RAWBLOCK) == 0);
	bufq_put(a, blk(0, 30, 0));
	bufq_put(a, blk(1, 20, 0));
	bufs[0].b_bcount = bufs[1].b_bcount = 512;
	bufq_move(b, a);
	/* 20 is behind the head (30): the next sweep's. */
	KT_ASSERT(bufq_peek(a) == NULL && bufq_peek(b) == &bufs[0] && bufq_cancel(b, &bufs[1]) == &bufs[1]);
	bufq_put(b, &bufs[1]);
	bufq_drain(b);
	KT_ASSERT(bufq_peek(b) == NULL);
	KT_ASSERT(biowait(&bufs[0]) == EIO && bufs[0].b_resid == 512);
	KT_ASSERT(biowait(&bufs[1]) == EIO && (bufs[1].b_oflags & BO_DONE));
	bufq_free(a);
	bufq_free(b);
}

static void
finisher(void *arg)
{
	struct buf *bp = arg;

	delay(20000);
	bp->b_error = EIO;
	biodone(bp);
	kthread_exit(0);
}

/* biowait sleeps until another thread's biodone, then returns the buffer's error. */
KTEST(buf_biowait_sleeps_until_biodone)
{
	struct buf *bp = getiobuf(NULL, true);
	struct lwp *l;

	KT_ASSERT(bp != NULL && (bp->b_cflags & BC_BUSY) && bp->b_dev == NODEV);
	KT_ASSERT(kthread_create(PRI_NONE, KTHREAD_MPSAFE | KTHREAD_MUSTJOIN, NULL, finisher, bp, &l,
	    "biodone") == 0);
	KT_ASSERT((bp->b_oflags & BO_DONE) == 0);
	KT_ASSERT(biowait(bp) == EIO);
	KT_ASSERT(bp->b_oflags & BO_DONE);
	kthread_join(l);
	putiobuf(bp);
}

static int iodone_calls;
static void
count_iodone(struct buf *bp)
{
	iodone_calls++;
}

/* Nested buffers complete their master once all bytes are in; an error fails the whole. */
KTEST(buf_nestiobuf_completes_master)
{
	static char data[3000];
	struct buf *mbp = blk(0, 0, 0), *nbp[3];
	int i;

	mbp->b_data = data;
	mbp->b_bcount = mbp->b_resid = 3000;
	mbp->b_flags = B_READ;
	mbp->b_iodone = count_iodone;
	iodone_calls = 0;
	for (i = 0; i < 3; i++) {
		nbp[i] = getiobuf(NULL, true);
		nestiobuf_setup(mbp, nbp[i], i * 1000, 1000);
		KT_ASSERT(nbp[i]->b_data == data + i * 1000 && BUF_ISREAD(nbp[i]));
	}
	nbp[1]->b_error = EIO;
	for (i = 0; i < 3; i++) {
		KT_ASSERT(iodone_calls == 0);
		nbp[i]->b_resid = 0;
		biodone(nbp[i]);
	}
	KT_ASSERT(iodone_calls == 1 && mbp->b_error == EIO && mbp->b_resid == 3000);
}

/* A disk of 512-byte blocks, read through physio; the strategy records each transfer. */
static char disk[300 * 1024];
static int xfers, xfer_len[16];
static daddr_t xfer_blk[16];
static int short_at = -1;

static void
disk_strategy(struct buf *bp)
{
	size_t off = (size_t)dbtob(bp->b_blkno);

	if (xfers < 16) {
		xfer_len[xfers] = bp->b_bcount;
		xfer_blk[xfers] = bp->b_blkno;
	}
	bp->b_resid = 0;
	if (xfers++ == short_at)
		bp->b_resid = 512;
	if (BUF_ISREAD(bp))
		memcpy(bp->b_data, disk + off, (size_t)(bp->b_bcount - bp->b_resid));
	else
		memcpy(disk + off, bp->b_data, (size_t)(bp->b_bcount - bp->b_resid));
	biodone(bp);
}

KTEST(physio_splits_by_minphys_and_moves_the_uio)
{
	static char a[100 * 1024], b[40 * 1024];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct uio uio = { .uio_iov = iov, .uio_iovcnt = 2, .uio_offset = 4096,
	    .uio_resid = sizeof(a) + sizeof(b), .uio_rw = UIO_READ };
	size_t i;

	for (i = 0; i < sizeof(disk); i++)
		disk[i] = (char)(i * 7 + i / 512);
	UIO_SETUP_SYSSPACE(&uio);
	xfers = 0;
	short_at = -1;
	KT_ASSERT(physio(disk_strategy, NULL, 0, B_READ, minphys, &uio) == 0);
	KT_ASSERT(xfers == 3, "%d transfers", xfers);
	KT_ASSERT(xfer_len[0] == MAXPHYS && xfer_blk[0] == 8);
	KT_ASSERT(xfer_len[1] == (int)sizeof(a) - MAXPHYS && xfer_blk[1] == 8 + MAXPHYS / 512);
	KT_ASSERT(xfer_len[2] == (int)sizeof(b) && xfer_blk[2] == 8 + (int)sizeof(a) / 512);
	KT_ASSERT(memcmp(a, disk + 4096, sizeof(a)) == 0 && memcmp(b, disk + 4096 + sizeof(a), sizeof(b)) == 0);
	KT_ASSERT(uio.uio_resid == 0 && uio.uio_offset == 4096 + (off_t)(sizeof(a) + sizeof(b)));

	/* A short transfer ends the request with what was moved. */
	iov[0] = (struct iovec){ a, sizeof(a) };
	uio = (struct uio){ .uio_iov = iov, .uio_iovcnt = 1, .uio_offset = 0, .uio_resid = sizeof(a),
	    .uio_rw = UIO_READ };
	UIO_SETUP_SYSSPACE(&uio);
	xfers = 0;
	short_at = 0;
	KT_ASSERT(physio(disk_strategy, NULL, 0, B_READ, minphys, &uio) == 0);
	KT_ASSERT(xfers == 1 && uio.uio_resid == sizeof(a) - (MAXPHYS - 512));

	/* An offset that is not a whole block is refused. */
	uio = (struct uio){ .uio_iov = iov, .uio_iovcnt = 1, .uio_offset = 100, .uio_resid = 512,
	    .uio_rw = UIO_READ };
	iov[0] = (struct iovec){ a, 512 };
	KT_ASSERT(physio(disk_strategy, NULL, 0, B_READ, minphys, &uio) == EINVAL);
}
