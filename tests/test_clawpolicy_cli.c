/* clawpolicy, json5fmt and clawaudit's option parsing as users meet them:
 * real processes, one test per papercut (output to "-", FIFOs, one line per
 * bad option, did-you-mean, repeated capabilities, a SKILL.md without
 * frontmatter, blocked skills in explain/export, check --skill/--profile and
 * repeated --tool, explain --json, JSON5 profiles, two-space JSON), and the
 * infer and list commands. */
#include "clawshim/util.h"
#include "proc.h"
#include "tmpdir.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLAWPOLICY CS_BUILDDIR "/bin/clawpolicy"
#define JSON5FMT CS_BUILDDIR "/bin/json5fmt"
#define CLAWAUDIT CS_BUILDDIR "/bin/clawaudit"
#define CLAWRUN CS_BUILDDIR "/bin/clawrun"
#define BUNDLED CS_SRCDIR "/tests/fixtures/skills/openclaw-bundled"
#define MALICIOUS CS_SRCDIR "/tests/fixtures/skills/malicious"

static const char *g_dir;
static char g_env_home[128], g_env_xdg[160], g_env_path[256];
static char *g_env[] = { g_env_home, g_env_xdg, g_env_path, "PATH=/usr/bin:/bin", NULL };

static void make_dir(void)
{
	g_dir = tmpdir_make("/tmp/clawshim-cpcli-XXXXXX");
	snprintf(g_env_home, sizeof(g_env_home), "HOME=%s", g_dir);
	snprintf(g_env_xdg, sizeof(g_env_xdg), "XDG_CONFIG_HOME=%s/config", g_dir);
	/* profiles by name come from the test's own directories only */
	snprintf(g_env_path, sizeof(g_env_path), "CLAWSHIM_PROFILE_PATH=%s/config/clawshim/profiles:%s/shipped",
		 g_dir, g_dir);
}

TestSuite(clawpolicy_cli, .init = make_dir, .fini = tmpdir_remove);

/* Runs a program with the test environment; argv ends with NULL. */
static struct result *go(const char *prog, ...)
{
	static struct result r;
	char *argv[32];
	size_t n = 0;
	va_list ap;

	argv[n++] = (char *)prog;
	va_start(ap, prog);
	while (n < 31 && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	r = run(argv, g_env);
	return &r;
}

/* Runs a shell command in the test directory. */
static struct result *sh_in_dir(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int n = snprintf(cmd, sizeof(cmd), "cd '%s' && ", g_dir);
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap);
	va_end(ap);
	return go("/bin/sh", "-c", cmd, NULL);
}

static unsigned count_lines(const char *s)
{
	unsigned n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Two-space layout: no tab anywhere, nested lines indented by spaces. */
static void expect_two_spaces(const char *text)
{
	cr_expect_null(strchr(text, '\t'), "a tab in: %.300s", text);
	cr_expect(strstr(text, "\n  \""), "no two-space indentation in: %.300s", text);
}

#define PROFILE_OK "{\"version\":1,\"capabilities\":[\"network\"]}"

/* ---- -o - ------------------------------------------------------------------ */

Test(clawpolicy_cli, dash_output_is_stdout)
{
	struct result *r = sh_in_dir(CLAWPOLICY " compile " BUNDLED "/weather -o -");
	cr_assert_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->out, "\"skill\": \"weather\""), "%s", r->out);
	expect_two_spaces(r->out);
	struct stat st;
	_cleanup_free_ char *dash = tmpdir_path("-");
	cr_expect_neq(stat(dash, &st), 0, "a file named '-' was written");

	r = sh_in_dir(CLAWPOLICY " export --oci " BUNDLED "/weather -o -");
	cr_assert_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->out, "\"defaultAction\""), "%s", r->out);
	cr_expect_neq(stat(dash, &st), 0, "a file named '-' was written");
}

/* ---- FIFOs and other non-regular files ----------------------------------------- */

