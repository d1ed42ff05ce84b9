/* Loading an OpenClaw config as OpenClaw does: $include (relative paths,
 * merging, cycles, depth, escaping the config directory), ${VAR}
 * substitution and its escape, the env block, schema defaults, and errors
 * that name FILE:LINE:COL. */
#include "../auditor/audit_run.h"
#include "../auditor/dotenv.h"
#include "../auditor/occonfig.h"
#include "clawshim/diag.h"
#include "clawshim/util.h"
#include "tmpdir.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir;

static void make_dir(void)
{
	dir = tmpdir_make("/tmp/clawaudit-cfg-XXXXXX");
}

TestSuite(audit_config, .init = make_dir, .fini = tmpdir_remove);

__attribute__((format(printf, 2, 3))) static void write_file(const char *name, const char *fmt,
							      ...)
{
	char path[256];
	va_list ap;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", path);
	cr_assert_eq(system(cmd), 0);
	*slash = '/';
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fclose(f);
}

/* Loads dir/name; returns the first diagnostic formatted, or NULL on success. */
static char *load(const char *name, struct oc_config *c)
{
	char path[256];
	struct cs_diags d = { 0 };
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	int r = oc_config_load(path, c, &d);
	char *msg = r < 0 && d.n ? cs_diag_format(&d.v[0]) : NULL;
	cr_assert(r == 0 || msg, "a failed load must say why");
	cs_diags_free(&d);
	return msg;
}

static char *print(const cJSON *v)
{
	return cJSON_PrintUnformatted(v);
}

Test(audit_config, missing_file_is_an_empty_config)
{
	struct oc_config c;
	cr_assert_null(load("nothing.json", &c));
	cr_assert_not(c.exists);
	_cleanup_free_ char *s = print(c.root);
	cr_expect_str_eq(s, "{}");
	oc_config_free(&c);
}

Test(audit_config, include_merges_deeply_and_siblings_win)
{
	write_file("openclaw.json",
		   "// comment\n{ \"$include\": [\"./a.json5\", \"sub/b.json5\"],\n"
		   "  tools: { deny: ['x'], profile: 'full' }, keep: 1 }\n");
	write_file("a.json5", "{ tools: { deny: ['a'], profile: 'coding', elevated: { enabled: false } } }");
	write_file("sub/b.json5", "{ \"$include\": \"c.json5\", tools: { deny: ['b'] } }");
	write_file("sub/c.json5", "{ logging: { redactSensitive: 'off' } }");
	struct oc_config c;
	cr_assert_null(load("openclaw.json", &c));
	_cleanup_free_ char *s = print(c.root);
	cr_expect_str_eq(s, "{\"tools\":{\"deny\":[\"a\",\"b\",\"x\"],\"profile\":\"full\","
			    "\"elevated\":{\"enabled\":false}},\"logging\":{\"redactSensitive\":"
			    "\"off\"},\"keep\":1}");
	/* every file read, in the order read, for the permission checks */
	cr_assert_eq(c.includes.n, 3);
	cr_expect(strstr(c.includes.v[0], "/a.json5"));
	cr_expect(strstr(c.includes.v[1], "/sub/b.json5"));
	cr_expect(strstr(c.includes.v[2], "/sub/c.json5"));
	oc_config_free(&c);
}

Test(audit_config, include_cycle_is_an_error_at_the_directive)
{
	write_file("openclaw.json", "{\n  \"$include\": \"./a.json5\"\n}\n");
	write_file("a.json5", "{\n\n  $include: './openclaw.json' }\n");
	struct oc_config c;
	_cleanup_free_ char *msg = load("openclaw.json", &c);
	cr_assert_not_null(msg);
	cr_expect(strstr(msg, "a.json5:3:13: "), "%s", msg);
	cr_expect(strstr(msg, "circular"), "%s", msg);
}

Test(audit_config, include_depth_is_limited)
{
	write_file("openclaw.json", "{ $include: 'd0.json5' }");
	for (int i = 0; i < 12; i++) {
		char name[32];
		snprintf(name, sizeof(name), "d%d.json5", i);
		write_file(name, "{ $include: 'd%d.json5' }", i + 1);
	}
	write_file("d12.json5", "{}");
	struct oc_config c;
	_cleanup_free_ char *msg = load("openclaw.json", &c);
	cr_assert_not_null(msg);
	cr_expect(strstr(msg, "deeper than 10"), "%s", msg);
}

