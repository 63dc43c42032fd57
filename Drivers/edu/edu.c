/*
 * edu(4): a driver for QEMU's "edu" teaching device (PCI 1234:11e8), written the way a driver in
 * sys/dev/pci is, against the NetBSD kernel API only. It proves the whole personality: BAR mapping,
 * MSI or INTx interrupts, a 28-bit DMA tag, a callout watchdog, mutex + condvar completion, a workqueue,
 * event counters, sysctl nodes and a device property.
 *
 * The device: BAR0 is 1 MiB of registers; a factorial unit that raises an interrupt when done, an
 * interrupt raise/ack pair, and a DMA engine that copies between RAM (28-bit bus addresses) and
 * a 4 KiB buffer inside the device.
 *
 * sysctl: hw.edu0.factorial (write N: the device computes N!, read: the last result) and
 * hw.edu0.storm (write N: N interrupts raised one after another, each acknowledged by the
 * interrupt handler and counted again by the workqueue; read: how many the workqueue saw).
 */
#include <sys/cdefs.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/bus.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/callout.h>
#include <sys/workqueue.h>
#include <sys/evcnt.h>
#include <sys/sysctl.h>
#include <sys/intr.h>

#include <dev/pci/pcivar.h>

#include <prop/proplib.h>

#define EDU_VENDOR		0x1234
#define EDU_PRODUCT		0x11e8
#define EDU_BAR0		PCI_MAPREG_START	/* registers */

/* Registers in BAR0. */
#define EDU_ID			0x00	/* 0xMMmm00ed: major, minor version */
#define EDU_LIVENESS		0x04	/* reads back the complement of what was written */
#define EDU_FACTORIAL		0x08	/* write N to start, read N! when not busy */
#define EDU_STATUS		0x20
#define  EDU_STATUS_BUSY	0x00000001
#define  EDU_STATUS_IRQFACT	0x00000080	/* interrupt when the factorial is done */
#define EDU_INTR_STATUS		0x24
#define EDU_INTR_RAISE		0x60
#define EDU_INTR_ACK		0x64
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define  EDU_DMA_CMD_START	0x1
#define  EDU_DMA_CMD_TO_RAM	0x2	/* direction: device buffer -> RAM */
#define  EDU_DMA_CMD_IRQ	0x4

/* Interrupt status bits: what the device raises, and the one this driver raises itself. */
#define EDU_IRQ_FACT		0x00000001
#define EDU_IRQ_DMA		0x00000100
#define EDU_IRQ_DOORBELL	0x00010000

#define EDU_ID_MAGIC		0xed
#define EDU_DEVBUF		0x40000	/* device-side DMA buffer, 4 KiB */
#define EDU_DEVBUF_SIZE		4096
#define EDU_DMA_MAXADDR		0x0fffffffUL	/* the engine drives 28 address bits */
#define EDU_TIMEOUT		(2 * hz)	/* watchdog for one operation */

struct edu_softc {
	device_t		sc_dev;
	pci_chipset_tag_t	sc_pc;

	bus_space_tag_t		sc_iot;
	bus_space_handle_t	sc_ioh;
	bus_size_t		sc_ios;

	pci_intr_handle_t	*sc_intrs;
	void			*sc_ih;

	bus_dma_tag_t		sc_dmat;	/* the device's 28-bit window */
	bus_dma_segment_t	sc_dmaseg;
	bus_dmamap_t		sc_dmamap;
	uint8_t			*sc_dmabuf;	/* two pages: out, then back */
	bool			sc_dmamem;	/* sc_dmaseg allocated */

	kmutex_t		sc_oplock;	/* one operation at a time */
	kmutex_t		sc_lock;	/* below: shared with the interrupt */
	kcondvar_t		sc_cv;
	uint64_t		sc_nfact;	/* interrupts seen, by cause */
	uint64_t		sc_ndma;
	uint64_t		sc_ndoorbell;
	bool			sc_timedout;	/* the watchdog ended the current wait */

	callout_t		sc_watchdog;
	struct workqueue	*sc_wq;
	struct work		sc_work;
	bool			sc_work_queued;
	uint64_t		sc_doorbell_pending;	/* for the workqueue */
	uint64_t		sc_doorbell_done;	/* counted by the workqueue */
	int			sc_storm_result;

	uint32_t		sc_fact_result;
	struct sysctllog	*sc_sysctllog;

