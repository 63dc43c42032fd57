/*
 * Network interfaces: registration (if_initialize/if_register/if_attach, if_deactivate,
 * if_detach), the interface index behind m_set_rcvif, the send path (if_transmit, or the send
 * queue and if_start), received packets (if_input, if_percpuq_*: to the interface's Linux TAP),
 * link state, the watchdog timer and the generic ioctls (ifioctl_common). There is no protocol
 * stack here: Linux is the stack, reached through if_tap_bridge.c.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/callout.h>
#include <sys/intr.h>
#include "kern/init_private.h"
#include <sys/mbuf.h>
#include <sys/sockio.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/if_ether.h>
#include "host/nbshim_kernel.h"
#include "if_private.h"

#define IF_MAXINDEX	256

struct ifnet_head ifnet_list = TAILQ_HEAD_INITIALIZER(ifnet_list);
struct pslist_head ifnet_pslist = PSLIST_INITIALIZER;
static pserialize_t ifnet_psz;
static struct ifnet *if_index_table[IF_MAXINDEX];
static kmutex_t ifnet_mtx;
static bool ifnet_mtx_ready;

/* Per interface, beside struct ifnet: the watchdog callout and the link-state softint. */
struct if_private {
	callout_t	ip_slowtimo;
	void		*ip_link_si;
	int		ip_link_reported;	/* what Linux was last told, LINK_STATE_* */
	void		*ip_deferred_si;	/* if_deferred_start_init, else NULL */
	void		(*ip_deferred_start)(struct ifnet *);
};

struct if_percpuq {
	struct ifnet	*ipq_ifp;
};

static int
ifnet_lock_init(void)
{
	mutex_init(&ifnet_mtx, MUTEX_DEFAULT, IPL_NONE);
	ifnet_psz = pserialize_create();
	ifnet_mtx_ready = true;
	return 0;
}
NBSHIM_INIT(ifnet_lock_init, 30);

static const struct if_upper *upper;

void
if_upper_register(const struct if_upper *u)
{
	upper = u;
}

void
if_upper_attach(struct ifnet *ifp)
{
	if (upper != NULL)
		upper->attach(ifp);
}

void
if_upper_detach(struct ifnet *ifp)
{
	if (upper != NULL)
		upper->detach(ifp);
}

void
nbshim_ifnet_lock(void)
{
	mutex_enter(&ifnet_mtx);
}

void
nbshim_ifnet_unlock(void)
{
	mutex_exit(&ifnet_mtx);
}

static struct if_private *
ifpriv(struct ifnet *ifp)
{
	return (struct if_private *)ifp->if_afdata[AF_UNSPEC];
}

/* ---- interface index ------------------------------------------------------------------- */

struct ifnet *
if_byindex(u_int idx)
{
	return idx < IF_MAXINDEX ? if_index_table[idx] : NULL;
}

void
m_set_rcvif(struct mbuf *m, const struct ifnet *ifp)
{
	m->m_pkthdr.rcvif_index = ifp != NULL ? ifp->if_index : 0;
}

void
m_reset_rcvif(struct mbuf *m)
{
	m->m_pkthdr.rcvif_index = 0;
}

struct ifnet *
m_get_rcvif(const struct mbuf *m, int *s)
{
	*s = splnet();
	return if_byindex(m->m_pkthdr.rcvif_index);
}

void
m_put_rcvif(struct ifnet *ifp, int *s)
{
	(void)ifp;
	splx(*s);
}

struct ifnet *
m_get_rcvif_psref(const struct mbuf *m, struct psref *psref)
{
	(void)psref;
	return if_byindex(m->m_pkthdr.rcvif_index);
}

struct ifnet *
m_get_rcvif_NOMPSAFE(const struct mbuf *m)
{
	return if_byindex(m->m_pkthdr.rcvif_index);
}

/* ---- attach and detach ----------------------------------------------------------------- */

static void if_slowtimo_tick(void *);
static void if_link_softint(void *);

