/* printf/aprint/log output, captured by the Swift test around these calls. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/syslog.h>
#include "ktest.h"

KTEST(prf_output)
{
	int saved = boothowto;

	(void)aprint_get_error_count();
	boothowto = AB_NORMAL;
	printf("plain %d\n", 1);
	aprint_normal("normal\n");
	aprint_naive("naive-hidden\n");
	aprint_verbose("verbose-hidden\n");
	aprint_debug("debug-hidden\n");
	aprint_error("error %s\n", "one");
	log(LOG_ERR, "logged %x\n", 0xbeef);
	boothowto = AB_QUIET;
	aprint_normal("normal-hidden\n");
	aprint_naive("naive\n");
	aprint_error("error two\n");
	boothowto = AB_VERBOSE | AB_DEBUG;
	aprint_verbose("verbose\n");
	aprint_debug("debug\n");
	boothowto = saved;
	KT_ASSERT(aprint_get_error_count() == 2);
	KT_ASSERT(aprint_get_error_count() == 0);
}

KTEST(prf_long_line)
{
	char big[1500];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	KT_ASSERT(printf("%s\n", big) == 1500);
}
