/* SKILL.md frontmatter, read as OpenClaw 2026.2.22 reads it: the block
 * between a leading '---' and the next line starting with '---', parsed with
 * libyaml into a cJSON tree (remembering where each value was, for error
 * messages) or, when YAML refuses it, by OpenClaw's line reader; then the
 * keys clawshim cares about, with OpenClaw's precedence between the two. */
#include "clawshim/frontmatter.h"
#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/utf8.h"
#include "clawshim/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

/* Where a value sits in the file, by its JSON path ("$.metadata.openclaw"). */
struct place {
	char *path;
	unsigned line, col;
};

struct places {
	struct place *v;
	size_t n, cap;
};

struct fm_parser {
	const char *file;
	struct cs_diags *diags;
	unsigned first_line; /* file line of the first frontmatter line */
	struct places places;
	char *yaml_refused;  /* why libyaml refused the block ("LINE:COL: ..."), or NULL */
	int err;
};

static void places_add(struct places *ps, const char *path, unsigned line, unsigned col)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 32;
		struct place *v = realloc(ps->v, cap * sizeof(*v));
		if (!v)
			return;
		ps->v = v;
		ps->cap = cap;
	}
	char *p = strdup(path);
	if (p)
		ps->v[ps->n++] = (struct place){ p, line, col };
}

static const struct place *places_find(const struct places *ps, const char *path)
{
	for (size_t i = ps->n; i-- > 0;)
		if (strcmp(ps->v[i].path, path) == 0)
			return &ps->v[i];
	return NULL;
}

static void places_free(struct places *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].path);
	free(ps->v);
}

static void fm_error(struct fm_parser *fp, const char *path, const char *key, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));

/* Reports an error at the value whose JSON path is given (or the start of
 * the frontmatter when the path is unknown), naming the key. */
static void fm_error(struct fm_parser *fp, const char *path, const char *key, const char *fmt, ...)
{
	const struct place *pl = path ? places_find(&fp->places, path) : NULL;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cs_diag_add(fp->diags, fp->file, pl ? pl->line : fp->first_line, pl ? pl->col : 0, key,
		    "%s", msg);
	if (!fp->err)
		fp->err = -EINVAL;
}

/* Records why the YAML reader refused the block; the first reason wins.
 * This is not an error by itself: OpenClaw then reads the block line by line. */
