/* humanize_number(9) and format_bytes(9): a count scaled to fit a buffer, with a unit prefix. */
#include <sys/param.h>
#include <sys/systm.h>

static size_t
decimal_digits(uint64_t n)
{
	size_t d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

int
humanize_number(char *buf, size_t len, uint64_t bytes, const char *suffix, int divisor)
{
	const char *units = divisor == 1024 ? "KMGTPE" : "kMGTPE";
	size_t room;
	int scale = 0;

	if (buf == NULL || suffix == NULL)
		return -1;
	if (len > 0)
		buf[0] = '\0';
	if (len < strlen(suffix) + 4)
		return -1;
	/* What is left for digits once " X", the suffix and the NUL have their places. */
	room = len - strlen(suffix) - 3;
	while (decimal_digits(bytes) > room && units[scale] != '\0' && divisor > 1) {
		bytes /= (uint64_t)divisor;
		scale++;
	}
	if (scale == 0)
		return snprintf(buf, len, "%llu %s", (unsigned long long)bytes, suffix);
	return snprintf(buf, len, "%llu %c%s", (unsigned long long)bytes, units[scale - 1], suffix);
}

/* Bytes in binary units; a plain count carries no unit ("512", not "512 B"). */
int
format_bytes(char *buf, size_t len, uint64_t bytes)
{
	int rv = humanize_number(buf, len, bytes, "B", 1024);
	size_t n;

	if (rv != -1) {
		n = strlen(buf);
		if (n >= 2 && strcmp(buf + n - 2, " B") == 0)
			buf[n - 2] = '\0';
	}
	return rv;
}
