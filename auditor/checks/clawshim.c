/* Checks for an OpenClaw gateway confined by clawshim (checkIds clawshim.*,
 * none of them the reference's): agents running community skills with exec
 * left on the gateway host, tools.allow wider than the skills' capabilities,
 * elevated exec on such agents, exec routed to an unpinned node, and agent
 * tables (clawshim-node, clawshim-sh) that others could rewrite. They run
 * only where clawshim is in use: an agent's exec routed to a node, or an
 * agent table in <state>/clawshim/, /etc/clawshim/ or /usr/local/etc/clawshim/. */
#include "checks.h"
#include "clawshim/caps.h"
#include "clawshim/frontmatter.h"
#include "clawshim/openclaw_paths.h"
#include "clawshim/strbuf.h"
#include "clawshim/tiers.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where clawshim-sh looks (by install prefix) and where the README puts
 * clawshim-node's table. */
static const char *const sys_table_dirs[] = { "/etc/clawshim", "/usr/local/etc/clawshim" };

/* ---- agent tables --------------------------------------------------------------- */

static bool is_table_name(const char *n)
{
	size_t l = strlen(n);
	return (l > 6 && strcmp(n + l - 6, ".json5") == 0) ||
	       (l > 5 && strcmp(n + l - 5, ".json") == 0);
}

static void table_files(const char *dir, struct cs_strv *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && is_table_name(e->d_name))
			cs_strv_push_owned(out, cs_asprintf("%s/%s", dir, e->d_name));
	closedir(d);
	cs_strv_sort(out);
}

static void table_dirs(const struct audit_ctx *a, struct cs_strv *out)
{
	if (a->state_dir)
		cs_strv_push_owned(out, cs_asprintf("%s/clawshim", a->state_dir));
	for (size_t i = 0; i < sizeof(sys_table_dirs) / sizeof(sys_table_dirs[0]); i++)
		cs_strv_push(out, sys_table_dirs[i]);
}

/* Whoever can write an agent table chooses every tool's confinement. */
static void check_table(struct audit_ctx *a, const char *path, const char *what)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	bool foreign = st.st_uid != 0 && st.st_uid != geteuid();
	if (foreign || (st.st_mode & (S_IWGRP | S_IWOTH)) || S_ISLNK(st.st_mode)) {
		audit_add(a, "clawshim.policy.writable", SEV_CRITICAL,
			  "clawshim agent table can be rewritten by others",
			  "chown root:root it and its folder; chmod 600 (or 644) the file and 755 the folder. "
			  "clawshim-node and clawshim-sh refuse to start on such a table.",
			  "%s %s is %s (mode %04o, uid %u).", what, path,
			  S_ISLNK(st.st_mode) ? "a symlink"
			  : foreign	      ? "owned by another user"
					      : "writable by group or others",
			  (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid);
	} else if (st.st_uid != 0 && S_ISREG(st.st_mode)) {
		audit_add(a, "clawshim.policy.user_owned", SEV_WARN,
			  "clawshim agent table is owned by the gateway user",
			  "Keep agent tables root-owned (for example /etc/clawshim/node.json5): the "
			  "gateway's own write and edit tools run unconfined as its user.",
			  "%s is owned by uid %u, the user this audit runs as.", path,
			  (unsigned)st.st_uid);
	}
}

static bool check_tables(struct audit_ctx *a)
{
	_cleanup_strv_ struct cs_strv dirs = { 0 };
	bool any = false;
	table_dirs(a, &dirs);
	for (size_t i = 0; i < dirs.n; i++) {
		_cleanup_strv_ struct cs_strv files = { 0 };
		table_files(dirs.v[i], &files);
		if (!files.n)
			continue;
		any = true;
		check_table(a, dirs.v[i], "The folder");
		for (size_t k = 0; k < files.n; k++)
			check_table(a, files.v[k], "The table");
	}
	return any;
}

/* ---- agents ------------------------------------------------------------------------ */

/* The community skills an agent sees: those under its workspace, the managed
 * folder and skills.load.extraDirs (bundled skills live in OpenClaw's own
 * package, never there), narrowed to agents.list[].skills when set. */
struct agent_skills {
	struct cs_strv names;
	cs_capset caps;
	bool all_named_found; /* every name in agents.list[].skills was found */
};

