/* SKILL.md frontmatter: every metadata shape real skills use, the errors
 * (with file and line), hostile input, and all 52 bundled OpenClaw skills. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clawshim/diag.h"
#include "clawshim/frontmatter.h"
#include "testutil.h"

static int parse(const char *text, struct cs_skill *s, struct cs_diags *d)
{
	return cs_skill_parse(text, strlen(text), "SKILL.md", s, d);
}

static const char *first_error(struct cs_diags *d)
{
	static char buf[512];
	char *m = d->n ? cs_diag_format(&d->v[0]) : NULL;
	snprintf(buf, sizeof(buf), "%s", m ? m : "");
	free(m);
	return buf;
}

static void expect_caps(const char *text, cs_capset want)
{
	struct cs_skill s;
	struct cs_diags d = { 0 };
	int r = parse(text, &s, &d);
	cr_assert_eq(r, 0, "%s", first_error(&d));
	cr_assert_eq(s.caps, want, "caps %#x want %#x", s.caps, want);
	cr_assert(s.declares_caps);
	cs_skill_free(&s);
	cs_diags_free(&d);
}

#define SHELL_NET (CS_CAPSET(CS_CAP_SHELL) | CS_CAPSET(CS_CAP_NETWORK))

Test(frontmatter, metadata_as_one_line_json)
{
	expect_caps("---\nname: w\ndescription: d\nmetadata: {\"openclaw\": {\"capabilities\": "
		    "[\"shell\", \"network\"]}}\n---\nbody\n",
		    SHELL_NET);
}

Test(frontmatter, metadata_as_multiline_flow_mapping_with_trailing_commas)
{
	expect_caps("---\nname: w\nmetadata:\n  {\n    \"openclaw\":\n      {\n        "
		    "\"emoji\": \"x\",\n        \"capabilities\": [\"shell\", \"network\",],\n"
		    "      },\n  }\n---\n",
		    SHELL_NET);
}

Test(frontmatter, metadata_as_block_mapping)
{
	expect_caps("---\nname: w\nmetadata:\n  openclaw:\n    capabilities:\n      - shell\n"
		    "      - network\n---\n",
		    SHELL_NET);
}

Test(frontmatter, metadata_as_json_string)
{
	expect_caps("---\nname: w\nmetadata: '{\"openclaw\":{\"capabilities\":[\"shell\","
		    "\"network\"]}}'\n---\n",
		    SHELL_NET);
}

Test(frontmatter, metadata_as_json5_block_string)
{
	expect_caps("---\nname: w\nmetadata: |\n  {\n    // the skill's needs\n    openclaw: "
		    "{ capabilities: ['shell', 'network',], },\n  }\n---\n",
		    SHELL_NET);
}

Test(frontmatter, crlf_bom_and_dots_fence)
{
	expect_caps("\xef\xbb\xbf---\r\nname: w\r\nmetadata: {\"openclaw\": {\"capabilities\": "
		    "[\"filesystem\"]}}\r\n...\r\nbody",
		    CS_CAPSET(CS_CAP_FILESYSTEM));
}

Test(frontmatter, fields_and_body)
{
	struct cs_skill s;
	cr_assert_eq(parse("---\nname: gh\ndescription: \"GitHub: issues\"\ncommand-dispatch: "
			   "tool\ncommand-tool: exec\nmetadata: {\"openclaw\": {\"capabilities\":"
			   " [shell]}}\n---\n# Title\ntext\n",
			   &s, NULL),
		     0);
	cr_assert_str_eq(s.name, "gh");
	cr_assert_str_eq(s.description, "GitHub: issues");
	cr_assert_str_eq(s.command_dispatch, "tool");
	cr_assert_str_eq(s.command_tool, "exec");
	cr_assert_eq(s.body_line, 8);
	cr_assert_str_eq(s.text + s.body_offset, "# Title\ntext\n");
	struct cs_gate_verdict v;
	cr_assert_eq(cs_skill_dispatch_gate(&s, &v), 0);
	cs_skill_free(&s);
}

Test(frontmatter, dispatch_gate_refuses_tools_the_caps_do_not_unlock)
{
	const char *cases[][2] = {
		{ "exec", "[network]" }, { "gateway", "[shell, network, filesystem]" },
		{ "write", "[]" },       { "nonexistent", "[shell]" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];
		struct cs_skill s;
		struct cs_gate_verdict v;
		snprintf(text, sizeof(text),
			 "---\nname: x\ncommand-dispatch: tool\ncommand-tool: %s\nmetadata: "
			 "{\"openclaw\": {\"capabilities\": %s}}\n---\n",
			 cases[i][0], cases[i][1]);
		cr_assert_eq(parse(text, &s, NULL), 0);
		cr_assert_eq(cs_skill_dispatch_gate(&s, &v), -EPERM, "%s", cases[i][0]);
		cr_assert_not(v.allowed);
		cs_skill_free(&s);
	}
}

Test(frontmatter, no_frontmatter_is_a_skill_without_capabilities)
{
	struct cs_skill s;
	cr_assert_eq(parse("# Just markdown\n", &s, NULL), 0);
	cr_assert_null(s.frontmatter);
	cr_assert_eq(s.caps, 0);
	cr_assert_not(s.declares_caps);
	cs_skill_free(&s);
	cr_assert_eq(parse("", &s, NULL), 0);
	cs_skill_free(&s);
}

struct bad_case {
	const char *text;
	const char *expect; /* substring of the formatted error */
};

