/*
 * Network interfaces (net/if.h in NetBSD's API, as of 7.99): struct ifnet with the if_data
 * statistics under their old names (ifp->if_ipackets) and the newer if_statinc() style, the send
 * queue (IFQ_* over a locked ifqueue), interface requests for ioctls with NetBSD's layouts (the
 * SIOC* values encode their sizes). if.c; every registered interface is also a Linux TAP interface
 * (if_tap_bridge.c).
 */
#ifndef _NBSHIM_NET_IF_H_
#define _NBSHIM_NET_IF_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/pslist.h>
#include <sys/nbshim_api.h>
#include <sys/pserialize.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/mutex.h>
#include <sys/callout.h>
#include <sys/mbuf.h>
#include <sys/sockio.h>
#include <sys/errno.h>
#include <net/if_media.h>

#define IFNAMSIZ	16
#define IF_NAMESIZE	IFNAMSIZ

struct ifnet;
struct rtentry;
struct bpf_if;
struct sockaddr_dl;
struct nbshim_tap;
struct if_percpuq;
struct callout;

#define IF_Kbps(x)	((x) * 1000ULL)
#define IF_Mbps(x)	(IF_Kbps((x) * 1000ULL))
#define IF_Gbps(x)	(IF_Mbps((x) * 1000ULL))

#define LINK_STATE_UNKNOWN	0
#define LINK_STATE_DOWN		1
#define LINK_STATE_UP		2

struct if_data {
	u_char		ifi_type;	/* IFT_* */
	u_char		ifi_addrlen;
	u_char		ifi_hdrlen;
	int		ifi_link_state;	/* LINK_STATE_* */
	uint64_t	ifi_mtu;
	uint64_t	ifi_metric;
	uint64_t	ifi_baudrate;
	uint64_t	ifi_ipackets;
	uint64_t	ifi_ierrors;
	uint64_t	ifi_opackets;
	uint64_t	ifi_oerrors;
	uint64_t	ifi_collisions;
	uint64_t	ifi_ibytes;
	uint64_t	ifi_obytes;
	uint64_t	ifi_imcasts;
	uint64_t	ifi_omcasts;
	uint64_t	ifi_iqdrops;
	uint64_t	ifi_noproto;
	struct timespec	ifi_lastchange;
};

/* A packet queue; the send queue's lock is made by if_initialize. */
struct ifqueue {
	struct mbuf	*ifq_head;
	struct mbuf	*ifq_tail;
	int		ifq_len;
	int		ifq_maxlen;
	int		ifq_drops;
	kmutex_t	*ifq_lock;
};
#define ifaltq	ifqueue

/* An address of an interface; the link-level one (if_dl) holds the sockaddr_dl. */
struct ifaddr {
	struct sockaddr		*ifa_addr;
	struct sockaddr		*ifa_dstaddr;
#define ifa_broadaddr	ifa_dstaddr
	struct sockaddr		*ifa_netmask;
	struct ifnet		*ifa_ifp;
	TAILQ_ENTRY(ifaddr)	ifa_list;
	struct pslist_entry	ifa_pslist_entry;
	void			(*ifa_rtrequest)(int, struct rtentry *, const struct sockaddr *);
	u_int			ifa_flags;
	int			ifa_refcnt;
	int			ifa_metric;
};
#define IFA_ROUTE	0x01