static void yaml_refuse(struct fm_parser *fp, unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void yaml_refuse(struct fm_parser *fp, unsigned line, unsigned col, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (fp->yaml_refused)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fp->yaml_refused = cs_asprintf("%u:%u: %s", line, col, msg);
	if (!fp->yaml_refused && !fp->err)
		fp->err = -ENOMEM;
}

/* ---- YAML -> cJSON ---------------------------------------------------------- */

static bool is_plain_null(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

/* YAML 1.2 core-schema numbers: [-+]?digits, decimals and exponents. */
static bool is_plain_number(const char *s)
{
	const char *p = s;
	bool digits = false;

	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits = true;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits = true;
	if (digits && (*p == 'e' || *p == 'E')) {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return digits && !*p;
}

static cJSON *scalar_to_json(const yaml_node_t *node)
{
	_cleanup_free_ char *s = strndup((const char *)node->data.scalar.value,
					 node->data.scalar.length);
	if (!s)
		return NULL;
	if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return cJSON_CreateString(s);
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return cJSON_CreateTrue();
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return cJSON_CreateFalse();
	if (is_plain_null(s))
		return cJSON_CreateNull();
	if (is_plain_number(s))
		return cJSON_CreateNumber(strtod(s, NULL));
	return cJSON_CreateString(s);
}

static char *child_path(const char *parent, const char *key)
{
	return cs_asprintf("%s.%s", parent, key);
}

static cJSON *node_to_json(struct fm_parser *fp, yaml_document_t *doc, yaml_node_t *node,
			   const char *path, unsigned depth)
{
	if (!node)
		return cJSON_CreateNull();
	places_add(&fp->places, path, fp->first_line + (unsigned)node->start_mark.line,
		   (unsigned)node->start_mark.column + 1);
	if (depth > CS_SKILL_MAX_DEPTH) {
		fm_error(fp, path, NULL, "nesting deeper than %u levels", CS_SKILL_MAX_DEPTH);
		return NULL;
	}
	switch (node->type) {
	case YAML_SCALAR_NODE:
		return scalar_to_json(node);
	case YAML_SEQUENCE_NODE: {
		cJSON *arr = cJSON_CreateArray();
		size_t i = 0;
		for (yaml_node_item_t *it = node->data.sequence.items.start;
		     arr && it < node->data.sequence.items.top; it++, i++) {
			_cleanup_free_ char *cp = cs_asprintf("%s[%zu]", path, i);
			cJSON *v = cp ? node_to_json(fp, doc, yaml_document_get_node(doc, *it), cp,
						     depth + 1)
				      : NULL;
			if (!v) {
				cJSON_Delete(arr);
				return NULL;
			}
			cJSON_AddItemToArray(arr, v);
		}
		return arr;
	}
	case YAML_MAPPING_NODE: {
		cJSON *obj = cJSON_CreateObject();
		for (yaml_node_pair_t *pr = node->data.mapping.pairs.start;
		     obj && pr < node->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(doc, pr->key);
			if (!k || k->type != YAML_SCALAR_NODE) {
				yaml_refuse(fp, fp->first_line + (unsigned)node->start_mark.line,
					    (unsigned)node->start_mark.column + 1,
					    "a mapping key that is not a plain string");
				cJSON_Delete(obj);
				return NULL;
			}
			_cleanup_free_ char *key =
				strndup((const char *)k->data.scalar.value, k->data.scalar.length);
			_cleanup_free_ char *cp = key ? child_path(path, key) : NULL;
			if (!cp) {
				cJSON_Delete(obj);
				return NULL;
			}
			const struct place *prev = places_find(&fp->places, cp);
			/* The YAML library OpenClaw uses refuses duplicate keys. */
			if (cJSON_GetObjectItemCaseSensitive(obj, key) && prev) {
				yaml_refuse(fp, fp->first_line + (unsigned)k->start_mark.line,
					    (unsigned)k->start_mark.column + 1,
					    "duplicate key '%s' (first defined at line %u)", key,
					    prev->line);
				cJSON_Delete(obj);
				return NULL;
			}
			cJSON *v = node_to_json(fp, doc, yaml_document_get_node(doc, pr->value), cp,
						depth + 1);
			if (!v) {
				cJSON_Delete(obj);
				return NULL;
			}
			cJSON_AddItemToObject(obj, key, v);
		}
		return obj;
	}
	case YAML_NO_NODE:
		break;
	}
	return cJSON_CreateNull();
}

/* The block as YAML, or NULL with fp->yaml_refused set (or fp->err on a
 * limit). Like OpenClaw's YAML reader, it takes one document whose top is
 * a mapping: a second document (after a '...' or '---' line) is a refusal,
 * not something to skip. */
static cJSON *parse_yaml(struct fm_parser *fp, const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	cJSON *root = NULL;

	if (!yaml_parser_initialize(&parser)) {
		fp->err = -ENOMEM;
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		yaml_refuse(fp, fp->first_line + (unsigned)parser.problem_mark.line,
			    (unsigned)parser.problem_mark.column + 1, "%s%s%s",
			    parser.problem ? parser.problem : "syntax error", parser.context ? " " : "",
			    parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return NULL;
	}
	yaml_node_t *top = yaml_document_get_root_node(&doc);
	if (!top) {
		yaml_refuse(fp, fp->first_line, 1, "no mapping of keys to values");
	} else if (top->type != YAML_MAPPING_NODE) {
		yaml_refuse(fp, fp->first_line + (unsigned)top->start_mark.line,
			    (unsigned)top->start_mark.column + 1,
			    "the frontmatter is not a mapping of keys to values");
	} else {
		root = node_to_json(fp, &doc, top, "$", 0);
		if (!root && !fp->err && !fp->yaml_refused)
			fp->err = -ENOMEM;
	}
	yaml_document_delete(&doc);
	if (root) {
		yaml_document_t next;
		if (!yaml_parser_load(&parser, &next)) {
			yaml_refuse(fp, fp->first_line + (unsigned)parser.problem_mark.line,
				    (unsigned)parser.problem_mark.column + 1, "%s",
				    parser.problem ? parser.problem : "syntax error");
		} else {
			if (yaml_document_get_root_node(&next))
				yaml_refuse(fp, fp->first_line + (unsigned)next.start_mark.line,
					    (unsigned)next.start_mark.column + 1,
					    "a second YAML document");
			yaml_document_delete(&next);
		}
		if (fp->yaml_refused) {
			cJSON_Delete(root);
			root = NULL;
		}
	}
	yaml_parser_delete(&parser);
	return root;
}

/* ---- the frontmatter block -------------------------------------------------- */

/* OpenClaw reads line endings as LF whatever they were (CRLF and a lone CR
 * both end a line), so clawshim keeps the text in that form. Returns the
 * new length of the copy at out (which has room for len + 1 bytes). */
static size_t normalize_newlines(const char *text, size_t len, char *out)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r') {
			out[n++] = '\n';
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
		} else {
			out[n++] = text[i];
		}
	}
	out[n] = '\0';
	return n;
}

static unsigned count_lines(const char *s, size_t n)
{
	unsigned lines = 0;
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	return lines;
}

struct block {
	size_t start, len;  /* the frontmatter text, [start, start + len) */
	size_t body;        /* where the line after the closing line starts */
	unsigned first_line, body_line;
};

/* OpenClaw's boundaries (observed in 2026.2.22): the text must begin with
 * '---' (a byte-order mark or a blank line first means no frontmatter); the
 * block runs from the fifth character to the next "\n---", so any line that
 * starts with '---' closes it ('----', '--- end' too) and '...' does not.
 * Returns whether there is a frontmatter. */
static bool find_block(const char *t, size_t len, struct block *b)
{
	*b = (struct block){ 0, 0, 0, 1, 1 };
	if (len < 3 || memcmp(t, "---", 3) != 0)
		return false;
	const char *close = memmem(t + 3, len - 3, "\n---", 4);
	if (!close)
		return false;
	size_t end = (size_t)(close - t);
	const char *nl = memchr(close + 1, '\n', len - end - 1);

	b->start = end > 4 ? 4 : end;
	b->len = end - b->start;
	b->first_line = 1 + count_lines(t, b->start);
	b->body = nl ? (size_t)(nl - t) + 1 : len;
	b->body_line = 1 + count_lines(t, b->body);
	return true;
}

/* ---- JavaScript's idea of white space ----------------------------------------- */

/* OpenClaw trims values with String.prototype.trim() and matches keys with
 * \s: both take these (ECMA-262 WhiteSpace and LineTerminator). */
static bool is_js_space(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

static size_t js_space_at(const char *p, const char *end)
{
	size_t used;
	uint32_t cp = cs_utf8_decode((const unsigned char *)p, (size_t)(end - p), &used);
	return is_js_space(cp) ? used : 0;
}

static void js_trim(const char **p, const char **end)
{
	size_t n;
	while (*p < *end && (n = js_space_at(*p, *end)))
		*p += n;
	while (*end > *p) {
		const char *q = *end - 1;
		while (q > *p && *end - q < 4 && ((unsigned char)*q & 0xC0) == 0x80)
			q--;
		if (js_space_at(q, *end) != (size_t)(*end - q))
			break;
		*end = q;
	}
}

/* ---- OpenClaw's line reader ------------------------------------------------------ */

struct line {
	const char *s, *end;
};

static bool next_line(const char **at, const char *end, struct line *l)
{
	if (*at > end)
		return false;
	const char *nl = memchr(*at, '\n', (size_t)(end - *at));
	l->s = *at;
	l->end = nl ? nl : end;
	*at = l->end + 1;
	return true;
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

static bool starts_indented(const struct line *l)
{
	return l->s < l->end && (*l->s == ' ' || *l->s == '\t');
}

/* A line of the form `key: value` as OpenClaw matches it (/^([\w-]+):\s*(.*)$/):
 * sets the key's end and the trimmed value. The value may not hold U+2028
 * or U+2029, which '.' does not match. */
static bool match_key_line(const struct line *l, const char **key_end, const char **v,
			   const char **v_end)
{
	const char *p = l->s, *end = l->end;
	size_t n;

	while (p < end && is_key_char(*p))
		p++;
	if (p == l->s || p == end || *p != ':')
		return false;
	*key_end = p++;
	while (p < end && (n = js_space_at(p, end)))
		p += n;
	if (memmem(p, (size_t)(end - p), "\xe2\x80\xa8", 3) ||
	    memmem(p, (size_t)(end - p), "\xe2\x80\xa9", 3))
		return false;
	*v = p;
	*v_end = end;
	js_trim(v, v_end);
	return true;
}

/* The frontmatter as OpenClaw's line reader sees it (what it falls back to
 * when YAML fails, and what overrides YAML for values starting with '{' or
 * '['): key -> string, a later key replacing an earlier one, a key with no
 * value on its line taking the indented lines below it. Returns an object, or
 * NULL when out of memory. Records each key's line in fp->places ("@key"). */
static cJSON *read_lines(struct fm_parser *fp, const char *block, size_t len)
{
	cJSON *obj = cJSON_CreateObject();
	const char *at = block, *end = block + len;
	struct line l;
	unsigned line = fp->first_line - 1;

	while (obj && next_line(&at, end, &l)) {
		const char *key_end, *v, *v_end;
		line++;
		if (!match_key_line(&l, &key_end, &v, &v_end))
			continue;
		_cleanup_free_ char *key = strndup(l.s, (size_t)(key_end - l.s));
		_cleanup_free_ char *where = key ? cs_asprintf("@%s", key) : NULL;
		unsigned key_line = line;
		struct line next;
		const char *peek = at;
		if (v == v_end && next_line(&peek, end, &next) && starts_indented(&next)) {
			/* the value is every following line that is empty or indented */
			const char *from = next.s, *to;
			do {
				to = next.end;
				at = peek;
				line++;
			} while (next_line(&peek, end, &next) && (next.s == next.end ||
								  starts_indented(&next)));
			v = from;
			v_end = to;
			js_trim(&v, &v_end);
		} else if (v_end - v >= 2 && ((*v == '"' && v_end[-1] == '"') ||
					      (*v == '\'' && v_end[-1] == '\''))) {
			v++, v_end--;
		} else if (v_end - v == 1 && (*v == '"' || *v == '\'')) {
			v_end = v; /* slice(1, -1) of one quote */
		}
		if (!key || !where) {
			cJSON_Delete(obj);
			return NULL;
		}
		if (v == v_end)
			continue;
		_cleanup_free_ char *value = strndup(v, (size_t)(v_end - v));
		cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
		if (!value || !cJSON_AddStringToObject(obj, key, value)) {
			cJSON_Delete(obj);
			return NULL;
		}
		places_add(&fp->places, where, key_line, 1);
	}
	return obj;
}

/* ---- the keys that decide what a skill may run ---------------------------------- */

/* OpenClaw reads command dispatch from either spelling, the hyphenated one
 * first (skills.ts: frontmatter["command-dispatch"] ?? ["command_dispatch"]). */
static const char *const dispatch_keys[] = { "command-dispatch", "command_dispatch" };
static const char *const tool_keys[] = { "command-tool", "command_tool" };

/* OpenClaw dispatches when the value, trimmed and lower-cased, is "tool". */
static bool skill_dispatches(const struct cs_skill *s)
{
	return s->command_dispatch && strcasecmp(s->command_dispatch, "tool") == 0;
}

/* The guarded keys, for lines that only look like them. */
static const char *const guarded_keys[] = {
	"command-dispatch", "command_dispatch", "command-tool", "command_tool",
};

/* Whether the line names key as a key in any way a YAML reader could take
 * it: indented, quoted, as '? key', with space before the colon. */
static const char *guarded_key_on(const struct line *l)
{
	const char *p = l->s;

	while (p < l->end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < l->end && *p == '?')
		for (p++; p < l->end && (*p == ' ' || *p == '\t');)
			p++;
	if (p < l->end && (*p == '"' || *p == '\''))
		p++;
	for (size_t i = 0; i < sizeof(guarded_keys) / sizeof(guarded_keys[0]); i++) {
		size_t kl = strlen(guarded_keys[i]);
		const char *q = p + kl;
		if ((size_t)(l->end - p) < kl || memcmp(p, guarded_keys[i], kl) != 0)
			continue;
		if (q < l->end && (*q == '"' || *q == '\''))
			q++;
		while (q < l->end && (*q == ' ' || *q == '\t'))
			q++;
		if ((q < l->end && *q == ':') || q == l->end)
			return guarded_keys[i];
	}
	return NULL;
}

static bool is_token(const char *p, const char *end)
{
	if (p == end)
		return false;
	for (; p < end; p++)
		if (!is_key_char(*p) && *p != '.')
			return false;
	return true;
}

/* A guarded line every reader takes the same way: `key: token` at the
 * start of the line, a space after the colon, the token bare or in matching
 * quotes (or empty quotes), nothing else; or `key:` alone with no indented
 * lines below. */
static bool guarded_line_is_plain(const struct line *l, const char *key, const struct line *next)
{
	size_t kl = strlen(key);
	const char *p = l->s + kl + 1, *end = l->end;

	if ((size_t)(end - l->s) < kl + 1 || memcmp(l->s, key, kl) != 0 || l->s[kl] != ':')
		return false;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (p == end)
		return !next || !starts_indented(next);
	if (*p != ' ' && *p != '\t')
		return false;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p >= 2 && (*p == '"' || *p == '\'') && end[-1] == *p) {
		if (end - p == 2)
			return true; /* '' or "": no value to either reader */
		p++, end--;
	}
	return is_token(p, end);
}

/* When the line reader stands in for YAML, a command-dispatch or
 * command-tool line must read the same to any reader: once, plain. Else the
 * skill's dispatch is unknown, and that is an error. Also used on a block
 * OpenClaw does not see as frontmatter at all (reason says why). */
static void check_guarded_lines(struct fm_parser *fp, const char *block, size_t len,
				const char *reason)
{
	const char *at = block, *end = block + len;
	unsigned line = fp->first_line - 1;
	unsigned seen[sizeof(guarded_keys) / sizeof(guarded_keys[0])] = { 0 };
	struct line l;

	while (next_line(&at, end, &l)) {
		const char *key = guarded_key_on(&l);
		line++;
		if (!key)
			continue;
		size_t k = 0;
		while (strcmp(guarded_keys[k], key) != 0)
			k++;
		struct line next;
		const char *peek = at;
		bool has_next = next_line(&peek, end, &next);
		const char *why = NULL;
		if (reason)
			why = reason;
		else if (seen[k]++)
			why = "it is set twice";
		else if (!guarded_line_is_plain(&l, key, has_next ? &next : NULL))
			why = "the line is not a plain 'key: value' the line reader and YAML both read the "
			      "same way";
		if (!why)
			continue;
		cs_diag_add(fp->diags, fp->file, line, 1, key,
			    "cannot be read unambiguously: %s%s%s", why,
			    fp->yaml_refused ? "; the YAML reader refused the frontmatter at " : "",
			    fp->yaml_refused ? fp->yaml_refused : "");
		if (!fp->err)
			fp->err = -EINVAL;
	}
}

/* A file OpenClaw reads no frontmatter from, yet which opens one (after a
 * byte-order mark or blank lines, or never closed): the block it seems to
 * hold, for check_guarded_lines. Returns a reason, or NULL when the text
 * does not look like it opens a frontmatter. */
static const char *apparent_block(const char *t, size_t len, struct block *b)
{
	size_t p = 0;
	const char *reason = NULL;

	if (len >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0) {
		p = 3;
		reason = "OpenClaw reads no frontmatter from a file that starts with a byte-order mark";
	}
	while (p < len && (t[p] == '\n' || t[p] == ' ' || t[p] == '\t'))
		p++;
	if (len - p < 3 || memcmp(t + p, "---", 3) != 0)
		return NULL;
	if (!reason && p > 0)
		reason = "OpenClaw reads no frontmatter unless '---' is the very start of the file";
	if (!reason)
		reason = "OpenClaw reads no frontmatter here: the '---' that opens it is never "
			 "closed by a line starting with '---'";
	const char *nl = memchr(t + p, '\n', len - p);
	b->start = nl ? (size_t)(nl - t) + 1 : len;
	b->first_line = 1 + count_lines(t, b->start);
	const char *close = memmem(t + b->start, len - b->start, "\n---", 4);
	const char *dots = memmem(t + b->start, len - b->start, "\n...", 4);
	if (dots && (!close || dots < close))
		close = dots;
	b->len = close ? (size_t)(close - t) - b->start : len - b->start;
	if (b->len > CS_SKILL_MAX_FRONTMATTER)
		b->len = CS_SKILL_MAX_FRONTMATTER;
	return reason;
}

/* ---- the keys clawshim reads ----------------------------------------------- */

/* A YAML value as OpenClaw keeps it: strings trimmed, numbers and booleans
 * as their text, lists and mappings as JSON, null as absent. */
static char *coerce(const cJSON *v)
{
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (cJSON_IsString(v)) {
		const char *p = v->valuestring, *end = p + strlen(p);
		js_trim(&p, &end);
		return strndup(p, (size_t)(end - p));
	}
	return cJSON_PrintUnformatted(v);
}

/* The frontmatter map OpenClaw builds: YAML values coerced, then any value
 * the line reader sees starting with '{' or '[' in its place (OpenClaw
 * prefers the raw text there: metadata written as multi-line JSON5 is read
 * as written). In fallback mode, the line reader's map alone. */
static const char *effective(const cJSON *yaml, const cJSON *lines, const char *key,
			     char **owned)
{
	const cJSON *lv = cJSON_GetObjectItemCaseSensitive(lines, key);

	*owned = NULL;
	if (cJSON_IsString(lv) && (!yaml || lv->valuestring[0] == '{' || lv->valuestring[0] == '['))
		return lv->valuestring;
	if (!yaml)
		return NULL;
	*owned = coerce(cJSON_GetObjectItemCaseSensitive(yaml, key));
	return *owned;
}

/* The first of keys that has a value; *which says which key it was. */
static int take(const cJSON *yaml, const cJSON *lines, const char *const *keys, size_t n,
		char **out, const char **which)
{
	for (size_t i = 0; i < n; i++) {
		char *owned;
		const char *v = effective(yaml, lines, keys[i], &owned);
		if (v) {
			*out = owned ? owned : strdup(v);
			if (which)
				*which = keys[i];
			return *out ? 0 : -ENOMEM;
		}
	}
	return 0;
}

struct json5_places {
	struct fm_parser *fp;
	unsigned line, col; /* where the JSON text starts in the file */
};

static void note_json5_place(void *ctx, const char *path, const cJSON *value,
			     struct cs_json5_pos start, struct cs_json5_pos end)
{
	struct json5_places *jp = ctx;
	_cleanup_free_ char *full = cs_asprintf("$.metadata%s", path + 1);

	(void)value;
	(void)end;
	if (full)
		places_add(&jp->fp->places, full, jp->line + start.line - 1,
			   start.line == 1 ? jp->col + start.col : start.col);
}

/* metadata as OpenClaw reads it: a string of JSON5 holding an object. When
 * it is not, OpenClaw has no manifest; that is an error only when the text
 * speaks of capabilities, which clawshim then cannot know. */
static cJSON *parse_metadata_string(struct fm_parser *fp, const char *s, bool from_lines)
{
	const struct place *pl = places_find(&fp->places, from_lines ? "@metadata" : "$.metadata");
	struct json5_places jp = { fp, pl ? pl->line : fp->first_line, pl ? pl->col : 1 };
	struct cs_json5_opts opts = { .max_depth = CS_SKILL_MAX_DEPTH,
				      .on_value = note_json5_place,
				      .ctx = &jp };
	struct cs_diags inner = { 0 };
	cJSON *v = cs_json5_parse(s, strlen(s), NULL, &opts, &inner);
	bool caps = strstr(s, "capabilities") != NULL;

	if (!v && caps) {
		const struct cs_diag *e = inner.n ? &inner.v[0] : NULL;
		cs_diag_add(fp->diags, fp->file, jp.line + (e ? e->line - 1 : 0),
			    e && e->line == 1 ? jp.col + e->col : (e ? e->col : 0), "metadata",
			    "its capabilities cannot be read: OpenClaw reads metadata as JSON5, and "
			    "this is not (%s)",
			    e && e->msg ? e->msg : "?");
		fp->err = -EINVAL;
	} else if (v && !cJSON_IsObject(v)) {
		if (caps)
			fm_error(fp, "$.metadata", "metadata",
				 "its capabilities cannot be read: the metadata is not an object");
		cJSON_Delete(v);
		v = NULL;
	}
	cs_diags_free(&inner);
	return v;
}

static cJSON *parse_metadata_quietly(const char *s)
{
	struct cs_json5_opts opts = { .max_depth = CS_SKILL_MAX_DEPTH };
	struct cs_diags inner = { 0 };
	cJSON *v = cs_json5_parse(s, strlen(s), NULL, &opts, &inner);

	cs_diags_free(&inner);
	if (v && !cJSON_IsObject(v)) {
		cJSON_Delete(v);
		v = NULL;
	}
	return v;
}

static int read_capabilities(struct fm_parser *fp, struct cs_skill *s)
{
	const cJSON *oc = cJSON_GetObjectItemCaseSensitive(s->metadata, "openclaw");
	const char *key = "metadata.openclaw.capabilities";

	if (!oc)
		return 0;
	if (!cJSON_IsObject(oc)) {
		if (cJSON_GetObjectItemCaseSensitive(oc, "capabilities"))
			fm_error(fp, "$.metadata.openclaw", "metadata.openclaw", "must be a mapping");
		return 0;
	}
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(oc, "capabilities");
	if (!caps || cJSON_IsNull(caps))
		return 0;
	s->declares_caps = true;
	if (!cJSON_IsArray(caps)) {
		fm_error(fp, "$.metadata.openclaw.capabilities", key,
			 "must be a list of capability names");
		return -EINVAL;
	}
	int i = 0, ret = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, caps)
	{
		_cleanup_free_ char *path = cs_asprintf("$.metadata.openclaw.capabilities[%d]", i);
		enum cs_cap cap;
		if (!cJSON_IsString(c)) {
			fm_error(fp, path, key, "item %d must be a capability name", i);
			ret = -EINVAL;
		} else if (cs_cap_from_name(c->valuestring, &cap) < 0) {
			if (cs_cap_suggest(c->valuestring))
				fm_error(fp, path, key, "unknown capability '%s' (did you mean '%s'?)",
					 c->valuestring, cs_cap_suggest(c->valuestring));
			else
				fm_error(fp, path, key,
					 "unknown capability '%s' (known: " CS_CAP_NAMES_HELP ")",
					 c->valuestring);
			ret = -EINVAL;
		} else if (cs_capset_has(s->caps, cap)) {
			fm_error(fp, path, key, "capability '%s' is listed twice", c->valuestring);
			ret = -EINVAL;
		} else {
			s->caps |= CS_CAPSET(cap);
		}
		i++;
	}
	return ret;
}

/* yaml is the YAML tree, or NULL when YAML refused the block; lines is
 * what the line reader made of it. */
static int read_keys(struct fm_parser *fp, struct cs_skill *s, const cJSON *yaml,
		     const cJSON *lines)
{
	const size_t nd = sizeof(dispatch_keys) / sizeof(dispatch_keys[0]);
	const size_t nt = sizeof(tool_keys) / sizeof(tool_keys[0]);
	static const char *const name_key[] = { "name" }, *const desc_key[] = { "description" };

	const char *dispatch_key = dispatch_keys[0];

	if (take(yaml, lines, name_key, 1, &s->name, NULL) < 0 ||
	    take(yaml, lines, desc_key, 1, &s->description, NULL) < 0 ||
	    take(yaml, lines, dispatch_keys, nd, &s->command_dispatch, &dispatch_key) < 0 ||
	    take(yaml, lines, tool_keys, nt, &s->command_tool, NULL) < 0)
		return -ENOMEM;

	const cJSON *lmd = cJSON_GetObjectItemCaseSensitive(lines, "metadata");
	const cJSON *ymd = cJSON_GetObjectItemCaseSensitive(yaml, "metadata");
	bool raw = cJSON_IsString(lmd) && (!yaml || lmd->valuestring[0] == '{' ||
					   lmd->valuestring[0] == '[');
	/* Written as YAML flow that is not JSON5 ({openclaw: {capabilities:
	 * [shell]}}), OpenClaw's manifest reader gets nothing; capabilities are
	 * clawshim's own key, and YAML has one reading of them. */
	if (raw && cJSON_IsObject(ymd)) {
		s->metadata_owned = parse_metadata_quietly(lmd->valuestring);
		s->metadata = s->metadata_owned ? s->metadata_owned : ymd;
	} else if (raw || cJSON_IsString(ymd)) {
		s->metadata_owned = parse_metadata_string(fp, raw ? lmd->valuestring
								  : ymd->valuestring, raw);
		s->metadata = s->metadata_owned;
	} else if (cJSON_IsObject(ymd)) {
		s->metadata = ymd;
	}
	if (fp->err)
		return fp->err;
	int r = s->metadata ? read_capabilities(fp, s) : 0;
	if (skill_dispatches(s) && !s->command_tool) {
		_cleanup_free_ char *path = child_path("$", dispatch_key);
		fm_error(fp, path, dispatch_key, "'%s: tool' needs a 'command-tool'", dispatch_key);
		r = -EINVAL;
	}
	return r ? r : fp->err;
}

int cs_skill_parse(const char *text, size_t len, const char *file, struct cs_skill *out,
		   struct cs_diags *d)
{
	struct cs_skill s = { 0 };
	struct fm_parser fp = { .file = file, .diags = d };
	struct block b;
	cJSON *lines = NULL;
	int r = 0;

	*out = (struct cs_skill){ 0 };
	if (memchr(text, '\0', len)) {
		cs_diag_add(d, file, 0, 0, NULL, "not a text file (it contains NUL bytes)");
		return -EINVAL;
	}
	s.text = calloc(len + 1, 1);
	s.path = file ? strdup(file) : NULL;
	if (!s.text || (file && !s.path)) {
		cs_skill_free(&s);
		cs_diag_add(d, file, 0, 0, NULL, "out of memory");
		return -ENOMEM;
	}
	s.text_len = normalize_newlines(text, len, s.text);
	if (!find_block(s.text, s.text_len, &b)) {
		/* no frontmatter for OpenClaw: a skill without metadata, unless
		 * the text holds one that other readers would see */
		const char *why = apparent_block(s.text, s.text_len, &b);
		fp.first_line = b.first_line;
		if (why)
			check_guarded_lines(&fp, s.text + b.start, b.len, why);
		s.body_offset = 0;
		s.body_line = 1;
		goto done;
	}
	s.body_offset = b.body;
	s.body_line = b.body_line;
	fp.first_line = b.first_line;
	if (b.len > CS_SKILL_MAX_FRONTMATTER) {
		cs_diag_add(d, file, fp.first_line, 1, NULL, "the frontmatter is larger than %u bytes",
			    CS_SKILL_MAX_FRONTMATTER);
		cs_skill_free(&s);
		return -EFBIG;
	}
	lines = read_lines(&fp, s.text + b.start, b.len);
	s.frontmatter = lines ? parse_yaml(&fp, s.text + b.start, b.len) : NULL;
	if (!lines || fp.err)
		goto done;
	if (!s.frontmatter) {
		/* YAML refused it: OpenClaw reads the lines instead */
		check_guarded_lines(&fp, s.text + b.start, b.len, NULL);
		if (!fp.err)
			r = read_keys(&fp, &s, NULL, lines);
		s.frontmatter = steal_ptr(&lines);
		s.yaml_refused = steal_ptr(&fp.yaml_refused);
	} else {
		r = read_keys(&fp, &s, s.frontmatter, lines);
	}
done:
	cJSON_Delete(lines);
	places_free(&fp.places);
	free(fp.yaml_refused);
	if (r < 0 || fp.err) {
		r = fp.err ? fp.err : r;
		if (!d || !d->n)
			cs_diag_add(d, file, 0, 0, NULL, "%s", strerror(-r));
		cs_skill_free(&s);
		return r;
	}
	*out = s;
	return 0;
}

int cs_skill_load(const char *path, struct cs_skill *out, struct cs_diags *d)
{
	struct stat st;
	_cleanup_free_ char *file = NULL;
	_cleanup_free_ char *text = NULL;
	size_t len;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		file = cs_asprintf("%s/SKILL.md", path);
	else
		file = strdup(path);
	if (!file)
		return -ENOMEM;
	int r = cs_read_file(file, CS_SKILL_MAX_FILE, &text, &len);
	if (r < 0) {
		if (r == -EFBIG)
			cs_diag_add(d, file, 0, 0, NULL, "larger than %u bytes", CS_SKILL_MAX_FILE);
		else
			cs_diag_add(d, file, 0, 0, NULL, "cannot read: %s", cs_read_strerror(r));
		return r;
	}
	return cs_skill_parse(text, len, file, out, d);
}

int cs_skill_dispatch_gate(const struct cs_skill *s, struct cs_gate_verdict *v)
{
	*v = (struct cs_gate_verdict){ .allowed = true, .missing = CS_CAP_NONE };
	if (!skill_dispatches(s)) {
		snprintf(v->reason, sizeof(v->reason), "the skill does not dispatch to a tool");
		return 0;
	}
	cs_tool_gate(s->caps, s->command_tool ? s->command_tool : "", v);
	return v->allowed ? 0 : -EPERM;
}

void cs_skill_free(struct cs_skill *s)
{
	free(s->path);
	free(s->name);
	free(s->description);
	free(s->command_dispatch);
	free(s->command_tool);
	free(s->yaml_refused);
	cJSON_Delete(s->frontmatter);
	cJSON_Delete(s->metadata_owned);
	free(s->text);
	*s = (struct cs_skill){ 0 };
}
