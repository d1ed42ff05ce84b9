/* Every check of the configuration audit, by family. audit.c runs them in
 * OpenClaw's order; each appends its findings through audit_add. */
#ifndef CLAWAUDIT_CHECKS_H
#define CLAWAUDIT_CHECKS_H

#include "../audit.h"

/* summary.c */
void check_attack_surface(struct audit_ctx *a);
/* fs.c */
void check_synced_dir(struct audit_ctx *a);
void check_state_and_config_perms(struct audit_ctx *a);
void check_include_perms(struct audit_ctx *a);
void check_secret_file_perms(struct audit_ctx *a);
/* gateway.c */
void check_gateway_config(struct audit_ctx *a);
void check_gateway_http_no_auth(struct audit_ctx *a);
void check_gateway_http_session_key(struct audit_ctx *a);
void check_gateway_password_in_config(struct audit_ctx *a);
/* "${NAME}"-shaped: the value names a secret instead of holding it. */
bool is_env_reference(const char *s);
/* nodes.c */
void check_nodes_deny_commands(struct audit_ctx *a);
void check_nodes_allow_commands(struct audit_ctx *a);
/* browser.c */
void check_browser_control(struct audit_ctx *a);
/* browser.enabled as OpenClaw resolves it (true by default), and true when
 * the browser config cannot be resolved at all (an invalid browser.cdpUrl). */
bool browser_enabled(const cJSON *cfg);
/* logging.c */
void check_logging_redaction(struct audit_ctx *a);
/* tools.c */
void check_elevated_allowlists(struct audit_ctx *a);
void check_exec_runtime(struct audit_ctx *a);
void check_profile_minimal_overridden(struct audit_ctx *a);
/* hooks.c */
void check_hooks_hardening(struct audit_ctx *a);
void check_hooks_token_in_config(struct audit_ctx *a);
/* sandbox.c */
void check_sandbox_docker_mode_off(struct audit_ctx *a);
void check_sandbox_dangerous_config(struct audit_ctx *a);
void check_sandbox_browser_containers(struct audit_ctx *a);
/* models.c */
void check_models_tier(struct audit_ctx *a);
void check_models_small_params(struct audit_ctx *a);
/* exposure.c */
void check_open_groups_exposure(struct audit_ctx *a);
/* codesafety.c (--deep) */
void check_plugins_code_safety(struct audit_ctx *a);
void check_skills_code_safety(struct audit_ctx *a);
/* probe.c (--deep) */
void check_gateway_probe(struct audit_ctx *a);
/* plugins.c */
void check_plugins_trust(struct audit_ctx *a);
/* clawshim.c */
void check_clawshim(struct audit_ctx *a);

#endif
