/*
 * rtn(4): a driver for the Realtek RTL8139 family (QEMU's "rtl8139", PCI 10ec:8139), written the
 * way a driver in sys/dev/pci is, against the NetBSD kernel API only, so the shim's network layer
 * (mbuf, ifnet, ether, ifmedia) is exercised without a NetBSD tree. Named rtn, not rtk, so it
 * never stands in for NetBSD's own driver.
 *
 * The chip in "C mode": frames arrive in one ring buffer in host memory, each behind a 4-byte
 * header, 32-bit aligned; the driver copies them out and moves CAPR on. Transmission uses four
 * fixed buffers in turn: the driver copies a frame into one and writes its size into TSDn. Both
 * live in one 32-bit DMA allocation. The PHY is internal; its BMCR/BMSR are chip registers, so
 * there is no mii(4): media is set through BMCR, link is polled from MSR once a second (and the
 * chip's link-change interrupt, where it has one).
 *
 * Locking: sc_lock (IPL_NET) covers the registers and ring state; frames go to the stack with it
 * dropped, and if_link_state_change is called without it.
 */
#include <sys/cdefs.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/bus.h>
#include <sys/callout.h>
#include <sys/cpu.h>
#include <sys/endian.h>
#include <sys/errno.h>
#include <sys/evcnt.h>
#include <sys/intr.h>
#include <sys/kernel.h>
#include <sys/mbuf.h>
#include <sys/mutex.h>
#include <sys/socket.h>
#include <sys/sockio.h>

#include <net/if.h>
#include <net/if_dl.h>
#include <net/if_ether.h>
#include <net/if_media.h>
#include <net/bpf.h>

#include <dev/pci/pcivar.h>

#include "if_rtnreg.h"

#define RTN_VENDOR_REALTEK	0x10ec
#define RTN_PRODUCT_8139	0x8139

#define RTN_RX_RBLEN		2			/* 32 KiB ring */
#define RTN_RX_RINGSZ		(8192 << RTN_RX_RBLEN)
/* With RCR.WRAP the last frame runs on past the ring's end: room for one more. */
#define RTN_RX_BUFSZ		(RTN_RX_RINGSZ + 16 + 1536)
#define RTN_NTX			4
#define RTN_TX_BUFSZ		2048			/* one frame each, 4-byte aligned */
#define RTN_TX_OFF		roundup(RTN_RX_BUFSZ, PAGE_SIZE)
#define RTN_DMA_SIZE		(RTN_TX_OFF + RTN_NTX * RTN_TX_BUFSZ)
#define RTN_DMA_MAXADDR		0xffffffffUL		/* RBSTART and TSADn are 32 bits */

#define RTN_MAX_FRAME		(ETHER_MAX_LEN + ETHER_VLAN_ENCAP_LEN)	/* with CRC */
#define RTN_RX_ALIGN		2			/* puts the IP header on 4 bytes */
#define RTN_TX_THRESH		256
#define RTN_TX_TIMEOUT		5			/* seconds, counted by the tick */
#define RTN_RESET_TRIES		1000			/* x 10 us */
#define RTN_INTR_LOOPS		16
#define RTN_INTRS		(RTN_INT_ROK | RTN_INT_RER | RTN_INT_TOK | RTN_INT_TER | \
				 RTN_INT_RXOVW | RTN_INT_LINKCHG | RTN_INT_FOVW | RTN_INT_SERR)

struct rtn_softc {
	device_t		sc_dev;
	pci_chipset_tag_t	sc_pc;

	bus_space_tag_t		sc_bst;
	bus_space_handle_t	sc_bsh;
	bus_size_t		sc_bss;

	pci_intr_handle_t	*sc_intrs;
	void			*sc_ih;

	bus_dma_tag_t		sc_dmat;	/* 32-bit */
	bus_dma_segment_t	sc_dmaseg;
	int			sc_dmanseg;
	bus_dmamap_t		sc_dmamap;
	uint8_t			*sc_dmabuf;	/* receive ring, then the transmit buffers */
	bus_addr_t		sc_dmaaddr;

	struct ethercom		sc_ec;
	struct if_percpuq	*sc_ipq;	/* received frames to the stack */
	struct ifmedia		sc_media;
	uint8_t			sc_enaddr[ETHER_ADDR_LEN];
	const char		*sc_chip;

	kmutex_t		sc_lock;
	callout_t		sc_tick;
	bool			sc_sync;	/* sc_lock and sc_tick initialized */
	bool			sc_attached;	/* the interface exists */

	/* Below: under sc_lock. */
	uint32_t		sc_rcr;		/* what RCR holds while running */
	u_int			sc_rx_cur;	/* ring offset of the next frame's header */
	u_int			sc_tx_prod;	/* next buffer to fill */
	u_int			sc_tx_cons;	/* oldest buffer the chip has */
	u_int			sc_tx_cnt;
	int			sc_tx_timer;	/* seconds left for the oldest frame */
	int			sc_linkstate;	/* what the stack was last told */

