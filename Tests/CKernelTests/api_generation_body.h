/*
 * The API differences the headers bridge, as a driver of one generation writes them. Included by
 * api799_test.c and api91_test.c, each defining __NetBSD_Version__ first, so the same checks
 * compile once per generation and run against one personality. GEN names the tests.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mbuf.h>
#include <sys/pserialize.h>
#include <sys/sockio.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/if_ether.h>
#include <net/bpf.h>
#include "ktest.h"

#define APITEST__(g, n)	KTEST(api##g##_##n)
#define APITEST_(g, n)	APITEST__(g, n)
#define APITEST(n)	APITEST_(GEN, n)

static const uint8_t gen_mac[ETHER_ADDR_LEN] = { 0x02, 0x00, 0x5e, 0x00, 0x09, GEN & 0xff };

/* An Ethernet interface made as a driver of this generation makes it (not registered: no TAP). */
static int
gen_ifattach(struct ethercom *ec, const char *name)
{
	struct ifnet *ifp = &ec->ec_if;
	int error = 0;

	memset(ec, 0, sizeof(*ec));
	strlcpy(ifp->if_xname, name, IFNAMSIZ);
	/* 0x8802: a short in 7.99, an unsigned short in 9.x */
	ifp->if_flags = (__typeof__(ifp->if_flags))(IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST);
#if __NetBSD_Version__ >= 900000000
	error = if_initialize(ifp);		/* int in 9.x */
#else
	if_initialize(ifp);			/* void in 7.99 */
#endif
	if (error == 0)
		ether_ifattach(ifp, gen_mac);
	return error;
}

static void
gen_ifdetach(struct ethercom *ec)
{
	ether_ifdetach(&ec->ec_if);
	if_detach(&ec->ec_if);
}

/* 7.99: bpf_mtap(ifp, m); 9.x: bpf_mtap(ifp, m, direction). Nothing listens, so the packet
 * and the interface are as they were. */
APITEST(bpf_mtap_forms)
{
	struct ethercom ec;
	struct ifnet *ifp = &ec.ec_if;
	struct mbuf *m;

	KT_ASSERT(gen_ifattach(&ec, "gen0") == 0);
	m = m_gethdr(M_WAIT, MT_DATA);
	m->m_len = m->m_pkthdr.len = 60;
	memset(mtod(m, void *), 0xa5, 60);
#if __NetBSD_Version__ >= 900000000
	KT_ASSERT(BPF_D_IN == 0 && BPF_D_INOUT == 1 && BPF_D_OUT == 2);
	bpf_mtap(ifp, m, BPF_D_OUT);
	bpf_mtap(ifp, m, BPF_D_IN);
#else
	bpf_mtap(ifp, m);
#endif
	bpf_mtap2(ifp->if_bpf, NULL, 0, m);
	KT_ASSERT(m->m_pkthdr.len == 60 && m->m_len == 60 && m->m_next == NULL);
	KT_ASSERT(mtod(m, uint8_t *)[0] == 0xa5 && mtod(m, uint8_t *)[59] == 0xa5);
	KT_ASSERT(ifp->if_opackets == 0 && ifp->if_ipackets == 0);
	m_freem(m);
	gen_ifdetach(&ec);
}

/* The address list, both ways 7.99 and 9.x offer: IFADDR_FOREACH and, under pserialize,
 * IFADDR_READER_FOREACH. Both see the link-level address first, then one added with ifa_insert,
 * and neither sees it after ifa_remove. */
APITEST(address_lists)
{
	struct ethercom ec;
	struct ifnet *ifp = &ec.ec_if;
	struct ifaddr extra, *ifa, *seen[4];
	struct sockaddr sa = { .sa_len = sizeof(sa), .sa_family = AF_INET };
	int n, s;

	KT_ASSERT(gen_ifattach(&ec, "gen1") == 0);
	memset(&extra, 0, sizeof(extra));
	extra.ifa_addr = &sa;
	ifa_insert(ifp, &extra);

	n = 0;
	IFADDR_FOREACH(ifa, ifp)
		if (n < 4)
			seen[n++] = ifa;
	KT_ASSERT(n == 2 && seen[0] == ifp->if_dl && seen[1] == &extra, "IFADDR_FOREACH saw %d", n);
	n = 0;
	s = pserialize_read_enter();
	IFADDR_READER_FOREACH(ifa, ifp)
		if (n < 4)
			seen[n++] = ifa;
	pserialize_read_exit(s);
	KT_ASSERT(n == 2 && seen[0] == ifp->if_dl && seen[1] == &extra, "IFADDR_READER_FOREACH saw %d", n);
	KT_ASSERT(seen[0]->ifa_addr->sa_family == AF_LINK && seen[0]->ifa_ifp == ifp);
	KT_ASSERT(memcmp(CLLADDR(ifp->if_sadl), gen_mac, ETHER_ADDR_LEN) == 0);

	ifa_remove(ifp, &extra);
	s = pserialize_read_enter();
	KT_ASSERT(IFADDR_READER_FIRST(ifp) == ifp->if_dl && IFADDR_READER_NEXT(ifp->if_dl) == NULL);
	pserialize_read_exit(s);
	KT_ASSERT(TAILQ_NEXT(ifp->if_dl, ifa_list) == NULL);
	gen_ifdetach(&ec);
}

