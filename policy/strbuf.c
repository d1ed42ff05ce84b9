/* See strbuf.h. */
#include "clawshim/strbuf.h"
#include <stdint.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cs_strbuf_put(struct cs_strbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return false;
	if (n >= SIZE_MAX - b->len) {
		b->oom = true;
		return false;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap = cap > SIZE_MAX / 2 ? b->len + n + 1 : cap * 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			b->oom = true;
			return false;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return true;
}

bool cs_strbuf_puts(struct cs_strbuf *b, const char *s)
{
	return cs_strbuf_put(b, s, strlen(s));
}

bool cs_strbuf_putc(struct cs_strbuf *b, char c)
{
	return cs_strbuf_put(b, &c, 1);
}

bool cs_strbuf_printf(struct cs_strbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return false;
	}
	if ((size_t)n < sizeof(small))
		return cs_strbuf_put(b, small, (size_t)n);
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->oom = true;
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	bool ok = cs_strbuf_put(b, big, (size_t)n);
	free(big);
	return ok;
}

char *cs_strbuf_steal(struct cs_strbuf *b)
{
	char *s = b->oom ? NULL : b->s ? b->s : strdup("");
	if (b->oom)
		free(b->s);
	*b = (struct cs_strbuf){ 0 };
	return s;
}

void cs_strbuf_free(struct cs_strbuf *b)
{
	free(b->s);
	*b = (struct cs_strbuf){ 0 };
}