	struct evcnt		sc_ev_intr;
	struct evcnt		sc_ev_rxovw;	/* ring or FIFO full: frames dropped by the chip */
	struct evcnt		sc_ev_rxerr;	/* bad frame headers: receiver reset */
	struct evcnt		sc_ev_txerr;	/* aborted, underrun or carrier lost */
	struct evcnt		sc_ev_reset;	/* reinitialised after an error or a timeout */
	bool			sc_evcnts;
	uint64_t		sc_ipackets, sc_ibytes, sc_opackets, sc_obytes;
};

static int	rtn_match(device_t, cfdata_t, void *);
static void	rtn_attach(device_t, device_t, void *);
static int	rtn_detach(device_t, int);

CFATTACH_DECL_NEW(rtn, sizeof(struct rtn_softc), rtn_match, rtn_attach, rtn_detach, NULL);

static int	rtn_init(struct ifnet *);
static void	rtn_stop(struct ifnet *, int);
static void	rtn_start(struct ifnet *);
static int	rtn_ioctl(struct ifnet *, u_long, void *);
static int	rtn_mediachange(struct ifnet *);
static void	rtn_mediastatus(struct ifnet *, struct ifmediareq *);

static int	rtn_init_locked(struct rtn_softc *);
static void	rtn_stop_locked(struct rtn_softc *);
static void	rtn_start_locked(struct rtn_softc *);

#define CSR_READ_1(sc, r)	bus_space_read_1((sc)->sc_bst, (sc)->sc_bsh, (r))
#define CSR_READ_2(sc, r)	bus_space_read_2((sc)->sc_bst, (sc)->sc_bsh, (r))
#define CSR_READ_4(sc, r)	bus_space_read_4((sc)->sc_bst, (sc)->sc_bsh, (r))
#define CSR_WRITE_1(sc, r, v)	bus_space_write_1((sc)->sc_bst, (sc)->sc_bsh, (r), (v))
#define CSR_WRITE_2(sc, r, v)	bus_space_write_2((sc)->sc_bst, (sc)->sc_bsh, (r), (v))
#define CSR_WRITE_4(sc, r, v)	bus_space_write_4((sc)->sc_bst, (sc)->sc_bsh, (r), (v))

static const struct {
	uint32_t	hwver;
	const char	*name;
} rtn_chips[] = {
	{ 0x60000000, "RTL8139" },
	{ 0x70000000, "RTL8139K" },
	{ 0x70800000, "RTL8139A" },
	{ 0x72000000, "RTL8139A-G" },
	{ 0x78000000, "RTL8139B" },
	{ 0x7c000000, "RTL8130" },
	{ 0x74000000, "RTL8139C" },
	{ 0x74800000, "RTL8139C+" },
	{ 0x74400000, "RTL8139D" },
	{ 0x78800000, "RTL8100" },
	{ 0x74c00000, "RTL8101" },
};

static int
rtn_match(device_t parent, cfdata_t cf, void *aux)
{
	const struct pci_attach_args *pa = aux;

	return PCI_VENDOR(pa->pa_id) == RTN_VENDOR_REALTEK &&
	    PCI_PRODUCT(pa->pa_id) == RTN_PRODUCT_8139;
}

/* Software reset: clears the FIFOs and pointers and disables both directions. */
static int
rtn_reset(struct rtn_softc *sc)
{
	int i;

	CSR_WRITE_1(sc, RTN_CR, RTN_CR_RST);
	for (i = 0; i < RTN_RESET_TRIES; i++) {
		if ((CSR_READ_1(sc, RTN_CR) & RTN_CR_RST) == 0)
			return 0;
		DELAY(10);
	}
	aprint_error_dev(sc->sc_dev, "reset did not complete\n");
	return ETIMEDOUT;
}

/* Link as the chip sees it; tells the stack when it changed. Called without sc_lock. */
static void
rtn_link_update(struct rtn_softc *sc)
{
	struct ifnet *ifp = &sc->sc_ec.ec_if;
	int state, old;

	mutex_enter(&sc->sc_lock);
	state = (CSR_READ_1(sc, RTN_MSR) & RTN_MSR_LINKB) ? LINK_STATE_DOWN : LINK_STATE_UP;
	old = sc->sc_linkstate;
	sc->sc_linkstate = state;
	mutex_exit(&sc->sc_lock);
	if (state != old)
		if_link_state_change(ifp, state);
}

/*
 * The receive filter: RCR's accept bits and the 64-bit multicast hash (the top six bits of the
 * big-endian CRC of each address). Returns the RCR value; writes only MAR.
 */
