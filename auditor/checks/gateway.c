/* Gateway exposure and authentication: bind, auth mode and secrets, trusted
 * proxies, Control UI toggles, mDNS, Tailscale, the HTTP APIs. */
#include "checks.h"
#include "clawshim/strbuf.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

/* Tools the gateway's HTTP /tools/invoke refuses unless gateway.tools.allow
 * names them, in the order OpenClaw lists them. */
static const char *const http_denied_tools[] = { "sessions_spawn", "sessions_send", "gateway",
						 "whatsapp_login" };

static bool has_shared_secret(const struct gateway_auth *auth)
{
	return (strcmp(auth->mode, "token") == 0 && auth->token) ||
	       (strcmp(auth->mode, "password") == 0 && auth->password);
}

static bool has_gateway_auth(const struct audit_ctx *a)
{
	return has_shared_secret(&a->auth) ||
	       (a->auth.allow_tailscale && strcmp(a->tailscale_mode, "serve") == 0);
}

static bool array_nonempty(const cJSON *v)
{
	return cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0;
}

static void check_tools_invoke_http(struct audit_ctx *a)
{
	const cJSON *allow = cfg_at(a->cfg, "gateway.tools.allow");
	struct cs_strbuf names = { 0 };

	for (size_t i = 0; i < sizeof(http_denied_tools) / sizeof(http_denied_tools[0]); i++) {
		const cJSON *e;
		cJSON_ArrayForEach(e, array_or_null(allow)) {
			if (!cJSON_IsString(e))
				continue;
			_cleanup_free_ char *t = str_trim(e->valuestring);
			_cleanup_free_ char *l = t ? str_lower(t) : NULL;
			if (l && strcmp(l, http_denied_tools[i]) == 0) {
				cs_strbuf_printf(&names, "%s%s", names.len ? ", " : "",
						 http_denied_tools[i]);
				break;
			}
		}
	}
	if (!names.len)
		return;
	bool exposed = !a->bind_loopback || strcmp(a->tailscale_mode, "funnel") == 0;
	_cleanup_free_ char *list = cs_strbuf_steal(&names);
	audit_add(a, "gateway.tools_invoke_http.dangerous_allow", exposed ? SEV_CRITICAL : SEV_WARN,
		  "Gateway HTTP /tools/invoke re-enables dangerous tools",
		  "Remove these entries from gateway.tools.allow (recommended). If you keep them "
		  "enabled, keep gateway.bind loopback-only (or tailnet-only), restrict network "
		  "exposure, and treat the gateway token/password as full-admin.",
		  "gateway.tools.allow includes %s which removes them from the default HTTP deny list. "
		  "This can allow remote session spawning / control-plane actions via HTTP and "
		  "increases RCE blast radius if the gateway is reachable.",
		  list ? list : "");
}

/* "127.0.0.1", "::1", "127.0.0.1/32" or "::1/128": one host, and it is this one. */
static bool is_strict_loopback_proxy(const char *entry)
{
	_cleanup_free_ char *t = str_trim(entry);
	if (!t)
		return false;
	char *slash = strchr(t, '/');
	long prefix = -1;
	if (slash) {
		char *end;
		*slash = '\0';
		prefix = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end)
			return false;
	}
	unsigned char buf[16];
	if (inet_pton(AF_INET, t, buf) == 1)
		return (prefix < 0 || prefix == 32) && memcmp(buf, "\x7f\0\0\x01", 4) == 0;
	if (inet_pton(AF_INET6, t, buf) == 1) {
		static const unsigned char one[16] = { [15] = 1 };
		return (prefix < 0 || prefix == 128) && memcmp(buf, one, 16) == 0;
	}
	return false;
}

static bool proxies_beyond_loopback(const cJSON *proxies)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, array_or_null(proxies))
		if (cJSON_IsString(e) && !str_blank(e->valuestring) &&
		    !is_strict_loopback_proxy(e->valuestring))
			return true;
	return false;
}

