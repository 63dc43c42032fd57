/* Private to the network core: interface states and the TAP bridge (if_tap_bridge.c). */
#ifndef NBSHIM_IF_PRIVATE_H
#define NBSHIM_IF_PRIVATE_H

#include <net/if.h>

/* ifp->if_nbshim_state */
#define NBK_IF_NONE		0
#define NBK_IF_INITIALIZED	1	/* if_initialize done */
#define NBK_IF_REGISTERED	2	/* if_register done: takes requests */
#define NBK_IF_DEACTIVATED	3	/* if_deactivate/if_detach: takes none */

/* Opens the Linux TAP interface once the interface is registered and has its address. */
void	nbk_tap_attach(struct ifnet *);
/* Closes it; returns once no Linux callback runs. Idempotent. */
void	nbk_tap_detach(struct ifnet *);
/* Hands a received packet to Linux and frees it. */
void	nbk_tap_deliver(struct ifnet *, struct mbuf *);
void	nbk_tap_link(struct ifnet *, bool);

#endif
