/* Between the scanner's rule table (skillscan_rules.c) and its engine
 * (skillscan.c): how a rule is matched. */
#ifndef CLAWSHIM_SKILLSCAN_IMPL_H
#define CLAWSHIM_SKILLSCAN_IMPL_H

#include "clawshim/skillscan.h"
#include "textview.h"

#include <stdbool.h>
#include <stdint.h>

struct scan_ctx;
struct scan_rule_def;

typedef int (*scan_matcher)(struct scan_ctx *ctx, const struct scan_rule_def *def, size_t idx);

enum scan_view {
	VIEW_RAW,   /* lowercased, newlines kept */
	VIEW_WORDS, /* emphasis removed, one space between words */
};

/* Matches inside fenced code blocks do not count: examples are not prose. */
#define RULE_PROSE 0x1u
/* ^ and $ match at line boundaries (REG_NEWLINE). */
#define RULE_LINES 0x2u
/* Needs the parsed skill (capabilities, frontmatter keys). */
#define RULE_SKILL 0x4u
/* A match quoted, or listed, as an example of what to detect or refuse is a
 * defender's text: reported as a warning, not a block. */
#define RULE_QUOTABLE 0x8u
/* A match on the last line with text is the real end of the file, not a
 * fake one. */
#define RULE_NOT_LAST 0x10u

struct scan_rule_def {
	struct cs_scan_rule pub; /* first: cs_scan_rule_at() hands out &def->pub */
	const char *finding;     /* what a match means, the start of its message */
	enum scan_view view;
	unsigned flags;
	/* Literals separated by ',', one of which every match contains (at
	 * least two bytes each); the pattern runs only on the lines (raw view)
	 * or sentences (words view) that hold one. NULL: over the whole view. */
	const char *needles;
	const char *pattern; /* POSIX ERE over the view (custom matchers may use it too) */
	/* ERE over the text just before a match (same section, case-insensitive):
	 * when it matches, the finding is softened to a warning. */
	const char *soften;
	/* ERE over the words just before a match (its clause, case-insensitive):
	 * when it matches, the phrase is forbidden or made a condition ("never
	 * skip", "until the user has approved"), not claimed: no finding. */
	const char *negate;
	/* Whether a match is an honest lookalike the pattern cannot tell apart
	 * (a public key, a JSX component in code); NULL: none. m is the matched
	 * text of the view, off its source offset. */
	bool (*exempt)(const struct scan_ctx *ctx, uint32_t off, const char *m, size_t len);
	scan_matcher match; /* NULL: the generic regex matcher */
};

extern const struct scan_rule_def cs_scan_rule_defs[];
extern const size_t cs_scan_rule_defs_len;

/* Custom matchers (skillscan.c). */
int cs_scan_match_hidden_strong(struct scan_ctx *ctx, const struct scan_rule_def *def, size_t idx);
int cs_scan_match_hidden_weak(struct scan_ctx *ctx, const struct scan_rule_def *def, size_t idx);
int cs_scan_match_mixed_script(struct scan_ctx *ctx, const struct scan_rule_def *def, size_t idx);
int cs_scan_match_html_comment(struct scan_ctx *ctx, const struct scan_rule_def *def, size_t idx);
int cs_scan_match_encoded_blob(struct scan_ctx *ctx, const struct scan_rule_def *def, size_t idx);
int cs_scan_match_undeclared_tool(struct scan_ctx *ctx, const struct scan_rule_def *def,
				  size_t idx);
bool cs_scan_exempt_jsx_in_code(const struct scan_ctx *ctx, uint32_t off, const char *m,
				 size_t len);
bool cs_scan_exempt_public_key(const struct scan_ctx *ctx, uint32_t off, const char *m,
			       size_t len);
bool cs_scan_exempt_example_prompt(const struct scan_ctx *ctx, uint32_t off, const char *m,
				   size_t len);
bool cs_scan_exempt_stdin_is_data(const struct scan_ctx *ctx, uint32_t off, const char *m,
				  size_t len);
int cs_scan_match_command_dispatch(struct scan_ctx *ctx, const struct scan_rule_def *def,
				   size_t idx);

#endif
