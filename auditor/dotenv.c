/* dotenv 17's parser, which is one JavaScript regular expression run over
 * the whole file (multiline, global):
 *   ^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)
 *    ('...'|"..."|`...`|[^#\r\n]+)?\s*(?:#.*)?$
 * emulated here with its backtracking order, since configs depend on its
 * corner cases (a value on the line after "KEY=", an escaped closing quote,
 * quoted values spanning lines). Then each value is trimmed, unquoted, and
 * "\n", "\r" are expanded in double-quoted ones. */
#include "dotenv.h"

#include "audit.h"
#include "clawshim/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define NO_MATCH ((size_t)-1)

/* Bytes of JavaScript white space (\s) at s[i], 0 if none. */
static size_t ws(const char *s, size_t i)
{
	const unsigned char *p = (const unsigned char *)s + i;
	if (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		return 1;
	if (p[0] == 0xc2 && p[1] == 0xa0)
		return 2;
	if ((p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) ||
	    (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80) ||
	    (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80) ||
	    (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f) ||
	    (p[0] == 0xe2 && p[1] == 0x80 &&
	     ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf)))
		return 3;
	return 0;
}

static size_t skip_ws(const char *s, size_t i)
{
	size_t k;
	while ((k = ws(s, i)))
		i += k;
	return i;
}

/* \s*(?:#.*)?$ from t: where the match ends, or NO_MATCH. Greedy white
 * space first; then back to the last line end inside it. */
static size_t trailer(const char *s, size_t n, size_t t)
{
	size_t w = skip_ws(s, t);
	if (s[w] == '#') {
		while (w < n && s[w] != '\n')
			w++;
		return w;
	}
	if (w == n)
		return w;
	for (size_t k = w; k > t; k--)
		if (s[k - 1] == '\n')
			return k - 1;
	return NO_MATCH;
}

struct hit {
	size_t vstart, vend; /* the raw value */
	size_t end;          /* where the whole match ends */
};

/* \s*Q(?:\\Q|[^Q])*Q from v, the closing quotes tried in backtracking
 * order: the first unescaped one, then escaped ones from the last back. */
static bool quoted(const char *s, size_t n, size_t v, char q, struct hit *h)
{
	size_t a = skip_ws(s, v), i;
	size_t *esc = NULL, n_esc = 0, cap = 0;
	bool found = false;

	if (s[a] != q)
		return false;
	for (i = a + 1; i < n && s[i] != q;) {
		if (s[i] == '\\' && s[i + 1] == q) {
			size_t *g = cs_grow(esc, &cap, n_esc, sizeof(*esc), 16);
			if (!g)
				break;
			esc = g;
			esc[n_esc++] = i;
			i += 2;
		} else {
			i++;
		}
	}
	size_t close = i < n ? i : NO_MATCH;
	for (size_t k = n_esc + 1; k-- > 0 && !found;) {
		if (k < n_esc)
			close = esc[k] + 1;
		if (close == NO_MATCH)
			continue;
		size_t t = trailer(s, n, close + 1);
		if (t != NO_MATCH) {
			*h = (struct hit){ v, close + 1, t };
			found = true;
		}
	}
	free(esc);
	return found;
}

/* The value group (optional, greedy) and the trailer from v. */
static bool value_at(const char *s, size_t n, size_t v, struct hit *h)
{
	static const char quotes[] = { '\'', '"', '`' };
	for (size_t i = 0; i < sizeof(quotes); i++)
		if (quoted(s, n, v, quotes[i], h))
			return true;
	size_t u = v;
	while (u < n && s[u] != '#' && s[u] != '\n')
		u++;
	if (u > v) {
		/* the trailer always matches at '#', a line end or the end */
		*h = (struct hit){ v, u, trailer(s, n, u) };
		return h->end != NO_MATCH;
	}
	size_t t = trailer(s, n, v);
	*h = (struct hit){ v, v, t };
	return t != NO_MATCH;
}

/* The value after a separator's sign, the whitespace before it taken
 * lazily: the first place from v, one whitespace character on, where a
 * value matches. */
static bool value_from(const char *s, size_t n, size_t v, struct hit *h)
{
	for (;;) {
		if (value_at(s, n, v, h))
			return true;
		size_t w = ws(s, v);
		if (!w)
			return false;
		v += w;
	}
}

/* Separator (\s*=\s*? or :\s+?, both lazy after the sign) and value from
 * the end of the key. */