	struct evcnt		sc_ev_intr;
	struct evcnt		sc_ev_doorbell;
	struct evcnt		sc_ev_dma;
	struct evcnt		sc_ev_timeout;
	bool			sc_evcnts;
	bool			sc_sync;	/* locks, condvar, callout initialized */
	bool			sc_pmf;
};

static int	edu_match(device_t, cfdata_t, void *);
static void	edu_attach(device_t, device_t, void *);
static int	edu_detach(device_t, int);

CFATTACH_DECL_NEW(edu, sizeof(struct edu_softc), edu_match, edu_attach, edu_detach, NULL);

#define EDU_READ(sc, reg)	bus_space_read_4((sc)->sc_iot, (sc)->sc_ioh, (reg))
#define EDU_WRITE(sc, reg, v)	bus_space_write_4((sc)->sc_iot, (sc)->sc_ioh, (reg), (v))

static int
edu_match(device_t parent, cfdata_t cf, void *aux)
{
	const struct pci_attach_args *pa = aux;

	return PCI_VENDOR(pa->pa_id) == EDU_VENDOR && PCI_PRODUCT(pa->pa_id) == EDU_PRODUCT;
}

/* Hard interrupt: acknowledge what the device raised, count it, wake the waiter. */
static int
edu_intr(void *arg)
{
	struct edu_softc *sc = arg;
	uint32_t status;

	status = EDU_READ(sc, EDU_INTR_STATUS);
	if (status == 0)
		return 0;	/* not ours (shared line) */
	EDU_WRITE(sc, EDU_INTR_ACK, status);
	sc->sc_ev_intr.ev_count++;

	mutex_enter(&sc->sc_lock);
	if (status & EDU_IRQ_FACT)
		sc->sc_nfact++;
	if (status & EDU_IRQ_DMA)
		sc->sc_ndma++;
	if (status & EDU_IRQ_DOORBELL) {
		sc->sc_ndoorbell++;
		sc->sc_doorbell_pending++;
		if (!sc->sc_work_queued) {
			sc->sc_work_queued = true;
			workqueue_enqueue(sc->sc_wq, &sc->sc_work, NULL);
		}
	}
	cv_broadcast(&sc->sc_cv);
	mutex_exit(&sc->sc_lock);
	return 1;
}

/* Deferred work: doorbells are accounted for in thread context, in batches. */
static void
edu_work(struct work *wk, void *arg)
{
	struct edu_softc *sc = arg;
	uint64_t n;

	mutex_enter(&sc->sc_lock);
	n = sc->sc_doorbell_pending;
	sc->sc_doorbell_pending = 0;
	sc->sc_work_queued = false;
	sc->sc_doorbell_done += n;
	sc->sc_ev_doorbell.ev_count += n;
	cv_broadcast(&sc->sc_cv);
	mutex_exit(&sc->sc_lock);
}

/* The watchdog: an operation whose interrupt does not come in time ends with ETIMEDOUT. */
static void
edu_watchdog(void *arg)
{
	struct edu_softc *sc = arg;

	mutex_enter(&sc->sc_lock);
	sc->sc_timedout = true;
	sc->sc_ev_timeout.ev_count++;
	cv_broadcast(&sc->sc_cv);
	mutex_exit(&sc->sc_lock);
}

/* With sc_lock held: sleeps until *counter moves past `seen`, or the watchdog fires. */
static int
edu_wait(struct edu_softc *sc, volatile uint64_t *counter, uint64_t seen)
{
	int error = 0;

	KASSERT(mutex_owned(&sc->sc_lock));
	sc->sc_timedout = false;
	callout_schedule(&sc->sc_watchdog, EDU_TIMEOUT);
	while (*counter == seen) {
		if (sc->sc_timedout) {
			error = ETIMEDOUT;
			break;
		}
		cv_wait(&sc->sc_cv, &sc->sc_lock);
	}
	callout_halt(&sc->sc_watchdog, &sc->sc_lock);
	return error;
}

