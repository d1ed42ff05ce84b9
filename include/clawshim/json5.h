/* A JSON5 reader (https://spec.json5.org/) producing cJSON trees. Debian has
 * no C JSON5 library, so this one is ours and is tested against the
 * json5-tests suite. */
#ifndef CLAWSHIM_JSON5_H
#define CLAWSHIM_JSON5_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct cs_diags;

/* Default limit on array/object nesting; deeper input is an error, never a
 * stack overflow. */
#define CS_JSON5_MAX_DEPTH 128

/* A source position, 1-based. Columns count Unicode code points. */
struct cs_json5_pos {
	unsigned line;
	unsigned col;
	size_t offset; /* byte offset */
};

/* Called for every value once parsed: its JSON path, and the byte span of
 * the value in the text (for editors that rewrite one value in place). */
typedef void (*cs_json5_value_cb)(void *ctx, const char *path, const cJSON *value,
				  struct cs_json5_pos start, struct cs_json5_pos end);

/* How a key appears in the paths on_value receives: ".name" for identifier-
 * like keys, ["..."] (a JSON string) otherwise. Caller frees. */
char *cs_json5_key_segment(const char *key);

struct cs_json5_opts {
	unsigned max_depth;          /* 0 means CS_JSON5_MAX_DEPTH */
	cs_json5_value_cb on_value;  /* may be NULL */
	void *ctx;
};

/* Parses text[0..len) (which need not be NUL-terminated). Returns a tree the
 * caller frees with cJSON_Delete, or NULL after adding one diagnostic
 * ("FILE:LINE:COL: message") to d. file may be NULL. Duplicate keys: the last
 * one wins, as in JSON5's reference implementation. */
cJSON *cs_json5_parse(const char *text, size_t len, const char *file,
		      const struct cs_json5_opts *opts, struct cs_diags *d);

#endif
