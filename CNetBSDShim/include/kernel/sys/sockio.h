/*
 * Socket and interface ioctls (sys/sockio.h in NetBSD's API). The values are NetBSD's: they encode
 * the argument's size, so struct ifreq & co in net/if.h have NetBSD's layout.
 */
#ifndef _NBSHIM_SYS_SOCKIO_H_
#define _NBSHIM_SYS_SOCKIO_H_

#include <sys/ioccom.h>

struct ifreq;
struct ifaddr;
struct ifaliasreq;
struct ifmediareq;
struct ifcapreq;
struct ifdatareq;
struct ifdrv;
struct ifconf;
struct eccapreq;

#define SIOCSIFADDR	_IOW('i', 12, struct ifreq)
#define SIOCGIFADDR	_IOWR('i', 33, struct ifreq)
#define SIOCSIFDSTADDR	_IOW('i', 14, struct ifreq)
#define SIOCGIFDSTADDR	_IOWR('i', 34, struct ifreq)
#define SIOCSIFFLAGS	_IOW('i', 16, struct ifreq)
#define SIOCGIFFLAGS	_IOWR('i', 17, struct ifreq)
#define SIOCGIFBRDADDR	_IOWR('i', 35, struct ifreq)
#define SIOCSIFBRDADDR	_IOW('i', 19, struct ifreq)
#define SIOCGIFCONF	_IOWR('i', 38, struct ifconf)
#define SIOCGIFNETMASK	_IOWR('i', 37, struct ifreq)
#define SIOCSIFNETMASK	_IOW('i', 22, struct ifreq)
#define SIOCGIFMETRIC	_IOWR('i', 23, struct ifreq)
#define SIOCSIFMETRIC	_IOW('i', 24, struct ifreq)
#define SIOCDIFADDR	_IOW('i', 25, struct ifreq)
#define SIOCAIFADDR	_IOW('i', 26, struct ifaliasreq)
#define SIOCGIFALIAS	_IOWR('i', 27, struct ifaliasreq)
#define SIOCADDMULTI	_IOW('i', 49, struct ifreq)
#define SIOCDELMULTI	_IOW('i', 50, struct ifreq)
#define SIOCSIFMEDIA	_IOWR('i', 53, struct ifreq)
#define SIOCGIFMEDIA	_IOWR('i', 54, struct ifmediareq)
#define SIOCSIFGENERIC	_IOW('i', 57, struct ifreq)
#define SIOCGIFGENERIC	_IOWR('i', 58, struct ifreq)
#define SIOCGIFMTU	_IOWR('i', 126, struct ifreq)
#define SIOCSIFMTU	_IOW('i', 127, struct ifreq)
#define SIOCSDRVSPEC	_IOW('i', 123, struct ifdrv)
#define SIOCGDRVSPEC	_IOWR('i', 123, struct ifdrv)
#define SIOCIFCREATE	_IOW('i', 122, struct ifreq)
#define SIOCIFDESTROY	_IOW('i', 121, struct ifreq)
#define SIOCGIFDLT	_IOWR('i', 119, struct ifreq)
#define SIOCGIFCAP	_IOWR('i', 118, struct ifcapreq)
#define SIOCSIFCAP	_IOW('i', 117, struct ifcapreq)
#define SIOCINITIFADDR	_IOWR('i', 132, struct ifaddr)
#define SIOCGIFDATA	_IOWR('i', 133, struct ifdatareq)
#define SIOCZIFDATA	_IOWR('i', 134, struct ifdatareq)
#define SIOCGLINKSTR	_IOWR('i', 135, struct ifdrv)
#define SIOCSLINKSTR	_IOW('i', 136, struct ifdrv)
#define SIOCGETHERCAP	_IOWR('i', 139, struct eccapreq)
#define SIOCGIFINDEX	_IOWR('i', 140, struct ifreq)

#endif
