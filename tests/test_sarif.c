/* SARIF logs and config key positions (auditor/sarif.c, auditor/configpos.c)
 * and the Kubernetes export's names and shape (policy/k8s_export.c). The
 * official validator runs on real logs in tests/integration/sarif.sh. */
#include "../auditor/configpos.h"
#include "../auditor/sarif.h"
#include "clawshim/k8s.h"
#include "clawshim/profile.h"
#include "clawshim/util.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/clawshim-sarif-test-XXXXXX";

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char *cmd = cs_asprintf("rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
}

static char *write_file(const char *name, const char *text)
{
	char *path = cs_asprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
	return path;
}

TestSuite(configpos, .init = setup, .fini = teardown);

/* Keys, not values: identifier keys, quoted keys with escapes, keys after
 * comments on the line before, array elements at their value. */
Test(configpos, points_at_keys)
{
	static const struct {
		const char *path;
		unsigned line, col;
	} want[] = {
		{ "$.gateway", 3, 3 },
		{ "$.gateway.bind", 4, 5 },
		{ "$.gateway.auth.token", 5, 24 },
		{ "$[\"odd \\\"key\\\"\"]", 7, 3 },
		{ "$.list[1]", 8, 14 },
		{ "$[\"über\"]", 9, 3 },
		{ "$.after", 10, 11 },
	};
	char *file = write_file("c.json5", "// comment\n"
					   "{\n"
					   "  gateway: {\n"
					   "    bind: \"lan\",\n"
					   "    auth: { mode: \"x\", token: \"t\" },\n"
					   "  },\n"
					   "  \"odd \\\"key\\\"\": 1,\n"
					   "  list: [ 1, \"two\" ],\n"
					   "  über: 2,\n"
					   "  \"é\": 1, after: 3,\n"
					   "}\n");
	struct config_positions ps = { 0 };

	cr_assert_eq(config_positions_add(&ps, file, "$"), 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct config_pos *p = config_positions_find(&ps, want[i].path);
		cr_assert_not_null(p, "%s", want[i].path);
		cr_expect_eq(p->line, want[i].line, "%s: line %u", want[i].path, p->line);
		cr_expect_eq(p->col, want[i].col, "%s: col %u", want[i].path, p->col);
		cr_expect_str_eq(p->file, file);
	}
	cr_expect_null(config_positions_find(&ps, "$.missing"));
	config_positions_free(&ps);
	free(file);
}

/* An $include's keys land where the include sits; the later file wins. */
Test(configpos, includes_are_rebased)
{
	char *main = write_file("main.json5", "{ channels: { $include: \"./ch.json5\" } }\n");
	char *inc = write_file("ch.json5", "{\n  whatsapp: { groupPolicy: \"open\" },\n}\n");
	struct config_positions ps = { 0 };

	cr_assert_eq(config_positions_add(&ps, main, "$"), 0);
	cr_assert_eq(config_positions_add(&ps, inc, "$.channels"), 0);
	const struct config_pos *p = config_positions_find(&ps, "$.channels.whatsapp.groupPolicy");
	cr_assert_not_null(p);
	cr_expect_str_eq(p->file, inc);
	cr_expect_eq(p->line, 2);
	cr_expect_eq(p->col, 15);
	/* unreadable or broken files add nothing and are no error */
	char *broken = write_file("broken.json5", "{ a: ");
	size_t n = ps.n;
	cr_expect_eq(config_positions_add(&ps, broken, "$"), 0);
	cr_expect_eq(config_positions_add(&ps, "/nonexistent/x.json5", "$"), 0);
	cr_expect_eq(ps.n, n);
	config_positions_free(&ps);
	free(main);
	free(inc);
	free(broken);
}

static const cJSON *at(const cJSON *v, const char *path)
{
	char *copy = strdup(path), *save = NULL;
	for (char *seg = strtok_r(copy, ".", &save); v && seg; seg = strtok_r(NULL, ".", &save))
		v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, atoi(seg))
				     : cJSON_GetObjectItemCaseSensitive(v, seg);
	free(copy);
	return v;
}

TestSuite(sarif, .init = setup, .fini = teardown);

/* Levels from severities, one rule per checkId, results at the key (from
 * the table, from the detail, from the checkId's prefix) or the file. */
