/* Shutdown hooks, hashinit, pmf generic events, uiomove. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/device.h>
#include <sys/queue.h>
#include <sys/proc.h>
#include "ktest.h"

static int hook_order[4], hook_runs;
static void hook(void *arg) { hook_order[hook_runs++] = (int)(long)arg; }

KTEST(shutdownhooks_newest_first_once)
{
	void *a, *b, *c;

	hook_runs = 0;
	a = shutdownhook_establish(hook, (void *)1L);
	b = shutdownhook_establish(hook, (void *)2L);
	c = shutdownhook_establish(hook, (void *)3L);
	KT_ASSERT(a != NULL && b != NULL && c != NULL && a != b);
	shutdownhook_disestablish(b);
	doshutdownhooks();
	KT_ASSERT(hook_runs == 2 && hook_order[0] == 3 && hook_order[1] == 1, "runs %d", hook_runs);
	doshutdownhooks();
	KT_ASSERT(hook_runs == 2);
}

LIST_HEAD(ktest_hashhead, ktest_hashelt);
TAILQ_HEAD(ktest_tqhead, ktest_hashelt);

KTEST(hashinit_power_of_two_empty_heads)
{
	u_long mask, i;
	struct ktest_hashhead *l = hashinit(100, HASH_LIST, true, &mask);
	struct ktest_tqhead *t;

	KT_ASSERT(l != NULL && mask == 127, "mask %lu", mask);
	for (i = 0; i <= mask; i++)
		KT_ASSERT(LIST_EMPTY(&l[i]));
	hashdone(l, HASH_LIST, mask);
	t = hashinit(1, HASH_TAILQ, true, &mask);
	KT_ASSERT(t != NULL && mask == 0 && TAILQ_EMPTY(&t[0]) && TAILQ_FIRST(&t[0]) == NULL);
	hashdone(t, HASH_TAILQ, mask);
}

static volatile int own_runs, global_runs;
static void own_handler(device_t dev) { (void)dev; __atomic_add_fetch(&own_runs, 1, __ATOMIC_SEQ_CST); }
static void global_handler(device_t dev) { (void)dev; __atomic_add_fetch(&global_runs, 1, __ATOMIC_SEQ_CST); }

KTEST(pmf_events_reach_own_and_global_handlers)
{
	static char dev_a, dev_b;	/* handles only compared, never dereferenced */
	device_t a = (device_t)(void *)&dev_a, b = (device_t)(void *)&dev_b;

	own_runs = global_runs = 0;
	KT_ASSERT(pmf_event_register(a, PMFE_AUDIO_VOLUME_UP, own_handler, false));
	KT_ASSERT(pmf_event_register(b, PMFE_AUDIO_VOLUME_UP, global_handler, true));
	KT_ASSERT(pmf_event_inject(a, PMFE_AUDIO_VOLUME_UP));	/* a's own and the global one */
	KT_ASSERT(pmf_event_inject(b, PMFE_AUDIO_VOLUME_DOWN));	/* nobody's */
	KT_ASSERT(pmf_event_inject(NULL, PMFE_AUDIO_VOLUME_UP));	/* the global one */
	for (int i = 0; i < 200 && global_runs < 2; i++)	/* the handlers run on the event thread */
		kpause("pmfev", false, 1, NULL);
	KT_ASSERT(global_runs == 2 && own_runs == 1, "own %d global %d", own_runs, global_runs);
	pmf_event_deregister(a, PMFE_AUDIO_VOLUME_UP, own_handler, false);
	pmf_event_deregister(b, PMFE_AUDIO_VOLUME_UP, global_handler, true);
	KT_ASSERT(pmf_event_inject(a, PMFE_AUDIO_VOLUME_UP));
	kpause("pmfev", false, hz / 10, NULL);
	KT_ASSERT(global_runs == 2 && own_runs == 1);
}

KTEST(uiomove_across_iovecs_both_ways)
{
	char a[3], b[5], src[8] = "abcdefg", back[8];
	struct iovec iov[3] = { { a, sizeof(a) }, { NULL, 0 }, { b, sizeof(b) } };
	struct uio uio = { .uio_iov = iov, .uio_iovcnt = 3, .uio_offset = 100, .uio_resid = 8,
	    .uio_rw = UIO_READ };

	UIO_SETUP_SYSSPACE(&uio);
	KT_ASSERT(VMSPACE_IS_KERNEL_P(uio.uio_vmspace));
	KT_ASSERT(uiomove(src, 5, &uio) == 0);		/* fills a, then two bytes of b */
	KT_ASSERT(uio.uio_resid == 3 && uio.uio_offset == 105 && memcmp(a, "abc", 3) == 0 &&
	    memcmp(b, "de", 2) == 0);
	KT_ASSERT(uiomove(src + 5, 10, &uio) == 0);	/* stops where the uio ends */
	KT_ASSERT(uio.uio_resid == 0 && memcmp(b, "defg", 4) == 0 && b[4] == '\0');

	iov[0] = (struct iovec){ a, sizeof(a) };
	iov[2] = (struct iovec){ b, sizeof(b) };
	uio = (struct uio){ .uio_iov = iov, .uio_iovcnt = 3, .uio_resid = 8, .uio_rw = UIO_WRITE };
	memset(back, 0, sizeof(back));
	KT_ASSERT(uiomove(back, sizeof(back), &uio) == 0);
	KT_ASSERT(memcmp(back, "abcdefg", 8) == 0);
	KT_ASSERT(uiomove_frombuf(back, 4, &(struct uio){ .uio_iov = iov, .uio_iovcnt = 1,
	    .uio_offset = 9, .uio_resid = 3, .uio_rw = UIO_READ }) == 0);	/* offset past the buffer */
}