/* Refused at once with one message, never waiting for a writer. */
Test(clawpolicy_cli, fifos_are_refused_without_blocking)
{
	_cleanup_free_ char *fifo = tmpdir_path("p.json");
	_cleanup_free_ char *md = tmpdir_path("SKILL.md");
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	cr_assert_eq(mkfifo(md, 0600), 0);

	struct result *r = go(CLAWPOLICY, "lint", fifo, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "p.json: cannot read: not a regular file"), "%s", r->err);
	r = go(CLAWPOLICY, "explain", fifo, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "not a regular file"), "%s", r->err);
	r = go(CLAWPOLICY, "compile", md, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "SKILL.md: cannot read: not a regular file"), "%s", r->err);
	r = go(JSON5FMT, fifo, NULL);
	cr_expect_eq(r->status, 2);
	cr_expect(strstr(r->err, "p.json: not a regular file"), "%s", r->err);
	/* the launcher reads profiles the same way, and fails closed */
	r = go(CLAWRUN, "--profile", fifo, "--", "/bin/true", NULL);
	cr_expect_eq(r->status, 125);
	cr_expect(strstr(r->err, "not a regular file"), "%s", r->err);
	r = go(CLAWPOLICY, "lint", "/dev/null", NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "/dev/null: cannot read: not a regular file"), "%s", r->err);
}

/* ---- option errors ------------------------------------------------------------- */

/* One message line plus the --help hint, naming the option and what is
 * wrong with it. */
Test(clawpolicy_cli, one_line_per_bad_option)
{
	static const struct {
		const char *argv[4];
		const char *msg;
	} rows[] = {
		{ { "check", "--bogus" }, "clawpolicy: check: unknown option '--bogus'\n" },
		{ { "check", "--caps" }, "clawpolicy: check: option '--caps' needs an argument\n" },
		{ { "lint", "--bogus" }, "clawpolicy: lint: unknown option '--bogus'\n" },
		{ { "compile", "-x", "a.md" }, "clawpolicy: compile: unknown option '-x'\n" },
		{ { "compile", "a.md", "-o" }, "clawpolicy: compile: option '-o' needs an argument\n" },
		{ { "explain", "--json=1", "p.json" },
		  "clawpolicy: explain: option '--json' takes no argument\n" },
		{ { "infer", "--bogus", "x" }, "clawpolicy: infer: unknown option '--bogus'\n" },
		{ { "list", "--bogus" }, "clawpolicy: list: unknown option '--bogus'\n" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct result *r = go(CLAWPOLICY, rows[i].argv[0], rows[i].argv[1], rows[i].argv[2],
				      rows[i].argv[3], NULL);
		cr_expect_eq(r->status, 2, "%s %s", rows[i].argv[0], rows[i].argv[1]);
		cr_expect(strncmp(r->err, rows[i].msg, strlen(rows[i].msg)) == 0, "got: %s", r->err);
		cr_expect_eq(count_lines(r->err), 2, "%s", r->err);
		cr_expect(strstr(r->err, "Try 'clawpolicy --help'"), "%s", r->err);
	}
	struct result *r = go(JSON5FMT, "--bogus", NULL);
	cr_expect_eq(r->status, 2);
	cr_expect_str_eq(r->err, "json5fmt: unknown option '--bogus'\nTry 'json5fmt --help'\n");
}

/* A missing argument is not an unknown option. */
Test(clawpolicy_cli, clawaudit_missing_option_argument)
{
	static const struct {
		const char *argv[4];
		const char *msg;
	} rows[] = {
		{ { "--config" }, "clawaudit: option '--config' needs an argument\n" },
		{ { "audit", "--fail-on" }, "clawaudit: option '--fail-on' needs an argument\n" },
		{ { "--json=1" }, "clawaudit: option '--json' takes no argument\n" },
		{ { "--bogus" }, "clawaudit: unknown option '--bogus'\n" },
		{ { "skills", "check", "--state-dir" },
		  "clawaudit: skills: option '--state-dir' needs an argument\n" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct result *r = go(CLAWAUDIT, rows[i].argv[0], rows[i].argv[1], rows[i].argv[2],
				      rows[i].argv[3], NULL);
		cr_expect_eq(r->status, 2);
		cr_expect(strncmp(r->err, rows[i].msg, strlen(rows[i].msg)) == 0, "got: %s", r->err);
		cr_expect_eq(count_lines(r->err), 2, "%s", r->err);
	}
}

/* ---- names: did you mean, repeated capabilities --------------------------------- */

Test(clawpolicy_cli, did_you_mean_for_the_wrong_case)
{
	struct result *r = go(CLAWPOLICY, "check", "--caps", "Shell", "--tool", "exec", NULL);
	cr_expect_eq(r->status, 2);
	cr_expect(strstr(r->err, "unknown capability 'Shell' (did you mean 'shell'?)"), "%s",
		  r->err);
	r = go(CLAWPOLICY, "check", "--caps", "shell", "--tool", "Exec", NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->out, "'Exec' is not a known tool (did you mean 'exec'?)"), "%s",
		  r->out);
	tmpdir_put("caps.json", "{\"version\":1,\"capabilities\":[\"Network\"]}");
	_cleanup_free_ char *p = tmpdir_path("caps.json");
	r = go(CLAWPOLICY, "lint", p, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "$.capabilities[0]: unknown capability 'Network' (did you mean "
				 "'network'?)"),
		  "%s", r->err);
	tmpdir_put("cap/SKILL.md",
		   "---\nname: c\ndescription: d\nmetadata: {\"openclaw\":{\"capabilities\":"
		   "[\"SHELL\"]}}\n---\n");
	_cleanup_free_ char *skill = tmpdir_path("cap");
	r = go(CLAWPOLICY, "compile", skill, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "did you mean 'shell'?"), "%s", r->err);
}

