/* The tool tier matrix (OpenClaw skill-security spec) and the tool gate.
 * Policy is the table; the code only looks rows up. */
#include "clawshim/tiers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DENIED(t)       { t, CS_TIER_ALWAYS_DENIED, CS_CAP_NONE }
#define GATED(t, c)     { t, CS_TIER_CAPABILITY_GATED, c }
#define ALLOWED(t)      { t, CS_TIER_ALWAYS_ALLOWED, CS_CAP_NONE }

/* Sorted by name (a test checks), so lookups can bisect. */
const struct cs_tool_row cs_tool_matrix[] = {
	ALLOWED("agents_list"),
	GATED("apply_patch", CS_CAP_FILESYSTEM),
	GATED("browser", CS_CAP_BROWSER),
	ALLOWED("canvas"),
	GATED("cron", CS_CAP_SCHEDULING),
	GATED("edit", CS_CAP_FILESYSTEM),
	GATED("exec", CS_CAP_SHELL),
	DENIED("gateway"),
	ALLOWED("image"),
	GATED("lobster", CS_CAP_SHELL),
	ALLOWED("memory_get"),
	ALLOWED("memory_search"),
	GATED("message", CS_CAP_MESSAGING),
	DENIED("nodes"),
	GATED("process", CS_CAP_SHELL),
	ALLOWED("read"),
	ALLOWED("session_status"),
	ALLOWED("sessions_history"),
	ALLOWED("sessions_list"),
	GATED("sessions_send", CS_CAP_SESSIONS),
	GATED("sessions_spawn", CS_CAP_SESSIONS),
	GATED("subagents", CS_CAP_SESSIONS),
	ALLOWED("tts"),
	GATED("web_fetch", CS_CAP_NETWORK),
	GATED("web_search", CS_CAP_NETWORK),
	GATED("write", CS_CAP_FILESYSTEM),
};
const size_t cs_tool_matrix_len = sizeof(cs_tool_matrix) / sizeof(cs_tool_matrix[0]);

const char *cs_tier_name(enum cs_tier t)
{
	switch (t) {
	case CS_TIER_ALWAYS_DENIED:
		return "always-denied";
	case CS_TIER_CAPABILITY_GATED:
		return "capability-gated";
	case CS_TIER_ALWAYS_ALLOWED:
		return "always-allowed";
	case CS_TIER_UNKNOWN:
		return "unknown";
	}
	return "?";
}

static int cmp_row(const void *key, const void *row)
{
	return strcmp(key, ((const struct cs_tool_row *)row)->tool);
}

const struct cs_tool_row *cs_tool_lookup(const char *tool)
{
	return bsearch(tool, cs_tool_matrix, cs_tool_matrix_len, sizeof(cs_tool_matrix[0]),
		       cmp_row);
}

const char *cs_tool_suggest(const char *tool)
{
	for (size_t i = 0; i < cs_tool_matrix_len; i++)
		if (strcasecmp(tool, cs_tool_matrix[i].tool) == 0)
			return cs_tool_matrix[i].tool;
	return NULL;
}

void cs_tool_gate(cs_capset caps, const char *tool, struct cs_gate_verdict *v)
{
	const struct cs_tool_row *row = cs_tool_lookup(tool);

	*v = (struct cs_gate_verdict){ .missing = CS_CAP_NONE };
	if (!row) {
		const char *hint = cs_tool_suggest(tool);
		v->tier = CS_TIER_UNKNOWN;
		if (hint)
			snprintf(v->reason, sizeof(v->reason),
				 "denied: '%s' is not a known tool (did you mean '%s'?), and unknown "
				 "tools are denied",
				 tool, hint);
		else
			snprintf(v->reason, sizeof(v->reason),
				 "denied: '%s' is not a known tool, and unknown tools are denied", tool);
		return;
	}
	v->tier = row->tier;
	switch (row->tier) {
	case CS_TIER_ALWAYS_DENIED:
		snprintf(v->reason, sizeof(v->reason),
			 "denied: '%s' is in the always-denied tier; no capability unlocks it",
			 tool);
		return;
	case CS_TIER_ALWAYS_ALLOWED:
		v->allowed = true;
		snprintf(v->reason, sizeof(v->reason),
			 "allowed: '%s' is in the always-allowed tier", tool);
		return;
	case CS_TIER_CAPABILITY_GATED:
		if (cs_capset_has(caps, row->cap)) {
			v->allowed = true;
			snprintf(v->reason, sizeof(v->reason),
				 "allowed: '%s' is capability-gated and the skill declares '%s'",
				 tool, cs_cap_name(row->cap));
		} else {
			v->missing = row->cap;
			snprintf(v->reason, sizeof(v->reason),
				 "denied: '%s' is capability-gated and needs capability '%s', which "
				 "the skill does not declare",
				 tool, cs_cap_name(row->cap));
		}
		return;
	case CS_TIER_UNKNOWN:
		break;
	}
}

size_t cs_tools_unlocked(cs_capset caps, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < cs_tool_matrix_len; i++) {
		const struct cs_tool_row *r = &cs_tool_matrix[i];
		bool ok = r->tier == CS_TIER_ALWAYS_ALLOWED ||
			  (r->tier == CS_TIER_CAPABILITY_GATED && cs_capset_has(caps, r->cap));
		if (ok && n < max)
			out[n++] = r->tool;
	}
	return n;
}
