/* See textview.h. */
#include "textview.h"
#include "clawshim/utf8.h"
#include "clawshim/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- character classes ------------------------------------------------------ */

struct named_range {
	uint32_t lo, hi;
	enum cs_hidden_kind kind;
	const char *name;
};

/* Characters that render as nothing (or only steer direction), so text can
 * carry words a reviewer never sees. */
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

static bool is_emoji_cp(uint32_t cp)
{
	return cp >= 0x1F000 || (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x2100 && cp <= 0x214F) ||
	       cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x20E3 ||
	       cp == 0xFE0F || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
}

/* The bases of keycap sequences: 1 U+FE0F U+20E3 is "1️⃣". */
static bool is_keycap_base(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
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

struct fold {
	uint32_t cp;
	char ascii;
};

/* Cyrillic and Greek letters that look like Latin ones, and a few Latin
 * variants. Sorted by code point. */
static const struct fold homoglyphs[] = {
	{ 0x0131, 'i' }, { 0x0251, 'a' }, { 0x0261, 'g' }, { 0x0391, 'a' }, { 0x0392, 'b' },
	{ 0x0395, 'e' }, { 0x0396, 'z' }, { 0x0397, 'h' }, { 0x0399, 'i' }, { 0x039A, 'k' },
	{ 0x039C, 'm' }, { 0x039D, 'n' }, { 0x039F, 'o' }, { 0x03A1, 'p' }, { 0x03A4, 't' },
	{ 0x03A5, 'y' }, { 0x03A7, 'x' }, { 0x03B1, 'a' }, { 0x03B5, 'e' }, { 0x03B9, 'i' },
	{ 0x03BA, 'k' }, { 0x03BD, 'v' }, { 0x03BF, 'o' }, { 0x03C1, 'p' }, { 0x03C4, 't' },
	{ 0x03C5, 'u' }, { 0x03C7, 'x' }, { 0x0405, 's' }, { 0x0406, 'i' }, { 0x0408, 'j' },
	{ 0x0410, 'a' }, { 0x0412, 'b' }, { 0x0415, 'e' }, { 0x041A, 'k' }, { 0x041C, 'm' },
	{ 0x041D, 'h' }, { 0x041E, 'o' }, { 0x0420, 'p' }, { 0x0421, 'c' }, { 0x0422, 't' },
	{ 0x0423, 'y' }, { 0x0425, 'x' }, { 0x0430, 'a' }, { 0x0435, 'e' }, { 0x043E, 'o' },
	{ 0x0440, 'p' }, { 0x0441, 'c' }, { 0x0443, 'y' }, { 0x0445, 'x' }, { 0x0455, 's' },
	{ 0x0456, 'i' }, { 0x0458, 'j' }, { 0x04BB, 'h' }, { 0x04CF, 'l' }, { 0x0501, 'd' },
	{ 0x051B, 'q' }, { 0x051D, 'w' },
};

static char homoglyph_ascii(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(homoglyphs) / sizeof(homoglyphs[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < homoglyphs[mid].cp)
			hi = mid;
		else if (cp > homoglyphs[mid].cp)
			lo = mid + 1;
		else
			return homoglyphs[mid].ascii;
	}
	return 0;
}

/* Styled Latin letters and digits: fullwidth, mathematical alphanumerics,
 * circled and squared letters. Returns the lowercase ASCII, or 0. */
static char styled_ascii(uint32_t cp)
{
	static const uint32_t letter_runs[] = { 0x24B6, 0x24D0, 0x1F130, 0x1F150, 0x1F170 };

	if (cp >= 0xFF01 && cp <= 0xFF5E) {
		cp -= 0xFEE0;
		return (char)(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
	}
	/* thirteen styles of 52 letters: bold, italic, script, fraktur, ... */
	if (cp >= 0x1D400 && cp <= 0x1D6A3)
		return (char)('a' + (cp - 0x1D400) % 52 % 26);
	if (cp >= 0x1D7CE && cp <= 0x1D7FF)
		return (char)('0' + (cp - 0x1D7CE) % 10);
	for (size_t i = 0; i < sizeof(letter_runs) / sizeof(letter_runs[0]); i++)
		if (cp >= letter_runs[i] && cp < letter_runs[i] + 26)
			return (char)('a' + (cp - letter_runs[i]));
	return 0;
}

enum letter_class { NOT_LETTER, LATIN, LOOKALIKE, OTHER_LETTER };

static enum letter_class classify(uint32_t cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return LATIN;
	char a = styled_ascii(cp);
	if (a && !((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9')))
		return NOT_LETTER; /* fullwidth punctuation, as CJK text uses it */
	if ((cp >= 0x0370 && cp <= 0x052F) || a || homoglyph_ascii(cp))
		return LOOKALIKE;
	if (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000)
		return OTHER_LETTER;
	return NOT_LETTER;
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

struct raw_state {
	uint32_t prev;      /* previous visible code point */
	bool in_flag_tags;  /* inside an emoji tag sequence (subdivision flags) */
	bool in_tag_text;   /* inside text spelled with tag characters */
	bool in_mojibake;   /* after a C1 control read as mojibake */
	/* the word being read, for mixed-script detection */
	uint32_t word_start;
	bool word_latin, word_lookalike;
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
	if ((cp == 0xFE0F || cp == 0xFE0E) && is_keycap_base(st->prev) && next == 0x20E3)
		return true;
	if (cp == 0x200D && is_emoji_cp(st->prev) && is_emoji_cp(next))
		return true;
	if ((cp == 0x200C || cp == 0x200D) && (joins_in_script(st->prev) || joins_in_script(next)))
		return true;
	if (cp >= 0xFE00 && cp <= 0xFE0F && (is_emoji_cp(st->prev) || is_cjk_cp(st->prev)))
		return true;
	if (cp >= 0xE0100 && cp <= 0xE01EF && is_cjk_cp(st->prev))
		return true;
	if (cp >= 0xE0020 && cp <= 0xE007F && st->in_flag_tags)
		return true;
	return false;
}

static int end_word(struct cs_normalized *n, struct raw_state *st, uint32_t off)
{
	int r = 0;
	if (st->word_latin && st->word_lookalike)
		r = note_mixed(n, st->word_start, off - st->word_start);
	st->word_latin = st->word_lookalike = false;
	return r;
}

static int track_word(struct cs_normalized *n, struct raw_state *st, uint32_t cp, uint32_t off)
{
	enum letter_class c = classify(cp);

	if (c == NOT_LETTER || c == OTHER_LETTER)
		return end_word(n, st, off);
	if (!st->word_latin && !st->word_lookalike)
		st->word_start = off;
	if (c == LATIN)
		st->word_latin = true;
	else
		st->word_lookalike = true;
	return 0;
}

static void emit_cp(struct cs_textview *v, uint32_t cp, uint32_t off)
{
	char buf[4];
	char a;

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
	if ((a = styled_ascii(cp)) || (a = homoglyph_ascii(cp))) {
		view_put(v, &a, 1, off);
		return;
	}
	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	view_put(v, buf, cs_utf8_encode(cp, buf), off);
}

static uint32_t peek_cp(const char *src, size_t len, size_t i)
{
	size_t used;
	return i < len ? cs_utf8_decode((const unsigned char *)src + i, len - i, &used) : 0;
}

static int build_raw(const char *src, size_t len, struct cs_normalized *n)
{
	struct raw_state st = { 0 };
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
		if (track_word(n, &st, cp, off) < 0)
			return -ENOMEM;
		st.in_flag_tags = cp == 0x1F3F4;
		st.prev = cp;
		emit_cp(&n->raw, cp, off);
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
