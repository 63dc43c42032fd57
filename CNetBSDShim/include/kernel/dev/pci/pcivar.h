/*
 * pci(9) (dev/pci/pcivar.h in NetBSD's API). One chipset tag per PCI function handed to this
 * process: config access, BAR mapping and interrupts all go to that function's host handle.
 */
#ifndef _NBSHIM_DEV_PCI_PCIVAR_H_
#define _NBSHIM_DEV_PCI_PCIVAR_H_

#include <sys/types.h>
#include <sys/bus.h>
#if __has_include(<sys/device.h>)
#include <sys/device.h>
#else
typedef struct device *device_t;
#endif

typedef uint32_t pcireg_t;

/* A NetBSD tree on the include path provides the register constants; else our subset does. */
#if __has_include(<dev/pci/pcireg.h>)
#include <dev/pci/pcireg.h>
#else
#include <dev/pci/nbshim_pcireg.h>
#endif

typedef struct pci_chipset_tag *pci_chipset_tag_t;
/* bus << 16 | device << 11 | function << 8, as in a mode-1 configuration address. */
typedef uint32_t pcitag_t;
/* Interrupt type, vector and attributes; see pci_intr.c. */
typedef uint64_t pci_intr_handle_t;

typedef enum {
	PCI_INTR_TYPE_INTX = 0,
	PCI_INTR_TYPE_MSI,
	PCI_INTR_TYPE_MSIX,
	PCI_INTR_TYPE_SIZE,
} pci_intr_type_t;

struct pci_attach_args {
	bus_space_tag_t pa_iot;
	bus_space_tag_t pa_memt;
	bus_dma_tag_t	pa_dmat;	/* 32-bit */
	bus_dma_tag_t	pa_dmat64;
	pci_chipset_tag_t pa_pc;
	int		pa_flags;
	u_int		pa_bus;
	u_int		pa_device;
	u_int		pa_function;
	pcitag_t	pa_tag;
	pcireg_t	pa_id, pa_class;
	u_int		pa_intrswiz;
	pcitag_t	pa_intrtag;
	pci_intr_pin_t	pa_intrpin;
	pci_intr_line_t	pa_intrline;
	pci_intr_pin_t	pa_rawintrpin;
};

#define PCI_FLAGS_IO_OKAY	0x01
#define PCI_FLAGS_MEM_OKAY	0x02
#define PCI_FLAGS_MRL_OKAY	0x04
#define PCI_FLAGS_MRM_OKAY	0x08
#define PCI_FLAGS_MWI_OKAY	0x10
#define PCI_FLAGS_MSI_OKAY	0x20
#define PCI_FLAGS_MSIX_OKAY	0x40

#define PCI_INTR_MPSAFE		1
#define PCI_INTRSTR_LEN		64

#define PCI_PWR_D0		0
#define PCI_PWR_D1		1
#define PCI_PWR_D2		2
#define PCI_PWR_D3		3

/* Configuration space. A tag other than the chipset's own function reads as absent (all ones). */
pcitag_t pci_make_tag(pci_chipset_tag_t, int, int, int);
void	pci_decompose_tag(pci_chipset_tag_t, pcitag_t, int *, int *, int *);
pcireg_t pci_conf_read(pci_chipset_tag_t, pcitag_t, int);
void	pci_conf_write(pci_chipset_tag_t, pcitag_t, int, pcireg_t);
int	pci_get_capability(pci_chipset_tag_t, pcitag_t, int, int *, pcireg_t *);
int	pci_msi_count(pci_chipset_tag_t, pcitag_t);
int	pci_msix_count(pci_chipset_tag_t, pcitag_t);
int	pci_dma64_available(const struct pci_attach_args *);
void	pci_devinfo(pcireg_t, pcireg_t, int, char *, size_t);
void	pci_aprint_devinfo_fancy(const struct pci_attach_args *, const char *, const char *, int);
#define pci_aprint_devinfo(pa, naive)	pci_aprint_devinfo_fancy((pa), (naive), NULL, 0)
int	pci_get_powerstate(pci_chipset_tag_t, pcitag_t, pcireg_t *);
int	pci_set_powerstate(pci_chipset_tag_t, pcitag_t, pcireg_t);
int	pci_activate(pci_chipset_tag_t, pcitag_t, device_t,
	    int (*)(pci_chipset_tag_t, pcitag_t, device_t, pcireg_t));
