/*
 * The device the bus_space/bus_dma/pci KTESTs run against: the Swift test makes an in-process edu
 * model, hands its host handle over with ktest_bus_fixture_begin before running the C test, and
 * ends it with ktest_bus_fixture_end (which drops the personality's state for it).
 */
#ifndef NBSHIM_BUS_FIXTURE_H
#define NBSHIM_BUS_FIXTURE_H

struct nbh_pci;

void ktest_bus_fixture_begin(struct nbh_pci *edu);
/* A second edu at 0:5.0 for tests of two devices; ended with the first. */
void ktest_bus_fixture_peer(struct nbh_pci *edu);
void ktest_bus_fixture_end(void);
/* The port I/O file bus_space_pio_file reads and writes as I/O BAR 2 of the edu (a plain file). */
#include "host/nbshim_hypercall.h"
void ktest_pio_fixture(const struct nbh_pci_pio *pio);

#ifdef _KERNEL
#include <dev/pci/pcivar.h>
/* Fills `pa` for the fixture's edu at 0:4.0; 0 or an errno. */
int ktest_edu_attach_args(struct pci_attach_args *pa);
int ktest_peer_attach_args(struct pci_attach_args *pa);
struct nbh_pci *ktest_edu_host(void);
const struct nbh_pci_pio *ktest_pio(void);
/* Waits up to `ms` milliseconds for *flag to become nonzero; returns its value. */
int ktest_wait_flag(volatile int *flag, int ms);
#endif

#endif
