/* clawaudit --fix: compared with the reference's --fix on the fixtures under
 * tests/fixtures/audit-fix (same changes, same chmod actions, same report
 * after fixing) except where clawshim deliberately does better: it keeps the
 * config's mode while rewriting it (so its chmod reports the tightening the
 * reference's rewrite did silently), and it never replaces a symlinked
 * config by a regular file. Plus: comments survive, a second run changes
 * nothing, symlinks are never followed, an unparseable config is left
 * alone, and a writer killed at any step leaves the old or the new config,
 * never a torn one. */
#include "auditfx.h"
#include "../auditor/fix.h"
#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/util.h"
#include "proc.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIX_FIXTURES CS_SRCDIR "/tests/fixtures/audit-fix"
#define CLAWAUDIT CS_BUILDDIR "/bin/clawaudit"

ParameterizedTestParameters(audit_fix, matches_reference)
{
	return auditfx_params(FIX_FIXTURES);
}

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *compact(const cJSON *v)
{
	return cJSON_PrintUnformatted(v);
}

static void expect_same_json(const char *what, const cJSON *want, const cJSON *got)
{
	_cleanup_free_ char *w = compact(want);
	_cleanup_free_ char *g = compact(got);
	cr_expect_str_eq(g, w, "%s differs", what);
}

/* The reference rewrote the config (0600) before its chmod; clawshim keeps
 * the mode while editing and tightens it in the chmod, or skips a symlink. */
static bool deliberate_config_action(const cJSON *want, const cJSON *got, bool config_written,
				     bool config_is_link)
{
	const char *ws = str(want, "skipped"), *gs = str(got, "skipped");
	if (!config_written || !ws || strcmp(ws, "already") != 0)
		return false;
	if (config_is_link)
		return gs && strcmp(gs, "symlink") == 0;
	return !gs && cJSON_IsTrue(cJSON_GetObjectItem(got, "ok"));
}

static void expect_same_actions(const char *fx, const cJSON *want, const cJSON *got,
				const char *config_path, bool written, bool link)
{
	int n = cJSON_GetArraySize(want);
	cr_assert_eq(cJSON_GetArraySize(got), n, "%s: %d actions, the reference has %d", fx,
		     cJSON_GetArraySize(got), n);
	for (int i = 0; i < n; i++) {
		const cJSON *w = cJSON_GetArrayItem(want, i), *g = cJSON_GetArrayItem(got, i);
		cr_expect_str_eq(str(g, "path"), str(w, "path"), "%s: action %d", fx, i);
		if (strcmp(str(w, "path"), config_path) == 0 &&
		    deliberate_config_action(w, g, written, link))
			continue;
		char what[600];
		snprintf(what, sizeof(what), "%s: action %d (%s)", fx, i, str(w, "path"));
		expect_same_json(what, w, g);
	}
}

/* Same findings, ignoring the fs.config.symlink finding clawshim keeps
 * (it leaves the link in place). */
static void expect_same_findings(const char *fx, const cJSON *want, const cJSON *got, bool link)
{
	const cJSON *wf = cJSON_GetObjectItem(want, "findings");
	cJSON *gf = cJSON_Duplicate(cJSON_GetObjectItem(got, "findings"), 1);
	for (int i = cJSON_GetArraySize(gf) - 1; link && i >= 0; i--)
		if (strcmp(str(cJSON_GetArrayItem(gf, i), "checkId"), "fs.config.symlink") == 0)
			cJSON_DeleteItemFromArray(gf, i);
	char what[300];
	snprintf(what, sizeof(what), "%s: report findings", fx);
	expect_same_json(what, wf, gf);
	cJSON_Delete(gf);
}