static void add_root(const char *root, const cJSON *only, struct agent_skills *s)
{
	_cleanup_strv_ struct cs_strv subs = { 0 };
	if (!root || list_subdirs(root, &subs) < 0)
		return;
	for (size_t i = 0; i < subs.n; i++) {
		_cleanup_free_ char *dir = cs_asprintf("%s/%s", root, subs.v[i]);
		struct cs_skill sk;
		if (!dir || cs_skill_load(dir, &sk, NULL) < 0)
			continue;
		const char *name = sk.name ? sk.name : subs.v[i];
		bool wanted = !only;
		const cJSON *n;
		cJSON_ArrayForEach(n, array_or_null(only)) wanted |=
			cJSON_IsString(n) && strcmp(n->valuestring, name) == 0;
		if (wanted && !cs_strv_contains(&s->names, name)) {
			cs_strv_push(&s->names, name);
			s->caps |= sk.caps;
		}
		cs_skill_free(&sk);
	}
}

static char *agent_workspace(const struct audit_ctx *a, const cJSON *entry)
{
	const char *w = cfg_str(entry, "workspace");
	if (!w)
		w = cfg_str(a->cfg, "agents.defaults.workspace");
	return w ? cs_oc_resolve(w, a->home) : cs_oc_workspace(a->cfg);
}

static void find_skills(const struct audit_ctx *a, const cJSON *entry, struct agent_skills *s)
{
	const cJSON *only = cJSON_IsArray(obj_get(entry, "skills")) ? obj_get(entry, "skills") : NULL;
	_cleanup_free_ char *ws = agent_workspace(a, entry);
	_cleanup_free_ char *ws_skills = ws ? cs_asprintf("%s/skills", ws) : NULL;
	_cleanup_free_ char *managed = a->state_dir ? cs_asprintf("%s/skills", a->state_dir) : NULL;
	add_root(ws_skills, only, s);
	add_root(managed, only, s);
	const cJSON *x;
	cJSON_ArrayForEach(x, array_or_null(cfg_at(a->cfg, "skills.load.extraDirs"))) {
		_cleanup_free_ char *d = cJSON_IsString(x) ? cs_oc_resolve(x->valuestring, a->home) : NULL;
		add_root(d, only, s);
	}
	s->all_named_found = true;
	cJSON_ArrayForEach(x, array_or_null(only)) s->all_named_found &=
		cJSON_IsString(x) && cs_strv_contains(&s->names, x->valuestring);
}

static const char *exec_host(const struct audit_ctx *a, const cJSON *entry)
{
	const char *h = cfg_str(entry, "tools.exec.host");
	return h ? h : cfg_str(a->cfg, "tools.exec.host");
}

static bool listed(const cJSON *list, const char *a, const char *b)
{
	const cJSON *t;
	cJSON_ArrayForEach(t, array_or_null(list)) {
		if (cJSON_IsString(t) && (strcmp(t->valuestring, a) == 0 || strcmp(t->valuestring, b) == 0))
			return true;
	}
	return false;
}

/* Whether the agent can call exec at all (its own allow/deny lists). */
static bool exec_offered(const cJSON *entry)
{
	const cJSON *allow = cfg_at(entry, "tools.allow"), *deny = cfg_at(entry, "tools.deny");
	if (listed(deny, "exec", "group:runtime"))
		return false;
	return !cJSON_IsArray(allow) || listed(allow, "exec", "group:runtime");
}

static char *joined(const struct cs_strv *v)
{
	struct cs_strbuf b = { 0 };
	for (size_t i = 0; i < v->n; i++)
		cs_strbuf_printf(&b, "%s%s", i ? ", " : "", v->v[i]);
	char *s = cs_strbuf_steal(&b);
	return s ? s : strdup("");
}