typedef struct ifnet {
	void		*if_softc;
	TAILQ_ENTRY(ifnet) if_list;
	TAILQ_HEAD(, ifaddr) if_addrlist;
	struct pslist_entry if_pslist_entry;	/* on ifnet_pslist once registered */
	struct pslist_head if_addr_pslist;	/* the addresses of if_addrlist, for pserialize readers */
	char		if_xname[IFNAMSIZ];
	int		if_pcount;
	struct bpf_if	*if_bpf;
	if_index_t	if_index;
	short		if_timer;	/* seconds until if_watchdog runs; 0 = off */
#if NBSHIM_API_9
	unsigned short	if_flags;	/* IFF_* (9.x: unsigned, IFF_MULTICAST is 0x8000) */
#else
	short		if_flags;	/* IFF_* */
#endif
	short		if_extflags;	/* IFEF_* */
	struct if_data	if_data;
	int		(*if_output)(struct ifnet *, struct mbuf *, const struct sockaddr *,
			    const struct rtentry *);
	void		(*_if_input)(struct ifnet *, struct mbuf *);
	void		(*if_start)(struct ifnet *);
	int		(*if_transmit)(struct ifnet *, struct mbuf *);
	int		(*if_ioctl)(struct ifnet *, u_long, void *);
	int		(*if_init)(struct ifnet *);
	void		(*if_stop)(struct ifnet *, int);
	void		(*if_slowtimo)(struct ifnet *);
#define if_watchdog	if_slowtimo
	void		(*if_drain)(struct ifnet *);
	struct ifqueue	if_snd;
	struct ifaddr	*if_dl;
	const struct sockaddr_dl *if_sadl;
	struct ifaddr	*if_hwdl;
	const uint8_t	*if_broadcastaddr;
	void		*if_bridge;
	void		*if_bridgeif;
	int		if_dlt;
	void		*if_pfil;
	uint64_t	if_capabilities;	/* IFCAP_* the hardware has */
	uint64_t	if_capenable;		/* IFCAP_* enabled */
	void		*if_carp;
	int		if_csum_flags_tx;
	int		if_csum_flags_rx;
	void		*if_afdata[AF_MAX];
	struct mowner	*if_mowner;
	void		*if_agrprivate;
	void		*if_pf_kif;
	void		*if_pf_groups;
	uint64_t	if_index_gen;
	struct sysctllog *if_sysctl_log;
	int		(*if_initaddr)(struct ifnet *, struct ifaddr *, bool);
	int		(*if_mcastop)(struct ifnet *, const unsigned long, const struct sockaddr *);
	int		(*if_setflags)(struct ifnet *, const short);
	kmutex_t	*if_ioctl_lock;
	struct callout	*if_slowtimo_ch;
	struct if_percpuq *if_percpuq;
	/* Ours: registration state and the Linux side. */
	int		if_nbshim_state;
	struct nbshim_tap	*if_nbshim_tap;
	volatile u_int	if_nbshim_tapusers;
} ifnet_t;

#define if_mtu		if_data.ifi_mtu
#define if_type		if_data.ifi_type
#define if_addrlen	if_data.ifi_addrlen
#define if_hdrlen	if_data.ifi_hdrlen
#define if_metric	if_data.ifi_metric
#define if_link_state	if_data.ifi_link_state
#define if_baudrate	if_data.ifi_baudrate
#define if_ipackets	if_data.ifi_ipackets
#define if_ierrors	if_data.ifi_ierrors
#define if_opackets	if_data.ifi_opackets
#define if_oerrors	if_data.ifi_oerrors
#define if_collisions	if_data.ifi_collisions
#define if_ibytes	if_data.ifi_ibytes
#define if_obytes	if_data.ifi_obytes
#define if_imcasts	if_data.ifi_imcasts
#define if_omcasts	if_data.ifi_omcasts
#define if_iqdrops	if_data.ifi_iqdrops
#define if_noproto	if_data.ifi_noproto
#define if_lastchange	if_data.ifi_lastchange

/* The newer counter API (NetBSD 9) over the same fields. */
#define if_statinc(ifp, x)		((void)((ifp)->x++))
#define if_statdec(ifp, x)		((void)((ifp)->x--))
#define if_statadd(ifp, x, v)		((void)((ifp)->x += (v)))
#define if_statadd2(ifp, x1, v1, x2, v2) ((void)((ifp)->x1 += (v1), (ifp)->x2 += (v2)))
#define if_statsub(ifp, x, v)		((void)((ifp)->x -= (v)))
#define if_statinc_ref(ifp, x)		if_statinc(ifp, x)
#define if_statadd_ref(ifp, x, v)	if_statadd(ifp, x, v)
#define IF_STAT_GETREF(ifp)		(ifp)
#define IF_STAT_PUTREF(ifp)		((void)(ifp))

#define IFF_UP		0x0001
#define IFF_BROADCAST	0x0002
#define IFF_DEBUG	0x0004
#define IFF_LOOPBACK	0x0008
#define IFF_POINTOPOINT	0x0010
#define IFF_NOTRAILERS	0x0020
#define IFF_RUNNING	0x0040
#define IFF_NOARP	0x0080
#define IFF_PROMISC	0x0100
#define IFF_ALLMULTI	0x0200
#define IFF_OACTIVE	0x0400
#define IFF_SIMPLEX	0x0800
#define IFF_LINK0	0x1000
#define IFF_LINK1	0x2000
#define IFF_LINK2	0x4000
#define IFF_MULTICAST	0x8000
/* Flags only the kernel changes. */
#define IFF_CANTCHANGE	(IFF_BROADCAST | IFF_POINTOPOINT | IFF_RUNNING | IFF_OACTIVE | \
			 IFF_SIMPLEX | IFF_MULTICAST | IFF_ALLMULTI | IFF_PROMISC)

