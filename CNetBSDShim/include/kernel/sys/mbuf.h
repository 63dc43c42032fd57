/*
 * mbuf(9) (sys/mbuf.h in NetBSD's API): packet buffers. An mbuf is MSIZE bytes with a header and
 * either internal data (MLEN bytes, MHLEN after a packet header) or external storage (a MCLBYTES
 * cluster, malloc'd or caller-supplied memory, reference counted so m_copym can share it).
 * uipc_mbuf.c. Mbufs and clusters come from one arena that is DMA memory of the first device that
 * creates a bus_dma map (see uipc_mbuf.c), so bus_dmamap_load_mbuf finds bus addresses for both.
 */
#ifndef _NBSHIM_SYS_MBUF_H_
#define _NBSHIM_SYS_MBUF_H_

#include <sys/nbshim_api.h>
#include <sys/param.h>
#include <sys/types.h>
#include <sys/queue.h>
#include <sys/systm.h>
#include <sys/malloc.h>
#include <sys/pool.h>

struct ifnet;
struct mowner;
struct psref;

#ifndef MSIZE
#define MSIZE		512		/* bytes per mbuf (amd64's value) */
#endif
#ifndef MCLSHIFT
#define MCLSHIFT	11
#endif
#ifndef MCLBYTES
#define MCLBYTES	(1 << MCLSHIFT)	/* bytes per cluster */
#endif

typedef uint16_t	if_index_t;

/* A packet tag: m_tag_get allocates the header with `len` bytes of data right after it. */
struct m_tag {
	SLIST_ENTRY(m_tag)	m_tag_link;
	uint16_t		m_tag_id;
	uint16_t		m_tag_len;
};

struct m_hdr {
	struct mbuf	*mh_next;	/* next mbuf of this packet */
	struct mbuf	*mh_nextpkt;	/* next packet in a queue */
	char		*mh_data;	/* first byte of data */
	struct mowner	*mh_owner;
	int		mh_len;		/* bytes of data in this mbuf */
	int		mh_flags;	/* M_* */
	paddr_t		mh_paddr;
	short		mh_type;	/* MT_* */
};

struct pkthdr {
	union {
		void		*ctx;	/* M_GETCTX/M_SETCTX */
		if_index_t	index;	/* receiving interface (m_set_rcvif) */
	} _rcvif;
	SLIST_HEAD(packet_tags, m_tag) tags;
	int		len;		/* bytes in the whole packet */
	int		csum_flags;	/* M_CSUM_* */
	uint32_t	csum_data;
	u_int		segsz;		/* TSO segment size */
	void		*pattr_class;
	void		*pattr_hdr;
	int		pattr_af;
	uint16_t	ether_vtag;	/* 802.1Q tag when M_VLANTAG (9.x's vlan_set_tag) */
};
#define rcvif_index	_rcvif.index

/* External storage, shared by the mbufs whose m_ext_ref names the mbuf that holds it. */
struct _m_ext_storage {
	unsigned int	ext_refcnt;
	int		ext_flags;
	char		*ext_buf;
	void		(*ext_free)(struct mbuf *, void *, size_t, void *);
	void		*ext_arg;
	size_t		ext_size;
	paddr_t		ext_paddr;
};

struct _m_ext {
	struct mbuf		*ext_ref;
	struct _m_ext_storage	ext_storage;
};

#define _NBSHIM_MHDR_SIZE	sizeof(struct m_hdr)
#define MLEN		((int)(MSIZE - _NBSHIM_MHDR_SIZE))
#define MHLEN		((int)(MSIZE - _NBSHIM_MHDR_SIZE - sizeof(struct pkthdr)))
#define MINCLSIZE	(MHLEN + MLEN + 1)	/* from this size on, a cluster is cheaper */
#define M_MAXCOMPRESS	(MHLEN / 2)

struct mbuf {
	struct m_hdr	m_hdr;
	union {
		struct {
			struct pkthdr	MH_pkthdr;
			union {
				struct _m_ext	MH_ext;
				char		MH_databuf[MSIZE - sizeof(struct m_hdr) - sizeof(struct pkthdr)];
			} MH_dat;
		} MH;
		char	M_databuf[MSIZE - sizeof(struct m_hdr)];
	} M_dat;
};

