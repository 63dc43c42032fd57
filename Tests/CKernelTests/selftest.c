/* The test harness itself: a failing assertion reports its condition and detail. */
#include <sys/types.h>
#include <sys/systm.h>
#include "ktest.h"

KTEST(ktest_reports_failure)
{
	KT_ASSERT(1 + 1 == 3, "detail %d", 42);
}
