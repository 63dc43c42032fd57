/*
 * Ethernet interfaces: ether_ifattach/ifdetach, the ethernet ioctls (up/down reaching if_init and
 * if_stop, MTU limits, the multicast list), ether_sprintf, the CRC-32 used for multicast hashes.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/mbuf.h>
#include <sys/sockio.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/if_ether.h>
#include <net/if_media.h>
#include <net/dlt.h>
#include "if_private.h"

const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
const uint8_t ethermulticastaddr_slowprotocols[ETHER_ADDR_LEN] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x02 };

void
ether_ifattach(struct ifnet *ifp, const uint8_t *lla)
{
	struct ethercom *ec = (struct ethercom *)ifp;

	ifp->if_type = IFT_ETHER;
	ifp->if_hdrlen = ETHER_HDR_LEN;
	ifp->if_addrlen = ETHER_ADDR_LEN;
	ifp->if_dlt = DLT_EN10MB;
	if (ifp->if_mtu == 0)
		ifp->if_mtu = ETHERMTU;
	if (ifp->if_baudrate == 0)
		ifp->if_baudrate = 10000000;
	ifp->if_output = NULL;
	ifp->if_broadcastaddr = etherbroadcastaddr;
	if (ifp->if_nbshim_state == NBSHIM_IF_NONE)
		panic("ether_ifattach: %s: call if_initialize or if_attach first", ifp->if_xname);
	if (lla != NULL)
		if_set_sadl(ifp, lla, ETHER_ADDR_LEN, true);
	LIST_INIT(&ec->ec_multiaddrs);
	ec->ec_multicnt = 0;
	ec->ec_nvlans = 0;
	SIMPLEQ_INIT(&ec->ec_vids);
	ec->ec_flags = 0;
	if (ec->ec_lock == NULL)
		ec->ec_lock = mutex_obj_alloc(MUTEX_DEFAULT, IPL_NET);
	if (ifp->if_nbshim_state == NBSHIM_IF_REGISTERED)
		if_upper_attach(ifp);
}

void
ether_ifdetach(struct ifnet *ifp)
{
	struct ethercom *ec = (struct ethercom *)ifp;
	struct ether_multi *enm;

	if_deactivate(ifp);
	if_upper_detach(ifp);
	while ((enm = LIST_FIRST(&ec->ec_multiaddrs)) != NULL) {
		LIST_REMOVE(enm, enm_list);
		kmem_free(enm, sizeof(*enm));
	}
	ec->ec_multicnt = 0;
	if (ec->ec_lock != NULL) {
		mutex_obj_free(ec->ec_lock);
		ec->ec_lock = NULL;
	}
}

void
ether_set_ifflags_cb(struct ethercom *ec, ether_cb_t cb)
{
	ec->ec_ifflags_cb = cb;
}

char *
ether_snprintf(char *buf, size_t len, const uint8_t *ap)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", ap[0], ap[1], ap[2], ap[3], ap[4], ap[5]);
	return buf;
}

/* A static buffer, as NetBSD's: callers print the result before calling again. */
char *
ether_sprintf(const uint8_t *ap)
{
	static char buf[3 * ETHER_ADDR_LEN];

	return ether_snprintf(buf, sizeof(buf), ap);
}

int
ether_aton_r(u_char *dest, size_t len, const char *str)
{
	size_t i;
	int n;

	if (len < ETHER_ADDR_LEN)
		return ENOSPC;
	for (i = 0; i < ETHER_ADDR_LEN; i++) {
		n = 0;
		for (int d = 0; d < 2; d++, str++) {
			int c = *str;
			n <<= 4;
			if (c >= '0' && c <= '9')
				n |= c - '0';
			else if (c >= 'a' && c <= 'f')
				n |= c - 'a' + 10;
			else if (c >= 'A' && c <= 'F')
				n |= c - 'A' + 10;
			else
				return EINVAL;
		}
		dest[i] = (u_char)n;
		if (i < ETHER_ADDR_LEN - 1 && *str++ != ':')
			return EINVAL;
	}
	return *str == '\0' ? 0 : EINVAL;
}

