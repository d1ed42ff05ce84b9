/* See textview.h. */
#include "textview.h"
#include "clawshim/utf8.h"
#include "clawshim/util.h"
#include "unicode.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- character classes ------------------------------------------------------ */

struct named_range {
	uint32_t lo, hi;
	enum cs_hidden_kind kind;
	char name[40];
};

/* Characters that render as nothing (or only steer direction), so text can
 * carry words a reviewer never sees. */
CS_STRING_TABLE_BEGIN
static const struct named_range hidden_chars[] = {
	/* controls: a NUL or an escape sequence can cut or repaint text */
	{ 0x0000, 0x0008, CS_HIDDEN_STRONG, "CONTROL CHARACTER" },
	{ 0x000B, 0x000C, CS_HIDDEN_STRONG, "CONTROL CHARACTER" },
	{ 0x000E, 0x001F, CS_HIDDEN_STRONG, "CONTROL CHARACTER" },
	{ 0x007F, 0x009F, CS_HIDDEN_STRONG, "CONTROL CHARACTER" },
	{ 0x00AD, 0x00AD, CS_HIDDEN_WEAK, "SOFT HYPHEN" },
	{ 0x034F, 0x034F, CS_HIDDEN_STRONG, "COMBINING GRAPHEME JOINER" },
	{ 0x061C, 0x061C, CS_HIDDEN_WEAK, "ARABIC LETTER MARK" },
	{ 0x115F, 0x1160, CS_HIDDEN_STRONG, "HANGUL FILLER" },
	{ 0x17B4, 0x17B5, CS_HIDDEN_STRONG, "KHMER INHERENT VOWEL" },
	{ 0x180E, 0x180E, CS_HIDDEN_STRONG, "MONGOLIAN VOWEL SEPARATOR" },
	{ 0x200B, 0x200B, CS_HIDDEN_STRONG, "ZERO WIDTH SPACE" },
	{ 0x200C, 0x200C, CS_HIDDEN_STRONG, "ZERO WIDTH NON-JOINER" },
	{ 0x200D, 0x200D, CS_HIDDEN_STRONG, "ZERO WIDTH JOINER" },
	{ 0x200E, 0x200E, CS_HIDDEN_WEAK, "LEFT-TO-RIGHT MARK" },
	{ 0x200F, 0x200F, CS_HIDDEN_WEAK, "RIGHT-TO-LEFT MARK" },
	{ 0x202A, 0x202A, CS_HIDDEN_STRONG, "LEFT-TO-RIGHT EMBEDDING" },
	{ 0x202B, 0x202B, CS_HIDDEN_STRONG, "RIGHT-TO-LEFT EMBEDDING" },
	{ 0x202C, 0x202C, CS_HIDDEN_STRONG, "POP DIRECTIONAL FORMATTING" },
	{ 0x202D, 0x202D, CS_HIDDEN_STRONG, "LEFT-TO-RIGHT OVERRIDE" },
	{ 0x202E, 0x202E, CS_HIDDEN_STRONG, "RIGHT-TO-LEFT OVERRIDE" },
	{ 0x2060, 0x2060, CS_HIDDEN_STRONG, "WORD JOINER" },
	{ 0x2061, 0x2064, CS_HIDDEN_STRONG, "INVISIBLE OPERATOR" },
	{ 0x2066, 0x2066, CS_HIDDEN_STRONG, "LEFT-TO-RIGHT ISOLATE" },
	{ 0x2067, 0x2067, CS_HIDDEN_STRONG, "RIGHT-TO-LEFT ISOLATE" },
	{ 0x2068, 0x2068, CS_HIDDEN_STRONG, "FIRST STRONG ISOLATE" },
	{ 0x2069, 0x2069, CS_HIDDEN_STRONG, "POP DIRECTIONAL ISOLATE" },
	{ 0x206A, 0x206F, CS_HIDDEN_STRONG, "DEPRECATED FORMAT CHARACTER" },
	{ 0x3164, 0x3164, CS_HIDDEN_STRONG, "HANGUL FILLER" },
	{ 0xFE00, 0xFE0F, CS_HIDDEN_STRONG, "VARIATION SELECTOR" },
	{ 0xFEFF, 0xFEFF, CS_HIDDEN_STRONG, "ZERO WIDTH NO-BREAK SPACE" },
	{ 0xFFA0, 0xFFA0, CS_HIDDEN_STRONG, "HALFWIDTH HANGUL FILLER" },
	{ 0xFFF9, 0xFFFB, CS_HIDDEN_STRONG, "INTERLINEAR ANNOTATION" },
	{ 0x1D173, 0x1D17A, CS_HIDDEN_STRONG, "MUSICAL SYMBOL FORMAT CHARACTER" },
	{ 0xE0000, 0xE007F, CS_HIDDEN_STRONG, "TAG CHARACTER" },
	{ 0xE0100, 0xE01EF, CS_HIDDEN_STRONG, "VARIATION SELECTOR SUPPLEMENT" },
};
CS_STRING_TABLE_END