static uint32_t
rtn_filter(struct rtn_softc *sc)
{
	struct ethercom *ec = &sc->sc_ec;
	struct ifnet *ifp = &ec->ec_if;
	struct ether_multistep step;
	struct ether_multi *enm;
	uint32_t rcr, hash[2] = { 0, 0 };
	u_int bit;

	rcr = RTN_RCR_APM | RTN_RCR_AB | RTN_RCR_AM | RTN_RCR_WRAP | RTN_RCR_MXDMA_UNLIM |
	    RTN_RCR_RBLEN(RTN_RX_RBLEN) | RTN_RCR_RXFTH_NONE;
	ifp->if_flags &= ~IFF_ALLMULTI;
	if (ifp->if_flags & IFF_PROMISC) {
		rcr |= RTN_RCR_AAP;
		goto all;
	}
	ETHER_FIRST_MULTI(step, ec, enm);
	while (enm != NULL) {
		if (memcmp(enm->enm_addrlo, enm->enm_addrhi, ETHER_ADDR_LEN) != 0)
			goto all;	/* a range: no hash covers it */
		bit = ether_crc32_be(enm->enm_addrlo, ETHER_ADDR_LEN) >> 26;
		hash[bit >> 5] |= 1U << (bit & 31);
		ETHER_NEXT_MULTI(step, enm);
	}
	goto out;
all:
	ifp->if_flags |= IFF_ALLMULTI;
	hash[0] = hash[1] = 0xffffffff;
out:
	CSR_WRITE_4(sc, RTN_MAR0, hash[0]);
	CSR_WRITE_4(sc, RTN_MAR4, hash[1]);
	return rcr;
}

static int
rtn_init_locked(struct rtn_softc *sc)
{
	struct ifnet *ifp = &sc->sc_ec.ec_if;
	const uint8_t *ea = (const uint8_t *)CLLADDR(ifp->if_sadl);
	int i, error;

	KASSERT(mutex_owned(&sc->sc_lock));
	rtn_stop_locked(sc);
	if ((error = rtn_reset(sc)) != 0)
		return error;

	/* The station address: the interface's, which may have been changed since attach. */
	CSR_WRITE_1(sc, RTN_9346CR, RTN_9346CR_CFGWRITE);
	CSR_WRITE_4(sc, RTN_IDR0, ea[0] | ea[1] << 8 | ea[2] << 16 | (uint32_t)ea[3] << 24);
	CSR_WRITE_4(sc, RTN_IDR4, ea[4] | ea[5] << 8);
	CSR_WRITE_1(sc, RTN_9346CR, RTN_9346CR_NORMAL);

	CSR_WRITE_4(sc, RTN_RBSTART, (uint32_t)sc->sc_dmaaddr);
	for (i = 0; i < RTN_NTX; i++)
		CSR_WRITE_4(sc, RTN_TSAD0 + 4 * i,
		    (uint32_t)(sc->sc_dmaaddr + RTN_TX_OFF + i * RTN_TX_BUFSZ));
	bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap, 0, RTN_RX_BUFSZ, BUS_DMASYNC_PREREAD);

	/* TCR and RCR take effect only with the transmitter and receiver on. */
	CSR_WRITE_1(sc, RTN_CR, RTN_CR_RE | RTN_CR_TE);
	CSR_WRITE_4(sc, RTN_TCR, RTN_TCR_IFG_STD | RTN_TCR_MXDMA_1024);
	sc->sc_rcr = rtn_filter(sc);
	CSR_WRITE_4(sc, RTN_RCR, sc->sc_rcr);
	CSR_WRITE_4(sc, RTN_MPC, 0);
	sc->sc_rx_cur = 0;
	sc->sc_tx_prod = sc->sc_tx_cons = sc->sc_tx_cnt = 0;
	sc->sc_tx_timer = 0;

	CSR_WRITE_2(sc, RTN_ISR, 0xffff);
	CSR_WRITE_2(sc, RTN_IMR, RTN_INTRS);
	ifp->if_flags |= IFF_RUNNING;
	callout_schedule(&sc->sc_tick, hz);
	rtn_start_locked(sc);
	return 0;
}

static int
rtn_init(struct ifnet *ifp)
{
	struct rtn_softc *sc = ifp->if_softc;
	int error;

	mutex_enter(&sc->sc_lock);
	error = rtn_init_locked(sc);
	mutex_exit(&sc->sc_lock);
	if (error == 0)
		rtn_link_update(sc);
	return error;
}

/* Receiver and transmitter off, interrupts masked; frames not yet sent are dropped. */
static void
rtn_stop_locked(struct rtn_softc *sc)
{
	struct ifnet *ifp = &sc->sc_ec.ec_if;

	KASSERT(mutex_owned(&sc->sc_lock));
	callout_stop(&sc->sc_tick);
	CSR_WRITE_2(sc, RTN_IMR, 0);
	CSR_WRITE_1(sc, RTN_CR, 0);
	CSR_WRITE_2(sc, RTN_ISR, 0xffff);
	if (sc->sc_tx_cnt > 0)
		if_statadd(ifp, if_oerrors, sc->sc_tx_cnt);
	sc->sc_tx_prod = sc->sc_tx_cons = sc->sc_tx_cnt = 0;
	sc->sc_tx_timer = 0;
	ifp->if_flags &= ~IFF_RUNNING;
}

