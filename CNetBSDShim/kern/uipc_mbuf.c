/*
 * mbuf(9): allocation, external storage and the chain operations.
 *
 * Memory: mbufs (MSIZE) and clusters (MCLBYTES) are carved from 256 KiB chunks. A device DMAs
 * straight into them (no bounce buffers), so once a driver creates its first bus_dma map the
 * chunks come from that device's DMA memory (nbshim_mbuf_dma_provider); before that (kernel tests,
 * early attach) from ordinary memory, which bus_dmamap_load_mbuf refuses with a message. Chunks
 * of a previous source are retired: their free items leave the free lists and the chunk is
 * returned once its last item is freed. With several NICs the first one's memory serves all:
 * the host answers nbh_dma_bus_address for it to every device that sees the same bus addresses
 * (uio: physical addresses; vfio: nbshim's one container); a device that cannot reach an mbuf
 * gets a one-line error from bus_dmamap_load_mbuf.
 *
 * Shared storage (m_copym) follows NetBSD's model: the mbuf that got the storage keeps the
 * reference count; if it is freed while others still refer to the storage it stays allocated,
 * unlisted, until the last reference goes.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/mbuf.h>
#include <sys/mutex.h>
#include <sys/kmem.h>
#include <sys/atomic.h>
#include "kern/init_private.h"
#include <net/if.h>
#include "host/nbshim_hypercall.h"
#include "host/nbshim_kernel.h"
#include "uipc_mbuf_private.h"

#define CHUNK_SIZE	(256 * 1024)
#define MAX_CHUNKS	512		/* 128 MiB of mbufs and clusters */
#define CHUNK_DMA_MAX	0xffffffffUL	/* below 4 GiB: every NIC reaches it */

enum { K_MBUF, K_CLUSTER, NKINDS };
static const size_t kind_size[NKINDS] = { MSIZE, MCLBYTES };

struct mb_chunk {
	char		*va;
	struct nbh_pci	*dev;		/* NULL: ordinary memory */
	uint64_t	bus;
	int		kind;
	int		inuse;		/* items handed out */
	bool		retired;	/* items return here, not to the free list */
	bool		orphan;		/* its device is gone: the memory is never returned */
	struct nbh_pci	*peers[4];	/* other devices the host said see it at `bus` too */
	int		npeers;
};

struct mb_item {
	struct mb_item	*next;
};

static kmutex_t mb_lock;
static struct mb_chunk *chunks[MAX_CHUNKS];	/* sorted by va */
static int nchunks;
static struct mb_item *freelist[NKINDS];
static struct nbh_pci *provider;
static struct {
	uint64_t mbufs, clusters, ext, tags, failures;
} mb_count;

/* Clusters come from host memory without a pool limit: 0, which drivers read as none. */
int nmbclusters = 0;
int max_linkhdr = 16, max_protohdr = 40 + 20, max_hdr = 16 + 60, max_datalen = MHLEN - (16 + 60);

static int
mbuf_init(void)
{
	mutex_init(&mb_lock, MUTEX_DEFAULT, IPL_VM);
	return 0;
}
NBSHIM_INIT(mbuf_init, 30);

