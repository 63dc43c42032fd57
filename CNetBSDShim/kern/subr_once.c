/* RUN_ONCE(9): the first caller runs the function; callers arriving meanwhile wait for it, and
 * every caller returns its result. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/once.h>
#include "kern/init_private.h"

static kmutex_t once_lock;
static kcondvar_t once_cv;
static bool once_ready;

void
once_init(void)
{
	mutex_init(&once_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&once_cv, "runonce");
	once_ready = true;
}

static int
once_start(void)
{
	once_init();
	return 0;
}
NBSHIM_INIT(once_start, 11);	/* right after locks, before the services that use RUN_ONCE */

int
_run_once(once_t *o, int (*fn)(void))
{
	int error;

	if (!once_ready)
		panic("RUN_ONCE: called before nbk_init set up its lock");
	mutex_enter(&once_lock);
	while (o->o_status == ONCE_RUNNING)
		cv_wait(&once_cv, &once_lock);
	if (o->o_status == ONCE_DONE) {
		mutex_exit(&once_lock);
		return o->o_error;
	}
	o->o_status = ONCE_RUNNING;
	mutex_exit(&once_lock);

	error = fn();

	mutex_enter(&once_lock);
	o->o_error = error;
	__atomic_store_n(&o->o_status, ONCE_DONE, __ATOMIC_RELEASE);
	cv_broadcast(&once_cv);
	mutex_exit(&once_lock);
	return error;
}