int
if_initialize(struct ifnet *ifp)
{
	struct if_private *ip;
	u_int i;

	KASSERT(ifnet_mtx_ready);
	ip = kmem_zalloc(sizeof(*ip), KM_SLEEP);
	ifp->if_afdata[AF_UNSPEC] = ip;
	callout_init(&ip->ip_slowtimo, 0);
	ip->ip_link_si = softint_establish(SOFTINT_NET, if_link_softint, ifp);
	ip->ip_link_reported = -1;
	TAILQ_INIT(&ifp->if_addrlist);
	PSLIST_ENTRY_INIT(ifp, if_pslist_entry);
	PSLIST_INIT(&ifp->if_addr_pslist);
	if (ifp->if_snd.ifq_maxlen == 0)
		ifp->if_snd.ifq_maxlen = IFQ_MAXLEN;
	ifp->if_snd.ifq_lock = mutex_obj_alloc(MUTEX_DEFAULT, IPL_NET);
	ifp->if_ioctl_lock = mutex_obj_alloc(MUTEX_DEFAULT, IPL_NONE);
	ifp->if_link_state = LINK_STATE_UNKNOWN;
	ifp->if_capenable = 0;
	mutex_enter(&ifnet_mtx);
	for (i = 1; i < IF_MAXINDEX && if_index_table[i] != NULL; i++)
		continue;
	if (i == IF_MAXINDEX)
		panic("if_initialize: %s: more than %d interfaces", ifp->if_xname, IF_MAXINDEX - 1);
	if_index_table[i] = ifp;
	ifp->if_index = (if_index_t)i;
	mutex_exit(&ifnet_mtx);
	ifp->if_nbshim_state = NBSHIM_IF_INITIALIZED;
	return 0;
}

void
if_register(struct ifnet *ifp)
{
	struct if_private *ip = ifpriv(ifp);

	KASSERT(ifp->if_nbshim_state == NBSHIM_IF_INITIALIZED);
	mutex_enter(&ifnet_mtx);
	TAILQ_INSERT_TAIL(&ifnet_list, ifp, if_list);
	PSLIST_WRITER_INSERT_HEAD(&ifnet_pslist, ifp, if_pslist_entry);
	mutex_exit(&ifnet_mtx);
	ifp->if_nbshim_state = NBSHIM_IF_REGISTERED;
	if (ifp->if_slowtimo != NULL)
		callout_reset(&ip->ip_slowtimo, hz, if_slowtimo_tick, ifp);
	/* Ethernet drivers that call if_attach before ether_ifattach get their TAP there. */
	if (ifp->if_sadl != NULL)
		if_upper_attach(ifp);
}

/* As NetBSD's: drivers that call if_attach hand received packets to ifp->if_percpuq. */
int
if_attach(struct ifnet *ifp)
{
	if_initialize(ifp);
	ifp->if_percpuq = if_percpuq_create(ifp);
	if_register(ifp);
	return 0;
}

void
if_attachdomain(void)
{
}

/* From here on the interface takes no more requests from Linux; its driver is going away. */
void
if_deactivate(struct ifnet *ifp)
{
	if (ifp->if_nbshim_state == NBSHIM_IF_REGISTERED)
		ifp->if_nbshim_state = NBSHIM_IF_DEACTIVATED;
}

void
if_detach(struct ifnet *ifp)
{
	struct if_private *ip = ifpriv(ifp);

	if (ip == NULL)
		return;		/* never initialized, or detached already */
	if_deactivate(ifp);
	if_upper_detach(ifp);
	callout_halt(&ip->ip_slowtimo, NULL);
	callout_destroy(&ip->ip_slowtimo);
	softint_disestablish(ip->ip_link_si);
	if (ip->ip_deferred_si != NULL)
		softint_disestablish(ip->ip_deferred_si);
	mutex_enter(&ifnet_mtx);
	if (ifp->if_nbshim_state != NBSHIM_IF_INITIALIZED) {
		TAILQ_REMOVE(&ifnet_list, ifp, if_list);
		PSLIST_WRITER_REMOVE(ifp, if_pslist_entry);
		pserialize_perform(ifnet_psz);	/* no lockless reader is on it any more */
	}
	if_index_table[ifp->if_index] = NULL;
	mutex_exit(&ifnet_mtx);
	PSLIST_ENTRY_DESTROY(ifp, if_pslist_entry);
	PSLIST_DESTROY(&ifp->if_addr_pslist);
	IFQ_PURGE(&ifp->if_snd);
	if (ifp->if_percpuq != NULL) {
		if_percpuq_destroy(ifp->if_percpuq);
		ifp->if_percpuq = NULL;
	}
	if_free_sadl(ifp);
	mutex_obj_free(ifp->if_snd.ifq_lock);
	ifp->if_snd.ifq_lock = NULL;
	mutex_obj_free(ifp->if_ioctl_lock);
	ifp->if_ioctl_lock = NULL;
	ifp->if_afdata[AF_UNSPEC] = NULL;
	kmem_free(ip, sizeof(*ip));
	ifp->if_nbshim_state = NBSHIM_IF_NONE;
}

