/* Tool settings: elevated-mode allowlists, where exec runs, interpreters in
 * safeBins, agent profiles overriding a global minimal profile. */
#include "checks.h"
#include "clawshim/strbuf.h"

#include <stdlib.h>
#include <string.h>

#define ELEVATED_LARGE 25
#define EXEC_AGENTS_LISTED 5

/* Entry as JavaScript's String(v).trim() would give it (numbers, booleans...). */
static char *entry_text(const cJSON *v)
{
	if (cJSON_IsString(v))
		return str_trim(v->valuestring);
	if (cJSON_IsNumber(v))
		return cs_asprintf("%.17g", v->valuedouble);
	if (cJSON_IsBool(v))
		return strdup(cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsNull(v))
		return strdup("null");
	return strdup("[object]");
}

void check_elevated_allowlists(struct audit_ctx *a)
{
	const cJSON *from = cfg_at(a->cfg, "tools.elevated.allowFrom");
	const cJSON *prov;

	if (cfg_is_false(a->cfg, "tools.elevated.enabled") || !cJSON_IsObject(from))
		return;
	cJSON_ArrayForEach(prov, from) {
		unsigned n = 0;
		bool wildcard = false;
		const cJSON *e;
		cJSON_ArrayForEach(e, array_or_null(prov)) {
			_cleanup_free_ char *t = entry_text(e);
			if (!t || !*t)
				continue;
			n++;
			wildcard |= strcmp(t, "*") == 0;
		}
		_cleanup_free_ char *id = cs_asprintf("tools.elevated.allowFrom.%s.%s", prov->string,
						      wildcard ? "wildcard" : "large");
		if (!id)
			continue;
		if (wildcard)
			audit_add(a, id, SEV_CRITICAL, "Elevated exec allowlist contains wildcard", NULL,
				  "tools.elevated.allowFrom.%s includes \"*\" which effectively "
				  "approves everyone on that channel for elevated mode.",
				  prov->string);
		else if (n > ELEVATED_LARGE)
			audit_add(a, id, SEV_WARN, "Elevated exec allowlist is large", NULL,
				  "tools.elevated.allowFrom.%s has %u entries; consider tightening "
				  "elevated access.",
				  prov->string, n);
	}
}

static bool exec_host_is_sandbox(const cJSON *scope)
{
	const char *h = cfg_str(scope, "tools.exec.host");
	return h && strcmp(h, "sandbox") == 0;
}

static void check_exec_host(struct audit_ctx *a)
{
	const cJSON *list = cfg_at(a->cfg, "agents.list");
	const cJSON *agent;
	struct cs_strbuf ids = { 0 };
	unsigned n = 0;

	if (exec_host_is_sandbox(a->cfg) && strcmp(sandbox_mode_for(a->cfg, NULL), "off") == 0)
		audit_add(a, "tools.exec.host_sandbox_no_sandbox_defaults", SEV_WARN,
			  "Exec host is sandbox but sandbox mode is off",
			  "Enable sandbox mode (`agents.defaults.sandbox.mode=\"non-main\"` or "
			  "`\"all\"`) or set tools.exec.host to \"gateway\" with approvals.",
			  "tools.exec.host is explicitly set to sandbox while "
			  "agents.defaults.sandbox.mode=off. In this mode, exec runs directly on the "
			  "gateway host.");
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		if (!id || !exec_host_is_sandbox(agent) ||
		    strcmp(sandbox_mode_for(a->cfg, id), "off") != 0)
			continue;
		if (n++ < EXEC_AGENTS_LISTED)
			cs_strbuf_printf(&ids, "%s%s", ids.len ? ", " : "", id);
	}
	if (!n)
		return;
	_cleanup_free_ char *list_text = cs_strbuf_steal(&ids);
	audit_add(a, "tools.exec.host_sandbox_no_sandbox_agents", SEV_WARN,
		  "Agent exec host uses sandbox while sandbox mode is off",
		  "Enable sandbox mode for these agents (`agents.list[].sandbox.mode`) or set their "
		  "tools.exec.host to \"gateway\".",
		  "agents.list.*.tools.exec.host is set to sandbox for: %s. With sandbox mode off, "
		  "exec runs directly on the gateway host.",
		  list_text ? list_text : "");
}

/* Programs that turn "safe" argv into arbitrary code. */
static const char *const interpreters[] = {
	"ash",	  "bash",	    "bun",     "cmd",	  "cmd.exe", "cscript", "dash",
	"deno",	  "fish",	    "ksh",     "lua",	  "node",    "nodejs",	"perl",
	"php",	  "powershell",	    "powershell.exe", "pypy", "pwsh", "pwsh.exe",	"python",
	"python2", "python3",	    "ruby",    "sh",	  "wscript", "zsh",
};

static bool is_interpreter(const char *name)
{
	static const char *const versioned[] = { "python", "ruby", "perl", "php", "node" };

	for (size_t i = 0; i < sizeof(interpreters) / sizeof(interpreters[0]); i++)
		if (strcmp(interpreters[i], name) == 0)
			return true;
	/* name followed by digits, optionally ".digits": python3.11, perl5.36, node20 */
	for (size_t i = 0; i < sizeof(versioned) / sizeof(versioned[0]); i++) {
		size_t k = strlen(versioned[i]);
		if (strncmp(name, versioned[i], k) != 0)
			continue;
		const char *p = name + k;
		if (!(*p >= '0' && *p <= '9'))
			continue;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
		if (!*p)
			return true;
	}
	return false;
}