static void check_bind_and_proxies(struct audit_ctx *a)
{
	bool ui_enabled = !cfg_is_false(a->cfg, "gateway.controlUi.enabled");
	bool proxies = array_nonempty(cfg_at(a->cfg, "gateway.trustedProxies"));

	if (!a->bind_loopback && !has_shared_secret(&a->auth) &&
	    strcmp(a->auth.mode, "trusted-proxy") != 0)
		audit_add(a, "gateway.bind_no_auth", SEV_CRITICAL,
			  "Gateway binds beyond loopback without auth",
			  "Set gateway.auth (token recommended) or bind to loopback.",
			  "gateway.bind=\"%s\" but no gateway.auth token/password is configured.",
			  a->bind);
	if (a->bind_loopback && ui_enabled && !proxies)
		audit_add(a, "gateway.trusted_proxies_missing", SEV_WARN,
			  "Reverse proxy headers are not trusted",
			  "Set gateway.trustedProxies to your proxy IPs or keep the Control UI "
			  "local-only.",
			  "gateway.bind is loopback and gateway.trustedProxies is empty. If you expose "
			  "the Control UI through a reverse proxy, configure trusted proxies so "
			  "local-client checks cannot be spoofed.");
	if (a->bind_loopback && ui_enabled && !has_gateway_auth(a))
		audit_add(a, "gateway.loopback_no_auth", SEV_CRITICAL,
			  "Gateway auth missing on loopback",
			  "Set gateway.auth (token recommended) or keep the Control UI local-only.",
			  "gateway.bind is loopback but no gateway auth secret is configured. If the "
			  "Control UI is exposed through a reverse proxy, unauthenticated access is "
			  "possible.");
	if (cfg_is_true(a->cfg, "gateway.allowRealIpFallback")) {
		bool exposed = !a->bind_loopback ||
			       (strcmp(a->auth.mode, "trusted-proxy") == 0 &&
				proxies_beyond_loopback(cfg_at(a->cfg, "gateway.trustedProxies")));
		audit_add(a, "gateway.real_ip_fallback_enabled", exposed ? SEV_CRITICAL : SEV_WARN,
			  "X-Real-IP fallback is enabled",
			  "Keep gateway.allowRealIpFallback=false (default). Only enable this when "
			  "your trusted proxy always overwrites X-Real-IP and cannot provide "
			  "X-Forwarded-For.",
			  "gateway.allowRealIpFallback=true trusts X-Real-IP when trusted proxies omit "
			  "X-Forwarded-For. Misconfigured proxies that forward client-supplied "
			  "X-Real-IP can spoof source IP and local-client checks.");
	}
}

static void check_discovery_and_tailscale(struct audit_ctx *a)
{
	const char *mdns = cfg_str(a->cfg, "discovery.mdns.mode");

	if (mdns && strcmp(mdns, "full") == 0)
		audit_add(a, "discovery.mdns_full_mode", a->bind_loopback ? SEV_WARN : SEV_CRITICAL,
			  "mDNS full mode can leak host metadata",
			  "Prefer discovery.mdns.mode=\"minimal\" (recommended) or \"off\", "
			  "especially when gateway.bind is not loopback.",
			  "discovery.mdns.mode=\"full\" publishes cliPath/sshPort in local-network TXT "
			  "records. This can reveal usernames, filesystem layout, and management "
			  "ports.");
	if (strcmp(a->tailscale_mode, "funnel") == 0)
		audit_add(a, "gateway.tailscale_funnel", SEV_CRITICAL,
			  "Tailscale Funnel exposure enabled",
			  "Prefer tailscale.mode=\"serve\" (tailnet-only) or set tailscale.mode=\"off\".",
			  "gateway.tailscale.mode=\"funnel\" exposes the Gateway publicly; keep auth "
			  "strict and treat it as internet-facing.");
	else if (strcmp(a->tailscale_mode, "serve") == 0)
		audit_add(a, "gateway.tailscale_serve", SEV_INFO, "Tailscale Serve exposure enabled",
			  NULL,
			  "gateway.tailscale.mode=\"serve\" exposes the Gateway to your tailnet "
			  "(loopback behind Tailscale).");
}

static void check_control_ui(struct audit_ctx *a)
{
	if (cfg_is_true(a->cfg, "gateway.controlUi.allowInsecureAuth"))
		audit_add(a, "gateway.control_ui.insecure_auth", SEV_WARN,
			  "Control UI insecure auth toggle enabled",
			  "Disable it or switch to HTTPS (Tailscale Serve) or localhost.",
			  "gateway.controlUi.allowInsecureAuth=true does not bypass secure context or "
			  "device identity checks; only dangerouslyDisableDeviceAuth disables Control "
			  "UI device identity checks.");
	if (cfg_is_true(a->cfg, "gateway.controlUi.dangerouslyDisableDeviceAuth"))
		audit_add(a, "gateway.control_ui.device_auth_disabled", SEV_CRITICAL,
			  "DANGEROUS: Control UI device auth disabled",
			  "Disable it unless you are in a short-lived break-glass scenario.",
			  "gateway.controlUi.dangerouslyDisableDeviceAuth=true disables device "
			  "identity checks for the Control UI.");
}

