/*
 * Ethernet interfaces (net/if_ether.h in NetBSD's API): frame sizes, the ethercom that embeds the
 * ifnet, multicast address lists, capabilities, VLAN tag helpers. if_ethersubr.c.
 */
#ifndef _NBSHIM_NET_IF_ETHER_H_
#define _NBSHIM_NET_IF_ETHER_H_

#include <sys/types.h>
#include <sys/nbshim_api.h>
#include <sys/mutex.h>
#include <sys/systm.h>
#include <sys/queue.h>
#include <sys/mbuf.h>
#include <net/if.h>
#include <net/ethertypes.h>

#define ETHER_ADDR_LEN		6
#define ETHER_TYPE_LEN		2
#define ETHER_CRC_LEN		4
#define ETHER_HDR_LEN		((ETHER_ADDR_LEN * 2) + ETHER_TYPE_LEN)
#define ETHER_MIN_LEN		64	/* with CRC */
#define ETHER_MAX_LEN		1518	/* with CRC */
#define ETHER_MAX_LEN_JUMBO	9018	/* with CRC */
#define ETHER_VLAN_ENCAP_LEN	4
#define ETHER_PPPOE_ENCAP_LEN	8
#define ETHERMTU_JUMBO		(ETHER_MAX_LEN_JUMBO - ETHER_HDR_LEN - ETHER_CRC_LEN)
#define ETHERMTU		(ETHER_MAX_LEN - ETHER_HDR_LEN - ETHER_CRC_LEN)
#define ETHERMIN		(ETHER_MIN_LEN - ETHER_HDR_LEN - ETHER_CRC_LEN)
#define ETHER_CRC_POLY_LE	0xedb88320
#define ETHER_CRC_POLY_BE	0x04c11db6
#define M_HASFCS		M_LINK0	/* the frame still carries its FCS */
#define ETHER_IS_MULTICAST(addr)	(*(addr) & 0x01)
#define ETHER_IS_LOCAL(addr)		(*(addr) & 0x02)
#define ETHER_MAX_FRAME(ifp, etype, hasfcs) \
	((ifp)->if_mtu + ETHER_HDR_LEN + ((hasfcs) ? ETHER_CRC_LEN : 0) + \
	 (((etype) == ETHERTYPE_VLAN) ? ETHER_VLAN_ENCAP_LEN : 0))

struct ether_addr {
	uint8_t	ether_addr_octet[ETHER_ADDR_LEN];
} __packed;

struct ether_header {
	uint8_t		ether_dhost[ETHER_ADDR_LEN];
	uint8_t		ether_shost[ETHER_ADDR_LEN];
	uint16_t	ether_type;
} __packed;

struct ether_vlan_header {
	uint8_t		evl_dhost[ETHER_ADDR_LEN];
	uint8_t		evl_shost[ETHER_ADDR_LEN];
	uint16_t	evl_encap_proto;
	uint16_t	evl_tag;
	uint16_t	evl_proto;
} __packed;

/* One multicast address or range the interface listens to, reference counted. */
struct ether_multi {
	uint8_t		enm_addrlo[ETHER_ADDR_LEN];
	uint8_t		enm_addrhi[ETHER_ADDR_LEN];
	u_int		enm_refcount;
	LIST_ENTRY(ether_multi) enm_list;
};

struct ethercom;
typedef int (*ether_cb_t)(struct ethercom *);
typedef int (*ether_vlancb_t)(struct ethercom *, uint16_t, bool);

/* A VLAN id configured on the interface (9.x, for hardware VLAN filters): none here. */
struct vlanid_list {
	uint16_t	vid;
	SIMPLEQ_ENTRY(vlanid_list) vid_list;
};

struct ethercom {
	struct ifnet	ec_if;		/* first: drivers cast between the two */
	LIST_HEAD(, ether_multi) ec_multiaddrs;
	int		ec_multicnt;
	int		ec_capabilities;	/* ETHERCAP_* the driver has */
	int		ec_capenable;		/* ETHERCAP_* enabled */
	int		ec_nvlans;
	struct mii_data	*ec_mii;
	ether_cb_t	ec_ifflags_cb;	/* flag changes: 0, ENETRESET (reinit) or an error */
	/* 9.x: drivers keep these; ether_ifattach makes ec_lock (IPL_NET), which guards
	 * ec_multiaddrs and ec_flags, and ether_ifdetach frees it. */
	struct ifmedia	*ec_ifmedia;
	ether_vlancb_t	ec_vlan_cb;
	SIMPLEQ_HEAD(, vlanid_list) ec_vids;
	kmutex_t	*ec_lock;
	int		ec_flags;	/* ETHER_F_* */
};

struct eccapreq {
	char	eccr_name[IFNAMSIZ];
	int	eccr_capabilities;
	int	eccr_capenable;
};

