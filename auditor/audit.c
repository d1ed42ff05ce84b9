/* The configuration audit: derives what many checks share, then runs every
 * check in the order OpenClaw 2026.2.22 reports them. */
#include "audit_run.h"
#include "checks/checks.h"

#include <stdlib.h>
#include <string.h>

struct audit_check {
	const char *family;
	void (*run)(struct audit_ctx *a);
};

/* Order matters: it is the order of the report. */
static const struct audit_check audit_checks[] = {
	{ "summary", check_attack_surface },
	{ "fs", check_synced_dir },
	{ "gateway", check_gateway_config },
	{ "browser", check_browser_control },
	{ "logging", check_logging_redaction },
	{ "tools", check_elevated_allowlists },
	{ "tools", check_exec_runtime },
	{ "hooks", check_hooks_hardening },
	{ "gateway", check_gateway_http_no_auth },
	{ "gateway", check_gateway_http_session_key },
	{ "sandbox", check_sandbox_docker_mode_off },
	{ "sandbox", check_sandbox_dangerous_config },
	{ "nodes", check_nodes_deny_commands },
	{ "nodes", check_nodes_allow_commands },
	{ "tools", check_profile_minimal_overridden },
	{ "gateway", check_gateway_password_in_config },
	{ "hooks", check_hooks_token_in_config },
	{ "models", check_models_tier },
	{ "models", check_models_small_params },
	{ "exposure", check_open_groups_exposure },
	{ "fs", check_state_and_config_perms },
	{ "fs", check_include_perms },
	{ "fs", check_secret_file_perms },
	{ "sandbox", check_sandbox_browser_containers },
	{ "plugins", check_plugins_trust },
};

/* Trimmed, non-empty: the config value, else the environment variable. */
static char *secret_from(const cJSON *cfg, const char *path, const char *env)
{
	const char *v = cfg_str(cfg, path);
	char *t = v ? str_trim(v) : NULL;
	if (t && *t)
		return t;
	free(t);
	v = getenv(env);
	t = v ? str_trim(v) : NULL;
	if (t && *t)
		return t;
	free(t);
	return NULL;
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