static void
rtn_stop(struct ifnet *ifp, int disable)
{
	struct rtn_softc *sc = ifp->if_softc;

	mutex_enter(&sc->sc_lock);
	rtn_stop_locked(sc);
	mutex_exit(&sc->sc_lock);
}

/* Reinitialises a running interface after an error the chip cannot continue from. */
static void
rtn_restart(struct rtn_softc *sc, const char *why)
{
	aprint_error_dev(sc->sc_dev, "%s, reinitialising\n", why);
	sc->sc_ev_reset.ev_count++;
	(void)rtn_init_locked(sc);
}

/*
 * Frames out of the ring until the chip says it is empty. Each goes to the stack with sc_lock
 * dropped; CAPR has moved past it by then, so the ring state is consistent meanwhile.
 */
static void
rtn_rxeof(struct rtn_softc *sc)
{
	struct ifnet *ifp = &sc->sc_ec.ec_if;
	struct mbuf *m;
	uint32_t hdr;
	u_int len, cur;

	KASSERT(mutex_owned(&sc->sc_lock));
	while ((ifp->if_flags & IFF_RUNNING) &&
	    (CSR_READ_1(sc, RTN_CR) & RTN_CR_BUFE) == 0) {
		cur = sc->sc_rx_cur;
		bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap, cur, 4, BUS_DMASYNC_POSTREAD);
		hdr = le32toh(*(volatile uint32_t *)(sc->sc_dmabuf + cur));
		len = RTN_RXH_LEN(hdr);
		if (len == RTN_RXH_LEN_EARLY)
			break;	/* still arriving: the next ROK brings it */
		if ((hdr & RTN_RXH_ROK) == 0 || len < ETHER_MIN_LEN || len > RTN_MAX_FRAME) {
			/* The chip lost its place in the ring: only a reset recovers it. */
			if_statinc(ifp, if_ierrors);
			sc->sc_ev_rxerr.ev_count++;
			rtn_restart(sc, "receive ring out of step");
			return;
		}
		bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap, cur + 4, len, BUS_DMASYNC_POSTREAD);

		len -= ETHER_CRC_LEN;
		MGETHDR(m, M_DONTWAIT, MT_DATA);
		if (m != NULL) {
			MCLGET(m, M_DONTWAIT);
			if ((m->m_flags & M_EXT) == 0) {
				m_freem(m);
				m = NULL;
			}
		}
		if (m != NULL) {
			m->m_data += RTN_RX_ALIGN;
			/* WRAP: a frame that passes the ring's end continues beyond it, unbroken. */
			memcpy(mtod(m, void *), sc->sc_dmabuf + cur + 4, len);
			m->m_len = m->m_pkthdr.len = len;
			m_set_rcvif(m, ifp);
		} else
			if_statinc(ifp, if_iqdrops);

		bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap, cur, len + ETHER_CRC_LEN + 4,
		    BUS_DMASYNC_PREREAD);
		sc->sc_rx_cur = ((cur + 4 + len + ETHER_CRC_LEN + 3) & ~3U) % RTN_RX_RINGSZ;
		CSR_WRITE_2(sc, RTN_CAPR, (uint16_t)(sc->sc_rx_cur - 16));

		if (m != NULL) {
			sc->sc_ipackets++;
			sc->sc_ibytes += len;
			mutex_exit(&sc->sc_lock);
			if_percpuq_enqueue(sc->sc_ipq, m);
			mutex_enter(&sc->sc_lock);
		}
	}
}

/* Buffers the chip is done with, oldest first. */
static void
rtn_txeof(struct rtn_softc *sc)
{
	struct ifnet *ifp = &sc->sc_ec.ec_if;
	uint32_t tsd;

	KASSERT(mutex_owned(&sc->sc_lock));
	while (sc->sc_tx_cnt > 0) {
		tsd = CSR_READ_4(sc, RTN_TSD0 + 4 * sc->sc_tx_cons);
		if ((tsd & (RTN_TSD_TOK | RTN_TSD_TUN | RTN_TSD_TABT)) == 0)
			break;
		bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap,
		    RTN_TX_OFF + sc->sc_tx_cons * RTN_TX_BUFSZ, RTN_TX_BUFSZ, BUS_DMASYNC_POSTWRITE);
		if_statadd(ifp, if_collisions, RTN_TSD_NCC(tsd));
		if (tsd & RTN_TSD_TOK) {
			sc->sc_opackets++;
			sc->sc_obytes += tsd & RTN_TSD_SIZE_MASK;
		} else {
			if_statinc(ifp, if_oerrors);
			sc->sc_ev_txerr.ev_count++;
			if (tsd & RTN_TSD_TABT)
				CSR_WRITE_4(sc, RTN_TCR, CSR_READ_4(sc, RTN_TCR) | RTN_TCR_CLRABT);
		}
		sc->sc_tx_cons = (sc->sc_tx_cons + 1) % RTN_NTX;
		sc->sc_tx_cnt--;
	}
	sc->sc_tx_timer = sc->sc_tx_cnt > 0 ? RTN_TX_TIMEOUT : 0;
}

