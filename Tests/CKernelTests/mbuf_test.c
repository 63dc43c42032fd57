/*
 * mbuf(9): chains built and reshaped the ways drivers and the stack do, contents checked byte by
 * byte, and the arena's counters back where they started after every test.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>
#include <sys/bus.h>
#include <dev/pci/pcivar.h>
#include "host/nbshim_kernel.h"
#include "host/nbshim_hypercall.h"
#include "bus_fixture.h"
#include "ktest.h"

static void
pattern(uint8_t *buf, int len, int seed)
{
	for (int i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 7 + seed);
}

/* A packet of `n` mbufs holding `each` bytes apiece (internal storage), pattern(seed). */
static struct mbuf *
chain_of(int n, int each, int seed)
{
	uint8_t buf[MLEN];
	struct mbuf *top, *m, **np;
	int i, off = 0;

	top = m_gethdr(M_WAIT, MT_DATA);
	top->m_pkthdr.len = n * each;
	np = &top;
	for (i = 0; i < n; i++) {
		m = i == 0 ? top : m_get(M_WAIT, MT_DATA);
		for (int j = 0; j < each; j++)
			buf[j] = (uint8_t)((off + j) * 7 + seed);
		memcpy(mtod(m, void *), buf, (size_t)each);
		m->m_len = each;
		off += each;
		*np = m;
		np = &m->m_next;
	}
	return top;
}

static int
count_mbufs(struct mbuf *m)
{
	int n = 0;

	for (; m != NULL; m = m->m_next)
		n++;
	return n;
}

/* Whether the packet's bytes from `off` on are pattern(seed) starting at `start`. */
static bool
holds(struct mbuf *m, int off, int len, int start, int seed)
{
	static uint8_t got[16384], want[16384];

	m_copydata(m, off, len, got);
	for (int i = 0; i < len; i++)
		want[i] = (uint8_t)((start + i) * 7 + seed);
	return memcmp(got, want, (size_t)len) == 0;
}

static bool
stats_equal(const struct nbk_mbuf_stats *a, const struct nbk_mbuf_stats *b)
{
	return a->mbufs == b->mbufs && a->clusters == b->clusters && a->ext == b->ext && a->tags == b->tags;
}

#define BEGIN_LEAK_CHECK() struct nbk_mbuf_stats before_, after_; nbk_mbuf_stats(&before_)
#define END_LEAK_CHECK() do { \
	nbk_mbuf_stats(&after_); \
	KT_ASSERT(stats_equal(&before_, &after_), "leak: mbufs %lu->%lu clusters %lu->%lu ext %lu->%lu tags %lu->%lu", \
	    before_.mbufs, after_.mbufs, before_.clusters, after_.clusters, before_.ext, after_.ext, \
	    before_.tags, after_.tags); \
} while (0)

KTEST(mbuf_alloc_and_counters)
{
	struct nbk_mbuf_stats s0, s1;
	struct mbuf *m;

	nbk_mbuf_stats(&s0);
	m = m_gethdr(M_DONTWAIT, MT_DATA);
	KT_ASSERT(m != NULL && (m->m_flags & M_PKTHDR) && m->m_len == 0);
	KT_ASSERT(M_TRAILINGSPACE(m) == MHLEN && M_LEADINGSPACE(m) == 0);
	MCLGET(m, M_DONTWAIT);
	KT_ASSERT(m->m_flags & M_EXT, "MCLGET attached a cluster");
	KT_ASSERT(m->m_ext.ext_size == MCLBYTES && M_TRAILINGSPACE(m) == MCLBYTES);
	nbk_mbuf_stats(&s1);
	KT_ASSERT(s1.mbufs == s0.mbufs + 1 && s1.clusters == s0.clusters + 1);
	KT_ASSERT(MHLEN + (int)sizeof(struct pkthdr) == MLEN && sizeof(struct mbuf) == MSIZE);
	m_freem(m);
	nbk_mbuf_stats(&s1);
	KT_ASSERT(s1.mbufs == s0.mbufs && s1.clusters == s0.clusters);
}

