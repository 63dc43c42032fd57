/* libkern functions that are kernel-only (snprintb) or whose flags differ from the host's (strnvisx).
 * strlcpy and strlcat come from libbsd (glibc before 2.38 lacks them). */
#include <sys/types.h>
#include <sys/systm.h>

/*
 * snprintb(3): a value followed by the names of its set bits and fields, "0x7<A,B,FIELD=0x1>".
 * Output goes through a small writer that counts what would have been written and splits lines
 * for snprintb_m.
 */
struct bwriter {
	char *buf;
	size_t size, len;	/* len counts every byte, written or not */
	const char *numfmt;	/* the value in the format's base */
	uint64_t val;
	size_t max;		/* snprintb_m line limit, 0 = one line */
	size_t line_start;	/* offset of the current line */
	int items;		/* items on the current line */
};

static void
bw_putc(struct bwriter *w, char c)
{
	if (w->len + 1 < w->size)
		w->buf[w->len] = c;
	w->len++;
}

static void
bw_puts(struct bwriter *w, const char *s, size_t n)
{
	while (n-- > 0)
		bw_putc(w, *s++);
}

static void
bw_printf(struct bwriter *w, const char *fmt, uint64_t v)
{
	char tmp[72];
	int n = snprintf(tmp, sizeof(tmp), fmt, (uintmax_t)v);

	bw_puts(w, tmp, n < 0 ? 0 : (size_t)n);
}

static void
bw_begin_line(struct bwriter *w)
{
	w->line_start = w->len;
	w->items = 0;
	bw_printf(w, w->numfmt, w->val);
}

/* Starts an item of `n` more bytes: the separator, and a new line first if it would not fit. */
static void
bw_item(struct bwriter *w, size_t n)
{
	if (w->max > 0 && w->items > 0 && w->len - w->line_start + 1 + n + 1 > w->max) {
		bw_putc(w, '>');
		bw_putc(w, '\0');
		bw_begin_line(w);
	}
	bw_putc(w, w->items++ == 0 ? '<' : ',');
}

int
snprintb_m(char *buf, size_t size, const char *fmt, uint64_t val, size_t max)
{
	struct bwriter w = { buf, size, 0, NULL, val, max, 0, 0 };
	const unsigned char *f = (const unsigned char *)fmt;
	bool newfmt = false;
	size_t n;

	if (*f == '\177') {
		newfmt = true;
		f++;
	}
	switch (*f++) {
	case 8:  w.numfmt = "%#jo"; break;
	case 10: w.numfmt = "%ju"; break;
	case 16: w.numfmt = "%#jx"; break;
	default:
		panic("snprintb: format \"%s\" does not start with a base (\\10, \\12 or \\20)", fmt);
	}
	bw_begin_line(&w);

	if (!newfmt) {
		/* Old format: a 1-based bit number (a byte <= 32), then the name up to the next one. */
		while (*f != '\0') {
			unsigned bit = *f++ - 1;
			const unsigned char *name = f;
			while (*f > ' ')
				f++;
			if (bit < 64 && (val & ((uint64_t)1 << bit))) {
				bw_item(&w, (size_t)(f - name));
				bw_puts(&w, (const char *)name, (size_t)(f - name));
			}
		}
	} else {
		/* New format: b<bit>NAME\0, f<bit><width>NAME\0 / F<bit><width>NAME\0 followed by
		 * =<value>NAME\0, :<value>NAME\0 and *FORMAT\0 matches on the field's value. */
		uint64_t field = 0;
		bool matched = false;

		while (*f != '\0') {
			unsigned char kind = *f++;
			unsigned bit, width;
			const char *name;

			switch (kind) {
			case 'b':
				bit = *f++;
				name = (const char *)f;
				n = strlen(name);
				f += n + 1;
				if (bit < 64 && (val & ((uint64_t)1 << bit))) {
					bw_item(&w, n);
					bw_puts(&w, name, n);
				}
				break;
			case 'f':
			case 'F':
				bit = *f++;
				width = *f++;
				name = (const char *)f;
				n = strlen(name);
				f += n + 1;
				field = bit < 64 ? val >> bit : 0;
				if (width < 64)
					field &= ((uint64_t)1 << width) - 1;
				matched = false;
				bw_item(&w, n + 1);
				bw_puts(&w, name, n);
				if (kind == 'f') {
					bw_putc(&w, '=');
					bw_printf(&w, w.numfmt, field);
				}
				break;
			case '=':
			case ':':
				bit = *f++;
				name = (const char *)f;
				n = strlen(name);
				f += n + 1;
				if (field == bit) {
					matched = true;
					if (kind == '=')
						bw_putc(&w, '=');
					bw_puts(&w, name, n);
				}
				break;
			case '*':
				name = (const char *)f;
				f += strlen(name) + 1;
				if (!matched)
					bw_printf(&w, name, field);
				break;
			default:
				panic("snprintb: unknown directive '\\%o' in format", kind);
			}
		}
	}
	if (w.items > 0)
		bw_putc(&w, '>');
	if (max > 0) {
		/* Each line ends with a NUL and the list with an extra one. */
		bw_putc(&w, '\0');
		if (w.len < w.size)
			w.buf[w.len] = '\0';
		else if (w.size >= 2) {
			w.buf[w.size - 2] = '\0';
			w.buf[w.size - 1] = '\0';
		}
		return (int)w.len;
	}
	if (w.size > 0)
		w.buf[w.len < w.size ? w.len : w.size - 1] = '\0';
	return (int)w.len;
}

