/* What an audit run needed: the summary line, the narrowest profile, the
 * merge into an existing profile that keeps its content, and the file
 * written only when the result is a valid profile. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clawshim/diag.h"
#include "clawshim/jsonout.h"
#include "clawshim/profile.h"
#include "clawshim/suggest.h"
#include "clawshim/util.h"
#include "tmpdir.h"

static void make_dir(void)
{
	tmpdir_make("/tmp/clawshim-suggest-XXXXXX");
}

TestSuite(suggest, .init = make_dir, .fini = tmpdir_remove);

static const char *const ws[] = { "/srv/ws" };

static void git_and_curl(struct cs_needs *n)
{
	*n = (struct cs_needs){ .caps = CS_CAPSET(CS_CAP_SHELL) | CS_CAPSET(CS_CAP_NETWORK) |
					CS_CAPSET(CS_CAP_FILESYSTEM) };
	cs_needs_add_port(n, 8765);
	cs_needs_add_port(n, 443);
	cs_needs_add_port(n, 8765);
	cs_needs_add_write(n, "/srv/ws/repo/.git");
	cs_needs_add_write(n, "/srv/ws");
	cs_needs_add_write(n, "/tmp/x");
	cs_needs_add_program(n, "/usr/bin/git");
	cs_needs_add_program(n, "/usr/bin/curl");
	cs_needs_add_program(n, "/usr/bin/git");
}

Test(suggest, summary_names_each_need_once_writes_folded)
{
	struct cs_needs n;
	git_and_curl(&n);
	_cleanup_free_ char *s = cs_needs_summary(&n);
	cr_expect_str_eq(s, "capabilities shell, filesystem, network; TCP 443, 8765; writes under "
			    "/srv/ws, /tmp/x; programs /usr/bin/git, /usr/bin/curl");
	cs_needs_free(&n);

	struct cs_needs none = { .unfixable = 2 };
	_cleanup_free_ char *t = cs_needs_summary(&none);
	cr_expect_str_eq(t, "nothing; and 2 calls no profile allows (see the log)");
}

Test(suggest, a_new_profile_is_the_narrowest_with_workspace_placeholders)
{
	struct cs_needs n;
	git_and_curl(&n);
	cJSON *root = cs_needs_merge(&n, ws, 1, "demo", NULL);
	_cleanup_free_ char *text = cs_json_print(root);
	cr_expect_str_eq(text, "{\n"
			       "  \"version\": 1,\n"
			       "  \"skill\": \"demo\",\n"
			       "  \"capabilities\": [\"shell\", \"filesystem\", \"network\"],\n"
			       "  \"filesystem\": {\n"
			       "    \"write\": [\"{workspace}\", \"/tmp/x\"]\n"
			       "  },\n"
			       "  \"network\": {\n"
			       "    \"connect_tcp\": [443, 8765]\n"
			       "  },\n"
			       "  \"exec\": {\n"
			       "    \"allow\": [\"/usr/bin/git\", \"/usr/bin/curl\"]\n"
			       "  },\n"
			       "  \"log\": \"{state}/logs/security.jsonl\"\n"
			       "}\n");
	struct cs_profile p;
	struct cs_diags d = { 0 };
	cr_expect_eq(cs_profile_parse(text, strlen(text), "new.json", &p, &d), 0);
	cs_profile_free(&p);
	cs_diags_free(&d);
	cJSON_Delete(root);
	cs_needs_free(&n);
}

Test(suggest, merge_into_an_existing_file_keeps_its_content)
{
	_cleanup_free_ char *file = tmpdir_path("tool.json");
	tmpdir_put("tool.json", "{\n  \"version\": 1,\n  \"skill\": \"tool\",\n"
				"  \"description\": \"kept\",\n"
				"  \"capabilities\": [\"network\", \"filesystem\"],\n"
				"  \"filesystem\": { \"write\": [\"/var/cache/tool\"] },\n"
				"  \"log\": \"/var/log/tool.jsonl\"\n}\n");
	struct cs_needs n = { .caps = CS_CAPSET(CS_CAP_NETWORK) | CS_CAPSET(CS_CAP_FILESYSTEM) |
				      CS_CAPSET(CS_CAP_SHELL) };
	cs_needs_add_port(&n, 8765);
	cs_needs_add_program(&n, "/usr/bin/curl");
	cs_needs_add_write(&n, "/srv/ws/out");
	cs_needs_add_write(&n, "/var/cache/tool/sub");
	struct cs_diags d = { 0 };
	int r = cs_suggest_write(file, &n, ws, 1, NULL, &d);
	_cleanup_free_ char *why = d.n ? cs_diag_format(&d.v[0]) : NULL;
	cr_assert_eq(r, 0, "%s", why ? why : "");
	_cleanup_free_ char *text = NULL;
	size_t len;
	cr_assert_eq(cs_read_file(file, 1 << 20, &text, &len), 0);
	cr_expect_str_eq(text, "{\n"
			       "  \"version\": 1,\n"
			       "  \"skill\": \"tool\",\n"
			       "  \"description\": \"kept\",\n"
			       "  \"capabilities\": [\"network\", \"filesystem\", \"shell\"],\n"
			       "  \"filesystem\": {\n"
			       "    \"write\": [\"/var/cache/tool\", \"{workspace}/out\"]\n"
			       "  },\n"
			       "  \"log\": \"/var/log/tool.jsonl\",\n"
			       "  \"network\": {\n"
			       "    \"connect_tcp\": [80, 443, 8765]\n"
			       "  },\n"
			       "  \"exec\": {\n"
			       "    \"allow\": [\"/usr/bin/curl\"]\n"
			       "  }\n"
			       "}\n");
	/* A second run with the same needs changes nothing. */
	cr_assert_eq(cs_suggest_write(file, &n, ws, 1, NULL, &d), 0);
	_cleanup_free_ char *again = NULL;
	cr_assert_eq(cs_read_file(file, 1 << 20, &again, &len), 0);
	cr_expect_str_eq(again, text);
	cs_needs_free(&n);
	cs_diags_free(&d);
}

