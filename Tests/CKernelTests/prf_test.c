/* printf/aprint/log output, captured by the Swift test around these calls. */
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/syslog.h>
#include <sys/msgbuf.h>

void cnputc(int);	/* declared by the tree's dev/cons.h */
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

/* printf output lands in the message buffer, which wraps keeping the newest bytes. */
KTEST(prf_msgbuf)
{
	struct kern_msgbuf *mb = msgbufp;
	char tail[32], big[600];
	long i, n, start;
	int k;

	KT_ASSERT(mb != NULL && mb->msg_magic == MSG_MAGIC && mb->msg_bufs > 0);
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (k = 0; k < mb->msg_bufs / 500 + 2; k++)
		printf("%s\n", big);
	printf("msgbuf-marker-%d\n", 42);
	n = strlen("msgbuf-marker-42\n");
	start = (mb->msg_bufx - n + mb->msg_bufs) % mb->msg_bufs;
	for (i = 0; i < n; i++)
		tail[i] = mb->msg_bufc[(start + i) % mb->msg_bufs];
	tail[n] = '\0';
	KT_ASSERT(strcmp(tail, "msgbuf-marker-42\n") == 0);
	/* full: the oldest byte kept is the one after the newest */
	KT_ASSERT(mb->msg_bufr == (mb->msg_bufx + 1) % mb->msg_bufs);
	cnputc('c');
	cnputc('\n');
}
