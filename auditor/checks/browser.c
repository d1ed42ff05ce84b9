/* Browser control: whether its HTTP routes need auth, and CDP endpoints that
 * travel in clear text off this machine. */
#include "checks.h"

#include "../url.h"

#include <stdlib.h>
#include <string.h>

/* A CDP endpoint as OpenClaw resolves one (parseHttpUrl): a WHATWG URL with
 * an http(s) scheme; port the explicit one or the scheme's default. */
struct cdp_url {
	struct cs_url url;
	char *normalized; /* the serialization less one trailing '/' */
	int port;
};

/* NULL, or the error as JavaScript's String(err) prints it (heap; NULL also when
 * memory ran out: then out->url.scheme is NULL too). */
static char *parse_cdp(const char *raw, const char *label, struct cdp_url *out)
{
	_cleanup_free_ char *t = str_trim(raw);
	memset(out, 0, sizeof(*out));
	if (!t || cs_url_parse(t, &out->url) < 0)
		return strdup("TypeError: Invalid URL");
	if (strcmp(out->url.scheme, "http") != 0 && strcmp(out->url.scheme, "https") != 0) {
		char *err = cs_asprintf("Error: %s must be http(s), got: %s", label, out->url.scheme);
		cs_url_free(&out->url);
		return err;
	}
	/* port 0 counts as none, as parseInt(port) > 0 decides there */
	out->port = out->url.port > 0 ? out->url.port
				       : strcmp(out->url.scheme, "https") == 0 ? 443 : 80;
	out->normalized = strdup(out->url.href);
	size_t n = out->normalized ? strlen(out->normalized) : 0;
	if (n > 0 && out->normalized[n - 1] == '/')
		out->normalized[n - 1] = '\0';
	return NULL;
}

static void cdp_free(struct cdp_url *c)
{
	cs_url_free(&c->url);
	free(c->normalized);
}

static void add_invalid(struct audit_ctx *a, const char *key, char *err)
{
	_cleanup_free_ char *fix = cs_asprintf(
		"Fix %s in %s and re-run \"openclaw security audit --deep\".", key, a->config_path);
	audit_add_owned(a, "browser.control_invalid_config", SEV_WARN,
			"Browser control config looks invalid", fix, err);
}

/* The URL a profile's CDP endpoint resolves to (heap), or NULL with *err
 * saying why there is none. cdpPort alone means the host and scheme of
 * browser.cdpUrl (127.0.0.1 over http when that is unset). */
static char *profile_cdp_url(const cJSON *p, const char *proto, const char *host, char **err,
			     const char *name)
{
	const char *raw = cfg_str(p, "cdpUrl");
	_cleanup_free_ char *t = raw ? str_trim(raw) : NULL;
	*err = NULL;
	if (t && *t) {
		struct cdp_url c;
		_cleanup_free_ char *label = cs_asprintf("browser.profiles.%s.cdpUrl", name);
		*err = parse_cdp(t, label ? label : "browser.profiles.cdpUrl", &c);
		if (*err)
			return NULL;
		char *u = steal_ptr(&c.normalized);
		cdp_free(&c);
		return u;
	}
	const cJSON *port = obj_get(p, "cdpPort");
	if (!cJSON_IsNumber(port) || port->valuedouble == 0) {
		*err = cs_asprintf("Error: Profile \"%s\" must define cdpPort or cdpUrl.", name);
		return NULL;
	}
	_cleanup_free_ char *portstr = js_number_string(port->valuedouble);
	return portstr ? cs_asprintf("%s://%s:%s", proto, host, portstr) : NULL;
}

bool browser_enabled(const cJSON *cfg)
{
	const char *cdp = cfg_str(cfg, "browser.cdpUrl");
	if (cdp && !str_blank(cdp)) {
		struct cdp_url c;
		_cleanup_free_ char *err = parse_cdp(cdp, "browser.cdpUrl", &c);
		if (err)
			return true;
		cdp_free(&c);
	}
	return !cfg_is_false(cfg, "browser.enabled");
}

static void warn_if_remote_http(struct audit_ctx *a, const char *profile, const char *url)
{
	struct cs_url u;
	if (cs_url_parse(url, &u) < 0)
		return;
	bool warn = strcmp(u.scheme, "http") == 0 && !cs_url_host_is_loopback(u.host ? u.host : "");
	cs_url_free(&u);
	if (!warn)
		return;
	audit_add(a, "browser.remote_cdp_http", SEV_WARN, "Remote CDP uses HTTP",
		  "Prefer HTTPS/TLS or a tailnet-only endpoint for remote CDP.",
		  "browser profile \"%s\" uses http CDP (%s); this is OK only if it's tailnet-only or "
		  "behind an encrypted tunnel.",
		  profile, url);
}

void check_browser_control(struct audit_ctx *a)
{
	const char *cdp = cfg_str(a->cfg, "browser.cdpUrl");
	_cleanup_free_ char *cdp_t = cdp ? str_trim(cdp) : NULL;
	_cleanup_free_ char *proto = strdup("http"), *host = strdup("127.0.0.1");
	int legacy_port = 0;

	if (cdp_t && *cdp_t) {
		struct cdp_url c;
		char *err = parse_cdp(cdp_t, "browser.cdpUrl", &c);
		if (err || !c.url.scheme || !c.url.host) {
			add_invalid(a, "browser.cdpUrl", err);
			cdp_free(&c);
			return;
		}
		free(proto);
		free(host);
		proto = strdup(c.url.scheme);
		host = strdup(c.url.host);
		legacy_port = c.port;
		cdp_free(&c);
	}
	if (!proto || !host)
		return;
	if (cfg_is_false(a->cfg, "browser.enabled"))
		return;
	if (!a->auth.token && !a->auth.password)
		audit_add(a, "browser.control_no_auth", SEV_CRITICAL, "Browser control has no auth",
			  "Set gateway.auth.token (recommended) or gateway.auth.password so browser "
			  "control HTTP routes require authentication. Restarting the gateway will "
			  "auto-generate gateway.auth.token when browser control is enabled.",
			  "Browser control HTTP routes are enabled but no gateway.auth token/password is "
			  "configured. Any local process (or SSRF to loopback) can call browser control "
			  "endpoints.");
	const cJSON *profiles = object_or_null(cfg_at(a->cfg, "browser.profiles"));
	_cleanup_strv_ struct cs_strv names = { 0 };
	js_object_keys(profiles, &names);
	for (size_t i = 0; i < names.n; i++) {
		const cJSON *p = obj_get(profiles, names.v[i]);
		_cleanup_free_ char *err = NULL;
		_cleanup_free_ char *url = profile_cdp_url(p, proto, host, &err, names.v[i]);
		if (err) {
			/* OpenClaw itself dies here with an uncaught exception; say what is
			 * wrong and go on with the other profiles */
			_cleanup_free_ char *key = cs_asprintf("browser.profiles.%s.cdpUrl", names.v[i]);
			add_invalid(a, key ? key : "browser.profiles", steal_ptr(&err));
		} else if (url) {
			warn_if_remote_http(a, names.v[i], url);
		}
	}
	/* the built-in "openclaw" profile, when the config has none, drives the
	 * port of browser.cdpUrl (only that one can be remote) */
	if (!obj_get(profiles, "openclaw") && legacy_port) {
		_cleanup_free_ char *url = cs_asprintf("%s://%s:%d", proto, host, legacy_port);
		if (url)
			warn_if_remote_http(a, "openclaw", url);
	}
}
