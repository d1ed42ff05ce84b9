/* Webhook ingress (hooks.*): token strength and reuse, base path, which
 * session a hook may drive. */
#include "checks.h"

#include <stdlib.h>
#include <string.h>

/* The token the gateway's own API accepts, to compare the hooks token with. */
static char *gateway_token(const struct audit_ctx *a)
{
	if (strcmp(a->auth.mode, "token") == 0)
		return a->auth.token ? strdup(a->auth.token) : NULL;
	return str_trim_nonblank(getenv("OPENCLAW_GATEWAY_TOKEN"));
}

static bool has_prefix_restriction(const cJSON *prefixes)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, array_or_null(prefixes))
		if (cJSON_IsString(e) && !str_blank(e->valuestring))
			return true;
	return false;
}

static void check_hooks_token(struct audit_ctx *a, const char *token)
{
	if (token && js_length(token) < 24)
		audit_add(a, "hooks.token_too_short", SEV_WARN, "Hooks token looks short", NULL,
			  "hooks.token is %zu chars; prefer a long random token.", js_length(token));
	_cleanup_free_ char *gw = gateway_token(a);
	if (token && gw && strcmp(token, gw) == 0)
		audit_add(a, "hooks.token_reuse_gateway_token", SEV_CRITICAL,
			  "Hooks token reuses the Gateway token",
			  "Use a separate hooks.token dedicated to hook ingress.",
			  "hooks.token matches gateway.auth token; compromise of hooks expands blast "
			  "radius to the Gateway API.");
}

static void check_hooks_session_keys(struct audit_ctx *a)
{
	_cleanup_free_ char *dsk = str_trim_nonblank(cfg_str(a->cfg, "hooks.defaultSessionKey"));
	enum audit_severity sev = a->remotely_exposed ? SEV_CRITICAL : SEV_WARN;

	if (!dsk)
		audit_add(a, "hooks.default_session_key_unset", SEV_WARN,
			  "hooks.defaultSessionKey is not configured",
			  "Set hooks.defaultSessionKey (for example, \"hook:ingress\").",
			  "Hook agent runs without explicit sessionKey use generated per-request keys. "
			  "Set hooks.defaultSessionKey to keep hook ingress scoped to a known session.");
	if (!cfg_is_true(a->cfg, "hooks.allowRequestSessionKey"))
		return;
	audit_add(a, "hooks.request_session_key_enabled", sev,
		  "External hook payloads may override sessionKey",
		  "Set hooks.allowRequestSessionKey=false (recommended) or constrain "
		  "hooks.allowedSessionKeyPrefixes.",
		  "hooks.allowRequestSessionKey=true allows `/hooks/agent` callers to choose the "
		  "session key. Treat hook token holders as full-trust unless you also restrict "
		  "prefixes.");
	if (!has_prefix_restriction(cfg_at(a->cfg, "hooks.allowedSessionKeyPrefixes")))
		audit_add(a, "hooks.request_session_key_prefixes_missing", sev,
			  "Request sessionKey override is enabled without prefix restrictions",
			  "Set hooks.allowedSessionKeyPrefixes (for example, [\"hook:\"]) or disable "
			  "request overrides.",
			  "hooks.allowRequestSessionKey=true and hooks.allowedSessionKeyPrefixes is "
			  "unset/empty, so request payloads can target arbitrary session key shapes.");
}

void check_hooks_hardening(struct audit_ctx *a)
{
	if (!cfg_is_true(a->cfg, "hooks.enabled"))
		return;
	_cleanup_free_ char *token = str_trim_nonblank(cfg_str(a->cfg, "hooks.token"));
	_cleanup_free_ char *path = str_trim_nonblank(cfg_str(a->cfg, "hooks.path"));

	check_hooks_token(a, token);
	if (path && strcmp(path, "/") == 0)
		audit_add(a, "hooks.path_root", SEV_CRITICAL, "Hooks base path is '/'",
			  "Use a dedicated path like '/hooks'.",
			  "hooks.path='/' would shadow other HTTP endpoints and is unsafe.");
	check_hooks_session_keys(a);
}

void check_hooks_token_in_config(struct audit_ctx *a)
{
	if (!cfg_is_true(a->cfg, "hooks.enabled"))
		return;
	_cleanup_free_ char *token = str_trim_nonblank(cfg_str(a->cfg, "hooks.token"));
	if (!token || is_env_reference(token))
		return;
	audit_add(a, "config.secrets.hooks_token_in_config", SEV_INFO,
		  "Hooks token is stored in config", NULL,
		  "hooks.token is set in the config file; keep config perms tight and treat it like "
		  "an API secret.");
}
