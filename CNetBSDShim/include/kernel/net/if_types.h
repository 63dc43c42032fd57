/* Interface types (net/if_types.h in NetBSD's API, the SNMP ifType numbers) used by drivers here. */
#ifndef _NBSHIM_NET_IF_TYPES_H_
#define _NBSHIM_NET_IF_TYPES_H_

#define IFT_OTHER	0x01
#define IFT_ETHER	0x06
#define IFT_ISO88023	0x07
#define IFT_ISO88025	0x09
#define IFT_FDDI	0x0f
#define IFT_PPP		0x17
#define IFT_LOOP	0x18
#define IFT_SLIP	0x1c
#define IFT_ATM		0x25
#define IFT_IEEE80211	0x47
#define IFT_L2VLAN	0x87
#define IFT_IEEE1394	0x90
#define IFT_BRIDGE	0xd1
#define IFT_GIF		0xf0
#define IFT_PFLOG	0xf5
#define IFT_PFSYNC	0xf6
#define IFT_CARP	0xf8

#endif