static void add_profile_keys(const cJSON *profiles, struct cs_strv *keys)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, object_or_null(profiles)) {
		_cleanup_free_ char *t = str_trim(p->string);
		_cleanup_free_ char *l = t ? str_lower(t) : NULL;
		if (l && *l)
			cs_strv_push(keys, l);
	}
}

/* "- <label>: a, b" for the unprofiled interpreters of one safeBins list.
 * Entries are de-duplicated as written (trimmed, lowercased) and only then
 * cut to their basename, so "python3" and "/usr/bin/python3" name python3
 * twice, as OpenClaw lists them. */
static void unprofiled_line(const cJSON *bins, const struct cs_strv *profiled, const char *label,
			    struct cs_strbuf *out)
{
	_cleanup_strv_ struct cs_strv hits = { 0 };
	_cleanup_strv_ struct cs_strv seen = { 0 };
	const cJSON *e;

	cJSON_ArrayForEach(e, array_or_null(bins)) {
		if (!cJSON_IsString(e))
			continue;
		_cleanup_free_ char *t = str_trim(e->valuestring);
		_cleanup_free_ char *l = t ? str_lower(t) : NULL;
		if (!l || !*l || cs_strv_contains(&seen, l))
			continue;
		cs_strv_push(&seen, l);
		const char *base = l + strlen(l);
		while (base > l && base[-1] != '/' && base[-1] != '\\')
			base--;
		if (is_interpreter(base) && !cs_strv_contains(profiled, base))
			cs_strv_push(&hits, base);
	}
	if (!hits.n)
		return;
	cs_strv_sort(&hits);
	cs_strbuf_printf(out, "\n- %s: ", label);
	for (size_t i = 0; i < hits.n; i++)
		cs_strbuf_printf(out, "%s%s", i ? ", " : "", hits.v[i]);
}

static void check_safe_bins(struct audit_ctx *a)
{
	_cleanup_strv_ struct cs_strv global = { 0 };
	const cJSON *list = cfg_at(a->cfg, "agents.list");
	const cJSON *agent;
	struct cs_strbuf lines = { 0 };

	add_profile_keys(cfg_at(a->cfg, "tools.exec.safeBinProfiles"), &global);
	unprofiled_line(cfg_at(a->cfg, "tools.exec.safeBins"), &global, "tools.exec.safeBins",
			&lines);
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		const cJSON *bins = cfg_at(agent, "tools.exec.safeBins");
		if (!id || !cJSON_IsArray(bins))
			continue;
		_cleanup_strv_ struct cs_strv merged = { 0 };
		add_profile_keys(cfg_at(a->cfg, "tools.exec.safeBinProfiles"), &merged);
		add_profile_keys(cfg_at(agent, "tools.exec.safeBinProfiles"), &merged);
		_cleanup_free_ char *label = cs_asprintf("agents.list.%s.tools.exec.safeBins", id);
		if (label)
			unprofiled_line(bins, &merged, label, &lines);
	}
	if (!lines.len) {
		cs_strbuf_free(&lines);
		return;
	}
	_cleanup_free_ char *body = cs_strbuf_steal(&lines);
	audit_add(a, "tools.exec.safe_bins_interpreter_unprofiled", SEV_WARN,
		  "safeBins includes interpreter/runtime binaries without explicit profiles",
		  "Remove interpreter/runtime bins from safeBins (prefer allowlist entries) or "
		  "define hardened tools.exec.safeBinProfiles.<bin> rules.",
		  "Detected interpreter-like safeBins entries missing explicit profiles:%s\nThese "
		  "entries can turn safeBins into a broad execution surface when used with "
		  "permissive argv profiles.",
		  body ? body : "");
}

void check_exec_runtime(struct audit_ctx *a)
{
	check_exec_host(a);
	check_safe_bins(a);
}

void check_profile_minimal_overridden(struct audit_ctx *a)
{
	const char *global = cfg_str(a->cfg, "tools.profile");
	const cJSON *list = cfg_at(a->cfg, "agents.list");
	const cJSON *agent;
	struct cs_strbuf lines = { 0 };

	if (!global || strcmp(global, "minimal") != 0)
		return;
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		const char *p = cfg_str(agent, "tools.profile");
		if (id && p && strcmp(p, "minimal") != 0)
			cs_strbuf_printf(&lines, "\n- agents.list.%s=%s", id, p);
	}
	if (!lines.len)
		return;
	_cleanup_free_ char *body = cs_strbuf_steal(&lines);
	audit_add(a, "tools.profile_minimal_overridden", SEV_WARN,
		  "Global tools.profile=minimal is overridden by agent profiles",
		  "Set those agents to `tools.profile=\"minimal\"` (or remove the agent override) if "
		  "you want minimal tools enforced globally.",
		  "Global minimal profile is set, but these agent profiles take precedence:%s",
		  body ? body : "");
}