static const struct named_range *hidden_lookup(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(hidden_chars) / sizeof(hidden_chars[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < hidden_chars[mid].lo)
			hi = mid;
		else if (cp > hidden_chars[mid].hi)
			lo = mid + 1;
		else
			return &hidden_chars[mid];
	}
	return NULL;
}

enum cs_hidden_kind cs_hidden_kind(uint32_t cp)
{
	const struct named_range *r = hidden_lookup(cp);
	return r ? r->kind : CS_HIDDEN_NONE;
}

const char *cs_hidden_name(uint32_t cp)
{
	const struct named_range *r = hidden_lookup(cp);
	return r ? r->name : "INVISIBLE CHARACTER";
}

static bool is_blank_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0x00A0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* The bases of keycap sequences: 1 U+FE0F U+20E3 is "1️⃣". */
static bool is_keycap_base(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
}

/* An emoji that U+FE0F or U+FE0E may follow: digits, # and * only as the
 * start of a keycap. */
static bool takes_emoji_selector(uint32_t cp, uint32_t next)
{
	if (is_keycap_base(cp))
		return next == 0x20E3;
	return cs_uni_is_emoji(cp);
}

static bool is_cjk_cp(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Scripts that join letters with ZWJ/ZWNJ as a matter of course. */
static bool joins_in_script(uint32_t cp)
{
	return cp >= 0x0590 && cp < 0x2000;
}

/* ---- HTML character references ---------------------------------------------- */

struct entity {
	const char *name;
	uint32_t cp;
};

static const struct entity entities[] = {
	{ "amp", '&' },      { "apos", '\'' },    { "gt", '>' },       { "lrm", 0x200E },
	{ "lt", '<' },       { "nbsp", 0xA0 },    { "quot", '"' },     { "rlm", 0x200F },
	{ "shy", 0xAD },     { "zwj", 0x200D },   { "zwnj", 0x200C },
};

/* Decodes "&name;", "&#NNN;" or "&#xHH;" at s; returns the bytes used (0 when
 * s is not a reference) and the code point in *cp. */
static size_t decode_entity(const char *s, size_t n, uint32_t *cp)
{
	size_t i = 1;
	uint32_t v = 0;

	if (n < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		bool hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
		size_t digits = 0;
		for (i = hex ? 3 : 2; i < n && digits < 8; i++, digits++) {
			char c = s[i];
			int d = c >= '0' && c <= '9'                 ? c - '0'
				: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
				: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
							      : -1;
			if (d < 0)
				break;
			v = v * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (!digits || i >= n || s[i] != ';' || v > 0x10FFFF || v == 0 ||
		    (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		*cp = v;
		return i + 1;
	}
	for (size_t e = 0; e < sizeof(entities) / sizeof(entities[0]); e++) {
		size_t l = strlen(entities[e].name);
		if (n > l + 1 && strncmp(s + 1, entities[e].name, l) == 0 && s[l + 1] == ';') {
			*cp = entities[e].cp;
			return l + 2;
		}
	}
	return 0;
}

/* ---- building the views ----------------------------------------------------- */

static int view_init(struct cs_textview *v, size_t cap)
{
	v->s = malloc(cap + 1);
	v->orig = malloc((cap + 1) * sizeof(*v->orig));
	v->len = 0;
	v->cap = cap;
	v->oom = false;
	return v->s && v->orig ? 0 : -ENOMEM;
}

/* Views rarely grow past the source (foldings map bytes to at most as many
 * bytes), but a view must never silently lose text: it grows when needed. */
static void view_put(struct cs_textview *v, const char *b, size_t n, uint32_t orig)
{
	if (v->len + n > v->cap && !v->oom) {
		size_t cap = (v->cap + n) * 2;
		char *s = realloc(v->s, cap + 1);
		uint32_t *o = s ? realloc(v->orig, (cap + 1) * sizeof(*o)) : NULL;
		if (s)
			v->s = s;
		if (o)
			v->orig = o;
		if (!s || !o) {
			v->oom = true;
			return;
		}
		v->cap = cap;
	}
	if (v->oom)
		return;
	for (size_t i = 0; i < n; i++) {
		v->s[v->len] = b[i];
		v->orig[v->len++] = orig;
	}
}

static void view_end(struct cs_textview *v, uint32_t total)
{
	v->s[v->len] = '\0';
	v->orig[v->len] = total;
}

static int note_hidden(struct cs_normalized *n, uint32_t cp, uint32_t offset)
{
	struct cs_hidden *v = cs_grow(n->hidden, &n->cap_hidden, n->n_hidden, sizeof(*v), 16);
	if (!v)
		return -ENOMEM;
	n->hidden = v;
	v[n->n_hidden++] = (struct cs_hidden){ cp, offset };
	return 0;
}

static int note_mixed(struct cs_normalized *n, uint32_t offset, uint32_t len)
{
	struct cs_mixed_word *v = cs_grow(n->mixed, &n->cap_mixed, n->n_mixed, sizeof(*v), 8);
	if (!v)
		return -ENOMEM;
	n->mixed = v;
	v[n->n_mixed++] = (struct cs_mixed_word){ offset, len };
	return 0;
}

/* Letters of the word being read: whether a look-alike is folded to ASCII
 * depends on its word. */
#define WORD_BUF 64

struct raw_state {
	uint32_t prev;      /* previous visible code point */
	bool in_flag_tags;  /* inside an emoji tag sequence (subdivision flags) */
	bool in_tag_text;   /* inside text spelled with tag characters */
	bool in_mojibake;   /* after a C1 control read as mojibake */
	/* the word being read */
	struct {
		uint32_t cp, off;
		enum cs_uni_letter kind;
		char ascii[CS_UNI_FOLD_MAX + 1];
	} w[WORD_BUF];
	size_t n_w;
	uint32_t word_start;
	bool word_latin, word_lookalike, word_other;
	bool word_fold; /* decided when the buffer filled up */
	bool word_decided;
};

/* Whether an invisible character is part of ordinary text here: emoji
 * sequences, joiners in scripts that need them, a leading byte order mark,
 * variation selectors after emoji or ideographs. */
static bool hidden_is_benign(const struct raw_state *st, uint32_t cp, uint32_t next, size_t off)
{
	/* A byte order mark at the start of the file or of a line (files pasted
	 * together) hides nothing; inside a word it splits it. */
	if (cp == 0xFEFF && (off == 0 || st->prev == 0 || st->prev == '\n' || st->prev == ' ' ||
			     next == '\n' || next == '\r' || next == ' ' || next == 0))
		return true;
	/* Mojibake: UTF-8 read as Latin-1 turns "’" into "â" U+0080 U+0099. The
	 * C1 controls follow a Latin-1 letter that was a UTF-8 lead byte. */
	if (cp >= 0x80 && cp <= 0x9F && st->prev >= 0x80 && st->prev <= 0xF4 &&
	    (st->prev >= 0xC2 || st->in_mojibake))
		return true;
	if (cp == 0x200D && cs_uni_is_emoji(st->prev) && cs_uni_is_emoji(next))
		return true;
	if ((cp == 0x200C || cp == 0x200D) && (joins_in_script(st->prev) || joins_in_script(next)))
		return true;
	if ((cp == 0xFE0F || cp == 0xFE0E) && takes_emoji_selector(st->prev, next))
		return true;
	if (cp >= 0xFE00 && cp <= 0xFE0F && is_cjk_cp(st->prev))
		return true;
	if (cp >= 0xE0100 && cp <= 0xE01EF && is_cjk_cp(st->prev))
		return true;
	if (cp >= 0xE0020 && cp <= 0xE007F && st->in_flag_tags)
		return true;
	return false;
}

static void emit_cp(struct cs_textview *v, uint32_t cp, uint32_t off)
{
	char buf[4];

	if (cp >= ' ' && cp < 0x7F && v->len < v->cap) { /* the common case, quickly */
		v->s[v->len] = (char)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
		v->orig[v->len++] = off;
		return;
	}
	if (cp == '\r' || cp == 0x2028 || cp == 0x2029)
		cp = '\n';
	else if (is_blank_cp(cp))
		cp = ' ';
	if (cp == 0xFFFD) /* an invalid byte (or U+FFFD itself): one placeholder */
		cp = '?';
	cp = cs_uni_tolower(cp);
	view_put(v, buf, cs_utf8_encode(cp, buf), off);
}

/* Writes the buffered letters. A look-alike reads as ASCII where a reader
 * of Latin would take it for a Latin letter: in a word with Latin letters,
 * or in a word made only of look-alikes ("рау" in Cyrillic). A word of
 * Russian keeps its letters, so rules can read Russian. */
static void flush_letters(struct cs_normalized *n, struct raw_state *st)
{
	bool fold = st->word_decided ? st->word_fold : st->word_latin || !st->word_other;

	for (size_t i = 0; i < st->n_w; i++) {
		bool to_ascii = st->w[i].kind == CS_UNI_ACCENTED ||
				(st->w[i].kind == CS_UNI_LOOKALIKE && fold);
		if (to_ascii)
			view_put(&n->raw, st->w[i].ascii, strlen(st->w[i].ascii), st->w[i].off);
		else
			emit_cp(&n->raw, st->w[i].cp, st->w[i].off);
	}
	st->n_w = 0;
	if (!st->word_decided) {
		st->word_decided = true;
		st->word_fold = fold;
	}
}

static int end_word(struct cs_normalized *n, struct raw_state *st, uint32_t off)
{
	int r = 0;
	flush_letters(n, st);
	if (st->word_latin && st->word_lookalike)
		r = note_mixed(n, st->word_start, off - st->word_start);
	st->word_latin = st->word_lookalike = st->word_other = false;
	st->word_decided = false;
	return r;
}

/* Reads one visible code point: a letter joins the word, anything else ends
 * it and goes to the view. */
static int read_cp(struct cs_normalized *n, struct raw_state *st, uint32_t cp, uint32_t off)
{
	char ascii[CS_UNI_FOLD_MAX + 1];
	enum cs_uni_letter k = cs_uni_classify(cp, ascii);

	if (k == CS_UNI_NOT_LETTER) {
		if (cs_uni_is_mark(cp))
			return 0; /* drawn on the letter before: not read as a letter */
		if (end_word(n, st, off) < 0)
			return -ENOMEM;
		emit_cp(&n->raw, ascii[0] ? (uint32_t)(unsigned char)ascii[0] : cp, off);
		return 0;
	}
	if (!st->word_latin && !st->word_lookalike && !st->word_other && !st->n_w)
		st->word_start = off;
	st->word_latin |= k == CS_UNI_ASCII || k == CS_UNI_ACCENTED;
	st->word_lookalike |= k == CS_UNI_LOOKALIKE;
	st->word_other |= k == CS_UNI_OTHER;
	if (st->n_w == WORD_BUF)
		flush_letters(n, st);
	st->w[st->n_w].cp = cp;
	st->w[st->n_w].off = off;
	st->w[st->n_w].kind = k;
	memcpy(st->w[st->n_w].ascii, ascii, sizeof(ascii));
	st->n_w++;
	return 0;
}

static uint32_t peek_cp(const char *src, size_t len, size_t i)
{
	size_t used;
	return i < len ? cs_utf8_decode((const unsigned char *)src + i, len - i, &used) : 0;
}

static int build_raw(const char *src, size_t len, struct cs_normalized *n)
{
	static const struct raw_state zero;
	struct raw_state st = zero;
	size_t i = 0;

	while (i < len) {
		size_t used;
		uint32_t off = (uint32_t)i;
		uint32_t cp = cs_utf8_decode((const unsigned char *)src + i, len - i, &used);

		if (cp == '&') {
			size_t e = decode_entity(src + i, len - i, &cp);
			used = e ? e : 1;
		}
		i += used;
		if (cp == '\r' && i < len && src[i] == '\n')
			continue;
		if (cs_hidden_kind(cp) != CS_HIDDEN_NONE) {
			bool benign = hidden_is_benign(&st, cp, peek_cp(src, len, i), off);
			if (!benign && note_hidden(n, cp, off) < 0)
				return -ENOMEM;
			if (cp >= 0x80 && cp <= 0x9F) {
				/* the mojibake stays in the text as a reader sees it */
				st.in_mojibake = benign;
				st.prev = cp;
			}
			if (cp == 0xE007F)
				st.in_flag_tags = false;
			/* Tag characters spell ASCII that models read: keep the words
			 * they smuggle in the view, set apart from the visible text,
			 * so the other rules see them. */
			if (cp >= 0xE0020 && cp <= 0xE007E && !st.in_flag_tags) {
				if (!st.in_tag_text && end_word(n, &st, off) < 0)
					return -ENOMEM;
				if (!st.in_tag_text)
					emit_cp(&n->raw, ' ', off);
				st.in_tag_text = true;
				emit_cp(&n->raw, cp - 0xE0000, off);
			}
			continue; /* invisible: not part of the word either */
		}
		if (st.in_tag_text) {
			emit_cp(&n->raw, ' ', off);
			st.in_tag_text = false;
		}
		st.in_flag_tags = cp == 0x1F3F4;
		st.prev = cp;
		if (read_cp(n, &st, cp, off) < 0)
			return -ENOMEM;
	}
	if (end_word(n, &st, (uint32_t)len) < 0 || n->raw.oom)
		return -ENOMEM;
	view_end(&n->raw, (uint32_t)len);
	return 0;
}

static bool is_markup(char c)
{
	return c == '*' || c == '_' || c == '`' || c == '~' || c == '\\';
}

static void build_words(const struct cs_textview *raw, struct cs_textview *w, uint32_t total)
{
	bool line_start = true, space = true;

	for (size_t i = 0; i < raw->len; i++) {
		char c = raw->s[i];
		if (c == '\n') {
			line_start = true;
			c = ' ';
		} else if (line_start && c == '>') {
			continue; /* a block quote marker */
		}
		if (c == ' ' || c == '\t' || c == '-')
			c = ' ';
		else
			line_start = false;
		if (is_markup(c) || (c == ' ' && space))
			continue;
		space = c == ' ';
		view_put(w, &c, 1, raw->orig[i]);
	}
	view_end(w, total);
}

int cs_normalize(const char *src, size_t len, struct cs_normalized *n)
{
	memset(n, 0, sizeof(*n));
	if (len >= UINT32_MAX)
		return -EFBIG;
	if (view_init(&n->raw, len) < 0 || build_raw(src, len, n) < 0 ||
	    view_init(&n->words, n->raw.len) < 0) {
		cs_normalized_free(n);
		return -ENOMEM;
	}
	build_words(&n->raw, &n->words, (uint32_t)len);
	if (n->words.oom) {
		cs_normalized_free(n);
		return -ENOMEM;
	}
	return 0;
}

static void view_free(struct cs_textview *v)
{
	free(v->s);
	free(v->orig);
	*v = (struct cs_textview){ 0 };
}

void cs_normalized_free(struct cs_normalized *n)
{
	view_free(&n->raw);
	view_free(&n->words);
	free(n->hidden);
	free(n->mixed);
	memset(n, 0, sizeof(*n));
}
