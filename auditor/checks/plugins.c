/* Extensions and hooks installed into the state dir: whether an allowlist
 * gates them, whether their tools are reachable, and whether their install
 * records pin what was installed. */
#include "checks.h"
#include "../toolpolicy.h"
#include "clawshim/openclaw_paths.h"
#include "clawshim/strbuf.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#define PLUGIN_PROBE_TOOL "__openclaw_plugin_probe__"

static bool nonblank_at(const cJSON *scope, const char *key)
{
	const char *s = cfg_str(scope, key);
	return s && !str_blank(s);
}

static bool env_set(const char *name)
{
	const char *v = getenv(name);
	return v && !str_blank(v);
}

/* Whether the channel has a token of one of the named kinds, at the top or
 * in an account. */
static bool channel_has_token(const cJSON *ch, const char *const *keys, size_t n)
{
	const cJSON *acct;
	for (size_t i = 0; i < n; i++)
		if (nonblank_at(ch, keys[i]))
			return true;
	cJSON_ArrayForEach(acct, object_or_null(obj_get(ch, "accounts")))
		for (size_t i = 0; i < n; i++)
			if (nonblank_at(acct, keys[i]))
				return true;
	return false;
}

/* commands.nativeSkills for a provider: its own setting, else the global one.
 * Only an explicit true counts: "auto" does not expose them to the audit. */
static bool native_skills_on(const cJSON *cfg, const char *provider)
{
	_cleanup_free_ char *path = cs_asprintf("channels.%s.commands.nativeSkills", provider);
	const cJSON *v = path ? cfg_at(cfg, path) : NULL;
	if (!v)
		v = cfg_at(cfg, "commands.nativeSkills");
	return cJSON_IsTrue(v);
}

static bool native_skill_commands_exposed(const cJSON *cfg)
{
	static const char *const discord_keys[] = { "token" };
	static const char *const telegram_keys[] = { "botToken", "tokenFile" };
	static const char *const slack_keys[] = { "botToken", "appToken" };
	const cJSON *discord = cfg_at(cfg, "channels.discord");
	const cJSON *telegram = cfg_at(cfg, "channels.telegram");
	const cJSON *slack = cfg_at(cfg, "channels.slack");

	/* a token in the environment counts whether or not the channel has a
	 * section in the config */
	bool d = channel_has_token(discord, discord_keys, 1) ||
		 env_set("DISCORD_BOT_TOKEN");
	bool t = channel_has_token(telegram, telegram_keys, 2) ||
		 env_set("TELEGRAM_BOT_TOKEN");
	bool s = channel_has_token(slack, slack_keys, 2) ||
		 env_set("SLACK_BOT_TOKEN") || env_set("SLACK_APP_TOKEN");
	return (d && native_skills_on(cfg, "discord")) || (t && native_skills_on(cfg, "telegram")) ||
	       (s && native_skills_on(cfg, "slack"));
}

static void check_extensions_allowlist(struct audit_ctx *a, const char *ext_dir,
				       const struct cs_strv *dirs)
{
	const cJSON *allow = cfg_at(a->cfg, "plugins.allow");

	if (!dirs->n || (cJSON_IsArray(allow) && cJSON_GetArraySize(allow) > 0))
		return;
	bool critical = native_skill_commands_exposed(a->cfg);
	audit_add(a, "plugins.extensions_no_allowlist", critical ? SEV_CRITICAL : SEV_WARN,
		  "Extensions exist but plugins.allow is not set",
		  "Set plugins.allow to an explicit list of plugin ids you trust.",
		  "Found %zu extension(s) under %s. Without plugins.allow, any discovered plugin id "
		  "may load (depending on config and plugin behavior).%s",
		  dirs->n, ext_dir,
		  critical ? "\nNative skill commands are enabled on at least one configured chat "
			     "surface; treat unpinned/unallowlisted extensions as high risk."
			   : "");
}

static void lowered_entries(const cJSON *arr, struct cs_strv *out)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, array_or_null(arr)) {
		if (!cJSON_IsString(e))
			continue;
		_cleanup_free_ char *t = str_trim(e->valuestring);
		_cleanup_free_ char *l = t ? str_lower(t) : NULL;
		if (l && *l)
			cs_strv_push(out, l);
	}
}

/* Plugins that would load: present, not disabled, not denied, allowed. */
static void enabled_plugins(const cJSON *cfg, const struct cs_strv *dirs, struct cs_strv *out)
{
	_cleanup_strv_ struct cs_strv allow = { 0 }, deny = { 0 };

	if (cfg_is_false(cfg, "plugins.enabled"))
		return;
	lowered_entries(cfg_at(cfg, "plugins.allow"), &allow);
	lowered_entries(cfg_at(cfg, "plugins.deny"), &deny);
	const cJSON *entries = cfg_at(cfg, "plugins.entries");
	for (size_t i = 0; i < dirs->n; i++) {
		_cleanup_free_ char *t = str_trim(dirs->v[i]);
		_cleanup_free_ char *id = t ? str_lower(t) : NULL;
		if (!id || !*id || cs_strv_contains(&deny, id) ||
		    (allow.n && !cs_strv_contains(&allow, id)) ||
		    cJSON_IsFalse(obj_get(obj_get(entries, id), "enabled")) ||
		    cs_strv_contains(out, id))
			continue;
		cs_strv_push(out, id);
	}
}

