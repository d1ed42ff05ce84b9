/* clawaudit's clawshim.* checks on real state dirs: an agent with community
 * skills whose exec stays on the gateway host, tools.allow wider than its
 * skills' capabilities, elevated exec, an unpinned node, and agent tables
 * others can rewrite; and silence where clawshim is not in use. */
#include "clawshim/util.h"
#include "proc.h"
#include "tmpdir.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLAWAUDIT CS_BUILDDIR "/bin/clawaudit"

static const char *root;
static char state[96], ws[96];

static void put(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
	cr_assert_eq(chmod(path, mode), 0);
}

static void mkdirs(const char *base, const char *sub)
{
	_cleanup_free_ char *cmd = cs_asprintf("mkdir -p '%s/%s'", base, sub);
	cr_assert_eq(system(cmd), 0);
}

static void setup(void)
{
	root = tmpdir_make("/tmp/clawaudit-clawshim-XXXXXX");
	snprintf(state, sizeof(state), "%s/state", root);
	snprintf(ws, sizeof(ws), "%s/ws-community", root);
	cr_assert_eq(mkdir(state, 0700), 0);
	mkdirs(ws, "skills/notes-sync");
	_cleanup_free_ char *skill = cs_asprintf("%s/skills/notes-sync/SKILL.md", ws);
	put(skill,
	    "---\nname: notes-sync\ndescription: notes\n"
	    "metadata: {\"openclaw\": {\"capabilities\": [\"shell\", \"filesystem\"]}}\n---\n# n\n",
	    0644);
}

TestSuite(audit_clawshim, .init = setup, .fini = tmpdir_remove);

/* agents.list holds the community agent with the given tools block. */
static void config(const char *tools)
{
	_cleanup_free_ char *p = cs_asprintf("%s/openclaw.json", state);
	_cleanup_free_ char *text = cs_asprintf(
		"{ gateway: { auth: { token: '0123456789abcdef0123456789abcdef' } },\n"
		"  agents: { list: [ { id: 'main', default: true },\n"
		"    { id: 'community', workspace: '%s', skills: ['notes-sync'], tools: %s } ] } }\n",
		ws, tools);
	put(p, text, 0600);
}

/* The clawshim.* findings, as "checkId|detail" lines. */
static char *clawshim_findings(void)
{
	_cleanup_free_ char *eh = cs_asprintf("HOME=%s", root);
	_cleanup_free_ char *es = cs_asprintf("OPENCLAW_STATE_DIR=%s", state);
	char *env[] = { eh, es, "PATH=/usr/bin:/bin", "NO_COLOR=1", NULL };
	char *argv[] = { CLAWAUDIT, "--json", NULL };
	struct result r = run(argv, env);
	cJSON *doc = cJSON_Parse(r.out);
	cr_assert_not_null(doc, "status %d: %s", r.status, r.err);
	struct cs_strbuf_local {
		char *s;
		size_t n;
	} acc = { calloc(1, 1), 0 };
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(doc, "findings")) {
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(f, "checkId"));
		if (strncmp(id, "clawshim.", 9) != 0)
			continue;
		_cleanup_free_ char *line = cs_asprintf(
			"%s|%s|%s\n", id, cJSON_GetStringValue(cJSON_GetObjectItem(f, "severity")),
			cJSON_GetStringValue(cJSON_GetObjectItem(f, "detail")));
		acc.s = realloc(acc.s, acc.n + strlen(line) + 1);
		strcpy(acc.s + acc.n, line);
		acc.n += strlen(line);
	}
	cJSON_Delete(doc);
	return acc.s;
}

Test(audit_clawshim, silent_where_clawshim_is_not_in_use)
{
	config("{}");
	_cleanup_free_ char *got = clawshim_findings();
	cr_assert_str_eq(got, "");
}

Test(audit_clawshim, a_confined_agent_passes)
{
	config("{ allow: ['read', 'exec', 'process', 'write', 'edit'], exec: { host: 'node', node: "
	       "'abc' }, elevated: { enabled: false } }");
	_cleanup_free_ char *got = clawshim_findings();
	cr_assert_str_eq(got, "");
}

Test(audit_clawshim, exec_on_the_gateway_host_is_reported_once_clawshim_is_in_use)
{
	config("{ allow: ['read', 'exec'] }");
	mkdirs(state, "clawshim");
	_cleanup_free_ char *t = cs_asprintf("%s/clawshim/node.json5", state);
	put(t, "{ agents: {}, default: 'refuse' }\n", 0600);
	_cleanup_free_ char *got = clawshim_findings();
	cr_assert_not_null(strstr(got, "clawshim.exec.unconfined|warn|agents.list[id=community] uses "
				       "notes-sync; its exec host is gateway (the default)."),
			   "%s", got);
	/* the table is the user's own, not root's */
	if (geteuid() != 0)
		cr_assert_not_null(strstr(got, "clawshim.policy.user_owned|warn|"), "%s", got);
}

Test(audit_clawshim, allow_wider_than_the_skills_and_an_unpinned_node)
{
	config("{ allow: ['read', 'exec', 'web_fetch', 'nodes'], exec: { host: 'node' }, "
	       "elevated: { enabled: true } }");
	_cleanup_free_ char *got = clawshim_findings();
	cr_assert_not_null(strstr(got, "clawshim.tools.allow_wider|warn|agents.list[id=community] uses "
				       "notes-sync (capabilities: shell,filesystem); tools.allow also "
				       "grants web_fetch, nodes."),
			   "%s", got);
	cr_assert_not_null(strstr(got, "clawshim.exec.node_unpinned|warn|"), "%s", got);
	cr_assert_not_null(strstr(got, "clawshim.elevated.enabled|warn|"), "%s", got);
	cr_assert_null(strstr(got, "clawshim.exec.unconfined"), "%s", got);
}

Test(audit_clawshim, no_allow_list_offers_every_tool)
{
	config("{ exec: { host: 'node', node: 'abc' } }");
	_cleanup_free_ char *got = clawshim_findings();
	cr_assert_not_null(strstr(got, "clawshim.tools.allow_wider|warn|agents.list[id=community] uses "
				       "notes-sync (capabilities: shell,filesystem) and is offered every "
				       "tool."),
			   "%s", got);
}

Test(audit_clawshim, a_table_others_can_write_is_critical)
{
	config("{ allow: ['read', 'exec'], exec: { host: 'node', node: 'abc' } }");
	mkdirs(state, "clawshim");
	_cleanup_free_ char *t = cs_asprintf("%s/clawshim/node.json5", state);
	put(t, "{ agents: {}, default: 'refuse' }\n", 0666);
	_cleanup_free_ char *got = clawshim_findings();
	_cleanup_free_ char *want = cs_asprintf("clawshim.policy.writable|critical|The table %s is "
						"writable by group or others (mode 0666",
						t);
	cr_assert_not_null(strstr(got, want), "%s", got);
}
