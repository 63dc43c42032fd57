/* Routing (net/route.h in NetBSD's API): there is no routing table here; Linux routes. */
#ifndef _NBSHIM_NET_ROUTE_H_
#define _NBSHIM_NET_ROUTE_H_

#include <sys/types.h>
#include <sys/socket.h>

struct rtentry;

#define RTM_IEEE80211	0x15

/* Routing-socket announcements have no listeners here. */
#define rt_ifmsg(ifp)				((void)(ifp))
#define rt_ieee80211msg(ifp, type, data, len)	((void)(ifp), (void)(type), (void)(data), (void)(len))

#endif
