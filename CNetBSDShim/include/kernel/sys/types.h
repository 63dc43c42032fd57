/* Basic kernel types (sys/types.h in NetBSD's API), from the compiler's freestanding headers. */
#ifndef _NBSHIM_SYS_TYPES_H_
#define _NBSHIM_SYS_TYPES_H_

#include <sys/cdefs.h>
/* As NetBSD's sys/featuretest.h decides for a file that asks for no standard: every NetBSD name. */
#if !defined(_ANSI_SOURCE) && !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) && !defined(_NETBSD_SOURCE)
#define _NETBSD_SOURCE	1
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <machine/types.h>
#include <machine/endian.h>
#include <machine/int_types.h>
#include <sys/ansi.h>

typedef unsigned char	u_char;
typedef unsigned short	u_short;
typedef unsigned int	u_int;
typedef unsigned long	u_long;
typedef unsigned short	ushort;
typedef unsigned int	uint;
typedef unsigned long	ulong;
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
typedef quad_t		*qaddr_t;
typedef int64_t		longlong_t;
typedef uint64_t	u_longlong_t;
typedef char		*caddr_t;
typedef const char	*c_caddr_t;
typedef long		ssize_t;
typedef int64_t		off_t;
typedef int64_t		daddr_t;
typedef uint64_t	dev_t;
typedef int32_t		devmajor_t;
typedef int32_t		devminor_t;
typedef uint32_t	uid_t;
typedef uint32_t	gid_t;
typedef uint32_t	id_t;
typedef uint32_t	mode_t;
typedef int32_t		pid_t;
typedef int32_t		lwpid_t;
typedef int		pri_t;
typedef long		key_t;
typedef int32_t		segsz_t;
typedef int32_t		swblk_t;
typedef int64_t		time_t;
typedef int		suseconds_t;
typedef unsigned int	useconds_t;
typedef int		clockid_t;
typedef int		timer_t;
typedef int64_t		blkcnt_t;
typedef int32_t		blksize_t;
typedef uint64_t	fsblkcnt_t;
typedef uint64_t	fsfilcnt_t;
typedef uint64_t	ino_t;
typedef uint32_t	nlink_t;
typedef uint32_t	fixpt_t;
typedef int		boolean_t;
typedef unsigned long	cpuid_t;
typedef unsigned long	psize_t;
typedef unsigned long	vsize_t;
typedef unsigned long	paddr_t;
typedef unsigned long	vaddr_t;
typedef long		psize_signed_t;
typedef uint64_t	rlim_t;
typedef unsigned int	clock_t;
typedef int		mqd_t;
typedef int		psetid_t;

typedef volatile unsigned char	__cpu_simple_lock_t;

/* Opaque kernel objects that sys/types.h names for everyone. */
struct lwp;
typedef struct lwp lwp_t;
struct proc;
typedef struct proc proc_t;
struct file;
typedef struct file file_t;
struct buf;
typedef struct buf buf_t;
struct pgrp;
struct session;
struct user;
struct kauth_cred;
typedef struct kauth_cred *kauth_cred_t;
struct cpu_info;

#define NBBY		8
#define NODEV		((dev_t)-1)
#define major(x)	((devmajor_t)((((x) & 0x000fff00) >> 8)))
#define minor(x)	((devminor_t)((((x) & 0xfff00000) >> 12) | (((x) & 0x000000ff) >> 0)))
#define makedev(x, y)	((dev_t)((((x) << 8) & 0x000fff00) | (((y) << 12) & 0xfff00000) | \
			 (((y) << 0) & 0x000000ff)))

#define SET(t, f)	((t) |= (f))
#define ISSET(t, f)	((t) & (f))
#define CLR(t, f)	((t) &= ~(f))

#ifndef TRUE
#define TRUE	1
#define FALSE	0
#endif

#endif
