/* rnd(9): sources with a callback are asked for more once a second, and no longer once detached. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kernel.h>
#include <sys/proc.h>
#include <sys/rndsource.h>
#include "ktest.h"
#include "host/nbshim_kernel.h"

static krndsource_t ask_rs;
static volatile int ask_calls;
static volatile size_t ask_bytes;

static void
ask_cb(size_t bytes, void *arg)
{
	uint8_t buf[16];

	(void)arg;
	ask_bytes = bytes;
	memset(buf, 0xa5, sizeof(buf));
	rnd_add_data(&ask_rs, buf, sizeof(buf), sizeof(buf) * NBBY);
	ask_calls++;
}

KTEST(rnd_asks_every_second)
{
	int i, calls;

	ask_calls = 0;
	rndsource_setcb(&ask_rs, ask_cb, NULL);
	rnd_attach_source(&ask_rs, "ktestask0", RND_TYPE_RNG, RND_FLAG_COLLECT_VALUE | RND_FLAG_HASCB);
	for (i = 0; i < 40 && ask_calls < 2; i++)
		kpause("rndask", false, hz / 10, NULL);
	calls = ask_calls;
	rnd_detach_source(&ask_rs);
	KT_ASSERT(calls >= 2, "asked %d times in 4 s", calls);
	KT_ASSERT(i >= 10, "the second ask came after %d ms: not once a second", i * 100);
	KT_ASSERT(ask_bytes == 512, "asked for %zu bytes, NetBSD asks for its pool's size", ask_bytes);
	KT_ASSERT(ask_rs.nbshim_bytes == (uint64_t)calls * 16, "%llu bytes counted",
	    (unsigned long long)ask_rs.nbshim_bytes);
	calls = ask_calls;
	kpause("rndask", false, hz + hz / 2, NULL);
	KT_ASSERT(ask_calls == calls, "asked after detach");
}

/* For the host's listing (AttachHost.entropySources): one source with 48 bytes in 3 samples. */
static krndsource_t list_rs;

KTEST(rnd_list_attach)
{
	uint8_t buf[16] = { 1 };
	int i;

	rnd_attach_source(&list_rs, "ktestlist0", RND_TYPE_RNG, RND_FLAG_COLLECT_VALUE);
	for (i = 0; i < 3; i++)
		rnd_add_data(&list_rs, buf, sizeof(buf), 0);
}

KTEST(rnd_list_detach)
{
	rnd_detach_source(&list_rs);
}
