/* evcnt(9): the list of every attached event counter, in attach order, for the host to print. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/evcnt.h>
#include "kern/init_private.h"
#include "host/nbshim_kernel.h"

static kmutex_t evcnt_lock;
static struct evcnt *evcnt_head;
static struct evcnt **evcnt_tail = &evcnt_head;
static bool evcnt_ready;

__link_set_decl(evcnts, struct evcnt);

static void
evcnt_attach(struct evcnt *ev)
{
	size_t len;

	if (!evcnt_ready)
		panic("evcnt_attach: %s %s attached before nbk_init", ev->ev_group, ev->ev_name);
	if ((len = strlen(ev->ev_group)) >= EVCNT_STRING_MAX)
		panic("evcnt_attach: group name \"%s\" is too long", ev->ev_group);
	ev->ev_grouplen = (unsigned char)len;
	if ((len = strlen(ev->ev_name)) >= EVCNT_STRING_MAX)
		panic("evcnt_attach: name \"%s\" is too long", ev->ev_name);
	ev->ev_namelen = (unsigned char)len;
	mutex_enter(&evcnt_lock);
	ev->ev_list.tqe_next = NULL;
	ev->ev_list.tqe_prev = evcnt_tail;
	*evcnt_tail = ev;
	evcnt_tail = &ev->ev_list.tqe_next;
	mutex_exit(&evcnt_lock);
}

void
evcnt_init(void)
{
	struct evcnt *const *evp;

	mutex_init(&evcnt_lock, MUTEX_DEFAULT, IPL_NONE);
	evcnt_ready = true;
	__link_set_foreach(evp, evcnts)
		evcnt_attach_static(*evp);
}

static int
evcnt_start(void)
{
	evcnt_init();
	return 0;
}
NBSHIM_INIT(evcnt_start, 30);

void
evcnt_attach_static(struct evcnt *ev)
{
	evcnt_attach(ev);
}

void
evcnt_attach_dynamic_nozero(struct evcnt *ev, int type, const struct evcnt *parent,
    const char *group, const char *name)
{
	ev->ev_type = (unsigned char)type;
	ev->ev_parent = parent;
	ev->ev_group = group;
	ev->ev_name = name;
	evcnt_attach(ev);
}

void
evcnt_attach_dynamic(struct evcnt *ev, int type, const struct evcnt *parent,
    const char *group, const char *name)
{
	memset(ev, 0, sizeof(*ev));
	evcnt_attach_dynamic_nozero(ev, type, parent, group, name);
}

void
evcnt_detach(struct evcnt *ev)
{
	mutex_enter(&evcnt_lock);
	if (ev->ev_list.tqe_prev == NULL)
		panic("evcnt_detach: %s %s is not attached", ev->ev_group, ev->ev_name);
	if (ev->ev_list.tqe_next != NULL)
		ev->ev_list.tqe_next->ev_list.tqe_prev = ev->ev_list.tqe_prev;
	else
		evcnt_tail = ev->ev_list.tqe_prev;
	*ev->ev_list.tqe_prev = ev->ev_list.tqe_next;
	ev->ev_list.tqe_prev = NULL;
	ev->ev_list.tqe_next = NULL;
	mutex_exit(&evcnt_lock);
}

void
nbk_evcnt_list(void (*fn)(const char *, const char *, int, uint64_t, void *), void *arg)
{
	struct evcnt *ev;

	if (!evcnt_ready)
		return;
	mutex_enter(&evcnt_lock);
	for (ev = evcnt_head; ev != NULL; ev = ev->ev_list.tqe_next)
		fn(ev->ev_group, ev->ev_name, ev->ev_type, ev->ev_count, arg);
	mutex_exit(&evcnt_lock);
}