/* Flags OpenClaw considers insecure or dangerous when set, in its order. */
static void check_dangerous_flags(struct audit_ctx *a)
{
	struct cs_strbuf flags = { 0 };
	unsigned n = 0;
	const cJSON *mappings = cfg_at(a->cfg, "hooks.mappings");
	const cJSON *m;
	int i = 0;

#define FLAG(cond, text)                                                                           \
	do {                                                                                       \
		if (cond) {                                                                        \
			cs_strbuf_printf(&flags, "%s%s", n ? ", " : "", text);                    \
			n++;                                                                       \
		}                                                                                  \
	} while (0)
	FLAG(cfg_is_true(a->cfg, "gateway.controlUi.allowInsecureAuth"),
	     "gateway.controlUi.allowInsecureAuth=true");
	FLAG(cfg_is_true(a->cfg, "gateway.controlUi.dangerouslyDisableDeviceAuth"),
	     "gateway.controlUi.dangerouslyDisableDeviceAuth=true");
	FLAG(cfg_is_true(a->cfg, "hooks.gmail.allowUnsafeExternalContent"),
	     "hooks.gmail.allowUnsafeExternalContent=true");
	cJSON_ArrayForEach(m, array_or_null(mappings)) {
		if (cJSON_IsTrue(obj_get(m, "allowUnsafeExternalContent"))) {
			cs_strbuf_printf(&flags, "%shooks.mappings[%d].allowUnsafeExternalContent=true",
					 n ? ", " : "", i);
			n++;
		}
		i++;
	}
	FLAG(cfg_is_false(a->cfg, "tools.exec.applyPatch.workspaceOnly"),
	     "tools.exec.applyPatch.workspaceOnly=false");
#undef FLAG
	if (!n)
		return;
	_cleanup_free_ char *list = cs_strbuf_steal(&flags);
	audit_add(a, "config.insecure_or_dangerous_flags", SEV_WARN,
		  "Insecure or dangerous config flags enabled",
		  "Disable these flags when not actively debugging, or keep deployment scoped to "
		  "trusted/local-only networks.",
		  "Detected %u enabled flag(s): %s.", n, list ? list : "");
}

static void check_auth_strength(struct audit_ctx *a)
{
	if (strcmp(a->auth.mode, "token") == 0 && a->auth.token && js_length(a->auth.token) < 24)
		audit_add(a, "gateway.token_too_short", SEV_WARN, "Gateway token looks short", NULL,
			  "gateway auth token is %zu chars; prefer a long random token.",
			  js_length(a->auth.token));
	if (strcmp(a->auth.mode, "trusted-proxy") == 0) {
		audit_add(a, "gateway.trusted_proxy_auth", SEV_CRITICAL,
			  "Trusted-proxy auth mode enabled",
			  "Verify: (1) Your proxy terminates TLS and authenticates users. (2) "
			  "gateway.trustedProxies is restricted to proxy IPs only. (3) Direct access "
			  "to the Gateway port is blocked by firewall. See /gateway/trusted-proxy-auth "
			  "for setup guidance.",
			  "gateway.auth.mode=\"trusted-proxy\" delegates authentication to a reverse "
			  "proxy. Ensure your proxy (Pomerium, Caddy, nginx) handles auth correctly and "
			  "that gateway.trustedProxies only contains IPs of your actual proxy servers.");
		if (!array_nonempty(cfg_at(a->cfg, "gateway.trustedProxies")))
			audit_add(a, "gateway.trusted_proxy_no_proxies", SEV_CRITICAL,
				  "Trusted-proxy auth enabled but no trusted proxies configured",
				  "Set gateway.trustedProxies to the IP(s) of your reverse proxy.",
				  "gateway.auth.mode=\"trusted-proxy\" but gateway.trustedProxies is "
				  "empty. All requests will be rejected.");
		const char *header = cfg_str(a->cfg, "gateway.auth.trustedProxy.userHeader");
		if (!header || !*header)
			audit_add(a, "gateway.trusted_proxy_no_user_header", SEV_CRITICAL,
				  "Trusted-proxy auth missing userHeader config",
				  "Set gateway.auth.trustedProxy.userHeader to the header name your "
				  "proxy uses (e.g., \"x-forwarded-user\", \"x-pomerium-claim-email\").",
				  "gateway.auth.mode=\"trusted-proxy\" but "
				  "gateway.auth.trustedProxy.userHeader is not configured.");
		if (!array_nonempty(cfg_at(a->cfg, "gateway.auth.trustedProxy.allowUsers")))
			audit_add(a, "gateway.trusted_proxy_no_allowlist", SEV_WARN,
				  "Trusted-proxy auth allows all authenticated users",
				  "Consider setting gateway.auth.trustedProxy.allowUsers to restrict "
				  "access to specific users (e.g., [\"nick@example.com\"]).",
				  "gateway.auth.trustedProxy.allowUsers is empty, so any user "
				  "authenticated by your proxy can access the Gateway.");
	}
	const cJSON *rl = cfg_at(a->cfg, "gateway.auth.rateLimit");
	if (!a->bind_loopback && strcmp(a->auth.mode, "trusted-proxy") != 0 &&
	    !(rl && !cJSON_IsNull(rl) && !cJSON_IsFalse(rl)))
		audit_add(a, "gateway.auth_no_rate_limit", SEV_WARN, "No auth rate limiting configured",
			  "Set gateway.auth.rateLimit (e.g. { maxAttempts: 10, windowMs: 60000, "
			  "lockoutMs: 300000 }).",
			  "gateway.bind is not loopback but no gateway.auth.rateLimit is configured. "
			  "Without rate limiting, brute-force auth attacks are not mitigated.");
}