/* n! computed by the device, completion signalled by its interrupt. */
static int
edu_factorial(struct edu_softc *sc, uint32_t n, uint32_t *result)
{
	uint64_t seen;
	int error;

	mutex_enter(&sc->sc_oplock);
	mutex_enter(&sc->sc_lock);
	seen = sc->sc_nfact;
	EDU_WRITE(sc, EDU_STATUS, EDU_STATUS_IRQFACT);
	EDU_WRITE(sc, EDU_FACTORIAL, n);
	error = edu_wait(sc, &sc->sc_nfact, seen);
	mutex_exit(&sc->sc_lock);
	if (error == 0 && (EDU_READ(sc, EDU_STATUS) & EDU_STATUS_BUSY))
		error = EIO;	/* interrupt without completion */
	if (error == 0)
		*result = EDU_READ(sc, EDU_FACTORIAL);
	mutex_exit(&sc->sc_oplock);
	return error;
}

/* One DMA transfer, completion by interrupt. Called with sc_oplock held. */
static int
edu_dma(struct edu_softc *sc, bus_addr_t src, bus_addr_t dst, bus_size_t len, uint32_t dir)
{
	uint64_t seen;
	int error;

	mutex_enter(&sc->sc_lock);
	seen = sc->sc_ndma;
	EDU_WRITE(sc, EDU_DMA_SRC, (uint32_t)src);
	EDU_WRITE(sc, EDU_DMA_DST, (uint32_t)dst);
	EDU_WRITE(sc, EDU_DMA_COUNT, (uint32_t)len);
	EDU_WRITE(sc, EDU_DMA_CMD, EDU_DMA_CMD_START | EDU_DMA_CMD_IRQ | dir);
	error = edu_wait(sc, &sc->sc_ndma, seen);
	mutex_exit(&sc->sc_lock);
	if (error == 0 && (EDU_READ(sc, EDU_DMA_CMD) & EDU_DMA_CMD_START))
		error = EIO;
	if (error == 0)
		sc->sc_ev_dma.ev_count++;
	return error;
}

/*
 * A 4 KiB pattern from RAM into the device buffer and back into other RAM, then compared. Each
 * transfer is 2 KiB at the start of the device buffer: some QEMU versions abort on a transfer that
 * ends at the buffer's last byte. Returns the first differing offset in *bad, or -1.
 */
static int
edu_dma_selftest(struct edu_softc *sc, int *bad)
{
	const bus_size_t half = EDU_DEVBUF_SIZE / 2;
	bus_addr_t out = sc->sc_dmamap->dm_segs[0].ds_addr;
	bus_addr_t back = out + EDU_DEVBUF_SIZE;
	uint8_t *vout = sc->sc_dmabuf, *vback = sc->sc_dmabuf + EDU_DEVBUF_SIZE;
	bus_size_t off;
	int error = 0, i;

	for (i = 0; i < EDU_DEVBUF_SIZE; i++)
		vout[i] = (uint8_t)(i * 31 + (i >> 8) + 7);
	memset(vback, 0, EDU_DEVBUF_SIZE);

	mutex_enter(&sc->sc_oplock);
	for (off = 0; off < EDU_DEVBUF_SIZE && error == 0; off += half) {
		bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap, off, half, BUS_DMASYNC_PREWRITE);
		error = edu_dma(sc, out + off, EDU_DEVBUF, half, 0);
		bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap, off, half, BUS_DMASYNC_POSTWRITE);
		if (error)
			break;
		bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap, EDU_DEVBUF_SIZE + off, half,
		    BUS_DMASYNC_PREREAD);
		error = edu_dma(sc, EDU_DEVBUF, back + off, half, EDU_DMA_CMD_TO_RAM);
		bus_dmamap_sync(sc->sc_dmat, sc->sc_dmamap, EDU_DEVBUF_SIZE + off, half,
		    BUS_DMASYNC_POSTREAD);
	}
	mutex_exit(&sc->sc_oplock);

	*bad = -1;
	for (i = 0; error == 0 && i < EDU_DEVBUF_SIZE; i++) {
		if (vout[i] != vback[i]) {
			*bad = i;
			break;
		}
	}
	return error;
}

