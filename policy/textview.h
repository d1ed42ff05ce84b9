/* Text as a model reads it, for the skill scanner: UTF-8 decoded, invisible
 * characters removed (and remembered), HTML character references decoded,
 * letters read as Unicode says a reader takes them (unicode.h: accents off,
 * compatibility forms and look-alikes of any script as ASCII where they pass
 * for Latin), combining marks dropped, lowercased. Every byte of a view remembers the
 * source byte it came from, so findings point at the real line. */
#ifndef CLAWSHIM_TEXTVIEW_H
#define CLAWSHIM_TEXTVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cs_textview {
	char *s;        /* NUL-terminated */
	size_t len;
	uint32_t *orig; /* orig[i]: source offset of s[i]; orig[len] = source length */
	size_t cap;
	bool oom; /* growing failed: the view is incomplete and must not be used */
};

/* A character the view dropped because a reader cannot see it. */
struct cs_hidden {
	uint32_t cp;
	uint32_t offset; /* in the source */
};

/* A word that mixes Latin letters with look-alikes from other scripts or
 * styled forms. */
struct cs_mixed_word {
	uint32_t offset;
	uint32_t len;
};

struct cs_normalized {
	/* lowercased, newlines kept: for tags, tokens, paths and line-anchored rules */
	struct cs_textview raw;
	/* raw without Markdown emphasis (* _ ` ~ \), '-' as a space, every run of
	 * blanks and newlines one space: for phrases split across lines or styled */
	struct cs_textview words;
	struct cs_hidden *hidden;
	size_t n_hidden, cap_hidden;
	struct cs_mixed_word *mixed;
	size_t n_mixed, cap_mixed;
};

/* Builds both views of src[0..len). len must be below 4 GiB. Returns 0 or
 * -ENOMEM (n is then empty). */
int cs_normalize(const char *src, size_t len, struct cs_normalized *n);
void cs_normalized_free(struct cs_normalized *n);

/* Classes of invisible characters. */
enum cs_hidden_kind {
	CS_HIDDEN_NONE,
	CS_HIDDEN_STRONG, /* zero-width, bidi embedding/override/isolate, tag, fillers */
	CS_HIDDEN_WEAK,   /* direction marks and soft hyphen: used in real text */
};
enum cs_hidden_kind cs_hidden_kind(uint32_t cp);
/* "ZERO WIDTH SPACE" and the like, for messages. */
const char *cs_hidden_name(uint32_t cp);

#endif