Test(suggest, an_allowlist_gets_the_programs_of_a_run_that_needed_no_shell)
{
	cJSON *root = cJSON_Parse("{\"version\":1,\"capabilities\":[\"shell\"],"
				  "\"exec\":{\"allow\":[\"/usr/bin/git\"]}}");
	struct cs_needs n = { .caps = CS_CAPSET(CS_CAP_NETWORK) };
	cs_needs_add_program(&n, "/usr/bin/curl");
	root = cs_needs_merge(&n, NULL, 0, NULL, root);
	cJSON *allow = cJSON_GetObjectItem(cJSON_GetObjectItem(root, "exec"), "allow");
	cr_assert_eq(cJSON_GetArraySize(allow), 2);
	cr_expect_str_eq(cJSON_GetArrayItem(allow, 1)->valuestring, "/usr/bin/curl");
	cJSON_Delete(root);
	cs_needs_free(&n);
}

Test(suggest, shell_without_an_allowlist_stays_without_one)
{
	cJSON *root = cJSON_Parse("{\"version\":1,\"capabilities\":[\"shell\"]}");
	struct cs_needs n = { .caps = CS_CAPSET(CS_CAP_SHELL) };
	cs_needs_add_program(&n, "/usr/bin/git");
	root = cs_needs_merge(&n, NULL, 0, NULL, root);
	cr_expect_null(cJSON_GetObjectItem(root, "exec"), "an allowlist would narrow the profile");
	cJSON_Delete(root);
	cs_needs_free(&n);
}

Test(suggest, a_file_that_is_not_a_profile_is_refused_and_left_alone)
{
	_cleanup_free_ char *file = tmpdir_path("bad.json");
	const char *bad = "{\n  \"version\": 1,\n  \"capabilities\": [\"shell\"],\n"
			  "  \"colour\": \"blue\"\n}\n";
	tmpdir_put("bad.json", bad);
	struct cs_diags d = { 0 };
	cr_expect_lt(cs_suggest_check(file, &d), 0);
	cr_assert_geq(d.n, 1);
	_cleanup_free_ char *msg = cs_diag_format(&d.v[0]);
	cr_expect(strstr(msg, "bad.json:4: $.colour: unknown key"), "%s", msg);
	cs_diags_free(&d);

	struct cs_needs n = { .caps = CS_CAPSET(CS_CAP_NETWORK) };
	cr_expect_lt(cs_suggest_write(file, &n, NULL, 0, NULL, &d), 0);
	_cleanup_free_ char *text = NULL;
	size_t len;
	cr_assert_eq(cs_read_file(file, 1 << 20, &text, &len), 0);
	cr_expect_str_eq(text, bad);
	cs_diags_free(&d);

	_cleanup_free_ char *missing = tmpdir_path("new.json");
	cr_expect_eq(cs_suggest_check(missing, &d), 0, "a missing file is made");
}