/* CRC-32 (IEEE 802.3 polynomial), bit-reflected and not: drivers hash multicast addresses. */
uint32_t
ether_crc32_le(const uint8_t *buf, size_t len)
{
	uint32_t crc = 0xffffffffU;
	size_t i;
	int bit;

	for (i = 0; i < len; i++) {
		crc ^= buf[i];
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ ((crc & 1) ? ETHER_CRC_POLY_LE : 0);
	}
	return crc;
}

uint32_t
ether_crc32_be(const uint8_t *buf, size_t len)
{
	uint32_t crc = 0xffffffffU, carry;
	size_t i;
	int bit;
	uint8_t c;

	for (i = 0; i < len; i++) {
		c = buf[i];
		for (bit = 0; bit < 8; bit++, c >>= 1) {
			carry = ((crc & 0x80000000U) ? 1 : 0) ^ (c & 1);
			crc <<= 1;
			if (carry)
				crc = (crc ^ ETHER_CRC_POLY_BE) | carry;
		}
	}
	return crc;
}

/* ---- multicast list --------------------------------------------------------------------- */

/* The address range a sockaddr names: AF_UNSPEC (bytes in sa_data), AF_LINK, or IPv4/IPv6 groups. */
int
ether_multiaddr(const struct sockaddr *sa, uint8_t addrlo[ETHER_ADDR_LEN], uint8_t addrhi[ETHER_ADDR_LEN])
{
	const struct sockaddr_dl *sdl;
	const uint8_t *ip;

	switch (sa->sa_family) {
	case AF_UNSPEC:
		memcpy(addrlo, sa->sa_data, ETHER_ADDR_LEN);
		break;
	case AF_LINK:
		sdl = satocsdl(sa);
		if (sdl->sdl_alen != ETHER_ADDR_LEN)
			return EINVAL;
		memcpy(addrlo, CLLADDR(sdl), ETHER_ADDR_LEN);
		break;
	case AF_INET:
		/* sockaddr_in: port then address; 01:00:5e + the group's low 23 bits. */
		ip = (const uint8_t *)sa->sa_data + 2;
		if (ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] == 0) {
			/* Any group: the whole IPv4 multicast range. */
			memcpy(addrlo, (const uint8_t[]){ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x00 }, 6);
			memcpy(addrhi, (const uint8_t[]){ 0x01, 0x00, 0x5e, 0x7f, 0xff, 0xff }, 6);
			return 0;
		}
		addrlo[0] = 0x01; addrlo[1] = 0x00; addrlo[2] = 0x5e;
		addrlo[3] = ip[1] & 0x7f; addrlo[4] = ip[2]; addrlo[5] = ip[3];
		break;
	default:
		return EAFNOSUPPORT;
	}
	if (!ETHER_IS_MULTICAST(addrlo))
		return EADDRNOTAVAIL;
	memcpy(addrhi, addrlo, ETHER_ADDR_LEN);
	return 0;
}

/* The multicast list is under ec_lock (9.x drivers walk it under ETHER_LOCK) and splnet. */
static int
ec_list_enter(struct ethercom *ec)
{
	int s = splnet();

	if (ec->ec_lock != NULL)
		mutex_enter(ec->ec_lock);
	return s;
}

static void
ec_list_exit(struct ethercom *ec, int s)
{
	if (ec->ec_lock != NULL)
		mutex_exit(ec->ec_lock);
	splx(s);
}

