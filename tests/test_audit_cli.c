/* `clawaudit` (the configuration audit) as users meet it: the report in both
 * forms, --fail-on, --config and --state-dir, and the refusals (usage
 * errors, unreadable or invalid configs). Real processes throughout. */
#include "proc.h"
#include "tmpdir.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLAWAUDIT CS_BUILDDIR "/bin/clawaudit"

static const char *root;
static char state[96], env_home[128], env_state[160];

static void setup(void)
{
	root = tmpdir_make("/tmp/clawaudit-cli-XXXXXX");
	snprintf(state, sizeof(state), "%s/state", root);
	cr_assert_eq(mkdir(state, 0700), 0);
	snprintf(env_home, sizeof(env_home), "HOME=%s", root);
	snprintf(env_state, sizeof(env_state), "OPENCLAW_STATE_DIR=%s", state);
}

TestSuite(audit_cli, .init = setup, .fini = tmpdir_remove);

static void write_config(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
	cr_assert_eq(chmod(path, mode), 0);
}

static struct result audit(const char *a1, const char *a2, const char *a3)
{
	char *argv[] = { CLAWAUDIT, (char *)a1, (char *)a2, (char *)a3, NULL };
	char *env[] = { env_home, env_state, "PATH=/usr/bin:/bin", "NO_COLOR=1", NULL };
	return run(argv, env);
}

#define CLEAN_CONFIG                                                                               \
	"{ gateway: { auth: { token: '0123456789abcdef0123456789abcdef' },"                        \
	" trustedProxies: ['127.0.0.1'] } }"

Test(audit_cli, json_report_has_the_reference_shape)
{
	char cfg[160];
	snprintf(cfg, sizeof(cfg), "%s/openclaw.json", state);
	write_config(cfg, "{}", 0600);
	struct result r = audit("--json", NULL, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cJSON *j = cJSON_Parse(r.out);
	cr_assert_not_null(j, "%s", r.out);
	cr_expect(cJSON_IsNumber(cJSON_GetObjectItem(j, "ts")));
	const cJSON *s = cJSON_GetObjectItem(j, "summary");
	cr_expect_eq(cJSON_GetObjectItem(s, "critical")->valueint, 2);
	cr_expect_eq(cJSON_GetObjectItem(s, "warn")->valueint, 1);
	cr_expect_eq(cJSON_GetObjectItem(s, "info")->valueint, 1);
	const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "findings"), 0);
	cr_expect_str_eq(cJSON_GetObjectItem(first, "checkId")->valuestring, "summary.attack_surface");
	cr_expect_null(cJSON_GetObjectItem(first, "remediation"), "absent, not null, when none");
	cJSON_Delete(j);
	/* two-space indentation, as JSON.stringify(report, null, 2) */
	cr_expect(strstr(r.out, "{\n  \"ts\": "), "%s", r.out);
	cr_expect(strstr(r.out, "\n    {\n      \"checkId\": \"summary.attack_surface\",\n"));
}

