/* JSON5 reader: a recursive-descent parser over UTF-8 text that builds cJSON
 * trees and reports the first error as FILE:LINE:COL. Grammar: spec.json5.org
 * (ECMAScript 5.1 lexical rules for identifiers, whitespace and numbers). */
#include "clawshim/json5.h"
#include "clawshim/diag.h"
#include "clawshim/util.h"
#include "clawshim/utf8.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct parser {
	const char *s;
	size_t len;
	struct cs_json5_pos pos;
	const char *file;
	struct cs_diags *diags;
	unsigned depth, max_depth;
	bool failed;
	cs_json5_value_cb on_value;
	void *ctx;
	/* the JSON path of the value being parsed, for on_value */
	char *path;
	size_t path_len, path_cap;
};

/* ---- UTF-8 ---------------------------------------------------------------- */

/* Decodes one code point at p->s[off]; returns its byte length, 0 at the end,
 * or -1 for malformed UTF-8 (overlong forms and surrogates included). */
static int decode_at(const struct parser *p, size_t off, uint32_t *cp)
{
	size_t used;

	if (off >= p->len)
		return 0;
	*cp = cs_utf8_decode((const unsigned char *)p->s + off, p->len - off, &used);
	return *cp == 0xFFFD && used == 1 ? -1 : (int)used;
}

/* ---- errors and cursor ----------------------------------------------------- */

