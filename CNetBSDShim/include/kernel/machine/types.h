/* amd64 machine types (machine/types.h in NetBSD's API). */
#ifndef _NBSHIM_MACHINE_TYPES_H_
#define _NBSHIM_MACHINE_TYPES_H_

#include <stdint.h>

typedef long		register_t;
typedef unsigned long	u_register_t;
typedef int32_t		register32_t;
typedef uint32_t	u_register32_t;
typedef unsigned long	pmc_evid_t;
typedef unsigned long	pmc_ctr_t;
typedef unsigned char	__cpu_simple_lock_nv_t;
typedef int		__register_t;
typedef unsigned long	vm_offset_t;
typedef unsigned long	vm_size_t;

#define __SIMPLELOCK_LOCKED	1
#define __SIMPLELOCK_UNLOCKED	0

#define __HAVE_ATOMIC64_OPS
#define __HAVE_ATOMIC_AS_MEMBAR
#define __HAVE_CPU_COUNTER
#define __NO_STRICT_ALIGNMENT
#define _LP64	1

#endif
