/* amd64 machine types (machine/types.h in NetBSD's API). */
#ifndef _NBSHIM_MACHINE_TYPES_H_
#define _NBSHIM_MACHINE_TYPES_H_

#include <stdint.h>

typedef long		register_t;
typedef int32_t		register32_t;
typedef unsigned char	__cpu_simple_lock_nv_t;

#define __HAVE_ATOMIC64_OPS
#define _LP64	1

#endif
