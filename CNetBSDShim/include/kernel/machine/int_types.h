/* Underscored fixed-width integer names (machine/int_types.h in NetBSD's API), for headers that
 * must not claim the public names. */
#ifndef _NBSHIM_MACHINE_INT_TYPES_H_
#define _NBSHIM_MACHINE_INT_TYPES_H_

typedef signed char		__int8_t;
typedef unsigned char		__uint8_t;
typedef short			__int16_t;
typedef unsigned short		__uint16_t;
typedef int			__int32_t;
typedef unsigned int		__uint32_t;
typedef long			__int64_t;
typedef unsigned long		__uint64_t;
typedef long			__intptr_t;
typedef unsigned long		__uintptr_t;

#endif