#define m_next		m_hdr.mh_next
#define m_len		m_hdr.mh_len
#define m_data		m_hdr.mh_data
#define m_owner		m_hdr.mh_owner
#define m_type		m_hdr.mh_type
#define m_flags		m_hdr.mh_flags
#define m_nextpkt	m_hdr.mh_nextpkt
#define m_paddr		m_hdr.mh_paddr
#define m_pkthdr	M_dat.MH.MH_pkthdr
#define m_ext_storage	M_dat.MH.MH_dat.MH_ext.ext_storage
#define m_ext_ref	M_dat.MH.MH_dat.MH_ext.ext_ref
#define m_ext		m_ext_ref->m_ext_storage
#define m_pktdat	M_dat.MH.MH_dat.MH_databuf
#define m_dat		M_dat.M_databuf

/* m_pkthdr.csum_flags */
#define M_CSUM_TCPv4		0x00000001
#define M_CSUM_UDPv4		0x00000002
#define M_CSUM_TCP_UDP_BAD	0x00000004
#define M_CSUM_DATA		0x00000008
#define M_CSUM_TCPv6		0x00000010
#define M_CSUM_UDPv6		0x00000020
#define M_CSUM_IPv4		0x00000040
#define M_CSUM_IPv4_BAD		0x00000080
#define M_CSUM_TSOv4		0x00000100
#define M_CSUM_TSOv6		0x00000200
#define M_CSUM_NO_PSEUDOHDR	0x80000000
#define M_CSUM_BITS \
	"\20\1TCPv4\2UDPv4\3TCP_UDP_BAD\4DATA\5TCPv6\6UDPv6\7IPv4\10IPv4_BAD\11TSOv4\12TSOv6\40NO_PSEUDOHDR"
/* csum_data on transmit: IP header length above 16 bits, checksum field offset below. */
#define M_CSUM_DATA_IPv4_IPHL(x)	((x) >> 16)
#define M_CSUM_DATA_IPv4_OFFSET(x)	((x) & 0xffff)
#define M_CSUM_DATA_IPv6_HL(x)		((x) >> 16)
#define M_CSUM_DATA_IPv6_HL_SET(x, v)	(x) = ((x) & 0xffff) | ((v) << 16)
#define M_CSUM_DATA_IPv6_OFFSET(x)	((x) & 0xffff)

/* m_flags */
#define M_EXT		0x00000001	/* external storage */
#define M_PKTHDR	0x00000002	/* first mbuf of a packet */
#define M_EOR		0x00000004
#define M_PROTO1	0x00000008
#define M_AUTHIPHDR	0x00000010
#define M_DECRYPTED	0x00000020
#define M_LOOP		0x00000040
#define M_AUTHIPDGM	0x00000080
#define M_BCAST		0x00000100	/* link-level broadcast */
#define M_MCAST		0x00000200	/* link-level multicast */
#define M_CANFASTFWD	0x00000400
#define M_ANYCAST6	0x00000800
#define M_LINK0		0x00001000
#define M_LINK1		0x00002000
#define M_LINK2		0x00004000
#define M_LINK3		0x00008000
#define M_LINK4		0x00010000
#define M_LINK5		0x00020000
#define M_LINK6		0x00040000
#define M_LINK7		0x00080000
#define M_VLANTAG	0x00100000	/* ether_vtag holds a tag (9.x) */
#define M_EXT_FLAGS	0xff000000
#define M_EXT_CLUSTER	0x01000000	/* the external storage is a cluster */
#define M_EXT_PAGES	0x02000000
#define M_EXT_ROMAP	0x04000000
#define M_EXT_RW	0x08000000	/* external storage is writable */
#define M_CLUSTER	M_EXT_CLUSTER
#define M_NOTIFICATION	M_PROTO1
#define M_COPYFLAGS	(M_PKTHDR | M_EOR | M_BCAST | M_MCAST | M_CANFASTFWD | M_ANYCAST6 | \
			 M_LINK0 | M_LINK1 | M_LINK2 | M_AUTHIPHDR | M_DECRYPTED | M_LOOP | M_AUTHIPDGM | \
			 M_VLANTAG)
