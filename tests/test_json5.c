/* The JSON5 reader against the json5-tests suite (vendored from
 * json5/json5-tests): .json and .json5 must parse, .js and .txt must fail;
 * plus values, positions and limits. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/util.h"
#include "testutil.h"

#define SUITE CS_SRCDIR "/tests/fixtures/json5-tests"

Test(json5, conformance_suite_passes_completely)
{
	static const char *const dirs[] = { "arrays", "comments", "misc", "new-lines", "numbers",
					    "objects", "strings", "todo" };
	int checked = 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char dir[512];
		snprintf(dir, sizeof(dir), "%s/%s", SUITE, dirs[i]);
		DIR *dp = opendir(dir);
		cr_assert_not_null(dp, "%s", dir);
		struct dirent *e;
		while ((e = readdir(dp))) {
			const char *ext = strrchr(e->d_name, '.');
			if (e->d_name[0] == '.' || !ext || !strcmp(ext, ".errorSpec") ||
			    !strcmp(ext, ".md"))
				continue;
			bool valid = !strcmp(ext, ".json") || !strcmp(ext, ".json5");
			char path[1024];
			char *text = NULL;
			size_t len;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			cr_assert_eq(cs_read_file(path, 1 << 20, &text, &len), 0);
			struct cs_diags d = { 0 };
			cJSON *v = cs_json5_parse(text, len, path, NULL, &d);
			cr_assert_eq(v != NULL, valid, "%s: %s", path, d.n ? d.v[0].msg : "parsed");
			if (!valid)
				cr_assert_geq(d.n, 1);
			cJSON_Delete(v);
			cs_diags_free(&d);
			free(text);
			checked++;
		}
		closedir(dp);
	}
	cr_assert_geq(checked, 110);
}

static cJSON *p(const char *s)
{
	return cs_json5_parse(s, strlen(s), "t", NULL, NULL);
}

Test(json5, values)
{
	cJSON *v = p("{unquoted: 'single \\' q', \"k\": [0x1F, .5, 5., +3, -Infinity, 1e3,], "
		     "s: 'a\\\nb', u: '\\u00e9\\uD83D\\uDE00', x: '\\x41', // c\n}");
	cr_assert_not_null(v);
	cr_assert_str_eq(cJSON_GetObjectItem(v, "unquoted")->valuestring, "single ' q");
	cJSON *k = cJSON_GetObjectItem(v, "k");
	cr_assert_eq(cJSON_GetArraySize(k), 6);
	cr_assert_eq(cJSON_GetArrayItem(k, 0)->valuedouble, 31);
	cr_assert_eq(cJSON_GetArrayItem(k, 1)->valuedouble, 0.5);
	cr_assert_eq(cJSON_GetArrayItem(k, 2)->valuedouble, 5);
	cr_assert_eq(cJSON_GetArrayItem(k, 3)->valuedouble, 3);
	cr_assert(isinf(cJSON_GetArrayItem(k, 4)->valuedouble));
	cr_assert_eq(cJSON_GetArrayItem(k, 5)->valuedouble, 1000);
	cr_assert_str_eq(cJSON_GetObjectItem(v, "s")->valuestring, "ab");
	cr_assert_str_eq(cJSON_GetObjectItem(v, "u")->valuestring, "\xc3\xa9\xf0\x9f\x98\x80");
	cr_assert_str_eq(cJSON_GetObjectItem(v, "x")->valuestring, "A");
	cJSON_Delete(v);
	v = p("NaN");
	cr_assert(isnan(v->valuedouble));
	cJSON_Delete(v);
	v = p("{a: 1, a: 2}");
	cr_assert_eq(cJSON_GetObjectItem(v, "a")->valuedouble, 2, "last duplicate wins");
	cr_assert_eq(cJSON_GetArraySize(v), 1);
	cJSON_Delete(v);
}

Test(json5, errors_carry_line_and_column)
{
	struct cs_diags d = { 0 };
	const char *s = "{\n  a: 1,\n  b: [1 2],\n}";
	cr_assert_null(cs_json5_parse(s, strlen(s), "cfg.json5", NULL, &d));
	char *m = cs_diag_format(&d.v[0]);
	cr_assert_str_eq(m, "cfg.json5:3:9: expected ',' or ']', found character '2'");
	free(m);
	cs_diags_free(&d);
	s = "{a: 1 /* open";
	cr_assert_null(cs_json5_parse(s, strlen(s), "c", NULL, &d));
	cr_assert(strstr(d.v[0].msg, "unterminated block comment"));
	cs_diags_free(&d);
	s = "'\xff'";
	cr_assert_null(cs_json5_parse(s, strlen(s), "c", NULL, &d));
	cr_assert(strstr(d.v[0].msg, "invalid UTF-8"));
	cs_diags_free(&d);
}

Test(json5, depth_limit)
{
	size_t depth = 200000;
	char *t = malloc(depth * 2);
	memset(t, '[', depth);
	memset(t + depth, ']', depth);
	struct cs_diags d = { 0 };
	cr_assert_null(cs_json5_parse(t, depth * 2, "deep", NULL, &d));
	cr_assert(strstr(d.v[0].msg, "nesting deeper than 128 levels"));
	cs_diags_free(&d);
	struct cs_json5_opts o = { .max_depth = 4 };
	cr_assert_null(cs_json5_parse("[[[[[1]]]]]", 11, "d", &o, &d));
	cJSON *ok = cs_json5_parse("[[[[1]]]]", 9, "d", &o, &d);
	cr_assert_not_null(ok);
	cJSON_Delete(ok);
	cs_diags_free(&d);
	free(t);
}

struct spans {
	int n;
	char last_path[128];
	size_t start, end;
};

static void on_value(void *ctx, const char *path, const cJSON *v, struct cs_json5_pos s,
		     struct cs_json5_pos e)
{
	struct spans *sp = ctx;
	(void)v;
	sp->n++;
	if (!strcmp(path, "$.logging.redactSensitive")) {
		snprintf(sp->last_path, sizeof(sp->last_path), "%s", path);
		sp->start = s.offset;
		sp->end = e.offset;
	}
}

Test(json5, value_spans_for_in_place_edits)
{
	const char *s = "{ // c\n logging: { redactSensitive: 'off' /* x */ }, }";
	struct spans sp = { 0 };
	struct cs_json5_opts o = { .on_value = on_value, .ctx = &sp };
	cJSON *v = cs_json5_parse(s, strlen(s), "c", &o, NULL);
	cr_assert_not_null(v);
	cr_assert_str_eq(sp.last_path, "$.logging.redactSensitive");
	cr_assert_eq(strncmp(s + sp.start, "'off'", sp.end - sp.start), 0);
	cr_assert_eq(sp.end - sp.start, 5);
	cr_assert_eq(sp.n, 3);
	cJSON_Delete(v);
}