/* Copies queued frames into free transmit buffers and hands each to the chip. */
static void
rtn_start_locked(struct rtn_softc *sc)
{
	struct ifnet *ifp = &sc->sc_ec.ec_if;
	struct mbuf *m;
	uint8_t *buf;
	u_int len;

	KASSERT(mutex_owned(&sc->sc_lock));
	if ((ifp->if_flags & IFF_RUNNING) == 0)
		return;
	while (sc->sc_tx_cnt < RTN_NTX) {
		IFQ_DEQUEUE(&ifp->if_snd, m);
		if (m == NULL)
			break;
		len = m->m_pkthdr.len;
		if (len > RTN_MAX_FRAME - ETHER_CRC_LEN) {
			if_statinc(ifp, if_oerrors);
			m_freem(m);
			continue;
		}
		buf = sc->sc_dmabuf + RTN_TX_OFF + sc->sc_tx_prod * RTN_TX_BUFSZ;
		m_copydata(m, 0, len, buf);
		if (len < ETHER_MIN_LEN - ETHER_CRC_LEN) {
			memset(buf + len, 0, ETHER_MIN_LEN - ETHER_CRC_LEN - len);
			len = ETHER_MIN_LEN - ETHER_CRC_LEN;
		}
		bpf_mtap(ifp, m, BPF_D_OUT);
		m_freem(m);

		bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap,
		    RTN_TX_OFF + sc->sc_tx_prod * RTN_TX_BUFSZ, RTN_TX_BUFSZ, BUS_DMASYNC_PREWRITE);
		CSR_WRITE_4(sc, RTN_TSD0 + 4 * sc->sc_tx_prod, RTN_TSD_ERTXTH(RTN_TX_THRESH) | len);
		sc->sc_tx_prod = (sc->sc_tx_prod + 1) % RTN_NTX;
		if (sc->sc_tx_cnt++ == 0)
			sc->sc_tx_timer = RTN_TX_TIMEOUT;
	}
}

static void
rtn_start(struct ifnet *ifp)
{
	struct rtn_softc *sc = ifp->if_softc;

	mutex_enter(&sc->sc_lock);
	rtn_start_locked(sc);
	mutex_exit(&sc->sc_lock);
}

static int
rtn_intr(void *arg)
{
	struct rtn_softc *sc = arg;
	struct ifnet *ifp = &sc->sc_ec.ec_if;
	bool claimed = false, linkchg = false;
	uint16_t isr;
	int loops;

	mutex_enter(&sc->sc_lock);
	for (loops = 0; loops < RTN_INTR_LOOPS; loops++) {
		isr = CSR_READ_2(sc, RTN_ISR);
		if ((isr & RTN_INTRS) == 0 || isr == 0xffff)
			break;
		claimed = true;
		/* Acknowledged before the work: a frame arriving meanwhile raises ROK again. */
		CSR_WRITE_2(sc, RTN_ISR, isr);
		if ((ifp->if_flags & IFF_RUNNING) == 0)
			continue;
		if (isr & RTN_INT_SERR) {
			rtn_restart(sc, "PCI system error");
			continue;
		}
		if (isr & (RTN_INT_RXOVW | RTN_INT_FOVW)) {
			if_statinc(ifp, if_ierrors);
			sc->sc_ev_rxovw.ev_count++;
		}
		if (isr & (RTN_INT_ROK | RTN_INT_RER | RTN_INT_RXOVW | RTN_INT_FOVW))
			rtn_rxeof(sc);
		if (isr & (RTN_INT_TOK | RTN_INT_TER))
			rtn_txeof(sc);
		if (isr & RTN_INT_LINKCHG)
			linkchg = true;
	}
	if (claimed) {
		sc->sc_ev_intr.ev_count++;
		rtn_start_locked(sc);
	}
	mutex_exit(&sc->sc_lock);
	if (linkchg)
		rtn_link_update(sc);
	return claimed;
}

/* Once a second: link, completions an interrupt may have missed, and the transmit watchdog. */
static void
rtn_tick(void *arg)
{
	struct rtn_softc *sc = arg;
	struct ifnet *ifp = &sc->sc_ec.ec_if;

	mutex_enter(&sc->sc_lock);
	if ((ifp->if_flags & IFF_RUNNING) == 0) {
		mutex_exit(&sc->sc_lock);
		return;
	}
	rtn_txeof(sc);
	if (sc->sc_tx_timer > 0 && --sc->sc_tx_timer == 0) {
		if_statinc(ifp, if_oerrors);
		rtn_restart(sc, "transmit timeout");
	} else {
		rtn_start_locked(sc);
		callout_schedule(&sc->sc_tick, hz);
	}
	mutex_exit(&sc->sc_lock);
	rtn_link_update(sc);
}