#define M_EXTCOPYFLAGS	(M_EXT | M_EXT_FLAGS)

/* m_type */
#define MT_FREE		0
#define MT_DATA		1
#define MT_HEADER	2
#define MT_SONAME	3
#define MT_SOOPTS	4
#define MT_FTABLE	5
#define MT_CONTROL	6
#define MT_OOBDATA	7

/* how: may the allocation sleep */
#define M_DONTWAIT	M_NOWAIT
#define M_WAIT		M_WAITOK

#define M_COPYALL	-1
#define M_PADDR_INVALID	POOL_PADDR_INVALID

#define mtod(m, t)	((t)((m)->m_data))

/* Allocation. MCLGET and MEXTMALLOC leave M_EXT clear when no storage was available. */
#define MGET(m, how, type)	((m) = m_get((how), (type)))
#define MGETHDR(m, how, type)	((m) = m_gethdr((how), (type)))
#define MCLGET(m, how)		m_clget((m), (how))
#define MEXTMALLOC(m, size, how)	m_extmalloc((m), (size), (how))
#define MEXTADD(m, buf, size, type, free, arg)	m_extadd((m), (buf), (size), (free), (arg))
#define MFREE(m, n)		((n) = m_free(m))
/* No mbuf owner tracing (a kernel without MBUFTRACE): the owners drivers name, such as
 * ec_rx_mowner, do not exist, and these do not look at their arguments. */
#define MCLAIM(m, mo)		do { } while (0)
#define MOWNER_ATTACH(mo)	do { } while (0)
#define MOWNER_DETACH(mo)	do { } while (0)
#define MOWNER_INIT(name, descr)	{ 0 }

#define M_COPY_PKTHDR(to, from)	m_copy_pkthdr((to), (from))
#define M_MOVE_PKTHDR(to, from)	m_move_pkthdr((to), (from))

/* Places `len` bytes at the end of a fresh mbuf's data area (room to prepend headers). */
#define M_ALIGN(m, len) \
	do { (m)->m_data += (MLEN - (len)) & ~(sizeof(long) - 1); } while (0)
#define MH_ALIGN(m, len) \
	do { (m)->m_data += (MHLEN - (len)) & ~(sizeof(long) - 1); } while (0)

/* Shared or read-only external storage must not be written. */
#define M_READONLY(m) \
	(((m)->m_flags & M_EXT) != 0 && \
	 (((m)->m_flags & (M_EXT_RW | M_EXT_ROMAP)) != M_EXT_RW || (m)->m_ext.ext_refcnt > 1))
#define M_UNWRITABLE(m, len)	((m)->m_len < (len) || M_READONLY(m))
#define M_ROMAP(m)	(((m)->m_flags & (M_EXT | M_EXT_ROMAP)) == (M_EXT | M_EXT_ROMAP))

/* Start of the storage the data lives in, and the data's offset from it. */
#define M_BUFADDR(m) \
	(((m)->m_flags & M_EXT) ? (m)->m_ext.ext_buf : \
	 ((m)->m_flags & M_PKTHDR) ? (m)->m_pktdat : (m)->m_dat)
/* Point m_data back at the start of its storage (an empty packet being reused). */
#define MRESETDATA(m)	do { (m)->m_data = M_BUFADDR(m); } while (0)
#define M_BUFSIZE(m) \
	(((m)->m_flags & M_EXT) ? (int)(m)->m_ext.ext_size : \
	 ((m)->m_flags & M_PKTHDR) ? MHLEN : MLEN)
#define M_BUFOFFSET(m)	((int)((m)->m_data - M_BUFADDR(m)))
#define _M_LEADINGSPACE(m)	M_BUFOFFSET(m)
#define _M_TRAILINGSPACE(m)	(M_BUFSIZE(m) - M_BUFOFFSET(m) - (m)->m_len)
#define M_LEADINGSPACE(m)	(M_READONLY(m) ? 0 : _M_LEADINGSPACE(m))
#define M_TRAILINGSPACE(m)	(M_READONLY(m) ? 0 : _M_TRAILINGSPACE(m))

