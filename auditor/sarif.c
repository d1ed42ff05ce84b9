/* SARIF 2.1.0 logs (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) of the
 * audit and of the skill scan, built with cJSON from the same findings the
 * text and JSON reports walk. Every result has a location, since GitHub code
 * scanning drops results without one. */
#include "sarif.h"
#include "audit_run.h"
#include "configpos.h"
#include "clawshim/json5.h"
#include "cs_version.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "%SRCROOT%"

/* Levels and GitHub's security-severity scores (>= 9.0 shows as critical,
 * 4.0-6.9 as medium, below 4.0 as low), indexed by severity. */
static const struct {
	const char *level;
	const char *score;
} severity_map[] = {
	[SEV_INFO] = { "note", "2.0" },
	[SEV_WARN] = { "warning", "5.5" },
	[SEV_CRITICAL] = { "error", "9.0" },
};

_Static_assert((int)SEV_INFO == (int)CS_SCAN_INFO && (int)SEV_WARN == (int)CS_SCAN_WARN &&
		       (int)SEV_CRITICAL == (int)CS_SCAN_CRITICAL,
	       "audit and scanner severities share severity_map");

/* The config key a check is about, where its checkId does not spell it.
 * Other checks point at the longest prefix of their checkId written in the
 * config ("channels.discord.commands.native.unrestricted" at
 * channels.discord.commands.native). */
static const struct {
	const char *check_id;
	const char *key;
} check_keys[] = {
	{ "browser.control_invalid_config", "browser.cdpUrl" },
	{ "browser.remote_cdp_http", "browser.cdpUrl" },
	{ "config.secrets.gateway_password_in_config", "gateway.auth.password" },
	{ "config.secrets.hooks_token_in_config", "hooks.token" },
	{ "discovery.mdns_full_mode", "discovery.mdns.mode" },
	{ "gateway.auth_no_rate_limit", "gateway.auth" },
	{ "gateway.bind_no_auth", "gateway.bind" },
	{ "gateway.control_ui.device_auth_disabled", "gateway.controlUi.dangerouslyDisableDeviceAuth" },
	{ "gateway.control_ui.insecure_auth", "gateway.controlUi.allowInsecureAuth" },
	{ "gateway.loopback_no_auth", "gateway.auth" },
	{ "gateway.nodes.allow_commands_dangerous", "gateway.nodes.allowCommands" },
	{ "gateway.nodes.deny_commands_ineffective", "gateway.nodes.denyCommands" },
	{ "gateway.real_ip_fallback_enabled", "gateway.allowRealIpFallback" },
	{ "gateway.tailscale_funnel", "gateway.tailscale.mode" },
	{ "gateway.tailscale_serve", "gateway.tailscale.mode" },
	{ "gateway.token_too_short", "gateway.auth.token" },
	{ "gateway.tools_invoke_http.dangerous_allow", "gateway.tools.allow" },
	{ "gateway.trusted_proxies_missing", "gateway.bind" },
	{ "gateway.trusted_proxy_no_allowlist", "gateway.auth.trustedProxy" },
	{ "gateway.trusted_proxy_no_proxies", "gateway.auth.mode" },
	{ "gateway.trusted_proxy_no_user_header", "gateway.auth.trustedProxy" },
	{ "gateway.trusted_proxy_auth", "gateway.auth.mode" },
	{ "hooks.default_session_key_unset", "hooks.enabled" },
	{ "hooks.path_root", "hooks.path" },
	{ "hooks.request_session_key_enabled", "hooks.allowRequestSessionKey" },
	{ "hooks.request_session_key_prefixes_missing", "hooks.allowRequestSessionKey" },
	{ "hooks.token_reuse_gateway_token", "hooks.token" },
	{ "hooks.token_too_short", "hooks.token" },
	{ "logging.redact_off", "logging.redactSensitive" },
	{ "models.legacy", "agents.defaults.model" },
	{ "models.small_params", "agents.defaults.model" },
	{ "models.weak_tier", "agents.defaults.model" },
	{ "plugins.extensions_no_allowlist", "plugins.allow" },
	{ "sandbox.docker_config_mode_off", "agents.defaults.sandbox.mode" },
	{ "security.exposure.open_groups_with_elevated", "channels" },
	{ "security.exposure.open_groups_with_runtime_or_fs", "channels" },
	{ "tools.exec.safe_bins_interpreter_unprofiled", "tools.exec.safeBins" },
	{ "tools.profile_minimal_overridden", "tools.profile" },
};

/* ---- URIs ------------------------------------------------------------------- */

