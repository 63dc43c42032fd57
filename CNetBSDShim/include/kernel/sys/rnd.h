/* The older name of the entropy source interface (sys/rnd.h in NetBSD's API). */
#ifndef _NBSHIM_SYS_RND_H_
#define _NBSHIM_SYS_RND_H_

#include <sys/rndsource.h>

#endif
