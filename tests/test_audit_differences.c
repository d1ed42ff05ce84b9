/* Where clawaudit deliberately differs from the reference audit because the
 * reference is wrong (README, "Deliberate differences"): an invalid browser
 * profile URL (the reference dies with an uncaught exception), a raw U+2028
 * in the config (the reference never finishes), and --fix on a config whose
 * $include file escapes a reference as $${VAR} (the reference writes it back
 * as ${VAR}, a reference to a variable that is not there). Real processes. */
#include "proc.h"
#include "tmpdir.h"

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
	root = tmpdir_make("/tmp/clawaudit-diff-XXXXXX");
	snprintf(state, sizeof(state), "%s/state", root);
	cr_assert_eq(mkdir(state, 0700), 0);
	snprintf(env_home, sizeof(env_home), "HOME=%s", root);
	snprintf(env_state, sizeof(env_state), "OPENCLAW_STATE_DIR=%s", state);
}

TestSuite(audit_differences, .init = setup, .fini = tmpdir_remove);

static void write_state_file(const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", state, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(chmod(path, 0600), 0);
}

static char *read_state_file(const char *name)
{
	char path[256];
	static char buf[4096];
	snprintf(path, sizeof(path), "%s/%s", state, name);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "%s", path);
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static struct result audit(const char *a1, const char *a2)
{
	char *argv[] = { CLAWAUDIT, (char *)a1, (char *)a2, NULL };
	char *env[] = { env_home, env_state, "PATH=/usr/bin:/bin", "NO_COLOR=1", NULL };
	return run(argv, env);
}

/* The reference resolves every profile while it lists them and an invalid
 * cdpUrl throws out of the whole audit; clawaudit names the profile and goes
 * on (the other profiles are still checked). */
Test(audit_differences, invalid_browser_profile_url_is_a_finding)
{
	write_state_file("openclaw.json",
			 "{ browser: { profiles: {"
			 " bad: { cdpUrl: 'http://ex ample.com:9222', color: '#FF0000' },"
			 " remote: { cdpUrl: 'http://10.0.0.5:9222', color: '#FF0000' },"
			 " odd: { cdpUrl: 'ftp://example.com', color: '#FF0000' },"
			 " none: { color: '#FF0000' } } } }");
	struct result r = audit("--json", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"browser.control_invalid_config\""), "%s", r.out);
	cr_expect(strstr(r.out, "Fix browser.profiles.bad.cdpUrl in"), "%s", r.out);
	cr_expect(strstr(r.out, "\"detail\": \"TypeError: Invalid URL\""), "%s", r.out);
	cr_expect(strstr(r.out, "Error: browser.profiles.odd.cdpUrl must be http(s), got: ftp"),
		  "%s", r.out);
	cr_expect(strstr(r.out, "Error: Profile \\\"none\\\" must define cdpPort or cdpUrl."), "%s",
		  r.out);
	cr_expect(strstr(r.out, "browser profile \\\"remote\\\" uses http CDP (http://10.0.0.5:9222)"),
		  "the valid profile is still checked: %s", r.out);
}

/* U+2028 and U+2029 are white space to JSON5 and legal in its strings; the
 * reference loops forever on a raw one. */
Test(audit_differences, raw_line_separator_in_the_config)
{
	write_state_file("openclaw.json", "{\xe2\x80\xa8logging:\xe2\x80\xa9{ redactSensitive: 'off' },"
					  " ui: { assistant: { name: 'a\xe2\x80\xa8" "b' } } }");
	struct result r = audit("--json", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "\"logging.redact_off\""), "%s", r.out);
}

/* The reference's --fix rewrites the whole config with its $include files
 * merged in, and a $${VAR} (a literal "${VAR}") comes back as ${VAR}; after
 * that the config no longer loads. clawaudit edits only the values it fixes,
 * in the file that holds them. */
Test(audit_differences, fix_keeps_escaped_references_in_includes)
{
	write_state_file("openclaw.json", "{ $include: './inc.json5', logging: { level: 'info' } }\n");
	write_state_file("inc.json5", "{ channels: { discord: { groupPolicy: 'open',"
				      " token: '$${NOT_A_VAR}' } } }\n");
	struct result r = audit("--fix", "--json");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "channels.discord.groupPolicy=open -> allowlist"), "%s", r.out);
	const char *inc = read_state_file("inc.json5");
	cr_expect(strstr(inc, "groupPolicy: 'allowlist'"), "%s", inc);
	cr_expect(strstr(inc, "token: '$${NOT_A_VAR}'"), "the escape is kept: %s", inc);
	cr_expect(strstr(read_state_file("openclaw.json"), "$include: './inc.json5'"));
	r = audit("--json", NULL);
	cr_expect_eq(r.status, 0, "the fixed config still loads: %s", r.err);
}