ParameterizedTest(struct auditfx_fixture *f, audit_fix, matches_reference)
{
	char fix[512], root[64], path[600], config[128];
	struct stat st;
	int status;

	snprintf(fix, sizeof(fix), "%s/%s", FIX_FIXTURES, f->name);
	auditfx_lay_out(fix, root);
	snprintf(config, sizeof(config), "%s/state/openclaw.json", root);
	bool link = lstat(config, &st) == 0 && S_ISLNK(st.st_mode);
	auditfx_enter_env(fix, root);
	char *argv[] = { "clawaudit", "--fix", "--json", NULL };
	_cleanup_free_ char *out = auditfx_run(root, 3, argv, &status);
	cr_assert_eq(status, 0, "%s: exit %d", f->name, status);
	snprintf(path, sizeof(path), "%s/expected.json", fix);
	_cleanup_free_ char *want_text = auditfx_read(path);
	cJSON *want = cJSON_Parse(want_text), *got = cJSON_Parse(out);
	cr_assert_not_null(got, "%s: not JSON:\n%s", f->name, out);
	const cJSON *wfix = cJSON_GetObjectItem(want, "fix"), *gfix = cJSON_GetObjectItem(got, "fix");
	static const char *const same[] = { "ok", "stateDir", "configPath", "configWritten",
					    "changes", "errors" };
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char what[300];
		snprintf(what, sizeof(what), "%s: fix.%s", f->name, same[i]);
		expect_same_json(what, cJSON_GetObjectItem(wfix, same[i]),
				 cJSON_GetObjectItem(gfix, same[i]));
	}
	expect_same_actions(f->name, cJSON_GetObjectItem(wfix, "actions"),
			    cJSON_GetObjectItem(gfix, "actions"), "$ROOT/state/openclaw.json",
			    cJSON_IsTrue(cJSON_GetObjectItem(wfix, "configWritten")), link);
	expect_same_findings(f->name, cJSON_GetObjectItem(want, "report"),
			     cJSON_GetObjectItem(got, "report"), link);
	if (link)
		cr_expect(lstat(config, &st) == 0 && S_ISLNK(st.st_mode), "the link stays a link");
	cJSON_Delete(want);
	cJSON_Delete(got);
	auditfx_remove(root);
}

/* ---- behaviour beyond the reference ------------------------------------------ */

static char root[64];

static void setup(void)
{
	strcpy(root, "/tmp/clawaudit-fix-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
}

static void teardown(void)
{
	auditfx_remove(root);
}

TestSuite(fix_behaviour, .init = setup, .fini = teardown);

static void put(const char *rel, const char *text, mode_t mode)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
	cr_assert_eq(chmod(path, mode), 0);
}

static char *get(const char *rel)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return auditfx_read(path);
}

static mode_t mode_of(const char *rel)
{
	char path[512];
	struct stat st;
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	cr_assert_eq(lstat(path, &st), 0, "%s", path);
	return st.st_mode & 07777;
}

static struct result fix_cli(const char *state_rel, bool json)
{
	char state[256], home[128], env_state[300], env_home[160];
	snprintf(state, sizeof(state), "%s/%s", root, state_rel);
	snprintf(home, sizeof(home), "%s", root);
	snprintf(env_state, sizeof(env_state), "OPENCLAW_STATE_DIR=%s", state);
	snprintf(env_home, sizeof(env_home), "HOME=%s", home);
	char *argv[] = { CLAWAUDIT, "--fix", json ? "--json" : "--no-color", NULL };
	char *env[] = { env_home, env_state, "PATH=/usr/bin:/bin", "NO_COLOR=1", NULL };
	return run(argv, env);
}

static const char commented[] =
	"// OpenClaw config, hand-written\n"
	"{\n"
	"  /* logging: keep quiet */\n"
	"  logging: {\n"
	"    redactSensitive: 'off', // temporarily, while debugging\n"
	"    level: \"debug\",\n"
	"  },\n"
	"\n"
	"  channels: {\n"
	"    // the family group\n"
	"    whatsapp: {\n"
	"      groupPolicy: \"open\" /* for now */,\n"
	"      accounts: { 'work-phone': { groupPolicy: 'open', }, },\n"
	"    },\n"
	"    irc: { groupPolicy: \"open\" }, // irc is not --fix's business\n"
	"  },\n"
	"}\n";

static const char commented_fixed[] =
	"// OpenClaw config, hand-written\n"
	"{\n"
	"  /* logging: keep quiet */\n"
	"  logging: {\n"
	"    redactSensitive: 'tools', // temporarily, while debugging\n"
	"    level: \"debug\",\n"
	"  },\n"
	"\n"
	"  channels: {\n"
	"    // the family group\n"
	"    whatsapp: {\n"
	"      groupPolicy: \"allowlist\", \"groupAllowFrom\": [\"+15550001111\"] /* for now */,\n"
	"      accounts: { 'work-phone': { groupPolicy: 'allowlist', \"groupAllowFrom\": "
	"[\"+15550001111\"], }, },\n"
	"    },\n"
	"    irc: { groupPolicy: \"open\" }, // irc is not --fix's business\n"
	"  },\n"
	"}\n";