/* path percent-encoded (RFC 3986: unreserved characters and '/' kept). */
static char *uri_escape(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(strlen(path) * 3 + 1), *o = out;

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* {"uri"} for a file: absolute paths as file:// URIs, relative ones against
 * %SRCROOT% (the working directory, in the run's originalUriBaseIds), which
 * is how code-scanning services map results onto a checkout. */
static cJSON *artifact_location(const char *path)
{
	cJSON *a = cJSON_CreateObject();
	bool rel = path[0] != '/';

	while (rel && strncmp(path, "./", 2) == 0)
		path += 2;
	_cleanup_free_ char *esc = uri_escape(path);
	_cleanup_free_ char *uri = esc && !rel ? cs_asprintf("file://%s", esc) : NULL;
	cJSON_AddStringToObject(a, "uri", rel ? esc : uri);
	if (rel)
		cJSON_AddStringToObject(a, "uriBaseId", SRCROOT);
	return a;
}

/* {"locations": [...]} with one physical location; line 0 means no region. */
static void add_location(cJSON *result, const char *file, unsigned line, unsigned col,
			 const char *snippet)
{
	cJSON *locs = cJSON_AddArrayToObject(result, "locations");
	cJSON *loc = cJSON_CreateObject(), *phys = cJSON_CreateObject();

	cJSON_AddItemToArray(locs, loc);
	cJSON_AddItemToObject(loc, "physicalLocation", phys);
	cJSON_AddItemToObject(phys, "artifactLocation", artifact_location(file));
	if (!line)
		return;
	cJSON *region = cJSON_AddObjectToObject(phys, "region");
	cJSON_AddNumberToObject(region, "startLine", line);
	if (col)
		cJSON_AddNumberToObject(region, "startColumn", col);
	if (snippet && *snippet)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(region, "snippet"), "text", snippet);
}

static cJSON *text_object(const char *text)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", text);
	return o;
}

/* ---- the log ------------------------------------------------------------------ */

/* {"version", "$schema", "runs": [run]} with run's tool.driver filled in;
 * *rules and *results receive the arrays to fill. */
static cJSON *new_log(const char *info, cJSON **rules, cJSON **results)
{
	cJSON *log = cJSON_CreateObject();
	cJSON *run = cJSON_CreateObject();

	cJSON_AddStringToObject(log, "version", "2.1.0");
	cJSON_AddStringToObject(log, "$schema", SARIF_SCHEMA);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(log, "runs"), run);
	cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
	cJSON_AddStringToObject(driver, "name", "clawaudit");
	cJSON_AddStringToObject(driver, "fullName", info);
	cJSON_AddStringToObject(driver, "version", CS_VERSION);
	cJSON_AddStringToObject(driver, "semanticVersion", CS_VERSION);
	*rules = cJSON_AddArrayToObject(driver, "rules");

	_cleanup_free_ char *cwd = getcwd(NULL, 0);
	_cleanup_free_ char *esc = cwd ? uri_escape(cwd) : NULL;
	_cleanup_free_ char *base = esc ? cs_asprintf("file://%s%s", esc,
						      strcmp(cwd, "/") ? "/" : "")
					: NULL;
	if (base) {
		cJSON *ids = cJSON_AddObjectToObject(run, "originalUriBaseIds");
		cJSON_AddStringToObject(cJSON_AddObjectToObject(ids, SRCROOT), "uri", base);
	}
	cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
	*results = cJSON_AddArrayToObject(run, "results");
	if (!*rules || !*results) {
		cJSON_Delete(log);
		return NULL;
	}
	return log;
}

static cJSON *new_rule(cJSON *rules, const char *id, const char *name, const char *short_text,
		       const char *full_text, const char *help, int sev, const char *tag)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddItemToArray(rules, r);
	cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "name", name);
	cJSON_AddItemToObject(r, "shortDescription", text_object(short_text));
	cJSON_AddItemToObject(r, "fullDescription", text_object(full_text));
	cJSON_AddItemToObject(r, "help", text_object(help));
	cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "defaultConfiguration"), "level",
				severity_map[sev].level);
	cJSON *props = cJSON_AddObjectToObject(r, "properties");
	cJSON *tags = cJSON_AddArrayToObject(props, "tags");
	cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
	cJSON_AddItemToArray(tags, cJSON_CreateString(tag));
	cJSON_AddStringToObject(props, "security-severity", severity_map[sev].score);
	return r;
}