Test(audit_cli, text_report_groups_by_severity_without_colour_under_no_color)
{
	struct result r = audit(NULL, NULL, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_null(strchr(r.out, '\033'), "no escape sequences with NO_COLOR");
	cr_expect(strstr(r.out, "OpenClaw security audit\nSummary: 2 critical \u00b7 1 warn \u00b7 1 info\n"),
		  "%s", r.out);
	const char *crit = strstr(r.out, "\nCRITICAL\n");
	const char *warn = strstr(r.out, "\nWARN\n");
	const char *info = strstr(r.out, "\nINFO\n");
	cr_assert(crit && warn && info && crit < warn && warn < info, "%s", r.out);
	cr_expect(strstr(crit, "gateway.loopback_no_auth Gateway auth missing on loopback\n  "
			       "gateway.bind is loopback"));
	cr_expect(strstr(crit, "\n  Fix: Set gateway.auth (token recommended)"));
	/* multi-line details stay under their finding */
	cr_expect(strstr(info, "\n  groups: open=0, allowlist=0\n  tools.elevated: enabled\n"),
		  "%s", info);
}

Test(audit_cli, fail_on_sets_the_exit_status)
{
	char cfg[160];
	snprintf(cfg, sizeof(cfg), "%s/openclaw.json", state);
	write_config(cfg, "{}", 0600);
	cr_expect_eq(audit("--fail-on", "critical", "--json").status, 1);
	cr_expect_eq(audit("--fail-on", "warn", "--json").status, 1);
	write_config(cfg, CLEAN_CONFIG, 0600);
	struct result r = audit("--fail-on", "warn", "--json");
	cr_expect_eq(r.status, 0, "only info findings: %s", r.out);
	cr_expect_eq(audit("--fail-on", "info", NULL).status, 2);
}

Test(audit_cli, config_and_state_dir_options_override_discovery)
{
	char other[160], cfg[200];
	snprintf(other, sizeof(other), "%s/other", root);
	cr_assert_eq(mkdir(other, 0755), 0);
	snprintf(cfg, sizeof(cfg), "%s/custom.json5", other);
	write_config(cfg, "{ logging: { redactSensitive: 'off' } }", 0644);
	struct result r = audit("--json", "--config", cfg);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"logging.redact_off\""));
	cr_expect(strstr(r.out, "\"fs.config.perms_world_readable\""));
	cr_expect(strstr(r.out, "custom.json5 mode=644"));
	r = audit("--json", "--state-dir", other);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"fs.state_dir.perms_readable\""), "%s", r.out);
	cr_expect(strstr(r.out, "/other mode=755"));
}

Test(audit_cli, invalid_config_is_refused_with_its_position)
{
	char cfg[160];
	snprintf(cfg, sizeof(cfg), "%s/openclaw.json", state);
	write_config(cfg, "{\n  gateway: { bind: 'lan' ]\n}\n", 0600);
	struct result r = audit("--json", NULL, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.out, "", "no report for a config that cannot be read");
	cr_expect(strstr(r.err, "openclaw.json:2:"), "%s", r.err);
	write_config(cfg, "{}", 0000);
	if (geteuid() != 0) {
		r = audit("--json", NULL, NULL);
		cr_expect_eq(r.status, 2);
		cr_expect(strstr(r.err, "cannot read the config"), "%s", r.err);
	}
}

Test(audit_cli, usage_errors)
{
	struct result r = audit("--bogus", NULL, NULL);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "unknown option '--bogus'"), "%s", r.err);
	r = audit("extra", NULL, NULL);
	cr_expect_eq(r.status, 2);
	r = audit("audit", "--json", "stray");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "unexpected argument 'stray'"), "%s", r.err);
	r = audit("audit", "--help", NULL);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "--fail-on LEVEL"));
}

/* Only the implicit defaults may be missing (an empty config is audited
 * then); a path named on the command line that is not there is a typo. */
Test(audit_cli, named_paths_that_do_not_exist_are_refused)
{
	char missing[160], file[160];
	snprintf(missing, sizeof(missing), "%s/typo", root);
	snprintf(file, sizeof(file), "%s/plain", root);
	write_config(file, "{}", 0600);

	struct result r = audit("--json", "--state-dir", missing);
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.out, "", "no report for a state dir that is not there");
	cr_expect(strstr(r.err, "--state-dir") && strstr(r.err, "No such file or directory"), "%s",
		  r.err);
	r = audit("--json", "--state-dir", file);
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "Not a directory"), "%s", r.err);
	r = audit("--json", "--config", missing);
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, "--config") && strstr(r.err, "No such file or directory"), "%s",
		  r.err);
	/* the default config inside an existing state dir may be missing */
	r = audit("--json", "--state-dir", state);
	cr_expect_eq(r.status, 0, "%s", r.err);
	r = audit("--json", NULL, NULL);
	cr_expect_eq(r.status, 0, "%s", r.err);
}