/* Index of the chunk holding va, -1 when none (caller holds mb_lock). */
static int
chunk_index(const void *va)
{
	int lo = 0, hi = nchunks - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		const char *base = chunks[mid]->va;
		if ((const char *)va < base)
			hi = mid - 1;
		else if ((const char *)va >= base + CHUNK_SIZE)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

static void
chunk_insert(struct mb_chunk *c)
{
	int i = nchunks;

	while (i > 0 && chunks[i - 1]->va > c->va) {
		chunks[i] = chunks[i - 1];
		i--;
	}
	chunks[i] = c;
	nchunks++;
}

static void
chunk_release(int i)
{
	struct mb_chunk *c = chunks[i];

	memmove(&chunks[i], &chunks[i + 1], sizeof(chunks[0]) * (size_t)(nchunks - i - 1));
	nchunks--;
	if (c->dev == NULL)
		nbh_mem_free(c->va, CHUNK_SIZE);
	else if (!c->orphan)
		nbh_dma_free(c->dev, c->va, CHUNK_SIZE);
	nbh_mem_free(c, sizeof(*c));
}

/* Takes every free item of retired chunks off the free lists; frees chunks with none in use. */
static void
retire_all(void)
{
	int k, i;

	for (i = 0; i < nchunks; i++)
		chunks[i]->retired = true;
	for (k = 0; k < NKINDS; k++)
		freelist[k] = NULL;
	for (i = nchunks - 1; i >= 0; i--)
		if (chunks[i]->inuse == 0)
			chunk_release(i);
}

/* A new chunk of `kind` from the current source, its items on the free list. */
static int
chunk_grow(int kind)
{
	struct mb_chunk *c;
	struct nbh_pci *dev;
	struct nbh_dma_limits lim = { 4096, 0, CHUNK_DMA_MAX };
	size_t off;
	void *va;
	uint64_t bus = 0;

	mutex_enter(&mb_lock);
	dev = provider;
	if (nchunks >= MAX_CHUNKS) {
		mutex_exit(&mb_lock);
		return ENOBUFS;
	}
	mutex_exit(&mb_lock);
	if (dev != NULL) {
		if (nbh_dma_alloc(dev, CHUNK_SIZE, &lim, &va, &bus) != 0)
			return ENOBUFS;
	} else if ((va = nbh_mem_alloc(CHUNK_SIZE, 4096)) == NULL)
		return ENOBUFS;
	if ((c = nbh_mem_alloc(sizeof(*c), 0)) == NULL) {
		if (dev != NULL)
			nbh_dma_free(dev, va, CHUNK_SIZE);
		else
			nbh_mem_free(va, CHUNK_SIZE);
		return ENOBUFS;
	}
	memset(c, 0, sizeof(*c));
	c->va = va;
	c->dev = dev;
	c->bus = bus;
	c->kind = kind;
	mutex_enter(&mb_lock);
	if (provider != dev || nchunks >= MAX_CHUNKS) {
		/* The source changed (or the limit filled) meanwhile: drop this one. */
		mutex_exit(&mb_lock);
		if (dev != NULL)
			nbh_dma_free(dev, va, CHUNK_SIZE);
		else
			nbh_mem_free(va, CHUNK_SIZE);
		nbh_mem_free(c, sizeof(*c));
		return 0;
	}
	chunk_insert(c);
	for (off = 0; off + kind_size[kind] <= CHUNK_SIZE; off += kind_size[kind]) {
		struct mb_item *it = (struct mb_item *)(c->va + off);
		it->next = freelist[kind];
		freelist[kind] = it;
	}
	mutex_exit(&mb_lock);
	return 0;
}

static void *
item_get(int kind, int how)
{
	struct mb_item *it;
	int i;

	for (;;) {
		mutex_enter(&mb_lock);
		if ((it = freelist[kind]) != NULL) {
			freelist[kind] = it->next;
			i = chunk_index(it);
			KASSERT(i >= 0);
			chunks[i]->inuse++;
			if (kind == K_MBUF)
				mb_count.mbufs++;
			else
				mb_count.clusters++;
			mutex_exit(&mb_lock);
			return it;
		}
		mutex_exit(&mb_lock);
		if (chunk_grow(kind) != 0) {
			mutex_enter(&mb_lock);
			mb_count.failures++;
			mutex_exit(&mb_lock);
			if (how == M_WAIT)
				panic("mbuf: out of %s memory (%d chunks of %d KiB) with M_WAIT",
				    kind == K_MBUF ? "mbuf" : "cluster", nchunks, CHUNK_SIZE / 1024);
			return NULL;
		}
	}
}

static void
item_put(int kind, void *p)
{
	struct mb_item *it = p;
	int i;

	mutex_enter(&mb_lock);
	i = chunk_index(p);
	if (i < 0 || chunks[i]->kind != kind)
		panic("mbuf: freeing %p, which is no %s of the mbuf arena", p,
		    kind == K_MBUF ? "mbuf" : "cluster");
	if (kind == K_MBUF)
		mb_count.mbufs--;
	else
		mb_count.clusters--;
	chunks[i]->inuse--;
	if (chunks[i]->retired) {
		if (chunks[i]->inuse == 0)
			chunk_release(i);
	} else {
		it->next = freelist[kind];
		freelist[kind] = it;
	}
	mutex_exit(&mb_lock);
}

void
nbshim_mbuf_dma_provider(struct nbh_pci *dev)
{
	mutex_enter(&mb_lock);
	if (provider == NULL) {
		retire_all();
		provider = dev;
	}
	mutex_exit(&mb_lock);
}

/* Drops `dev` from a chunk's peers: a later device may get the same handle address. */
static void
forget_peer(struct mb_chunk *c, struct nbh_pci *dev)
{
	int i;

	for (i = 0; i < c->npeers; i++) {
		if (c->peers[i] == dev) {
			c->peers[i] = c->peers[--c->npeers];
			return;
		}
	}
}

void
nbshim_mbuf_forget_device(struct nbh_pci *dev)
{
	int i, leaked = 0;

	mutex_enter(&mb_lock);
	if (provider == dev) {
		retire_all();
		provider = NULL;
	}
	/* What is still in use cannot go back to a device that is gone: keep it, say so. */
	for (i = 0; i < nchunks; i++) {
		forget_peer(chunks[i], dev);
		if (chunks[i]->dev == dev) {
			leaked += chunks[i]->inuse;
			chunks[i]->orphan = true;
		}
	}
	mutex_exit(&mb_lock);
	if (leaked > 0)
		printf("mbuf: %d mbufs/clusters in DMA memory of a released device are still in use "
		    "(a driver or the stack leaked them); their memory is kept\n", leaked);
}

/*
 * Whether `dev` reaches chunk c at c->bus: its own device does; another does when the host maps
 * the chunk's memory to the same bus address for it (one DMA space: uio, or nbshim's vfio
 * container). Asked once per device, remembered; caller holds mb_lock.
 */
static bool
reaches(struct mb_chunk *c, struct nbh_pci *dev)
{
	uint64_t bus;
	size_t n;
	int i;

	if (c->dev == dev)
		return true;
	if (c->dev == NULL)
		return false;
	for (i = 0; i < c->npeers; i++)
		if (c->peers[i] == dev)
			return true;
	if (nbh_dma_bus_address(dev, c->va, 1, &bus, &n) != 0 || bus != c->bus)
		return false;
	if (c->npeers < (int)__arraycount(c->peers))
		c->peers[c->npeers++] = dev;
	return true;
}

int
nbshim_mbuf_bus_address(struct nbh_pci *dev, const void *va, size_t len, uint64_t *bus)
{
	int i, error = ENXIO;

	mutex_enter(&mb_lock);
	if ((i = chunk_index(va)) >= 0 && (const char *)va + len <= chunks[i]->va + CHUNK_SIZE &&
	    reaches(chunks[i], dev)) {
		*bus = chunks[i]->bus + (uint64_t)((const char *)va - chunks[i]->va);
		error = 0;
	}
	mutex_exit(&mb_lock);
	return error;
}

void
nbk_mbuf_stats(struct nbk_mbuf_stats *out)
{
	mutex_enter(&mb_lock);
	out->mbufs = mb_count.mbufs;
	out->clusters = mb_count.clusters;
	out->ext = mb_count.ext;
	out->tags = mb_count.tags;
	out->failures = mb_count.failures;
	out->arena_bytes = (uint64_t)nchunks * CHUNK_SIZE;
	out->dma_arena = provider != NULL;
	mutex_exit(&mb_lock);
}

static void
count_ext(int delta)
{
	mutex_enter(&mb_lock);
	mb_count.ext += (uint64_t)(int64_t)delta;
	mutex_exit(&mb_lock);
}

/* ---- allocation ------------------------------------------------------------------------ */

struct mbuf *
m_get(int how, int type)
{
	struct mbuf *m;

	if ((m = item_get(K_MBUF, how)) == NULL)
		return NULL;
	m->m_next = NULL;
	m->m_nextpkt = NULL;
	m->m_data = m->m_dat;
	m->m_owner = NULL;
	m->m_len = 0;
	m->m_flags = 0;
	m->m_paddr = M_PADDR_INVALID;
	m->m_type = (short)type;
	return m;
}

struct mbuf *
m_gethdr(int how, int type)
{
	struct mbuf *m;

	if ((m = m_get(how, type)) == NULL)
		return NULL;
	m->m_data = m->m_pktdat;
	m->m_flags = M_PKTHDR;
	memset(&m->m_pkthdr, 0, sizeof(m->m_pkthdr));
	SLIST_INIT(&m->m_pkthdr.tags);
	return m;
}

struct mbuf *
m_getclr(int how, int type)
{
	struct mbuf *m;

	if ((m = m_get(how, type)) != NULL)
		memset(mtod(m, void *), 0, MLEN);
	return m;
}

static void
ext_attach(struct mbuf *m, char *buf, size_t size, int flags,
    void (*fn)(struct mbuf *, void *, size_t, void *), void *arg)
{
	m->m_ext_ref = m;
	m->m_ext_storage.ext_refcnt = 1;
	m->m_ext_storage.ext_flags = 0;
	m->m_ext_storage.ext_buf = buf;
	m->m_ext_storage.ext_size = size;
	m->m_ext_storage.ext_free = fn;
	m->m_ext_storage.ext_arg = arg;
	m->m_ext_storage.ext_paddr = M_PADDR_INVALID;
	m->m_data = buf;
	m->m_flags = (m->m_flags & ~M_EXTCOPYFLAGS) | M_EXT | flags;
}

void
m_clget(struct mbuf *m, int how)
{
	char *buf;

	if ((buf = item_get(K_CLUSTER, how)) == NULL)
		return;
	ext_attach(m, buf, MCLBYTES, M_EXT_CLUSTER | M_EXT_RW, NULL, NULL);
}

struct mbuf *
m_getcl(int how, int type, int flags)
{
	struct mbuf *m;

	m = (flags & M_PKTHDR) ? m_gethdr(how, type) : m_get(how, type);
	if (m == NULL)
		return NULL;
	m_clget(m, how);
	if ((m->m_flags & M_EXT) == 0) {
		m_free(m);
		return NULL;
	}
	return m;
}

/*
 * Storage larger than a cluster. DMA-able like the arena once a device provides DMA memory
 * (iwm receives into such buffers); the device is remembered for freeing.
 */
struct ext_big {
	struct nbh_pci	*dev;
	size_t		size;
};

static void
ext_big_free(struct mbuf *m, void *buf, size_t size, void *arg)
{
	struct ext_big *eb = arg;

	(void)m; (void)size;
	if (eb->dev != NULL)
		nbh_dma_free(eb->dev, buf, eb->size);
	else
		nbh_mem_free(buf, eb->size);
	nbh_mem_free(eb, sizeof(*eb));
}

void
m_extmalloc(struct mbuf *m, size_t size, int how)
{
	struct nbh_dma_limits lim = { 4096, 0, CHUNK_DMA_MAX };
	struct ext_big *eb;
	uint64_t bus;
	void *va;

	size = roundup(size, 4096);
	if ((eb = nbh_mem_alloc(sizeof(*eb), 0)) == NULL)
		goto fail;
	mutex_enter(&mb_lock);
	eb->dev = provider;
	mutex_exit(&mb_lock);
	eb->size = size;
	if (eb->dev != NULL ? nbh_dma_alloc(eb->dev, size, &lim, &va, &bus) != 0 :
	    (va = nbh_mem_alloc(size, 4096)) == NULL) {
		nbh_mem_free(eb, sizeof(*eb));
		goto fail;
	}
	ext_attach(m, va, size, M_EXT_RW, ext_big_free, eb);
	count_ext(1);
	return;
fail:
	mutex_enter(&mb_lock);
	mb_count.failures++;
	mutex_exit(&mb_lock);
	if (how == M_WAIT)
		panic("MEXTMALLOC: no memory for %zu bytes with M_WAIT", size);
}

void
m_extadd(struct mbuf *m, void *buf, size_t size, void (*fn)(struct mbuf *, void *, size_t, void *),
    void *arg)
{
	ext_attach(m, buf, size, M_EXT_RW, fn, arg);
	count_ext(1);
}

/* Drops m's reference to its external storage; true when m itself must stay allocated. */
static bool
ext_release(struct mbuf *m)
{
	struct mbuf *owner = m->m_ext_ref;
	struct _m_ext_storage *es = &owner->m_ext_storage;

	if (atomic_dec_uint_nv(&es->ext_refcnt) > 0)
		return owner == m;	/* others still read the storage through m */
	if (m->m_flags & M_EXT_CLUSTER)
		item_put(K_CLUSTER, es->ext_buf);
	else {
		/* NetBSD hands the callback the mbuf to free; here it is freed by us: pass NULL. */
		if (es->ext_free != NULL)
			(*es->ext_free)(NULL, es->ext_buf, es->ext_size, es->ext_arg);
		count_ext(-1);
	}
	if (owner != m)
		item_put(K_MBUF, owner);	/* it was kept only for the count */
	return false;
}

struct mbuf *
m_free(struct mbuf *m)
{
	struct mbuf *n = m->m_next;

	if (m->m_flags & M_PKTHDR)
		m_tag_delete_chain(m, NULL);
	if ((m->m_flags & M_EXT) && ext_release(m)) {
		m->m_type = MT_FREE;
		return n;
	}
	m->m_type = MT_FREE;
	item_put(K_MBUF, m);
	return n;
}

void
m_freem(struct mbuf *m)
{
	while (m != NULL)
		m = m_free(m);
}

/* ---- packet headers --------------------------------------------------------------------- */

void
m_copy_pkthdr(struct mbuf *to, struct mbuf *from)
{
	KASSERT(from->m_flags & M_PKTHDR);
	to->m_pkthdr = from->m_pkthdr;
	SLIST_INIT(&to->m_pkthdr.tags);
	to->m_flags = (to->m_flags & (M_EXT | M_EXT_FLAGS)) | (from->m_flags & M_COPYFLAGS);
	if ((to->m_flags & M_EXT) == 0)
		to->m_data = to->m_pktdat;
	m_tag_copy_chain(to, from);
}

void
m_move_pkthdr(struct mbuf *to, struct mbuf *from)
{
	KASSERT(from->m_flags & M_PKTHDR);
	to->m_pkthdr = from->m_pkthdr;
	to->m_flags = (to->m_flags & (M_EXT | M_EXT_FLAGS)) | (from->m_flags & M_COPYFLAGS);
	if ((to->m_flags & M_EXT) == 0)
		to->m_data = to->m_pktdat;
	SLIST_INIT(&from->m_pkthdr.tags);
	from->m_flags &= ~M_PKTHDR;
}

void
m_remove_pkthdr(struct mbuf *m)
{
	KASSERT(m->m_flags & M_PKTHDR);
	m_tag_delete_chain(m, NULL);
	m->m_flags &= ~M_PKTHDR;
	memset(&m->m_pkthdr, 0, sizeof(m->m_pkthdr));
}

void
m_pkthdr_remove(struct mbuf *m)
{
	m_remove_pkthdr(m);
}

void
m_align(struct mbuf *m, int len)
{
	int space = M_BUFSIZE(m);

	KASSERT(len <= space);
	m->m_data = M_BUFADDR(m) + ((space - len) & ~(int)(sizeof(long) - 1));
}

void
m_claimm(struct mbuf *m, struct mowner *mo)
{
	(void)m; (void)mo;
}

/* ---- reading and writing chains ---------------------------------------------------------- */

int
m_length(const struct mbuf *m)
{
	int len = 0;

	for (; m != NULL; m = m->m_next)
		len += m->m_len;
	return len;
}

void
m_copydata(struct mbuf *m, int off, int len, void *vp)
{
	char *cp = vp;
	int n;

	if (off < 0 || len < 0)
		panic("m_copydata: offset %d, length %d", off, len);
	while (off > 0 && m != NULL && off >= m->m_len) {
		off -= m->m_len;
		m = m->m_next;
	}
	while (len > 0) {
		if (m == NULL)
			panic("m_copydata: the chain ends %d bytes before the copy does", len);
		n = min(m->m_len - off, len);
		memcpy(cp, mtod(m, char *) + off, (size_t)n);
		cp += n;
		len -= n;
		off = 0;
		m = m->m_next;
	}
}

/*
 * Writes len bytes at off, growing the chain where it is shorter: into the last mbuf's trailing
 * space, then new mbufs (with clusters for more than MLEN); a gap before off reads as zeros.
 * Shared storage is written in place, as in NetBSD; m_copyback_cow copies it first.
 */
static int
copyback(struct mbuf *m0, int off, int len, const void *vp, int how)
{
	const char *cp = vp;
	struct mbuf *m = m0, *n;
	int mlen, need, grow;

	while (len > 0) {
		if (off >= m->m_len) {
			if (m->m_next == NULL) {
				need = off - m->m_len + len;
				if ((grow = min(M_TRAILINGSPACE(m), need)) > 0) {
					memset(mtod(m, char *) + m->m_len, 0, (size_t)grow);
					m->m_len += grow;
					continue;
				}
				if ((n = m_get(how, m->m_type)) == NULL)
					return ENOBUFS;
				if (need > MLEN) {
					m_clget(n, how);
					if ((n->m_flags & M_EXT) == 0) {
						m_free(n);
						return ENOBUFS;
					}
				}
				m->m_next = n;
			}
			off -= m->m_len;
			m = m->m_next;
			continue;
		}
		mlen = min(m->m_len - off, len);
		memcpy(mtod(m, char *) + off, cp, (size_t)mlen);
		cp += mlen;
		len -= mlen;
		off += mlen;
	}
	if ((m0->m_flags & M_PKTHDR) && m0->m_pkthdr.len < m_length(m0))
		m0->m_pkthdr.len = m_length(m0);
	return 0;
}

void
m_copyback(struct mbuf *m0, int off, int len, const void *cp)
{
	if (off < 0 || len < 0)
		panic("m_copyback: offset %d, length %d", off, len);
	if (len > 0 && copyback(m0, off, len, cp, M_DONTWAIT) != 0)
		printf("m_copyback: no mbufs to extend the chain by %d bytes at %d; data lost\n", len, off);
}

struct mbuf *
m_copyback_cow(struct mbuf *m0, int off, int len, const void *cp, int how)
{
	if (m_makewritable(&m0, 0, off + len <= m_length(m0) ? off + len : m_length(m0), how) != 0)
		return NULL;
	if (copyback(m0, off, len, cp, how) != 0) {
		m_freem(m0);
		return NULL;
	}
	return m0;
}

/* Makes [off, off + len) writable by copying shared storage; 0 or ENOBUFS (chain freed). */
int
m_makewritable(struct mbuf **mp, int off, int len, int how)
{
	struct mbuf *m, *n;
	int pos = 0;

	for (m = *mp; m != NULL && pos < off + len; pos += m->m_len, m = m->m_next) {
		if (pos + m->m_len <= off || !M_READONLY(m))
			continue;
		/* Give m private storage with the same bytes. */
		if ((n = m_get(how, m->m_type)) == NULL)
			goto fail;
		if (m->m_len > MLEN) {
			m_clget(n, how);
			if ((n->m_flags & M_EXT) == 0 || m->m_len > MCLBYTES) {
				m_free(n);
				goto fail;
			}
		}
		memcpy(mtod(n, char *), mtod(m, char *), (size_t)m->m_len);
		if (ext_release(m))
			panic("m_makewritable: storage owner still shared");
		if (n->m_flags & M_EXT) {
			m->m_ext_ref = m;
			m->m_ext_storage = n->m_ext_storage;
			m->m_data = m->m_ext_storage.ext_buf;
			m->m_flags = (m->m_flags & ~M_EXTCOPYFLAGS) | (n->m_flags & M_EXTCOPYFLAGS);
			n->m_flags &= ~M_EXTCOPYFLAGS;
		} else {
			m->m_flags &= ~M_EXTCOPYFLAGS;
			m->m_data = (m->m_flags & M_PKTHDR) ? m->m_pktdat : m->m_dat;
			if (m->m_len > M_BUFSIZE(m))
				panic("m_makewritable: %d bytes do not fit the mbuf", m->m_len);
			memcpy(m->m_data, mtod(n, char *), (size_t)m->m_len);
		}
		item_put(K_MBUF, n);
	}
	return 0;
fail:
	m_freem(*mp);
	*mp = NULL;
	return ENOBUFS;
}

/* A copy of [off, off + len): clusters are shared, internal data is copied. */
static struct mbuf *
copym(struct mbuf *m, int off, int len, int how, bool deep)
{
	struct mbuf *top = NULL, **np = &top, *n, *m0 = m;
	bool copyhdr = off == 0 && (m->m_flags & M_PKTHDR);
	int n_len;

	if (off < 0 || (len < 0 && len != M_COPYALL))
		panic("m_copym: offset %d, length %d", off, len);
	while (off > 0) {
		if (m == NULL)
			panic("m_copym: offset %d is past the chain", off);
		if (off < m->m_len)
			break;
		off -= m->m_len;
		m = m->m_next;
	}
	while (len > 0 || len == M_COPYALL) {
		if (m == NULL) {
			if (len != M_COPYALL)
				panic("m_copym: the chain ends %d bytes before the copy does", len);
			break;
		}
		n = copyhdr ? m_gethdr(how, m->m_type) : m_get(how, m->m_type);
		if (n == NULL)
			goto nospace;
		*np = n;
		if (copyhdr) {
			m_copy_pkthdr(n, m0);
			n->m_pkthdr.len = len == M_COPYALL ? n->m_pkthdr.len - off : len;
			copyhdr = false;
		}
		n_len = len == M_COPYALL ? m->m_len - off : min(len, m->m_len - off);
		if ((m->m_flags & M_EXT) && !deep) {
			n->m_data = mtod(m, char *) + off;
			n->m_ext_ref = m->m_ext_ref;
			atomic_inc_uint(&m->m_ext.ext_refcnt);
			n->m_flags |= m->m_flags & M_EXTCOPYFLAGS;
		} else {
			if (n_len > M_TRAILINGSPACE(n)) {
				m_clget(n, how);
				if ((n->m_flags & M_EXT) == 0)
					goto nospace;
				if (n_len > MCLBYTES) {
					/* A deep copy of larger storage: split over several mbufs. */
					n_len = MCLBYTES;
				}
			}
			memcpy(mtod(n, char *), mtod(m, char *) + off, (size_t)n_len);
		}
		n->m_len = n_len;
		if (len != M_COPYALL)
			len -= n_len;
		off += n_len;
		if (off >= m->m_len) {
			off = 0;
			m = m->m_next;
		}
		np = &n->m_next;
	}
	return top;
nospace:
	m_freem(top);
	return NULL;
}

struct mbuf *
m_copym(struct mbuf *m, int off, int len, int how)
{
	return copym(m, off, len, how, false);
}

struct mbuf *
m_dup(struct mbuf *m, int off, int len, int how)
{
	return copym(m, off, len, how, true);
}

struct mbuf *
m_copypacket(struct mbuf *m, int how)
{
	return copym(m, 0, M_COPYALL, how, false);
}

/* A new packet holding `len` bytes copied from buf (off0 is skipped, as NetBSD's). */
struct mbuf *
m_devget(char *buf, int len, int off0, struct ifnet *ifp, void (*copy)(const void *, void *, size_t))
{
	struct mbuf *m;

	(void)off0;
	if ((m = m_gethdr(M_DONTWAIT, MT_DATA)) == NULL)
		return NULL;
	m->m_pkthdr.rcvif_index = ifp != NULL ? ifp->if_index : 0;	/* m_set_rcvif, in if.c */
	m->m_pkthdr.len = 0;
	if (len > MHLEN) {
		m_clget(m, M_DONTWAIT);
		if ((m->m_flags & M_EXT) == 0) {
			m_free(m);
			return NULL;
		}
	}
	if (copy != NULL && len <= M_TRAILINGSPACE(m)) {
		(*copy)(buf, mtod(m, void *), (size_t)len);
		m->m_len = m->m_pkthdr.len = len;
		return m;
	}
	if (copyback(m, 0, len, buf, M_DONTWAIT) != 0) {
		m_freem(m);
		return NULL;
	}
	return m;
}

/* ---- trimming and reshaping ------------------------------------------------------------- */

void
m_adj(struct mbuf *mp, int req_len)
{
	struct mbuf *m = mp;
	int len = req_len, count;

	if (mp == NULL)
		return;
	if (len >= 0) {
		/* From the head. */
		while (m != NULL && len > 0) {
			if (m->m_len <= len) {
				len -= m->m_len;
				m->m_data += m->m_len;
				m->m_len = 0;
				m = m->m_next;
			} else {
				m->m_len -= len;
				m->m_data += len;
				len = 0;
			}
		}
		if (mp->m_flags & M_PKTHDR)
			mp->m_pkthdr.len -= req_len - len;
		return;
	}
	/* From the tail: keep the first (total - |len|) bytes. */
	len = -len;
	count = m_length(mp) - len;
	if (count < 0)
		count = 0;
	if (mp->m_flags & M_PKTHDR)
		mp->m_pkthdr.len = count;
	for (m = mp; m != NULL; m = m->m_next) {
		if (m->m_len >= count) {
			m->m_len = count;
			break;
		}
		count -= m->m_len;
	}
	if (m != NULL) {
		for (m = m->m_next; m != NULL; m = m->m_next)
			m->m_len = 0;
	}
}

/*
 * Moves the first len bytes of chain n to the end of m's data, which has the room, and chains
 * the rest of n after m. NULL, with both freed, when n holds fewer than len bytes.
 */
static struct mbuf *
m_gather(struct mbuf *m, struct mbuf *n, int len)
{
	int count, space = M_BUFSIZE(m) - M_BUFOFFSET(m) - m->m_len;

	do {
		count = min(min(len, space), n->m_len);
		memcpy(mtod(m, char *) + m->m_len, mtod(n, char *), (size_t)count);
		len -= count;
		m->m_len += count;
		n->m_len -= count;
		space -= count;
		if (n->m_len > 0)
			n->m_data += count;
		else
			n = m_free(n);
	} while (len > 0 && n != NULL);
	if (len > 0) {
		m_free(m);
		m_freem(n);
		return NULL;
	}
	m->m_next = n;
	return m;
}

/*
 * Makes the first len bytes contiguous in the first mbuf. Returns the (possibly new) head, or
 * NULL with the chain freed when it is too short or len does not fit an mbuf.
 */
struct mbuf *
m_pullup(struct mbuf *n, int len)
{
	struct mbuf *m;

	if (n->m_len >= len)
		return n;
	/* Use n itself when it is writable and has the room, else a fresh head. */
	if (!M_READONLY(n) && n->m_next != NULL && M_BUFSIZE(n) - M_BUFOFFSET(n) >= len) {
		m = n;
		n = n->m_next;
		len -= m->m_len;
	} else {
		if (len > MHLEN)
			goto bad;
		if ((m = m_get(M_DONTWAIT, n->m_type)) == NULL)
			goto bad;
		if (n->m_flags & M_PKTHDR)
			m_move_pkthdr(m, n);
	}
	return m_gather(m, n, len);
bad:
	m_freem(n);
	return NULL;
}

/* As m_pullup, leaving dstoff bytes of room in front of the data. */
struct mbuf *
m_copyup(struct mbuf *n, int len, int dstoff)
{
	struct mbuf *m;

	if (len > MHLEN - dstoff)
		goto bad;
	if ((m = m_get(M_DONTWAIT, n->m_type)) == NULL)
		goto bad;
	if (n->m_flags & M_PKTHDR)
		m_move_pkthdr(m, n);
	m->m_data += dstoff;
	return m_gather(m, n, len);
bad:
	m_freem(n);
	return NULL;
}

/*
 * Fewer mbufs for the same bytes: the head stays (drivers keep using their pointer), the rest
 * of the chain is copied into as few clusters as it needs. NULL, with the chain untouched, when
 * no memory was available.
 */
struct mbuf *
m_defrag(struct mbuf *m0, int how)
{
	struct mbuf *top = NULL, **np = &top, *n, *m;
	int rest, off = 0, chunk;

	if (m0->m_next == NULL)
		return m0;
	rest = m_length(m0->m_next);
	while (rest > 0) {
		if ((n = m_get(how, MT_DATA)) == NULL)
			goto fail;
		*np = n;
		np = &n->m_next;
		if (rest > MLEN) {
			m_clget(n, how);
			if ((n->m_flags & M_EXT) == 0)
				goto fail;
		}
		chunk = min(rest, M_TRAILINGSPACE(n));
		m_copydata(m0->m_next, off, chunk, mtod(n, void *));
		n->m_len = chunk;
		off += chunk;
		rest -= chunk;
	}
	/* Pull what fits into the head's own trailing space first. */
	m = m0->m_next;
	m0->m_next = top;
	m_freem(m);
	if (top != NULL && !M_READONLY(m0) && M_TRAILINGSPACE(m0) >= top->m_len) {
		memcpy(mtod(m0, char *) + m0->m_len, mtod(top, char *), (size_t)top->m_len);
		m0->m_len += top->m_len;
		m0->m_next = m_free(top);
	}
	return m0;
fail:
	m_freem(top);
	return NULL;
}

struct mbuf *
m_prepend(struct mbuf *m, int len, int how)
{
	struct mbuf *mn;

	if (len > MHLEN)
		panic("m_prepend: %d bytes do not fit one mbuf", len);
	mn = (m->m_flags & M_PKTHDR) ? m_gethdr(how, m->m_type) : m_get(how, m->m_type);
	if (mn == NULL) {
		m_freem(m);
		return NULL;
	}
	if (m->m_flags & M_PKTHDR)
		m_move_pkthdr(mn, m);
	mn->m_next = m;
	m = mn;
	if (m->m_flags & M_PKTHDR) {
		if (len < MHLEN)
			MH_ALIGN(m, len);
	} else if (len < MLEN)
		M_ALIGN(m, len);
	m->m_len = len;
	return m;
}

/* Appends n to m (no packet header update, as in NetBSD); small data is copied. */
void
m_cat(struct mbuf *m, struct mbuf *n)
{
	while (m->m_next != NULL)
		m = m->m_next;
	while (n != NULL) {
		if (M_READONLY(m) || n->m_len > M_TRAILINGSPACE(m)) {
			m->m_next = n;
			return;
		}
		memcpy(mtod(m, char *) + m->m_len, mtod(n, char *), (size_t)n->m_len);
		m->m_len += n->m_len;
		n = m_free(n);
	}
}

/* Splits at len0: m0 keeps the first len0 bytes, the rest is returned (a packet if m0 was). */
struct mbuf *
m_split(struct mbuf *m0, int len0, int how)
{
	struct mbuf *m, *n;
	int len = len0, remain;

	for (m = m0; m != NULL && len > m->m_len; m = m->m_next)
		len -= m->m_len;
	if (m == NULL)
		return NULL;
	remain = m->m_len - len;
	if (m0->m_flags & M_PKTHDR) {
		if ((n = m_gethdr(how, m0->m_type)) == NULL)
			return NULL;
		n->m_pkthdr.rcvif_index = m0->m_pkthdr.rcvif_index;
		n->m_pkthdr.len = m0->m_pkthdr.len - len0;
		m0->m_pkthdr.len = len0;
	} else if ((n = m_get(how, m->m_type)) == NULL)
		return NULL;
	if (remain == 0) {
		/* At an mbuf boundary: the rest of the chain is the tail as it is. */
		n->m_next = m->m_next;
		m->m_next = NULL;
		if (n->m_flags & M_PKTHDR)
			return n;
		m = n->m_next;
		m_free(n);
		return m;
	}
	if (m->m_flags & M_EXT) {
		n->m_ext_ref = m->m_ext_ref;
		atomic_inc_uint(&m->m_ext.ext_refcnt);
		n->m_flags |= m->m_flags & M_EXTCOPYFLAGS;
		n->m_data = m->m_data + len;
	} else {
		if (remain > M_TRAILINGSPACE(n)) {
			m_clget(n, how);
			if ((n->m_flags & M_EXT) == 0) {
				m_free(n);
				return NULL;
			}
		}
		memcpy(mtod(n, char *), mtod(m, char *) + len, (size_t)remain);
	}
	n->m_len = remain;
	m->m_len = len;
	n->m_next = m->m_next;
	m->m_next = NULL;
	return n;
}

struct mbuf *
m_getptr(struct mbuf *m, int loc, int *off)
{
	while (loc >= 0 && m != NULL) {
		if (m->m_len > loc) {
			*off = loc;
			return m;
		}
		loc -= m->m_len;
		if (m->m_next == NULL && loc == 0) {
			*off = m->m_len;
			return m;
		}
		m = m->m_next;
	}
	return NULL;
}

int
m_apply(struct mbuf *m, int off, int len, int (*f)(void *, void *, unsigned int), void *arg)
{
	int count, rval;

	while (off > 0) {
		if (m == NULL)
			panic("m_apply: offset past the chain");
		if (off < m->m_len)
			break;
		off -= m->m_len;
		m = m->m_next;
	}
	while (len > 0) {
		if (m == NULL)
			panic("m_apply: length past the chain");
		count = min(m->m_len - off, len);
		if ((rval = (*f)(arg, mtod(m, char *) + off, (unsigned)count)) != 0)
			return rval;
		len -= count;
		off = 0;
		m = m->m_next;
	}
	return 0;
}

/* Appends len bytes at the end of the packet: 1 on success, 0 when out of mbufs. */
int
m_append(struct mbuf *m0, int len, const void *cp)
{
	return copyback(m0, m_length(m0), len, cp, M_DONTWAIT) == 0;
}

/* ---- packet tags ------------------------------------------------------------------------ */

struct m_tag *
m_tag_get(int type, int len, int wait)
{
	struct m_tag *t;

	if (len < 0 || len > 0xffff)
		return NULL;
	t = kmem_intr_alloc(sizeof(*t) + (size_t)len, wait == M_WAITOK ? KM_SLEEP : KM_NOSLEEP);
	if (t == NULL)
		return NULL;
	t->m_tag_id = (uint16_t)type;
	t->m_tag_len = (uint16_t)len;
	mutex_enter(&mb_lock);
	mb_count.tags++;
	mutex_exit(&mb_lock);
	return t;
}

void
m_tag_free(struct m_tag *t)
{
	mutex_enter(&mb_lock);
	mb_count.tags--;
	mutex_exit(&mb_lock);
	kmem_intr_free(t, sizeof(*t) + t->m_tag_len);
}

void
m_tag_prepend(struct mbuf *m, struct m_tag *t)
{
	KASSERT(m->m_flags & M_PKTHDR);
	SLIST_INSERT_HEAD(&m->m_pkthdr.tags, t, m_tag_link);
}

void
m_tag_unlink(struct mbuf *m, struct m_tag *t)
{
	SLIST_REMOVE(&m->m_pkthdr.tags, t, m_tag, m_tag_link);
}

void
m_tag_delete(struct mbuf *m, struct m_tag *t)
{
	m_tag_unlink(m, t);
	m_tag_free(t);
}

/* Deletes the tags after t, or all of them when t is NULL. */
void
m_tag_delete_chain(struct mbuf *m, struct m_tag *t)
{
	struct m_tag *p, *q;

	p = t != NULL ? SLIST_NEXT(t, m_tag_link) : SLIST_FIRST(&m->m_pkthdr.tags);
	for (; p != NULL; p = q) {
		q = SLIST_NEXT(p, m_tag_link);
		m_tag_delete(m, p);
	}
}

void
m_tag_delete_nonpersistent(struct mbuf *m)
{
	m_tag_delete_chain(m, NULL);
}

struct m_tag *
m_tag_find(const struct mbuf *m, int type, struct m_tag *t)
{
	struct m_tag *p;

	p = t != NULL ? SLIST_NEXT(t, m_tag_link) : SLIST_FIRST(&m->m_pkthdr.tags);
	for (; p != NULL; p = SLIST_NEXT(p, m_tag_link))
		if (p->m_tag_id == type)
			return p;
	return NULL;
}

struct m_tag *
m_tag_copy(struct m_tag *t)
{
	struct m_tag *p;

	if ((p = m_tag_get(t->m_tag_id, t->m_tag_len, M_NOWAIT)) != NULL)
		memcpy(p + 1, t + 1, t->m_tag_len);
	return p;
}

/* Copies from's tags to to (replacing to's); 0 when out of memory, as NetBSD's. */
int
m_tag_copy_chain(struct mbuf *to, struct mbuf *from)
{
	struct m_tag *p, *t, *last = NULL;

	m_tag_delete_chain(to, NULL);
	SLIST_FOREACH(p, &from->m_pkthdr.tags, m_tag_link) {
		if ((t = m_tag_copy(p)) == NULL) {
			m_tag_delete_chain(to, NULL);
			return 0;
		}
		if (last == NULL)
			SLIST_INSERT_HEAD(&to->m_pkthdr.tags, t, m_tag_link);
		else
			SLIST_INSERT_AFTER(last, t, m_tag_link);
		last = t;
	}
	return 1;
}

void
m_tag_init(struct mbuf *m)
{
	SLIST_INIT(&m->m_pkthdr.tags);
}

struct m_tag *
m_tag_first(struct mbuf *m)
{
	return SLIST_FIRST(&m->m_pkthdr.tags);
}

struct m_tag *
m_tag_next(struct mbuf *m, struct m_tag *t)
{
	(void)m;
	return SLIST_NEXT(t, m_tag_link);
}