/* The same rule in a --caps list, a profile and a SKILL.md: refused. */
Test(clawpolicy_cli, a_repeated_capability_is_one_error_everywhere)
{
	struct result *r = go(CLAWPOLICY, "check", "--caps", "shell,shell", "--tool", "exec", NULL);
	cr_expect_eq(r->status, 2);
	cr_expect(strstr(r->err, "capability 'shell' is listed twice"), "%s", r->err);
	tmpdir_put("dup.json", "{\"version\":1,\"capabilities\":[\"shell\",\"shell\"]}");
	_cleanup_free_ char *p = tmpdir_path("dup.json");
	r = go(CLAWPOLICY, "lint", p, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "capability 'shell' is listed twice"), "%s", r->err);
	tmpdir_put("dup/SKILL.md",
		   "---\nname: d\ndescription: d\nmetadata: {\"openclaw\":{\"capabilities\":"
		   "[\"shell\",\"shell\"]}}\n---\n");
	_cleanup_free_ char *skill = tmpdir_path("dup");
	r = go(CLAWPOLICY, "compile", skill, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "capability 'shell' is listed twice"), "%s", r->err);
}

/* ---- compile, explain, export ---------------------------------------------------- */

Test(clawpolicy_cli, compile_refuses_a_skill_without_frontmatter)
{
	tmpdir_put("bare/SKILL.md", "# Notes\n\nRun `curl https://example.com`.\n");
	_cleanup_free_ char *skill = tmpdir_path("bare");
	struct result *r = go(CLAWPOLICY, "compile", skill, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect_str_eq(r->out, "");
	cr_expect(strstr(r->err, "SKILL.md: no frontmatter"), "%s", r->err);
	cr_expect(strstr(r->err, "clawpolicy infer"), "%s", r->err);
}

Test(clawpolicy_cli, explain_and_export_say_a_skill_is_blocked)
{
	struct result *r = go(CLAWPOLICY, "explain", MALICIOUS "/base64-shell", NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->out, "Blocked:      yes, by the SKILL.md scanner"), "%s", r->out);
	cr_expect(strstr(r->out, "injection.obfuscated-exec"), "%s", r->out);
	r = go(CLAWPOLICY, "explain", "--json", MALICIOUS "/base64-shell", NULL);
	cJSON *j = cJSON_Parse(r->out);
	cr_assert_not_null(j, "%s", r->out);
	cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(j, "blocked")));
	cJSON_Delete(j);
	r = go(CLAWPOLICY, "export", "--oci", MALICIOUS "/base64-shell", NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->err, "blocked by the SKILL.md scanner"), "%s", r->err);
	/* an unblocked skill says nothing of the kind */
	r = go(CLAWPOLICY, "explain", BUNDLED "/weather", NULL);
	cr_expect_null(strstr(r->out, "Blocked"), "%s", r->out);
}