static bool list_names_plugin(const cJSON *arr, const struct cs_strv *plugins)
{
	_cleanup_strv_ struct cs_strv names = { 0 };
	lowered_entries(arr, &names);
	for (size_t i = 0; i < names.n; i++)
		if (strcmp(names.v[i], "group:plugins") == 0 || cs_strv_contains(plugins, names.v[i]))
			return true;
	return false;
}

/* tools.allow / alsoAllow, and the same under each tools.byProvider entry. */
static bool scope_names_plugin(const cJSON *tools, const struct cs_strv *plugins)
{
	const cJSON *p;
	if (list_names_plugin(obj_get(tools, "allow"), plugins) ||
	    list_names_plugin(obj_get(tools, "alsoAllow"), plugins))
		return true;
	cJSON_ArrayForEach(p, object_or_null(obj_get(tools, "byProvider")))
		if (list_names_plugin(obj_get(p, "allow"), plugins) ||
		    list_names_plugin(obj_get(p, "alsoAllow"), plugins))
			return true;
	return false;
}

static bool is_restrictive_profile(const char *p)
{
	return p && (strcmp(p, "minimal") == 0 || strcmp(p, "coding") == 0 ||
		     strcmp(p, "messaging") == 0);
}

static bool permissive_for(const cJSON *cfg, const cJSON *agent, const char *id,
			   const struct cs_strv *plugins)
{
	struct tool_chain chain;
	tool_chain_for_entry(cfg, agent, id, &chain);
	bool probe = tool_chain_allows(&chain, PLUGIN_PROBE_TOOL);
	tool_chain_free(&chain);
	if (probe)
		return true;
	if (is_restrictive_profile(tool_profile_for(cfg, agent)))
		return false;
	return scope_names_plugin(cfg_at(cfg, "tools"), plugins) ||
	       (agent && scope_names_plugin(obj_get(agent, "tools"), plugins));
}

static void check_plugin_tool_reach(struct audit_ctx *a, const struct cs_strv *dirs)
{
	_cleanup_strv_ struct cs_strv plugins = { 0 };
	struct cs_strbuf ctx = { 0 };
	const cJSON *list = cfg_at(a->cfg, "agents.list");
	const cJSON *agent;

	enabled_plugins(a->cfg, dirs, &plugins);
	if (!plugins.n)
		return;
	if (permissive_for(a->cfg, NULL, NULL, &plugins))
		cs_strbuf_puts(&ctx, "\n- default");
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		if (id && permissive_for(a->cfg, agent, id, &plugins))
			cs_strbuf_printf(&ctx, "\n- agents.list.%s", id);
	}
	if (!ctx.len)
		return;
	struct cs_strbuf names = { 0 };
	for (size_t i = 0; i < plugins.n; i++)
		cs_strbuf_printf(&names, "%s%s", i ? ", " : "", plugins.v[i]);
	audit_add(a, "plugins.tools_reachable_permissive_policy", SEV_WARN,
		  "Extension plugin tools may be reachable under permissive tool policy",
		  "Use restrictive profiles (`minimal`/`coding`) or explicit tool allowlists that "
		  "exclude plugin tools for agents handling untrusted input.",
		  "Enabled extension plugins: %s.\nPermissive tool policy contexts:%s",
		  names.s ? names.s : "", ctx.s);
	cs_strbuf_free(&names);
	cs_strbuf_free(&ctx);
}

/* ---- install records -------------------------------------------------------- */

/* "pkg@1.2.3" (or "@scope/pkg@v1.2.3-rc.1+b5"): an exact version. The spec
 * and the version after its last '@' are each taken trimmed. */