/* Counters: 7.99 and 9.x drivers write ifp->if_ipackets++ (if_data under its old names);
 * NetBSD 10's if_statinc/if_statadd land on the same counters. SIOCGIFDATA (the common ioctl
 * every driver's ends in) reports them. */
APITEST(if_stat_counters)
{
	struct ethercom ec;
	struct ifnet *ifp = &ec.ec_if;
	struct ifdatareq ifdr;

	KT_ASSERT(gen_ifattach(&ec, "gen2") == 0);
	ifp->if_ipackets++;
	ifp->if_ibytes += 1500;
	if_statinc(ifp, if_ipackets);
	if_statadd(ifp, if_ibytes, 60);
	if_statadd2(ifp, if_opackets, 3, if_obytes, 180);
	if_statinc(ifp, if_oerrors);
	if_statdec(ifp, if_oerrors);
	memset(&ifdr, 0, sizeof(ifdr));
	strlcpy(ifdr.ifdr_name, ifp->if_xname, IFNAMSIZ);
	KT_ASSERT(ifioctl_common(ifp, SIOCGIFDATA, &ifdr) == 0);
	KT_ASSERT(ifdr.ifdr_data.ifi_ipackets == 2 && ifdr.ifdr_data.ifi_ibytes == 1560,
	    "%llu packets, %llu bytes", (unsigned long long)ifdr.ifdr_data.ifi_ipackets,
	    (unsigned long long)ifdr.ifdr_data.ifi_ibytes);
	KT_ASSERT(ifdr.ifdr_data.ifi_opackets == 3 && ifdr.ifdr_data.ifi_obytes == 180);
	KT_ASSERT(ifdr.ifdr_data.ifi_oerrors == 0);
	gen_ifdetach(&ec);
}

/* if_flags: IFF_MULTICAST (0x8000) reads back as set in both generations; 9.x's is unsigned. */
APITEST(if_flags_width)
{
	struct ethercom ec;
	struct ifnet *ifp = &ec.ec_if;

	KT_ASSERT(gen_ifattach(&ec, "gen3") == 0);
	KT_ASSERT((ifp->if_flags & IFF_MULTICAST) != 0 && sizeof(ifp->if_flags) == 2);
#if __NetBSD_Version__ >= 900000000
	KT_ASSERT(ifp->if_flags == (IFF_BROADCAST | IFF_SIMPLEX | IFF_MULTICAST), "unsigned: the value itself");
#endif
	gen_ifdetach(&ec);
}

/* A tag the hardware stripped: 7.99 keeps it in an m_tag (VLAN_INPUT_TAG), 9.x in the packet
 * header (vlan_set_tag); either way it travels with the packet and its copies. 9.x also locks
 * the multicast list with ETHER_LOCK. */
APITEST(vlan_tags_and_ether_lock)
{
	struct ethercom ec;
	struct ifnet *ifp = &ec.ec_if;
	struct mbuf *m, *c;

	KT_ASSERT(gen_ifattach(&ec, "gen4") == 0);
	(void)ifp;
	m = m_gethdr(M_WAIT, MT_DATA);
	m->m_len = m->m_pkthdr.len = 64;
#if __NetBSD_Version__ >= 900000000
	KT_ASSERT(!vlan_has_tag(m));
	vlan_set_tag(m, ((5 << 13) | 42));
	c = m_copypacket(m, M_DONTWAIT);
	KT_ASSERT(c != NULL && vlan_has_tag(c) && vlan_get_tag(c) == ((5 << 13) | 42));
	KT_ASSERT((vlan_get_tag(m) & 0x0fff) == 42);
	ETHER_LOCK(&ec);
	KT_ASSERT(ETHER_LOCK_OWNED(&ec));
	ec.ec_flags |= ETHER_F_ALLMULTI;
	ETHER_UNLOCK(&ec);
	KT_ASSERT((ETHERCAP_MASK & ETHERCAP_EEE) != 0);
#else
	{
		struct m_tag *mtag;

		ec.ec_nvlans = 1;			/* as vlan(4) would when configured */
		VLAN_INPUT_TAG(ifp, m, 42, KT_ASSERT(0, "no memory for the tag"));
		c = m_copypacket(m, M_DONTWAIT);
		KT_ASSERT(c != NULL);
		mtag = VLAN_OUTPUT_TAG(&ec, c);
		KT_ASSERT(mtag != NULL && VLAN_TAG_VALUE(mtag) == 42);
		ec.ec_nvlans = 0;
		KT_ASSERT(ETHERCAP_MASK == 0x7);
	}
#endif
	m_freem(c);
	m_freem(m);
	gen_ifdetach(&ec);
}
