/* Types named by the C standard headers (machine/ansi.h in NetBSD's API), amd64. */
#ifndef _NBSHIM_MACHINE_ANSI_H_
#define _NBSHIM_MACHINE_ANSI_H_

#include <machine/int_types.h>

#define _BSD_CLOCK_T_		unsigned int
#define _BSD_PTRDIFF_T_		long
#define _BSD_SIZE_T_		unsigned long
#define _BSD_SSIZE_T_		long
#define _BSD_TIME_T_		__int64_t
#define _BSD_CLOCKID_T_		int
#define _BSD_TIMER_T_		int
#define _BSD_SUSECONDS_T_	int
#define _BSD_USECONDS_T_	unsigned int
#define _BSD_WCHAR_T_		int
#define _BSD_WINT_T_		int

#endif
