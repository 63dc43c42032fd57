/* ARP header constants (net/if_arp.h in NetBSD's API); ARP itself is Linux's job here. */
#ifndef _NBSHIM_NET_IF_ARP_H_
#define _NBSHIM_NET_IF_ARP_H_

#include <sys/types.h>
#include <sys/socket.h>

struct arphdr {
	uint16_t	ar_hrd;
	uint16_t	ar_pro;
	uint8_t		ar_hln;
	uint8_t		ar_pln;
	uint16_t	ar_op;
};

#define ARPHRD_ETHER	1
#define ARPHRD_IEEE802	6
#define ARPOP_REQUEST	1
#define ARPOP_REPLY	2

#endif