/* Adds a reference to an address (range): ENETRESET when the list changed and the filter must be redone. */
int
ether_addmulti(const struct sockaddr *sa, struct ethercom *ec)
{
	struct ether_multi *enm;
	uint8_t lo[ETHER_ADDR_LEN], hi[ETHER_ADDR_LEN];
	int error, s;

	if ((error = ether_multiaddr(sa, lo, hi)) != 0)
		return error;
	s = ec_list_enter(ec);
	ETHER_LOOKUP_MULTI(lo, hi, ec, enm);
	if (enm != NULL) {
		enm->enm_refcount++;
		ec_list_exit(ec, s);
		return 0;
	}
	if ((enm = kmem_intr_zalloc(sizeof(*enm), KM_NOSLEEP)) == NULL) {
		ec_list_exit(ec, s);
		return ENOBUFS;
	}
	memcpy(enm->enm_addrlo, lo, ETHER_ADDR_LEN);
	memcpy(enm->enm_addrhi, hi, ETHER_ADDR_LEN);
	enm->enm_refcount = 1;
	LIST_INSERT_HEAD(&ec->ec_multiaddrs, enm, enm_list);
	ec->ec_multicnt++;
	ec_list_exit(ec, s);
	return ENETRESET;
}

int
ether_delmulti(const struct sockaddr *sa, struct ethercom *ec)
{
	struct ether_multi *enm;
	uint8_t lo[ETHER_ADDR_LEN], hi[ETHER_ADDR_LEN];
	int error, s;

	if ((error = ether_multiaddr(sa, lo, hi)) != 0)
		return error;
	s = ec_list_enter(ec);
	ETHER_LOOKUP_MULTI(lo, hi, ec, enm);
	if (enm == NULL) {
		ec_list_exit(ec, s);
		return ENXIO;
	}
	if (--enm->enm_refcount > 0) {
		ec_list_exit(ec, s);
		return 0;
	}
	LIST_REMOVE(enm, enm_list);
	ec->ec_multicnt--;
	ec_list_exit(ec, s);
	kmem_intr_free(enm, sizeof(*enm));
	return ENETRESET;
}

/* ---- ioctls ----------------------------------------------------------------------------- */

/* Up and down: start a stopped interface, stop a running one, else let the driver see the flags. */
static int
ether_setflags(struct ifnet *ifp)
{
	struct ethercom *ec = (struct ethercom *)ifp;
	int error;

	switch (ifp->if_flags & (IFF_UP | IFF_RUNNING)) {
	case IFF_RUNNING:
		if_stop(ifp, 1);
		return 0;
	case IFF_UP:
		return if_init(ifp);
	case IFF_UP | IFF_RUNNING:
		error = ec->ec_ifflags_cb != NULL ? (*ec->ec_ifflags_cb)(ec) : ENETRESET;
		return error == ENETRESET ? if_init(ifp) : error;
	default:
		return 0;
	}
}

int
ether_ioctl(struct ifnet *ifp, u_long cmd, void *data)
{
	struct ethercom *ec = (struct ethercom *)ifp;
	struct ifreq *ifr = data;
	struct eccapreq *eccr = data;
	int error, maxmtu;

	switch (cmd) {
	case SIOCINITIFADDR:
		if ((ifp->if_flags & (IFF_UP | IFF_RUNNING)) != (IFF_UP | IFF_RUNNING)) {
			ifp->if_flags |= IFF_UP;
			return if_init(ifp);
		}
		return 0;
	case SIOCSIFFLAGS:
		if ((error = ifioctl_common(ifp, cmd, data)) != 0)
			return error;
		return ether_setflags(ifp);
	case SIOCSIFMTU:
		maxmtu = (ec->ec_capabilities & ETHERCAP_JUMBO_MTU) ? ETHERMTU_JUMBO : ETHERMTU;
		if (ifr->ifr_mtu < ETHERMIN || ifr->ifr_mtu > maxmtu)
			return EINVAL;
		if ((error = ifioctl_common(ifp, cmd, data)) != ENETRESET)
			return error;
		/* A running interface restarts with the new size. */
		return (ifp->if_flags & IFF_RUNNING) ? if_init(ifp) : 0;
	case SIOCADDMULTI:
		return ether_addmulti(ifreq_getaddr(cmd, ifr), ec);
	case SIOCDELMULTI:
		return ether_delmulti(ifreq_getaddr(cmd, ifr), ec);
	case SIOCSIFMEDIA:
	case SIOCGIFMEDIA:
		if (ec->ec_mii == NULL)
			return ENOTTY;
		/* struct mii_data begins with its struct ifmedia (dev/mii/miivar.h). */
		return ifmedia_ioctl(ifp, ifr, (struct ifmedia *)(void *)ec->ec_mii, cmd);
	case SIOCGETHERCAP:
		eccr->eccr_capabilities = ec->ec_capabilities;
		eccr->eccr_capenable = ec->ec_capenable;
		return 0;
	default:
		return ifioctl_common(ifp, cmd, data);
	}
}

