/* NULL (sys/null.h in NetBSD's API). */
#ifndef _NBSHIM_SYS_NULL_H_
#define _NBSHIM_SYS_NULL_H_
#ifndef NULL
#define NULL	((void *)0)
#endif
#endif
