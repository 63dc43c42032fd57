/* nbk_init: runs every subsystem's NBSHIM_INIT hook once, in order. */
#include <sys/types.h>
#include <sys/systm.h>
#include "kern/init_private.h"
#include "host/nbshim_hypercall.h"
#include "host/nbshim_kernel.h"

__link_set_decl(nbshim_inits, const struct nbshim_init);

int
nbk_init(void)
{
	static int done, result;
	const struct nbshim_init *const *i, *next, *prev = NULL;

	if (done)
		return result;
	done = 1;
	/* A few dozen hooks: pick the next by (order, name) each round rather than sorting in place. */
	for (;;) {
		next = NULL;
		__link_set_foreach(i, nbshim_inits) {
			const struct nbshim_init *c = *i;
			if (prev != NULL && (c->order < prev->order ||
			    (c->order == prev->order && strcmp(c->name, prev->name) <= 0)))
				continue;
			if (next == NULL || c->order < next->order ||
			    (c->order == next->order && strcmp(c->name, next->name) < 0))
				next = c;
		}
		if (next == NULL)
			return 0;
		if ((result = next->fn()) != 0) {
			printf("nbshim: start-up of %s failed: error %d\n", next->name, result);
			return result;
		}
		prev = next;
	}
}
