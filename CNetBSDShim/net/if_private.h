/* Private to the network core: interface states, and the hooks of what sits above ifnet. */
#ifndef NBSHIM_IF_PRIVATE_H
#define NBSHIM_IF_PRIVATE_H

#include <net/if.h>

/* ifp->if_nbshim_state */
#define NBSHIM_IF_NONE		0
#define NBSHIM_IF_INITIALIZED	1	/* if_initialize done */
#define NBSHIM_IF_REGISTERED	2	/* if_register done: takes requests */
#define NBSHIM_IF_DEACTIVATED	3	/* if_deactivate/if_detach: takes none */

/*
 * What sits above ifnet: Linux, reached through the TAP bridge (if_tap_bridge.c), which registers
 * these at start-up. ifnet calls up through them, so the core does not depend on the bridge.
 */
struct if_upper {
	/* The interface is registered and has its address: open its Linux side. */
	void	(*attach)(struct ifnet *);
	/* Close it; returns once no Linux callback runs. Idempotent. */
	void	(*detach)(struct ifnet *);
	/* A received packet, freed by the callee. */
	void	(*input)(struct ifnet *, struct mbuf *);
	void	(*link)(struct ifnet *, bool);
};
void	if_upper_register(const struct if_upper *);
/* For ether_ifattach and ether_ifdetach: the address arrives after if_register. */
void	if_upper_attach(struct ifnet *);
void	if_upper_detach(struct ifnet *);

/*
 * An ioctl as the stack would issue it (under the interface's ioctl lock, at splnet), for the TAP
 * bridge, if_media.c and tests. Returns a NetBSD errno.
 */
int	nbshim_if_ioctl(struct ifnet *, u_long, void *);

#endif