/*
 * Media through the MII layer (dev/mii, compiled into the driver's module from the tree): a
 * module with mii registers its mii_mediachg/mii_pollstat here (its generated ioconf does).
 */
static int (*mii_mediachg_fn)(struct mii_data *);
static void (*mii_pollstat_fn)(struct mii_data *);

void
nbshim_mii_register(int (*mediachg)(struct mii_data *), void (*pollstat)(struct mii_data *))
{
	mii_mediachg_fn = mediachg;
	mii_pollstat_fn = pollstat;
}

int
ether_mediachange(struct ifnet *ifp)
{
	struct ethercom *ec = (struct ethercom *)ifp;
	int error;

	if ((ifp->if_flags & IFF_UP) == 0)
		return 0;
	if (ec->ec_mii == NULL || mii_mediachg_fn == NULL)
		return ENOTTY;
	error = (*mii_mediachg_fn)(ec->ec_mii);
	return error == ENXIO ? 0 : error;
}

/* struct mii_data as dev/mii/miivar.h lays it out: the media, then these, in this order. */
struct nbshim_mii_head {
	struct ifmedia	mii_media;
	struct ifnet	*mii_ifp;
	int		mii_flags;
	void		*mii_phys_first;
	u_int		mii_instance;
	int		mii_media_status;
	int		mii_media_active;
};

void
ether_mediastatus(struct ifnet *ifp, struct ifmediareq *ifmr)
{
	struct ethercom *ec = (struct ethercom *)ifp;
	struct nbshim_mii_head *mii;

	if (ec->ec_mii == NULL || mii_pollstat_fn == NULL) {
		ifmr->ifm_active = IFM_ETHER | IFM_NONE;
		ifmr->ifm_status = 0;
		return;
	}
	mii = (struct nbshim_mii_head *)(void *)ec->ec_mii;
	(*mii_pollstat_fn)(ec->ec_mii);
	ifmr->ifm_active = mii->mii_media_active;
	ifmr->ifm_status = mii->mii_media_status;
}

int
ether_enable_vlan_mtu(struct ifnet *ifp)
{
	struct ethercom *ec = (struct ethercom *)ifp;

	if ((ec->ec_capabilities & ETHERCAP_VLAN_MTU) == 0)
		return -1;
	ec->ec_capenable |= ETHERCAP_VLAN_MTU;
	return (ifp->if_flags & IFF_RUNNING) ? ENETRESET : 0;
}

int
ether_disable_vlan_mtu(struct ifnet *ifp)
{
	struct ethercom *ec = (struct ethercom *)ifp;

	if ((ec->ec_capenable & ETHERCAP_VLAN_MTU) == 0)
		return -1;
	ec->ec_capenable &= ~ETHERCAP_VLAN_MTU;
	return (ifp->if_flags & IFF_RUNNING) ? ENETRESET : 0;
}

/* A VLAN tag the hardware stripped, kept with the packet as NetBSD does. */
int
nbshim_vlan_input_tag(struct ifnet *ifp, struct mbuf *m, u_int vlanid)
{
	struct m_tag *mtag;

	if ((mtag = m_tag_get(PACKET_TAG_VLAN, sizeof(u_int), M_NOWAIT)) == NULL) {
		ifp->if_ierrors++;
		printf("%s: no memory for a VLAN tag; packet dropped\n", ifp->if_xname);
		m_freem(m);
		return 1;
	}
	*(u_int *)(mtag + 1) = vlanid;
	m_tag_prepend(m, mtag);
	return 0;
}
