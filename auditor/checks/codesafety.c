/* --deep: the code of installed plugins (<state>/extensions) and of skills
 * OpenClaw would load, scanned for dangerous patterns (codescan.c), and
 * plugin manifests whose entry points escape the plugin or hide. */
#include "checks.h"
#include "../codescan.h"
#include "clawshim/diag.h"
#include "clawshim/frontmatter.h"
#include "clawshim/openclaw_paths.h"
#include "clawshim/skillset.h"
#include "clawshim/strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* "  - [rule] message (file:line)" for the hits of one severity. */
static unsigned hit_lines(const struct code_scan *s, bool critical, struct cs_strbuf *b)
{
	unsigned n = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].critical != critical)
			continue;
		cs_strbuf_printf(b, "\n  - [%s] %s (%s:%u)", s->v[i].rule_id, s->v[i].message,
				 s->v[i].file, s->v[i].line);
		n++;
	}
	return n;
}

/* ---- plugins ----------------------------------------------------------------- */

/* openclaw.extensions of the plugin's package.json, trimmed. */
static void manifest_entries(const char *plugin_dir, struct cs_strv *out)
{
	_cleanup_free_ char *pkg = cs_asprintf("%s/package.json", plugin_dir);
	_cleanup_free_ char *text = NULL;
	size_t len;
	const cJSON *e;

	if (!pkg || cs_read_file(pkg, 1u << 20, &text, &len) < 0)
		return;
	cJSON *j = cJSON_ParseWithLength(text, len);
	const cJSON *ext = cfg_at(j, "openclaw.extensions");
	cJSON_ArrayForEach(e, array_or_null(ext)) {
		if (!cJSON_IsString(e))
			continue;
		_cleanup_free_ char *t = str_trim(e->valuestring);
		if (t && *t)
			cs_strv_push(out, t);
	}
	cJSON_Delete(j);
}

/* A segment starting with '.' (but not "." or ".."), or node_modules. */
static bool hidden_entry(const char *entry)
{
	for (const char *p = entry; *p;) {
		size_t n = strcspn(p, "/\\");
		if ((n == 12 && strncmp(p, "node_modules", 12) == 0) ||
		    (n > 0 && p[0] == '.' && !(n == 1 || (n == 2 && p[1] == '.'))))
			return true;
		p += n;
		while (*p == '/' || *p == '\\')
			p++;
	}
	return false;
}

static void scan_plugin(struct audit_ctx *a, const char *name, const char *dir)
{
	_cleanup_strv_ struct cs_strv entries = { 0 }, forced = { 0 };
	struct cs_strbuf escapes = { 0 };

	/* as OpenClaw: a hidden entry is reported as it is met, escapes once
	 * after; every entry inside the plugin is scanned first */
	manifest_entries(dir, &entries);
	for (size_t i = 0; i < entries.n; i++) {
		const char *e = entries.v[i];
		_cleanup_free_ char *joined = e[0] == '/' ? strdup(e) : cs_asprintf("%s/%s", dir, e);
		_cleanup_free_ char *path = joined ? cs_oc_normalize(joined) : NULL;
		size_t n = strlen(dir);
		if (!path)
			continue;
		if (strncmp(path, dir, n) != 0 || (path[n] != '/' && path[n] != '\0')) {
			cs_strbuf_printf(&escapes, "\n  - %s", e);
			continue;
		}
		if (hidden_entry(e)) {
			_cleanup_free_ char *title =
				cs_asprintf("Plugin \"%s\" entry path is hidden or node_modules", name);
			audit_add(a, "plugins.code_safety.entry_path", SEV_WARN, title ? title : name,
				  "Prefer extension entrypoints under normal source paths like dist/ or "
				  "src/.",
				  "Extension entry \"%s\" points to a hidden or node_modules path. Deep "
				  "code scan will cover this entry explicitly, but review this path choice "
				  "carefully.",
				  e);
		}
		cs_strv_push(&forced, path);
	}
	if (escapes.len) {
		_cleanup_free_ char *title =
			cs_asprintf("Plugin \"%s\" has extension entry path traversal", name);
		audit_add(a, "plugins.code_safety.entry_escape", SEV_CRITICAL, title ? title : name,
			  "Update the plugin manifest so all openclaw.extensions entries stay inside "
			  "the plugin directory.",
			  "Found extension entries that escape the plugin directory:%s", escapes.s);
	}
	cs_strbuf_free(&escapes);
	struct code_scan s;
	if (code_scan_dir(dir, &forced, &s) < 0) {
		_cleanup_free_ char *title = cs_asprintf("Plugin \"%s\" code scan failed", name);
		audit_add(a, "plugins.code_safety.scan_failed", SEV_WARN, title ? title : name,
			  "Check the plugin directory's permissions and re-run the deep audit.",
			  "Could not scan %s: %s", s.error_path ? s.error_path : dir, strerror(s.error));
		code_scan_free(&s);
		return;
	}
	struct cs_strbuf lines = { 0 };
	unsigned crit = hit_lines(&s, true, &lines);
	if (crit) {
		_cleanup_free_ char *title =
			cs_asprintf("Plugin \"%s\" contains dangerous code patterns", name);
		audit_add(a, "plugins.code_safety", SEV_CRITICAL, title ? title : name,
			  "Review the plugin source code carefully before use. If untrusted, remove "
			  "the plugin from your OpenClaw extensions state directory.",
			  "Found %u critical issue(s) in %u scanned file(s):%s", crit, s.scanned_files,
			  lines.s);
	} else {
		unsigned warn = hit_lines(&s, false, &lines);
		_cleanup_free_ char *title =
			cs_asprintf("Plugin \"%s\" contains suspicious code patterns", name);
		if (warn)
			audit_add(a, "plugins.code_safety", SEV_WARN, title ? title : name,
				  "Review the flagged code to ensure it is intentional and safe.",
				  "Found %u warning(s) in %u scanned file(s):%s", warn, s.scanned_files,
				  lines.s);
	}
	cs_strbuf_free(&lines);
	code_scan_free(&s);
}

