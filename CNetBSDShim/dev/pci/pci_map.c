/*
 * BARs: type, size and address the way NetBSD finds them (write all ones, read the size mask back,
 * restore), with memory and I/O decoding off meanwhile as Linux does, so the BAR never decodes at
 * the all-ones address. Memory BARs are mapped through the host once and counted; BARs the host
 * serves itself (I/O ports, device models) get handles with NBSHIM_BSH_HOST.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/bus.h>
#include <dev/pci/pcivar.h>
#include "nbshim_pci_private.h"

#define BAR_IO			0x1
#define BAR_MEM_TYPE(v)		((v) & 0x6)
#define BAR_MEM_64		0x4
#define BAR_MEM_PREFETCH	0x8

static int
bar_reg_ok(int reg)
{
	return reg >= CFG_BAR0 && reg < CFG_BAR_END && (reg & 3) == 0;
}

int
nbshim_bar_probe(pci_chipset_tag_t pc, int reg, struct nbshim_bar *b)
{
	pcitag_t tag = pc->pc_tag;
	pcireg_t cmd, lo, hi = 0, mlo, mhi = 0xffffffff;
	uint64_t mask;

	memset(b, 0, sizeof(*b));
	if (!bar_reg_ok(reg))
		return EINVAL;
	lo = pci_conf_read(pc, tag, reg);
	b->io = (lo & BAR_IO) != 0;
	b->is64 = !b->io && BAR_MEM_TYPE(lo) == BAR_MEM_64;
	if (b->is64 && reg + 4 >= CFG_BAR_END)
		return EINVAL;
	if (b->is64)
		hi = pci_conf_read(pc, tag, reg + 4);

	cmd = pci_conf_read(pc, tag, CFG_COMMAND);
	if (cmd & (CFG_CMD_IO | CFG_CMD_MEM))
		pci_conf_write(pc, tag, CFG_COMMAND, cmd & ~(pcireg_t)(CFG_CMD_IO | CFG_CMD_MEM) & 0xffff);
	pci_conf_write(pc, tag, reg, 0xffffffff);
	mlo = pci_conf_read(pc, tag, reg);
	pci_conf_write(pc, tag, reg, lo);
	if (b->is64) {
		pci_conf_write(pc, tag, reg + 4, 0xffffffff);
		mhi = pci_conf_read(pc, tag, reg + 4);
		pci_conf_write(pc, tag, reg + 4, hi);
	}
	if (cmd & (CFG_CMD_IO | CFG_CMD_MEM))
		pci_conf_write(pc, tag, CFG_COMMAND, cmd & 0xffff);

	if (b->io) {
		/* Only the low 16 bits of an I/O BAR need be implemented. */
		mask = (mlo & ~(uint64_t)0x3) | 0xffff0000;
		b->base = lo & ~(uint64_t)0x3;
	} else {
		mask = ((uint64_t)mhi << 32 | (mlo & ~(uint64_t)0xf));
		if (!b->is64)
			mask |= 0xffffffff00000000ULL;
		b->base = ((uint64_t)hi << 32) | (lo & ~(uint64_t)0xf);
		b->prefetchable = (lo & BAR_MEM_PREFETCH) != 0;
	}
	b->size = (mlo == 0 || mask == ~(uint64_t)0) ? 0 : (~mask + 1);
	return 0;
}

pcireg_t
pci_mapreg_type(pci_chipset_tag_t pc, pcitag_t tag, int reg)
{
	pcireg_t v = pci_conf_read(pc, tag, reg);

	return (v & BAR_IO) ? BAR_IO : BAR_MEM_TYPE(v);
}

int
pci_mapreg_probe(pci_chipset_tag_t pc, pcitag_t tag, int reg, pcireg_t *typep)
{
	struct nbshim_bar b;

	if (tag != pc->pc_tag || nbshim_bar_probe(pc, reg, &b) != 0 || b.size == 0)
		return 0;
	if (typep != NULL)
		*typep = pci_mapreg_type(pc, tag, reg);
	return 1;
}

/* Whether `b` is of the type a driver asked for: I/O, or memory of the given width. */
static int
type_matches(const struct nbshim_bar *b, pcireg_t type)
{
	if (type & BAR_IO)
		return b->io;
	return !b->io && (BAR_MEM_TYPE(type) == BAR_MEM_64) == b->is64;
}

int
pci_mapreg_info(pci_chipset_tag_t pc, pcitag_t tag, int reg, pcireg_t type, bus_addr_t *basep,
    bus_size_t *sizep, int *flagsp)
{
	struct nbshim_bar b;

	if (tag != pc->pc_tag || nbshim_bar_probe(pc, reg, &b) != 0) {
		printf("pci_mapreg_info: %s: 0x%x is not a BAR register\n", pc->pc_backend, reg);
		return EINVAL;
	}
	if (!type_matches(&b, type)) {
		printf("pci_mapreg_info: %s: BAR at 0x%x is %s, not the %s the driver asked for\n",
		    pc->pc_backend, reg, b.io ? "I/O" : b.is64 ? "64-bit memory" : "32-bit memory",
		    (type & BAR_IO) ? "I/O" : BAR_MEM_TYPE(type) == BAR_MEM_64 ? "64-bit memory" : "32-bit memory");
		return EINVAL;
	}
	if (b.size == 0)
		return ENOENT;	/* not implemented: drivers probe for this quietly */
	if (basep != NULL)
		*basep = b.base;
	if (sizep != NULL)
		*sizep = b.size;
	if (flagsp != NULL)
		*flagsp = b.prefetchable ? BUS_SPACE_MAP_PREFETCHABLE : 0;
	return 0;
}