static bool spec_pinned(const char *raw)
{
	_cleanup_free_ char *spec = str_trim(raw);
	const char *at = spec ? strrchr(spec, '@') : NULL;
	regex_t re;

	if (!at || at == spec || !at[1])
		return false;
	_cleanup_free_ char *version = str_trim(at + 1);
	if (!version || regcomp(&re, "^v?[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$",
				REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	bool pinned = regexec(&re, version, 0, NULL, 0) == 0;
	regfree(&re);
	return pinned;
}

static char *installed_version(const char *dir)
{
	_cleanup_free_ char *pkg = *dir ? cs_asprintf("%s/package.json", dir) : strdup("package.json");
	_cleanup_free_ char *text = NULL;
	size_t len;
	if (!pkg || cs_read_file(pkg, 1u << 20, &text, &len) < 0)
		return NULL;
	cJSON *j = cJSON_ParseWithLength(text, len);
	const char *v = cfg_str(j, "version");
	char *out = v ? strdup(v) : NULL;
	cJSON_Delete(j);
	return out;
}

struct install_kind {
	const char *records;   /* config path of the records */
	const char *subdir;    /* default install dir under the state dir */
	const char *prefix;    /* checkId prefix */
	const char *noun;      /* plugin / hook */
	const char *noun_capital;
	const char *unpinned_title, *unpinned_fix;
	const char *integrity_title, *integrity_fix;
	const char *drift_title, *drift_fix;
};

static const struct install_kind install_kinds[] = {
	{ "plugins.installs", "extensions", "plugins", "plugin", "Plugin",
	  "Plugin installs include unpinned npm specs",
	  "Pin install specs to exact versions (for example, `@scope/pkg@1.2.3`) for higher "
	  "supply-chain stability.",
	  "Plugin installs are missing integrity metadata",
	  "Reinstall or update plugins to refresh install metadata with resolved integrity hashes.",
	  "Plugin install records drift from installed package versions",
	  "Run `openclaw plugins update --all` (or reinstall affected plugins) to refresh install "
	  "metadata." },
	{ "hooks.internal.installs", "hooks", "hooks", "hook", "Hook",
	  "Hook installs include unpinned npm specs",
	  "Pin hook install specs to exact versions (for example, `@scope/pkg@1.2.3`) for higher "
	  "supply-chain stability.",
	  "Hook installs are missing integrity metadata",
	  "Reinstall or update hooks to refresh install metadata with resolved integrity hashes.",
	  "Hook install records drift from installed package versions",
	  "Run `openclaw hooks update --all` (or reinstall affected hooks) to refresh install "
	  "metadata." },
};

static void check_install_records(struct audit_ctx *a, const struct install_kind *k)
{
	const cJSON *records = cfg_at(a->cfg, k->records);
	struct cs_strbuf unpinned = { 0 }, integrity = { 0 }, drift = { 0 };
	_cleanup_strv_ struct cs_strv ids = { 0 };

	js_object_keys(object_or_null(records), &ids);
	for (size_t i = 0; i < ids.n; i++) {
		const cJSON *r = obj_get(records, ids.v[i]);
		const char *source = cfg_str(r, "source");
		if (!source || strcmp(source, "npm") != 0)
			continue;
		const char *spec = cfg_str(r, "spec");
		if (spec && !spec_pinned(spec))
			cs_strbuf_printf(&unpinned, "\n- %s (%s)", ids.v[i], spec);
		const char *sri = cfg_str(r, "integrity");
		if (!sri || str_blank(sri))
			cs_strbuf_printf(&integrity, "\n- %s", ids.v[i]);
		/* resolvedVersion ?? version: an empty resolvedVersion hides the
		 * version and means "nothing recorded" */
		const cJSON *rv = obj_get(r, "resolvedVersion");
		const char *recorded = rv && !cJSON_IsNull(rv) ? cfg_str(r, "resolvedVersion")
							       : cfg_str(r, "version");
		if (!recorded || !*recorded)
			continue;
		/* installPath is taken as written (relative to the working directory) */
		const char *path = cfg_str(r, "installPath");
		_cleanup_free_ char *dir = path ? strdup(path)
						: cs_asprintf("%s/%s/%s", a->state_dir, k->subdir,
							      ids.v[i]);
		_cleanup_free_ char *installed = dir ? installed_version(dir) : NULL;
		if (installed && strcmp(recorded, installed) != 0)
			cs_strbuf_printf(&drift, "\n- %s (recorded %s, installed %s)", ids.v[i],
					 recorded, installed);
	}
	_cleanup_free_ char *id1 = cs_asprintf("%s.installs_unpinned_npm_specs", k->prefix);
	_cleanup_free_ char *id2 = cs_asprintf("%s.installs_missing_integrity", k->prefix);
	_cleanup_free_ char *id3 = cs_asprintf("%s.installs_version_drift", k->prefix);
	if (unpinned.len && id1)
		audit_add(a, id1, SEV_WARN, k->unpinned_title, k->unpinned_fix,
			  "Unpinned %s install records:%s", k->noun, unpinned.s);
	if (integrity.len && id2)
		audit_add(a, id2, SEV_WARN, k->integrity_title, k->integrity_fix,
			  "%s install records missing integrity:%s", k->noun_capital, integrity.s);
	if (drift.len && id3)
		audit_add(a, id3, SEV_WARN, k->drift_title, k->drift_fix,
			  "Detected %s install metadata drift:%s", k->noun, drift.s);
	cs_strbuf_free(&unpinned);
	cs_strbuf_free(&integrity);
	cs_strbuf_free(&drift);
}

void check_plugins_trust(struct audit_ctx *a)
{
	_cleanup_free_ char *ext_dir = cs_asprintf("%s/extensions", a->state_dir);
	_cleanup_strv_ struct cs_strv dirs = { 0 };

	if (ext_dir)
		(void)list_subdirs(ext_dir, &dirs); /* none readable: no extensions to report */
	check_extensions_allowlist(a, ext_dir ? ext_dir : "", &dirs);
	check_plugin_tool_reach(a, &dirs);
	for (size_t i = 0; i < sizeof(install_kinds) / sizeof(install_kinds[0]); i++)
		check_install_records(a, &install_kinds[i]);
}