/* ---- link-level address ---------------------------------------------------------------- */

uint8_t
sockaddr_dl_measure(uint8_t namelen, uint8_t addrlen)
{
	size_t len = offsetof(struct sockaddr_dl, sdl_data[0]) + namelen + addrlen;

	return (uint8_t)MAX(len, sizeof(struct sockaddr_dl));
}

struct sockaddr_dl *
sockaddr_dl_init(struct sockaddr_dl *sdl, socklen_t socklen, uint16_t ifindex, uint8_t type,
    const void *name, uint8_t namelen, const void *addr, uint8_t addrlen)
{
	if (offsetof(struct sockaddr_dl, sdl_data[0]) + namelen > socklen)
		return NULL;
	sdl->sdl_family = AF_LINK;
	sdl->sdl_slen = 0;
	sdl->sdl_index = ifindex;
	sdl->sdl_type = type;
	sdl->sdl_nlen = namelen;
	if (namelen > 0)
		memcpy(sdl->sdl_data, name, namelen);
	return sockaddr_dl_setaddr(sdl, socklen, addr, addrlen);
}

struct sockaddr_dl *
sockaddr_dl_setaddr(struct sockaddr_dl *sdl, socklen_t socklen, const void *addr, uint8_t addrlen)
{
	size_t len = offsetof(struct sockaddr_dl, sdl_data[0]) + sdl->sdl_nlen + addrlen;

	if (len > socklen) {
		sdl->sdl_alen = 0;
		return NULL;
	}
	if (addr != NULL && addrlen > 0)
		memcpy(&sdl->sdl_data[sdl->sdl_nlen], addr, addrlen);
	sdl->sdl_alen = addrlen;
	sdl->sdl_len = (uint8_t)MAX(len, sizeof(struct sockaddr_dl));
	return sdl;
}

/*
 * An interface's addresses are on two lists, the same ones in the same order: if_addrlist
 * (IFADDR_FOREACH, 7.99 drivers) and if_addr_pslist (IFADDR_READER_FOREACH under pserialize,
 * 9.x drivers). Changes are made under ifnet_mtx; a removed address stays valid until the
 * readers that might see it have left.
 */
static void
ifa_link(struct ifnet *ifp, struct ifaddr *ifa, bool head)
{
	struct ifaddr *last = NULL, *a;

	ifa->ifa_ifp = ifp;
	PSLIST_ENTRY_INIT(ifa, ifa_pslist_entry);
	mutex_enter(&ifnet_mtx);
	if (head) {
		TAILQ_INSERT_HEAD(&ifp->if_addrlist, ifa, ifa_list);
		PSLIST_WRITER_INSERT_HEAD(&ifp->if_addr_pslist, ifa, ifa_pslist_entry);
	} else {
		TAILQ_INSERT_TAIL(&ifp->if_addrlist, ifa, ifa_list);
		PSLIST_WRITER_FOREACH(a, &ifp->if_addr_pslist, struct ifaddr, ifa_pslist_entry)
			last = a;
		if (last == NULL)
			PSLIST_WRITER_INSERT_HEAD(&ifp->if_addr_pslist, ifa, ifa_pslist_entry);
		else
			PSLIST_WRITER_INSERT_AFTER(last, ifa, ifa_pslist_entry);
	}
	mutex_exit(&ifnet_mtx);
}

