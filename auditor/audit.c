/* The configuration audit: derives what many checks share, then runs every
 * check in the order OpenClaw 2026.2.22 reports them. */
#include "audit_run.h"
#include "checks/checks.h"

#include <stdlib.h>
#include <string.h>

struct audit_check {
	const char *family;
	void (*run)(struct audit_ctx *a);
	enum { ALWAYS, DEEP_ONLY } when;
};

/* Order matters: it is the order of the report. */
static const struct audit_check audit_checks[] = {
	{ "summary", check_attack_surface, ALWAYS },
	{ "fs", check_synced_dir, ALWAYS },
	{ "gateway", check_gateway_config, ALWAYS },
	{ "browser", check_browser_control, ALWAYS },
	{ "logging", check_logging_redaction, ALWAYS },
	{ "tools", check_elevated_allowlists, ALWAYS },
	{ "tools", check_exec_runtime, ALWAYS },
	{ "hooks", check_hooks_hardening, ALWAYS },
	{ "gateway", check_gateway_http_no_auth, ALWAYS },
	{ "gateway", check_gateway_http_session_key, ALWAYS },
	{ "sandbox", check_sandbox_docker_mode_off, ALWAYS },
	{ "sandbox", check_sandbox_dangerous_config, ALWAYS },
	{ "nodes", check_nodes_deny_commands, ALWAYS },
	{ "nodes", check_nodes_allow_commands, ALWAYS },
	{ "tools", check_profile_minimal_overridden, ALWAYS },
	{ "gateway", check_gateway_password_in_config, ALWAYS },
	{ "hooks", check_hooks_token_in_config, ALWAYS },
	{ "models", check_models_tier, ALWAYS },
	{ "models", check_models_small_params, ALWAYS },
	{ "exposure", check_open_groups_exposure, ALWAYS },
	{ "fs", check_state_and_config_perms, ALWAYS },
	{ "fs", check_include_perms, ALWAYS },
	{ "fs", check_secret_file_perms, ALWAYS },
	{ "sandbox", check_sandbox_browser_containers, ALWAYS },
	{ "plugins", check_plugins_trust, ALWAYS },
	{ "clawshim", check_clawshim, ALWAYS },
	{ "codesafety", check_plugins_code_safety, DEEP_ONLY },
	{ "codesafety", check_skills_code_safety, DEEP_ONLY },
	{ "probe", check_gateway_probe, DEEP_ONLY },
};

/* Trimmed, non-empty: the config value, else the environment variable. */
static char *secret_from(const cJSON *cfg, const char *path, const char *env)
{
	char *t = str_trim_nonblank(cfg_str(cfg, path));
	return t ? t : str_trim_nonblank(getenv(env));
}

static void resolve_gateway_auth(struct audit_ctx *a)
{
	const char *mode = cfg_str(a->cfg, "gateway.auth.mode");
	const cJSON *ts = cfg_at(a->cfg, "gateway.auth.allowTailscale");

	a->auth.token = secret_from(a->cfg, "gateway.auth.token", "OPENCLAW_GATEWAY_TOKEN");
	a->auth.password = secret_from(a->cfg, "gateway.auth.password", "OPENCLAW_GATEWAY_PASSWORD");
	a->auth.mode = mode ? mode : a->auth.password ? "password" : "token";
	if (cJSON_IsBool(ts))
		a->auth.allow_tailscale = cJSON_IsTrue(ts);
	else
		a->auth.allow_tailscale = strcmp(a->tailscale_mode, "serve") == 0 &&
					  strcmp(a->auth.mode, "password") != 0 &&
					  strcmp(a->auth.mode, "trusted-proxy") != 0;
}

int audit_run(const struct audit_input *in, struct findings *out)
{
	struct audit_ctx a = {
		.cfg = in->cfg,
		.state_dir = in->state_dir,
		.config_path = in->config_path,
		.includes = in->includes,
		.home = in->home,
		.deep = in->deep,
		.probe = in->probe,
		.probe_out = in->probe_out,
		.out = out,
	};
	const char *bind = cfg_str(in->cfg, "gateway.bind");
	const char *ts = cfg_str(in->cfg, "gateway.tailscale.mode");

	*out = (struct findings){ 0 };
	a.bind = bind ? bind : "loopback";
	a.bind_loopback = strcmp(a.bind, "loopback") == 0;
	a.tailscale_mode = ts ? ts : "off";
	a.remotely_exposed = !a.bind_loopback || strcmp(a.tailscale_mode, "serve") == 0 ||
			     strcmp(a.tailscale_mode, "funnel") == 0;
	resolve_gateway_auth(&a);
	for (size_t i = 0; i < sizeof(audit_checks) / sizeof(audit_checks[0]); i++)
		if (a.deep || audit_checks[i].when == ALWAYS)
			audit_checks[i].run(&a);
	free(a.auth.token);
	free(a.auth.password);
	return out->oom ? -1 : 0;
}

void audit_summary(const struct findings *f, unsigned counts[3])
{
	counts[SEV_INFO] = counts[SEV_WARN] = counts[SEV_CRITICAL] = 0;
	for (size_t i = 0; i < f->n; i++)
		counts[f->v[i].severity]++;
}