/* Makes room for `plen` bytes in front; (m) becomes NULL when no mbuf was available. */
#define M_PREPEND(m, plen, how) do {						\
	if (M_LEADINGSPACE(m) >= (plen)) {					\
		(m)->m_data -= (plen);						\
		(m)->m_len += (plen);						\
	} else									\
		(m) = m_prepend((m), (plen), (how));				\
	if ((m) != NULL && ((m)->m_flags & M_PKTHDR))				\
		(m)->m_pkthdr.len += (plen);					\
} while (0)

#define m_copy(m, o, l)	m_copym((m), (o), (l), M_DONTWAIT)

/* Context pointer stored where the receiving interface goes (drivers' private use). */
#define M_GETCTX(m, t)	((t)(m)->m_pkthdr._rcvif.ctx)
#define M_SETCTX(m, c)	((void)((m)->m_pkthdr._rcvif.ctx = (void *)(c)))
#define M_CLEARCTX(m)	M_SETCTX((m), NULL)

/* Packet queues of m_nextpkt chains. */
#define MBUFQ_HEAD(name)	struct name { struct mbuf *mq_first; struct mbuf **mq_last; }
#define MBUFQ_INIT(q)	do { (q)->mq_first = NULL; (q)->mq_last = &(q)->mq_first; } while (0)
#define MBUFQ_ENQUEUE(q, m) do {						\
	(m)->m_nextpkt = NULL;							\
	*(q)->mq_last = (m);							\
	(q)->mq_last = &(m)->m_nextpkt;						\
} while (0)
#define MBUFQ_PREPEND(q, m) do {						\
	if (((m)->m_nextpkt = (q)->mq_first) == NULL)				\
		(q)->mq_last = &(m)->m_nextpkt;					\
	(q)->mq_first = (m);							\
} while (0)
#define MBUFQ_DEQUEUE(q, m) do {						\
	if (((m) = (q)->mq_first) != NULL) {					\
		if (((q)->mq_first = (m)->m_nextpkt) == NULL)			\
			(q)->mq_last = &(q)->mq_first;				\
		(m)->m_nextpkt = NULL;						\
	}									\
} while (0)
#define MBUFQ_DRAIN(q) do {							\
	struct mbuf *mqd_;							\
	while (((mqd_) = (q)->mq_first) != NULL) {				\
		(q)->mq_first = mqd_->m_nextpkt;				\
		m_freem(mqd_);							\
	}									\
	(q)->mq_last = &(q)->mq_first;						\
} while (0)
#define MBUFQ_FIRST(q)	((q)->mq_first)
#define MBUFQ_NEXT(m)	((m)->m_nextpkt)
#define MBUFQ_LAST(q)	(*(q)->mq_last)

/* Packet tag ids. */
#define PACKET_TAG_NONE			0
#define PACKET_TAG_VLAN			1
#define PACKET_TAG_ENCAP		2
#define PACKET_TAG_ESP			3
#define PACKET_TAG_PF			11
#define PACKET_TAG_ALTQ_QID		12
#define PACKET_TAG_IPSEC_IN_CRYPTO_DONE	16
#define PACKET_TAG_IPSEC_IN_DONE	17
#define PACKET_TAG_IPSEC_OUT_DONE	18
#define PACKET_TAG_IPSEC_OUT_CRYPTO_NEEDED 19
#define PACKET_TAG_IPSEC_IN_COULD_DO_CRYPTO 20
#define PACKET_TAG_IPSEC_PENDING_TDB	21
#define PACKET_TAG_IPSEC_SOCKET		22
#define PACKET_TAG_IPSEC_HISTORY	23
#define PACKET_TAG_IPSEC_NAT_T_PORTS	25
#define PACKET_TAG_INET6		26
#define PACKET_TAG_ECO_RETRYPARMS	27
#define PACKET_TAG_TUNNEL_INFO		28
#define PACKET_TAG_MPLS			29