/* n interrupts raised by the driver one at a time; returns how many the workqueue accounted. */
static int
edu_storm(struct edu_softc *sc, int n, int *delivered)
{
	uint64_t seen, target;
	int error = 0, i;

	mutex_enter(&sc->sc_oplock);
	mutex_enter(&sc->sc_lock);
	target = sc->sc_doorbell_done + n;
	for (i = 0; i < n && error == 0; i++) {
		seen = sc->sc_ndoorbell;
		EDU_WRITE(sc, EDU_INTR_RAISE, EDU_IRQ_DOORBELL);
		error = edu_wait(sc, &sc->sc_ndoorbell, seen);
	}
	while (error == 0 && sc->sc_doorbell_done < target)
		error = edu_wait(sc, &sc->sc_doorbell_done, sc->sc_doorbell_done);
	*delivered = (int)(sc->sc_doorbell_done - (target - n));
	mutex_exit(&sc->sc_lock);
	mutex_exit(&sc->sc_oplock);
	return error;
}

static int
edu_sysctl_factorial(SYSCTLFN_ARGS)
{
	struct sysctlnode node = *rnode;
	struct edu_softc *sc = node.sysctl_data;
	int val, error;
	uint32_t result;

	val = (int)sc->sc_fact_result;
	node.sysctl_data = &val;
	error = sysctl_lookup(SYSCTLFN_CALL(&node));
	if (error || newp == NULL)
		return error;
	if (val < 0)
		return EINVAL;
	if ((error = edu_factorial(sc, (uint32_t)val, &result)) != 0)
		return error;
	sc->sc_fact_result = result;
	return 0;
}

static int
edu_sysctl_storm(SYSCTLFN_ARGS)
{
	struct sysctlnode node = *rnode;
	struct edu_softc *sc = node.sysctl_data;
	int val, error, delivered;

	val = sc->sc_storm_result;
	node.sysctl_data = &val;
	error = sysctl_lookup(SYSCTLFN_CALL(&node));
	if (error || newp == NULL)
		return error;
	if (val < 0)
		return EINVAL;
	error = edu_storm(sc, val, &delivered);
	sc->sc_storm_result = delivered;
	return error;
}

static void
edu_sysctl_attach(struct edu_softc *sc)
{
	const struct sysctlnode *rnode;
	int error;

	error = sysctl_createv(&sc->sc_sysctllog, 0, NULL, &rnode, 0, CTLTYPE_NODE,
	    device_xname(sc->sc_dev), SYSCTL_DESCR("edu device controls"),
	    NULL, 0, NULL, 0, CTL_HW, CTL_CREATE, CTL_EOL);
	if (error == 0)
		error = sysctl_createv(&sc->sc_sysctllog, 0, &rnode, NULL, CTLFLAG_READWRITE,
		    CTLTYPE_INT, "factorial", SYSCTL_DESCR("write N: N! by the device; read: result"),
		    edu_sysctl_factorial, 0, (void *)sc, 0, CTL_CREATE, CTL_EOL);
	if (error == 0)
		error = sysctl_createv(&sc->sc_sysctllog, 0, &rnode, NULL, CTLFLAG_READWRITE,
		    CTLTYPE_INT, "storm", SYSCTL_DESCR("write N: raise N interrupts; read: delivered"),
		    edu_sysctl_storm, 0, (void *)sc, 0, CTL_CREATE, CTL_EOL);
	if (error)
		aprint_error_dev(sc->sc_dev, "couldn't create sysctl nodes: error %d\n", error);
}

static int
edu_dma_attach(struct edu_softc *sc, const struct pci_attach_args *pa)
{
	const bus_size_t size = 2 * EDU_DEVBUF_SIZE;
	int error, rseg;
	void *kva;

	if ((error = bus_dmatag_subregion(pa->pa_dmat, 0, EDU_DMA_MAXADDR, &sc->sc_dmat,
	    BUS_DMA_WAITOK)) != 0)
		return error;
	if ((error = bus_dmamem_alloc(sc->sc_dmat, size, PAGE_SIZE, 0, &sc->sc_dmaseg, 1, &rseg,
	    BUS_DMA_WAITOK)) != 0)
		return error;
	sc->sc_dmamem = true;
	if ((error = bus_dmamem_map(sc->sc_dmat, &sc->sc_dmaseg, 1, size, &kva,
	    BUS_DMA_WAITOK | BUS_DMA_COHERENT)) != 0)
		return error;
	sc->sc_dmabuf = kva;
	if ((error = bus_dmamap_create(sc->sc_dmat, size, 1, size, 0, BUS_DMA_WAITOK,
	    &sc->sc_dmamap)) != 0)
		return error;
	if ((error = bus_dmamap_load(sc->sc_dmat, sc->sc_dmamap, kva, size, NULL,
	    BUS_DMA_WAITOK)) != 0) {
		bus_dmamap_destroy(sc->sc_dmat, sc->sc_dmamap);
		sc->sc_dmamap = NULL;
		return error;
	}
	return 0;
}

