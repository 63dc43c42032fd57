/* printf(9) and panic(9): formatted here, written by the host console hypercall. */
#include <sys/types.h>
#include <sys/systm.h>
#include "nbshim_hypercall.h"

int
nbk_vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	va_list copy;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, copy);
	va_end(copy);
	if (n < 0)
		return n;
	if ((size_t)n < sizeof(buf)) {
		nbh_console_write(buf, (size_t)n);
	} else {
		/* Longer than the stack buffer: format again into memory of the right size. */
		char *big = nbh_mem_alloc((size_t)n + 1, 0);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		nbh_console_write(big, (size_t)n);
		nbh_mem_free(big, (size_t)n + 1);
	}
	return n;
}

int
nbk_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = nbk_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void
panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	nbh_panic(buf);
}
