/*
 * The PCI configuration-space constants our own code (Drivers/edu, the personality's tests) uses,
 * under NetBSD's names, for builds without a NetBSD tree. With a tree on the include path pcivar.h
 * includes the real <dev/pci/pcireg.h> instead, and this file is not read. Values are the PCI
 * specification's.
 */
#ifndef _NBSHIM_DEV_PCI_PCIREG_H_
#define _NBSHIM_DEV_PCI_PCIREG_H_

#include <sys/types.h>

typedef uint16_t pci_vendor_id_t;
typedef uint16_t pci_product_id_t;
typedef uint8_t pci_class_t;
typedef uint8_t pci_subclass_t;
typedef uint8_t pci_interface_t;
typedef uint8_t pci_revision_t;
typedef uint8_t pci_intr_pin_t;
typedef uint8_t pci_intr_line_t;

#define PCI_ID_REG			0x00
#define PCI_VENDOR(id)			((id) & 0xffff)
#define PCI_PRODUCT(id)			(((id) >> 16) & 0xffff)
#define PCI_ID_CODE(vid, pid)		((((pid) & 0xffff) << 16) | ((vid) & 0xffff))

#define PCI_COMMAND_STATUS_REG		0x04
#define PCI_COMMAND_IO_ENABLE		0x00000001
#define PCI_COMMAND_MEM_ENABLE		0x00000002
#define PCI_COMMAND_MASTER_ENABLE	0x00000004
#define PCI_COMMAND_INTERRUPT_DISABLE	0x00000400
#define PCI_STATUS_INT_STATUS		0x00080000
#define PCI_STATUS_CAPLIST_SUPPORT	0x00100000

#define PCI_CLASS_REG			0x08
#define PCI_CLASS(cr)			(((cr) >> 24) & 0xff)
#define PCI_SUBCLASS(cr)		(((cr) >> 16) & 0xff)
#define PCI_INTERFACE(cr)		(((cr) >> 8) & 0xff)
#define PCI_REVISION(cr)		((cr) & 0xff)

#define PCI_BHLC_REG			0x0c
#define PCI_HDRTYPE_TYPE(bhlc)		(((bhlc) >> 16) & 0x7f)
#define PCI_HDRTYPE_MULTIFN(bhlc)	((((bhlc) >> 16) & 0x80) != 0)

#define PCI_MAPREG_START		0x10
#define PCI_MAPREG_END			0x28
#define PCI_MAPREG_TYPE(mr)		((mr) & 0x00000001)
#define PCI_MAPREG_TYPE_MEM		0x00000000
#define PCI_MAPREG_TYPE_IO		0x00000001
#define PCI_MAPREG_MEM_TYPE(mr)		((mr) & 0x00000006)
#define PCI_MAPREG_MEM_TYPE_32BIT	0x00000000
#define PCI_MAPREG_MEM_TYPE_32BIT_1M	0x00000002
#define PCI_MAPREG_MEM_TYPE_64BIT	0x00000004
#define PCI_MAPREG_MEM_PREFETCHABLE(mr)	(((mr) & 0x00000008) != 0)
#define PCI_MAPREG_MEM_ADDR(mr)		((mr) & 0xfffffff0)
#define PCI_MAPREG_IO_ADDR(mr)		((mr) & 0xfffffffc)

#define PCI_SUBSYS_ID_REG		0x2c
#define PCI_CAPLISTPTR_REG		0x34
#define PCI_CAPLIST_PTR(cpr)		((cpr) & 0xff)
#define PCI_CAPLIST_CAP(cr)		((cr) & 0xff)
#define PCI_CAPLIST_NEXT(cr)		(((cr) >> 8) & 0xff)

#define PCI_INTERRUPT_REG		0x3c
#define PCI_INTERRUPT_PIN(ir)		(((ir) >> 8) & 0xff)
#define PCI_INTERRUPT_LINE(ir)		((ir) & 0xff)
#define PCI_INTERRUPT_PIN_NONE		0x00
#define PCI_INTERRUPT_PIN_A		0x01
#define PCI_INTERRUPT_PIN_B		0x02
#define PCI_INTERRUPT_PIN_C		0x03
#define PCI_INTERRUPT_PIN_D		0x04

#define PCI_CAP_PWRMGMT			0x01
#define PCI_CAP_MSI			0x05
#define PCI_CAP_VENDSPEC		0x09
#define PCI_CAP_PCIEXPRESS		0x10
#define PCI_CAP_MSIX			0x11

#define PCI_PMCSR			0x04
#define PCI_PMCSR_STATE_MASK		0x00000003
#define PCI_PMCSR_STATE_D0		0x00000000
#define PCI_PMCSR_STATE_D1		0x00000001
#define PCI_PMCSR_STATE_D2		0x00000002
#define PCI_PMCSR_STATE_D3		0x00000003

#endif