void check_plugins_code_safety(struct audit_ctx *a)
{
	_cleanup_free_ char *ext = cs_asprintf("%s/extensions", a->state_dir);
	_cleanup_strv_ struct cs_strv names = { 0 };
	if (!ext)
		return;
	int r = list_subdirs(ext, &names);
	if (r < 0) {
		if (r != -ENOENT && r != -ENOTDIR)
			audit_add(a, "plugins.code_safety.scan_failed", SEV_WARN,
				  "Plugin extensions directory scan failed",
				  "Check the extensions directory's permissions and re-run the deep "
				  "audit.",
				  "Could not read %s: %s", ext, strerror(-r));
		return;
	}
	for (size_t i = 0; i < names.n; i++) {
		_cleanup_free_ char *dir = cs_asprintf("%s/%s", ext, names.v[i]);
		if (dir)
			scan_plugin(a, names.v[i], dir);
	}
}

/* ---- skills -------------------------------------------------------------------- */

struct found_skill {
	char *name;
	char *dir;
};

struct found_skills {
	struct found_skill *v;
	size_t n, cap;
};

/* Later sources override earlier ones by name, keeping the first position. */
static void remember_skill(struct found_skills *fs, const char *name, const char *dir)
{
	for (size_t i = 0; i < fs->n; i++) {
		if (strcmp(fs->v[i].name, name) == 0) {
			char *d = strdup(dir);
			if (d) {
				free(fs->v[i].dir);
				fs->v[i].dir = d;
			}
			return;
		}
	}
	struct found_skill *v = cs_grow(fs->v, &fs->cap, fs->n, sizeof(*v), 8);
	if (!v)
		return;
	fs->v = v;
	fs->v[fs->n] = (struct found_skill){ strdup(name), strdup(dir) };
	if (fs->v[fs->n].name && fs->v[fs->n].dir)
		fs->n++;
}

static char *skill_name(const struct cs_skill_entry *e)
{
	struct cs_skill sk = { 0 };
	struct cs_diags d = { 0 };
	char *name = NULL;
	if (cs_skill_load(e->file, &sk, &d) == 0 && sk.name && *sk.name)
		name = strdup(sk.name);
	cs_skill_free(&sk);
	cs_diags_free(&d);
	if (!name) {
		const char *slash = strrchr(e->dir, '/');
		name = strdup(slash ? slash + 1 : e->dir);
	}
	return name;
}

static void add_root(struct found_skills *fs, const char *root)
{
	struct cs_skillset set = { 0 };
	struct cs_diags d = { 0 };
	if (cs_skillset_add(&set, root, "deep", false, &d) == 0)
		for (size_t i = 0; i < set.n; i++) {
			_cleanup_free_ char *name = skill_name(&set.v[i]);
			if (name)
				remember_skill(fs, name, set.v[i].dir);
		}
	cs_skillset_free(&set);
	cs_diags_free(&d);
}

