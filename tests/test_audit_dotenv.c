/* .env files as dotenv 17 (the reference's parser) reads them: the expected
 * values are what dotenv.parse() returned for the same text. */
#include "../auditor/dotenv.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

struct dotenv_case {
	const char *text;
	const char *pairs[8]; /* key, value, key, value, ..., NULL */
};

static const struct dotenv_case cases[] = {
	{ "A=1\nB=2\n", { "A", "1", "B", "2", NULL } },
	{ "A=1\nA=2\n", { "A", "2", NULL } },
	{ "KEY: value\nK2:value2\n", { "KEY", "value", NULL } },
	{ "export A=1\nexport B\nexport=3\n", { "A", "1", "export", "3", NULL } },
	{ "A='single # not comment'\nB=\"double\\nline\"\nC=`back`\n", { "A", "single # not comment", "B", "double\nline", "C", "back", NULL } },
	{ "A=plain # comment\nB=plain#nospace\n# full comment\n", { "A", "plain", "B", "plain", NULL } },
	{ "A=\"multi\nline\nvalue\"\nB=after\n", { "A", "multi\nline\nvalue", "B", "after", NULL } },
	{ "A=1\r\nB=2\r\nC='x'\r\n", { "A", "1", "B", "2", "C", "x", NULL } },
	{ "  SPACED  =  padded value  \n", { "SPACED", "padded value", NULL } },
	{ "A=\nB=\"\"\nC=''\n", { "A", "", "B", "", "C", "", NULL } },
	{ "A=\n\"next line\"\n", { "A", "next line", NULL } },
	{ "A='it\\'s'\nB='un\\'closed\n", { "A", "it\\'s", "B", "'un\\'closed", NULL } },
	{ "DOT.KEY=1\ndash-key=2\n", { "DOT.KEY", "1", "dash-key", "2", NULL } },
	{ "A=\"x\" trailing\n", { "A", "\"x\" trailing", NULL } },
	{ "A=\"a\\rb\"\nB='a\\nb'\n", { "A", "a\rb", "B", "a\\nb", NULL } },
	{ "NOVALUE\nA=1\n", { "A", "1", NULL } },
	{ "A = \"  inner  \"\n", { "A", "  inner  ", NULL } },
};

Test(dotenv, parses_as_dotenv_does)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cs_strv keys = { 0 }, values = { 0 };
		const struct dotenv_case *c = &cases[i];
		cr_assert_eq(oc_dotenv_parse(c->text, strlen(c->text), &keys, &values), 0);
		size_t n = 0;
		while (c->pairs[2 * n])
			n++;
		cr_expect_eq(keys.n, n, "case %zu: %zu keys, want %zu", i, keys.n, n);
		for (size_t k = 0; k < n && k < keys.n; k++) {
			cr_expect_str_eq(keys.v[k], c->pairs[2 * k], "case %zu", i);
			cr_expect_str_eq(values.v[k], c->pairs[2 * k + 1], "case %zu: %s", i,
					 c->pairs[2 * k]);
		}
		cs_strv_free(&keys);
		cs_strv_free(&values);
	}
}
