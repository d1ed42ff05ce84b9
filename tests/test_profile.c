/* Profile JSON v1: every error class with its JSON path, placeholders,
 * defaults, round trips, hostile input and the shipped profiles. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clawshim/diag.h"
#include "clawshim/frontmatter.h"
#include "clawshim/profile.h"
#include "testutil.h"

static int parse(const char *text, struct cs_profile *p, struct cs_diags *d)
{
	return cs_profile_parse(text, strlen(text), "profile.json", p, d);
}

static bool has_error(const struct cs_diags *d, const char *want)
{
	for (size_t i = 0; i < d->n; i++) {
		char *m = cs_diag_format(&d->v[i]);
		bool hit = m && strstr(m, want);
		free(m);
		if (hit)
			return true;
	}
	return false;
}

static void expect_errors(const char *text, const char *const *want, size_t n_want)
{
	struct cs_profile p;
	struct cs_diags d = { 0 };
	cr_assert_eq(parse(text, &p, &d), -EINVAL, "%s", text);
	for (size_t i = 0; i < n_want; i++) {
		if (!has_error(&d, want[i])) {
			for (size_t j = 0; j < d.n; j++) {
				char *m = cs_diag_format(&d.v[j]);
				cr_log_error("got: %s", m);
				free(m);
			}
			cr_assert_fail("missing error '%s' for %s", want[i], text);
		}
	}
	cs_diags_free(&d);
}

#define EXPECT(text, ...)                                                                         \
	do {                                                                                      \
		const char *const w_[] = { __VA_ARGS__ };                                         \
		expect_errors(text, w_, sizeof(w_) / sizeof(w_[0]));                              \
	} while (0)

Test(profile, valid_full_profile)
{
	struct cs_profile p;
	struct cs_diags d = { 0 };
	cr_assert_eq(parse("{\"version\":1,\"skill\":\"w\",\"capabilities\":[\"shell\",\"network\","
			   "\"filesystem\"],\"filesystem\":{\"write\":[\"{workspace}\",\"/tmp\"]},"
			   "\"network\":{\"connect_tcp\":[443],\"gateway_port\":9000},\"exec\":{"
			   "\"allow\":[\"/usr/bin/curl\"]},\"log\":\"{state}/l.jsonl\","
			   "\"degraded\":\"allow\"}",
			   &p, &d),
		     0);
	cr_assert_str_eq(p.skill, "w");
	cr_assert_eq(p.n_ports, 1);
	cr_assert_eq(p.ports[0], 443);
	cr_assert_eq(p.gateway_port, 9000);
	cr_assert_eq(p.write.n, 2);
	cr_assert_eq(p.degraded, CS_DEGRADED_ALLOW);
	cs_profile_free(&p);
}

Test(profile, defaults)
{
	struct cs_profile p;
	cr_assert_eq(parse("{\"version\":1,\"capabilities\":[\"network\"]}", &p, NULL), 0);
	cr_assert_eq(p.n_ports, 2);
	cr_assert(cs_profile_port_allowed(&p, 80) && cs_profile_port_allowed(&p, 443));
	cr_assert_not(cs_profile_port_allowed(&p, 18789));
	cr_assert_eq(p.gateway_port, CS_DEFAULT_GATEWAY_PORT);
	cr_assert_eq(p.degraded, CS_DEGRADED_FAIL);
	cs_profile_free(&p);
}

Test(profile, error_classes_name_the_json_path)
{
	EXPECT("{\"version\":1,\"capabilities\":[],\"colour\":1}", "profile.json: $.colour: unknown key");
	EXPECT("{\"version\":1,\"capabilities\":[],\"network\":{\"ports\":[1]}}",
	       "$.network.ports: unknown key");
	EXPECT("{\"version\":1,\"capabilities\":[],\"capabilities\":[]}", "$.capabilities: duplicate key");
	EXPECT("{\"version\":1,\"capabilities\":[\"network\"],\"network\":{\"connect_tcp\":[1],"
	       "\"connect_tcp\":[2]}}",
	       "$.network.connect_tcp: duplicate key");
	EXPECT("{\"version\":\"1\",\"capabilities\":[]}", "$.version: must be a number, not a string");
	EXPECT("{\"version\":2,\"capabilities\":[]}", "$.version: version 2 is not supported");
	EXPECT("{\"capabilities\":[]}", "$.version: is required");
	EXPECT("{\"version\":1}", "$.capabilities: is required");
	EXPECT("{\"version\":1,\"capabilities\":\"shell\"}", "$.capabilities: must be an array");
	EXPECT("{\"version\":1,\"capabilities\":[\"shell\",\"teleport\"]}",
	       "$.capabilities[1]: unknown capability 'teleport'");
	EXPECT("{\"version\":1,\"capabilities\":[\"shell\",\"shell\"]}", "$.capabilities[1]: capability 'shell' is listed twice");
	EXPECT("{\"version\":1,\"capabilities\":[\"network\"],\"network\":{\"connect_tcp\":[80,443,70000]}}",
	       "profile.json: $.network.connect_tcp[2]: port 70000 out of range");
	EXPECT("{\"version\":1,\"capabilities\":[\"network\"],\"network\":{\"connect_tcp\":[0]}}",
	       "$.network.connect_tcp[0]: port 0 out of range");
	EXPECT("{\"version\":1,\"capabilities\":[\"network\"],\"network\":{\"connect_tcp\":[80.5]}}",
	       "$.network.connect_tcp[0]: port 80.5 is not an integer");
	EXPECT("{\"version\":1,\"capabilities\":[\"network\"],\"network\":{\"connect_tcp\":[\"80\"]}}",
	       "$.network.connect_tcp[0]: must be a port number");
	EXPECT("{\"version\":1,\"capabilities\":[\"network\"],\"network\":{\"connect_tcp\":[18789]}}",
	       "$.network.connect_tcp[0]: port 18789 is the gateway's port");
	EXPECT("{\"version\":1,\"capabilities\":[\"network\"],\"network\":{\"connect_tcp\":[80,80]}}",
	       "$.network.connect_tcp[1]: port 80 is listed twice");
	EXPECT("{\"version\":1,\"capabilities\":[],\"network\":{\"gateway_port\":-1}}",
	       "$.network.gateway_port: port -1 out of range");
	EXPECT("{\"version\":1,\"capabilities\":[\"filesystem\"],\"filesystem\":{\"write\":[\"tmp\"]}}",
	       "$.filesystem.write[0]: 'tmp' is a relative path");
	EXPECT("{\"version\":1,\"capabilities\":[\"filesystem\"],\"filesystem\":{\"write\":[\"{root}/x\"]}}",
	       "$.filesystem.write[0]: '{root}/x' starts with an unknown placeholder");
	EXPECT("{\"version\":1,\"capabilities\":[\"filesystem\"],\"filesystem\":{\"write\":[\"/a/../etc\"]}}",
	       "contains a '..' step");
	EXPECT("{\"version\":1,\"capabilities\":[\"filesystem\"],\"filesystem\":{\"write\":[\"/a/{workspace}\"]}}",
	       "a placeholder may only start a path");
	EXPECT("{\"version\":1,\"capabilities\":[\"shell\"],\"exec\":{\"allow\":[\"curl\"]}}",
	       "$.exec.allow[0]: 'curl' is a relative path");
	EXPECT("{\"version\":1,\"capabilities\":[],\"exec\":{\"allow\":[\"/usr/bin/curl\"]}}",
	       "$.exec: is set, but capability 'shell' is not declared");
	EXPECT("{\"version\":1,\"capabilities\":[],\"filesystem\":{\"write\":[\"/tmp\"]}}",
	       "$.filesystem: is set, but capability 'filesystem' is not declared");
	EXPECT("{\"version\":1,\"capabilities\":[],\"log\":\"rel.log\"}", "$.log: 'rel.log' is a relative path");
	EXPECT("{\"version\":1,\"capabilities\":[],\"degraded\":\"maybe\"}",
	       "$.degraded: must be \"fail\" or \"allow\"");
	EXPECT("[1,2]", "profile.json: $: must be an object, not an array");
	EXPECT("{\"version\":1,\"capabilities\":[]", "profile.json:1:");
	EXPECT("{\"version\":1,\n\"capabilities\":[]}\ntrailing", "profile.json:");
}

Test(profile, lint_reports_every_error_at_once)
{
	struct cs_profile p;
	struct cs_diags d = { 0 };
	cr_assert_lt(parse("{\"version\":3,\"capabilities\":[\"x\"],\"bogus\":1,\"log\":\"r\"}", &p, &d), 0);
	cr_assert_geq(d.n, 4);
	cs_diags_free(&d);
}

Test(profile, hostile_input)
{
	struct cs_profile p;
	struct cs_diags d = { 0 };
	cr_assert_lt(cs_profile_parse("", 0, "e", &p, &d), 0);
	cr_assert_lt(cs_profile_parse("   \n", 4, "e", &p, &d), 0);
	cr_assert_lt(cs_profile_parse("\x7f\x45\x4c\x46\x00\x01", 6, "elf", &p, &d), 0);
	cs_diags_free(&d);

	size_t depth = 100000;
	char *deep = malloc(depth * 2 + 1);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[depth * 2] = '\0';
	cr_assert_lt(cs_profile_parse(deep, depth * 2, "deep", &p, &d), 0);
	cr_assert(has_error(&d, "deep:1:17: nesting deeper than 16 levels"));
	cs_diags_free(&d);
	free(deep);

	size_t big = 10u << 20;
	char *huge = malloc(big);
	memset(huge, ' ', big);
	memcpy(huge, "{\"version\":1,\"capabilities\":[]}", 31);
	cr_assert_eq(cs_profile_parse(huge, big, "huge", &p, &d), 0);
	cs_profile_free(&p);
	free(huge);
	cs_diags_free(&d);
}

Test(profile, load_refuses_oversized_and_missing_files)
{
	struct cs_profile p;
	struct cs_diags d = { 0 };
	cr_assert_eq(cs_profile_load("/nonexistent/p.json", &p, &d), -ENOENT);
	cr_assert(has_error(&d, "/nonexistent/p.json: cannot read"));
	cs_diags_free(&d);
	char path[] = "/tmp/cs-big-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_eq(ftruncate(fd, CS_PROFILE_MAX_SIZE + 1), 0);
	close(fd);
	cr_assert_eq(cs_profile_load(path, &p, &d), -EFBIG);
	unlink(path);
	cs_diags_free(&d);
}

Test(profile, placeholders_expand)
{
	struct cs_profile p, e;
	const char *ws[] = { "/w1", "/w2" };
	struct cs_paths paths = { ws, 2, "/st", "/home/u" };
	cr_assert_eq(parse("{\"version\":1,\"capabilities\":[\"filesystem\",\"shell\"],"
			   "\"filesystem\":{\"write\":[\"{workspace}/out\",\"{state}/tmp\",\"{home}/.cache\","
			   "\"/var/tmp\"]},\"exec\":{\"allow\":[\"{home}/bin/tool\"]},\"log\":"
			   "\"{state}/logs/security.jsonl\"}",
			   &p, NULL),
		     0);
	cr_assert_eq(cs_profile_expand(&p, &paths, &e), 0);
	cr_assert(e.expanded);
	cr_assert_eq(e.write.n, 5);
	cr_assert_str_eq(e.write.v[0], "/w1/out");
	cr_assert_str_eq(e.write.v[1], "/w2/out");
	cr_assert_str_eq(e.write.v[2], "/st/tmp");
	cr_assert_str_eq(e.write.v[3], "/home/u/.cache");
	cr_assert_str_eq(e.write.v[4], "/var/tmp");
	cr_assert_str_eq(e.exec_allow.v[0], "/home/u/bin/tool");
	cr_assert_str_eq(e.log, "/st/logs/security.jsonl");
	cs_profile_free(&e);

	/* No workspace: {workspace} paths grant nothing. */
	struct cs_paths none = { NULL, 0, "/st", "/h" };
	cr_assert_eq(cs_profile_expand(&p, &none, &e), 0);
	cr_assert_eq(e.write.n, 3);
	cr_assert_str_eq(e.write.v[0], "/st/tmp");
	cs_profile_free(&e);
	cs_profile_free(&p);
}

