/* The tool tier matrix, checked row by row against the skill-security spec
 * for every one of the 128 capability sets, and the capability lists. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "clawshim/caps.h"
#include "clawshim/diag.h"
#include "clawshim/tiers.h"

/* The spec's matrix written out a second time, independently of
 * policy/tiers.c: tool -> unlocking capability name, "-" always allowed,
 * "X" always denied. */
static const struct {
	const char *tool, *cap;
} spec[] = {
	{ "gateway", "X" },        { "nodes", "X" },
	{ "exec", "shell" },       { "process", "shell" },         { "lobster", "shell" },
	{ "write", "filesystem" }, { "edit", "filesystem" },       { "apply_patch", "filesystem" },
	{ "web_fetch", "network" }, { "web_search", "network" },   { "browser", "browser" },
	{ "sessions_spawn", "sessions" }, { "sessions_send", "sessions" },
	{ "subagents", "sessions" }, { "message", "messaging" },   { "cron", "scheduling" },
	{ "read", "-" },           { "memory_search", "-" },       { "memory_get", "-" },
	{ "agents_list", "-" },    { "sessions_list", "-" },       { "sessions_history", "-" },
	{ "session_status", "-" }, { "canvas", "-" },              { "image", "-" },
	{ "tts", "-" },
};

Test(tiers, matrix_matches_spec_for_every_capability_set)
{
	cr_assert_eq(cs_tool_matrix_len, sizeof(spec) / sizeof(spec[0]));
	for (cs_capset caps = 0; caps <= CS_CAPSET_ALL; caps++) {
		for (size_t i = 0; i < sizeof(spec) / sizeof(spec[0]); i++) {
			struct cs_gate_verdict v;
			bool want;
			enum cs_cap c = CS_CAP_NONE;
			if (!strcmp(spec[i].cap, "X"))
				want = false;
			else if (!strcmp(spec[i].cap, "-"))
				want = true;
			else {
				cr_assert_eq(cs_cap_from_name(spec[i].cap, &c), 0);
				want = cs_capset_has(caps, c);
			}
			cs_tool_gate(caps, spec[i].tool, &v);
			cr_assert_eq(v.allowed, want, "tool %s caps %#x", spec[i].tool, caps);
			if (!want && c != CS_CAP_NONE) {
				cr_assert_eq(v.missing, c);
				cr_assert(strstr(v.reason, spec[i].cap), "%s", v.reason);
				cr_assert(strstr(v.reason, "capability-gated"), "%s", v.reason);
			}
			if (!strcmp(spec[i].cap, "X"))
				cr_assert(strstr(v.reason, "always-denied"), "%s", v.reason);
		}
	}
}

Test(tiers, unknown_tools_are_denied)
{
	const char *unknown[] = { "", "Exec", "exec ", "shell", "rm", "sessions", "gateway2" };
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		struct cs_gate_verdict v;
		cs_tool_gate(CS_CAPSET_ALL, unknown[i], &v);
		cr_assert_not(v.allowed, "'%s'", unknown[i]);
		cr_assert_eq(v.tier, CS_TIER_UNKNOWN);
	}
}

Test(tiers, table_is_sorted_and_unique)
{
	for (size_t i = 1; i < cs_tool_matrix_len; i++)
		cr_assert_lt(strcmp(cs_tool_matrix[i - 1].tool, cs_tool_matrix[i].tool), 0,
			     "%s before %s", cs_tool_matrix[i - 1].tool, cs_tool_matrix[i].tool);
}

Test(tiers, tools_unlocked_lists_allowed_tier_plus_gated)
{
	const char *out[64];
	size_t n = cs_tools_unlocked(0, out, 64);
	cr_assert_eq(n, 10);
	n = cs_tools_unlocked(CS_CAPSET(CS_CAP_SHELL), out, 64);
	cr_assert_eq(n, 13);
	n = cs_tools_unlocked(CS_CAPSET_ALL, out, 64);
	cr_assert_eq(n, cs_tool_matrix_len - 2);
}

Test(caps, lists_parse)
{
	cs_capset s;
	cr_assert_eq(cs_capset_parse("", &s, NULL), 0);
	cr_assert_eq(s, 0);
	cr_assert_eq(cs_capset_parse("  ", &s, NULL), 0);
	cr_assert_eq(s, 0);
	cr_assert_eq(cs_capset_parse("shell, network ", &s, NULL), 0);
	cr_assert_eq(s, CS_CAPSET(CS_CAP_SHELL) | CS_CAPSET(CS_CAP_NETWORK));
	/* One rule with profiles and SKILL.md: a repeated name is an error. */
	struct cs_diags d = { 0 };
	cr_assert_eq(cs_capset_parse("shell, network ,shell", &s, &d), -EINVAL);
	cr_assert_eq(d.n, 1);
	cr_assert_str_eq(d.v[0].msg, "capability 'shell' is listed twice");
	cs_diags_free(&d);
	cr_assert_eq(cs_capset_parse("shell,filesystem,network,browser,sessions,messaging,"
				     "scheduling",
				     &s, NULL),
		     0);
	cr_assert_eq(s, CS_CAPSET_ALL);
}

Test(caps, unknown_and_empty_names_are_errors)
{
	const char *bad[] = { "shel", "Shell", "shell,", ",network", "shell,,network", "exec",
			      "network;shell" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cs_diags d = { 0 };
		cs_capset s = 0x55;
		cr_assert_eq(cs_capset_parse(bad[i], &s, &d), -EINVAL, "'%s'", bad[i]);
		cr_assert_eq(s, 0x55, "output untouched on error");
		cr_assert_geq(d.n, 1);
		cs_diags_free(&d);
	}
}

Test(caps, format_round_trips)
{
	for (cs_capset caps = 0; caps <= CS_CAPSET_ALL; caps++) {
		char *s = cs_capset_format(caps);
		cs_capset back;
		cr_assert_eq(cs_capset_parse(s, &back, NULL), 0);
		cr_assert_eq(back, caps);
		free(s);
	}
}