static int
rtn_ioctl(struct ifnet *ifp, u_long cmd, void *data)
{
	struct rtn_softc *sc = ifp->if_softc;
	uint32_t rcr;
	int s, error;

	s = splnet();
	switch (cmd) {
	case SIOCSIFMEDIA:
	case SIOCGIFMEDIA:
		error = ifmedia_ioctl(ifp, (struct ifreq *)data, &sc->sc_media, cmd);
		break;
	default:
		error = ether_ioctl(ifp, cmd, data);
		if (error != ENETRESET)
			break;
		/* The multicast list or promiscuity changed. */
		error = 0;
		if ((ifp->if_flags & IFF_RUNNING) == 0)
			break;
		mutex_enter(&sc->sc_lock);
		rcr = rtn_filter(sc);
		/* Some chips (and QEMU) restart the ring when RCR is written: start over. */
		if (rcr != sc->sc_rcr)
			error = rtn_init_locked(sc);
		mutex_exit(&sc->sc_lock);
		break;
	}
	splx(s);
	return error;
}

/* Media through the internal PHY's BMCR: autonegotiation, or a fixed speed and duplex. */
static int
rtn_mediachange(struct ifnet *ifp)
{
	struct rtn_softc *sc = ifp->if_softc;
	int media = sc->sc_media.ifm_cur->ifm_media;
	uint16_t bmcr;

	if (IFM_TYPE(media) != IFM_ETHER)
		return EINVAL;
	switch (IFM_SUBTYPE(media)) {
	case IFM_AUTO:
		bmcr = RTN_BMCR_AUTO | RTN_BMCR_RESTART_AN;
		break;
	case IFM_100_TX:
		bmcr = RTN_BMCR_100;
		break;
	case IFM_10_T:
		bmcr = 0;
		break;
	default:
		return EINVAL;
	}
	if (IFM_SUBTYPE(media) != IFM_AUTO && (media & IFM_FDX))
		bmcr |= RTN_BMCR_FDX;
	mutex_enter(&sc->sc_lock);
	CSR_WRITE_2(sc, RTN_BMCR, bmcr);
	mutex_exit(&sc->sc_lock);
	return 0;
}

static void
rtn_mediastatus(struct ifnet *ifp, struct ifmediareq *ifmr)
{
	struct rtn_softc *sc = ifp->if_softc;
	uint16_t bmcr, abilities;
	uint8_t msr;
	bool fdx;

	mutex_enter(&sc->sc_lock);
	msr = CSR_READ_1(sc, RTN_MSR);
	bmcr = CSR_READ_2(sc, RTN_BMCR);
	abilities = CSR_READ_2(sc, RTN_ANAR) & CSR_READ_2(sc, RTN_ANLPAR);
	mutex_exit(&sc->sc_lock);

	ifmr->ifm_status = IFM_AVALID;
	ifmr->ifm_active = IFM_ETHER;
	if (msr & RTN_MSR_LINKB) {
		ifmr->ifm_active |= IFM_NONE;
		return;
	}
	ifmr->ifm_status |= IFM_ACTIVE;
	if (bmcr & RTN_BMCR_AUTO)
		fdx = (abilities & ((msr & RTN_MSR_SPEED10) ? RTN_AN_10FDX : RTN_AN_100FDX)) != 0;
	else
		fdx = (bmcr & RTN_BMCR_FDX) != 0;
	ifmr->ifm_active |= ((msr & RTN_MSR_SPEED10) ? IFM_10_T : IFM_100_TX) |
	    (fdx ? IFM_FDX : IFM_HDX);
}

static int
rtn_dma_attach(struct rtn_softc *sc, const struct pci_attach_args *pa)
{
	void *kva;
	int error;

	if ((error = bus_dmatag_subregion(pa->pa_dmat, 0, RTN_DMA_MAXADDR, &sc->sc_dmat,
	    BUS_DMA_WAITOK)) != 0)
		return error;
	if ((error = bus_dmamem_alloc(sc->sc_dmat, RTN_DMA_SIZE, PAGE_SIZE, 0, &sc->sc_dmaseg, 1,
	    &sc->sc_dmanseg, BUS_DMA_WAITOK)) != 0)
		return error;
	if ((error = bus_dmamem_map(sc->sc_dmat, &sc->sc_dmaseg, 1, RTN_DMA_SIZE, &kva,
	    BUS_DMA_WAITOK | BUS_DMA_COHERENT)) != 0)
		return error;
	sc->sc_dmabuf = kva;
	if ((error = bus_dmamap_create(sc->sc_dmat, RTN_DMA_SIZE, 1, RTN_DMA_SIZE, 0,
	    BUS_DMA_WAITOK, &sc->sc_dmamap)) != 0)
		return error;
	if ((error = bus_dmamap_load(sc->sc_dmat, sc->sc_dmamap, kva, RTN_DMA_SIZE, NULL,
	    BUS_DMA_WAITOK)) != 0) {
		bus_dmamap_destroy(sc->sc_dmat, sc->sc_dmamap);
		sc->sc_dmamap = NULL;
		return error;
	}
	sc->sc_dmaaddr = sc->sc_dmamap->dm_segs[0].ds_addr;
	return 0;
}

