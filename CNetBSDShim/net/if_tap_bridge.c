/*
 * Every registered interface with a link-level address is a Linux TAP interface of the same name
 * and MAC (nbh_tap_* in nbshim_hypercall.h). Linux's frames enter the driver's transmit path as
 * the stack's would; received packets leave through if_input to Linux. Linux's up/down, MTU and
 * multicast changes arrive as the ioctls NetBSD's stack would issue (SIOCSIFFLAGS, SIOCSIFMTU,
 * SIOCADDMULTI/SIOCDELMULTI); link state follows if_link_state_change.
 *
 * Checksum offload stays off on both sides: the TAP has no vnet header, so Linux hands over
 * frames with complete checksums and expects the same; interfaces start with if_capenable 0 and
 * nothing here enables IFCAP_CSUM_*.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/atomic.h>
#include <sys/proc.h>
#include <sys/mbuf.h>
#include "kern/init_private.h"
#include <sys/sockio.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/if_ether.h>
#include "host/nbshim_hypercall.h"
#include "host/nbshim_kernel.h"
#include "if_private.h"

#define TAP_MAX_IOV	64

struct nbshim_tap {
	struct ifnet	*ifp;
	struct nbh_tap	*tap;
	kmutex_t	lock;		/* the multicast list below */
	uint8_t		*mcast;		/* what Linux asked for last, 6 bytes each */
	size_t		nmcast;
};

static volatile int use_tap = 1;

void
nbk_net_use_tap(int on)
{
	use_tap = on;
}

static bool
usable(struct nbshim_tap *t)
{
	return t->ifp->if_nbshim_state == NBSHIM_IF_REGISTERED;
}

/* Linux sent a frame: into an mbuf chain and down the driver's transmit path. */
static void
tap_input(void *arg, const void *frame, size_t len)
{
	struct nbshim_tap *t = arg;
	struct ifnet *ifp = t->ifp;
	const uint8_t *dst = frame;
	struct mbuf *m;

	if (!usable(t) || (ifp->if_flags & (IFF_UP | IFF_RUNNING)) != (IFF_UP | IFF_RUNNING) ||
	    len < ETHER_HDR_LEN || len > (size_t)ifp->if_mtu + ETHER_HDR_LEN + ETHER_VLAN_ENCAP_LEN) {
		ifp->if_oerrors++;
		return;
	}
	if ((m = m_devget(__UNCONST(frame), (int)len, 0, NULL, NULL)) == NULL) {
		ifp->if_oerrors++;
		return;
	}
	if (ETHER_IS_MULTICAST(dst))
		m->m_flags |= memcmp(dst, etherbroadcastaddr, ETHER_ADDR_LEN) == 0 ? M_BCAST : M_MCAST;
	if (if_transmit_lock(ifp, m) != 0)
		ifp->if_oerrors++;
}

static void
tap_updown(void *arg, bool up)
{
	struct nbshim_tap *t = arg;
	struct ifreq ifr;
	int error;

	if (!usable(t))
		return;
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, t->ifp->if_xname, sizeof(ifr.ifr_name));
	ifr.ifr_flags = (short)((t->ifp->if_flags & ~IFF_UP) | (up ? IFF_UP : 0));
	if ((error = nbshim_if_ioctl(t->ifp, SIOCSIFFLAGS, &ifr)) != 0)
		printf("%s: bringing the interface %s failed: error %d\n", t->ifp->if_xname,
		    up ? "up" : "down", error);
}

static int
tap_mtu(void *arg, unsigned mtu)
{
	struct nbshim_tap *t = arg;
	struct ifreq ifr;

	if (!usable(t))
		return ENXIO;
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, t->ifp->if_xname, sizeof(ifr.ifr_name));
	ifr.ifr_mtu = (int)mtu;
	return nbshim_if_ioctl(t->ifp, SIOCSIFMTU, &ifr);
}

static bool
in_list(const uint8_t *list, size_t n, const uint8_t *addr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (memcmp(list + 6 * i, addr, 6) == 0)
			return true;
	return false;
}

/* One SIOCADDMULTI/SIOCDELMULTI as the stack issues it: the address in an AF_UNSPEC sockaddr. */
static int
mcast_ioctl(struct ifnet *ifp, u_long cmd, const uint8_t *addr)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifp->if_xname, sizeof(ifr.ifr_name));
	ifr.ifr_addr.sa_len = sizeof(ifr.ifr_addr);
	ifr.ifr_addr.sa_family = AF_UNSPEC;
	memcpy(ifr.ifr_addr.sa_data, addr, ETHER_ADDR_LEN);
	return nbshim_if_ioctl(ifp, cmd, &ifr);
}