struct mbuf	*m_get(int, int);
struct mbuf	*m_gethdr(int, int);
struct mbuf	*m_getclr(int, int);
struct mbuf	*m_getcl(int, int, int);
void		m_clget(struct mbuf *, int);
void		m_extmalloc(struct mbuf *, size_t, int);
void		m_extadd(struct mbuf *, void *, size_t,
		    void (*)(struct mbuf *, void *, size_t, void *), void *);
struct mbuf	*m_free(struct mbuf *);
void		m_freem(struct mbuf *);
struct mbuf	*m_copym(struct mbuf *, int, int, int);
struct mbuf	*m_dup(struct mbuf *, int, int, int);
struct mbuf	*m_copypacket(struct mbuf *, int);
void		m_copydata(struct mbuf *, int, int, void *);
void		m_copyback(struct mbuf *, int, int, const void *);
struct mbuf	*m_copyback_cow(struct mbuf *, int, int, const void *, int);
int		m_makewritable(struct mbuf **, int, int, int);
struct mbuf	*m_devget(char *, int, int, struct ifnet *, void (*)(const void *, void *, size_t));
void		m_adj(struct mbuf *, int);
struct mbuf	*m_pullup(struct mbuf *, int);
struct mbuf	*m_copyup(struct mbuf *, int, int);
struct mbuf	*m_defrag(struct mbuf *, int);
struct mbuf	*m_prepend(struct mbuf *, int, int);
void		m_cat(struct mbuf *, struct mbuf *);
struct mbuf	*m_split(struct mbuf *, int, int);
struct mbuf	*m_getptr(struct mbuf *, int, int *);
int		m_apply(struct mbuf *, int, int, int (*)(void *, void *, unsigned int), void *);
int		m_append(struct mbuf *, int, const void *);
int		m_length(const struct mbuf *);
void		m_copy_pkthdr(struct mbuf *, struct mbuf *);
void		m_move_pkthdr(struct mbuf *, struct mbuf *);
void		m_remove_pkthdr(struct mbuf *);
void		m_align(struct mbuf *, int);
void		m_claimm(struct mbuf *, struct mowner *);
void		m_pkthdr_remove(struct mbuf *);

struct m_tag	*m_tag_get(int, int, int);
void		m_tag_free(struct m_tag *);
void		m_tag_prepend(struct mbuf *, struct m_tag *);
void		m_tag_unlink(struct mbuf *, struct m_tag *);
void		m_tag_delete(struct mbuf *, struct m_tag *);
void		m_tag_delete_chain(struct mbuf *, struct m_tag *);
void		m_tag_delete_nonpersistent(struct mbuf *);
struct m_tag	*m_tag_find(const struct mbuf *, int, struct m_tag *);
struct m_tag	*m_tag_copy(struct m_tag *);
int		m_tag_copy_chain(struct mbuf *, struct mbuf *);
void		m_tag_init(struct mbuf *);
struct m_tag	*m_tag_first(struct mbuf *);
struct m_tag	*m_tag_next(struct mbuf *, struct m_tag *);

/* The receiving interface by index (NetBSD 7.99's form; if.c keeps the index table). */
struct ifnet	*if_byindex(u_int);
void		m_set_rcvif(struct mbuf *, const struct ifnet *);
void		m_reset_rcvif(struct mbuf *);
struct ifnet	*m_get_rcvif(const struct mbuf *, int *);
void		m_put_rcvif(struct ifnet *, int *);
struct ifnet	*m_get_rcvif_psref(const struct mbuf *, struct psref *);
struct ifnet	*m_get_rcvif_NOMPSAFE(const struct mbuf *);
#define m_put_rcvif_psref(ifp, psref)	do { (void)(ifp); (void)(psref); } while (0)

extern int		max_linkhdr, max_protohdr, max_hdr, max_datalen;
extern int		nmbclusters;	/* limit on clusters; 0 here: no limit */

#if NBSHIM_API_9
/* 9.x's names for the IPv6 header length in csum_data. */
#define M_CSUM_DATA_IPv6_IPHL(x)	M_CSUM_DATA_IPv6_HL(x)
#define M_CSUM_DATA_IPv6_SET(x, v)	M_CSUM_DATA_IPv6_HL_SET(x, v)
#endif

#endif
