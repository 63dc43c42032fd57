/* Basic kernel types (sys/types.h in NetBSD's API), from the compiler's freestanding headers. */
#ifndef _NBSHIM_SYS_TYPES_H_
#define _NBSHIM_SYS_TYPES_H_

#include <sys/cdefs.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <machine/types.h>

typedef unsigned char	u_char;
typedef unsigned short	u_short;
typedef unsigned int	u_int;
typedef unsigned long	u_long;
typedef unsigned char	u_int8_t;
typedef unsigned short	u_int16_t;
typedef unsigned int	u_int32_t;
typedef unsigned long	u_int64_t;
typedef unsigned char	uchar_t;
typedef unsigned short	ushort_t;
typedef unsigned int	uint_t;
typedef unsigned long	ulong_t;
typedef int64_t		quad_t;
typedef uint64_t	u_quad_t;
typedef int64_t		longlong_t;
typedef uint64_t	u_longlong_t;
typedef char		*caddr_t;
typedef const char	*c_caddr_t;
typedef long		ssize_t;
typedef int64_t		off_t;
typedef int64_t		daddr_t;
typedef uint64_t	dev_t;
typedef uint32_t	uid_t;
typedef uint32_t	gid_t;
typedef uint32_t	mode_t;
typedef int32_t		pid_t;
typedef int32_t		lwpid_t;
typedef int64_t		time_t;
typedef int		suseconds_t;
typedef unsigned int	useconds_t;
typedef int		clockid_t;
typedef int64_t		blkcnt_t;
typedef uint64_t	ino_t;
typedef uint32_t	nlink_t;
typedef uint32_t	fixpt_t;
typedef int		boolean_t;
typedef unsigned long	cpuid_t;
typedef unsigned long	psize_t;
typedef unsigned long	vsize_t;
typedef unsigned long	paddr_t;
typedef unsigned long	vaddr_t;
typedef unsigned long	__uintptr_t;
typedef volatile unsigned char	__cpu_simple_lock_t;

#define NBBY		8
#define NODEV		((dev_t)-1)
#define major(x)	((int32_t)((((x) & 0x000fff00) >> 8)))
#define minor(x)	((int32_t)((((x) & 0xfff00000) >> 12) | (((x) & 0x000000ff) >> 0)))
#define makedev(x, y)	((dev_t)((((x) << 8) & 0x000fff00) | (((y) << 12) & 0xfff00000) | \
			 (((y) << 0) & 0x000000ff)))

#ifndef TRUE
#define TRUE	1
#define FALSE	0
#endif

#endif