#define IFEF_OUTPUT_MPSAFE		0x0001
#define IFEF_START_MPSAFE		0x0002
#define IFEF_NO_LINK_STATE_CHANGE	0x0004

#define IFCAP_TSOv4		0x00080
#define IFCAP_CSUM_IPv4_Rx	0x00100
#define IFCAP_CSUM_IPv4_Tx	0x00200
#define IFCAP_CSUM_TCPv4_Rx	0x00400
#define IFCAP_CSUM_TCPv4_Tx	0x00800
#define IFCAP_CSUM_UDPv4_Rx	0x01000
#define IFCAP_CSUM_UDPv4_Tx	0x02000
#define IFCAP_CSUM_TCPv6_Rx	0x04000
#define IFCAP_CSUM_TCPv6_Tx	0x08000
#define IFCAP_CSUM_UDPv6_Rx	0x10000
#define IFCAP_CSUM_UDPv6_Tx	0x20000
#define IFCAP_TSOv6		0x40000
#define IFCAP_LRO		0x80000
#define IFCAP_MASK		0xfff80

/* Unlocked queue operations (the caller holds what protects the queue). */
#define IF_QFULL(ifq)		((ifq)->ifq_len >= (ifq)->ifq_maxlen)
#define IF_DROP(ifq)		((ifq)->ifq_drops++)
#define IF_ENQUEUE(ifq, m) do {							\
	(m)->m_nextpkt = NULL;							\
	if ((ifq)->ifq_tail == NULL)						\
		(ifq)->ifq_head = (m);						\
	else									\
		(ifq)->ifq_tail->m_nextpkt = (m);				\
	(ifq)->ifq_tail = (m);							\
	(ifq)->ifq_len++;							\
} while (0)
#define IF_PREPEND(ifq, m) do {							\
	if (((m)->m_nextpkt = (ifq)->ifq_head) == NULL)				\
		(ifq)->ifq_tail = (m);						\
	(ifq)->ifq_head = (m);							\
	(ifq)->ifq_len++;							\
} while (0)
#define IF_DEQUEUE(ifq, m) do {							\
	if (((m) = (ifq)->ifq_head) != NULL) {					\
		if (((ifq)->ifq_head = (m)->m_nextpkt) == NULL)			\
			(ifq)->ifq_tail = NULL;					\
		(m)->m_nextpkt = NULL;						\
		(ifq)->ifq_len--;						\
	}									\
} while (0)
#define IF_POLL(ifq, m)		((m) = (ifq)->ifq_head)
#define IF_PURGE(ifq) do {							\
	struct mbuf *ifqp_m;							\
	for (;;) {								\
		IF_DEQUEUE((ifq), ifqp_m);					\
		if (ifqp_m == NULL)						\
			break;							\
		m_freem(ifqp_m);						\
	}									\
} while (0)
#define IF_IS_EMPTY(ifq)	((ifq)->ifq_len == 0)

#define IFQ_MAXLEN	256