KTEST(mbuf_copyback_extends_chain)
{
	static uint8_t data[5000];
	struct mbuf *m;
	BEGIN_LEAK_CHECK();

	pattern(data, sizeof(data), 3);
	m = m_gethdr(M_WAIT, MT_DATA);
	m_copyback(m, 0, 100, data);
	KT_ASSERT(m->m_len == 100 && m->m_pkthdr.len == 100 && m->m_next == NULL, "fits the header mbuf");
	/* Past the end: the chain grows by clusters, earlier bytes stay. */
	m_copyback(m, 100, 4900, data + 100);
	KT_ASSERT(m->m_pkthdr.len == 5000 && m_length(m) == 5000, "len %d/%d", m->m_pkthdr.len, m_length(m));
	KT_ASSERT(count_mbufs(m) >= 3, "%d mbufs", count_mbufs(m));
	KT_ASSERT(holds(m, 0, 5000, 0, 3));
	/* Overwrite across mbuf boundaries in the middle. */
	pattern(data, 1000, 9);
	m_copyback(m, 50, 1000, data);
	KT_ASSERT(holds(m, 50, 1000, 0, 9) && holds(m, 1050, 3950, 1050, 3) && m->m_pkthdr.len == 5000);
	/* A gap beyond the end reads as zeros. */
	m_copyback(m, 5010, 10, data);
	KT_ASSERT(m->m_pkthdr.len == 5020);
	{
		uint8_t gap[10];
		m_copydata(m, 5000, 10, gap);
		for (int i = 0; i < 10; i++)
			KT_ASSERT(gap[i] == 0);
	}
	m_freem(m);
	END_LEAK_CHECK();
}

KTEST(mbuf_pullup_across_mbufs)
{
	struct mbuf *m;
	BEGIN_LEAK_CHECK();

	m = chain_of(6, 10, 1);
	KT_ASSERT(m->m_len == 10);
	m = m_pullup(m, 35);
	KT_ASSERT(m != NULL && m->m_len >= 35, "first mbuf holds %d", m ? m->m_len : -1);
	KT_ASSERT(m->m_pkthdr.len == 60 && m_length(m) == 60 && holds(m, 0, 60, 0, 1));
	/* Already contiguous: the same chain comes back. */
	KT_ASSERT(m_pullup(m, 20) == m);
	m_freem(m);
	/* More than an mbuf can hold: the chain is freed and NULL returned. */
	m = chain_of(3, 100, 2);
	KT_ASSERT(m_pullup(m, MHLEN + 1) == NULL);
	/* Shorter than asked: the same. */
	m = chain_of(2, 10, 2);
	KT_ASSERT(m_pullup(m, 30) == NULL);
	END_LEAK_CHECK();
}

KTEST(mbuf_adj_both_ends)
{
	struct mbuf *m;
	BEGIN_LEAK_CHECK();

	m = chain_of(3, 100, 4);
	m_adj(m, 150);		/* the first mbuf empties, the second loses 50 */
	KT_ASSERT(m->m_pkthdr.len == 150 && m_length(m) == 150, "%d", m->m_pkthdr.len);
	KT_ASSERT(m->m_len == 0 && holds(m, 0, 150, 150, 4));
	m_adj(m, -120);		/* from the tail, across the last mbuf */
	KT_ASSERT(m->m_pkthdr.len == 30 && m_length(m) == 30 && holds(m, 0, 30, 150, 4));
	m_adj(m, -1000);	/* more than there is: empty */
	KT_ASSERT(m->m_pkthdr.len == 0 && m_length(m) == 0);
	m_freem(m);
	END_LEAK_CHECK();
}

KTEST(mbuf_copydata_and_copym_share_clusters)
{
	static uint8_t data[3000];
	struct mbuf *m, *c, *d;
	BEGIN_LEAK_CHECK();

	pattern(data, sizeof(data), 5);
	m = m_gethdr(M_WAIT, MT_DATA);
	MCLGET(m, M_WAIT);
	m_copyback(m, 0, 3000, data);
	KT_ASSERT(m->m_pkthdr.len == 3000);
	c = m_copym(m, 100, 2500, M_DONTWAIT);
	KT_ASSERT(c != NULL && m_length(c) == 2500 && holds(c, 0, 2500, 100, 5));
	KT_ASSERT(c->m_flags & M_EXT, "cluster shared, not copied");
	KT_ASSERT(m->m_ext.ext_refcnt == 2 && M_READONLY(m) && M_TRAILINGSPACE(m) == 0);
	d = m_copypacket(m, M_DONTWAIT);
	KT_ASSERT(d != NULL && (d->m_flags & M_PKTHDR) && d->m_pkthdr.len == 3000 && holds(d, 0, 3000, 0, 5));
	/* The original goes first; the copies still read the shared storage. */
	m_freem(m);
	KT_ASSERT(holds(c, 0, 2500, 100, 5) && holds(d, 0, 3000, 0, 5));
	m_freem(d);
	KT_ASSERT(holds(c, 0, 2500, 100, 5));
	m_freem(c);
	END_LEAK_CHECK();
}