static void make_state(void)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/state", root);
	cr_assert_eq(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/state/credentials", root);
	cr_assert_eq(mkdir(p, 0755), 0);
	put("state/credentials/whatsapp-allowFrom.json",
	    "{ \"version\": 1, \"allowFrom\": [\"+15550001111\"] }", 0644);
}

Test(fix_behaviour, comments_and_formatting_survive)
{
	make_state();
	put("state/openclaw.json", commented, 0640);
	struct result r = fix_cli("state", true);
	cr_assert_eq(r.status, 0, "%s", r.err);
	_cleanup_free_ char *now = get("state/openclaw.json");
	cr_expect_str_eq(now, commented_fixed);
	_cleanup_free_ char *bak = get("state/openclaw.json.bak");
	cr_expect_str_eq(bak, commented, "the .bak holds the previous text");
	cr_expect_eq(mode_of("state/openclaw.json.bak"), 0600, "backups are owner-only");
	cr_expect_eq(mode_of("state/openclaw.json"), 0600);
	cr_expect(strstr(r.out, "\"channels.whatsapp.accounts.work-phone.groupAllowFrom=pairing-store\""));
}

Test(fix_behaviour, a_second_run_changes_nothing)
{
	make_state();
	put("state/openclaw.json", commented, 0644);
	cr_assert_eq(fix_cli("state", true).status, 0);
	_cleanup_free_ char *first = get("state/openclaw.json");
	struct result r = fix_cli("state", true);
	cr_assert_eq(r.status, 0);
	cJSON *j = cJSON_Parse(r.out);
	const cJSON *fx = cJSON_GetObjectItem(j, "fix");
	cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(fx, "configWritten")));
	cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(fx, "changes")), 0);
	const cJSON *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItem(fx, "actions")) {
		cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(a, "ok")), "%s changed again",
			  str(a, "path"));
		const char *s = str(a, "skipped");
		cr_expect(s && (strcmp(s, "already") == 0 || strcmp(s, "missing") == 0));
	}
	cJSON_Delete(j);
	_cleanup_free_ char *second = get("state/openclaw.json");
	cr_expect_str_eq(second, first);
	r = fix_cli("state", false);
	cr_expect(strstr(r.out, "Fixes: no changes applied\n"), "%s", r.out);
}

Test(fix_behaviour, symlinks_are_reported_not_followed)
{
	char p[256], t[256];
	make_state();
	put("state/openclaw.json", "{ logging: { redactSensitive: 'off' } }", 0644);
	/* a credentials file that points outside: never chmodded */
	put("outside.json", "{}", 0644);
	snprintf(t, sizeof(t), "%s/outside.json", root);
	snprintf(p, sizeof(p), "%s/state/credentials/link.json", root);
	cr_assert_eq(symlink(t, p), 0);
	/* the state dir itself reached through a link */
	snprintf(t, sizeof(t), "%s/state", root);
	snprintf(p, sizeof(p), "%s/state-link", root);
	cr_assert_eq(symlink(t, p), 0);
	struct result r = fix_cli("state-link", true);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"skipped\": \"symlink\""), "%s", r.out);
	cr_expect_null(strstr(r.out, "link.json"), "a symlinked credentials file is not an action");
	cr_expect_eq(mode_of("state"), 0755, "the link's target is left alone");
	cr_expect_eq(mode_of("outside.json"), 0644);
	cr_expect_eq(mode_of("state/credentials"), 0700, "what is inside is still tightened");
}

Test(fix_behaviour, unparseable_config_changes_nothing)
{
	make_state();
	put("state/openclaw.json", "{ logging: { redactSensitive: 'off' ", 0644);
	struct result r = fix_cli("state", true);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "openclaw.json:1:"), "%s", r.err);
	_cleanup_free_ char *now = get("state/openclaw.json");
	cr_expect_str_eq(now, "{ logging: { redactSensitive: 'off' ");
	cr_expect_eq(mode_of("state/openclaw.json"), 0644);
	cr_expect_eq(mode_of("state"), 0755);
	char bak[256];
	snprintf(bak, sizeof(bak), "%s/state/openclaw.json.bak", root);
	cr_expect_neq(access(bak, F_OK), 0);
}

