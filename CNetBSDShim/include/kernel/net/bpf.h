/*
 * bpf(4) hooks (net/bpf.h in NetBSD's API). Nothing listens here (tcpdump runs on the Linux TAP
 * interface instead), so attaching and tapping do nothing. Both the 2016 forms
 * (bpf_mtap(ifp, m)) and the newer ones with a direction argument compile.
 */
#ifndef _NBSHIM_NET_BPF_H_
#define _NBSHIM_NET_BPF_H_

#include <sys/types.h>
#include <net/dlt.h>

struct bpf_if;

#define BPF_D_IN	0
#define BPF_D_INOUT	1
#define BPF_D_OUT	2

#define bpf_attach(ifp, dlt, hdrlen)		((void)(ifp))
#define bpf_attach2(ifp, dlt, hdrlen, dp)	((void)(ifp), (void)(dp))
#define bpf_detach(ifp)				((void)(ifp))
#define bpf_change_type(ifp, dlt, hdrlen)	((void)(ifp))
#define bpf_tap(...)				((void)0)
#define bpf_mtap(...)				((void)0)
#define bpf_mtap2(...)				((void)0)
#define bpf_mtap3(...)				((void)0)
#define bpf_mtap_af(...)			((void)0)
#define bpf_mtap_softint(...)			((void)0)
#define bpf_mtap_softint_init(ifp)		((void)(ifp))
#define bpf_mtap_sl_in(...)			((void)0)
#define bpf_mtap_sl_out(...)			((void)0)

#endif
