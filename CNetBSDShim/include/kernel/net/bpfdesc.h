/*
 * BPF descriptors (net/bpfdesc.h in NetBSD's API) belong to the bpf(4) device, which this
 * personality does not have (Linux taps the interface instead: tcpdump on the TAP). Drivers that
 * include the header out of habit get net/bpf.h; one that reaches into struct bpf_d fails to
 * compile, naming it.
 */
#ifndef _NBSHIM_NET_BPFDESC_H_
#define _NBSHIM_NET_BPFDESC_H_

#include <net/bpf.h>

#endif