static void check_agent(struct audit_ctx *a, const cJSON *entry, const char *id)
{
	struct agent_skills s = { 0 };
	find_skills(a, entry, &s);
	if (!s.names.n) {
		cs_strv_free(&s.names);
		return;
	}
	_cleanup_free_ char *names = joined(&s.names);
	const char *host = exec_host(a, entry);
	bool node = host && strcmp(host, "node") == 0;
	bool sandboxed = strcmp(sandbox_mode_for(a->cfg, id), "off") != 0;
	if (exec_offered(entry) && !node && !sandboxed)
		audit_add(a, "clawshim.exec.unconfined", SEV_WARN,
			  "Agent with community skills runs exec on the gateway host",
			  "Route its exec to clawshim-node: agents.list[].tools.exec.host=\"node\" and "
			  "tools.exec.node=<clawshim-node --print-node-id> ('clawpolicy openclaw' prints "
			  "the entry), or sandbox the agent; set the gateway's SHELL to clawshim-sh as a floor.",
			  "agents.list[id=%s] uses %s; its exec host is %s.", id, names,
			  host ? host : "gateway (the default)");
	if (node && !cfg_str(entry, "tools.exec.node") && !cfg_str(a->cfg, "tools.exec.node"))
		audit_add(a, "clawshim.exec.node_unpinned", SEV_WARN,
			  "Agent's exec goes to whichever node answers",
			  "Pin tools.exec.node to the id 'clawshim-node --print-node-id' prints: any process "
			  "holding the gateway token can register a node, and local pairing is silent.",
			  "agents.list[id=%s] has tools.exec.host=\"node\" and no tools.exec.node.", id);
	if (cfg_is_true(entry, "tools.elevated.enabled") ||
	    (!cfg_is_false(entry, "tools.elevated.enabled") &&
	     cfg_is_true(a->cfg, "tools.elevated.enabled")))
		audit_add(a, "clawshim.elevated.enabled", SEV_WARN,
			  "Agent with community skills may run elevated exec",
			  "Set agents.list[].tools.elevated.enabled=false: elevated exec always runs on the "
			  "gateway host, outside the node.",
			  "agents.list[id=%s] uses %s and elevated exec is enabled.", id, names);
	const cJSON *allow = cfg_at(entry, "tools.allow");
	if (s.all_named_found) {
		_cleanup_strv_ struct cs_strv wider = { 0 };
		const cJSON *t;
		cJSON_ArrayForEach(t, array_or_null(allow)) {
			struct cs_gate_verdict v;
			if (!cJSON_IsString(t))
				continue;
			cs_tool_gate(s.caps, t->valuestring, &v);
			if (!v.allowed)
				cs_strv_push(&wider, t->valuestring);
		}
		_cleanup_free_ char *caps = cs_capset_format(s.caps);
		_cleanup_free_ char *w = joined(&wider);
		if (!cJSON_IsArray(allow))
			audit_add(a, "clawshim.tools.allow_wider", SEV_WARN,
				  "Agent with community skills has no tools.allow",
				  "Set agents.list[].tools.allow to the tools its skills' capabilities unlock "
				  "('clawpolicy openclaw' prints it).",
				  "agents.list[id=%s] uses %s (capabilities: %s) and is offered every tool.", id,
				  names, caps && *caps ? caps : "none");
		else if (wider.n)
			audit_add(a, "clawshim.tools.allow_wider", SEV_WARN,
				  "Agent's tools.allow grants more than its skills declare",
				  "Remove them, or declare the capability in the skill's SKILL.md "
				  "('clawpolicy openclaw' prints the matching list).",
				  "agents.list[id=%s] uses %s (capabilities: %s); tools.allow also grants %s.",
				  id, names, caps && *caps ? caps : "none", w);
	}
	cs_strv_free(&s.names);
}

static bool routes_to_node(const cJSON *cfg)
{
	const char *h = cfg_str(cfg, "tools.exec.host");
	const cJSON *e;
	if (h && strcmp(h, "node") == 0)
		return true;
	cJSON_ArrayForEach(e, array_or_null(cfg_at(cfg, "agents.list"))) {
		h = cfg_str(e, "tools.exec.host");
		if (h && strcmp(h, "node") == 0)
			return true;
	}
	return false;
}

void check_clawshim(struct audit_ctx *a)
{
	bool tables = check_tables(a);
	if (!tables && !routes_to_node(a->cfg))
		return;
	const cJSON *e;
	cJSON_ArrayForEach(e, array_or_null(cfg_at(a->cfg, "agents.list"))) {
		const char *id = cfg_str(e, "id");
		if (cJSON_IsObject(e) && id)
			check_agent(a, e, id);
	}
}