Test(fix_behaviour, editing_keeps_the_mode_and_the_include_it_lives_in)
{
	make_state();
	put("state/openclaw.json", "{ $include: './ch.json5' }\n", 0640);
	put("state/ch.json5", "// channels\n{ channels: { telegram: { groupPolicy: 'open' } } }\n", 0644);
	char cfg[256];
	snprintf(cfg, sizeof(cfg), "%s/state/openclaw.json", root);
	struct oc_config c;
	struct cs_diags d = { 0 };
	cr_assert_eq(oc_config_load(cfg, &c, &d), 0);
	struct fix_input in = { .state_dir = cfg, .config_path = cfg, .cfg = &c, .home = root };
	struct fix_result r = { 0 };
	fix_config(&in, &r);
	cr_expect(r.config_written);
	cr_expect_eq(r.errors.n, 0);
	_cleanup_free_ char *inc = get("state/ch.json5");
	cr_expect_str_eq(inc, "// channels\n{ channels: { telegram: { groupPolicy: 'allowlist' } } }\n");
	cr_expect_eq(mode_of("state/ch.json5"), 0644, "fix_config keeps the mode; chmod is separate");
	_cleanup_free_ char *top = get("state/openclaw.json");
	cr_expect_str_eq(top, "{ $include: './ch.json5' }\n", "the top file had nothing to change");
	fix_result_free(&r);
	oc_config_free(&c);
}

/* ---- crash safety -------------------------------------------------------------- */

/* Kills the fixing process at the nth call of syscall (strace fault
 * injection) and checks that the config is the old text or the new one. */
static int kill_at(const char *syscall, int nth, const char *old, const char *fixed)
{
	char spec[128], env_state[300], env_home[160];
	snprintf(spec, sizeof(spec), "inject=%s:signal=KILL:when=%d", syscall, nth);
	snprintf(env_state, sizeof(env_state), "OPENCLAW_STATE_DIR=%s/state", root);
	snprintf(env_home, sizeof(env_home), "HOME=%s", root);
	put("state/openclaw.json", old, 0600);
	char bak[256];
	snprintf(bak, sizeof(bak), "%s/state/openclaw.json.bak", root);
	unlink(bak);
	char *argv[] = { "/usr/bin/strace", "-f", "-qq", "-o", "/dev/null", "-e", spec,
			 CLAWAUDIT, "--fix", "--json", NULL };
	char *env[] = { env_home, env_state, "PATH=/usr/bin:/bin", NULL };
	struct result r = run(argv, env);
	_cleanup_free_ char *now = get("state/openclaw.json");
	bool is_old = strcmp(now, old) == 0, is_new = strcmp(now, fixed) == 0;
	cr_assert(is_old || is_new, "killed at %s #%d: torn config:\n%s", syscall, nth, now);
	return r.status;
}

Test(fix_behaviour, a_killed_writer_leaves_the_old_or_the_new_config)
{
	static const char old[] = "// keep me\n{ logging: { redactSensitive: 'off' } }\n";
	static const char fixed[] = "// keep me\n{ logging: { redactSensitive: 'tools' } }\n";
	if (access("/usr/bin/strace", X_OK) != 0)
		cr_skip_test("strace is not installed (make deps installs it)");
	make_state();
	int killed = 0;
	for (int n = 1; n <= 6; n++) {
		killed += kill_at("write", n, old, fixed) == 128 + 9;
		killed += kill_at("fsync", n, old, fixed) == 128 + 9;
		killed += kill_at("rename", n, old, fixed) == 128 + 9;
		killed += kill_at("fchmod", n, old, fixed) == 128 + 9;
	}
	cr_expect_geq(killed, 8, "the injections must actually hit the writer (%d did)", killed);
	/* and when nothing kills it, the new text is there */
	cr_expect_eq(kill_at("getpgid", 1, old, fixed), 0);
	_cleanup_free_ char *now = get("state/openclaw.json");
	cr_expect_str_eq(now, fixed);
}
