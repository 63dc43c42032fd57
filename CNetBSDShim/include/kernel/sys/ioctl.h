/* ioctl(2) commands (sys/ioctl.h in NetBSD's API): the encoding and the socket ioctls. */
#ifndef _NBSHIM_SYS_IOCTL_H_
#define _NBSHIM_SYS_IOCTL_H_

#include <sys/ioccom.h>
#include <sys/sockio.h>

#define FIONREAD	_IOR('f', 127, int)
#define FIONBIO		_IOW('f', 126, int)
#define FIOASYNC	_IOW('f', 125, int)

#endif