Test(profile, json_round_trip_and_skill_defaults)
{
	struct cs_skill s;
	const char *md = "---\nname: notes\nmetadata: {\"openclaw\": {\"capabilities\": "
			 "[\"filesystem\", \"network\"]}}\n---\n";
	cr_assert_eq(cs_skill_parse(md, strlen(md), "SKILL.md", &s, NULL), 0);
	struct cs_profile p, back;
	cr_assert_eq(cs_profile_from_skill(&s, &p), 0);
	cr_assert_str_eq(p.write.v[0], "{workspace}");
	cJSON *j = cs_profile_to_json(&p);
	char *text = cJSON_Print(j);
	struct cs_diags d = { 0 };
	cr_assert_eq(parse(text, &back, &d), 0, "%s", text);
	cr_assert_eq(back.caps, p.caps);
	cr_assert_eq(back.n_ports, 2);
	cr_assert_str_eq(back.skill, "notes");
	cr_assert_str_eq(back.log, "{state}/logs/security.jsonl");
	free(text);
	cJSON_Delete(j);
	cs_profile_free(&p);
	cs_profile_free(&back);
	cs_skill_free(&s);
}

Test(profile, shipped_profiles_are_valid_and_real)
{
	const char *dir = CS_SRCDIR "/policy/profiles";
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;
	cr_assert_not_null(dp);
	while ((e = readdir(dp))) {
		char path[1024];
		struct cs_profile p;
		struct cs_diags d = { 0 };
		size_t len = strlen(e->d_name);
		if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		int r = cs_profile_load(path, &p, &d);
		cr_assert_eq(r, 0, "%s: %s", e->d_name, d.n ? d.v[0].msg : "");
		cr_assert_not_null(p.skill, "%s names its skill", e->d_name);
		cr_assert_eq(strncmp(e->d_name, p.skill, strlen(p.skill)), 0, "%s", e->d_name);
		cr_assert_not_null(p.log);
		cs_profile_free(&p);
		n++;
	}
	closedir(dp);
	cr_assert_geq(n, 10);
}

