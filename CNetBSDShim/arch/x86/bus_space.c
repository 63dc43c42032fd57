/*
 * bus_space(9) beyond the inline accessors: mapping by bus address, sub-regions, and the
 * out-of-line access path (handles with NBSHIM_BSH_HOST: I/O-port BARs and device-model BARs).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/bus.h>
#include <dev/pci/pcivar.h>
#include "dev/pci/nbshim_pci_private.h"

static void
host_check(bus_space_tag_t t, bus_space_handle_t h, const char *op)
{
	if (t == NULL || t->bst_host == NULL)
		panic("bus_space_%s: handle 0x%lx needs the tag it was mapped with (got %p)", op, h, t);
}

#define BSH_BAR(h)	((unsigned)(((h) & ~NBSHIM_BSH_HOST) >> NBSHIM_BSH_BAR_SHIFT))
#define BSH_OFFSET(h)	((h) & NBSHIM_BSH_OFFSET_MASK)

/* Port I/O that did not move `width` bytes: said, and read as all ones like a master abort. */
static uint64_t
pio_failed(bus_space_tag_t t, bus_space_handle_t h, int width, const char *op)
{
	const struct nbh_pci_pio *pio = &t->bst_pio[BSH_BAR(h) % NBSHIM_PCI_NBARS];

	printf("bus_space_%s_%d: %s: port 0x%lx of I/O BAR %u (0x%lx bytes): %s\n", op, width,
	    t->bst_pc != NULL ? t->bst_pc->pc_backend : "?", BSH_OFFSET(h), BSH_BAR(h),
	    (unsigned long)pio->size, BSH_OFFSET(h) + (unsigned)width > pio->size ?
	    "outside the BAR" : "the host's pread/pwrite failed");
	return ~(uint64_t)0;
}

/*
 * A handle with NBSHIM_BSH_HOST: port I/O on a BAR whose file the tag holds is one pread or
 * pwrite here; anything else (device models, I/O BARs of a host without such files) is a hypercall.
 */
uint64_t
nbshim_bus_space_host_read(bus_space_tag_t t, bus_space_handle_t h, int width)
{
	const struct nbh_pci_pio *pio;
	long (*rd)(int, void *, size_t, long);
	uint64_t v = 0;

	host_check(t, h, "read");
	pio = &t->bst_pio[BSH_BAR(h) % NBSHIM_PCI_NBARS];
	if ((rd = __atomic_load_n(&pio->pread, __ATOMIC_ACQUIRE)) != NULL) {
		if (BSH_OFFSET(h) + (unsigned)width > pio->size ||
		    rd(pio->fd, &v, (size_t)width, (long)(pio->offset + BSH_OFFSET(h))) != width)
			return pio_failed(t, h, width, "read");
		return v;
	}
	return nbh_pci_bar_read(t->bst_host, BSH_BAR(h), BSH_OFFSET(h), (unsigned)width);
}

void
nbshim_bus_space_host_write(bus_space_tag_t t, bus_space_handle_t h, int width, uint64_t v)
{
	const struct nbh_pci_pio *pio;
	long (*wr)(int, const void *, size_t, long);

	host_check(t, h, "write");
	pio = &t->bst_pio[BSH_BAR(h) % NBSHIM_PCI_NBARS];
	if ((wr = __atomic_load_n(&pio->pwrite, __ATOMIC_ACQUIRE)) != NULL) {
		if (BSH_OFFSET(h) + (unsigned)width > pio->size ||
		    wr(pio->fd, &v, (size_t)width, (long)(pio->offset + BSH_OFFSET(h))) != width)
			(void)pio_failed(t, h, width, "write");
		return;
	}
	nbh_pci_bar_write(t->bst_host, BSH_BAR(h), BSH_OFFSET(h), (unsigned)width, v);
}

/* An I/O BAR's file, asked of the host once per tag and BAR; EOPNOTSUPP leaves the host path. */
static int
pio_open(bus_space_tag_t t, int bar)
{
	struct nbh_pci_pio pio;
	int error;

	if (t->bst_pio[bar].pread != NULL)
		return 0;
	if ((error = nbh_pci_bar_pio(t->bst_host, (unsigned)bar, &pio)) != 0)
		return error == EOPNOTSUPP ? 0 : error;
	if (pio.pread == NULL || pio.pwrite == NULL)
		panic("nbh_pci_bar_pio: the host gave BAR %d of %s without pread/pwrite", bar,
		    t->bst_pc->pc_backend);
	t->bst_pio[bar].fd = pio.fd;
	t->bst_pio[bar].offset = pio.offset;
	t->bst_pio[bar].size = pio.size;
	__atomic_store_n(&t->bst_pio[bar].pwrite, pio.pwrite, __ATOMIC_RELEASE);
	__atomic_store_n(&t->bst_pio[bar].pread, pio.pread, __ATOMIC_RELEASE);
	return 0;
}