int
snprintb(char *buf, size_t size, const char *fmt, uint64_t val)
{
	return snprintb_m(buf, size, fmt, val, 0);
}

/*
 * strnvisx(3) as the kernel has it: at most `len` bytes of `src` into `dst` (NUL-terminated), with
 * VIS_TRIM dropping trailing white space first, printable characters, tab and newline (and with
 * VIS_SAFE backspace, bell and return) passed through, and the rest as \ooo (VIS_OCTAL) or as
 * \^C and \M-c. -1 when it does not fit.
 * libbsd's strnvisx cannot serve: its 0x40 is VIS_NOSLASH, the kernel's is VIS_TRIM.
 */
int
strnvisx(char *dst, size_t dlen, const char *src, size_t len, int flags)
{
	size_t o = 0, i;

	if (flags & VIS_TRIM)
		while (len > 0 && (src[len - 1] == ' ' || src[len - 1] == '\t' || src[len - 1] == '\n'))
			len--;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		char enc[5];
		size_t n = 0;

		if ((c >= 0x20 && c < 0x7f && c != '\\') || c == '\t' || c == '\n' ||
		    ((flags & VIS_SAFE) && (c == '\b' || c == '\a' || c == '\r')))
			enc[n++] = (char)c;
		else if (c == '\\') {
			enc[n++] = '\\';
			enc[n++] = '\\';
		} else if (flags & VIS_OCTAL) {
			enc[n++] = '\\';
			enc[n++] = (char)('0' + (c >> 6));
			enc[n++] = (char)('0' + ((c >> 3) & 7));
			enc[n++] = (char)('0' + (c & 7));
		} else {
			enc[n++] = '\\';
			if (c & 0x80) {
				enc[n++] = 'M';
				c &= 0x7f;
				enc[n++] = c < 0x20 || c == 0x7f ? '^' : '-';
			} else
				enc[n++] = '^';
			enc[n++] = c == 0x7f ? '?' : c < 0x20 ? (char)(c + '@') : (char)c;
		}
		if (o + n >= dlen)
			return -1;
		memcpy(dst + o, enc, n);
		o += n;
	}
	if (o >= dlen)
		return -1;
	dst[o] = '\0';
	return (int)o;
}

