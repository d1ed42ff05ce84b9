/* The agent table of clawshim-node and clawshim-sh: which confinement each
 * OpenClaw agent's commands run under. It is read from a file only its owner
 * (root or the user running the program) can write, never from a request or
 * an environment, which the model controls. */
#ifndef CLAWSHIM_AGENTPOLICY_H
#define CLAWSHIM_AGENTPOLICY_H

#include "clawshim/util.h"

#include <stdbool.h>

struct cs_diags;

/* One agent's line: exactly one of skill, profile, caps is set. */
struct cs_agent_policy {
	char *name;               /* the agent id; "default" for the default line */
	char *skill;              /* a skill folder (clawrun --skill) */
	char *profile;            /* a profile JSON file (clawrun --profile) */
	char *caps;               /* comma-separated capabilities (clawrun --caps); "" is none */
	struct cs_strv workspaces; /* the first is the working directory of last resort */
};

struct cs_agent_table {
	char *file;
	char *clawrun;            /* NULL: "clawrun" next to the running program */
	char *log;                /* security log; NULL: the profile's */
	char *state;              /* OpenClaw state dir for {state}; NULL: none */
	struct cs_agent_policy *agents;
	size_t n;
	struct cs_agent_policy *dflt; /* NULL: agents not listed are refused */
};

/* Loads and validates path (JSON5):
 *   { clawrun?: FILE, log?: FILE, state?: DIR,
 *     agents: { ID: LINE, ... }, default: LINE | "refuse" }
 *   LINE = { skill: DIR | profile: FILE | caps: [CAP, ...], workspace?: DIR | [DIR, ...] }
 * The file and its folder must be owned by root or by the effective user
 * and writable by nobody else. 0, or -errno with diagnostics naming the
 * file, line and key in d. *t is filled only on success; free it with
 * cs_agent_table_free. */
int cs_agent_table_load(const char *path, struct cs_agent_table *t, struct cs_diags *d);
void cs_agent_table_free(struct cs_agent_table *t);

/* The line for agent (NULL or empty: the default line), or NULL: refused. */
const struct cs_agent_policy *cs_agent_table_find(const struct cs_agent_table *t,
						  const char *agent);

/* clawrun's argv (into out, NULL-terminated) for running cmd under line p,
 * with session context for the log (either may be NULL). self is the
 * running program's path, to find clawrun next to it. 0 or -ENOMEM. */
int cs_agent_clawrun_argv(const struct cs_agent_table *t, const struct cs_agent_policy *p,
			  const char *self, const char *session_key, const char *agent_id,
			  char *const cmd[], struct cs_strv *out);

/* Whether path lies inside one of p's workspaces (both made absolute). */
bool cs_agent_path_in_workspace(const struct cs_agent_policy *p, const char *path);

#endif
