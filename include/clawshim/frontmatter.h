/* SKILL.md: the frontmatter and the Markdown body after it, read as OpenClaw
 * 2026.2.22 reads them (its boundaries, any line ending, and its line reader
 * when YAML refuses the block). */
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

/* Values are OpenClaw's: trimmed strings, numbers and booleans as text,
 * lists and mappings as JSON text. */
struct cs_skill {
	char *path;             /* the SKILL.md file as given */
	char *name;             /* frontmatter 'name'; NULL when absent */
	char *description;      /* NULL when absent */
	char *command_dispatch; /* 'command-dispatch' (or 'command_dispatch'); NULL when absent */
	char *command_tool;     /* 'command-tool' (or 'command_tool'); NULL when absent */
	cJSON *frontmatter;     /* the YAML tree, or the line reader's key -> string
				 * object when YAML refused it; NULL when there is none */
	char *yaml_refused;     /* why YAML refused the frontmatter ("LINE:COL: ..."), so the
				 * line reader was used (as OpenClaw does); NULL otherwise */
	const cJSON *metadata;  /* 'metadata' (inside frontmatter, or parsed from its string form) */
	cJSON *metadata_owned;  /* set when metadata was a JSON/JSON5 string */
	cs_capset caps;         /* metadata.openclaw.capabilities */
	bool declares_caps;     /* whether that key was present */
	char *text;             /* the whole file with LF line endings (CRLF and CR become
				 * LF, as OpenClaw reads it), NUL-terminated */
	size_t text_len;
	size_t body_offset;     /* where the Markdown body starts in text */
	unsigned body_line;     /* its 1-based line number */
};

/* Parses SKILL.md text (taking no ownership of text; the skill keeps a copy).
 * file names the source in diagnostics. Like OpenClaw, a frontmatter YAML
 * refuses is read line by line, and a metadata OpenClaw cannot read is
 * absent. It fails only where what the skill may run is unknown: a
 * command-dispatch or command-tool line the two readers could take
 * differently, capabilities that cannot be read, an unknown capability,
 * dispatch without a tool; and on limits (size, nesting) and NUL bytes.
 * Returns 0, or a negative errno after adding diagnostics
 * "FILE:LINE:COL: key: message" to d. On failure *out is left empty. */
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