/* The workspace of an agent: agents.list[].workspace, agents.defaults.workspace
 * for the default agent, ~/.openclaw/workspace, or <state>/workspace-<id>. */
static char *agent_workspace(const struct audit_ctx *a, const char *id, bool is_default)
{
	const char *ws = cfg_str(agent_entry(a->cfg, id), "workspace");
	if (ws && *ws)
		return cs_oc_resolve(ws, a->home);
	if (is_default)
		return cs_oc_workspace(a->cfg);
	return cs_asprintf("%s/workspace-%s", a->state_dir, id);
}

static void collect_skills(struct audit_ctx *a, struct found_skills *fs)
{
	_cleanup_strv_ struct cs_strv agents = { 0 }, roots = { 0 };
	const cJSON *extra = cfg_at(a->cfg, "skills.load.extraDirs");
	const cJSON *e;

	oc_agent_ids(a->cfg, &agents);
	for (size_t i = 0; i < agents.n; i++) {
		_cleanup_free_ char *ws = agent_workspace(a, agents.v[i], i == 0);
		cJSON_ArrayForEach(e, array_or_null(extra)) {
			if (cJSON_IsString(e) && !str_blank(e->valuestring))
				cs_strv_push_owned(&roots, cs_oc_resolve(e->valuestring, a->home));
		}
		cs_strv_push_owned(&roots, cs_asprintf("%s/skills", a->state_dir));
		cs_strv_push_owned(&roots, cs_asprintf("%s/.agents/skills", a->home));
		if (ws) {
			cs_strv_push_owned(&roots, cs_asprintf("%s/.agents/skills", ws));
			cs_strv_push_owned(&roots, cs_asprintf("%s/skills", ws));
		}
	}
	for (size_t i = 0; i < roots.n; i++)
		add_root(fs, roots.v[i]);
}

static void scan_skill(struct audit_ctx *a, const struct found_skill *sk)
{
	struct code_scan s;
	if (code_scan_dir(sk->dir, NULL, &s) < 0) {
		_cleanup_free_ char *title = cs_asprintf("Skill \"%s\" code scan failed", sk->name);
		audit_add(a, "skills.code_safety.scan_failed", SEV_WARN, title ? title : sk->name,
			  "Check the skill directory's permissions and re-run the deep audit.",
			  "Could not scan %s: %s", s.error_path ? s.error_path : sk->dir,
			  strerror(s.error));
		code_scan_free(&s);
		return;
	}
	struct cs_strbuf lines = { 0 };
	unsigned crit = hit_lines(&s, true, &lines);
	if (crit) {
		_cleanup_free_ char *title =
			cs_asprintf("Skill \"%s\" contains dangerous code patterns", sk->name);
		_cleanup_free_ char *fix = cs_asprintf(
			"Review the skill source code before use. If untrusted, remove \"%s\".", sk->dir);
		audit_add(a, "skills.code_safety", SEV_CRITICAL, title ? title : sk->name, fix,
			  "Found %u critical issue(s) in %u scanned file(s) under %s:%s", crit,
			  s.scanned_files, sk->dir, lines.s);
	} else {
		unsigned warn = hit_lines(&s, false, &lines);
		_cleanup_free_ char *title =
			cs_asprintf("Skill \"%s\" contains suspicious code patterns", sk->name);
		if (warn)
			audit_add(a, "skills.code_safety", SEV_WARN, title ? title : sk->name,
				  "Review flagged lines to ensure the behavior is intentional and safe.",
				  "Found %u warning(s) in %u scanned file(s) under %s:%s", warn,
				  s.scanned_files, sk->dir, lines.s);
	}
	cs_strbuf_free(&lines);
	code_scan_free(&s);
}

void check_skills_code_safety(struct audit_ctx *a)
{
	struct found_skills fs = { 0 };
	_cleanup_free_ char *ext = cs_asprintf("%s/extensions/", a->state_dir);

	collect_skills(a, &fs);
	for (size_t i = 0; i < fs.n; i++) {
		/* skills shipped inside plugins are the plugin scan's business */
		if (!ext || strncmp(fs.v[i].dir, ext, strlen(ext)) != 0)
			scan_skill(a, &fs.v[i]);
		free(fs.v[i].name);
		free(fs.v[i].dir);
	}
	free(fs.v);
}
