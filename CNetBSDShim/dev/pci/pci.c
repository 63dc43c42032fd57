/* pci(9): configuration space, capabilities, power states, device info, and pci_attach_args. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/ioccom.h>
#include <dev/pci/pcivar.h>
#include "nbshim_pci_private.h"
#include "kern/uipc_mbuf_private.h"

/* Every function handed to this process, for nbshim_pci_fill_attach_args to find again. */
static struct pci_chipset_tag *pci_chipsets;
static volatile int pci_chipsets_lock;

static void
chipsets_lock(void)
{
	while (__atomic_exchange_n(&pci_chipsets_lock, 1, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
}

static void
chipsets_unlock(void)
{
	__atomic_store_n(&pci_chipsets_lock, 0, __ATOMIC_RELEASE);
}

pcitag_t
pci_make_tag(pci_chipset_tag_t pc, int bus, int dev, int fn)
{
	(void)pc;
	return ((pcitag_t)bus & 0xff) << 16 | ((pcitag_t)dev & 0x1f) << 11 | ((pcitag_t)fn & 0x7) << 8;
}

void
pci_decompose_tag(pci_chipset_tag_t pc, pcitag_t tag, int *bp, int *dp, int *fp)
{
	(void)pc;
	if (bp != NULL)
		*bp = (tag >> 16) & 0xff;
	if (dp != NULL)
		*dp = (tag >> 11) & 0x1f;
	if (fp != NULL)
		*fp = (tag >> 8) & 0x7;
}

pcireg_t
pci_conf_read(pci_chipset_tag_t pc, pcitag_t tag, int reg)
{
	uint32_t v;

	if (reg < 0 || reg > 4092 || (reg & 3) != 0)
		panic("pci_conf_read: register 0x%x is not a 32-bit register of config space", reg);
	/* Only our own function is reachable: anything else reads as an empty slot. */
	if (tag != pc->pc_tag)
		return 0xffffffff;
	if (nbh_pci_conf_read(pc->pc_host, (unsigned)reg, 4, &v) != 0)
		return 0xffffffff;
	return v;
}

void
pci_conf_write(pci_chipset_tag_t pc, pcitag_t tag, int reg, pcireg_t v)
{
	if (reg < 0 || reg > 4092 || (reg & 3) != 0)
		panic("pci_conf_write: register 0x%x is not a 32-bit register of config space", reg);
	if (tag != pc->pc_tag) {
		printf("pci_conf_write: tag 0x%x is not the function handed to this process (0x%x); ignored\n",
		    tag, pc->pc_tag);
		return;
	}
	(void)nbh_pci_conf_write(pc->pc_host, (unsigned)reg, 4, v);
}

int
pci_get_capability(pci_chipset_tag_t pc, pcitag_t tag, int capid, int *offset, pcireg_t *value)
{
	pcireg_t reg;
	int off, n;

	if ((pci_conf_read(pc, tag, CFG_COMMAND) & CFG_STATUS_CAPLIST) == 0)
		return 0;
	/* Header type 2 (CardBus bridge) keeps its list pointer elsewhere. */
	off = ((pci_conf_read(pc, tag, CFG_BHLC) >> 16) & 0x7f) == 2 ? CFG_CAPPTR_CARDBUS : CFG_CAPPTR;
	off = pci_conf_read(pc, tag, off) & 0xff;
	/* At most 48 capabilities fit above 0x40: more means a loop. */
	for (n = 0; off >= 0x40 && n < 48; n++) {
		off &= ~3;
		reg = pci_conf_read(pc, tag, off);
		if ((int)(reg & 0xff) == capid) {
			if (offset != NULL)
				*offset = off;
			if (value != NULL)
				*value = reg;
			return 1;
		}
		off = (reg >> 8) & 0xff;
	}
	return 0;
}

/* The host's deliverable vector counts; a failure counts as none. */
static void
host_intr_counts(pci_chipset_tag_t pc, int *intx, int *msi, int *msix)
{
	if (nbh_intr_counts(pc->pc_host, intx, msi, msix) != 0)
		*intx = *msi = *msix = 0;
}

/* What the function offers, capped by what the host can deliver (0 on uio). */
int
pci_msi_count(pci_chipset_tag_t pc, pcitag_t tag)
{
	pcireg_t reg;
	int hw, intx, msi, msix;

	if (!pci_get_capability(pc, tag, CAP_MSI, NULL, &reg))
		return 0;
	hw = 1 << ((reg >> 17) & 0x7);
	host_intr_counts(pc, &intx, &msi, &msix);
	return hw < msi ? hw : msi;
}

int
pci_msix_count(pci_chipset_tag_t pc, pcitag_t tag)
{
	pcireg_t reg;
	int hw, intx, msi, msix;

	if (!pci_get_capability(pc, tag, CAP_MSIX, NULL, &reg))
		return 0;
	hw = ((reg >> 16) & 0x7ff) + 1;
	host_intr_counts(pc, &intx, &msi, &msix);
	return hw < msix ? hw : msix;
}

int
pci_dma64_available(const struct pci_attach_args *pa)
{
	return pa->pa_dmat64 != NULL;
}

/* Without pcidevs name tables the identification is numeric, as NetBSD prints unknown ids. */
void
pci_devinfo(pcireg_t id, pcireg_t class, int showclass, char *buf, size_t len)
{
	int n;

	n = snprintf(buf, len, "vendor %04x product %04x", id & 0xffff, (id >> 16) & 0xffff);
	if (showclass && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " (class 0x%02x, subclass 0x%02x, revision 0x%02x)",
		    (class >> 24) & 0xff, (class >> 16) & 0xff, class & 0xff);
}

void
pci_aprint_devinfo_fancy(const struct pci_attach_args *pa, const char *naive, const char *known,
    int addrev)
{
	char info[128];

	if (known != NULL) {
		if (addrev)
			aprint_normal(": %s (rev. 0x%02x)\n", known, pa->pa_class & 0xff);
		else
			aprint_normal(": %s\n", known);
	} else {
		pci_devinfo(pa->pa_id, pa->pa_class, 0, info, sizeof(info));
		aprint_normal(": %s (rev. 0x%02x)\n", info, pa->pa_class & 0xff);
	}
	if (naive != NULL)
		aprint_naive(": %s\n", naive);
	else
		aprint_naive("\n");
}

int
pci_get_powerstate(pci_chipset_tag_t pc, pcitag_t tag, pcireg_t *state)
{
	int off;

	if (!pci_get_capability(pc, tag, CAP_PWRMGMT, &off, NULL))
		return EOPNOTSUPP;
	*state = pci_conf_read(pc, tag, off + PM_CSR) & 0x3;
	return 0;
}

int
pci_set_powerstate(pci_chipset_tag_t pc, pcitag_t tag, pcireg_t state)
{
	pcireg_t csr, old;
	int off;

	if (state > 3)
		return EINVAL;
	if (!pci_get_capability(pc, tag, CAP_PWRMGMT, &off, NULL))
		return EOPNOTSUPP;
	csr = pci_conf_read(pc, tag, off + PM_CSR);
	old = csr & 0x3;
	if (old == state)
		return 0;
	pci_conf_write(pc, tag, off + PM_CSR, (csr & ~0x3u) | state);
	/* Leaving or entering D3hot needs 10 ms before the function answers again (PCI PM 1.2). */
	if (old == 3 || state == 3)
		nbh_clock_sleep(10 * 1000 * 1000);
	if ((pci_conf_read(pc, tag, off + PM_CSR) & 0x3) != state)
		return EIO;
	return 0;
}

int
pci_activate(pci_chipset_tag_t pc, pcitag_t tag, device_t dev,
    int (*wake)(pci_chipset_tag_t, pcitag_t, device_t, pcireg_t))
{
	pcireg_t state;
	int error;

	if (pci_get_powerstate(pc, tag, &state) != 0 || state == 0)
		return 0;
	if (wake != NULL)
		return (*wake)(pc, tag, dev, state);
	if ((error = pci_set_powerstate(pc, tag, 0)) != 0)
		printf("pci_activate: cannot bring the function to D0 (from D%u): error %d\n", state, error);
	return error;
}

int
pci_activate_null(pci_chipset_tag_t pc, pcitag_t tag, device_t dev, pcireg_t state)
{
	(void)pc; (void)tag; (void)dev; (void)state;
	return 0;
}

static void
init_tags(struct pci_chipset_tag *pc)
{
	pc->pc_memt = (struct bus_space_tag){ NBSHIM_BUS_SPACE_MEM, pc->pc_host, pc };
	pc->pc_iot = (struct bus_space_tag){ NBSHIM_BUS_SPACE_IO, pc->pc_host, pc };
	pc->pc_modelt = (struct bus_space_tag){ NBSHIM_BUS_SPACE_MODEL, pc->pc_host, pc };
	pc->pc_dmat = (struct bus_dma_tag){ pc->pc_host, 0xffffffffUL, 0, pc->pc_backend, 1, 0 };
	pc->pc_dmat64 = (struct bus_dma_tag){ pc->pc_host, ~0UL, 0, pc->pc_backend, 1, 0 };
}

static struct pci_chipset_tag *
chipset_for(struct nbh_pci *host, pcitag_t tag)
{
	struct pci_chipset_tag *pc;

	chipsets_lock();
	for (pc = pci_chipsets; pc != NULL; pc = pc->pc_next)
		if (pc->pc_host == host)
			break;
	if (pc == NULL && (pc = nbh_mem_alloc(sizeof(*pc), 0)) != NULL) {
		memset(pc, 0, sizeof(*pc));
		pc->pc_host = host;
		pc->pc_tag = tag;
		nbh_pci_backend_name(host, pc->pc_backend, sizeof(pc->pc_backend));
		init_tags(pc);
		pc->pc_next = pci_chipsets;
		pci_chipsets = pc;
	}
	chipsets_unlock();
	return pc;
}

int
nbshim_pci_fill_attach_args(struct nbh_pci *host, unsigned bus, unsigned dev, unsigned fn,
    struct pci_attach_args *pa)
{
	struct pci_chipset_tag *pc;
	pcitag_t tag;
	pcireg_t intr;
	int intx, msi, msix;

	if (bus > 255 || dev > 31 || fn > 7) {
		printf("nbshim_pci_fill_attach_args: %u:%u.%u is not a PCI address (bus 0-255, device 0-31, function 0-7)\n",
		    bus, dev, fn);
		return EINVAL;
	}
	tag = pci_make_tag(NULL, (int)bus, (int)dev, (int)fn);
	if ((pc = chipset_for(host, tag)) == NULL)
		return ENOMEM;
	memset(pa, 0, sizeof(*pa));
	pa->pa_pc = pc;
	pa->pa_tag = pa->pa_intrtag = pc->pc_tag;
	pa->pa_bus = bus;
	pa->pa_device = dev;
	pa->pa_function = fn;
	pa->pa_id = pci_conf_read(pc, pc->pc_tag, CFG_ID);
	if (pa->pa_id == 0xffffffff || (pa->pa_id & 0xffff) == 0xffff) {
		printf("nbshim_pci_fill_attach_args: %s: no function answers config reads\n", pc->pc_backend);
		return ENXIO;
	}
	pa->pa_class = pci_conf_read(pc, pc->pc_tag, CFG_CLASS);
	intr = pci_conf_read(pc, pc->pc_tag, CFG_INTERRUPT);
	pa->pa_intrpin = pa->pa_rawintrpin = (intr >> 8) & 0xff;
	pa->pa_intrline = intr & 0xff;
	pa->pa_iot = &pc->pc_iot;
	pa->pa_memt = &pc->pc_memt;
	pa->pa_dmat = &pc->pc_dmat;
	pa->pa_dmat64 = &pc->pc_dmat64;
	pa->pa_flags = PCI_FLAGS_IO_OKAY | PCI_FLAGS_MEM_OKAY | PCI_FLAGS_MRL_OKAY |
	    PCI_FLAGS_MRM_OKAY | PCI_FLAGS_MWI_OKAY;
	host_intr_counts(pc, &intx, &msi, &msix);
	if (msi > 0)
		pa->pa_flags |= PCI_FLAGS_MSI_OKAY;
	if (msix > 0)
		pa->pa_flags |= PCI_FLAGS_MSIX_OKAY;
	return 0;
}

void
nbshim_pci_forget(struct nbh_pci *host)
{
	struct pci_chipset_tag **pp, *pc = NULL;
	int bar;

	chipsets_lock();
	for (pp = &pci_chipsets; *pp != NULL; pp = &(*pp)->pc_next) {
		if ((*pp)->pc_host == host) {
			pc = *pp;
			*pp = pc->pc_next;
			break;
		}
	}
	chipsets_unlock();
	if (pc == NULL)
		return;
	for (bar = 0; bar < NBSHIM_PCI_NBARS; bar++) {
		if (pc->pc_bar[bar].va != NULL) {
			printf("nbshim_pci_forget: %s: BAR %d still mapped %d times (a driver did not bus_space_unmap it); unmapping\n",
			    pc->pc_backend, bar, pc->pc_bar[bar].refs);
			nbh_pci_bar_unmap(host, (unsigned)bar);
		}
	}
	nbshim_mbuf_forget_device(host);
	nbh_mem_free(pc, sizeof(*pc));
}

void
pci_conf_capture(pci_chipset_tag_t pc, pcitag_t tag, struct pci_conf_state *st)
{
	int i;

	for (i = 0; i < 16; i++)
		st->reg[i] = pci_conf_read(pc, tag, i * 4);
}

/* Last register first, so the command register (decoding, bus mastering) comes back after the
 * BARs it enables; the identification register is read-only. */
void
pci_conf_restore(pci_chipset_tag_t pc, pcitag_t tag, struct pci_conf_state *st)
{
	int i;

	for (i = 15; i >= 1; i--)
		if (pci_conf_read(pc, tag, i * 4) != st->reg[i])
			pci_conf_write(pc, tag, i * 4, st->reg[i]);
}

void
pci_conf_print(pci_chipset_tag_t pc, pcitag_t tag, void (*dev_print)(pci_chipset_tag_t, pcitag_t,
    const pcireg_t *))
{
	pcireg_t regs[64];
	int i;

	for (i = 0; i < 64; i++)
		regs[i] = pci_conf_read(pc, tag, i * 4);
	printf("PCI configuration space of %s:\n", pc->pc_backend);
	for (i = 0; i < 64; i += 4)
		printf("  0x%02x: 0x%08x 0x%08x 0x%08x 0x%08x\n", i * 4, regs[i], regs[i + 1],
		    regs[i + 2], regs[i + 3]);
	if (dev_print != NULL)
		dev_print(pc, tag, regs);
}

int
pci_find_device(struct pci_attach_args *pa, int (*match)(const struct pci_attach_args *))
{
	struct nbh_pci *hosts[64];
	pcitag_t tags[64];
	struct pci_chipset_tag *pc;
	struct pci_attach_args a;
	int i, n = 0, b, d, f;

	chipsets_lock();
	for (pc = pci_chipsets; pc != NULL && n < 64; pc = pc->pc_next, n++) {
		hosts[n] = pc->pc_host;
		tags[n] = pc->pc_tag;
	}
	chipsets_unlock();
	for (i = 0; i < n; i++) {
		pci_decompose_tag(NULL, tags[i], &b, &d, &f);
		if (nbshim_pci_fill_attach_args(hosts[i], (unsigned)b, (unsigned)d, (unsigned)f, &a) != 0)
			continue;
		if (match == NULL || match(&a)) {
			if (pa != NULL)
				*pa = a;
			return 1;
		}
	}
	return 0;
}

/* The layout of dev/pci/pciio.h's struct pciio_cfgreg and its two requests ('P', 0 and 1). */
struct cfgreg {
	u_int reg;
	uint32_t val;
};
#define CFGREAD		_IOWR('P', 0, struct cfgreg)
#define CFGWRITE	_IOW('P', 1, struct cfgreg)

int
pci_devioctl(pci_chipset_tag_t pc, pcitag_t tag, u_long cmd, void *data, int flag, struct lwp *l)
{
	struct cfgreg *r = data;

	(void)flag; (void)l;
	switch (cmd) {
	case CFGREAD:
	case CFGWRITE:
		if (r->reg >= 4096 || (r->reg & 3) != 0)
			return EINVAL;
		if (cmd == CFGREAD)
			r->val = pci_conf_read(pc, tag, (int)r->reg);
		else
			pci_conf_write(pc, tag, (int)r->reg, r->val);
		return 0;
	default:
		return ENOTTY;
	}
}

const char *
pci_findvendor(char *buf, size_t len, uint16_t vendor)
{
	snprintf(buf, len, "vendor 0x%04x", vendor);
	return NULL;
}

const char *
pci_findproduct(char *buf, size_t len, uint16_t vendor, uint16_t product)
{
	(void)vendor;
	snprintf(buf, len, "product 0x%04x", product);
	return NULL;
}