KTEST(mbuf_tags)
{
	struct mbuf *m, *c;
	struct m_tag *t, *t2;
	BEGIN_LEAK_CHECK();

	m = chain_of(1, 20, 6);
	t = m_tag_get(PACKET_TAG_VLAN, sizeof(u_int), M_NOWAIT);
	KT_ASSERT(t != NULL && t->m_tag_id == PACKET_TAG_VLAN && t->m_tag_len == sizeof(u_int));
	*(u_int *)(t + 1) = 42;
	m_tag_prepend(m, t);
	t2 = m_tag_get(PACKET_TAG_MPLS, 8, M_NOWAIT);
	m_tag_prepend(m, t2);
	KT_ASSERT(m_tag_find(m, PACKET_TAG_VLAN, NULL) == t && *(u_int *)(t + 1) == 42);
	KT_ASSERT(m_tag_find(m, PACKET_TAG_MPLS, NULL) == t2 && m_tag_find(m, PACKET_TAG_ESP, NULL) == NULL);
	/* Copies carry copies of the tags. */
	c = m_copypacket(m, M_DONTWAIT);
	t = m_tag_find(c, PACKET_TAG_VLAN, NULL);
	KT_ASSERT(t != NULL && *(u_int *)(t + 1) == 42 && t != m_tag_find(m, PACKET_TAG_VLAN, NULL));
	m_tag_delete(m, t2);
	KT_ASSERT(m_tag_find(m, PACKET_TAG_MPLS, NULL) == NULL && m_tag_find(c, PACKET_TAG_MPLS, NULL) != NULL);
	/* m_freem deletes what is left. */
	m_freem(m);
	m_freem(c);
	END_LEAK_CHECK();
}

KTEST(mbuf_defrag_split_prepend)
{
	struct mbuf *m, *head, *tail;
	BEGIN_LEAK_CHECK();

	m = chain_of(20, 100, 7);
	head = m;
	m = m_defrag(m, M_DONTWAIT);
	KT_ASSERT(m == head, "the head stays");
	KT_ASSERT(count_mbufs(m) <= 2 && m_length(m) == 2000 && m->m_pkthdr.len == 2000, "%d mbufs",
	    count_mbufs(m));
	KT_ASSERT(holds(m, 0, 2000, 0, 7));
	tail = m_split(m, 700, M_DONTWAIT);
	KT_ASSERT(tail != NULL && m->m_pkthdr.len == 700 && m_length(m) == 700);
	KT_ASSERT((tail->m_flags & M_PKTHDR) && tail->m_pkthdr.len == 1300 && holds(tail, 0, 1300, 700, 7));
	m_freem(tail);
	/* Prepending past the leading space takes a new mbuf and moves the header. */
	M_PREPEND(m, 40, M_DONTWAIT);
	KT_ASSERT(m != NULL && m->m_len == 40 && m->m_pkthdr.len == 740 && (m->m_flags & M_PKTHDR));
	KT_ASSERT((m->m_next->m_flags & M_PKTHDR) == 0 && holds(m, 40, 700, 0, 7));
	m_cat(m, chain_of(1, 10, 1));
	KT_ASSERT(m_length(m) == 750);
	m_freem(m);
	END_LEAK_CHECK();
}