Test(sarif, audit_log)
{
	char *cfg = write_file("openclaw.json", "{\n"
						"  logging: { redactSensitive: \"off\" },\n"
						"  agents: { defaults: { sandbox: { docker: { network: \"host\" } } } },\n"
						"  channels: { discord: { commands: { native: true } } },\n"
						"}\n");
	struct finding v[] = {
		{ "logging.redact_off", SEV_WARN, "Redaction off", "detail", "Set it" },
		{ "sandbox.dangerous_network_mode", SEV_CRITICAL, "Host network",
		  "agents.defaults.sandbox.docker.network is \"host\": bad", NULL },
		{ "channels.discord.commands.native.unrestricted", SEV_INFO, "Native", "d", NULL },
		{ "fs.config.perms_world_readable", SEV_CRITICAL, "Readable",
		  "/etc/x.json mode=644; config", "chmod" },
		{ "logging.redact_off", SEV_WARN, "Redaction off", "again", "Set it" },
		{ "summary.attack_surface", SEV_INFO, "Summary", "nothing named", NULL },
	};
	struct findings f = { .v = v, .n = sizeof(v) / sizeof(v[0]) };
	struct config_positions keys = { 0 };
	cr_assert_eq(config_positions_add(&keys, cfg, "$"), 0);
	struct sarif_audit_source src = { cfg, &keys };
	cJSON *log = sarif_audit_log(&f, &src);
	cr_assert_not_null(log);

	cr_expect_str_eq(cJSON_GetStringValue(at(log, "version")), "2.1.0");
	const cJSON *run = at(log, "runs.0");
	cr_expect_eq(cJSON_GetArraySize(at(run, "tool.driver.rules")), 5);
	cr_expect_str_eq(cJSON_GetStringValue(at(run, "tool.driver.rules.0.help.text")), "Set it");
	cr_expect_str_eq(cJSON_GetStringValue(at(run, "tool.driver.rules.1.properties.security-severity")),
			 "9.0");
	static const struct {
		const char *level;
		int rule, line, col;
	} want[] = {
		{ "warning", 0, 2, 14 }, { "error", 1, 3, 46 }, { "note", 2, 4, 38 },
		{ "error", 3, 0, 0 },    { "warning", 0, 2, 14 }, { "note", 4, 0, 0 },
	};
	const cJSON *results = at(run, "results");
	cr_assert_eq(cJSON_GetArraySize(results), 6);
	for (int i = 0; i < 6; i++) {
		const cJSON *r = cJSON_GetArrayItem(results, i);
		const cJSON *loc = at(r, "locations.0.physicalLocation");
		cr_expect_str_eq(cJSON_GetStringValue(at(r, "level")), want[i].level, "result %d", i);
		cr_expect_eq(at(r, "ruleIndex")->valueint, want[i].rule, "result %d", i);
		if (want[i].line) {
			cr_expect_eq(at(loc, "region.startLine")->valueint, want[i].line, "result %d", i);
			cr_expect_eq(at(loc, "region.startColumn")->valueint, want[i].col, "result %d", i);
		} else {
			cr_expect_null(at(loc, "region"), "result %d", i);
		}
	}
	/* the permission finding sits at the file it names */
	cr_expect_str_eq(cJSON_GetStringValue(at(results, "3.locations.0.physicalLocation.artifactLocation.uri")),
			 "file:///etc/x.json");
	cJSON_Delete(log);
	config_positions_free(&keys);
	free(cfg);
}

/* Relative paths become relative URIs against %SRCROOT%, escaped. */
Test(sarif, relative_uris)
{
	struct finding v[] = { { "x.y", SEV_INFO, "t", "d", NULL } };
	struct findings f = { .v = v, .n = 1 };
	struct sarif_audit_source src = { "./my dir/open#claw.json", NULL };
	cJSON *log = sarif_audit_log(&f, &src);
	const cJSON *a = at(log, "runs.0.results.0.locations.0.physicalLocation.artifactLocation");

	cr_expect_str_eq(cJSON_GetStringValue(at(a, "uri")), "my%20dir/open%23claw.json");
	cr_expect_str_eq(cJSON_GetStringValue(at(a, "uriBaseId")), "%SRCROOT%");
	const char *base = cJSON_GetStringValue(at(log, "runs.0.originalUriBaseIds.%SRCROOT%.uri"));
	cr_assert_not_null(base);
	cr_expect(strncmp(base, "file:///", 8) == 0 && base[strlen(base) - 1] == '/', "%s", base);
	cJSON_Delete(log);
}

TestSuite(k8s);

Test(k8s, names_are_dns_subdomains)
{
	static const struct {
		const char *skill, *name;
	} cases[] = {
		{ "weather", "clawshim-weather" },
		{ "Weather Bot!", "clawshim-weather-bot" },
		{ "a__b--c", "clawshim-a-b-c" },
		{ "v1.2", "clawshim-v1.2" },
		{ "-.-", "clawshim" },
		{ NULL, "clawshim-profile" },
		{ "", "clawshim-profile" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cs_profile p = { .skill = (char *)cases[i].skill };
		char *name = cs_k8s_name(&p);
		cr_expect_str_eq(name, cases[i].name, "%s", cases[i].skill ? cases[i].skill : "NULL");
		free(name);
	}
	char long_skill[400];
	memset(long_skill, 'a', sizeof(long_skill) - 1);
	long_skill[sizeof(long_skill) - 1] = '\0';
	struct cs_profile p = { .skill = long_skill };
	char *name = cs_k8s_name(&p);
	cr_expect_eq(strlen(name), 253);
	free(name);
}

/* The OCI rules under apiVersion/kind/metadata/spec; the CRD has no
 * defaultErrnoRet and requires spec.disabled. */
Test(k8s, resource_shape)
{
	static const char text[] = "{ \"version\": 1, \"skill\": \"notes\", \"capabilities\": [] }";
	struct cs_profile p;
	struct cs_diags d = { 0 };
	struct cs_strv notes = { 0 };

	cr_assert_eq(cs_profile_parse(text, strlen(text), "p.json", &p, &d), 0);
	cJSON *r = cs_k8s_export(&p, &notes);
	cr_assert_not_null(r);
	cr_expect_str_eq(cJSON_GetStringValue(at(r, "apiVersion")), CS_K8S_API_VERSION);
	cr_expect_str_eq(cJSON_GetStringValue(at(r, "kind")), "SeccompProfile");
	cr_expect_str_eq(cJSON_GetStringValue(at(r, "metadata.name")), "clawshim-notes");
	cr_expect(cJSON_IsFalse(at(r, "spec.disabled")));
	cr_expect_null(at(r, "spec.defaultErrnoRet"));
	cr_expect_str_eq(cJSON_GetStringValue(at(r, "spec.defaultAction")), "SCMP_ACT_ERRNO");
	cr_expect_gt(cJSON_GetArraySize(at(r, "spec.syscalls")), 1);
	cr_expect_gt(notes.n, 0);
	cJSON_Delete(r);
	cs_strv_free(&notes);
	cs_profile_free(&p);
	cs_diags_free(&d);
}
