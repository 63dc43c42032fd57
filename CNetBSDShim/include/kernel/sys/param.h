/* System parameters (sys/param.h in NetBSD's API). Like NetBSD's, it pulls in the basic types,
 * errno values, time and the machine parameters, which drivers rely on. */
#ifndef _NBSHIM_SYS_PARAM_H_
#define _NBSHIM_SYS_PARAM_H_

#include <sys/nbshim_api.h>		/* __NetBSD_Version__: the API the includer was written for */
#define NetBSD		199905
#define BSD		199506
#define BSD4_3		1
#define BSD4_4		1

#include <sys/null.h>
#include <sys/inttypes.h>
#include <sys/types.h>
#include <sys/cdefs.h>
#include <sys/errno.h>
#include <sys/time.h>
#include <machine/param.h>
#include <limits.h>

#define MAXCOMLEN	16

#define MAXLOGNAME	16


#define NGROUPS		16
#define NOGROUP		65535
#define MAXHOSTNAMELEN	256
#define MAXDOMNAMELEN	256
#define PATH_MAX	1024
#define MAXPATHLEN	PATH_MAX
#define MAXSYMLINKS	32
#define MAXBSIZE	MAXPHYS
#define MAXFRAG		8
#define NBPW		sizeof(int)
#define CMASK		022
#define NOFILE		3404
#define NODEV		((dev_t)-1)

#define COHERENCY_UNIT		64
#define CACHE_LINE_SIZE		64

#define ALIGN(p)		(((uintptr_t)(p) + ALIGNBYTES) & ~ALIGNBYTES)

/* Sleep priorities (tsleep(9)) and scheduler priority ranges. */
#define PSWP		0
#define PVM		4
#define PINOD		8
#define PRIBIO		16
#define PVFS		20
#define PZERO		22
#define PSOCK		24
#define PWAIT		32
#define PLOCK		36
#define PPAUSE		40
#define PUSER		50
#define MAXPRI		127
#define PRIMASK		0x0ff
#define PCATCH		0x100
#define PNORELOCK	0x200

#define PRI_COUNT		224
#define PRI_NONE		(-1)
#define PRI_KERNEL_RT		192
#define MAXPRI_KERNEL_RT	(PRI_KERNEL_RT + 31)
#define PRI_USER_RT		128
#define MAXPRI_USER_RT		(PRI_KERNEL_RT - 1)
#define PRI_KTHREAD		96
#define MAXPRI_KTHREAD		(PRI_USER_RT - 1)
#define PRI_KERNEL		64
#define MAXPRI_KERNEL		(PRI_KTHREAD - 1)
#define PRI_USER		0
#define MAXPRI_USER		(PRI_KERNEL - 1)
#define MAXPRI_ALL		(PRI_COUNT - 1)
#define PRI_SOFTSERIAL		MAXPRI_KERNEL_RT
#define PRI_SOFTNET		(MAXPRI_KERNEL_RT - 4)
#define PRI_SOFTBIO		(MAXPRI_KERNEL_RT - 8)
#define PRI_SOFTCLOCK		(MAXPRI_KERNEL_RT - 12)
#define PRI_XCALL		MAXPRI_KTHREAD
#define PRI_PGDAEMON		(MAXPRI_KTHREAD - 4)
#define PRI_VM			(MAXPRI_KTHREAD - 8)
#define PRI_IOFLUSH		(MAXPRI_KTHREAD - 12)
#define PRI_BIO			(MAXPRI_KTHREAD - 16)
#define PRI_IDLE		PRI_USER

/* Bit maps in byte arrays. */
#define setbit(a, i)	((a)[(i) / NBBY] |= 1 << ((i) % NBBY))
#define clrbit(a, i)	((a)[(i) / NBBY] &= ~(1 << ((i) % NBBY)))
#define isset(a, i)	((a)[(i) / NBBY] & (1 << ((i) % NBBY)))
#define isclr(a, i)	(((a)[(i) / NBBY] & (1 << ((i) % NBBY))) == 0)

/* Counting and rounding. */
#ifndef howmany
#define howmany(x, y)	(((x) + ((y) - 1)) / (y))
#endif
#define roundup(x, y)	((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y)	(((x) / (y)) * (y))
#define roundup2(x, m)	(((x) + ((m) - 1)) & ~((m) - 1))
#define rounddown2(x, m)	((x) & ~((__typeof__(x))((m) - 1)))
#define powerof2(x)	((((x) - 1) & (x)) == 0)

#define MIN(a, b)	(((a) < (b)) ? (a) : (b))
#define MAX(a, b)	(((a) > (b)) ? (a) : (b))

/* Pages. */
#define round_page(x)	(((vaddr_t)(x) + PAGE_MASK) & ~(vaddr_t)PAGE_MASK)
#define trunc_page(x)	((vaddr_t)(x) & ~(vaddr_t)PAGE_MASK)
#define btoc(x)		(((vsize_t)(x) + PGOFSET) >> PGSHIFT)
#define atop(x)		((paddr_t)(x) >> PAGE_SHIFT)
#define ptoa(x)		((paddr_t)(x) << PAGE_SHIFT)
#define ctob(x)		((vsize_t)(x) << PGSHIFT)
#define btodb(b)	((b) >> DEV_BSHIFT)
#define dbtob(d)	((d) << DEV_BSHIFT)

/* Milliseconds to ticks and back, without overflowing for large values. */
#define mstohz(ms) \
	((unsigned int)(ms) >= 0x20000 ? (unsigned int)(((ms) / 1000) * hz) : \
	 (unsigned int)(((ms) * hz) / 1000))
#define hztoms(t) \
	((unsigned int)(t) >= 0x20000 ? (unsigned int)(((t) / hz) * 1000) : \
	 (unsigned int)(((t) * 1000) / hz))

extern int hz;

/* What NetBSD's sys/param.h brings a kernel file besides: scatter/gather lists, and (through its
 * sys/time.h) printf(9), aprint and the rest of sys/systm.h, and callout(9). */
#include <sys/uio.h>
#include <sys/systm.h>
#include <sys/callout.h>
/* And signal numbers and sets (signalvar.h users: audio, usb). The personality has no signals, so
 * only a module compiled against a tree finds one: the tree's own sys/signal.h. */
#if __has_include(<sys/signal.h>)
#include <sys/signal.h>
#endif

#endif