static void fail_at(struct parser *p, struct cs_json5_pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail_at(struct parser *p, struct cs_json5_pos at, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cs_diag_add(p->diags, p->file, at.line, at.col, NULL, "%s", msg);
}

static uint32_t peek_cp(struct parser *p, int *n)
{
	uint32_t c = 0;
	int r = decode_at(p, p->pos.offset, &c);

	if (r < 0) {
		fail_at(p, p->pos, "invalid UTF-8");
		*n = 0;
		return 0;
	}
	*n = r;
	return r == 0 ? UINT32_MAX : c; /* UINT32_MAX: end of input */
}

#define END_OF_INPUT UINT32_MAX

static bool is_line_terminator(uint32_t c)
{
	return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
}

static void advance(struct parser *p, uint32_t c, int n)
{
	/* CR LF counts as one line break: the LF moves to the next line only
	 * when it does not follow a CR. */
	bool crlf_tail = c == '\n' && p->pos.offset > 0 && p->s[p->pos.offset - 1] == '\r';

	p->pos.offset += (size_t)n;
	if (is_line_terminator(c)) {
		if (!crlf_tail)
			p->pos.line++;
		p->pos.col = 1;
	} else {
		p->pos.col++;
	}
}

/* Space separators of Unicode category Zs, plus the ES5 WhiteSpace set. */
static bool is_space(uint32_t c)
{
	switch (c) {
	case '\t':
	case '\v':
	case '\f':
	case ' ':
	case 0xa0:
	case 0xfeff:
	case 0x1680:
	case 0x202f:
	case 0x205f:
	case 0x3000:
		return true;
	default:
		return c >= 0x2000 && c <= 0x200a;
	}
}

static void skip_comment(struct parser *p)
{
	struct cs_json5_pos start = p->pos;
	int n;
	uint32_t c;

	advance(p, '/', 1);
	char kind = p->pos.offset < p->len ? p->s[p->pos.offset] : 0;
	if (kind == '/') {
		advance(p, '/', 1);
		while ((c = peek_cp(p, &n)) != END_OF_INPUT && !p->failed && !is_line_terminator(c))
			advance(p, c, n);
		return;
	}
	if (kind != '*') {
		fail_at(p, start, "invalid character '/'");
		return;
	}
	advance(p, '*', 1);
	for (;;) {
		c = peek_cp(p, &n);
		if (p->failed)
			return;
		if (c == END_OF_INPUT) {
			fail_at(p, start, "unterminated block comment");
			return;
		}
		if (c == '*' && p->pos.offset + 1 < p->len && p->s[p->pos.offset + 1] == '/') {
			advance(p, '*', 1);
			advance(p, '/', 1);
			return;
		}
		advance(p, c, n);
	}
}

static void skip_blank(struct parser *p)
{
	int n;
	uint32_t c;

	while (!p->failed && (c = peek_cp(p, &n)) != END_OF_INPUT) {
		if (is_space(c) || is_line_terminator(c))
			advance(p, c, n);
		else if (c == '/')
			skip_comment(p);
		else
			break;
	}
}

static void describe(uint32_t c, char *buf, size_t size)
{
	char u[5] = { 0 };

	if (c == END_OF_INPUT)
		snprintf(buf, size, "end of input");
	else if (c < 0x20 || c == 0x7f)
		snprintf(buf, size, "character U+%04X", c);
	else
		cs_utf8_encode(c, u), snprintf(buf, size, "character '%s'", u);
}

static void fail_unexpected(struct parser *p, const char *expected)
{
	int n;
	uint32_t c = peek_cp(p, &n);
	char what[48];

	if (p->failed)
		return;
	describe(c, what, sizeof(what));
	if (expected)
		fail_at(p, p->pos, "expected %s, found %s", expected, what);
	else
		fail_at(p, p->pos, "invalid %s", what);
}

/* ---- path tracking for on_value -------------------------------------------- */

static size_t path_push(struct parser *p, const char *seg, size_t seglen)
{
	size_t old = p->path_len;

	if (!p->on_value)
		return old;
	if (p->path_len + seglen + 1 > p->path_cap) {
		size_t cap = (p->path_cap + seglen + 1) * 2;
		char *np = realloc(p->path, cap);
		if (!np) {
			fail_at(p, p->pos, "out of memory");
			return old;
		}
		p->path = np;
		p->path_cap = cap;
	}
	memcpy(p->path + p->path_len, seg, seglen);
	p->path_len += seglen;
	p->path[p->path_len] = '\0';
	return old;
}

static void path_pop(struct parser *p, size_t old)
{
	if (p->on_value && p->path) {
		p->path_len = old;
		p->path[old] = '\0';
	}
}

/* ---- strings ----------------------------------------------------------------- */

struct buf {
	char *s;
	size_t n, cap;
};

static bool buf_put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = (b->cap + n + 1) * 2;
		char *ns = realloc(b->s, cap);
		if (!ns)
			return false;
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
	return true;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads exactly n hex digits after the cursor; -1 when they are not there. */
static long read_hex(struct parser *p, int n)
{
	long v = 0;

	for (int i = 0; i < n; i++) {
		if (p->pos.offset >= p->len || hex_value(p->s[p->pos.offset]) < 0) {
			fail_unexpected(p, "a hexadecimal digit");
			return -1;
		}
		v = v * 16 + hex_value(p->s[p->pos.offset]);
		advance(p, (uint32_t)p->s[p->pos.offset], 1);
	}
	return v;
}

/* \uXXXX, combining a surrogate pair written as two escapes. The cursor is on
 * the 'u'. */
static bool read_unicode_escape(struct parser *p, uint32_t *out)
{
	advance(p, 'u', 1);
	long hi = read_hex(p, 4);
	if (hi < 0)
		return false;
	if (hi >= 0xd800 && hi <= 0xdbff && p->pos.offset + 1 < p->len &&
	    p->s[p->pos.offset] == '\\' && p->s[p->pos.offset + 1] == 'u') {
		struct parser save = *p;
		advance(p, '\\', 1);
		advance(p, 'u', 1);
		long lo = read_hex(p, 4);
		if (lo < 0)
			return false;
		if (lo >= 0xdc00 && lo <= 0xdfff) {
			*out = 0x10000 + (((uint32_t)hi - 0xd800) << 10) + ((uint32_t)lo - 0xdc00);
			return true;
		}
		*p = save;
	}
	/* A lone surrogate cannot be written as UTF-8: JSON5's reference keeps
	 * it in a UTF-16 string; we substitute U+FFFD. */
	*out = (hi >= 0xd800 && hi <= 0xdfff) ? 0xfffd : (uint32_t)hi;
	return true;
}

/* One escape sequence; the cursor is on the character after the backslash.
 * Line continuations append nothing. */
static bool read_escape(struct parser *p, struct buf *b)
{
	int n;
	uint32_t c = peek_cp(p, &n), out;
	char enc[4];

	if (p->failed)
		return false;
	switch (c) {
	case 'b': out = '\b'; break;
	case 'f': out = '\f'; break;
	case 'n': out = '\n'; break;
	case 'r': out = '\r'; break;
	case 't': out = '\t'; break;
	case 'v': out = '\v'; break;
	case '0':
		if (p->pos.offset + 1 < p->len && p->s[p->pos.offset + 1] >= '0' &&
		    p->s[p->pos.offset + 1] <= '9') {
			advance(p, c, n);
			fail_unexpected(p, NULL);
			return false;
		}
		out = 0;
		break;
	case 'x':
		advance(p, c, n);
		long v = read_hex(p, 2);
		if (v < 0)
			return false;
		return buf_put(b, enc, (size_t)cs_utf8_encode((uint32_t)v, enc));
	case 'u':
		if (!read_unicode_escape(p, &out))
			return false;
		return buf_put(b, enc, (size_t)cs_utf8_encode(out, enc));
	case '\r':
		advance(p, c, n);
		if (p->pos.offset < p->len && p->s[p->pos.offset] == '\n')
			advance(p, '\n', 1);
		return true;
	case '\n':
	case 0x2028:
	case 0x2029:
		advance(p, c, n);
		return true;
	case END_OF_INPUT:
		fail_unexpected(p, "an escape sequence");
		return false;
	default:
		if (c >= '1' && c <= '9') {
			fail_unexpected(p, NULL);
			return false;
		}
		out = c; /* any other character escapes to itself */
		break;
	}
	advance(p, c, n);
	return buf_put(b, enc, (size_t)cs_utf8_encode(out, enc));
}

/* A quoted string; the cursor is on the quote. Returns a heap string. */
static char *read_string(struct parser *p, size_t *outlen)
{
	struct buf b = { 0 };
	uint32_t quote = (unsigned char)p->s[p->pos.offset];
	int n;

	advance(p, quote, 1);
	if (!buf_put(&b, "", 0))
		goto oom;
	for (;;) {
		uint32_t c = peek_cp(p, &n);
		if (p->failed)
			goto fail;
		if (c == quote) {
			advance(p, c, n);
			break;
		}
		if (c == END_OF_INPUT || c == '\n' || c == '\r') {
			fail_unexpected(p, quote == '"' ? "'\"'" : "\"'\"");
			goto fail;
		}
		if (c == '\\') {
			advance(p, c, n);
			if (!read_escape(p, &b)) {
				if (!p->failed)
					goto oom;
				goto fail;
			}
			continue;
		}
		if (!buf_put(&b, p->s + p->pos.offset, (size_t)n))
			goto oom;
		advance(p, c, n);
	}
	if (outlen)
		*outlen = b.n;
	return b.s;
oom:
	fail_at(p, p->pos, "out of memory");
fail:
	free(b.s);
	return NULL;
}

/* ---- identifiers (unquoted keys and the literals) -------------------------- */

/* ES5 IdentifierStart without a Unicode table: every non-ASCII code point that
 * is not whitespace or a line terminator is accepted as a letter. */
static bool is_id_start(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' || c == '_' ||
	       (c >= 0x80 && c != END_OF_INPUT && !is_space(c) && !is_line_terminator(c));
}

static bool is_id_part(uint32_t c)
{
	return is_id_start(c) || (c >= '0' && c <= '9');
}

static char *read_identifier(struct parser *p)
{
	struct buf b = { 0 };
	bool first = true;
	int n;

	if (!buf_put(&b, "", 0))
		goto oom;
	for (;;) {
		uint32_t c = peek_cp(p, &n), cp;
		char enc[4];
		if (p->failed)
			goto fail;
		if (c == '\\') {
			struct cs_json5_pos at = p->pos;
			advance(p, c, n);
			if (p->pos.offset >= p->len || p->s[p->pos.offset] != 'u') {
				fail_unexpected(p, "'u'");
				goto fail;
			}
			if (!read_unicode_escape(p, &cp))
				goto fail;
			if (first ? !is_id_start(cp) : !is_id_part(cp)) {
				fail_at(p, at, "invalid identifier character");
				goto fail;
			}
			if (!buf_put(&b, enc, (size_t)cs_utf8_encode(cp, enc)))
				goto oom;
		} else if (first ? is_id_start(c) : is_id_part(c)) {
			if (!buf_put(&b, p->s + p->pos.offset, (size_t)n))
				goto oom;
			advance(p, c, n);
		} else {
			break;
		}
		first = false;
	}
	if (first) {
		fail_unexpected(p, NULL);
		goto fail;
	}
	return b.s;
oom:
	fail_at(p, p->pos, "out of memory");
fail:
	free(b.s);
	return NULL;
}

/* ---- numbers ----------------------------------------------------------------- */

static bool is_digit_at(const struct parser *p, size_t off)
{
	return off < p->len && p->s[off] >= '0' && p->s[off] <= '9';
}

static bool skip_digits(struct parser *p)
{
	bool any = false;

	while (is_digit_at(p, p->pos.offset)) {
		advance(p, (uint32_t)p->s[p->pos.offset], 1);
		any = true;
	}
	return any;
}

static bool word_at(const struct parser *p, const char *w)
{
	size_t n = strlen(w);
	return p->len - p->pos.offset >= n && memcmp(p->s + p->pos.offset, w, n) == 0;
}

static void skip_word(struct parser *p, const char *w)
{
	for (; *w; w++)
		advance(p, (uint32_t)(unsigned char)*w, 1);
}

static cJSON *read_number(struct parser *p)
{
	double sign = 1;
	char c = p->s[p->pos.offset];

	if (c == '+' || c == '-') {
		sign = c == '-' ? -1 : 1;
		advance(p, (uint32_t)c, 1);
	}
	if (word_at(p, "Infinity")) {
		skip_word(p, "Infinity");
		return cJSON_CreateNumber(sign * INFINITY);
	}
	if (word_at(p, "NaN")) {
		skip_word(p, "NaN");
		/* cJSON_CreateNumber converts its argument to int, which is
		 * undefined for NaN: set the double afterwards. */
		cJSON *nan = cJSON_CreateNumber(0);
		if (nan)
			nan->valuedouble = NAN;
		return nan;
	}
	size_t start = p->pos.offset;
	if (p->pos.offset + 1 < p->len && p->s[p->pos.offset] == '0' &&
	    (p->s[p->pos.offset + 1] == 'x' || p->s[p->pos.offset + 1] == 'X')) {
		advance(p, '0', 1);
		advance(p, 'x', 1);
		double v = 0;
		bool any = false;
		while (p->pos.offset < p->len && hex_value(p->s[p->pos.offset]) >= 0) {
			v = v * 16 + hex_value(p->s[p->pos.offset]);
			advance(p, (uint32_t)p->s[p->pos.offset], 1);
			any = true;
		}
		if (!any) {
			fail_unexpected(p, "a hexadecimal digit");
			return NULL;
		}
		return cJSON_CreateNumber(sign * v);
	}
	bool int_part = false;
	if (p->pos.offset < p->len && p->s[p->pos.offset] == '0') {
		advance(p, '0', 1);
		int_part = true;
		if (is_digit_at(p, p->pos.offset)) {
			fail_unexpected(p, NULL); /* legacy octal and leading zeros */
			return NULL;
		}
	} else {
		int_part = skip_digits(p);
	}
	bool frac_part = false;
	if (p->pos.offset < p->len && p->s[p->pos.offset] == '.') {
		advance(p, '.', 1);
		frac_part = skip_digits(p);
	}
	if (!int_part && !frac_part) {
		fail_unexpected(p, NULL);
		return NULL;
	}
	if (p->pos.offset < p->len && (p->s[p->pos.offset] == 'e' || p->s[p->pos.offset] == 'E')) {
		advance(p, 'e', 1);
		if (p->pos.offset < p->len && (p->s[p->pos.offset] == '+' || p->s[p->pos.offset] == '-'))
			advance(p, (uint32_t)p->s[p->pos.offset], 1);
		if (!skip_digits(p)) {
			fail_unexpected(p, "a digit");
			return NULL;
		}
	}
	/* strtod on a bounded copy: the text need not be NUL-terminated. */
	size_t n = p->pos.offset - start;
	char tmp[64];
	_cleanup_free_ char *heap = NULL;
	char *num = tmp;
	if (n >= sizeof(tmp)) {
		heap = malloc(n + 1);
		if (!heap) {
			fail_at(p, p->pos, "out of memory");
			return NULL;
		}
		num = heap;
	}
	memcpy(num, p->s + start, n);
	num[n] = '\0';
	return cJSON_CreateNumber(sign * strtod(num, NULL));
}

/* ---- values ----------------------------------------------------------------- */

static cJSON *read_value(struct parser *p);

static void report_value(struct parser *p, const cJSON *v, struct cs_json5_pos start)
{
	if (p->on_value && v && !p->failed)
		p->on_value(p->ctx, p->path ? p->path : "$", v, start, p->pos);
}

static cJSON *read_container_value(struct parser *p, const char *seg, size_t seglen)
{
	size_t old = path_push(p, seg, seglen);
	struct cs_json5_pos start = p->pos;
	cJSON *v = read_value(p);

	report_value(p, v, start);
	path_pop(p, old);
	return v;
}

static bool enter(struct parser *p)
{
	if (++p->depth > p->max_depth) {
		fail_at(p, p->pos, "nesting deeper than %u levels", p->max_depth);
		return false;
	}
	return true;
}

static cJSON *read_array(struct parser *p)
{
	cJSON *arr = cJSON_CreateArray();
	size_t index = 0;

	advance(p, '[', 1);
	if (!arr || !enter(p))
		goto fail;
	for (;;) {
		skip_blank(p);
		if (p->failed)
			goto fail;
		if (p->pos.offset < p->len && p->s[p->pos.offset] == ']')
			break;
		char seg[32];
		int sl = snprintf(seg, sizeof(seg), "[%zu]", index++);
		cJSON *item = read_container_value(p, seg, (size_t)sl);
		if (!item)
			goto fail;
		cJSON_AddItemToArray(arr, item);
		skip_blank(p);
		if (p->failed)
			goto fail;
		if (p->pos.offset < p->len && p->s[p->pos.offset] == ',') {
			advance(p, ',', 1);
			continue;
		}
		if (p->pos.offset < p->len && p->s[p->pos.offset] == ']')
			break;
		fail_unexpected(p, "',' or ']'");
		goto fail;
	}
	advance(p, ']', 1);
	p->depth--;
	return arr;
fail:
	if (!p->failed)
		fail_at(p, p->pos, "out of memory");
	cJSON_Delete(arr);
	return NULL;
}

char *cs_json5_key_segment(const char *key)
{
	bool plain = key[0] && !(key[0] >= '0' && key[0] <= '9');

	for (const char *k = key; *k && plain; k++)
		plain = (*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') ||
			(*k >= '0' && *k <= '9') || *k == '_' || *k == '$' || *k == '-';
	if (plain)
		return cs_asprintf(".%s", key);
	cJSON *s = cJSON_CreateString(key);
	_cleanup_free_ char *quoted = s ? cJSON_PrintUnformatted(s) : NULL;
	cJSON_Delete(s);
	return quoted ? cs_asprintf("[%s]", quoted) : NULL;
}

/* Appends the key to the path (see cs_json5_key_segment). */
static size_t push_key(struct parser *p, const char *key)
{
	if (!p->on_value)
		return p->path_len;
	_cleanup_free_ char *seg = cs_json5_key_segment(key);
	size_t old = p->path_len;
	if (seg)
		path_push(p, seg, strlen(seg));
	return old;
}

static cJSON *read_object(struct parser *p)
{
	cJSON *obj = cJSON_CreateObject();

	advance(p, '{', 1);
	if (!obj || !enter(p))
		goto fail;
	for (;;) {
		skip_blank(p);
		if (p->failed)
			goto fail;
		if (p->pos.offset < p->len && p->s[p->pos.offset] == '}')
			break;
		_cleanup_free_ char *key = NULL;
		char q = p->pos.offset < p->len ? p->s[p->pos.offset] : 0;
		key = (q == '"' || q == '\'') ? read_string(p, NULL) : read_identifier(p);
		if (!key)
			goto fail;
		skip_blank(p);
		if (p->failed)
			goto fail;
		if (p->pos.offset >= p->len || p->s[p->pos.offset] != ':') {
			fail_unexpected(p, "':'");
			goto fail;
		}
		advance(p, ':', 1);
		skip_blank(p);
		size_t old = push_key(p, key);
		struct cs_json5_pos start = p->pos;
		cJSON *item = read_value(p);
		report_value(p, item, start);
		path_pop(p, old);
		if (!item)
			goto fail;
		if (cJSON_GetObjectItemCaseSensitive(obj, key))
			cJSON_ReplaceItemInObjectCaseSensitive(obj, key, item);
		else
			cJSON_AddItemToObject(obj, key, item);
		skip_blank(p);
		if (p->failed)
			goto fail;
		if (p->pos.offset < p->len && p->s[p->pos.offset] == ',') {
			advance(p, ',', 1);
			continue;
		}
		if (p->pos.offset < p->len && p->s[p->pos.offset] == '}')
			break;
		fail_unexpected(p, "',' or '}'");
		goto fail;
	}
	advance(p, '}', 1);
	p->depth--;
	return obj;
fail:
	if (!p->failed)
		fail_at(p, p->pos, "out of memory");
	cJSON_Delete(obj);
	return NULL;
}

static cJSON *read_literal(struct parser *p)
{
	static const struct {
		const char *word;
		int kind; /* 0 null, 1 true, 2 false */
	} literals[] = { { "null", 0 }, { "true", 1 }, { "false", 2 } };
	struct cs_json5_pos at = p->pos;
	_cleanup_free_ char *word = read_identifier(p);

	if (!word)
		return NULL;
	for (size_t i = 0; i < sizeof(literals) / sizeof(literals[0]); i++) {
		if (strcmp(word, literals[i].word) != 0)
			continue;
		switch (literals[i].kind) {
		case 0: return cJSON_CreateNull();
		case 1: return cJSON_CreateTrue();
		default: return cJSON_CreateFalse();
		}
	}
	fail_at(p, at, "unexpected identifier '%s'", word);
	return NULL;
}

static cJSON *read_value(struct parser *p)
{
	int n;
	uint32_t c = peek_cp(p, &n);

	if (p->failed)
		return NULL;
	switch (c) {
	case '{':
		return read_object(p);
	case '[':
		return read_array(p);
	case '"':
	case '\'': {
		size_t len;
		_cleanup_free_ char *s = read_string(p, &len);
		if (!s)
			return NULL;
		if (memchr(s, '\0', len)) {
			/* cJSON strings are C strings: an embedded NUL would silently
			 * cut the value, so it is refused instead. */
			fail_at(p, p->pos, "strings with NUL characters are not supported");
			return NULL;
		}
		return cJSON_CreateString(s);
	}
	case '+':
	case '-':
	case '.':
		return read_number(p);
	default:
		if (c >= '0' && c <= '9')
			return read_number(p);
		if (c == END_OF_INPUT || !is_id_start(c)) {
			fail_unexpected(p, NULL);
			return NULL;
		}
		if (word_at(p, "Infinity") || word_at(p, "NaN"))
			return read_number(p);
		return read_literal(p);
	}
}

cJSON *cs_json5_parse(const char *text, size_t len, const char *file,
		      const struct cs_json5_opts *opts, struct cs_diags *d)
{
	struct parser p = {
		.s = text,
		.len = len,
		.pos = { .line = 1, .col = 1, .offset = 0 },
		.file = file,
		.diags = d,
		.max_depth = opts && opts->max_depth ? opts->max_depth : CS_JSON5_MAX_DEPTH,
		.on_value = opts ? opts->on_value : NULL,
		.ctx = opts ? opts->ctx : NULL,
	};

	skip_blank(&p);
	if (!p.failed && p.pos.offset >= p.len) {
		fail_at(&p, p.pos, "no value: the input is empty");
		return NULL;
	}
	path_push(&p, "$", 1);
	struct cs_json5_pos start = p.pos;
	cJSON *v = p.failed ? NULL : read_value(&p);
	report_value(&p, v, start);
	skip_blank(&p);
	if (v && !p.failed && p.pos.offset < p.len)
		fail_unexpected(&p, "end of input");
	free(p.path);
	if (p.failed) {
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}