/* Linux's whole list: the differences to the last one become ioctls. */
static void
tap_multicast(void *arg, const uint8_t *addrs, size_t count)
{
	struct nbshim_tap *t = arg;
	uint8_t *copy = NULL;
	size_t i;
	int error;

	if (!usable(t))
		return;
	if (count > 0) {
		copy = kmem_alloc(6 * count, KM_SLEEP);
		memcpy(copy, addrs, 6 * count);
	}
	mutex_enter(&t->lock);
	for (i = 0; i < t->nmcast; i++) {
		if (!in_list(addrs, count, t->mcast + 6 * i) &&
		    (error = mcast_ioctl(t->ifp, SIOCDELMULTI, t->mcast + 6 * i)) != 0)
			printf("%s: leaving multicast group %s failed: error %d\n", t->ifp->if_xname,
			    ether_sprintf(t->mcast + 6 * i), error);
	}
	for (i = 0; i < count; i++) {
		if (!in_list(t->mcast, t->nmcast, addrs + 6 * i) &&
		    (error = mcast_ioctl(t->ifp, SIOCADDMULTI, addrs + 6 * i)) != 0)
			printf("%s: joining multicast group %s failed: error %d\n", t->ifp->if_xname,
			    ether_sprintf(addrs + 6 * i), error);
	}
	if (t->nmcast > 0)
		kmem_free(t->mcast, 6 * t->nmcast);
	t->mcast = copy;
	t->nmcast = count;
	mutex_exit(&t->lock);
}

static const struct nbh_tap_ops tap_ops = {
	.input = tap_input,
	.updown = tap_updown,
	.mtu = tap_mtu,
	.multicast = tap_multicast,
};

static void
tap_attach(struct ifnet *ifp)
{
	struct nbshim_tap *t;
	int error;

	if (!use_tap || ifp->if_nbshim_tap != NULL || ifp->if_sadl == NULL ||
	    ifp->if_sadl->sdl_alen != ETHER_ADDR_LEN)
		return;
	t = kmem_zalloc(sizeof(*t), KM_SLEEP);
	t->ifp = ifp;
	mutex_init(&t->lock, MUTEX_DEFAULT, IPL_NONE);
	if ((error = nbh_tap_open(ifp->if_xname, (const uint8_t *)CLLADDR(ifp->if_sadl),
	    (unsigned)ifp->if_mtu, &tap_ops, t, &t->tap)) != 0) {
		printf("%s: no Linux interface (TAP) for it: error %d; it attaches without one\n",
		    ifp->if_xname, error);
		mutex_destroy(&t->lock);
		kmem_free(t, sizeof(*t));
		return;
	}
	ifp->if_nbshim_tap = t;
	if (ifp->if_link_state != LINK_STATE_UNKNOWN)
		nbh_tap_link(t->tap, ifp->if_link_state == LINK_STATE_UP);
}

static void
tap_detach(struct ifnet *ifp)
{
	struct nbshim_tap *t = ifp->if_nbshim_tap;

	if (t == NULL)
		return;
	ifp->if_nbshim_tap = NULL;
	membar_sync();
	while (ifp->if_nbshim_tapusers > 0)
		kpause("tapdet", false, 1, NULL);
	nbh_tap_close(t->tap);
	if (t->nmcast > 0)
		kmem_free(t->mcast, 6 * t->nmcast);
	mutex_destroy(&t->lock);
	kmem_free(t, sizeof(*t));
}

/* Received packet to Linux as segments (flattened when the chain is very long); always freed. */
static void
tap_deliver(struct ifnet *ifp, struct mbuf *m)
{
	struct nbh_iovec iov[TAP_MAX_IOV];
	struct nbshim_tap *t;
	struct mbuf *n;
	unsigned cnt = 0;
	char *flat = NULL;
	int len = m->m_pkthdr.len;

	/* Counted before looking: tap_detach waits for the count after clearing the pointer. */
	atomic_inc_uint(&ifp->if_nbshim_tapusers);
	membar_sync();
	if ((t = ifp->if_nbshim_tap) == NULL)
		goto out;
	for (n = m; n != NULL && cnt < TAP_MAX_IOV; n = n->m_next) {
		if (n->m_len == 0)
			continue;
		iov[cnt].base = mtod(n, const void *);
		iov[cnt].len = (size_t)n->m_len;
		cnt++;
	}
	if (n != NULL) {
		if ((flat = kmem_intr_alloc((size_t)len, KM_NOSLEEP)) == NULL) {
			ifp->if_iqdrops++;
			goto out;
		}
		m_copydata(m, 0, len, flat);
		iov[0].base = flat;
		iov[0].len = (size_t)len;
		cnt = 1;
	}
	if (nbh_tap_output(t->tap, iov, cnt) != 0)
		ifp->if_iqdrops++;
	if (flat != NULL)
		kmem_intr_free(flat, (size_t)len);
out:
	atomic_dec_uint(&ifp->if_nbshim_tapusers);
	m_freem(m);
}

static void
tap_link(struct ifnet *ifp, bool up)
{
	struct nbshim_tap *t = ifp->if_nbshim_tap;

	if (t != NULL)
		nbh_tap_link(t->tap, up);
}

static const struct if_upper tap_upper = {
	.attach = tap_attach,
	.detach = tap_detach,
	.input = tap_deliver,
	.link = tap_link,
};

static int
tap_bridge_start(void)
{
	if_upper_register(&tap_upper);
	return 0;
}
NBSHIM_INIT(tap_bridge_start, 30);
