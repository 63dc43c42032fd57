/*
 * ifmedia(4)/ifmedia(9) (net/if_media.h in NetBSD's API): media words (network type, subtype,
 * options, mode, instance packed into an int) and the per-interface list of supported media with
 * the driver's change/status callbacks. if_media.c.
 */
#ifndef _NBSHIM_NET_IF_MEDIA_H_
#define _NBSHIM_NET_IF_MEDIA_H_

#include <sys/nbshim_api.h>

#include <sys/types.h>
#include <sys/queue.h>

struct ifnet;
struct ifreq;
struct ifmediareq;

typedef int	(*ifm_change_cb_t)(struct ifnet *);
typedef void	(*ifm_stat_cb_t)(struct ifnet *, struct ifmediareq *);

struct ifmedia_entry {
	TAILQ_ENTRY(ifmedia_entry) ifm_list;
	u_int	ifm_media;	/* the media word */
	u_int	ifm_data;	/* the driver's */
	void	*ifm_aux;	/* the driver's */
};

struct ifmedia {
	u_int			ifm_mask;	/* bits a change may ignore */
	u_int			ifm_media;	/* what the user selected */
	struct ifmedia_entry	*ifm_cur;	/* the selected entry */
	TAILQ_HEAD(, ifmedia_entry) ifm_list;
	ifm_change_cb_t		ifm_change;
	ifm_stat_cb_t		ifm_status;
};

void	ifmedia_init(struct ifmedia *, int, ifm_change_cb_t, ifm_stat_cb_t);
int	ifmedia_change(struct ifmedia *, struct ifnet *);
void	ifmedia_add(struct ifmedia *, int, int, void *);
void	ifmedia_list_add(struct ifmedia *, struct ifmedia_entry *, int);
void	ifmedia_set(struct ifmedia *, int);
int	ifmedia_ioctl(struct ifnet *, struct ifreq *, struct ifmedia *, u_long);
struct ifmedia_entry *ifmedia_match(struct ifmedia *, u_int, u_int);
void	ifmedia_delete_instance(struct ifmedia *, u_int);
uint64_t ifmedia_baudrate(int);
void	ifmedia_removeall(struct ifmedia *);

/* Ethernet */
#define IFM_ETHER		0x00000020
#define IFM_10_T		3
#define IFM_10_2		4
#define IFM_10_5		5
#define IFM_100_TX		6
#define IFM_100_FX		7
#define IFM_100_T4		8
#define IFM_100_VG		9
#define IFM_100_T2		10
#define IFM_1000_SX		11
#define IFM_10_STP		12
#define IFM_10_FL		13
#define IFM_1000_LX		14
#define IFM_1000_CX		15
#define IFM_1000_T		16
#define IFM_HPNA_1		17
#define IFM_10G_LR		18
#define IFM_10G_SR		19
#define IFM_10G_CX4		20
#define IFM_2500_SX		21
#define IFM_1000_BX10		22
#define IFM_10G_TWINAX		23
#define IFM_10G_TWINAX_LONG	24
#define IFM_10G_LRM		25
#define IFM_10G_T		26
#define IFM_ETH_MASTER		0x00000100
#define IFM_ETH_RXPAUSE		0x00000200
#define IFM_ETH_TXPAUSE		0x00000400

/* Token ring, FDDI (types only, for completeness of IFM_TYPE) */
#define IFM_TOKEN		0x00000040
#define IFM_FDDI		0x00000060

