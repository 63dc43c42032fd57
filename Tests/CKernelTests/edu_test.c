/*
 * The edu driver once EduDriverTests has attached it on the device model: its device, property,
 * sysctl nodes and event counters, a 10k interrupt storm, and what detach leaves behind.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/sysctl.h>
#include <prop/proplib.h>
#include <host/nbshim_kernel.h>
#include "ktest.h"

struct edu_counts {
	int found;
	uint64_t intr, doorbell, dma, timeout;
};

static void
edu_count(const char *group, const char *name, int type, uint64_t count, void *arg)
{
	struct edu_counts *c = arg;

	if (strcmp(group, "edu0") != 0)
		return;
	c->found++;
	if (strcmp(name, "intr") == 0)
		c->intr = count;
	else if (strcmp(name, "doorbell") == 0)
		c->doorbell = count;
	else if (strcmp(name, "dma") == 0)
		c->dma = count;
	else if (strcmp(name, "timeout") == 0)
		c->timeout = count;
}

static struct edu_counts
edu_counts(void)
{
	struct edu_counts c = { 0 };

	nbk_evcnt_list(edu_count, &c);
	return c;
}

static int
edu_sysctl_int(const char *name, int *val)
{
	size_t len = sizeof(*val);

	return nbk_sysctl_read(name, val, &len);
}

KTEST(edu_attached)
{
	device_t dev = device_find_by_xname("edu0");
	struct edu_counts c = edu_counts();
	uint32_t version = 0;
	int fact = 0;

	KT_ASSERT(dev != NULL);
	KT_ASSERT(device_is_a(dev, "edu"));
	KT_ASSERT(prop_dictionary_get_uint32(device_properties(dev), "edu-version", &version));
	KT_ASSERT(version == 0x0100, "edu-version 0x%x", version);
	KT_ASSERT(nbk_sysctl_type("hw.edu0") == CTLTYPE_NODE);
	KT_ASSERT(edu_sysctl_int("hw.edu0.factorial", &fact) == 0);
	KT_ASSERT(fact == 479001600, "hw.edu0.factorial %d", fact);
	KT_ASSERT(c.found == 4, "%d edu0 counters", c.found);
	/* attach: one factorial and four DMA transfers, each completed by its interrupt */
	KT_ASSERT(c.dma == 4, "dma %llu", (unsigned long long)c.dma);
	KT_ASSERT(c.intr == 5, "intr %llu", (unsigned long long)c.intr);
	KT_ASSERT(c.timeout == 0, "timeout %llu", (unsigned long long)c.timeout);
}

KTEST(edu_factorial_sysctl)
{
	int n = 10, fact = 0;

	KT_ASSERT(nbk_sysctl_write("hw.edu0.factorial", &n, sizeof(n)) == 0);
	KT_ASSERT(edu_sysctl_int("hw.edu0.factorial", &fact) == 0);
	KT_ASSERT(fact == 3628800, "10! read back as %d", fact);
	n = -1;
	KT_ASSERT(nbk_sysctl_write("hw.edu0.factorial", &n, sizeof(n)) == EINVAL);
}

/* 10k interrupts raised one after another: each reaches the handler, and the workqueue. */
KTEST(edu_storm_10k)
{
	struct edu_counts before = edu_counts(), after;
	int n = 10000, delivered = 0;

	KT_ASSERT(nbk_sysctl_write("hw.edu0.storm", &n, sizeof(n)) == 0);
	KT_ASSERT(edu_sysctl_int("hw.edu0.storm", &delivered) == 0);
	after = edu_counts();
	KT_ASSERT(delivered == n, "the workqueue saw %d of %d", delivered, n);
	KT_ASSERT(after.intr - before.intr == (uint64_t)n, "%llu interrupts handled for %d raised",
	    (unsigned long long)(after.intr - before.intr), n);
	KT_ASSERT(after.doorbell - before.doorbell == (uint64_t)n, "doorbell counter moved by %llu",
	    (unsigned long long)(after.doorbell - before.doorbell));
	KT_ASSERT(after.timeout == before.timeout, "%llu watchdog timeouts",
	    (unsigned long long)(after.timeout - before.timeout));
}

KTEST(edu_detached)
{
	struct edu_counts c = edu_counts();

	KT_ASSERT(device_find_by_xname("edu0") == NULL);
	KT_ASSERT(nbk_sysctl_type("hw.edu0") == -1, "hw.edu0 outlived its device");
	KT_ASSERT(c.found == 0, "%d edu0 counters outlived their device", c.found);
}