void check_gateway_config(struct audit_ctx *a)
{
	check_tools_invoke_http(a);
	check_bind_and_proxies(a);
	check_discovery_and_tailscale(a);
	check_control_ui(a);
	check_dangerous_flags(a);
	check_auth_strength(a);
}

/* "/v1/chat/completions, /v1/responses" for the enabled OpenAI-style endpoints. */
static char *enabled_endpoints(const cJSON *cfg, const char *first)
{
	struct cs_strbuf b = { 0 };
	if (first)
		cs_strbuf_puts(&b, first);
	if (cfg_is_true(cfg, "gateway.http.endpoints.chatCompletions.enabled"))
		cs_strbuf_printf(&b, "%s/v1/chat/completions", b.len ? ", " : "");
	if (cfg_is_true(cfg, "gateway.http.endpoints.responses.enabled"))
		cs_strbuf_printf(&b, "%s/v1/responses", b.len ? ", " : "");
	return cs_strbuf_steal(&b);
}

void check_gateway_http_no_auth(struct audit_ctx *a)
{
	if (strcmp(a->auth.mode, "none") != 0)
		return;
	_cleanup_free_ char *eps = enabled_endpoints(a->cfg, "/tools/invoke");
	audit_add(a, "gateway.http.no_auth", a->remotely_exposed ? SEV_CRITICAL : SEV_WARN,
		  "Gateway HTTP APIs are reachable without auth",
		  "Set gateway.auth.mode to token/password (recommended). If you intentionally keep "
		  "mode=none, keep gateway.bind=loopback and disable optional HTTP endpoints.",
		  "gateway.auth.mode=\"none\" leaves %s callable without a shared secret. Treat this "
		  "as trusted-local only and avoid exposing the gateway beyond loopback.",
		  eps ? eps : "/tools/invoke");
}

void check_gateway_http_session_key(struct audit_ctx *a)
{
	_cleanup_free_ char *eps = enabled_endpoints(a->cfg, NULL);
	if (!eps || !*eps)
		return;
	audit_add(a, "gateway.http.session_key_override_enabled", SEV_INFO,
		  "HTTP API session-key override is enabled", NULL,
		  "%s accept x-openclaw-session-key for per-request session routing. Treat API "
		  "credential holders as trusted principals.",
		  eps);
}

/* "${NAME}"-shaped: the value is a reference, not the secret itself. */
bool is_env_reference(const char *s)
{
	size_t n = strlen(s);
	return n >= 3 && s[0] == '$' && s[1] == '{' && s[n - 1] == '}';
}

void check_gateway_password_in_config(struct audit_ctx *a)
{
	const char *pw = cfg_str(a->cfg, "gateway.auth.password");
	_cleanup_free_ char *t = pw ? str_trim(pw) : NULL;

	if (!t || !*t || is_env_reference(t))
		return;
	audit_add(a, "config.secrets.gateway_password_in_config", SEV_WARN,
		  "Gateway password is stored in config",
		  "Prefer OPENCLAW_GATEWAY_PASSWORD (env) and remove gateway.auth.password from disk.",
		  "gateway.auth.password is set in the config file; prefer environment variables for "
		  "secrets when possible.");
}
