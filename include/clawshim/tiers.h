/* The tool tier matrix of the OpenClaw skill-security spec, as data, and the
 * gate that answers "may a skill with these capabilities call this tool?". */
#ifndef CLAWSHIM_TIERS_H
#define CLAWSHIM_TIERS_H

#include <stdbool.h>
#include <stddef.h>
#include "caps.h"

enum cs_tier {
	CS_TIER_ALWAYS_DENIED,
	CS_TIER_CAPABILITY_GATED,
	CS_TIER_ALWAYS_ALLOWED,
	CS_TIER_UNKNOWN, /* a tool the matrix does not know: denied */
};

struct cs_tool_row {
	const char *tool;
	enum cs_tier tier;
	enum cs_cap cap; /* the unlocking capability for CS_TIER_CAPABILITY_GATED, else CS_CAP_NONE */
};

/* The matrix, sorted by tool name. */
extern const struct cs_tool_row cs_tool_matrix[];
extern const size_t cs_tool_matrix_len;

const char *cs_tier_name(enum cs_tier t);

/* The row for a tool name, or NULL when the tool is unknown. */
const struct cs_tool_row *cs_tool_lookup(const char *tool);

struct cs_gate_verdict {
	bool allowed;
	enum cs_tier tier;
	enum cs_cap missing; /* the capability that would unlock it, else CS_CAP_NONE */
	char reason[192];    /* one sentence naming the tier and the missing capability */
};

/* The tool name equal to tool but for letter case ("Exec" -> "exec"), for
 * "did you mean" hints; NULL when there is none. */
const char *cs_tool_suggest(const char *tool);

/* Decides whether a skill holding caps may call tool. Never fails. */
void cs_tool_gate(cs_capset caps, const char *tool, struct cs_gate_verdict *v);

/* Fills out with the tools caps unlock, in matrix order. Returns the count. */
size_t cs_tools_unlocked(cs_capset caps, const char **out, size_t max);

#endif