Test(clawpolicy_cli, explain_json)
{
	tmpdir_put(
	    "p.json",
	    "{\"version\":1,\"skill\":\"w\",\"capabilities\":[\"shell\",\"network\"],"
	    "\"network\":{\"connect_tcp\":[8443]},\"exec\":{\"allow\":[\"/usr/bin/curl\"]}}");
	_cleanup_free_ char *p = tmpdir_path("p.json");
	struct result *r = go(CLAWPOLICY, "explain", "--json", p, NULL);
	cr_assert_eq(r->status, 0, "%s", r->err);
	expect_two_spaces(r->out);
	cJSON *j = cJSON_Parse(r->out);
	cr_assert_not_null(j, "%s", r->out);
	cr_expect_str_eq(cJSON_GetObjectItem(j, "skill")->valuestring, "w");
	cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(j, "capabilities")), 2);
	cJSON *tools = cJSON_GetObjectItem(j, "tools");
	cJSON *allowed = cJSON_GetObjectItem(tools, "allowed"), *t;
	bool exec = false, write = false;
	cJSON_ArrayForEach(t, allowed)
	{
		exec |= strcmp(t->valuestring, "exec") == 0;
		write |= strcmp(t->valuestring, "write") == 0;
	}
	cr_expect(exec && !write);
	cJSON *proc = cJSON_GetObjectItem(j, "process");
	cr_expect_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(proc, "connectTcp"), 0)->valueint, 8443);
	cr_expect_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(proc, "execAllow"), 0)->valuestring,
			 "/usr/bin/curl");
	cr_expect(cJSON_IsNull(cJSON_GetObjectItem(proc, "write")));
	cJSON_Delete(j);
}

/* ---- check --skill/--profile, repeated --tool --------------------------------------- */

Test(clawpolicy_cli, check_takes_a_skill_a_profile_and_several_tools)
{
	tmpdir_put("shipped/net.json", PROFILE_OK);
	struct result *r = go(CLAWPOLICY, "check", "--profile", "net", "--tool", "web_fetch", "--tool",
			      "exec", NULL);
	cr_expect_eq(r->status, 1, "%s", r->err);
	cr_expect(strstr(r->out, "allowed: 'web_fetch'"), "%s", r->out);
	cr_expect(strstr(r->out, "denied: 'exec'"), "%s", r->out);
	cr_expect_eq(count_lines(r->out), 2);

	r = go(CLAWPOLICY, "check", "--profile", "net", "--tool", "web_fetch", "--tool", "read",
	       NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);

	tmpdir_put("s/SKILL.md",
		   "---\nname: s\ndescription: d\nmetadata: {\"openclaw\":{\"capabilities\":"
		   "[\"shell\"]}}\n---\n");
	_cleanup_free_ char *skill = tmpdir_path("s");
	r = go(CLAWPOLICY, "check", "--skill", skill, "--tool", "exec", "--tool", "write", "--json",
	       NULL);
	cr_expect_eq(r->status, 1);
	cJSON *j = cJSON_Parse(r->out);
	cr_assert(cJSON_IsArray(j), "%s", r->out);
	cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 0), "allowed")));
	cr_expect_str_eq(
		cJSON_GetObjectItem(cJSON_GetArrayItem(j, 1), "missingCapability")->valuestring,
		"filesystem");
	cJSON_Delete(j);

	r = go(CLAWPOLICY, "check", "--skill", skill, "--caps", "shell", "--tool", "exec", NULL);
	cr_expect_eq(r->status, 2);
	cr_expect(strstr(r->err, "give only one of --caps, --skill and --profile"), "%s", r->err);
}