static cJSON *new_result(cJSON *results, const char *rule_id, int rule_index, int sev,
			 const char *message)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddItemToArray(results, r);
	cJSON_AddStringToObject(r, "ruleId", rule_id);
	cJSON_AddNumberToObject(r, "ruleIndex", rule_index);
	cJSON_AddStringToObject(r, "level", severity_map[sev].level);
	cJSON_AddItemToObject(r, "message", text_object(message));
	return r;
}

/* SARIF rule names are identifiers: "gateway.bind_no_auth" -> "GatewayBindNoAuth". */
static char *rule_name(const char *id)
{
	char *out = malloc(strlen(id) + 1), *o = out;
	bool up = true;

	if (!out)
		return NULL;
	for (const char *p = id; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9');
		if (!alnum) {
			up = true;
			continue;
		}
		*o++ = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
		up = false;
	}
	*o = '\0';
	return out;
}

/* ---- the audit ----------------------------------------------------------------- */

/* The entry for a dotted key path ("gateway.auth.token"). */
static const struct config_pos *find_key(const struct config_positions *keys, const char *dotted)
{
	_cleanup_free_ char *copy = strdup(dotted);
	char *path = strdup("$");

	for (char *save = NULL, *seg = copy && path ? strtok_r(copy, ".", &save) : NULL; seg;
	     seg = strtok_r(NULL, ".", &save)) {
		_cleanup_free_ char *ks = cs_json5_key_segment(seg);
		char *next = ks ? cs_asprintf("%s%s", path, ks) : NULL;
		free(path);
		path = next;
		if (!path)
			return NULL;
	}
	const struct config_pos *found = path ? config_positions_find(keys, path) : NULL;
	free(path);
	return found;
}

/* The longest prefix (two segments at least) of a dotted path the config
 * writes. */
static const struct config_pos *find_prefix(const struct config_positions *keys,
					    const char *dotted, size_t min_segments)
{
	_cleanup_free_ char *prefix = strdup(dotted);
	size_t segments = 1;

	for (const char *p = dotted; *p; p++)
		segments += *p == '.';
	while (prefix && segments >= min_segments) {
		const struct config_pos *p = find_key(keys, prefix);
		char *dot = strrchr(prefix, '.');
		if (p)
			return p;
		if (!dot)
			break;
		*dot = '\0';
		segments--;
	}
	return NULL;
}

/* A key the detail names ("agents.defaults.sandbox.docker.network is
 * \"host\""). */
static const struct config_pos *key_in_detail(const struct config_positions *keys,
					      const char *detail)
{
	static const char word[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_.";

	for (const char *p = detail; p && *p;) {
		size_t n = strspn(p, word);
		if (n == 0) {
			p++;
			continue;
		}
		_cleanup_free_ char *tok = strndup(p, n);
		while (tok && n && tok[n - 1] == '.')
			tok[--n] = '\0';
		const struct config_pos *k =
			tok && strchr(tok, '.') ? find_prefix(keys, tok, 2) : NULL;
		if (k)
			return k;
		p += strspn(p, word);
	}
	return NULL;
}

/* The key a check concerns: its table entry, else a key its detail names,
 * else the longest prefix of its checkId the config writes. */
static const struct config_pos *key_of(const struct config_positions *keys,
				       const struct finding *f)
{
	if (!keys)
		return NULL;
	for (size_t i = 0; i < sizeof(check_keys) / sizeof(check_keys[0]); i++)
		if (strcmp(check_keys[i].check_id, f->check_id) == 0) {
			const struct config_pos *p = find_key(keys, check_keys[i].key);
			if (p)
				return p;
			break;
		}
	const struct config_pos *p = key_in_detail(keys, f->detail);
	return p ? p : find_prefix(keys, f->check_id, 1);
}

/* The file a permission finding names: its first absolute path ("$DIR
 * mode=755; ...", "stateDir=/x/.openclaw, ..."). Caller frees. */
static char *path_in_detail(const char *detail)
{
	for (const char *p = detail; p && *p; p++) {
		if (*p == '/' && (p == detail || p[-1] == ' ' || p[-1] == '='))
			return strndup(p, strcspn(p, " ,;\n"));
	}
	return NULL;
}

static void audit_location(cJSON *result, const struct finding *f,
			   const struct sarif_audit_source *src)
{
	if (strncmp(f->check_id, "fs.", 3) == 0) {
		_cleanup_free_ char *file = path_in_detail(f->detail);
		add_location(result, file ? file : src->config_path, 0, 0, NULL);
		return;
	}
	const struct config_pos *k = key_of(src->keys, f);
	if (k)
		add_location(result, k->file, k->line, k->col, NULL);
	else
		add_location(result, src->config_path, 0, 0, NULL);
}

static int rule_index_of(const cJSON *rules, const char *id)
{
	int i = 0;
	const cJSON *r;

	cJSON_ArrayForEach(r, rules) {
		if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(r, "id")), id) == 0)
			return i;
		i++;
	}
	return -1;
}