static void
ifa_unlink(struct ifnet *ifp, struct ifaddr *ifa)
{
	mutex_enter(&ifnet_mtx);
	TAILQ_REMOVE(&ifp->if_addrlist, ifa, ifa_list);
	PSLIST_WRITER_REMOVE(ifa, ifa_pslist_entry);
	pserialize_perform(ifnet_psz);
	mutex_exit(&ifnet_mtx);
	PSLIST_ENTRY_DESTROY(ifa, ifa_pslist_entry);
}

/* The interface's link-level address record; the address itself is set by if_set_sadl. */
void
if_alloc_sadl(struct ifnet *ifp)
{
	struct ifaddr *ifa;
	struct sockaddr_dl *sdl;

	if (ifp->if_dl != NULL)
		return;
	ifa = kmem_zalloc(sizeof(*ifa) + sizeof(*sdl), KM_SLEEP);
	sdl = (struct sockaddr_dl *)(ifa + 1);
	sockaddr_dl_init(sdl, sizeof(*sdl), ifp->if_index, ifp->if_type, ifp->if_xname,
	    (uint8_t)strlen(ifp->if_xname), NULL, 0);
	ifa->ifa_addr = (struct sockaddr *)sdl;
	ifa->ifa_refcnt = 1;
	ifa_link(ifp, ifa, true);
	ifp->if_dl = ifa;
	ifp->if_sadl = sdl;
}

void
if_set_sadl(struct ifnet *ifp, const void *lla, u_char addrlen, bool factory)
{
	(void)factory;
	if_alloc_sadl(ifp);
	if (sockaddr_dl_setaddr(__UNCONST(ifp->if_sadl), sizeof(struct sockaddr_dl), lla, addrlen) == NULL)
		panic("if_set_sadl: %s: a %u-byte address does not fit", ifp->if_xname, addrlen);
}

void
if_free_sadl(struct ifnet *ifp)
{
	struct ifaddr *ifa = ifp->if_dl;

	if (ifa == NULL)
		return;
	ifa_unlink(ifp, ifa);
	ifp->if_dl = NULL;
	ifp->if_sadl = NULL;
	kmem_free(ifa, sizeof(*ifa) + sizeof(struct sockaddr_dl));
}

void
ifa_insert(struct ifnet *ifp, struct ifaddr *ifa)
{
	ifa_link(ifp, ifa, false);
}

void
ifa_remove(struct ifnet *ifp, struct ifaddr *ifa)
{
	ifa_unlink(ifp, ifa);
}

void
ifaref(struct ifaddr *ifa)
{
	ifa->ifa_refcnt++;
}

void
ifafree(struct ifaddr *ifa)
{
	ifa->ifa_refcnt--;
}

void
if_purgeaddrs(struct ifnet *ifp, int family, void (*purgeaddr)(struct ifaddr *))
{
	struct ifaddr *ifa, *next;

	TAILQ_FOREACH_SAFE(ifa, &ifp->if_addrlist, ifa_list, next) {
		if (ifa != ifp->if_dl && ifa->ifa_addr->sa_family == family)
			(*purgeaddr)(ifa);
	}
}

/* ---- transmit and receive -------------------------------------------------------------- */

/* if_start under the kernel lock unless the driver says it is MP-safe; callers are at splnet. */
void
if_start_lock(struct ifnet *ifp)
{
	if (ifp->if_extflags & IFEF_START_MPSAFE) {
		(*ifp->if_start)(ifp);
		return;
	}
	KERNEL_LOCK(1, NULL);
	(*ifp->if_start)(ifp);
	KERNEL_UNLOCK_ONE(NULL);
}

/*
 * if_deferred_start_init(9): the driver's transmit is restarted from a softint (its Tx-complete
 * interrupt asks with if_schedule_deferred_start) by `fn`, or if_start by default.
 */
static void
if_deferred_start_softint(void *arg)
{
	struct ifnet *ifp = arg;
	struct if_private *ip = ifpriv(ifp);
	int s = splnet();

	(*ip->ip_deferred_start)(ifp);
	splx(s);
}

