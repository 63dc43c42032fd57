/*
 * ifmedia(9): the list of media an interface supports, the user's selection (SIOCSIFMEDIA goes
 * to the driver's change callback, and is undone when it fails) and the status query
 * (SIOCGIFMEDIA asks the driver's status callback and lists the supported words).
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/sockio.h>
#include <net/if.h>
#include <net/if_media.h>
#include "host/nbshim_kernel.h"
#include "net/if_private.h"

void
ifmedia_init(struct ifmedia *ifm, int dontcare_mask, ifm_change_cb_t change, ifm_stat_cb_t status)
{
	TAILQ_INIT(&ifm->ifm_list);
	ifm->ifm_cur = NULL;
	ifm->ifm_media = 0;
	ifm->ifm_mask = (u_int)dontcare_mask;
	ifm->ifm_change = change;
	ifm->ifm_status = status;
}

void
ifmedia_add(struct ifmedia *ifm, int mword, int data, void *aux)
{
	struct ifmedia_entry *entry = kmem_zalloc(sizeof(*entry), KM_SLEEP);

	entry->ifm_media = (u_int)mword;
	entry->ifm_data = (u_int)data;
	entry->ifm_aux = aux;
	TAILQ_INSERT_TAIL(&ifm->ifm_list, entry, ifm_list);
}

void
ifmedia_list_add(struct ifmedia *ifm, struct ifmedia_entry *lp, int count)
{
	int i;

	for (i = 0; i < count; i++)
		ifmedia_add(ifm, (int)lp[i].ifm_media, (int)lp[i].ifm_data, lp[i].ifm_aux);
}

/* The entry for `target`, ignoring the bits in mask; NULL when the interface lacks it. */
struct ifmedia_entry *
ifmedia_match(struct ifmedia *ifm, u_int target, u_int mask)
{
	struct ifmedia_entry *entry;

	mask = ~mask;
	TAILQ_FOREACH(entry, &ifm->ifm_list, ifm_list) {
		if ((entry->ifm_media & mask) == (target & mask))
			return entry;
	}
	return NULL;
}

void
ifmedia_set(struct ifmedia *ifm, int target)
{
	struct ifmedia_entry *match;

	if ((match = ifmedia_match(ifm, (u_int)target, ifm->ifm_mask)) == NULL) {
		/* NetBSD falls back to "none" in this case; so do we, loudly. */
		printf("ifmedia_set: media word 0x%x is not in the interface's list\n", target);
		target = IFM_ETHER | IFM_NONE;
		if ((match = ifmedia_match(ifm, (u_int)target, ifm->ifm_mask)) == NULL) {
			ifmedia_add(ifm, target, 0, NULL);
			match = ifmedia_match(ifm, (u_int)target, ifm->ifm_mask);
		}
	}
	ifm->ifm_cur = match;
	ifm->ifm_media = (u_int)target;
}

int
ifmedia_change(struct ifmedia *ifm, struct ifnet *ifp)
{
	return (*ifm->ifm_change)(ifp);
}

int
ifmedia_ioctl(struct ifnet *ifp, struct ifreq *ifr, struct ifmedia *ifm, u_long cmd)
{
	struct ifmediareq *ifmr = (struct ifmediareq *)ifr;
	struct ifmedia_entry *match, *oldentry, *ep;
	u_int newmedia, oldmedia;
	int error = 0, count;

	if (ifp == NULL || ifr == NULL || ifm == NULL)
		return EINVAL;
	switch (cmd) {
	case SIOCSIFMEDIA:
		newmedia = (u_int)ifr->ifr_media;
		if ((match = ifmedia_match(ifm, newmedia, ifm->ifm_mask)) == NULL)
			return ENXIO;
		/* Only when something changed, or the interface needs its media programmed now. */
		if ((IFM_SUBTYPE(newmedia) == IFM_AUTO) || newmedia != ifm->ifm_media ||
		    match != ifm->ifm_cur) {
			oldentry = ifm->ifm_cur;
			oldmedia = ifm->ifm_media;
			ifm->ifm_cur = match;
			ifm->ifm_media = newmedia;
			if ((error = (*ifm->ifm_change)(ifp)) != 0 && error != ENETRESET) {
				ifm->ifm_cur = oldentry;
				ifm->ifm_media = oldmedia;
			}
		}
		return error;
	case SIOCGIFMEDIA:
		if (ifmr->ifm_count < 0)
			return EINVAL;
		ifmr->ifm_current = ifm->ifm_cur != NULL ? (int)ifm->ifm_cur->ifm_media : IFM_NONE;
		ifmr->ifm_mask = (int)ifm->ifm_mask;
		ifmr->ifm_status = 0;
		ifmr->ifm_active = ifmr->ifm_current;
		(*ifm->ifm_status)(ifp, ifmr);
		count = 0;
		TAILQ_FOREACH(ep, &ifm->ifm_list, ifm_list) {
			if (ifmr->ifm_ulist != NULL && count < ifmr->ifm_count)
				ifmr->ifm_ulist[count] = (int)ep->ifm_media;
			count++;
		}
		if (ifmr->ifm_ulist != NULL && count > ifmr->ifm_count)
			error = E2BIG;
		ifmr->ifm_count = count;
		return error;
	default:
		return EINVAL;
	}
}

