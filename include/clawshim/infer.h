/* Capabilities inferred from what a SKILL.md says it runs: the programs of
 * metadata.openclaw.requires.bins and install specs, and the commands of
 * its shell code blocks. A proposal for a person to review, never a grant:
 * each item keeps the line that led to it. */
#ifndef CLAWSHIM_INFER_H
#define CLAWSHIM_INFER_H

#include <stddef.h>
#include <stdint.h>
#include "caps.h"
#include "profile.h"
#include "util.h"

struct cs_skill;

/* What a proposal adds to the profile. */
enum cs_infer_kind {
	CS_INFER_CAP,     /* a capability only (item: the command that needs it) */
	CS_INFER_PROGRAM, /* exec.allow entry (item: absolute path) */
	CS_INFER_PORT,    /* network.connect_tcp entry (item: the port, in decimal) */
	CS_INFER_WRITE,   /* filesystem.write entry (item: a profile path) */
	CS_INFER_NOTE,    /* nothing added; said for the reader (item: what) */
};

struct cs_infer_item {
	enum cs_cap cap;          /* the capability it belongs to */
	enum cs_infer_kind kind;
	char *item;
	char *why;                /* "requires.bins: curl", "curl https://x:8443/", "> notes.md" */
	unsigned line;            /* 1-based line of SKILL.md */
	char *text;               /* that line, trimmed, at most 160 bytes */
};

struct cs_inference {
	cs_capset caps;
	struct cs_infer_item *v; /* in the order found; one per distinct (kind, item) */
	size_t n, cap;
	struct cs_strv exec_allow; /* sorted */
	struct cs_strv write;      /* sorted */
	uint16_t ports[CS_MAX_PORTS]; /* ascending */
	size_t n_ports;
	bool ports_unknown;        /* network needed, but no port seen: the defaults apply */
};

/* Reads s (frontmatter tree and body text) and fills out. Programs are
 * resolved in path ($PATH when NULL, else /usr/local/bin:/usr/bin:/bin);
 * one that is not found becomes a note, not an exec.allow entry. Returns 0
 * or -ENOMEM; free with cs_inference_free. */
int cs_infer_skill(const struct cs_skill *s, const char *path, struct cs_inference *out);

/* The profile the inference proposes, narrowest first: its capabilities,
 * exec.allow of the programs found here (a program not installed here is a
 * note: its path must be added once it is), its ports (80 and 443 when none
 * was seen), its write paths, the default log. skill may be NULL. Returns 0 or -ENOMEM; the caller frees
 * out with cs_profile_free. */
int cs_infer_profile(const struct cs_inference *inf, const char *skill, struct cs_profile *out);

/* The inference as JSON: {"capabilities":[...], "items":[{capability,
 * kind, item, why, line, text}]}. Caller frees with cJSON_Delete. */
cJSON *cs_inference_to_json(const struct cs_inference *inf);

/* "program", "port", ... for reports. */
const char *cs_infer_kind_name(enum cs_infer_kind k);

void cs_inference_free(struct cs_inference *inf);

#endif
