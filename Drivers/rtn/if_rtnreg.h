/*
 * Realtek RTL8139 registers and bits, from the chip's datasheet (RTL8139C(L)+ and earlier, "C mode":
 * one receive ring buffer, four transmit buffers). Only what if_rtn.c uses.
 */
#ifndef _RTN_IF_RTNREG_H_
#define _RTN_IF_RTNREG_H_

#define RTN_PCI_IOBA		0x10	/* BAR0: the registers in I/O space */
#define RTN_PCI_MEMBA		0x14	/* BAR1: the same registers in memory space */

#define RTN_IDR0		0x00	/* station address, 6 bytes; written 4 bytes at a time */
#define RTN_IDR4		0x04
#define RTN_MAR0		0x08	/* multicast hash filter, 64 bits */
#define RTN_MAR4		0x0c
#define RTN_TSD0		0x10	/* transmit status of descriptor 0..3 */
#define RTN_TSAD0		0x20	/* transmit start address of descriptor 0..3 */
#define RTN_RBSTART		0x30	/* receive buffer start address */
#define RTN_CR			0x37	/* command */
#define  RTN_CR_BUFE		0x01	/* receive buffer empty */
#define  RTN_CR_TE		0x04
#define  RTN_CR_RE		0x08
#define  RTN_CR_RST		0x10
#define RTN_CAPR		0x38	/* current address of packet read, 16 behind the next packet */
#define RTN_CBR			0x3a	/* current buffer address: where the chip writes next */
#define RTN_IMR			0x3c
#define RTN_ISR			0x3e
#define  RTN_INT_ROK		0x0001
#define  RTN_INT_RER		0x0002
#define  RTN_INT_TOK		0x0004
#define  RTN_INT_TER		0x0008
#define  RTN_INT_RXOVW		0x0010	/* receive buffer overflow */
#define  RTN_INT_LINKCHG	0x0020	/* packet underrun / link change */
#define  RTN_INT_FOVW		0x0040	/* receive FIFO overflow */
#define  RTN_INT_TIMEOUT	0x4000
#define  RTN_INT_SERR		0x8000	/* system error on the PCI bus */
#define RTN_TCR			0x40
#define  RTN_TCR_CLRABT		0x00000001	/* retransmit after an abort */
#define  RTN_TCR_MXDMA_1024	(6 << 8)
#define  RTN_TCR_IFG_STD	(3 << 24)	/* 9.6 us / 960 ns: the only IEEE 802.3 gap */
#define  RTN_TCR_HWVER_MASK	0x7cc00000	/* chip version, bits 30-26 and 23-22 */
#define RTN_RCR			0x44
#define  RTN_RCR_AAP		0x00000001	/* all physical addresses (promiscuous) */
#define  RTN_RCR_APM		0x00000002	/* our physical address */
#define  RTN_RCR_AM		0x00000004	/* multicast through the hash filter */
#define  RTN_RCR_AB		0x00000008	/* broadcast */
#define  RTN_RCR_WRAP		0x00000080	/* write past the ring's end instead of wrapping */
#define  RTN_RCR_MXDMA_UNLIM	(7 << 8)
#define  RTN_RCR_RBLEN(n)	((n) << 11)	/* ring of 8 KiB << n, n = 0..2 with WRAP */
#define  RTN_RCR_RXFTH_NONE	(7 << 13)	/* move whole packets only */
#define RTN_MPC			0x4c	/* missed packet counter, 24 bits; write clears */
#define RTN_9346CR		0x50
#define  RTN_9346CR_NORMAL	0x00
#define  RTN_9346CR_CFGWRITE	0xc0	/* unlocks IDR and CONFIG registers */
#define RTN_CONFIG1		0x52
#define RTN_MSR			0x58	/* media status */
#define  RTN_MSR_LINKB		0x04	/* link is down */
#define  RTN_MSR_SPEED10	0x08	/* 10 Mb/s, else 100 */
#define RTN_BMCR		0x62	/* the internal PHY's MII registers, 16 bits each */
#define  RTN_BMCR_FDX		0x0100
#define  RTN_BMCR_RESTART_AN	0x0200
#define  RTN_BMCR_AUTO		0x1000
#define  RTN_BMCR_100		0x2000
#define  RTN_BMCR_RESET		0x8000
#define RTN_BMSR		0x64
#define  RTN_BMSR_LINK		0x0004
#define  RTN_BMSR_AN_DONE	0x0020
#define RTN_ANAR		0x66
#define RTN_ANLPAR		0x68
#define  RTN_AN_10		0x0020	/* abilities in ANAR/ANLPAR */
#define  RTN_AN_10FDX		0x0040
#define  RTN_AN_100		0x0080
#define  RTN_AN_100FDX		0x0100

/* Transmit status (TSD0-3). Writing the size with OWN clear hands the buffer to the chip. */
#define RTN_TSD_SIZE_MASK	0x00001fff
#define RTN_TSD_OWN		0x00002000	/* the chip has moved the frame to its FIFO */
#define RTN_TSD_TUN		0x00004000	/* FIFO underrun */
#define RTN_TSD_TOK		0x00008000
#define RTN_TSD_ERTXTH(bytes)	((((bytes) / 32) & 0x3f) << 16)	/* early transmit threshold */
#define RTN_TSD_NCC(tsd)	(((tsd) >> 24) & 0xf)	/* collisions */
#define RTN_TSD_TABT		0x40000000	/* aborted: too many collisions */
#define RTN_TSD_CRS		0x80000000	/* carrier lost */

/* The header the chip writes before each frame in the receive ring (little-endian). */
#define RTN_RXH_ROK		0x0001
#define RTN_RXH_FAE		0x0002	/* frame alignment error */
#define RTN_RXH_CRC		0x0004
#define RTN_RXH_LONG		0x0008
#define RTN_RXH_RUNT		0x0010
#define RTN_RXH_ISE		0x0020	/* invalid symbol */
#define RTN_RXH_LEN(h)		((h) >> 16)	/* frame length with its CRC */
#define RTN_RXH_LEN_EARLY	0xfff0	/* the chip is still copying this frame */

#endif
