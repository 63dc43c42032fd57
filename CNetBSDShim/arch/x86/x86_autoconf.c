/*
 * Machine-dependent autoconfiguration: device_register, which NetBSD calls before each attach so
 * the platform can set the properties it knows for a device. Here the platform is the host: what
 * `nbshim attach --property` gives for a PCI function reaches the driver that attaches at it.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/device.h>
#include <dev/pci/pcivar.h>
#include <prop/proplib.h>
#include "dev/pci/pcidev_private.h"
#include "host/nbshim_hypercall.h"
#include "host/nbshim_kernel.h"

/* One property for the driver of one host function, kept until that driver detaches. */
struct hostprop {
	struct nbh_pci		*host;
	char			*key, *value;	/* value NULL: true */
	struct hostprop		*next;
};
static struct hostprop *hostprops;

static char *
prop_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = nbh_mem_alloc(n, 0);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

int
nbk_pci_property(struct nbh_pci *host, const char *key, const char *value)
{
	struct hostprop *p;

	if (key == NULL || *key == '\0')
		return EINVAL;
	if ((p = nbh_mem_alloc(sizeof(*p), 0)) == NULL)
		return ENOMEM;
	p->key = prop_strdup(key);
	p->value = value != NULL ? prop_strdup(value) : NULL;
	if (p->key == NULL || (value != NULL && p->value == NULL)) {
		if (p->key != NULL)
			nbh_mem_free(p->key, strlen(p->key) + 1);
		nbh_mem_free(p, sizeof(*p));
		return ENOMEM;
	}
	p->host = host;
	p->next = hostprops;
	hostprops = p;
	return 0;
}

/* "true"/"false" or no value: a bool; a whole integer (0x for hex): a number; else a string. */
static void
hostprop_set(prop_dictionary_t d, const struct hostprop *p)
{
	char *end;
	long long n;

	if (p->value == NULL || strcmp(p->value, "true") == 0 || strcmp(p->value, "false") == 0) {
		prop_dictionary_set_bool(d, p->key, p->value == NULL || p->value[0] == 't');
		return;
	}
	n = strtoll(p->value, &end, 0);
	if (*p->value != '\0' && *end == '\0')
		prop_dictionary_set_int64(d, p->key, n);
	else
		prop_dictionary_set_cstring(d, p->key, p->value);
}

void
device_register(device_t dev, void *aux)
{
	struct pci_attach_args *pa = aux;
	const struct hostprop *p;

	if (device_parent(dev) == NULL || !device_is_a(device_parent(dev), "pci"))
		return;
	for (p = hostprops; p != NULL; p = p->next)
		if (p->host == pa->pa_pc->pc_host)
			hostprop_set(device_properties(dev), p);
}

void
nbshim_pci_properties_forget(struct nbh_pci *host)
{
	struct hostprop **pp, *p;

	for (pp = &hostprops; (p = *pp) != NULL;) {
		if (p->host != host) {
			pp = &p->next;
			continue;
		}
		*pp = p->next;
		nbh_mem_free(p->key, strlen(p->key) + 1);
		if (p->value != NULL)
			nbh_mem_free(p->value, strlen(p->value) + 1);
		nbh_mem_free(p, sizeof(*p));
	}
}