/* Undoes whatever part of attach happened; shared by a failed attach and detach. */
static void
edu_release(struct edu_softc *sc)
{
	if (sc->sc_sysctllog != NULL)
		sysctl_teardown(&sc->sc_sysctllog);
	if (sc->sc_ih != NULL) {
		EDU_WRITE(sc, EDU_STATUS, 0);
		pci_intr_disestablish(sc->sc_pc, sc->sc_ih);
		sc->sc_ih = NULL;
	}
	if (sc->sc_intrs != NULL) {
		pci_intr_release(sc->sc_pc, sc->sc_intrs, 1);
		sc->sc_intrs = NULL;
	}
	if (sc->sc_wq != NULL) {
		workqueue_destroy(sc->sc_wq);
		sc->sc_wq = NULL;
	}
	if (sc->sc_dmamap != NULL) {
		bus_dmamap_unload(sc->sc_dmat, sc->sc_dmamap);
		bus_dmamap_destroy(sc->sc_dmat, sc->sc_dmamap);
		sc->sc_dmamap = NULL;
	}
	if (sc->sc_dmabuf != NULL) {
		bus_dmamem_unmap(sc->sc_dmat, sc->sc_dmabuf, 2 * EDU_DEVBUF_SIZE);
		sc->sc_dmabuf = NULL;
	}
	if (sc->sc_dmamem) {
		bus_dmamem_free(sc->sc_dmat, &sc->sc_dmaseg, 1);
		sc->sc_dmamem = false;
	}
	if (sc->sc_dmat != NULL) {
		bus_dmatag_destroy(sc->sc_dmat);
		sc->sc_dmat = NULL;
	}
	if (sc->sc_sync) {
		callout_halt(&sc->sc_watchdog, NULL);
		callout_destroy(&sc->sc_watchdog);
		cv_destroy(&sc->sc_cv);
		mutex_destroy(&sc->sc_lock);
		mutex_destroy(&sc->sc_oplock);
		sc->sc_sync = false;
	}
	if (sc->sc_evcnts) {
		evcnt_detach(&sc->sc_ev_intr);
		evcnt_detach(&sc->sc_ev_doorbell);
		evcnt_detach(&sc->sc_ev_dma);
		evcnt_detach(&sc->sc_ev_timeout);
		sc->sc_evcnts = false;
	}
	if (sc->sc_ios != 0) {
		bus_space_unmap(sc->sc_iot, sc->sc_ioh, sc->sc_ios);
		sc->sc_ios = 0;
	}
}

