/* amd64 machine parameters (machine/param.h in NetBSD's API): 4 KiB pages. */
#ifndef _NBSHIM_MACHINE_PARAM_H_
#define _NBSHIM_MACHINE_PARAM_H_

#define MACHINE		"amd64"
#define MACHINE_ARCH	"x86_64"
#define MID_MACHINE	MID_X86_64

#define ALIGNBYTES	(sizeof(long) - 1)
#define ALIGNED_POINTER(p, t)	1	/* x86 loads from any address */

#define PGSHIFT		12
#define NBPG		(1 << PGSHIFT)
#define PGOFSET		(NBPG - 1)
#define PAGE_SHIFT	PGSHIFT
#define PAGE_SIZE	NBPG
#define PAGE_MASK	PGOFSET

#define MAXCPUS		256
#define DEV_BSHIFT	9
#define DEV_BSIZE	(1 << DEV_BSHIFT)
#define BLKDEV_IOSIZE	2048
#define MAXPHYS		(64 * 1024)
#define MSGBUFSIZE	(8 * NBPG)

#define btop(x)		((unsigned long)(x) >> PGSHIFT)
#define ptob(x)		((unsigned long)(x) << PGSHIFT)
#define x86_round_page(x)	((((unsigned long)(x)) + PGOFSET) & ~PGOFSET)
#define x86_trunc_page(x)	((unsigned long)(x) & ~PGOFSET)

/* As amd64's: kernel code gets delay()/DELAY() and curcpu() with sys/param.h. */
#ifdef _KERNEL
#include <machine/cpu.h>
#endif

#endif