void
if_deferred_start_init(struct ifnet *ifp, void (*fn)(struct ifnet *))
{
	struct if_private *ip = ifpriv(ifp);

	KASSERT(ip != NULL && ip->ip_deferred_si == NULL);
	ip->ip_deferred_start = fn != NULL ? fn : if_start_lock;
	ip->ip_deferred_si = softint_establish(SOFTINT_NET, if_deferred_start_softint, ifp);
	if (ip->ip_deferred_si == NULL)
		panic("if_deferred_start_init: %s: no softint", ifp->if_xname);
}

void
if_schedule_deferred_start(struct ifnet *ifp)
{
	struct if_private *ip = ifpriv(ifp);

	if (ip->ip_deferred_si != NULL)
		softint_schedule(ip->ip_deferred_si);
	else
		if_start_lock(ifp);	/* never initialized: start at once */
}

/*
 * One outgoing packet, as the stack would hand it over: to the driver's if_transmit when it has
 * one, else onto the send queue and if_start. Counts bytes and multicasts as NetBSD's output
 * path does (drivers count packets). The mbuf is consumed.
 */
int
if_transmit_lock(struct ifnet *ifp, struct mbuf *m)
{
	int len = m->m_pkthdr.len, mcast = m->m_flags & M_MCAST, error, s;

	s = splnet();
	if (ifp->if_transmit != NULL && ifp->if_transmit != if_nulltransmit) {
		error = (*ifp->if_transmit)(ifp, m);
	} else {
		IFQ_ENQUEUE(&ifp->if_snd, m, error);
		if (error == 0 && ifp->if_start != NULL)
			if_start_lock(ifp);
	}
	if (error == 0) {
		ifp->if_obytes += (uint64_t)len;
		if (mcast)
			ifp->if_omcasts++;
	}
	splx(s);
	return error;
}

int
if_nulltransmit(struct ifnet *ifp, struct mbuf *m)
{
	(void)ifp;
	m_freem(m);
	return ENXIO;
}

/* A received packet: to Linux. Freed here in every case. */
void
if_input(struct ifnet *ifp, struct mbuf *m)
{
	ifp->if_ibytes += (uint64_t)m->m_pkthdr.len;
	if (m->m_flags & (M_BCAST | M_MCAST))
		ifp->if_imcasts++;
	if (upper != NULL)
		upper->input(ifp, m);
	else
		m_freem(m);
}

void
ether_input(struct ifnet *ifp, struct mbuf *m)
{
	if_input(ifp, m);
}

struct if_percpuq *
if_percpuq_create(struct ifnet *ifp)
{
	struct if_percpuq *ipq = kmem_zalloc(sizeof(*ipq), KM_SLEEP);

	ipq->ipq_ifp = ifp;
	return ipq;
}

void
if_percpuq_destroy(struct if_percpuq *ipq)
{
	kmem_free(ipq, sizeof(*ipq));
}

void
if_percpuq_enqueue(struct if_percpuq *ipq, struct mbuf *m)
{
	if_input(ipq->ipq_ifp, m);
}

/* ---- state ------------------------------------------------------------------------------ */

int
if_init(struct ifnet *ifp)
{
	return ifp->if_init != NULL ? (*ifp->if_init)(ifp) : EOPNOTSUPP;
}

void
if_stop(struct ifnet *ifp, int disable)
{
	if (ifp->if_stop != NULL)
		(*ifp->if_stop)(ifp, disable);
}

void
if_down(struct ifnet *ifp)
{
	ifp->if_flags &= ~IFF_UP;
	IFQ_PURGE(&ifp->if_snd);
}

void
if_up(struct ifnet *ifp)
{
	ifp->if_flags |= IFF_UP;
}

/* Drivers may report from interrupt context with their locks held: Linux is told from a softint. */
void
if_link_state_change(struct ifnet *ifp, int link_state)
{
	struct if_private *ip = ifpriv(ifp);

	if (ifp->if_link_state == link_state)
		return;
	ifp->if_link_state = link_state;
	if (ip != NULL)
		softint_schedule(ip->ip_link_si);
}

void
if_link_state_change_softint(struct ifnet *ifp, int link_state)
{
	if_link_state_change(ifp, link_state);
}

static void
if_link_softint(void *arg)
{
	struct ifnet *ifp = arg;
	struct if_private *ip = ifpriv(ifp);
	int state = ifp->if_link_state;

	if (state == ip->ip_link_reported)
		return;
	ip->ip_link_reported = state;
	if (upper != NULL)
		upper->link(ifp, state == LINK_STATE_UP);
}

