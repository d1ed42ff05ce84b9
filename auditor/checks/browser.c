/* Browser control: whether its HTTP routes need auth, and CDP endpoints that
 * travel in clear text off this machine. */
#include "checks.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The URL's scheme, lowercased ("http"), or NULL when it has none. */
static char *url_scheme(const char *url)
{
	const char *p = url;
	if (!isalpha((unsigned char)*p))
		return NULL;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':')
		return NULL;
	_cleanup_free_ char *s = strndup(url, (size_t)(p - url));
	return s ? str_lower(s) : NULL;
}

/* The host part of scheme://[user@]host[:port]/..., lowercased, brackets kept
 * off IPv6 literals. */
static char *url_host(const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return NULL;
	p += 3;
	size_t auth_len = strcspn(p, "/?#");
	const char *at = memchr(p, '@', auth_len);
	if (at) {
		auth_len -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	_cleanup_free_ char *hostport = strndup(p, auth_len);
	if (!hostport)
		return NULL;
	char *h = hostport;
	if (*h == '[') {
		char *end = strchr(h, ']');
		if (!end)
			return NULL;
		*end = '\0';
		h++;
	} else {
		char *colon = strchr(h, ':');
		if (colon)
			*colon = '\0';
	}
	return str_lower(h);
}

static void warn_if_remote_http(struct audit_ctx *a, const char *profile, const char *url)
{
	_cleanup_free_ char *t = str_trim(url);
	_cleanup_free_ char *scheme = t ? url_scheme(t) : NULL;
	_cleanup_free_ char *host = scheme ? url_host(t) : NULL;

	if (!host || strcmp(scheme, "http") != 0 || host_is_loopback(host))
		return;
	size_t n = strlen(t);
	while (n > 0 && t[n - 1] == '/')
		t[--n] = '\0';
	audit_add(a, "browser.remote_cdp_http", SEV_WARN, "Remote CDP uses HTTP",
		  "Prefer HTTPS/TLS or a tailnet-only endpoint for remote CDP.",
		  "browser profile \"%s\" uses http CDP (%s); this is OK only if it's tailnet-only or "
		  "behind an encrypted tunnel.",
		  profile, t);
}

void check_browser_control(struct audit_ctx *a)
{
	const char *cdp = cfg_str(a->cfg, "browser.cdpUrl");
	_cleanup_free_ char *cdp_t = cdp ? str_trim(cdp) : NULL;

	if (cdp_t && *cdp_t) {
		_cleanup_free_ char *scheme = url_scheme(cdp_t);
		_cleanup_free_ char *host = scheme ? url_host(cdp_t) : NULL;
		_cleanup_free_ char *err = NULL;
		if (!host)
			err = strdup("TypeError: Invalid URL");
		else if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)
			err = cs_asprintf("Error: browser.cdpUrl must be http(s), got: %s", scheme);
		if (err) {
			_cleanup_free_ char *fix = cs_asprintf(
				"Fix browser.cdpUrl in %s and re-run \"openclaw security audit --deep\".",
				a->config_path);
			audit_add(a, "browser.control_invalid_config", SEV_WARN,
				  "Browser control config looks invalid", fix, "%s", err);
			return;
		}
	}
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
	const cJSON *profiles = cfg_at(a->cfg, "browser.profiles");
	const cJSON *p;
	bool has_openclaw = false;
	cJSON_ArrayForEach(p, object_or_null(profiles)) {
		const char *url = cfg_str(p, "cdpUrl");
		has_openclaw |= strcmp(p->string, "openclaw") == 0;
		if (url)
			warn_if_remote_http(a, p->string, url);
	}
	/* the built-in "openclaw" profile drives browser.cdpUrl when one is set */
	if (!has_openclaw && cdp_t && *cdp_t)
		warn_if_remote_http(a, "openclaw", cdp_t);
}