int
nbshim_bar_map(pci_chipset_tag_t pc, int bar, void **va, uint64_t *size)
{
	int error;

	if (bar < 0 || bar >= NBSHIM_PCI_NBARS)
		return EINVAL;
	if (pc->pc_bar[bar].va == NULL) {
		if ((error = nbh_pci_bar_map(pc->pc_host, (unsigned)bar, &pc->pc_bar[bar].va,
		    &pc->pc_bar[bar].size)) != 0) {
			pc->pc_bar[bar].va = NULL;
			return error;
		}
	}
	pc->pc_bar[bar].refs++;
	*va = pc->pc_bar[bar].va;
	*size = pc->pc_bar[bar].size;
	return 0;
}

void
nbshim_bar_unmap_va(pci_chipset_tag_t pc, const void *va)
{
	const char *p = va;
	int bar;

	for (bar = 0; bar < NBSHIM_PCI_NBARS; bar++) {
		const char *base = pc->pc_bar[bar].va;
		if (base != NULL && p >= base && p < base + pc->pc_bar[bar].size) {
			if (--pc->pc_bar[bar].refs == 0) {
				nbh_pci_bar_unmap(pc->pc_host, (unsigned)bar);
				pc->pc_bar[bar].va = NULL;
			}
			return;
		}
	}
	panic("bus_space_unmap: %s: %p is not in a mapped BAR", pc->pc_backend, va);
}

int
pci_mapreg_submap(const struct pci_attach_args *pa, int reg, pcireg_t type, int busflags,
    bus_size_t maxsize, bus_size_t offset, bus_space_tag_t *tagp, bus_space_handle_t *handlep,
    bus_addr_t *basep, bus_size_t *sizep)
{
	pci_chipset_tag_t pc = pa->pa_pc;
	struct nbshim_bar b;
	bus_space_tag_t t;
	bus_space_handle_t h;
	bus_size_t size;
	void *va;
	uint64_t mapped;
	int bar, error;

	(void)busflags;	/* cacheable/prefetchable: the host maps device memory uncached */
	if ((error = pci_mapreg_info(pc, pa->pa_tag, reg, type, NULL, NULL, NULL)) != 0 &&
	    error != ENOENT)
		return error;
	if ((error = nbshim_bar_probe(pc, reg, &b)) != 0)
		return error;
	if (b.size == 0) {
		printf("pci_mapreg_map: %s: BAR at 0x%x is not implemented\n", pc->pc_backend, reg);
		return ENOENT;
	}
	bar = (reg - CFG_BAR0) / 4;
	if (b.io) {
		if ((pa->pa_flags & PCI_FLAGS_IO_OKAY) == 0)
			return EPERM;
		t = &pc->pc_iot;
		h = NBSHIM_BSH_HOST_MAKE(bar, 0);
		size = b.size;
	} else {
		if ((pa->pa_flags & PCI_FLAGS_MEM_OKAY) == 0)
			return EPERM;
		error = nbshim_bar_map(pc, bar, &va, &mapped);
		if (error == 0) {
			t = &pc->pc_memt;
			h = (bus_space_handle_t)va;
			size = mapped;
		} else if (error == EOPNOTSUPP) {
			t = &pc->pc_modelt;
			h = NBSHIM_BSH_HOST_MAKE(bar, 0);
			size = b.size;
		} else {
			printf("pci_mapreg_map: %s: cannot map BAR %d: error %d\n", pc->pc_backend, bar, error);
			return error;
		}
	}
	if (offset > size || (maxsize != 0 && maxsize > size - offset)) {
		printf("pci_mapreg_submap: %s: 0x%lx bytes at 0x%lx do not fit BAR %d (0x%lx bytes)\n",
		    pc->pc_backend, maxsize, offset, bar, size);
		if ((h & NBSHIM_BSH_HOST) == 0)
			nbshim_bar_unmap_va(pc, (void *)h);
		return EINVAL;
	}
	if (tagp != NULL)
		*tagp = t;
	if (handlep != NULL)
		*handlep = h + offset;
	if (basep != NULL)
		*basep = b.base + offset;
	if (sizep != NULL)
		*sizep = maxsize != 0 ? maxsize : size - offset;
	return 0;
}

int
pci_mapreg_map(const struct pci_attach_args *pa, int reg, pcireg_t type, int busflags,
    bus_space_tag_t *tagp, bus_space_handle_t *handlep, bus_addr_t *basep, bus_size_t *sizep)
{
	return pci_mapreg_submap(pa, reg, type, busflags, 0, 0, tagp, handlep, basep, sizep);
}
