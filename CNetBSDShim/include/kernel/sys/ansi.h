/* Underscored system types (sys/ansi.h in NetBSD's API), for headers such as sys/socket.h. */
#ifndef _NBSHIM_SYS_ANSI_H_
#define _NBSHIM_SYS_ANSI_H_

#include <machine/ansi.h>

typedef char		*__caddr_t;
typedef __uint32_t	__gid_t;
typedef __uint32_t	__in_addr_t;
typedef __uint16_t	__in_port_t;
typedef __uint32_t	__mode_t;
typedef __int64_t	__off_t;
typedef __int32_t	__pid_t;
typedef __uint8_t	__sa_family_t;
typedef unsigned int	__socklen_t;
typedef __uint32_t	__uid_t;
typedef __uint64_t	__fsblkcnt_t;
typedef __uint64_t	__fsfilcnt_t;
typedef __builtin_va_list __va_list;

#endif
