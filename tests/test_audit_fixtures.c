/* Conformance with the reference audit: every state directory under
 * tests/fixtures/audit is laid out (modes, symlinks) and audited, and the
 * report must equal the one OpenClaw 2026.2.22 printed for it (stored beside
 * it as expected.json): same findings in the same order, same checkId,
 * severity, title, detail and remediation, same summary. The audit runs
 * in-process so that the sanitizer build covers it. */
#include "../auditor/audit_run.h"
#include "clawshim/util.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIXTURES CS_SRCDIR "/tests/fixtures/audit"
#define PREPARE CS_SRCDIR "/tests/audit/prepare.sh"
#define FIXTURE_ENV CS_SRCDIR "/tests/audit/fixture-env.sh"

struct fixture {
	char name[256];
};

static int is_fixture(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

ParameterizedTestParameters(audit_fixtures, matches_reference)
{
	struct dirent **list;
	int n = scandir(FIXTURES, &list, is_fixture, alphasort);
	cr_assert_gt(n, 0, "no fixtures under %s", FIXTURES);
	struct fixture *f = cr_malloc(sizeof(*f) * (size_t)n);
	for (int i = 0; i < n; i++) {
		snprintf(f[i].name, sizeof(f[i].name), "%s", list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return cr_make_param_array(struct fixture, f, (size_t)n);
}

static char *read_all(const char *path)
{
	char *text = NULL;
	size_t len;
	cr_assert_eq(cs_read_file(path, 8u << 20, &text, &len), 0, "cannot read %s", path);
	return text;
}

/* Every occurrence of from in s replaced by to (fresh string). */
static char *replace_all(const char *s, const char *from, const char *to)
{
	size_t n = 0, fl = strlen(from), tl = strlen(to);
	for (const char *p = strstr(s, from); p; p = strstr(p + fl, from))
		n++;
	char *out = malloc(strlen(s) + n * (tl > fl ? tl - fl : 0) + 1), *o = out;
	cr_assert_not_null(out);
	for (const char *p = s, *q; (q = strstr(p, from)); p = q + fl) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, to, tl);
		o += tl;
		s = q + fl;
	}
	strcpy(o, s);
	return out;
}

/* The fixture's environment, exactly: nothing of the test runner's leaks in. */
static void enter_fixture_env(const char *fix, const char *root)
{
	char cmd[1024];
	char line[4096];
	snprintf(cmd, sizeof(cmd), "sh '%s' '%s' '%s'", FIXTURE_ENV, fix, root);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	cr_assert_eq(clearenv(), 0);
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		char *eq = strchr(line, '=');
		cr_assert_not_null(eq, "bad env line '%s'", line);
		*eq = '\0';
		cr_assert_eq(setenv(line, eq + 1, 1), 0);
	}
	cr_assert_eq(pclose(p), 0);
}

/* Runs `clawaudit --json` in this process with stdout in a file; returns the
 * report with the fixture root written as $ROOT. */
static char *audit_report(const char *root)
{
	char out_path[512];
	snprintf(out_path, sizeof(out_path), "%s/report.json", root);
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert(saved >= 0 && fd >= 0);
	cr_assert_eq(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
	close(fd);
	char *argv[] = { "clawaudit", "--json", NULL };
	int rc = cs_cmd_audit(2, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	cr_assert_eq(rc, 0, "clawaudit --json exited %d", rc);
	_cleanup_free_ char *raw = read_all(out_path);
	return replace_all(raw, root, "$ROOT");
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

ParameterizedTest(struct fixture *f, audit_fixtures, matches_reference)
{
	char fix[512], root[] = "/tmp/clawaudit-fx-XXXXXX", cmd[2048], exp_path[600];

	snprintf(fix, sizeof(fix), "%s/%s", FIXTURES, f->name);
	snprintf(exp_path, sizeof(exp_path), "%s/expected.json", fix);
	cr_assert_not_null(mkdtemp(root));
	snprintf(cmd, sizeof(cmd), "sh '%s' '%s' '%s'", PREPARE, fix, root);
	cr_assert_eq(system(cmd), 0, "%s: cannot lay out the fixture", f->name);
	enter_fixture_env(fix, root);
	cr_assert_eq(chdir(root), 0);

	_cleanup_free_ char *got_text = audit_report(root);
	_cleanup_free_ char *want_text = read_all(exp_path);
	cJSON *got = cJSON_Parse(got_text), *want = cJSON_Parse(want_text);
	cr_assert_not_null(got, "%s: the report is not JSON:\n%s", f->name, got_text);
	cr_assert_not_null(want, "%s: expected.json is not JSON", f->name);
	expect_same_report(f->name, want, got);
	cJSON_Delete(got);
	cJSON_Delete(want);

	cr_assert_eq(chdir("/"), 0);
	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", root, root);
	if (system(cmd) != 0)
		cr_log_warn("cannot remove %s", root);
}
