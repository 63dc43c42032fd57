/*
 * PCI interrupts: handles, strings, allocation in NetBSD's order (MSI-X, MSI, INTx, within what
 * the host delivers), and establishment on the host's interrupt thread. A handler runs at its IPL
 * through the spl emulation unless it is MPSAFE.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include "arch/x86/intr_private.h"
#include <dev/pci/pcivar.h>
#include "nbshim_pci_private.h"

/* pci_intr_handle_t: vector index in bits 0-15, type in bits 32-33, MPSAFE in bit 48. */
#define IH_VECTOR(ih)		((int)((ih) & 0xffff))
#define IH_TYPE(ih)		((pci_intr_type_t)(((ih) >> 32) & 0x3))
#define IH_MPSAFE		(1ULL << 48)
#define IH_MAKE(type, vec)	(((uint64_t)(type) << 32) | ((uint64_t)(vec) & 0xffff))

struct nbshim_pci_intr {
	pci_chipset_tag_t	pc;
	int			(*fn)(void *);
	void			*arg;
	int			ipl;
	bool			mpsafe;
	struct nbh_intr		*host;		/* NULL once revoked (nbshim_pci_intr_revoke) */
	char			xname[32];
	struct nbshim_pci_intr	*next;
};

/* Every established handler, so a function's can be revoked when its driver cannot detach. */
static struct nbshim_pci_intr *pci_intrs;
static volatile int pci_intrs_lock;