/* Undoes whatever part of attach happened; shared by a failed attach and detach. */
static void
rtn_release(struct rtn_softc *sc)
{
	if (sc->sc_ih != NULL) {
		CSR_WRITE_2(sc, RTN_IMR, 0);
		pci_intr_disestablish(sc->sc_pc, sc->sc_ih);
		sc->sc_ih = NULL;
	}
	if (sc->sc_intrs != NULL) {
		pci_intr_release(sc->sc_pc, sc->sc_intrs, 1);
		sc->sc_intrs = NULL;
	}
	if (sc->sc_dmamap != NULL) {
		bus_dmamap_unload(sc->sc_dmat, sc->sc_dmamap);
		bus_dmamap_destroy(sc->sc_dmat, sc->sc_dmamap);
		sc->sc_dmamap = NULL;
	}
	if (sc->sc_dmabuf != NULL) {
		bus_dmamem_unmap(sc->sc_dmat, sc->sc_dmabuf, RTN_DMA_SIZE);
		sc->sc_dmabuf = NULL;
	}
	if (sc->sc_dmanseg > 0) {
		bus_dmamem_free(sc->sc_dmat, &sc->sc_dmaseg, sc->sc_dmanseg);
		sc->sc_dmanseg = 0;
	}
	if (sc->sc_dmat != NULL) {
		bus_dmatag_destroy(sc->sc_dmat);
		sc->sc_dmat = NULL;
	}
	if (sc->sc_sync) {
		callout_halt(&sc->sc_tick, NULL);
		callout_destroy(&sc->sc_tick);
		mutex_destroy(&sc->sc_lock);
		sc->sc_sync = false;
	}
	if (sc->sc_evcnts) {
		evcnt_detach(&sc->sc_ev_intr);
		evcnt_detach(&sc->sc_ev_rxovw);
		evcnt_detach(&sc->sc_ev_rxerr);
		evcnt_detach(&sc->sc_ev_txerr);
		evcnt_detach(&sc->sc_ev_reset);
		sc->sc_evcnts = false;
	}
	if (sc->sc_bss != 0) {
		bus_space_unmap(sc->sc_bst, sc->sc_bsh, sc->sc_bss);
		sc->sc_bss = 0;
	}
}

/* Registers through the I/O BAR, else the memory BAR; says which. */
static const char *
rtn_map(struct rtn_softc *sc, const struct pci_attach_args *pa)
{
	if (pci_mapreg_map(pa, RTN_PCI_IOBA, PCI_MAPREG_TYPE_IO, 0, &sc->sc_bst, &sc->sc_bsh,
	    NULL, &sc->sc_bss) == 0)
		return "I/O";
	if (pci_mapreg_map(pa, RTN_PCI_MEMBA, PCI_MAPREG_TYPE_MEM | PCI_MAPREG_MEM_TYPE_32BIT, 0,
	    &sc->sc_bst, &sc->sc_bsh, NULL, &sc->sc_bss) == 0)
		return "memory";
	return NULL;
}

