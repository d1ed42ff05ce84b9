/* Conformance with the reference audit: every state directory under
 * tests/fixtures/audit is laid out (modes, symlinks) and audited, and the
 * report must equal the one OpenClaw 2026.2.22 printed for it (stored beside
 * it as expected.json): same findings in the same order, same checkId,
 * severity, title, detail and remediation, same summary. The audit runs
 * in-process so that the sanitizer build covers it. */
#include "auditfx.h"
#include "clawshim/util.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIXTURES CS_SRCDIR "/tests/fixtures/audit"
#define DEEP_FIXTURES CS_SRCDIR "/tests/fixtures/audit-deep"

ParameterizedTestParameters(audit_fixtures, matches_reference)
{
	return auditfx_params(FIXTURES);
}

ParameterizedTestParameters(audit_fixtures, deep_matches_reference)
{
	return auditfx_params(DEEP_FIXTURES);
}

static const char *field(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void expect_same_field(const char *fx, int i, const cJSON *want, const cJSON *got,
			      const char *k)
{
	const char *w = field(want, k), *g = field(got, k);
	if (!w || !g) {
		cr_expect(!w && !g, "%s: finding %d (%s): %s %s", fx, i, field(want, "checkId"), k,
			  w ? "missing" : "unexpected");
		return;
	}
	cr_expect_str_eq(g, w, "%s: finding %d (%s): %s differs", fx, i, field(want, "checkId"), k);
}

static void expect_same_report(const char *fx, const cJSON *want, const cJSON *got)
{
	static const char *const sev[] = { "critical", "warn", "info" };
	const cJSON *ws = cJSON_GetObjectItemCaseSensitive(want, "summary");
	const cJSON *gs = cJSON_GetObjectItemCaseSensitive(got, "summary");
	for (int i = 0; i < 3; i++)
		cr_expect_eq(cJSON_GetObjectItemCaseSensitive(gs, sev[i])->valueint,
			     cJSON_GetObjectItemCaseSensitive(ws, sev[i])->valueint,
			     "%s: summary.%s differs", fx, sev[i]);
	const cJSON *wf = cJSON_GetObjectItemCaseSensitive(want, "findings");
	const cJSON *gf = cJSON_GetObjectItemCaseSensitive(got, "findings");
	int n = cJSON_GetArraySize(wf);
	cr_expect_eq(cJSON_GetArraySize(gf), n, "%s: %d findings, the reference has %d", fx,
		     cJSON_GetArraySize(gf), n);
	for (int i = 0; i < n && i < cJSON_GetArraySize(gf); i++) {
		const cJSON *w = cJSON_GetArrayItem(wf, i), *g = cJSON_GetArrayItem(gf, i);
		static const char *const keys[] = { "checkId", "severity", "title", "detail",
						    "remediation" };
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			expect_same_field(fx, i, w, g, keys[k]);
		cr_expect_eq(cJSON_GetArraySize(g), cJSON_GetArraySize(w),
			     "%s: finding %d has other keys", fx, i);
	}
}

/* Audits the fixture in dir with argv and compares with its expected.json. */
static void audit_fixture(const char *dir, const char *name, int argc, char **argv)
{
	char fix[512], root[64], exp_path[600];
	int status;

	snprintf(fix, sizeof(fix), "%s/%s", dir, name);
	snprintf(exp_path, sizeof(exp_path), "%s/expected.json", fix);
	auditfx_lay_out(fix, root);
	auditfx_enter_env(fix, root);
	_cleanup_free_ char *got_text = auditfx_run(root, argc, argv, &status);
	cr_assert_eq(status, 0, "%s: clawaudit exited %d", name, status);
	_cleanup_free_ char *want_text = auditfx_read(exp_path);
	cJSON *got = cJSON_Parse(got_text), *want = cJSON_Parse(want_text);
	cr_assert_not_null(got, "%s: the report is not JSON:\n%s", name, got_text);
	cr_assert_not_null(want, "%s: expected.json is not JSON", name);
	expect_same_report(name, want, got);
	_cleanup_free_ char *wd = cJSON_PrintUnformatted(cJSON_GetObjectItem(want, "deep"));
	_cleanup_free_ char *gd = cJSON_PrintUnformatted(cJSON_GetObjectItem(got, "deep"));
	if (wd || gd)
		cr_expect(wd && gd && strcmp(wd, gd) == 0, "%s: deep differs:\n%s\n%s", name,
			  wd ? wd : "(none)", gd ? gd : "(none)");
	cJSON_Delete(got);
	cJSON_Delete(want);
	auditfx_remove(root);
}

ParameterizedTest(struct auditfx_fixture *f, audit_fixtures, matches_reference)
{
	char *argv[] = { "clawaudit", "--json", NULL };
	audit_fixture(FIXTURES, f->name, 2, argv);
}

/* With nothing listening on the gateway port the probe fails as the
 * reference's does; a short probe timeout keeps the suite quick. */
ParameterizedTest(struct auditfx_fixture *f, audit_fixtures, deep_matches_reference)
{
	char *argv[] = { "clawaudit", "--deep", "--json", "--probe-timeout", "300", NULL };
	audit_fixture(DEEP_FIXTURES, f->name, 5, argv);
}
