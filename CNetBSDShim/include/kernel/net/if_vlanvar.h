/* vlan(4) hooks (net/if_vlanvar.h in NetBSD's API): no vlan interfaces exist here. */
#ifndef _NBSHIM_NET_IF_VLANVAR_H_
#define _NBSHIM_NET_IF_VLANVAR_H_

#include <net/if_ether.h>

/* 802.1Q tag control: priority (3 bits), CFI, VLAN id (12 bits). */
#define EVL_VLID_MASK		0x0fff
#define EVL_VLANOFTAG(tag)	((tag) & EVL_VLID_MASK)
#define EVL_PRIOFTAG(tag)	(((tag) >> 13) & 7)
#define EVL_CFIOFTAG(tag)	(((tag) >> 12) & 1)
#define EVL_MAKETAG(vlid, pri, cfi) \
	((((((pri) & 7) << 1) | ((cfi) & 1)) << 12) | ((vlid) & EVL_VLID_MASK))

#define vlan_input(ifp, m)	m_freem(m)

#endif
