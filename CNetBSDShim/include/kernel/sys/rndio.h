/* Entropy source types and flags (sys/rndio.h in NetBSD's API). */
#ifndef _NBSHIM_SYS_RNDIO_H_
#define _NBSHIM_SYS_RNDIO_H_

#include <sys/types.h>

#define RND_FLAG_NO_ESTIMATE	0x00000100
#define RND_FLAG_NO_COLLECT	0x00000200
#define RND_FLAG_FAST		0x00000400
#define RND_FLAG_HASCB		0x00000800
#define RND_FLAG_COLLECT_TIME	0x00001000
#define RND_FLAG_COLLECT_VALUE	0x00002000
#define RND_FLAG_ESTIMATE_TIME	0x00004000
#define RND_FLAG_ESTIMATE_VALUE	0x00008000
#define RND_FLAG_HASENABLE	0x00010000
#define RND_FLAG_DEFAULT	(RND_FLAG_COLLECT_VALUE | RND_FLAG_COLLECT_TIME | RND_FLAG_ESTIMATE_TIME)

#define RND_TYPE_UNKNOWN	0
#define RND_TYPE_DISK		1
#define RND_TYPE_NET		2
#define RND_TYPE_TAPE		3
#define RND_TYPE_TTY		4
#define RND_TYPE_RNG		5
#define RND_TYPE_SKEW		6
#define RND_TYPE_ENV		7
#define RND_TYPE_VM		8
#define RND_TYPE_POWER		9
#define RND_TYPE_MAX		9

/* An entropy pool's counters, as RNDGETPOOLSTAT reports them (drivers keep a private pool). */
typedef struct {
	uint32_t	poolsize;
	uint32_t	threshold;
	uint32_t	maxentropy;
	uint32_t	added;
	uint32_t	curentropy;
	uint32_t	removed;
	uint32_t	discarded;
	uint32_t	generated;
} rndpoolstat_t;

#endif
