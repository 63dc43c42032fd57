/* select(9) (sys/select.h in NetBSD's API): the selinfo calls, and seltrue from sys/systm.h. */
#ifndef _NBSHIM_SYS_SELECT_H_
#define _NBSHIM_SYS_SELECT_H_

#include <sys/selinfo.h>
#include <sys/systm.h>

#endif
