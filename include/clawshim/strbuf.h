/* A growable NUL-terminated string. Appends never fail loudly: on allocation
 * failure the buffer remembers it (oom) and later appends do nothing, so a
 * builder can run to the end and check once. */
#ifndef CLAWSHIM_STRBUF_H
#define CLAWSHIM_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

struct cs_strbuf {
	char *s;    /* NULL until the first append */
	size_t len;
	size_t cap;
	bool oom;
};

bool cs_strbuf_put(struct cs_strbuf *b, const char *s, size_t n);
bool cs_strbuf_puts(struct cs_strbuf *b, const char *s);
bool cs_strbuf_putc(struct cs_strbuf *b, char c);
bool cs_strbuf_printf(struct cs_strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The string (an empty one when nothing was appended), owned by the caller;
 * NULL when an append failed. The buffer is reset either way. */
char *cs_strbuf_steal(struct cs_strbuf *b);
void cs_strbuf_free(struct cs_strbuf *b);

#endif