static void
intrs_lock(void)
{
	while (__atomic_exchange_n(&pci_intrs_lock, 1, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
}

static void
intrs_unlock(void)
{
	__atomic_store_n(&pci_intrs_lock, 0, __ATOMIC_RELEASE);
}

static void
intr_trampoline(void *cookie)
{
	struct nbshim_pci_intr *ih = cookie;
	int s;

	s = nbshim_intr_enter(ih->ipl, ih->mpsafe);
	(void)(*ih->fn)(ih->arg);
	nbshim_intr_exit(s);
}

int
pci_intr_map(const struct pci_attach_args *pa, pci_intr_handle_t *ihp)
{
	pci_chipset_tag_t pc = pa->pa_pc;
	int intx, msi, msix;

	if (pa->pa_intrpin == 0) {
		printf("pci_intr_map: %s: the function has no interrupt pin\n", pc->pc_backend);
		return ENODEV;
	}
	if (nbh_intr_counts(pc->pc_host, &intx, &msi, &msix) != 0 || intx == 0) {
		printf("pci_intr_map: %s: the host cannot deliver INTx for this function\n", pc->pc_backend);
		return ENODEV;
	}
	*ihp = IH_MAKE(PCI_INTR_TYPE_INTX, 0);
	return 0;
}

const char *
pci_intr_string(pci_chipset_tag_t pc, pci_intr_handle_t ih, char *buf, size_t len)
{
	switch (IH_TYPE(ih)) {
	case PCI_INTR_TYPE_MSI:
		snprintf(buf, len, "msi0 vec %d", IH_VECTOR(ih));
		break;
	case PCI_INTR_TYPE_MSIX:
		snprintf(buf, len, "msix0 vec %d", IH_VECTOR(ih));
		break;
	default:
		snprintf(buf, len, "%s intx", pc->pc_backend);
		break;
	}
	return buf;
}

pci_intr_type_t
pci_intr_type(pci_chipset_tag_t pc, pci_intr_handle_t ih)
{
	(void)pc;
	return IH_TYPE(ih);
}

int
pci_intr_setattr(pci_chipset_tag_t pc, pci_intr_handle_t *ih, int attr, uint64_t data)
{
	(void)pc;
	if (attr != PCI_INTR_MPSAFE)
		return ENODEV;
	if (data)
		*ih |= IH_MPSAFE;
	else
		*ih &= ~IH_MPSAFE;
	return 0;
}

void *
pci_intr_establish_xname(pci_chipset_tag_t pc, pci_intr_handle_t ih, int ipl, int (*fn)(void *),
    void *arg, const char *xname)
{
	struct nbshim_pci_intr *c;
	char what[PCI_INTRSTR_LEN];
	int vector;

	switch (IH_TYPE(ih)) {
	case PCI_INTR_TYPE_MSI:
		vector = NBH_INTR_MSI(IH_VECTOR(ih));
		break;
	case PCI_INTR_TYPE_MSIX:
		vector = NBH_INTR_MSIX(IH_VECTOR(ih));
		break;
	default:
		vector = NBH_INTR_INTX;
		break;
	}
	if ((c = nbh_mem_alloc(sizeof(*c), 0)) == NULL)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->pc = pc;
	c->fn = fn;
	c->arg = arg;
	c->ipl = ipl;
	c->mpsafe = (ih & IH_MPSAFE) != 0;
	snprintf(c->xname, sizeof(c->xname), "%s", xname != NULL ? xname : "?");
	if (nbh_intr_establish(pc->pc_host, vector, intr_trampoline, c, &c->host) != 0) {
		printf("pci_intr_establish: %s: cannot establish %s for %s\n", pc->pc_backend,
		    pci_intr_string(pc, ih, what, sizeof(what)), c->xname);
		nbh_mem_free(c, sizeof(*c));
		return NULL;
	}
	intrs_lock();
	c->next = pci_intrs;
	pci_intrs = c;
	intrs_unlock();
	return c;
}

void *
pci_intr_establish(pci_chipset_tag_t pc, pci_intr_handle_t ih, int ipl, int (*fn)(void *),
    void *arg)
{
	return pci_intr_establish_xname(pc, ih, ipl, fn, arg, "unknown");
}

void
pci_intr_disestablish(pci_chipset_tag_t pc, void *cookie)
{
	struct nbshim_pci_intr *c = cookie, **pp;

	(void)pc;
	intrs_lock();
	for (pp = &pci_intrs; *pp != NULL && *pp != c; pp = &(*pp)->next)
		continue;
	if (*pp == NULL)
		panic("pci_intr_disestablish: %p is not an established interrupt", cookie);
	*pp = c->next;
	intrs_unlock();
	if (c->host != NULL)
		nbh_intr_disestablish(c->host);
	nbh_mem_free(c, sizeof(*c));
}

/*
 * Disestablishes every handler of `pc` at the host; returns how many. The driver's cookies stay
 * valid (its pci_intr_disestablish then only frees them): its device is going away under it.
 */
int
nbshim_pci_intr_revoke(pci_chipset_tag_t pc)
{
	struct nbshim_pci_intr *c;
	struct nbh_intr *host;
	int n = 0;

	for (;;) {
		host = NULL;
		intrs_lock();
		for (c = pci_intrs; c != NULL; c = c->next) {
			if (c->pc == pc && c->host != NULL) {
				host = c->host;
				c->host = NULL;
				break;
			}
		}
		intrs_unlock();
		if (host == NULL)
			return n;
		nbh_intr_disestablish(host);	/* waits for a running handler: not under the lock */
		n++;
	}
}

/* `n` handles of `type`, vectors 0..n-1. */
static int
alloc_handles(pci_intr_handle_t **ihps, int n, pci_intr_type_t type)
{
	pci_intr_handle_t *ih;
	int i;

	if ((ih = nbh_mem_alloc(sizeof(*ih) * (size_t)n, 0)) == NULL)
		return ENOMEM;
	for (i = 0; i < n; i++)
		ih[i] = IH_MAKE(type, i);
	*ihps = ih;
	return 0;
}

/*
 * NetBSD's fallback order. counts[type] is how many vectors of each type the driver wants (-1:
 * as many as the function has), only types up to max_type are tried, and on return counts[] holds
 * the one type that was allocated. counts == NULL: one vector of the best type.
 */
int
pci_intr_alloc(const struct pci_attach_args *pa, pci_intr_handle_t **ihps, int *counts,
    pci_intr_type_t max_type)
{
	pci_chipset_tag_t pc = pa->pa_pc;
	int want[PCI_INTR_TYPE_SIZE] = { 1, 1, 1 };
	int have[PCI_INTR_TYPE_SIZE];
	int type, n;

	if (counts != NULL) {
		for (type = 0; type < PCI_INTR_TYPE_SIZE; type++) {
			want[type] = type <= (int)max_type ? counts[type] : 0;
			counts[type] = 0;
		}
	} else {
		for (type = (int)max_type + 1; type < PCI_INTR_TYPE_SIZE; type++)
			want[type] = 0;
	}
	have[PCI_INTR_TYPE_MSIX] = pci_msix_count(pc, pa->pa_tag);
	have[PCI_INTR_TYPE_MSI] = pci_msi_count(pc, pa->pa_tag);
	have[PCI_INTR_TYPE_INTX] = pa->pa_intrpin != 0 ? 1 : 0;
	for (type = PCI_INTR_TYPE_MSIX; type >= PCI_INTR_TYPE_INTX; type--) {
		n = want[type] == -1 ? have[type] : want[type];
		if (n <= 0 || n > have[type])
			continue;
		if (type == PCI_INTR_TYPE_INTX) {
			pci_intr_handle_t ih;
			if (pci_intr_map(pa, &ih) != 0)
				break;
		}
		if (alloc_handles(ihps, n, (pci_intr_type_t)type) != 0)
			return ENOMEM;
		if (counts != NULL)
			counts[type] = n;
		return 0;
	}
	printf("pci_intr_alloc: %s: no interrupt of the types asked for (MSI-X %d, MSI %d, INTx %d available)\n",
	    pc->pc_backend, have[PCI_INTR_TYPE_MSIX], have[PCI_INTR_TYPE_MSI], have[PCI_INTR_TYPE_INTX]);
	return ENODEV;
}

void
pci_intr_release(pci_chipset_tag_t pc, pci_intr_handle_t *ihps, int count)
{
	(void)pc;
	if (ihps != NULL && count > 0)
		nbh_mem_free(ihps, sizeof(*ihps) * (size_t)count);
}