/* A chain of clusters and internal mbufs loads as one segment per piece, bus addresses exact. */
KTEST(bus_dmamap_load_mbuf_chain)
{
	struct pci_attach_args pa;
	bus_dmamap_t map;
	struct mbuf *m, *n;
	struct nbh_pci *host;
	uint64_t bus;
	size_t run;
	int i;
	BEGIN_LEAK_CHECK();

	KT_ASSERT(ktest_edu_attach_args(&pa) == 0);
	host = pa.pa_dmat->dt_host;
	KT_ASSERT(bus_dmamap_create(pa.pa_dmat, 3 * MCLBYTES, 8, MCLBYTES, 0, BUS_DMA_NOWAIT, &map) == 0);
	{
		struct nbk_mbuf_stats st;
		nbk_mbuf_stats(&st);
		KT_ASSERT(st.dma_arena == 1, "the device's first map made the arena DMA memory");
	}
	m = m_gethdr(M_DONTWAIT, MT_DATA);
	MCLGET(m, M_DONTWAIT);
	m->m_len = 1500;
	n = m_get(M_DONTWAIT, MT_DATA);
	n->m_len = 100;
	m->m_next = n;
	n->m_next = m_get(M_DONTWAIT, MT_DATA);
	MCLGET(n->m_next, M_DONTWAIT);
	n->m_next->m_len = 2000;
	n->m_next->m_data += 16;
	m->m_pkthdr.len = 3600;
	KT_ASSERT(bus_dmamap_load_mbuf(pa.pa_dmat, map, m, BUS_DMA_NOWAIT) == 0);
	KT_ASSERT(map->dm_mapsize == 3600 && map->dm_nsegs >= 3 && map->dm_nsegs <= 3, "%d segs", map->dm_nsegs);
	for (i = 0, n = m; n != NULL; n = n->m_next, i++) {
		KT_ASSERT(nbh_dma_bus_address(host, n->m_data, (size_t)n->m_len, &bus, &run) == 0 &&
		    run == (size_t)n->m_len, "mbuf %d is device DMA memory, in one run", i);
		KT_ASSERT(map->dm_segs[i].ds_addr == bus && map->dm_segs[i].ds_len == (bus_size_t)n->m_len,
		    "seg %d: 0x%lx+%lu vs 0x%lx+%d", i, map->dm_segs[i].ds_addr, map->dm_segs[i].ds_len, bus, n->m_len);
	}
	bus_dmamap_sync(pa.pa_dmat, map, 0, 3600, BUS_DMASYNC_PREWRITE);
	bus_dmamap_unload(pa.pa_dmat, map);
	/* Too few segments: EFBIG, as drivers expect before they m_defrag. */
	bus_dmamap_destroy(pa.pa_dmat, map);
	KT_ASSERT(bus_dmamap_create(pa.pa_dmat, 3 * MCLBYTES, 2, MCLBYTES, 0, BUS_DMA_NOWAIT, &map) == 0);
	KT_ASSERT(bus_dmamap_load_mbuf(pa.pa_dmat, map, m, BUS_DMA_NOWAIT) == EFBIG);
	bus_dmamap_destroy(pa.pa_dmat, map);
	m_freem(m);
	END_LEAK_CHECK();
}

/*
 * Two NICs, one arena: the first device's maps made the arena its DMA memory; the peer loads an
 * mbuf cluster from it at the same bus address when the host puts both in one DMA space, and is
 * refused when its addresses are its own. `shared` says which the Swift test set up.
 */
static void
peer_loads_arena_mbuf(struct ktest_ctx *kt, bool shared)
{
	struct pci_attach_args pa, pb;
	bus_dmamap_t ma, mb;
	struct mbuf *m;
	uint64_t bus;
	size_t run;
	int i;
	BEGIN_LEAK_CHECK();

	KT_ASSERT(ktest_edu_attach_args(&pa) == 0 && ktest_peer_attach_args(&pb) == 0);
	KT_ASSERT(bus_dmamap_create(pa.pa_dmat, MCLBYTES, 1, MCLBYTES, 0, BUS_DMA_NOWAIT, &ma) == 0);
	KT_ASSERT(bus_dmamap_create(pb.pa_dmat, MCLBYTES, 1, MCLBYTES, 0, BUS_DMA_NOWAIT, &mb) == 0);
	m = m_gethdr(M_DONTWAIT, MT_DATA);
	MCLGET(m, M_DONTWAIT);
	m->m_len = m->m_pkthdr.len = 1000;
	KT_ASSERT(nbh_dma_bus_address(pa.pa_dmat->dt_host, m->m_data, 1, &bus, &run) == 0, "the cluster is the first edu's");
	for (i = 0; i < 2; i++) {	/* the second load takes the remembered answer */
		if (!shared) {
			KT_ASSERT(bus_dmamap_load_mbuf(pb.pa_dmat, mb, m, BUS_DMA_NOWAIT) == EINVAL);
			continue;
		}
		KT_ASSERT(bus_dmamap_load_mbuf(pb.pa_dmat, mb, m, BUS_DMA_NOWAIT) == 0);
		KT_ASSERT(mb->dm_nsegs == 1 && mb->dm_segs[0].ds_addr == bus && mb->dm_segs[0].ds_len == 1000,
		    "0x%lx+%lu, want 0x%lx+1000", mb->dm_segs[0].ds_addr, mb->dm_segs[0].ds_len, bus);
		bus_dmamap_unload(pb.pa_dmat, mb);
	}
	m_freem(m);
	bus_dmamap_destroy(pb.pa_dmat, mb);
	bus_dmamap_destroy(pa.pa_dmat, ma);
	END_LEAK_CHECK();
}

KTEST(mbuf_arena_shared_dma_space)
{
	peer_loads_arena_mbuf(kt, true);
}

KTEST(mbuf_arena_separate_dma_spaces)
{
	peer_loads_arena_mbuf(kt, false);
}
