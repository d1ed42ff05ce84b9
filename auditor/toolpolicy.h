/* OpenClaw's tool policy, evaluated as the gateway evaluates it for one agent:
 * the profile's allowlist, the global tools.allow/deny, the agent's
 * tools.allow/deny and, when the agent's sandbox mode is "all", the sandbox
 * tool policy. A tool is usable when every policy in the chain allows it. */
#ifndef CLAWAUDIT_TOOLPOLICY_H
#define CLAWAUDIT_TOOLPOLICY_H

#include "clawshim/util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

struct tool_policy {
	bool has_allow;        /* false: everything not denied is allowed */
	struct cs_strv allow;  /* normalised names and globs, groups expanded */
	struct cs_strv deny;
};

#define TOOL_CHAIN_MAX 4

struct tool_chain {
	struct tool_policy p[TOOL_CHAIN_MAX];
	unsigned n;
};

/* The chain with the tools settings (profile, allow, deny) of the agents.list
 * entry given (NULL: none), and the sandbox settings of the agent whose
 * normalised id is agent_id: OpenClaw's checks pass a list entry's own tools
 * even where another entry shares its normalised id. */
void tool_chain_for_entry(const cJSON *cfg, const cJSON *entry, const char *agent_id,
			  struct tool_chain *out);
bool tool_chain_allows(const struct tool_chain *c, const char *tool);
void tool_chain_free(struct tool_chain *c);

/* The profile in effect: the agent's tools.profile, else the global one
 * (NULL when neither is set). */
const char *tool_profile_for(const cJSON *cfg, const cJSON *agent);

#endif