/* The host's media requests (host/nbshim_kernel.h), issued through the driver's ioctl as ifconfig's are. */
int
nbk_if_media_get(const char *name, struct nbk_if_media *out, int *list, int *count)
{
	struct ifmediareq ifmr;
	struct ifnet *ifp;
	int error;

	if ((ifp = ifunit(name)) == NULL)
		return ENXIO;
	memset(&ifmr, 0, sizeof(ifmr));
	strlcpy(ifmr.ifm_name, name, sizeof(ifmr.ifm_name));
	ifmr.ifm_ulist = list;
	ifmr.ifm_count = list != NULL ? *count : 0;
	error = nbshim_if_ioctl(ifp, SIOCGIFMEDIA, &ifmr);
	*count = ifmr.ifm_count;
	if (error != 0)
		return error;
	out->current = ifmr.ifm_current;
	out->active = ifmr.ifm_active;
	out->status = ifmr.ifm_status;
	return 0;
}

int
nbk_if_media_set(const char *name, int word)
{
	struct ifreq ifr;
	struct ifnet *ifp;

	if ((ifp = ifunit(name)) == NULL)
		return ENXIO;
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, name, sizeof(ifr.ifr_name));
	ifr.ifr_media = word;
	return nbshim_if_ioctl(ifp, SIOCSIFMEDIA, &ifr);
}

/* Removes the entries of PHY instance `inst` (IFM_INST_ANY: all of them). */
void
ifmedia_delete_instance(struct ifmedia *ifm, u_int inst)
{
	struct ifmedia_entry *ife, *next;

	TAILQ_FOREACH_SAFE(ife, &ifm->ifm_list, ifm_list, next) {
		if (inst == IFM_INST_ANY || inst == IFM_INST(ife->ifm_media)) {
			if (ifm->ifm_cur == ife)
				ifm->ifm_cur = NULL;
			TAILQ_REMOVE(&ifm->ifm_list, ife, ifm_list);
			kmem_free(ife, sizeof(*ife));
		}
	}
}

void
ifmedia_removeall(struct ifmedia *ifm)
{
	ifmedia_delete_instance(ifm, IFM_INST_ANY);
}

/* Bits per second of a media word; 0 when unknown. */
uint64_t
ifmedia_baudrate(int mword)
{
	static const struct { int word; uint64_t bps; } rates[] = {
		{ IFM_ETHER | IFM_10_T, 10000000ULL },
		{ IFM_ETHER | IFM_10_2, 10000000ULL },
		{ IFM_ETHER | IFM_10_5, 10000000ULL },
		{ IFM_ETHER | IFM_10_STP, 10000000ULL },
		{ IFM_ETHER | IFM_10_FL, 10000000ULL },
		{ IFM_ETHER | IFM_100_TX, 100000000ULL },
		{ IFM_ETHER | IFM_100_FX, 100000000ULL },
		{ IFM_ETHER | IFM_100_T4, 100000000ULL },
		{ IFM_ETHER | IFM_100_VG, 100000000ULL },
		{ IFM_ETHER | IFM_100_T2, 100000000ULL },
		{ IFM_ETHER | IFM_HPNA_1, 1000000ULL },
		{ IFM_ETHER | IFM_1000_SX, 1000000000ULL },
		{ IFM_ETHER | IFM_1000_LX, 1000000000ULL },
		{ IFM_ETHER | IFM_1000_CX, 1000000000ULL },
		{ IFM_ETHER | IFM_1000_T, 1000000000ULL },
		{ IFM_ETHER | IFM_1000_BX10, 1000000000ULL },
		{ IFM_ETHER | IFM_2500_SX, 2500000000ULL },
		{ IFM_ETHER | IFM_10G_LR, 10000000000ULL },
		{ IFM_ETHER | IFM_10G_SR, 10000000000ULL },
		{ IFM_ETHER | IFM_10G_CX4, 10000000000ULL },
		{ IFM_ETHER | IFM_10G_TWINAX, 10000000000ULL },
		{ IFM_ETHER | IFM_10G_TWINAX_LONG, 10000000000ULL },
		{ IFM_ETHER | IFM_10G_LRM, 10000000000ULL },
		{ IFM_ETHER | IFM_10G_T, 10000000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_DS1, 1000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_DS2, 2000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_DS5, 5500000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_DS11, 11000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_OFDM6, 6000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_OFDM9, 9000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_OFDM12, 12000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_OFDM18, 18000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_OFDM24, 24000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_OFDM36, 36000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_OFDM48, 48000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_OFDM54, 54000000ULL },
		{ IFM_IEEE80211 | IFM_IEEE80211_OFDM72, 72000000ULL },
	};
	size_t i;

	for (i = 0; i < __arraycount(rates); i++)
		if (rates[i].word == (mword & (IFM_NMASK | IFM_TMASK)))
			return rates[i].bps;
	return 0;
}
