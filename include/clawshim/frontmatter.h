/* SKILL.md: the YAML frontmatter between the leading '---' lines, read with
 * libyaml, and the Markdown body after it. */
#ifndef CLAWSHIM_FRONTMATTER_H
#define CLAWSHIM_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "caps.h"
#include "tiers.h"

struct cs_diags;

/* Largest SKILL.md read, and largest frontmatter parsed, in bytes. */
#define CS_SKILL_MAX_FILE        (16u << 20)
#define CS_SKILL_MAX_FRONTMATTER (1u << 20)
/* Deepest YAML or metadata nesting accepted. */
#define CS_SKILL_MAX_DEPTH 64

struct cs_skill {
	char *path;             /* the SKILL.md file as given */
	char *name;             /* frontmatter 'name'; NULL when absent */
	char *description;      /* NULL when absent */
	char *command_dispatch; /* 'command-dispatch'; NULL when absent */
	char *command_tool;     /* 'command-tool'; NULL when absent */
	cJSON *frontmatter;     /* the whole frontmatter as a tree; NULL when there is none */
	const cJSON *metadata;  /* 'metadata' (inside frontmatter, or parsed from its string form) */
	cJSON *metadata_owned;  /* set when metadata was a JSON/JSON5 string */
	cs_capset caps;         /* metadata.openclaw.capabilities */
	bool declares_caps;     /* whether that key was present */
	char *text;             /* the whole file, NUL-terminated */
	size_t text_len;
	size_t body_offset;     /* where the Markdown body starts in text */
	unsigned body_line;     /* its 1-based line number */
};

/* Parses SKILL.md text (taking no ownership of text; the skill keeps a copy).
 * file names the source in diagnostics. Returns 0, or a negative errno after
 * adding diagnostics "FILE:LINE:COL: key: message" to d. On failure *out is
 * left empty. */
int cs_skill_parse(const char *text, size_t len, const char *file, struct cs_skill *out,
		   struct cs_diags *d);

/* Loads SKILL.md from a file, or from DIR/SKILL.md when path is a directory. */
int cs_skill_load(const char *path, struct cs_skill *out, struct cs_diags *d);

/* The command-dispatch gate: a skill with 'command-dispatch: tool' may only
 * name a command-tool its capabilities unlock. Fills v; returns 0 when the
 * skill passes (also when it does not dispatch to a tool), -EPERM when not. */
int cs_skill_dispatch_gate(const struct cs_skill *s, struct cs_gate_verdict *v);

void cs_skill_free(struct cs_skill *s);

#endif