/* Once a second: counts if_timer down and runs the driver's watchdog when it reaches zero. */
static void
if_slowtimo_tick(void *arg)
{
	struct ifnet *ifp = arg;
	struct if_private *ip = ifpriv(ifp);
	int s;

	if (ifp->if_nbshim_state != NBSHIM_IF_REGISTERED)
		return;
	s = splnet();
	if (ifp->if_timer > 0 && --ifp->if_timer == 0 && ifp->if_slowtimo != NULL)
		(*ifp->if_slowtimo)(ifp);
	splx(s);
	callout_schedule(&ip->ip_slowtimo, hz);
}

/* ---- ioctls ----------------------------------------------------------------------------- */

const struct sockaddr *
ifreq_getaddr(u_long cmd, const struct ifreq *ifr)
{
	(void)cmd;
	return &ifr->ifr_addr;
}

int
if_flags_set(struct ifnet *ifp, const short flags)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = flags & ~IFF_CANTCHANGE;
	return nbshim_if_ioctl(ifp, SIOCSIFFLAGS, &ifr);
}

int
if_mcast_op(struct ifnet *ifp, const unsigned long cmd, const struct sockaddr *sa)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	memcpy(&ifr.ifr_addr, sa, MIN(sa->sa_len, sizeof(ifr.ifr_space)));
	return nbshim_if_ioctl(ifp, cmd, &ifr);
}

int
if_addr_init(struct ifnet *ifp, struct ifaddr *ifa, bool src)
{
	(void)src;
	return nbshim_if_ioctl(ifp, SIOCINITIFADDR, ifa);
}

int
if_do_dad(struct ifnet *ifp)
{
	(void)ifp;
	return 0;
}

/*
 * The requests every interface answers the same way. SIOCSIFFLAGS and SIOCSIFMTU only record
 * the change (ENETRESET for an MTU change of a running interface means "reinitialize"); the
 * ethernet layer decides about if_init/if_stop.
 */
