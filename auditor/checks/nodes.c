/* Node commands: which device commands paired nodes may run, and deny rules
 * that cannot work because they are not exact command names. */
#include "checks.h"
#include "clawshim/strbuf.h"

#include <string.h>

/* Commands some node platform offers by default (the union over platforms). */
static const char *const default_node_commands[] = {
	"canvas.present",  "canvas.hide",       "canvas.navigate",        "canvas.eval",
	"canvas.snapshot", "canvas.a2ui.push",  "canvas.a2ui.pushJSONL",  "canvas.a2ui.reset",
	"camera.list",     "location.get",      "device.info",            "device.status",
	"contacts.search", "calendar.events",   "reminders.list",         "photos.latest",
	"motion.activity", "motion.pedometer",  "system.notify",          "system.run",
	"system.which",    "browser.proxy",
};

/* Commands with high-impact device effects, in OpenClaw's order. */
static const char *const dangerous_node_commands[] = {
	"camera.snap", "camera.clip", "screen.record", "contacts.add",
	"calendar.add", "reminders.add", "sms.send",
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static bool in_table(const char *const *t, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i], s) == 0)
			return true;
	return false;
}

/* Trimmed non-empty strings of an array. */
static void trimmed_entries(const cJSON *arr, struct cs_strv *out)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, array_or_null(arr)) {
		if (!cJSON_IsString(e))
			continue;
		_cleanup_free_ char *t = str_trim(e->valuestring);
		if (t && *t)
			cs_strv_push(out, t);
	}
}

/* Exact matching is all the gateway does; these look like they expect more. */
static bool is_pattern_like(const char *s)
{
	size_t n = strlen(s);
	return strpbrk(s, "?*[]{}(),|") || s[0] == '/' || s[0] == '^' || s[n - 1] == '/' ||
	       s[n - 1] == '$' || strpbrk(s, " \t\n\r\f\v") || strstr(s, "group:");
}

static void append_list(struct cs_strbuf *b, const char *label, const struct cs_strv *v)
{
	if (!v->n)
		return;
	cs_strbuf_printf(b, "\n- %s: ", label);
	for (size_t i = 0; i < v->n; i++)
		cs_strbuf_printf(b, "%s%s", i ? ", " : "", v->v[i]);
}

void check_nodes_deny_commands(struct audit_ctx *a)
{
	_cleanup_strv_ struct cs_strv deny = { 0 }, allow = { 0 }, patterns = { 0 }, unknown = { 0 };

	trimmed_entries(cfg_at(a->cfg, "gateway.nodes.denyCommands"), &deny);
	trimmed_entries(cfg_at(a->cfg, "gateway.nodes.allowCommands"), &allow);
	for (size_t i = 0; i < deny.n; i++) {
		const char *d = deny.v[i];
		if (is_pattern_like(d))
			cs_strv_push(&patterns, d);
		else if (!in_table(default_node_commands, ARRAY_LEN(default_node_commands), d) &&
			 !cs_strv_contains(&allow, d))
			cs_strv_push(&unknown, d);
	}
	if (!patterns.n && !unknown.n)
		return;
	struct cs_strbuf b = { 0 };
	cs_strbuf_puts(&b, "gateway.nodes.denyCommands uses exact command-name matching only.");
	append_list(&b, "Pattern-like entries (not supported by exact matching)", &patterns);
	append_list(&b, "Unknown command names (not in defaults/allowCommands)", &unknown);
	audit_add_owned(a, "gateway.nodes.deny_commands_ineffective", SEV_WARN,
			"Some gateway.nodes.denyCommands entries are ineffective",
			"Use exact command names (for example: canvas.present, canvas.hide, "
			"canvas.navigate, canvas.eval, canvas.snapshot, canvas.a2ui.push, "
			"canvas.a2ui.pushJSONL, canvas.a2ui.reset). If you need broader restrictions, "
			"remove risky commands from allowCommands/default workflows.",
			cs_strbuf_steal(&b));
}

void check_nodes_allow_commands(struct audit_ctx *a)
{
	_cleanup_strv_ struct cs_strv deny = { 0 }, allow = { 0 };
	struct cs_strbuf names = { 0 };

	trimmed_entries(cfg_at(a->cfg, "gateway.nodes.denyCommands"), &deny);
	trimmed_entries(cfg_at(a->cfg, "gateway.nodes.allowCommands"), &allow);
	for (size_t i = 0; i < ARRAY_LEN(dangerous_node_commands); i++) {
		const char *c = dangerous_node_commands[i];
		if (cs_strv_contains(&allow, c) && !cs_strv_contains(&deny, c))
			cs_strbuf_printf(&names, "%s%s", names.len ? ", " : "", c);
	}
	if (!names.len)
		return;
	_cleanup_free_ char *list = cs_strbuf_steal(&names);
	audit_add(a, "gateway.nodes.allow_commands_dangerous",
		  a->remotely_exposed ? SEV_CRITICAL : SEV_WARN,
		  "Dangerous node commands explicitly enabled",
		  "Remove these entries from gateway.nodes.allowCommands (recommended). If you keep "
		  "them, treat gateway auth as full operator access and keep gateway exposure "
		  "local/tailnet-only.",
		  "gateway.nodes.allowCommands includes: %s. These commands can trigger high-impact "
		  "device actions (camera/screen/contacts/calendar/reminders/SMS).",
		  list ? list : "");
}
