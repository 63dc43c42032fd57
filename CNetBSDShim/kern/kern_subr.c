/*
 * Shutdown hooks (shutdownhook_establish(9)): run once when the process ends, before the drivers
 * are detached, as NetBSD runs them at halt before detaching devices. Newest first.
 */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/queue.h>
#include "kern/init_private.h"

struct shutdownhook {
	LIST_ENTRY(shutdownhook) link;
	void (*fn)(void *);
	void *arg;
};

static LIST_HEAD(, shutdownhook) shutdownhooks = LIST_HEAD_INITIALIZER(shutdownhooks);
static kmutex_t shutdown_lock;

static int
shutdownhooks_start(void)
{
	mutex_init(&shutdown_lock, MUTEX_DEFAULT, IPL_NONE);
	return 0;
}
NBSHIM_INIT(shutdownhooks_start, 12);

void *
shutdownhook_establish(void (*fn)(void *), void *arg)
{
	struct shutdownhook *h = kmem_alloc(sizeof(*h), KM_SLEEP);

	h->fn = fn;
	h->arg = arg;
	mutex_enter(&shutdown_lock);
	LIST_INSERT_HEAD(&shutdownhooks, h, link);
	mutex_exit(&shutdown_lock);
	return h;
}

void
shutdownhook_disestablish(void *cookie)
{
	struct shutdownhook *h;

	mutex_enter(&shutdown_lock);
	LIST_FOREACH(h, &shutdownhooks, link)
		if (h == cookie)
			break;
	if (h == NULL)
		panic("shutdownhook_disestablish: %p was not established", cookie);
	LIST_REMOVE(h, link);
	mutex_exit(&shutdown_lock);
	kmem_free(h, sizeof(*h));
}

/* Each hook runs once; a hook may disestablish others. */
void
doshutdownhooks(void)
{
	struct shutdownhook *h;

	mutex_enter(&shutdown_lock);
	while ((h = LIST_FIRST(&shutdownhooks)) != NULL) {
		LIST_REMOVE(h, link);
		mutex_exit(&shutdown_lock);
		h->fn(h->arg);
		kmem_free(h, sizeof(*h));
		mutex_enter(&shutdown_lock);
	}
	mutex_exit(&shutdown_lock);
}