#define ETHERCAP_VLAN_MTU	0x00000001
#define ETHERCAP_VLAN_HWTAGGING	0x00000002
#define ETHERCAP_JUMBO_MTU	0x00000004
#if NBSHIM_API_9
#define ETHER_ALIGN		2	/* receive buffers offset so the IP header is aligned */
#define ETHERCAP_VLAN_HWFILTER	0x00000008
#define ETHERCAP_EEE		0x00000010
#define ETHERCAP_MASK		0x0000001f
#define ETHER_F_ALLMULTI	__BIT(0)	/* IFF_ALLMULTI, kept here under ec_lock */
#define ETHER_LOCK(ec)		mutex_enter((ec)->ec_lock)
#define ETHER_UNLOCK(ec)	mutex_exit((ec)->ec_lock)
#define ETHER_LOCK_OWNED(ec)	mutex_owned((ec)->ec_lock)
#else
#define ETHERCAP_MASK		0x00000007
#endif

extern const uint8_t etherbroadcastaddr[ETHER_ADDR_LEN];
extern const uint8_t ethermulticastaddr_slowprotocols[ETHER_ADDR_LEN];

void	ether_set_ifflags_cb(struct ethercom *, ether_cb_t);
int	ether_ioctl(struct ifnet *, u_long, void *);
int	ether_addmulti(const struct sockaddr *, struct ethercom *);
int	ether_delmulti(const struct sockaddr *, struct ethercom *);
int	ether_multiaddr(const struct sockaddr *, uint8_t[ETHER_ADDR_LEN], uint8_t[ETHER_ADDR_LEN]);
void	ether_input(struct ifnet *, struct mbuf *);
void	ether_ifattach(struct ifnet *, const uint8_t *);
void	ether_ifdetach(struct ifnet *);
int	ether_mediachange(struct ifnet *);
void	ether_mediastatus(struct ifnet *, struct ifmediareq *);
char	*ether_sprintf(const uint8_t *);
char	*ether_snprintf(char *, size_t, const uint8_t *);
uint32_t ether_crc32_le(const uint8_t *, size_t);
uint32_t ether_crc32_be(const uint8_t *, size_t);
int	ether_aton_r(u_char *, size_t, const char *);
int	ether_enable_vlan_mtu(struct ifnet *);
int	ether_disable_vlan_mtu(struct ifnet *);

/* Modules that carry dev/mii register its entry points for ether_mediachange/mediastatus (from
 * the ioconf `nbshim build` generates). */
struct mii_data;
void	nbshim_mii_register(int (*)(struct mii_data *), void (*)(struct mii_data *));

/* Walking the multicast list: ETHER_FIRST_MULTI, then ETHER_NEXT_MULTI until enm is NULL. */
struct ether_multistep {
	struct ether_multi *e_enm;
};
#define ETHER_NEXT_MULTI(step, enm) do {					\
	if (((enm) = (step).e_enm) != NULL)					\
		(step).e_enm = LIST_NEXT((enm), enm_list);			\
} while (0)
#define ETHER_FIRST_MULTI(step, ec, enm) do {					\
	(step).e_enm = LIST_FIRST(&(ec)->ec_multiaddrs);			\
	ETHER_NEXT_MULTI((step), (enm));					\
} while (0)
#define ETHER_LOOKUP_MULTI(addrlo, addrhi, ec, enm) do {			\
	for ((enm) = LIST_FIRST(&(ec)->ec_multiaddrs);				\
	    (enm) != NULL &&							\
	    (memcmp((enm)->enm_addrlo, (addrlo), ETHER_ADDR_LEN) != 0 ||	\
	     memcmp((enm)->enm_addrhi, (addrhi), ETHER_ADDR_LEN) != 0);	\
	    (enm) = LIST_NEXT((enm), enm_list))					\
		continue;							\
} while (0)

/* VLANs: no vlan(4) pseudo-interfaces exist here, so none is ever attached. */
#define VLAN_ATTACHED(ec)	((ec)->ec_nvlans > 0)
int	nbshim_vlan_input_tag(struct ifnet *, struct mbuf *, u_int);
#define VLAN_INPUT_TAG(ifp, m, vlanid, _errcase)			\
	if (nbshim_vlan_input_tag((ifp), (m), (vlanid)) != 0) {		\
		_errcase;						\
	}
#define VLAN_OUTPUT_TAG(ec, m0) \
	(VLAN_ATTACHED(ec) ? m_tag_find((m0), PACKET_TAG_VLAN, NULL) : NULL)
#define VLAN_TAG_VALUE(mtag)	((*(u_int *)((mtag) + 1)) & 4095)

#if NBSHIM_API_9
/* 9.x keeps a stripped tag in the packet header instead of an m_tag. */
static __inline void
vlan_set_tag(struct mbuf *m, uint16_t tag)
{
	KASSERT((m->m_flags & M_PKTHDR) != 0);
	m->m_pkthdr.ether_vtag = tag;
	m->m_flags |= M_VLANTAG;
}

static __inline bool
vlan_has_tag(struct mbuf *m)
{
	return (m->m_flags & M_VLANTAG) != 0;
}

static __inline uint16_t
vlan_get_tag(struct mbuf *m)
{
	KASSERT((m->m_flags & (M_PKTHDR | M_VLANTAG)) == (M_PKTHDR | M_VLANTAG));
	return m->m_pkthdr.ether_vtag;
}
#endif

#endif
