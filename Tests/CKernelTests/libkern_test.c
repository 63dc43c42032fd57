/* libkern: strlcpy/strlcat, snprintb, min/max and the rounding macros. */
#include <sys/param.h>
#include <sys/systm.h>
#include "ktest.h"

KTEST(libkern_strl)
{
	char buf[8];

	KT_ASSERT(strlcpy(buf, "abcdefghij", sizeof(buf)) == 10);
	KT_ASSERT(strcmp(buf, "abcdefg") == 0, "%s", buf);
	strlcpy(buf, "ab", sizeof(buf));
	KT_ASSERT(strlcat(buf, "cdefgh", sizeof(buf)) == 8);
	KT_ASSERT(strcmp(buf, "abcdefg") == 0, "%s", buf);
}

KTEST(libkern_snprintb)
{
	char buf[128];
	int n;

	n = snprintb(buf, sizeof(buf), "\10\2BITTWO\1BITONE", 3);
	KT_ASSERT(strcmp(buf, "03<BITTWO,BITONE>") == 0, "%s", buf);
	KT_ASSERT(n == 17, "%d", n);
	/* virtio's feature bits, as viornd prints them. */
	snprintb(buf, sizeof(buf), "\20\x1f""BAD_FEATURE\x1e""EVENT_IDX\x1d""INDIRECT_DESC\x19""NOTIFY_ON_EMPTY",
	    (1u << 28) | (1u << 24) | 1);
	KT_ASSERT(strcmp(buf, "0x11000001<INDIRECT_DESC,NOTIFY_ON_EMPTY>") == 0, "%s", buf);
	snprintb(buf, sizeof(buf), "\20\1A", 0);
	KT_ASSERT(strcmp(buf, "0") == 0, "%s", buf);
	snprintb(buf, sizeof(buf), "\177\20b\0LSB\0b\1BITONE\0f\4\4NIBBLE2\0f\x10\4BURST\0=\4FOUR\0=\xfSIXTEEN\0b\x1fMSB\0\0",
	    0x800f0701);
	KT_ASSERT(strcmp(buf, "0x800f0701<LSB,NIBBLE2=0,BURST=0xf=SIXTEEN,MSB>") == 0, "%s", buf);
	/* Truncation: NUL-terminated, returns the full length. */
	n = snprintb(buf, 5, "\10\2BITTWO\1BITONE", 3);
	KT_ASSERT(n == 17 && strcmp(buf, "03<B") == 0, "%d %s", n, buf);
}

KTEST(libkern_snprintb_m)
{
	char buf[128];

	snprintb_m(buf, sizeof(buf), "\20\1ONE\2TWO\3THREE", 7, 12);
	KT_ASSERT(strcmp(buf, "0x7<ONE,TWO>") == 0, "%s", buf);
	KT_ASSERT(strcmp(buf + strlen(buf) + 1, "0x7<THREE>") == 0, "%s", buf + strlen(buf) + 1);
}

KTEST(libkern_arith)
{
	KT_ASSERT(min(3, 5) == 3 && max(3, 5) == 5 && imin(-1, 2) == -1 && ulmax(7, 9) == 9);
	KT_ASSERT(roundup(13, 8) == 16 && rounddown(13, 8) == 8 && howmany(13, 8) == 2);
	KT_ASSERT(powerof2(64) && !powerof2(48));
	KT_ASSERT(round_page(1) == PAGE_SIZE && trunc_page(PAGE_SIZE + 5) == PAGE_SIZE);
	KT_ASSERT(__SHIFTOUT(0xab00, __BITS(15, 8)) == 0xab && __SHIFTIN(3, __BITS(5, 4)) == 0x30);
	KT_ASSERT(ffs(0x10) == 5 && popcount32(0xf0f0) == 8);
	KT_ASSERT(bcdtobin(0x42) == 42 && bintobcd(42) == 0x42);
	KT_ASSERT(le32toh(htole32(0x11223344)) == 0x11223344 && be16dec("\x12\x34") == 0x1234);
	KT_ASSERT(EAGAIN == 35 && ETIMEDOUT == 60 && EWOULDBLOCK == EAGAIN && ERESTART == -3);
}

/* strnvisx as the kernel uses it (scsipi's inquiry strings): trimmed, unsafe bytes in octal. */
KTEST(libkern_strnvisx)
{
	char out[32];

	KT_ASSERT(strnvisx(out, sizeof(out), "QEMU\001 \\ab   ", 12, VIS_TRIM | VIS_SAFE | VIS_OCTAL) == 13);
	KT_ASSERT(strcmp(out, "QEMU\\001 \\\\ab") == 0, "%s", out);
	KT_ASSERT(strnvisx(out, sizeof(out), "a\001\377", 3, 0) == 8 && strcmp(out, "a\\^A\\M^?") == 0, "%s", out);
	KT_ASSERT(strnvisx(out, 4, "abcd", 4, 0) == -1);
}

/* format_bytes(9) as ld(4) prints a disk's size: scaled by 1024 until the digits fit. */
KTEST(libkern_format_bytes)
{
	char out[9];

	KT_ASSERT(format_bytes(out, sizeof(out), 512) == 5 && strcmp(out, "512") == 0, "%s", out);
	KT_ASSERT(format_bytes(out, sizeof(out), 123456789) == 6 && strcmp(out, "117 MB") == 0, "%s", out);
	KT_ASSERT(humanize_number(out, sizeof(out), 2000000, "B", 1000) == 7 && strcmp(out, "2000 kB") == 0,
	    "%s", out);
	KT_ASSERT(format_bytes(out, 4, 1) == -1 && out[0] == '\0');
}
