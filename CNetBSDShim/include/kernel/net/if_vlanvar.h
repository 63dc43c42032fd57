/* vlan(4) hooks (net/if_vlanvar.h in NetBSD's API): no vlan interfaces exist here. */
#ifndef _NBSHIM_NET_IF_VLANVAR_H_
#define _NBSHIM_NET_IF_VLANVAR_H_

#include <net/if_ether.h>

#define vlan_input(ifp, m)	m_freem(m)

#endif
