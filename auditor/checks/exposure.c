/* Open groups: anyone in a group can talk to the bot, so what the bot may do
 * there (elevated exec, runtime and filesystem tools) decides the damage. */
#include "checks.h"
#include "../toolpolicy.h"
#include "clawshim/strbuf.h"

#include <string.h>

static bool is_open(const cJSON *scope)
{
	const char *gp = cfg_str(scope, "groupPolicy");
	return gp && strcmp(gp, "open") == 0;
}

/* The channels section's keys in the order of OpenClaw's schema, which
 * rebuilds the object in that order when it validates the config. */
static const char *const channel_schema[] = {
	"defaults", "modelByChannel", "whatsapp", "telegram", "discord", "irc",
	"googlechat", "slack", "signal", "imessage", "bluebubbles", "msteams",
};

/* "\n- channels.x.groupPolicy" for every open group policy, accounts included. */
static void open_group_paths(const cJSON *cfg, struct cs_strbuf *b)
{
	const cJSON *channels = object_or_null(cfg_at(cfg, "channels"));
	_cleanup_strv_ struct cs_strv names = { 0 };

	schema_object_keys(channels, channel_schema,
			   sizeof(channel_schema) / sizeof(channel_schema[0]), &names);
	for (size_t i = 0; i < names.n; i++) {
		const cJSON *ch = obj_get(channels, names.v[i]);
		_cleanup_strv_ struct cs_strv accts = { 0 };
		const cJSON *accounts = object_or_null(obj_get(ch, "accounts"));
		if (is_open(ch))
			cs_strbuf_printf(b, "\n- channels.%s.groupPolicy", names.v[i]);
		js_object_keys(accounts, &accts);
		for (size_t k = 0; k < accts.n; k++)
			if (is_open(obj_get(accounts, accts.v[k])))
				cs_strbuf_printf(b, "\n- channels.%s.accounts.%s.groupPolicy",
						 names.v[i], accts.v[k]);
	}
}

static void tool_list(struct cs_strbuf *b, const struct tool_chain *c,
		      const char *const *tools, size_t n, bool *any)
{
	*any = false;
	cs_strbuf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (!tool_chain_allows(c, tools[i]))
			continue;
		cs_strbuf_printf(b, "%s%s", *any ? ", " : "", tools[i]);
		*any = true;
	}
	if (!*any)
		cs_strbuf_puts(b, "off");
	cs_strbuf_putc(b, ']');
}

/* Appends the context's line when it exposes unguarded runtime or fs tools;
 * returns whether the runtime is unguarded. */
static bool exposure_line(const cJSON *cfg, const cJSON *agent, const char *id, const char *label,
			  struct cs_strbuf *out)
{
	static const char *const runtime[] = { "exec", "process" };
	static const char *const fs[] = { "read", "write", "edit", "apply_patch" };
	struct tool_chain chain;
	struct cs_strbuf line = { 0 };
	bool has_runtime, has_fs;
	const char *mode = sandbox_mode_for(cfg, id);
	const cJSON *wo = cfg_at(agent, "tools.fs.workspaceOnly");

	if (!wo || cJSON_IsNull(wo))
		wo = cfg_at(cfg, "tools.fs.workspaceOnly");
	bool workspace_only = cJSON_IsTrue(wo);
	bool sandboxed = strcmp(mode, "all") == 0;

	tool_chain_for_entry(cfg, agent, id, &chain);
	cs_strbuf_printf(&line, "\n- %s (sandbox=%s; runtime=", label, mode);
	tool_list(&line, &chain, runtime, 2, &has_runtime);
	cs_strbuf_puts(&line, "; fs=");
	tool_list(&line, &chain, fs, 4, &has_fs);
	cs_strbuf_printf(&line, "; fs.workspaceOnly=%s)", workspace_only ? "true" : "false");
	tool_chain_free(&chain);
	bool runtime_open = has_runtime && !sandboxed;
	bool fs_open = has_fs && !sandboxed && !workspace_only;
	if ((runtime_open || fs_open) && line.s)
		cs_strbuf_puts(out, line.s);
	cs_strbuf_free(&line);
	return runtime_open;
}

void check_open_groups_exposure(struct audit_ctx *a)
{
	struct cs_strbuf paths = { 0 }, contexts = { 0 };
	const cJSON *list = cfg_at(a->cfg, "agents.list");
	const cJSON *agent;

	open_group_paths(a->cfg, &paths);
	if (!paths.len)
		return;
	if (!cfg_is_false(a->cfg, "tools.elevated.enabled"))
		audit_add(a, "security.exposure.open_groups_with_elevated", SEV_CRITICAL,
			  "Open groupPolicy with elevated tools enabled",
			  "Set groupPolicy=\"allowlist\" and keep elevated allowlists extremely tight.",
			  "Found groupPolicy=\"open\" at:%s\nWith tools.elevated enabled, a prompt "
			  "injection in those rooms can become a high-impact incident.",
			  paths.s);
	bool runtime = exposure_line(a->cfg, NULL, NULL, "agents.defaults", &contexts);
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		if (!id)
			continue;
		_cleanup_free_ char *label = cs_asprintf("agents.list.%s", id);
		if (label)
			runtime |= exposure_line(a->cfg, agent, id, label, &contexts);
	}
	if (contexts.len)
		audit_add(a, "security.exposure.open_groups_with_runtime_or_fs",
			  runtime ? SEV_CRITICAL : SEV_WARN,
			  "Open groupPolicy with runtime/filesystem tools exposed",
			  "For open groups, prefer tools.profile=\"messaging\" (or deny "
			  "group:runtime/group:fs), set tools.fs.workspaceOnly=true, and use "
			  "agents.defaults.sandbox.mode=\"all\" for exposed agents.",
			  "Found groupPolicy=\"open\" at:%s\nRisky tool exposure contexts:%s\nPrompt "
			  "injection in open groups can trigger command/file actions in these contexts.",
			  paths.s, contexts.s);
	cs_strbuf_free(&paths);
	cs_strbuf_free(&contexts);
}