int	pci_activate_null(pci_chipset_tag_t, pcitag_t, device_t, pcireg_t);

/* The 64-byte header, saved and put back around a reset or a power state change. */
struct pci_conf_state {
	pcireg_t reg[16];
};
void	pci_conf_capture(pci_chipset_tag_t, pcitag_t, struct pci_conf_state *);
void	pci_conf_restore(pci_chipset_tag_t, pcitag_t, struct pci_conf_state *);
/* Config space as hex, then `dev_print` for the device-specific part when given. */
void	pci_conf_print(pci_chipset_tag_t, pcitag_t, void (*)(pci_chipset_tag_t, pcitag_t, const pcireg_t *));
/* The first function handed to this process that `match` accepts (any, when NULL): 1 with *pa
 * filled, else 0. Functions the host did not hand over do not exist here. */
int	pci_find_device(struct pci_attach_args *, int (*)(const struct pci_attach_args *));

/* A device's quirks; drivers keep their own tables of these (ehci_pci.c). */
struct pci_quirkdata {
	pci_vendor_id_t		vendor;
	pci_product_id_t	product;
	int			quirks;
};
#define	PCI_QUIRK_MULTIFUNCTION		1
#define	PCI_QUIRK_MONOFUNCTION		2
#define	PCI_QUIRK_SKIP_FUNC(n)		(4 << (n))
/* PCI_IOC_CFGREAD/CFGWRITE on the function; ENOTTY for other requests. */
int	pci_devioctl(pci_chipset_tag_t, pcitag_t, u_long, void *, int, struct lwp *);
/* No name tables here: the buffer gets the number ("vendor 0x8086") and the result is NULL. */
#define PCI_VENDORSTR_LEN	64
#define PCI_PRODUCTSTR_LEN	64
const char *pci_findvendor(char *, size_t, uint16_t);
const char *pci_findproduct(char *, size_t, uint16_t, uint16_t);

/* BARs. */
pcireg_t pci_mapreg_type(pci_chipset_tag_t, pcitag_t, int);
int	pci_mapreg_probe(pci_chipset_tag_t, pcitag_t, int, pcireg_t *);
int	pci_mapreg_info(pci_chipset_tag_t, pcitag_t, int, pcireg_t, bus_addr_t *, bus_size_t *,
	    int *);
int	pci_mapreg_map(const struct pci_attach_args *, int, pcireg_t, int, bus_space_tag_t *,
	    bus_space_handle_t *, bus_addr_t *, bus_size_t *);
int	pci_mapreg_submap(const struct pci_attach_args *, int, pcireg_t, int, bus_size_t,
	    bus_size_t, bus_space_tag_t *, bus_space_handle_t *, bus_addr_t *, bus_size_t *);

/* Interrupts. */
int	pci_intr_map(const struct pci_attach_args *, pci_intr_handle_t *);
const char *pci_intr_string(pci_chipset_tag_t, pci_intr_handle_t, char *, size_t);
void	*pci_intr_establish(pci_chipset_tag_t, pci_intr_handle_t, int, int (*)(void *), void *);
void	*pci_intr_establish_xname(pci_chipset_tag_t, pci_intr_handle_t, int, int (*)(void *),
	    void *, const char *);
void	pci_intr_disestablish(pci_chipset_tag_t, void *);
pci_intr_type_t pci_intr_type(pci_chipset_tag_t, pci_intr_handle_t);
int	pci_intr_alloc(const struct pci_attach_args *, pci_intr_handle_t **, int *,
	    pci_intr_type_t);
void	pci_intr_release(pci_chipset_tag_t, pci_intr_handle_t *, int);
int	pci_intr_setattr(pci_chipset_tag_t, pci_intr_handle_t *, int, uint64_t);

#endif