static void
rtn_attach(device_t parent, device_t self, void *aux)
{
	struct rtn_softc *sc = device_private(self);
	const struct pci_attach_args *pa = aux;
	struct ifnet *ifp = &sc->sc_ec.ec_if;
	char intrbuf[PCI_INTRSTR_LEN];
	const char *intrstr, *space;
	uint32_t hwver;
	size_t i;
	int error;

	sc->sc_dev = self;
	sc->sc_pc = pa->pa_pc;

	aprint_naive(": Ethernet controller\n");
	aprint_normal(": Realtek 8139 10/100 Ethernet (rev. 0x%02x)\n", PCI_REVISION(pa->pa_class));

	if ((space = rtn_map(sc, pa)) == NULL) {
		aprint_error_dev(self, "can't map registers in I/O or memory space\n");
		return;
	}
	hwver = CSR_READ_4(sc, RTN_TCR) & RTN_TCR_HWVER_MASK;
	sc->sc_chip = NULL;
	for (i = 0; i < __arraycount(rtn_chips); i++)
		if (rtn_chips[i].hwver == hwver)
			sc->sc_chip = rtn_chips[i].name;
	if (sc->sc_chip == NULL) {
		aprint_error_dev(self, "unknown chip version 0x%08x\n", hwver);
		goto fail;
	}
	aprint_normal_dev(self, "%s, registers in %s space\n", sc->sc_chip, space);

	evcnt_attach_dynamic(&sc->sc_ev_intr, EVCNT_TYPE_INTR, NULL, device_xname(self), "intr");
	evcnt_attach_dynamic(&sc->sc_ev_rxovw, EVCNT_TYPE_MISC, NULL, device_xname(self),
	    "rx overflow");
	evcnt_attach_dynamic(&sc->sc_ev_rxerr, EVCNT_TYPE_MISC, NULL, device_xname(self),
	    "rx ring error");
	evcnt_attach_dynamic(&sc->sc_ev_txerr, EVCNT_TYPE_MISC, NULL, device_xname(self),
	    "tx error");
	evcnt_attach_dynamic(&sc->sc_ev_reset, EVCNT_TYPE_MISC, NULL, device_xname(self),
	    "reinit");
	sc->sc_evcnts = true;

	mutex_init(&sc->sc_lock, MUTEX_DEFAULT, IPL_NET);
	callout_init(&sc->sc_tick, CALLOUT_MPSAFE);
	callout_setfunc(&sc->sc_tick, rtn_tick, sc);
	sc->sc_sync = true;

	if (rtn_reset(sc) != 0)
		goto fail;
	for (i = 0; i < ETHER_ADDR_LEN; i++)
		sc->sc_enaddr[i] = CSR_READ_1(sc, RTN_IDR0 + i);

	if ((error = rtn_dma_attach(sc, pa)) != 0) {
		aprint_error_dev(self, "can't set up %d bytes of DMA memory below 4 GiB: error %d\n",
		    (int)RTN_DMA_SIZE, error);
		goto fail;
	}

	if (pci_intr_alloc(pa, &sc->sc_intrs, NULL, PCI_INTR_TYPE_INTX) != 0) {
		aprint_error_dev(self, "can't allocate interrupt\n");
		goto fail;
	}
	intrstr = pci_intr_string(pa->pa_pc, sc->sc_intrs[0], intrbuf, sizeof(intrbuf));
	pci_intr_setattr(pa->pa_pc, &sc->sc_intrs[0], PCI_INTR_MPSAFE, true);
	sc->sc_ih = pci_intr_establish_xname(pa->pa_pc, sc->sc_intrs[0], IPL_NET, rtn_intr, sc,
	    device_xname(self));
	if (sc->sc_ih == NULL) {
		aprint_error_dev(self, "can't establish interrupt at %s\n", intrstr);
		goto fail;
	}
	aprint_normal_dev(self, "interrupting at %s\n", intrstr);
	aprint_normal_dev(self, "Ethernet address %s\n", ether_sprintf(sc->sc_enaddr));

	ifmedia_init(&sc->sc_media, 0, rtn_mediachange, rtn_mediastatus);
	ifmedia_add(&sc->sc_media, IFM_ETHER | IFM_10_T, 0, NULL);
	ifmedia_add(&sc->sc_media, IFM_ETHER | IFM_10_T | IFM_FDX, 0, NULL);
	ifmedia_add(&sc->sc_media, IFM_ETHER | IFM_100_TX, 0, NULL);
	ifmedia_add(&sc->sc_media, IFM_ETHER | IFM_100_TX | IFM_FDX, 0, NULL);
	ifmedia_add(&sc->sc_media, IFM_ETHER | IFM_AUTO, 0, NULL);
	ifmedia_set(&sc->sc_media, IFM_ETHER | IFM_AUTO);

	strlcpy(ifp->if_xname, device_xname(self), IFNAMSIZ);
	ifp->if_softc = sc;
	ifp->if_flags = IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST;
	ifp->if_ioctl = rtn_ioctl;
	ifp->if_start = rtn_start;
	ifp->if_init = rtn_init;
	ifp->if_stop = rtn_stop;
	IFQ_SET_MAXLEN(&ifp->if_snd, IFQ_MAXLEN);
	IFQ_SET_READY(&ifp->if_snd);
	sc->sc_ec.ec_capabilities = ETHERCAP_VLAN_MTU;

	if_initialize(ifp);
	sc->sc_ipq = if_percpuq_create(ifp);
	ether_ifattach(ifp, sc->sc_enaddr);
	if_register(ifp);
	sc->sc_linkstate = LINK_STATE_UNKNOWN;	/* as ether_ifattach leaves it; init reports */
	sc->sc_attached = true;
	return;

fail:
	rtn_release(sc);
}

static int
rtn_detach(device_t self, int flags)
{
	struct rtn_softc *sc = device_private(self);
	struct ifnet *ifp = &sc->sc_ec.ec_if;
	int s;

	if (sc->sc_attached) {
		s = splnet();
		rtn_stop(ifp, 1);
		splx(s);
		callout_halt(&sc->sc_tick, NULL);
		ether_ifdetach(ifp);
		if_detach(ifp);
		if_percpuq_destroy(sc->sc_ipq);
		ifmedia_delete_instance(&sc->sc_media, IFM_INST_ANY);
		sc->sc_attached = false;
		aprint_normal_dev(self, "%llu frames (%llu bytes) in, %llu (%llu bytes) out, "
		    "%llu interrupts, %llu overflows, %llu transmit errors, %llu reinits\n",
		    (unsigned long long)sc->sc_ipackets, (unsigned long long)sc->sc_ibytes,
		    (unsigned long long)sc->sc_opackets, (unsigned long long)sc->sc_obytes,
		    (unsigned long long)sc->sc_ev_intr.ev_count,
		    (unsigned long long)sc->sc_ev_rxovw.ev_count,
		    (unsigned long long)sc->sc_ev_txerr.ev_count,
		    (unsigned long long)sc->sc_ev_reset.ev_count);
	}
	rtn_release(sc);
	return 0;
}