/* The send queue, under its lock when if_initialize made one. */
#define IFQ_LOCK(ifq)	do { if ((ifq)->ifq_lock != NULL) mutex_enter((ifq)->ifq_lock); } while (0)
#define IFQ_UNLOCK(ifq)	do { if ((ifq)->ifq_lock != NULL) mutex_exit((ifq)->ifq_lock); } while (0)
#define IFQ_ENQUEUE(ifq, m, err) do {						\
	IFQ_LOCK(ifq);								\
	if (IF_QFULL(ifq)) {							\
		IF_DROP(ifq);							\
		m_freem(m);							\
		(err) = ENOBUFS;						\
	} else {								\
		IF_ENQUEUE((ifq), (m));						\
		(err) = 0;							\
	}									\
	IFQ_UNLOCK(ifq);							\
} while (0)
#define IFQ_DEQUEUE(ifq, m) do {						\
	IFQ_LOCK(ifq);								\
	IF_DEQUEUE((ifq), (m));							\
	IFQ_UNLOCK(ifq);							\
} while (0)
#define IFQ_POLL(ifq, m) do {							\
	IFQ_LOCK(ifq);								\
	IF_POLL((ifq), (m));							\
	IFQ_UNLOCK(ifq);							\
} while (0)
#define IFQ_PURGE(ifq) do {							\
	IFQ_LOCK(ifq);								\
	IF_PURGE(ifq);								\
	IFQ_UNLOCK(ifq);							\
} while (0)
#define IFQ_SET_READY(ifq)		do { (void)(ifq); } while (0)
#define IFQ_CLASSIFY(ifq, m, af)	do { (void)(ifq); (void)(m); (void)(af); } while (0)
#define IFQ_IS_EMPTY(ifq)		IF_IS_EMPTY(ifq)
#define IFQ_INC_LEN(ifq)		((ifq)->ifq_len++)
#define IFQ_DEC_LEN(ifq)		(--(ifq)->ifq_len)
#define IFQ_INC_DROPS(ifq)		((ifq)->ifq_drops++)
#define IFQ_SET_MAXLEN(ifq, len)	((ifq)->ifq_maxlen = (len))

/* Interface requests (ioctl arguments). */
struct ifreq {
	char	ifr_name[IFNAMSIZ];
	union {
		struct sockaddr		ifru_addr;
		struct sockaddr		ifru_dstaddr;
		struct sockaddr		ifru_broadaddr;
		struct sockaddr_storage	ifru_space;
		short			ifru_flags;
		int			ifru_addrflags;
		int			ifru_metric;
		int			ifru_mtu;
		int			ifru_dlt;
		u_int			ifru_value;
		void			*ifru_data;
		struct {
			uint32_t	b_buflen;
			void		*b_buf;
		} ifru_b;
	} ifr_ifru;
};
#define ifr_addr	ifr_ifru.ifru_addr
#define ifr_dstaddr	ifr_ifru.ifru_dstaddr
#define ifr_broadaddr	ifr_ifru.ifru_broadaddr
#define ifr_space	ifr_ifru.ifru_space
#define ifr_flags	ifr_ifru.ifru_flags
#define ifr_addrflags	ifr_ifru.ifru_addrflags
#define ifr_metric	ifr_ifru.ifru_metric
#define ifr_mtu		ifr_ifru.ifru_mtu
#define ifr_dlt		ifr_ifru.ifru_dlt
#define ifr_value	ifr_ifru.ifru_value
#define ifr_media	ifr_ifru.ifru_metric
#define ifr_data	ifr_ifru.ifru_data
#define ifr_buf		ifr_ifru.ifru_b.b_buf
#define ifr_buflen	ifr_ifru.ifru_b.b_buflen
#define ifr_index	ifr_ifru.ifru_value

struct ifcapreq {
	char		ifcr_name[IFNAMSIZ];
	uint64_t	ifcr_capabilities;	/* what the hardware can (get) */
	uint64_t	ifcr_capenable;		/* what to enable (set) */
};

struct ifmediareq {
	char	ifm_name[IFNAMSIZ];
	int	ifm_current;	/* the selected media word */
	int	ifm_mask;
	int	ifm_status;	/* IFM_AVALID, IFM_ACTIVE */
	int	ifm_active;	/* what is in use (autoselect resolved) */
	int	ifm_count;	/* entries in ifm_ulist / supported */
	int	*ifm_ulist;
};

struct ifdatareq {
	char		ifdr_name[IFNAMSIZ];
	struct if_data	ifdr_data;
};

struct ifdrv {
	char		ifd_name[IFNAMSIZ];
	unsigned long	ifd_cmd;
	size_t		ifd_len;
	void		*ifd_data;
};

struct ifaliasreq {
	char		ifra_name[IFNAMSIZ];
	struct sockaddr	ifra_addr;
	struct sockaddr	ifra_dstaddr;
#define ifra_broadaddr	ifra_dstaddr
	struct sockaddr	ifra_mask;
};

struct ifconf {
	int	ifc_len;
	union {
		void		*ifcu_buf;
		struct ifreq	*ifcu_req;
	} ifc_ifcu;
#define ifc_buf	ifc_ifcu.ifcu_buf
#define ifc_req	ifc_ifcu.ifcu_req
};

