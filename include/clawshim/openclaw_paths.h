/* Where OpenClaw keeps things, resolved the way OpenClaw 2026.2.22 resolves
 * them: home, state directory (with the legacy names), config file, managed
 * skills, agent workspace. Every function reads the environment it names and
 * nothing else; results are heap strings the caller frees. */
#ifndef CLAWSHIM_OPENCLAW_PATHS_H
#define CLAWSHIM_OPENCLAW_PATHS_H

#include <cjson/cJSON.h>

struct cs_diags;

/* OPENCLAW_HOME (a leading ~ expands with HOME), else HOME, else the
 * password database. */
char *cs_oc_home(void);

/* "~" and "~/x" expand against home; anything else is returned as is. */
char *cs_oc_expand(const char *path, const char *home);

/* An absolute path with "//", "." and ".." collapsed lexically (no trailing
 * slash; "/" for the root). */
char *cs_oc_normalize(const char *path);

/* path with "~" expanded against home, made absolute against the working
 * directory and normalised lexically (as Node's path.resolve). */
char *cs_oc_resolve(const char *path, const char *home);

/* OPENCLAW_STATE_DIR (else CLAWDBOT_STATE_DIR), else ~/.openclaw when it
 * exists, else the first existing legacy directory (~/.clawdbot, ~/.moldbot,
 * ~/.moltbot), else ~/.openclaw. */
char *cs_oc_state_dir(void);

/* OPENCLAW_CONFIG_PATH, else the first existing of openclaw.json,
 * clawdbot.json, moldbot.json, moltbot.json in state_dir, else
 * state_dir/openclaw.json. */
char *cs_oc_config_path(const char *state_dir);

/* Where OpenClaw keeps credentials: OPENCLAW_OAUTH_DIR (~-expanded), else
 * state_dir/credentials. */
char *cs_oc_credentials_dir(const char *state_dir, const char *home);

/* Skills OpenClaw manages: OPENCLAW_STATE_DIR/skills, else ~/.openclaw/skills. */
char *cs_oc_managed_skills_dir(void);

/* The default agent's workspace: agents.defaults.workspace from config (may
 * be NULL), else ~/.openclaw/workspace (workspace-PROFILE with
 * OPENCLAW_PROFILE). */
char *cs_oc_workspace(const cJSON *config);

/* Reads a JSON5 config file. Returns the tree, or NULL: *missing is set when
 * the file does not exist (not an error), otherwise d holds FILE:LINE:COL. */
cJSON *cs_oc_config_load(const char *path, int *missing, struct cs_diags *d);

#endif
