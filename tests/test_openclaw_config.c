/* clawpolicy openclaw: golden files for the agents.list[] entry and the
 * agent table it prints (tests/fixtures/openclaw/NAME.json, with the source
 * tree written as @SRC@), every allowed tool checked against the tier
 * table, and the sandbox variant with its OCI profile. */
#include "clawshim/caps.h"
#include "clawshim/frontmatter.h"
#include "clawshim/tiers.h"
#include "clawshim/util.h"
#include "proc.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLAWPOLICY CS_BUILDDIR "/bin/clawpolicy"
#define FIX CS_SRCDIR "/tests/fixtures/openclaw"

/* Inline strings: Criterion hands parameters to a fresh process, where
 * pointers into this one would not hold. */
struct golden {
	char name[32];
	char skills[3][256];
};

static const struct golden goldens[] = {
	{ "notes-sync", { CS_SRCDIR "/examples/skills/notes-sync" } },
	{ "markdown-tidy", { CS_SRCDIR "/examples/skills/markdown-tidy" } },
	{ "two-skills",
	  { CS_SRCDIR "/examples/skills/notes-sync", CS_SRCDIR "/examples/skills/markdown-tidy" } },
	{ "prompt-only", { FIX "/skills/prompt-only" } },
	{ "web-digest", { FIX "/skills/web-digest" } },
};

static struct result openclaw(const struct golden *g)
{
	char *argv[16] = { CLAWPOLICY, "openclaw", "--agent", "community", "--workspace",
			   "/srv/openclaw/workspace-community", "--node", "0123abcd", "--log",
			   "/srv/openclaw/logs/security.jsonl" };
	size_t n = 10;
	for (size_t i = 0; i < 3 && g->skills[i][0]; i++)
		argv[n++] = (char *)g->skills[i];
	return run(argv, NULL);
}

/* out with every occurrence of the source tree replaced by @SRC@. */
static char *portable(const char *out)
{
	struct cs_strv parts = { 0 };
	size_t sl = strlen(CS_SRCDIR), len = 1;
	const char *p = out, *hit;
	while ((hit = strstr(p, CS_SRCDIR))) {
		cs_strv_push_owned(&parts, strndup(p, (size_t)(hit - p)));
		cs_strv_push(&parts, "@SRC@");
		p = hit + sl;
	}
	cs_strv_push(&parts, p);
	for (size_t i = 0; i < parts.n; i++)
		len += strlen(parts.v[i]);
	char *s = calloc(1, len);
	for (size_t i = 0; s && i < parts.n; i++)
		strcat(s, parts.v[i]);
	cs_strv_free(&parts);
	return s;
}

ParameterizedTestParameters(openclaw_config, golden)
{
	return cr_make_param_array(struct golden, goldens, sizeof(goldens) / sizeof(goldens[0]));
}

ParameterizedTest(const struct golden *g, openclaw_config, golden)
{
	struct result r = openclaw(g);
	cr_assert_eq(r.status, 0, "status %d: %s%s", r.status, r.err, r.out);
	_cleanup_free_ char *got = portable(r.out);
	_cleanup_free_ char *path = cs_asprintf("%s/%s.json", FIX, g->name);
	char *want = NULL;
	size_t n;
	cr_assert_eq(cs_read_file(path, 1 << 20, &want, &n), 0, "%s", path);
	cr_assert_str_eq(got, want, "%s differs:\n%s", path, got);
	free(want);
}

/* tools.allow is exactly what the tier table unlocks for the union of the
 * skills' capabilities, and exec goes to the node exactly when shell is in. */
ParameterizedTestParameters(openclaw_config, allow_matches_the_tiers)
{
	return cr_make_param_array(struct golden, goldens, sizeof(goldens) / sizeof(goldens[0]));
}

ParameterizedTest(const struct golden *g, openclaw_config, allow_matches_the_tiers)
{
	struct result r = openclaw(g);
	cr_assert_eq(r.status, 0, "status %d: %s%s", r.status, r.err, r.out);
	cJSON *doc = cJSON_Parse(r.out);
	cr_assert_not_null(doc);
	cs_capset caps = 0;
	for (size_t i = 0; i < 3 && g->skills[i][0]; i++) {
		struct cs_skill s;
		cr_assert_eq(cs_skill_load(g->skills[i], &s, NULL), 0);
		caps |= s.caps;
		cs_skill_free(&s);
	}
	const cJSON *tools = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "agent"), "tools");
	const cJSON *allow = cJSON_GetObjectItem(tools, "allow"), *t;
	size_t listed = 0;
	cJSON_ArrayForEach(t, allow) {
		struct cs_gate_verdict v;
		cs_tool_gate(caps, t->valuestring, &v);
		cr_assert(v.allowed, "%s is allowed but the tiers deny it", t->valuestring);
		listed++;
	}
	for (size_t i = 0; i < cs_tool_matrix_len; i++) {
		const struct cs_tool_row *row = &cs_tool_matrix[i];
		struct cs_gate_verdict v;
		cs_tool_gate(caps, row->tool, &v);
		bool allowed = v.allowed;
		bool in = false;
		cJSON_ArrayForEach(t, allow) in |= strcmp(t->valuestring, row->tool) == 0;
		cr_assert_eq(allowed, in, "%s: tiers say %d, tools.allow says %d", row->tool, allowed, in);
	}
	cr_assert_gt(listed, 0);
	const cJSON *exec = cJSON_GetObjectItem(tools, "exec");
	cr_assert_eq(exec != NULL, cs_capset_has(caps, CS_CAP_SHELL));
	if (exec)
		cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(exec, "host")), "node");
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(tools, "elevated"), "enabled")));
	cJSON_Delete(doc);
}

Test(openclaw_config, oci_adds_a_docker_sandbox_with_the_seccomp_profile)
{
	char dir[] = "/tmp/clawshim-occfg-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	_cleanup_free_ char *oci = cs_asprintf("%s/community.seccomp.json", dir);
	char *argv[] = { CLAWPOLICY, "openclaw", "--agent", "community", "--oci", oci,
			 CS_SRCDIR "/examples/skills/notes-sync", NULL };
	struct result r = run(argv, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cJSON *doc = cJSON_Parse(r.out);
	const cJSON *docker = cJSON_GetObjectItem(
		cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "agent"), "sandbox"), "docker");
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(docker, "seccompProfile")), oci);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(docker, "network")), "none");
	cJSON_Delete(doc);
	char *text = NULL;
	size_t n;
	cr_assert_eq(cs_read_file(oci, 1 << 20, &text, &n), 0);
	cJSON *prof = cJSON_Parse(text);
	free(text);
	cr_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(prof, "defaultAction")),
			 "SCMP_ACT_ERRNO");
	cJSON_Delete(prof);
	_cleanup_free_ char *rm = cs_asprintf("rm -rf '%s'", dir);
	cr_assert_eq(system(rm), 0);
}

Test(openclaw_config, bad_input_is_named)
{
	char *no_agent[] = { CLAWPOLICY, "openclaw", CS_SRCDIR "/examples/skills/notes-sync", NULL };
	struct result r = run(no_agent, NULL);
	cr_assert_eq(r.status, 2);
	cr_assert_not_null(strstr(r.err, "--agent"), "%s", r.err);
	char *missing[] = { CLAWPOLICY, "openclaw", "--agent", "a", "/nonexistent/skill", NULL };
	r = run(missing, NULL);
	cr_assert_eq(r.status, 1);
	cr_assert_not_null(strstr(r.err, "/nonexistent/skill"), "%s", r.err);
	cr_assert_str_eq(r.out, "");
}
