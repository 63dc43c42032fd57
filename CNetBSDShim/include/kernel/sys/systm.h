/* Kernel services every driver reaches for (sys/systm.h in NetBSD's API). */
#ifndef _NBSHIM_SYS_SYSTM_H_
#define _NBSHIM_SYS_SYSTM_H_

#include <sys/types.h>
#include <lib/libkern/libkern.h>

/* Kernel printf output goes to the host console (nbh_console_write), not to stdio. */
#define printf(...)	nbk_printf(__VA_ARGS__)
#define vprintf(f, ap)	nbk_vprintf(f, ap)
int nbk_printf(const char *, ...) __printflike(1, 2);
int nbk_vprintf(const char *, va_list) __printflike(1, 0);
int snprintf(char *, size_t, const char *, ...) __printflike(3, 4);
int vsnprintf(char *, size_t, const char *, va_list) __printflike(3, 0);

void panic(const char *, ...) __dead __printflike(1, 2);

#endif