static bool after_key(const char *s, size_t n, size_t k, struct hit *h)
{
	size_t e = skip_ws(s, k);
	if (s[e] == '=' && value_from(s, n, e + 1, h))
		return true;
	return s[k] == ':' && ws(s, k + 1) && value_from(s, n, k + 1 + ws(s, k + 1), h);
}

static bool key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

/* A match starting at the line start p: the key's span and the hit. */
static bool match_at(const char *s, size_t n, size_t p, size_t *ks, size_t *ke, struct hit *h)
{
	size_t a = skip_ws(s, p);
	size_t starts[2], n_starts = 0;
	if (strncmp(s + a, "export", 6) == 0 && ws(s, a + 6))
		starts[n_starts++] = skip_ws(s, a + 6);
	starts[n_starts++] = a;
	for (size_t i = 0; i < n_starts; i++) {
		size_t k = starts[i];
		while (k < n && key_char(s[k]))
			k++;
		if (k > starts[i] && after_key(s, n, k, h)) {
			*ks = starts[i];
			*ke = k;
			return true;
		}
	}
	return false;
}

/* The value as dotenv keeps it: trimmed, one pair of surrounding quotes
 * removed (the closing one at a line end), escapes in double quotes. */
static char *clean_value(const char *raw, size_t len)
{
	_cleanup_free_ char *r = strndup(raw, len);
	_cleanup_free_ char *v = r ? str_trim(r) : NULL;
	if (!v)
		return NULL;
	char q = v[0];
	size_t n = strlen(v);
	if (q == '\'' || q == '"' || q == '`') {
		for (size_t l = n; l-- > 1;) {
			if (v[l] == q && (l + 1 == n || v[l + 1] == '\n')) {
				memmove(v + l, v + l + 1, n - l);
				memmove(v, v + 1, n);
				break;
			}
		}
	}
	if (q != '"')
		return steal_ptr(&v);
	struct cs_strbuf b = { 0 };
	for (const char *p = v; *p; p++) {
		if (p[0] == '\\' && (p[1] == 'n' || p[1] == 'r')) {
			cs_strbuf_putc(&b, p[1] == 'n' ? '\n' : '\r');
			p++;
		} else {
			cs_strbuf_putc(&b, *p);
		}
	}
	return cs_strbuf_steal(&b);
}

static int put(struct cs_strv *keys, struct cs_strv *values, char *k, char *v)
{
	for (size_t i = 0; i < keys->n; i++) {
		if (strcmp(keys->v[i], k) == 0) {
			free(k);
			free(values->v[i]);
			values->v[i] = v;
			return 0;
		}
	}
	if (cs_strv_push_owned(keys, k) < 0) {
		free(v);
		return -ENOMEM;
	}
	if (cs_strv_push_owned(values, v) < 0)
		return -ENOMEM;
	return 0;
}

int oc_dotenv_parse(const char *text, size_t len, struct cs_strv *keys, struct cs_strv *values)
{
	/* line breaks as dotenv normalises them: CRLF and CR become LF */
	_cleanup_free_ char *s = calloc(len + 1, 1);
	size_t n = 0;
	if (!s)
		return -ENOMEM;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r') {
			s[n++] = '\n';
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
		} else if (text[i] != '\0') {
			s[n++] = text[i];
		}
	}
	s[n] = '\0';
	for (size_t p = 0; p < n;) {
		size_t ks, ke;
		struct hit h;
		if ((p == 0 || s[p - 1] == '\n') && match_at(s, n, p, &ks, &ke, &h)) {
			char *k = strndup(s + ks, ke - ks);
			char *v = clean_value(s + h.vstart, h.vend - h.vstart);
			if (!k || !v) {
				free(k);
				free(v);
				return -ENOMEM;
			}
			if (put(keys, values, k, v) < 0)
				return -ENOMEM;
			p = h.end > p ? h.end : p + 1;
		} else {
			p++;
		}
	}
	return 0;
}

void oc_dotenv_load(const char *path)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_strv_ struct cs_strv keys = { 0 };
	_cleanup_strv_ struct cs_strv values = { 0 };
	size_t len;

	if (cs_read_file(path, 1u << 20, &text, &len) < 0)
		return;
	if (oc_dotenv_parse(text, len, &keys, &values) < 0)
		return;
	for (size_t i = 0; i < keys.n && i < values.n; i++)
		setenv(keys.v[i], values.v[i], 0);
}