/* ---- profiles: JSON5, names, list ---------------------------------------------------- */

Test(clawpolicy_cli, profiles_may_be_json5_with_comments)
{
	tmpdir_put("c.json", "// the weather skill: HTTPS only\n"
			     "{\n"
			     "  version: 1,\n"
			     "  capabilities: ['network'], /* no shell */\n"
			     "  network: { connect_tcp: [443,], },\n"
			     "}\n");
	_cleanup_free_ char *p = tmpdir_path("c.json");
	struct result *r = go(CLAWPOLICY, "lint", p, NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);
	r = go(CLAWPOLICY, "explain", p, NULL);
	cr_expect(strstr(r->out, "TCP connect to port 443 only"), "%s", r->out);
	/* JSON5 lets the last duplicate win; a profile still refuses it */
	tmpdir_put("d.json",
		   "{\n  version: 1,\n  capabilities: [],\n  capabilities: ['shell'],\n}\n");
	_cleanup_free_ char *d = tmpdir_path("d.json");
	r = go(CLAWPOLICY, "lint", d, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "$.capabilities: duplicate key (first at line 3, again at line 4)"),
		  "%s", r->err);
	/* a syntax error names line and column */
	tmpdir_put("e.json", "{\n  version: 1,\n  capabilities: [,\n}\n");
	_cleanup_free_ char *e = tmpdir_path("e.json");
	r = go(CLAWPOLICY, "lint", e, NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "e.json:3:"), "%s", r->err);
}

Test(clawpolicy_cli, profiles_by_name_and_list)
{
	tmpdir_put("shipped/weather.json", PROFILE_OK);
	tmpdir_put("shipped/tmux.json", "{\"version\":1,\"capabilities\":[\"shell\"]}");
	tmpdir_put("shipped/broken.json", "{\"version\":2,\"capabilities\":[]}");
	tmpdir_put("config/clawshim/profiles/weather.json",
		   "{\"version\":1,\"skill\":\"mine\",\"capabilities\":[\"network\"]}");

	struct result *r = go(CLAWPOLICY, "explain", "weather", NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->out, "Skill:        mine"), "%s", r->out);
	cr_expect(strstr(r->out, "config/clawshim/profiles/weather.json"), "%s", r->out);

	r = go(CLAWPOLICY, "explain", "nosuch", NULL);
	cr_expect_eq(r->status, 1);
	cr_expect(strstr(r->err, "nosuch: no such profile"), "%s", r->err);

	r = go(CLAWPOLICY, "list", NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->out, "Search path"), "%s", r->out);
	cr_expect(strstr(r->out, "(shadowed by "), "%s", r->out);
	cr_expect(strstr(r->out, "(invalid: "), "%s", r->out);

	r = go(CLAWPOLICY, "list", "--json", NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);
	expect_two_spaces(r->out);
	cJSON *j = cJSON_Parse(r->out);
	cr_assert_not_null(j, "%s", r->out);
	cJSON *profiles = cJSON_GetObjectItem(j, "profiles");
	cr_assert_eq(cJSON_GetArraySize(profiles), 4);
	/* sorted by name; the user's weather first, the shipped one shadowed */
	cJSON *b = cJSON_GetArrayItem(profiles, 0), *w1 = cJSON_GetArrayItem(profiles, 2),
	      *w2 = cJSON_GetArrayItem(profiles, 3);
	cr_expect_str_eq(cJSON_GetObjectItem(b, "name")->valuestring, "broken");
	cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(b, "valid")));
	cr_expect_str_eq(cJSON_GetObjectItem(w1, "name")->valuestring, "weather");
	cr_expect(cJSON_IsNull(cJSON_GetObjectItem(w1, "shadowedBy")));
	cr_expect_str_eq(cJSON_GetObjectItem(w2, "shadowedBy")->valuestring,
			 cJSON_GetObjectItem(w1, "path")->valuestring);
	cJSON_Delete(j);
}