/* 'network' is IP networking; UNIX sockets are their own grant, which
 * needs 'network' and round-trips through JSON. */
Test(profile, unix_sockets_are_a_separate_grant)
{
	struct cs_profile p, back;
	struct cs_diags d = { 0 };

	cr_assert_eq(parse("{\"version\":1,\"capabilities\":[\"network\"]}", &p, &d), 0);
	cr_expect_not(p.unix_sockets, "network alone is IP networking");
	cs_profile_free(&p);

	cr_assert_eq(parse("{\"version\":1,\"capabilities\":[\"network\"],"
			   "\"network\":{\"unix\":true}}",
			   &p, &d),
		     0);
	cr_expect(p.unix_sockets);
	cJSON *j = cs_profile_to_json(&p);
	char *text = cJSON_PrintUnformatted(j);
	cr_expect(strstr(text, "\"unix\":true"), "%s", text);
	cr_assert_eq(parse(text, &back, &d), 0, "%s", text);
	cr_expect(back.unix_sockets);
	free(text);
	cJSON_Delete(j);
	cs_profile_free(&back);
	cs_profile_free(&p);

	EXPECT("{\"version\":1,\"capabilities\":[\"network\"],\"network\":{\"unix\":1}}",
	       "$.network.unix: must be true or false");
	EXPECT("{\"version\":1,\"capabilities\":[],\"network\":{\"unix\":true}}",
	       "$.network: is set, but capability 'network' is not declared");
	EXPECT("{\"version\":1,\"capabilities\":[\"network\"],\"network\":{\"uinx\":true}}",
	       "$.network.uinx");
	cs_diags_free(&d);
}