/* Maps [addr, addr + size) by finding the BAR of the tag's function that holds it. */
int
bus_space_map(bus_space_tag_t t, bus_addr_t addr, bus_size_t size, int flags,
    bus_space_handle_t *hp)
{
	pci_chipset_tag_t pc = t->bst_pc;
	struct nbshim_bar b;
	uint64_t mapped;
	void *va;
	int reg, bar, error;

	(void)flags;
	for (reg = CFG_BAR0; reg < CFG_BAR_END; reg += b.is64 ? 8 : 4) {
		if (nbshim_bar_probe(pc, reg, &b) != 0)
			break;
		if (b.size == 0 || b.io != (t->bst_kind == NBSHIM_BUS_SPACE_IO))
			continue;
		if (addr < b.base || addr - b.base >= b.size || size > b.size - (addr - b.base))
			continue;
		bar = (reg - CFG_BAR0) / 4;
		if (b.io) {
			if ((error = pio_open(t, bar)) != 0)
				return error;
			*hp = NBSHIM_BSH_HOST_MAKE(bar, addr - b.base);
			return 0;
		}
		error = nbshim_bar_map(pc, bar, &va, &mapped);
		if (error == EOPNOTSUPP) {
			*hp = NBSHIM_BSH_HOST_MAKE(bar, addr - b.base);
			return 0;
		}
		if (error != 0)
			return error;
		*hp = (bus_space_handle_t)va + (addr - b.base);
		return 0;
	}
	printf("bus_space_map: %s: 0x%lx bytes at 0x%lx are in no %s BAR of the device\n",
	    pc->pc_backend, size, addr, t->bst_kind == NBSHIM_BUS_SPACE_IO ? "I/O" : "memory");
	return EINVAL;
}

void
bus_space_unmap(bus_space_tag_t t, bus_space_handle_t h, bus_size_t size)
{
	(void)size;
	if ((h & NBSHIM_BSH_HOST) == 0)
		nbshim_bar_unmap_va(t->bst_pc, (void *)h);
}

int
bus_space_subregion(bus_space_tag_t t, bus_space_handle_t h, bus_size_t offset, bus_size_t size,
    bus_space_handle_t *nhp)
{
	(void)t; (void)size;
	*nhp = h + offset;
	return 0;
}

void *
bus_space_vaddr(bus_space_tag_t t, bus_space_handle_t h)
{
	(void)t;
	return (h & NBSHIM_BSH_HOST) ? NULL : (void *)h;
}

bool
bus_space_is_equal(bus_space_tag_t t1, bus_space_tag_t t2)
{
	return t1 == t2;
}

bool
bus_space_handle_is_equal(bus_space_tag_t t, bus_space_handle_t h1, bus_space_handle_t h2)
{
	(void)t;
	return h1 == h2;
}

paddr_t
bus_space_mmap(bus_space_tag_t t, bus_addr_t addr, off_t off, int prot, int flags)
{
	(void)t; (void)prot; (void)flags;
	printf("bus_space_mmap: 0x%lx+0x%lx: no user mappings of device memory in nbshim\n",
	    (unsigned long)addr, (unsigned long)off);
	return (paddr_t)-1;
}

int
bus_space_alloc(bus_space_tag_t t, bus_addr_t rstart, bus_addr_t rend, bus_size_t size,
    bus_size_t align, bus_size_t boundary, int flags, bus_addr_t *addrp, bus_space_handle_t *hp)
{
	(void)t; (void)align; (void)boundary; (void)flags; (void)addrp; (void)hp;
	printf("bus_space_alloc: 0x%lx bytes in [0x%lx, 0x%lx]: not supported in nbshim (BARs are the host's)\n",
	    (unsigned long)size, (unsigned long)rstart, (unsigned long)rend);
	return EOPNOTSUPP;
}

void
bus_space_free(bus_space_tag_t t, bus_space_handle_t h, bus_size_t size)
{
	(void)t; (void)h; (void)size;
	panic("bus_space_free: nothing was allocated (bus_space_alloc always fails in nbshim)");
}

