/* Data link types for bpf (net/dlt.h in NetBSD's API; the tcpdump.org numbers). */
#ifndef _NBSHIM_NET_DLT_H_
#define _NBSHIM_NET_DLT_H_

#define DLT_NULL		0
#define DLT_EN10MB		1
#define DLT_IEEE802		6
#define DLT_PPP			9
#define DLT_RAW			12
#define DLT_IEEE802_11		105
#define DLT_PRISM_HEADER	119
#define DLT_IEEE802_11_RADIO	127

#endif