extern TAILQ_HEAD(ifnet_head, ifnet) ifnet_list;
#define IFNET_FOREACH(ifp)	TAILQ_FOREACH(ifp, &ifnet_list, if_list)
#define IFADDR_FOREACH(ifa, ifp) TAILQ_FOREACH(ifa, &(ifp)->if_addrlist, ifa_list)
/* The registered interfaces for lockless readers, inside pserialize_read_enter/exit. */
extern struct pslist_head ifnet_pslist;
#define IFNET_READER_FIRST()	PSLIST_READER_FIRST(&ifnet_pslist, struct ifnet, if_pslist_entry)
#define IFNET_READER_NEXT(ifp)	PSLIST_READER_NEXT((ifp), struct ifnet, if_pslist_entry)
#define IFNET_READER_FOREACH(ifp) \
	PSLIST_READER_FOREACH((ifp), &ifnet_pslist, struct ifnet, if_pslist_entry)
#define IFNET_WRITER_FOREACH(ifp) \
	PSLIST_WRITER_FOREACH((ifp), &ifnet_pslist, struct ifnet, if_pslist_entry)
#define IFADDR_READER_FIRST(ifp) \
	PSLIST_READER_FIRST(&(ifp)->if_addr_pslist, struct ifaddr, ifa_pslist_entry)
#define IFADDR_READER_NEXT(ifa)	PSLIST_READER_NEXT((ifa), struct ifaddr, ifa_pslist_entry)
#define IFADDR_READER_EMPTY(ifp)	(IFADDR_READER_FIRST(ifp) == NULL)
#define IFADDR_READER_FOREACH(ifa, ifp) \
	PSLIST_READER_FOREACH((ifa), &(ifp)->if_addr_pslist, struct ifaddr, ifa_pslist_entry)
#define IFNET_LOCK()		nbshim_ifnet_lock()
#define IFNET_UNLOCK()		nbshim_ifnet_unlock()
void	nbshim_ifnet_lock(void);
void	nbshim_ifnet_unlock(void);

/* void in 7.99, int in 9.x: an int both forms of caller can use; always 0 (cannot fail here). */
int	if_attach(struct ifnet *);
int	if_initialize(struct ifnet *);
void	if_register(struct ifnet *);
void	if_attachdomain(void);
void	if_deactivate(struct ifnet *);
void	if_detach(struct ifnet *);
void	if_down(struct ifnet *);
void	if_up(struct ifnet *);
void	if_purgeaddrs(struct ifnet *, int, void (*)(struct ifaddr *));
void	if_alloc_sadl(struct ifnet *);
void	if_free_sadl(struct ifnet *);
void	if_set_sadl(struct ifnet *, const void *, u_char, bool);
void	if_link_state_change(struct ifnet *, int);
void	if_link_state_change_softint(struct ifnet *, int);
void	if_input(struct ifnet *, struct mbuf *);
void	if_start_lock(struct ifnet *);
int	if_transmit_lock(struct ifnet *, struct mbuf *);
int	if_init(struct ifnet *);
void	if_stop(struct ifnet *, int);
int	if_nulltransmit(struct ifnet *, struct mbuf *);
int	ifioctl_common(struct ifnet *, u_long, void *);
int	if_do_dad(struct ifnet *);
int	if_flags_set(struct ifnet *, const short);
int	if_mcast_op(struct ifnet *, const unsigned long, const struct sockaddr *);
int	if_addr_init(struct ifnet *, struct ifaddr *, bool);
struct ifnet *ifunit(const char *);
void	if_printf(struct ifnet *, const char *, ...) __printflike(2, 3);
const struct sockaddr *ifreq_getaddr(u_long, const struct ifreq *);
void	ifa_insert(struct ifnet *, struct ifaddr *);
void	ifa_remove(struct ifnet *, struct ifaddr *);
void	ifaref(struct ifaddr *);
void	ifafree(struct ifaddr *);

/* Transmit restarted from a softint (NetBSD 8 on; 2016's drivers call if_start themselves). */
void	if_deferred_start_init(struct ifnet *, void (*)(struct ifnet *));
void	if_schedule_deferred_start(struct ifnet *);

/* Received packets go up through a per-interface queue; here, straight to the TAP. */
struct if_percpuq *if_percpuq_create(struct ifnet *);
void	if_percpuq_destroy(struct if_percpuq *);
void	if_percpuq_enqueue(struct if_percpuq *, struct mbuf *);

#include <net/if_types.h>

#endif