Test(audit_config, include_may_not_leave_the_config_directory)
{
	write_file("cfg/openclaw.json", "{ $include: '../outside.json5' }");
	write_file("outside.json5", "{}");
	struct oc_config c;
	_cleanup_free_ char *msg = load("cfg/openclaw.json", &c);
	cr_assert_not_null(msg);
	cr_expect(strstr(msg, "escapes the config directory"), "%s", msg);
}

Test(audit_config, include_symlink_out_of_the_directory_is_refused)
{
	char target[256], link[256];
	write_file("cfg/openclaw.json", "{ $include: 'inner.json5' }");
	write_file("secret.json5", "{}");
	snprintf(target, sizeof(target), "%s/secret.json5", dir);
	snprintf(link, sizeof(link), "%s/cfg/inner.json5", dir);
	cr_assert_eq(symlink(target, link), 0);
	struct oc_config c;
	_cleanup_free_ char *msg = load("cfg/openclaw.json", &c);
	cr_assert_not_null(msg);
	cr_expect(strstr(msg, "outside the config directory (symlink"), "%s", msg);
}

Test(audit_config, missing_include_and_syntax_errors_name_the_file)
{
	struct oc_config c;
	write_file("openclaw.json", "{ $include: 'gone.json5' }");
	_cleanup_free_ char *m1 = load("openclaw.json", &c);
	cr_assert_not_null(m1);
	cr_expect(strstr(m1, "openclaw.json:1:13: cannot read $include \"gone.json5\""), "%s", m1);
	write_file("openclaw.json", "{ $include: 'bad.json5' }");
	write_file("bad.json5", "{\n  a: 1,\n  b: }\n");
	_cleanup_free_ char *m2 = load("openclaw.json", &c);
	cr_assert_not_null(m2);
	cr_expect(strstr(m2, "bad.json5:3:6: "), "%s", m2);
	write_file("openclaw.json", "{ $include: 42 }");
	_cleanup_free_ char *m3 = load("openclaw.json", &c);
	cr_assert_not_null(m3);
	cr_expect(strstr(m3, "must be a path"), "%s", m3);
}

Test(audit_config, env_references_are_substituted_and_escapes_kept)
{
	setenv("CLAWAUDIT_T_TOKEN", "s3cret", 1);
	write_file("openclaw.json", "{ a: '${CLAWAUDIT_T_TOKEN}', b: 'x-$${CLAWAUDIT_T_TOKEN}-y',"
				    " c: '${lower} ${ NOPE}', d: ['pre${CLAWAUDIT_T_TOKEN}'] }");
	struct oc_config c;
	cr_assert_null(load("openclaw.json", &c));
	_cleanup_free_ char *s = print(c.root);
	cr_expect_str_eq(s, "{\"a\":\"s3cret\",\"b\":\"x-${CLAWAUDIT_T_TOKEN}-y\",\"c\":\"${lower} "
			    "${ NOPE}\",\"d\":[\"pres3cret\"]}");
	oc_config_free(&c);
}

Test(audit_config, missing_env_var_is_an_error_with_position_and_path)
{
	unsetenv("CLAWAUDIT_T_MISSING");
	write_file("openclaw.json", "{\n  gateway: {\n    auth: { token: \"${CLAWAUDIT_T_MISSING}\" } } }");
	struct oc_config c;
	_cleanup_free_ char *msg = load("openclaw.json", &c);
	cr_assert_not_null(msg);
	cr_expect(strstr(msg, "openclaw.json:3:20: missing env var \"CLAWAUDIT_T_MISSING\" "
			      "referenced at config path gateway.auth.token"),
		  "%s", msg);
}

Test(audit_config, env_block_feeds_substitution_without_overriding)
{
	setenv("CLAWAUDIT_T_SET", "from-process", 1);
	unsetenv("CLAWAUDIT_T_NEW");
	write_file("openclaw.json", "{ env: { vars: { CLAWAUDIT_T_NEW: 'from-config' },"
				    " CLAWAUDIT_T_SET: 'ignored' }, a: '${CLAWAUDIT_T_NEW}',"
				    " b: '${CLAWAUDIT_T_SET}' }");
	struct oc_config c;
	cr_assert_null(load("openclaw.json", &c));
	cr_expect_str_eq(cJSON_GetObjectItem(c.root, "a")->valuestring, "from-config");
	cr_expect_str_eq(cJSON_GetObjectItem(c.root, "b")->valuestring, "from-process");
	oc_config_free(&c);
}