/* ---- infer ------------------------------------------------------------------------- */

Test(clawpolicy_cli, infer_reports_and_writes_a_valid_profile)
{
	struct result *r = go(CLAWPOLICY, "infer", BUNDLED "/weather", NULL);
	cr_assert_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->out, "Declares:   nothing (no metadata.openclaw.capabilities)"), "%s",
		  r->out);
	cr_expect(strstr(r->out, "Inferred:   shell,network"), "%s", r->out);
	cr_expect(strstr(r->out, "line 42: curl wttr.in/London?format=3"), "%s", r->out);
	cr_expect(strstr(r->out, "\"connect_tcp\": [80]"), "%s", r->out);

	_cleanup_free_ char *out = tmpdir_path("weather.json");
	r = go(CLAWPOLICY, "infer", BUNDLED "/weather", "-o", out, NULL);
	cr_assert_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->out, "Proposed profile written to"), "%s", r->out);
	r = go(CLAWPOLICY, "lint", out, NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);

	r = go(CLAWPOLICY, "infer", BUNDLED "/weather", "-o", "-", NULL);
	cr_assert_eq(r->status, 0, "%s", r->err);
	expect_two_spaces(r->out);
	cJSON *j = cJSON_Parse(r->out);
	cr_assert_not_null(j, "stdout is the profile alone: %s", r->out);
	cr_expect_eq(cJSON_GetObjectItem(j, "version")->valueint, 1);
	cJSON_Delete(j);

	r = go(CLAWPOLICY, "infer", "--json", BUNDLED "/weather", NULL);
	j = cJSON_Parse(r->out);
	cr_assert_not_null(j, "%s", r->out);
	cr_expect(cJSON_IsNull(cJSON_GetObjectItem(j, "declared")));
	cJSON *items = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "inferred"), "items"), *it;
	bool port80 = false;
	cJSON_ArrayForEach(it, items)
	{
		if (strcmp(cJSON_GetObjectItem(it, "kind")->valuestring, "port") == 0 &&
		    strcmp(cJSON_GetObjectItem(it, "item")->valuestring, "80") == 0)
			port80 = cJSON_GetObjectItem(it, "line")->valueint == 42;
	}
	cr_expect(port80, "%s", r->out);
	cJSON_Delete(j);

	/* a skill without frontmatter is still read: its code blocks say enough */
	tmpdir_put("bare/SKILL.md", "# x\n\n```bash\ncurl -s https://api.example.com:8443/\n```\n");
	_cleanup_free_ char *bare = tmpdir_path("bare");
	r = go(CLAWPOLICY, "infer", bare, NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->out, "Declares:   nothing (no frontmatter)"), "%s", r->out);
	cr_expect(strstr(r->out, "8443"), "%s", r->out);

	/* clawaudit skills info shows the same inference */
	r = go(CLAWAUDIT, "skills", "info", "--no-color", BUNDLED "/weather", NULL);
	cr_expect_eq(r->status, 0, "%s", r->err);
	cr_expect(strstr(r->out, "inferred capabilities (it declares none; from its text, to "
				 "review): shell,network"),
		  "%s", r->out);
	cr_expect(strstr(r->out, "line 42: curl wttr.in/London?format=3"), "%s", r->out);
}