static void
edu_attach(device_t parent, device_t self, void *aux)
{
	struct edu_softc *sc = device_private(self);
	const struct pci_attach_args *pa = aux;
	char intrbuf[PCI_INTRSTR_LEN];
	const char *intrstr;
	pcireg_t memtype;
	uint32_t id, fact;
	int error, bad;

	sc->sc_dev = self;
	sc->sc_pc = pa->pa_pc;

	aprint_naive("\n");
	aprint_normal(": QEMU edu device (rev. 0x%02x)\n", PCI_REVISION(pa->pa_class));

	memtype = pci_mapreg_type(pa->pa_pc, pa->pa_tag, EDU_BAR0);
	if (pci_mapreg_map(pa, EDU_BAR0, memtype, 0, &sc->sc_iot, &sc->sc_ioh, NULL,
	    &sc->sc_ios) != 0) {
		aprint_error_dev(self, "can't map registers\n");
		return;
	}

	id = EDU_READ(sc, EDU_ID);
	if ((id & 0xff) != EDU_ID_MAGIC) {
		aprint_error_dev(self, "unexpected identification 0x%08x\n", id);
		goto fail;
	}
	EDU_WRITE(sc, EDU_LIVENESS, 0x5a5aa5a5);
	if (EDU_READ(sc, EDU_LIVENESS) != ~0x5a5aa5a5U) {
		aprint_error_dev(self, "liveness check failed\n");
		goto fail;
	}
	aprint_normal_dev(self, "version %u.%u, liveness check passed\n", id >> 24, (id >> 16) & 0xff);
	prop_dictionary_set_uint32(device_properties(self), "edu-version", id >> 16);

	evcnt_attach_dynamic(&sc->sc_ev_intr, EVCNT_TYPE_INTR, NULL, device_xname(self), "intr");
	evcnt_attach_dynamic(&sc->sc_ev_doorbell, EVCNT_TYPE_MISC, NULL, device_xname(self),
	    "doorbell");
	evcnt_attach_dynamic(&sc->sc_ev_dma, EVCNT_TYPE_MISC, NULL, device_xname(self), "dma");
	evcnt_attach_dynamic(&sc->sc_ev_timeout, EVCNT_TYPE_MISC, NULL, device_xname(self),
	    "timeout");
	sc->sc_evcnts = true;

	mutex_init(&sc->sc_oplock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&sc->sc_lock, MUTEX_DEFAULT, IPL_BIO);
	cv_init(&sc->sc_cv, device_xname(self));
	callout_init(&sc->sc_watchdog, CALLOUT_MPSAFE);
	callout_setfunc(&sc->sc_watchdog, edu_watchdog, sc);
	sc->sc_sync = true;

	if ((error = workqueue_create(&sc->sc_wq, device_xname(self), edu_work, sc, PRI_NONE,
	    IPL_BIO, WQ_MPSAFE)) != 0) {
		aprint_error_dev(self, "can't create workqueue: error %d\n", error);
		goto fail;
	}

	if ((error = edu_dma_attach(sc, pa)) != 0) {
		aprint_error_dev(self, "can't set up DMA memory below 256 MiB: error %d\n", error);
		goto fail;
	}

	/* MSI when the host delivers it (vfio), else INTx (uio). */
	if (pci_intr_alloc(pa, &sc->sc_intrs, NULL, PCI_INTR_TYPE_MSI) != 0) {
		aprint_error_dev(self, "can't allocate interrupt\n");
		goto fail;
	}
	intrstr = pci_intr_string(pa->pa_pc, sc->sc_intrs[0], intrbuf, sizeof(intrbuf));
	pci_intr_setattr(pa->pa_pc, &sc->sc_intrs[0], PCI_INTR_MPSAFE, true);
	sc->sc_ih = pci_intr_establish_xname(pa->pa_pc, sc->sc_intrs[0], IPL_BIO, edu_intr, sc,
	    device_xname(self));
	if (sc->sc_ih == NULL) {
		aprint_error_dev(self, "can't establish interrupt at %s\n", intrstr);
		goto fail;
	}
	aprint_normal_dev(self, "interrupting at %s\n", intrstr);

	if ((error = edu_factorial(sc, 12, &fact)) != 0) {
		aprint_error_dev(self, "factorial(12) failed: error %d\n", error);
		goto fail;
	}
	sc->sc_fact_result = fact;
	aprint_normal_dev(self, "factorial(12) = %u (%s)\n", fact,
	    fact == 479001600U ? "correct" : "WRONG, expected 479001600");

	if ((error = edu_dma_selftest(sc, &bad)) != 0) {
		aprint_error_dev(self, "DMA failed: error %d\n", error);
		goto fail;
	}
	if (bad >= 0)
		aprint_error_dev(self, "DMA %d bytes RAM -> device -> RAM: mismatch at offset %d\n",
		    EDU_DEVBUF_SIZE, bad);
	else
		aprint_normal_dev(self, "DMA %d bytes RAM -> device -> RAM at 0x%llx: match\n",
		    EDU_DEVBUF_SIZE, (unsigned long long)sc->sc_dmamap->dm_segs[0].ds_addr);

	edu_sysctl_attach(sc);
	if (pmf_device_register(self, NULL, NULL))
		sc->sc_pmf = true;
	else
		aprint_error_dev(self, "couldn't establish power handler\n");
	return;

fail:
	edu_release(sc);
}

static int
edu_detach(device_t self, int flags)
{
	struct edu_softc *sc = device_private(self);

	if (sc->sc_pmf)
		pmf_device_deregister(self);
	if (sc->sc_evcnts)
		aprint_normal_dev(self, "%llu interrupts, %llu DMA transfers, %llu timeouts\n",
		    (unsigned long long)sc->sc_ev_intr.ev_count,
		    (unsigned long long)sc->sc_ev_dma.ev_count,
		    (unsigned long long)sc->sc_ev_timeout.ev_count);
	edu_release(sc);
	return 0;
}