Test(audit_config, channels_get_the_default_group_policy)
{
	write_file("openclaw.json", "{ channels: { defaults: {}, irc: {}, slack: { groupPolicy: 'open' } } }");
	struct oc_config c;
	cr_assert_null(load("openclaw.json", &c));
	_cleanup_free_ char *s = print(cJSON_GetObjectItem(c.root, "channels"));
	cr_expect_str_eq(s, "{\"defaults\":{},\"irc\":{\"groupPolicy\":\"allowlist\"},"
			    "\"slack\":{\"groupPolicy\":\"open\"}}");
	oc_config_free(&c);
}

Test(audit_config, dotenv_sets_only_what_is_unset)
{
	setenv("CLAWAUDIT_T_KEEP", "kept", 1);
	unsetenv("CLAWAUDIT_T_A");
	unsetenv("CLAWAUDIT_T_B");
	unsetenv("CLAWAUDIT_T_C");
	write_file(".env", "# comment\nexport CLAWAUDIT_T_A=plain # trailing\n"
			   "CLAWAUDIT_T_B=\"two\\nlines\"\nCLAWAUDIT_T_C='single # not a comment'\n"
			   "CLAWAUDIT_T_KEEP=replaced\nnot a line\n");
	char path[256];
	snprintf(path, sizeof(path), "%s/.env", dir);
	oc_dotenv_load(path);
	cr_expect_str_eq(getenv("CLAWAUDIT_T_A"), "plain");
	cr_expect_str_eq(getenv("CLAWAUDIT_T_B"), "two\nlines");
	cr_expect_str_eq(getenv("CLAWAUDIT_T_C"), "single # not a comment");
	cr_expect_str_eq(getenv("CLAWAUDIT_T_KEEP"), "kept");
}

/* ---- checks the reference's schema keeps out of its CLI ------------------- */

static struct findings audit_of(const char *json5)
{
	struct oc_config c;
	write_file("openclaw.json", "%s", json5);
	cr_assert_null(load("openclaw.json", &c));
	struct audit_input in = { .cfg = c.root, .state_dir = dir,
				  .config_path = "/nonexistent/openclaw.json",
				  .includes = &c.includes, .home = dir };
	struct findings f;
	cr_assert_eq(audit_run(&in, &f), 0);
	oc_config_free(&c);
	return f;
}

static const struct finding *find(const struct findings *f, const char *id, int nth)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].check_id, id) == 0 && nth-- == 0)
			return &f->v[i];
	return NULL;
}

Test(audit_config, sandbox_isolation_switches_are_critical)
{
	struct findings f = audit_of(
		"{ agents: { defaults: { sandbox: { mode: 'all', docker: { network: ' HOST ',"
		" seccompProfile: 'unconfined', apparmorProfile: 'Unconfined',"
		" binds: ['data:/data', '/etc/passwd:/mnt/passwd:ro', '/run:/run'] } } } } }");
	const struct finding *rel = find(&f, "sandbox.bind_mount_non_absolute", 0);
	cr_assert_not_null(rel);
	cr_expect_eq(rel->severity, SEV_WARN);
	cr_expect(strstr(rel->detail, "\"data:/data\""));
	cr_expect_not_null(find(&f, "sandbox.dangerous_bind_mount", 1));
	const struct finding *net = find(&f, "sandbox.dangerous_network_mode", 0);
	cr_assert_not_null(net);
	cr_expect_eq(net->severity, SEV_CRITICAL);
	cr_expect(strstr(net->detail, "agents.defaults.sandbox.docker.network"));
	cr_expect_eq(find(&f, "sandbox.dangerous_seccomp_profile", 0)->severity, SEV_CRITICAL);
	cr_expect_eq(find(&f, "sandbox.dangerous_apparmor_profile", 0)->severity, SEV_CRITICAL);
	findings_free(&f);
	f = audit_of("{ agents: { defaults: { sandbox: { docker: { network: 'none',"
		     " seccompProfile: '/etc/seccomp.json' } } } } }");
	cr_expect_null(find(&f, "sandbox.dangerous_network_mode", 0));
	cr_expect_null(find(&f, "sandbox.dangerous_seccomp_profile", 0));
	findings_free(&f);
}