Test(frontmatter, errors_name_file_line_and_key)
{
	const struct bad_case cases[] = {
		{ "---\nname: x\n", "SKILL.md:1:1: the frontmatter opened" },
		{ "---\nname: [unclosed\n---\n", "SKILL.md:" },
		{ "---\n- a\n- b\n---\n", "SKILL.md:2:1: the frontmatter must be a mapping" },
		{ "---\nname: a\nname: b\n---\n", "SKILL.md:3:1: name: duplicate key (first defined at line 2)" },
		{ "---\nname: [a]\n---\n", "SKILL.md:2:7: name: must be a string" },
		{ "---\nname: x\nmetadata:\n  openclaw:\n    capabilities: [shell, teleport]\n---\n",
		  "SKILL.md:5:27: metadata.openclaw.capabilities: unknown capability 'teleport'" },
		{ "---\nname: x\nmetadata:\n  openclaw:\n    capabilities: shell\n---\n",
		  "SKILL.md:5:19: metadata.openclaw.capabilities: must be a list" },
		{ "---\nname: x\nmetadata: '{\"openclaw\": {'\n---\n", "SKILL.md:3:" },
		{ "---\nname: x\nmetadata: 42\n---\n", "metadata: must be a mapping or a string" },
		{ "---\nname: x\ncommand-dispatch: tool\n---\n", "needs a 'command-tool'" },
		{ "---\nname: x\nmetadata: '{\"openclaw\": {\"capabilities\": [\"nope\"]}}'\n---\n",
		  "SKILL.md:3:" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cs_skill s;
		struct cs_diags d = { 0 };
		cr_assert_lt(parse(cases[i].text, &s, &d), 0, "case %zu", i);
		const char *e = first_error(&d);
		cr_assert(strstr(e, cases[i].expect), "case %zu: got '%s', want '%s'", i, e,
			  cases[i].expect);
		cs_diags_free(&d);
	}
}

Test(frontmatter, hostile_input_never_crashes)
{
	struct cs_diags d = { 0 };
	struct cs_skill s;
	char garbage[4096];
	unsigned seed = 12345;

	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof(garbage); i++)
			garbage[i] = (char)((seed = seed * 1103515245 + 12345) >> 16);
		memcpy(garbage, "---\n", 4);
		if (cs_skill_parse(garbage, sizeof(garbage), "g", &s, &d) == 0)
			cs_skill_free(&s);
		cs_diags_free(&d);
	}
	/* NUL bytes: refused as not text. */
	cr_assert_lt(cs_skill_parse("---\n\0\n---\n", 10, "g", &s, &d), 0);
	cs_diags_free(&d);
}

Test(frontmatter, deep_nesting_is_an_error)
{
	size_t depth = 5000, n = 0;
	char *t = malloc(depth * 2 + 64);
	n += (size_t)sprintf(t, "---\nname: x\nmetadata: ");
	for (size_t i = 0; i < depth; i++)
		t[n++] = '[';
	for (size_t i = 0; i < depth; i++)
		t[n++] = ']';
	n += (size_t)sprintf(t + n, "\n---\n");
	struct cs_skill s;
	struct cs_diags d = { 0 };
	cr_assert_lt(cs_skill_parse(t, n, "deep", &s, &d), 0);
	cr_assert(strstr(first_error(&d), "nesting deeper than"), "%s", first_error(&d));
	cs_diags_free(&d);
	free(t);
}

Test(frontmatter, ten_megabyte_frontmatter_is_refused_cleanly)
{
	size_t size = 10u << 20;
	char *t = malloc(size + 32);
	memcpy(t, "---\nname: x\ndescription: ", 25);
	memset(t + 25, 'a', size);
	memcpy(t + 25 + size, "\n---\n", 5);
	struct cs_skill s;
	struct cs_diags d = { 0 };
	cr_assert_eq(cs_skill_parse(t, size + 30, "big", &s, &d), -EFBIG);
	cr_assert(strstr(first_error(&d), "larger than"), "%s", first_error(&d));
	cs_diags_free(&d);
	free(t);
}

Test(frontmatter, every_bundled_openclaw_skill_parses)
{
	const char *dir = CS_SRCDIR "/tests/fixtures/skills/openclaw-bundled";
	DIR *dp = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(dp);
	while ((e = readdir(dp))) {
		char path[1024];
		struct cs_skill s;
		struct cs_diags d = { 0 };
		if (e->d_name[0] == '.' || e->d_type != DT_DIR)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		int r = cs_skill_load(path, &s, &d);
		cr_assert_eq(r, 0, "%s: %s", e->d_name, first_error(&d));
		/* canvas ships without frontmatter; every other names itself. */
		if (!s.frontmatter) {
			cr_assert_str_eq(e->d_name, "canvas");
			cs_skill_free(&s);
			n++;
			continue;
		}
		cr_assert_str_eq(s.name, e->d_name);
		cr_assert_not_null(s.description, "%s has a description", e->d_name);
		if (s.metadata)
			cr_assert(cJSON_IsObject(cJSON_GetObjectItem(s.metadata, "openclaw")), "%s",
				  e->d_name);
		cs_skill_free(&s);
		cs_diags_free(&d);
		n++;
	}
	closedir(dp);
	cr_assert_eq(n, 52);
}