static void add_audit_rule(cJSON *rules, const struct finding *f)
{
	_cleanup_free_ char *name = rule_name(f->check_id);
	_cleanup_free_ char *full =
		f->remediation ? cs_asprintf("%s. Remediation: %s", f->title, f->remediation)
			       : cs_asprintf("%s (checkId %s of openclaw security audit).", f->title,
					     f->check_id);
	new_rule(rules, f->check_id, name ? name : f->check_id, f->title, full ? full : f->title,
		 f->remediation ? f->remediation : f->title, f->severity,
		 strncmp(f->check_id, "fs.", 3) == 0 ? "permissions" : "configuration");
}

cJSON *sarif_audit_log(const struct findings *f, const struct sarif_audit_source *src)
{
	cJSON *rules, *results;
	cJSON *log = new_log("clawaudit: the OpenClaw security audit", &rules, &results);

	for (size_t i = 0; log && i < f->n; i++) {
		const struct finding *x = &f->v[i];
		int idx = rule_index_of(rules, x->check_id);
		if (idx < 0) {
			idx = cJSON_GetArraySize(rules);
			add_audit_rule(rules, x);
		}
		_cleanup_free_ char *msg = cs_asprintf("%s: %s", x->title, x->detail);
		cJSON *r = new_result(results, x->check_id, idx, x->severity, msg ? msg : x->title);
		audit_location(r, x, src);
	}
	return log;
}

/* ---- the skill scan ------------------------------------------------------------ */

#define RULE_UNPARSEABLE "skill.unparseable"

cJSON *sarif_skills_log(const struct cs_skillset *set)
{
	cJSON *rules, *results;
	cJSON *log = new_log("clawaudit skills: the SKILL.md scanner", &rules, &results);
	size_t n_rules = cs_scan_rule_count();

	if (!log)
		return NULL;
	for (size_t i = 0; i < n_rules; i++) {
		const struct cs_scan_rule *r = cs_scan_rule_at(i);
		_cleanup_free_ char *name = rule_name(r->id);
		_cleanup_free_ char *brief =
			cs_asprintf("%s: %s", cs_scan_category_name(r->category), r->id);
		new_rule(rules, r->id, name ? name : r->id, brief ? brief : r->id, r->explanation,
			 r->explanation, r->severity, cs_scan_category_name(r->category));
	}
	new_rule(rules, RULE_UNPARSEABLE, "SkillUnparseable", "SKILL.md cannot be parsed",
		 "The SKILL.md frontmatter cannot be read, so the skill's capabilities are unknown "
		 "and the skill is blocked.",
		 "Fix the frontmatter (YAML between the leading '---' lines); the message gives "
		 "the line, column and key.",
		 CS_SCAN_CRITICAL, "frontmatter");

	for (size_t s = 0; s < set->n; s++) {
		const struct cs_skill_entry *e = &set->v[s];
		if (e->error) {
			cJSON *r = new_result(results, RULE_UNPARSEABLE, (int)n_rules,
					      CS_SCAN_CRITICAL, e->error);
			add_location(r, e->file, 0, 0, NULL);
		}
		for (size_t i = 0; i < e->scan.n; i++) {
			const struct cs_scan_finding *x = &e->scan.v[i];
			size_t idx = 0;
			while (idx < n_rules && cs_scan_rule_at(idx) != x->rule)
				idx++;
			_cleanup_free_ char *msg = cs_asprintf("%s: %s", e->name, x->message);
			cJSON *r = new_result(results, x->rule->id, (int)idx, x->severity,
					      msg ? msg : x->message);
			add_location(r, e->file, x->line, 0, x->excerpt);
		}
	}
	return log;
}

int sarif_print(FILE *out, cJSON *log)
{
	if (!log)
		return -ENOMEM;
	json_write(out, log);
	cJSON_Delete(log);
	return fflush(out) == 0 && !ferror(out) ? 0 : -EIO;
}

int sarif_parse_format(const char *name, bool *json, bool *sarif)
{
	*json = strcmp(name, "json") == 0;
	*sarif = strcmp(name, "sarif") == 0;
	return *json || *sarif || strcmp(name, "text") == 0 ? 0 : -EINVAL;
}