/* IEEE 802.11 */
#define IFM_IEEE80211		0x00000080
#define IFM_IEEE80211_FH1	3
#define IFM_IEEE80211_FH2	4
#define IFM_IEEE80211_DS2	5
#define IFM_IEEE80211_DS5	6
#define IFM_IEEE80211_DS11	7
#define IFM_IEEE80211_DS1	8
#define IFM_IEEE80211_DS22	9
#define IFM_IEEE80211_OFDM6	10
#define IFM_IEEE80211_OFDM9	11
#define IFM_IEEE80211_OFDM12	12
#define IFM_IEEE80211_OFDM18	13
#define IFM_IEEE80211_OFDM24	14
#define IFM_IEEE80211_OFDM36	15
#define IFM_IEEE80211_OFDM48	16
#define IFM_IEEE80211_OFDM54	17
#define IFM_IEEE80211_OFDM72	18
#define IFM_IEEE80211_DS354k	19
#define IFM_IEEE80211_DS512k	20
#define IFM_IEEE80211_OFDM3	21
#define IFM_IEEE80211_OFDM4	22
#define IFM_IEEE80211_OFDM27	23
#define IFM_IEEE80211_MCS	24
#define IFM_IEEE80211_ADHOC	0x00000100
#define IFM_IEEE80211_HOSTAP	0x00000200
#define IFM_IEEE80211_MONITOR	0x00000400
#define IFM_IEEE80211_TURBO	0x00000800
#define IFM_IEEE80211_IBSS	0x00001000
#define IFM_IEEE80211_WDS	0x00002000
#define IFM_IEEE80211_MBSS	0x00004000
#define IFM_IEEE80211_11A	0x00010000
#define IFM_IEEE80211_11B	0x00020000
#define IFM_IEEE80211_11G	0x00030000
#define IFM_IEEE80211_FH	0x00040000
#define IFM_IEEE80211_11NA	0x00050000
#define IFM_IEEE80211_11NG	0x00060000

#define IFM_CARP		0x000000c0

/* Shared subtypes and options */
#define IFM_AUTO		0
#define IFM_MANUAL		1
#define IFM_NONE		2
#define IFM_FDX			0x00100000
#define IFM_HDX			0x00200000
#define IFM_FLOW		0x00400000
#define IFM_FLAG0		0x01000000
#define IFM_FLAG1		0x02000000
#define IFM_FLAG2		0x04000000
#define IFM_LOOP		0x08000000

/* Fields of the word */
#define IFM_NMASK		0x000000e0
#define IFM_TMASK		0x0000001f
#define IFM_IMASK		0xf0000000
#define IFM_ISHIFT		28
#define IFM_OMASK		0x0000ff00
#define IFM_MMASK		0x00070000
#define IFM_MSHIFT		16
#define IFM_GMASK		0x0ff00000
#define IFM_ETH_FMASK		(IFM_FLOW | IFM_ETH_RXPAUSE | IFM_ETH_TXPAUSE)
#define IFM_NMIN		IFM_ETHER
#define IFM_NMAX		IFM_NMASK

/* Status bits */
#define IFM_AVALID		0x00000001
#define IFM_ACTIVE		0x00000002
#define IFM_STATUS_VALID	IFM_AVALID

#define IFM_TYPE(x)		((x) & IFM_NMASK)
#define IFM_SUBTYPE(x)		((x) & IFM_TMASK)
#define IFM_INST(x)		(((x) & IFM_IMASK) >> IFM_ISHIFT)
#define IFM_OPTIONS(x)		((x) & (IFM_OMASK | IFM_GMASK))
#define IFM_MODE(x)		((x) & IFM_MMASK)
#define IFM_INST_MAX		IFM_INST(IFM_IMASK)
#define IFM_INST_ANY		((u_int)-1)
#define IFM_MAKEWORD(type, subtype, options, instance) \
	((type) | (subtype) | (options) | ((instance) << IFM_ISHIFT))
#define IFM_MAKEMODE(mode)	(((mode) << IFM_MSHIFT) & IFM_MMASK)
#define IFM_TYPE_MATCH(dt, t)	(IFM_TYPE(dt) == 0 || IFM_TYPE(dt) == IFM_TYPE(t))

#if NBSHIM_API_9
/* Ethernet subtypes 9.x added. */
#define IFM_1000_KX		27
#define IFM_2500_KX		28
#define IFM_2500_T		29
#define IFM_5000_T		30
#endif

#endif
