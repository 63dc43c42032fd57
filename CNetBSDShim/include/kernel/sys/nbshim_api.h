/* Which NetBSD kernel API the including code was written for. nbshim build passes the tree's own
 * __NetBSD_Version__ (sys/sys/param.h there); without it (the personality, our drivers, the kernel
 * tests) the headers serve the 7.99.34 API. Headers whose declarations differ between the
 * generations include this and choose with NBSHIM_API_9; the personality implements both forms
 * under distinct symbol names, so modules of either generation load into one nbshim. */
#ifndef _NBSHIM_SYS_NBSHIM_API_H_
#define _NBSHIM_SYS_NBSHIM_API_H_

#ifndef __NetBSD_Version__
#define __NetBSD_Version__	799003400
#endif
#define __NetBSD_Prereq__(M, m, p) \
	(((((M) * 100000000) + (m) * 1000000) + (p) * 100) <= __NetBSD_Version__)

/* The netbsd-9 API: 3-argument bpf_mtap, pslist address lists, if_stat counters, ... */
#define NBSHIM_API_9	(__NetBSD_Version__ >= 900000000)

#endif