int
ifioctl_common(struct ifnet *ifp, u_long cmd, void *data)
{
	struct ifreq *ifr = data;
	struct ifcapreq *ifcr = data;
	struct ifdatareq *ifdr = data;
	uint64_t cap;

	switch (cmd) {
	case SIOCSIFCAP:
		if ((ifcr->ifcr_capenable & ~ifp->if_capabilities) != 0)
			return EINVAL;
		if (ifcr->ifcr_capenable == ifp->if_capenable)
			return 0;
		cap = ifcr->ifcr_capenable;
		ifp->if_capenable = cap;
		ifp->if_csum_flags_tx = ifp->if_csum_flags_rx = 0;
		if (cap & IFCAP_CSUM_IPv4_Tx)
			ifp->if_csum_flags_tx |= M_CSUM_IPv4;
		if (cap & IFCAP_CSUM_IPv4_Rx)
			ifp->if_csum_flags_rx |= M_CSUM_IPv4;
		if (cap & IFCAP_CSUM_TCPv4_Tx)
			ifp->if_csum_flags_tx |= M_CSUM_TCPv4;
		if (cap & IFCAP_CSUM_TCPv4_Rx)
			ifp->if_csum_flags_rx |= M_CSUM_TCPv4;
		if (cap & IFCAP_CSUM_UDPv4_Tx)
			ifp->if_csum_flags_tx |= M_CSUM_UDPv4;
		if (cap & IFCAP_CSUM_UDPv4_Rx)
			ifp->if_csum_flags_rx |= M_CSUM_UDPv4;
		if (cap & IFCAP_CSUM_TCPv6_Tx)
			ifp->if_csum_flags_tx |= M_CSUM_TCPv6;
		if (cap & IFCAP_CSUM_TCPv6_Rx)
			ifp->if_csum_flags_rx |= M_CSUM_TCPv6;
		if (cap & IFCAP_CSUM_UDPv6_Tx)
			ifp->if_csum_flags_tx |= M_CSUM_UDPv6;
		if (cap & IFCAP_CSUM_UDPv6_Rx)
			ifp->if_csum_flags_rx |= M_CSUM_UDPv6;
		if (cap & IFCAP_TSOv4)
			ifp->if_csum_flags_tx |= M_CSUM_TSOv4;
		if (cap & IFCAP_TSOv6)
			ifp->if_csum_flags_tx |= M_CSUM_TSOv6;
		return (ifp->if_flags & IFF_RUNNING) ? ENETRESET : 0;
	case SIOCGIFCAP:
		ifcr->ifcr_capabilities = ifp->if_capabilities;
		ifcr->ifcr_capenable = ifp->if_capenable;
		return 0;
	case SIOCSIFFLAGS:
		if ((ifp->if_flags & IFF_UP) && (ifr->ifr_flags & IFF_UP) == 0)
			if_down(ifp);
		if ((ifp->if_flags & IFF_UP) == 0 && (ifr->ifr_flags & IFF_UP))
			if_up(ifp);
		ifp->if_flags = (short)((ifp->if_flags & IFF_CANTCHANGE) |
		    (ifr->ifr_flags & ~IFF_CANTCHANGE));
		return 0;
	case SIOCGIFFLAGS:
		ifr->ifr_flags = ifp->if_flags;
		return 0;
	case SIOCGIFMETRIC:
		ifr->ifr_metric = (int)ifp->if_metric;
		return 0;
	case SIOCGIFMTU:
		ifr->ifr_mtu = (int)ifp->if_mtu;
		return 0;
	case SIOCGIFDLT:
		ifr->ifr_dlt = ifp->if_dlt;
		return 0;
	case SIOCGIFINDEX:
		ifr->ifr_index = ifp->if_index;
		return 0;
	case SIOCSIFMTU:
		if (ifr->ifr_mtu <= 0)
			return EINVAL;
		if (ifp->if_mtu == (uint64_t)ifr->ifr_mtu)
			return 0;
		ifp->if_mtu = (uint64_t)ifr->ifr_mtu;
		return ENETRESET;
	case SIOCGIFDATA:
		ifdr->ifdr_data = ifp->if_data;
		return 0;
	case SIOCZIFDATA:
		ifdr->ifdr_data = ifp->if_data;
		memset(&ifp->if_data.ifi_ipackets, 0,
		    sizeof(ifp->if_data) - offsetof(struct if_data, ifi_ipackets));
		return 0;
	default:
		return ENOTTY;
	}
}

/* An ioctl from outside the driver: serialized per interface, at splnet, under the kernel lock. */
int
nbshim_if_ioctl(struct ifnet *ifp, u_long cmd, void *data)
{
	int error, s;

	if (ifp->if_nbshim_state != NBSHIM_IF_REGISTERED)
		return ENXIO;
	if (ifp->if_ioctl == NULL)
		return EOPNOTSUPP;
	mutex_enter(ifp->if_ioctl_lock);
	KERNEL_LOCK(1, NULL);
	s = splnet();
	error = (*ifp->if_ioctl)(ifp, cmd, data);
	splx(s);
	KERNEL_UNLOCK_ONE(NULL);
	mutex_exit(ifp->if_ioctl_lock);
	return error;
}

struct ifnet *
ifunit(const char *name)
{
	struct ifnet *ifp;

	mutex_enter(&ifnet_mtx);
	IFNET_FOREACH(ifp)
		if (strcmp(ifp->if_xname, name) == 0)
			break;
	mutex_exit(&ifnet_mtx);
	return ifp;
}

void
if_printf(struct ifnet *ifp, const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", ifp->if_xname);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void
nbk_if_list(void (*fn)(const char *, const uint8_t[6], unsigned, int, int, void *), void *arg)
{
	struct ifnet *ifp;
	uint8_t mac[6];

	mutex_enter(&ifnet_mtx);
	IFNET_FOREACH(ifp) {
		memset(mac, 0, sizeof(mac));
		if (ifp->if_sadl != NULL && ifp->if_sadl->sdl_alen == 6)
			memcpy(mac, CLLADDR(ifp->if_sadl), 6);
		(*fn)(ifp->if_xname, mac, (unsigned)ifp->if_mtu, ifp->if_flags, ifp->if_link_state, arg);
	}
	mutex_exit(&ifnet_mtx);
}
