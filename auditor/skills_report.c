/* The reports of `clawaudit skills`: JSON trees and the human overview. */
#include "skills.h"
#include "clawshim/caps.h"
#include "clawshim/tiers.h"
#include "clawshim/utf8.h"
#include "clawshim/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- JSON ---------------------------------------------------------------------- */

/* A copy of s with each malformed UTF-8 sequence (stray bytes, a
 * character cut short, an encoded surrogate, an overlong form) replaced by
 * U+FFFD; NULL when s is well-formed already or on allocation failure
 * (*failed tells which). */
static char *utf8_repaired(const char *s, bool *failed)
{
	size_t n = strlen(s), bad = 0, used;

	*failed = false;
	for (size_t i = 0; i < n; i += used)
		if (cs_utf8_decode((const unsigned char *)s + i, n - i, &used) == 0xFFFD &&
		    used == 1)
			bad++;
	if (!bad)
		return NULL;
	char *out = malloc(n + 2 * bad + 1), *o = out;
	if (!out) {
		*failed = true;
		return NULL;
	}
	for (size_t i = 0; i < n; i += used) {
		uint32_t cp = cs_utf8_decode((const unsigned char *)s + i, n - i, &used);
		if (cp == 0xFFFD && used == 1)
			o += cs_utf8_encode(0xFFFD, o);
		else
			memcpy(o, s + i, used), o += used;
	}
	*o = '\0';
	return out;
}

/* Everything a report quotes comes from files an attacker wrote (SKILL.md
 * text, names, paths) or from cuts made in it; cJSON copies bytes as they
 * are. So every string is made well-formed UTF-8 here, once, before
 * printing: the report is valid JSON whatever one skill holds. */
static int utf8_sanitize(cJSON *node, unsigned depth)
{
	for (cJSON *it = node ? node->child : NULL; it && depth < 64; it = it->next) {
		bool failed;
		if (cJSON_IsString(it) && it->valuestring) {
			char *fixed = utf8_repaired(it->valuestring, &failed);
			if (failed)
				return -ENOMEM;
			if (fixed) {
				free(it->valuestring);
				it->valuestring = fixed;
			}
		} else if ((cJSON_IsObject(it) || cJSON_IsArray(it)) &&
			   utf8_sanitize(it, depth + 1) < 0) {
			return -ENOMEM;
		}
	}
	return 0;
}

static cJSON *caps_json(const struct cs_skill_entry *e)
{
	cJSON *a = cJSON_CreateArray();
	for (int c = 0; e->parsed && c < CS_CAP_COUNT; c++)
		if (cs_capset_has(e->skill.caps, (enum cs_cap)c))
			cJSON_AddItemToArray(a, cJSON_CreateString(cs_cap_name((enum cs_cap)c)));
	return a;
}

/* The tools the declared capabilities unlock (the always-allowed tier is
 * the same for every skill and is left out). */
static cJSON *tools_json(const struct cs_skill_entry *e)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; e->parsed && i < cs_tool_matrix_len; i++) {
		const struct cs_tool_row *r = &cs_tool_matrix[i];
		if (r->tier == CS_TIER_CAPABILITY_GATED && cs_capset_has(e->skill.caps, r->cap))
			cJSON_AddItemToArray(a, cJSON_CreateString(r->tool));
	}
	return a;
}

static cJSON *finding_json(const struct cs_scan_finding *f, const char *file, bool detail)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "ruleId", f->rule->id);
	cJSON_AddStringToObject(o, "file", file);
	cJSON_AddStringToObject(o, "category", cs_scan_category_name(f->rule->category));
	cJSON_AddStringToObject(o, "severity", cs_scan_severity_name(f->severity));
	cJSON_AddNumberToObject(o, "line", f->line);
	cJSON_AddStringToObject(o, "excerpt", f->excerpt);
	cJSON_AddStringToObject(o, "message", f->message);
	if (detail)
		cJSON_AddStringToObject(o, "explanation", f->rule->explanation);
	return o;
}

static cJSON *matrix_json(const struct cs_skill_entry *e)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < cs_tool_matrix_len; i++) {
		struct cs_gate_verdict v;
		cs_tool_gate(e->parsed ? e->skill.caps : 0, cs_tool_matrix[i].tool, &v);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "tool", cs_tool_matrix[i].tool);
		cJSON_AddStringToObject(o, "tier", cs_tier_name(v.tier));
		if (cs_tool_matrix[i].cap != CS_CAP_NONE)
			cJSON_AddStringToObject(o, "capability", cs_cap_name(cs_tool_matrix[i].cap));
		cJSON_AddBoolToObject(o, "allowed", v.allowed && e->parsed);
		cJSON_AddStringToObject(o, "reason", v.reason);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static void add_detail(cJSON *o, const struct cs_skill_entry *e)
{
	const struct cs_skill *s = &e->skill;
	cJSON_AddStringToObject(o, "source", e->source);
	if (e->parsed && s->description)
		cJSON_AddStringToObject(o, "description", s->description);
	cJSON_AddBoolToObject(o, "declaresCapabilities", e->parsed && s->declares_caps);
	if (e->parsed && s->command_dispatch) {
		cJSON *cd = cJSON_AddObjectToObject(o, "commandDispatch");
		struct cs_gate_verdict v;
		cJSON_AddStringToObject(cd, "mode", s->command_dispatch);
		if (s->command_tool)
			cJSON_AddStringToObject(cd, "tool", s->command_tool);
		cJSON_AddBoolToObject(cd, "allowed", cs_skill_dispatch_gate(s, &v) == 0);
		cJSON_AddStringToObject(cd, "reason", v.reason);
	}
	cJSON_AddItemToObject(o, "toolMatrix", matrix_json(e));
}

cJSON *cs_skill_entry_json(const struct cs_skill_entry *e, bool detail)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *fs;

	cJSON_AddStringToObject(o, "name", e->name);
	cJSON_AddStringToObject(o, "path", e->dir);
	cJSON_AddItemToObject(o, "capabilities", caps_json(e));
	cJSON_AddItemToObject(o, "tools", tools_json(e));
	cJSON_AddBoolToObject(o, "blocked", cs_skill_entry_blocked(e));
	if (e->error)
		cJSON_AddStringToObject(o, "error", e->error);
	if (e->note)
		cJSON_AddStringToObject(o, "note", e->note);
	if (detail)
		add_detail(o, e);
	if (e->files.note)
		cJSON_AddStringToObject(o, "filesNote", e->files.note);
	cJSON *files = cJSON_AddArrayToObject(o, "files");
	for (size_t i = 0; i < e->files.n; i++)
		cJSON_AddItemToArray(files, cJSON_CreateString(e->files.v[i].rel));
	fs = cJSON_AddArrayToObject(o, "findings");
	for (size_t i = 0; i < e->scan.n; i++)
		cJSON_AddItemToArray(fs, finding_json(&e->scan.v[i], "SKILL.md", detail));
	for (size_t k = 0; k < e->files.n; k++)
		for (size_t i = 0; i < e->files.v[k].scan.n; i++)
			cJSON_AddItemToArray(fs, finding_json(&e->files.v[k].scan.v[i],
							      e->files.v[k].rel, detail));
	if (utf8_sanitize(o, 0) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *summary_json(const struct cs_skillset *set, const struct cs_strv *locations)
{
	unsigned count[CS_SCAN_SEVERITY_COUNT] = { 0 }, blocked = 0;

	for (size_t i = 0; i < set->n; i++) {
		const struct cs_skill_entry *e = &set->v[i];
		blocked += cs_skill_entry_blocked(e);
		for (int s = 0; s < CS_SCAN_SEVERITY_COUNT; s++)
			count[s] += cs_skill_entry_count(e, (enum cs_scan_severity)s);
	}
	cJSON *sum = cJSON_CreateObject();
	cJSON_AddNumberToObject(sum, "skills", (double)set->n);
	cJSON_AddNumberToObject(sum, "blocked", blocked);
	cJSON_AddNumberToObject(sum, "critical", count[CS_SCAN_CRITICAL]);
	cJSON_AddNumberToObject(sum, "warn", count[CS_SCAN_WARN]);
	cJSON_AddNumberToObject(sum, "info", count[CS_SCAN_INFO]);
	cJSON *locs = cJSON_AddArrayToObject(sum, "locations");
	for (size_t i = 0; locations && i < locations->n; i++)
		cJSON_AddItemToArray(locs, cJSON_CreateString(locations->v[i]));
	if (utf8_sanitize(sum, 0) < 0) {
		cJSON_Delete(sum);
		return NULL;
	}
	return sum;
}

/* Printed one skill at a time: a tree of ten thousand skills would cost
 * more memory than the scan. */
int cs_skillset_print_json(FILE *f, const struct cs_skillset *set,
			   const struct cs_strv *locations)
{
	int r = 0;

	fputs("{\n\t\"skills\": [", f);
	for (size_t i = 0; r == 0 && i < set->n; i++) {
		cJSON *one = cs_skill_entry_json(&set->v[i], false);
		char *text = one ? cJSON_PrintUnformatted(one) : NULL;
		if (text)
			fprintf(f, "%s\n\t\t%s", i ? "," : "", text);
		else
			r = -ENOMEM;
		free(text);
		cJSON_Delete(one);
	}
	cJSON *sum = r == 0 ? summary_json(set, locations) : NULL;
	char *text = sum ? cJSON_PrintUnformatted(sum) : NULL;
	if (text)
		fprintf(f, "\n\t],\n\t\"summary\": %s\n}\n", text);
	else
		r = -ENOMEM;
	free(text);
	cJSON_Delete(sum);
	return fflush(f) == 0 ? r : -EIO;
}

/* ---- text -------------------------------------------------------------------------- */

#define RED(o)    ((o)->color ? "\033[1;31m" : "")
#define YELLOW(o) ((o)->color ? "\033[33m" : "")
#define GREEN(o)  ((o)->color ? "\033[32m" : "")
#define DIM(o)    ((o)->color ? "\033[2m" : "")
#define RESET(o)  ((o)->color ? "\033[0m" : "")

static const char *severity_color(const struct cs_skills_report_opts *o,
				  enum cs_scan_severity s)
{
	return s == CS_SCAN_CRITICAL ? RED(o) : s == CS_SCAN_WARN ? YELLOW(o) : DIM(o);
}

static void print_list(FILE *f, const char *label, const cJSON *a, const char *empty)
{
	const cJSON *it;
	bool first = true;

	fprintf(f, "    %s: ", label);
	cJSON_ArrayForEach(it, a) {
		fprintf(f, "%s%s", first ? "" : ", ", it->valuestring);
		first = false;
	}
	fprintf(f, "%s\n", first ? empty : "");
}

static void print_report(FILE *f, const struct cs_scan_report *r, const char *file,
			 const struct cs_skills_report_opts *o)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct cs_scan_finding *x = &r->v[i];
		fprintf(f, "    %s%-8s%s %s  %s:%u  %s\n", severity_color(o, x->severity),
			cs_scan_severity_name(x->severity), RESET(o), x->rule->id, file, x->line,
			cs_scan_category_name(x->rule->category));
		fprintf(f, "             %s\n", x->message);
		if (x->excerpt[0])
			fprintf(f, "             %s| %s%s\n", DIM(o), x->excerpt, RESET(o));
		if (o->detail)
			fprintf(f, "             why: %s\n", x->rule->explanation);
	}
}

static void print_findings(FILE *f, const struct cs_skill_entry *e,
			   const struct cs_skills_report_opts *o)
{
	print_report(f, &e->scan, "SKILL.md", o);
	for (size_t i = 0; i < e->files.n; i++)
		print_report(f, &e->files.v[i].scan, e->files.v[i].rel, o);
}

static void print_matrix(FILE *f, const struct cs_skill_entry *e,
			 const struct cs_skills_report_opts *o)
{
	fprintf(f, "    tool enforcement (what the capability gate decides):\n");
	for (size_t i = 0; i < cs_tool_matrix_len; i++) {
		struct cs_gate_verdict v;
		cs_tool_gate(e->parsed ? e->skill.caps : 0, cs_tool_matrix[i].tool, &v);
		bool ok = v.allowed && e->parsed;
		fprintf(f, "      %-15s %-17s %s%-7s%s", cs_tool_matrix[i].tool, cs_tier_name(v.tier),
			ok ? GREEN(o) : RED(o), ok ? "allow" : "deny", RESET(o));
		if (v.tier == CS_TIER_CAPABILITY_GATED)
			fprintf(f, " (%s)", cs_cap_name(cs_tool_matrix[i].cap));
		fputc('\n', f);
	}
}

static void print_dispatch(FILE *f, const struct cs_skill_entry *e)
{
	struct cs_gate_verdict v;
	const struct cs_skill *s = &e->skill;

	if (!e->parsed || !s->command_dispatch) {
		fprintf(f, "    command dispatch: none\n");
		return;
	}
	cs_skill_dispatch_gate(s, &v);
	fprintf(f, "    command dispatch: %s -> %s (%s)\n", s->command_dispatch,
		s->command_tool ? s->command_tool : "(no command-tool)", v.reason);
}

void cs_skill_entry_print(FILE *f, const struct cs_skill_entry *e,
			  const struct cs_skills_report_opts *o)
{
	bool blocked = cs_skill_entry_blocked(e);
	cJSON *caps = caps_json(e), *tools = tools_json(e);

	fprintf(f, "%s%-8s%s %s  %s%s%s\n", blocked ? RED(o) : GREEN(o),
		blocked ? "BLOCKED" : "ok", RESET(o), e->name, DIM(o), e->dir, RESET(o));
	if (e->error)
		fprintf(f, "    error: %s (capabilities unknown: blocked)\n", e->error);
	if (e->note)
		fprintf(f, "    note: %s\n", e->note);
	if (e->files.n) {
		fprintf(f, "    files read (SKILL.md points to them):");
		for (size_t i = 0; i < e->files.n; i++)
			fprintf(f, "%s %s", i ? "," : "", e->files.v[i].rel);
		fputc('\n', f);
	}
	if (e->files.note)
		fprintf(f, "    files not read: %s\n", e->files.note);
	if (o->detail && e->parsed && e->skill.description)
		fprintf(f, "    description: %s\n", e->skill.description);
	if (o->detail)
		fprintf(f, "    source: %s\n", e->source);
	print_list(f, "capabilities", caps,
		   e->parsed && e->skill.declares_caps ? "(none)" : "(none declared)");
	print_list(f, "tools unlocked", tools, "(none beyond the always-allowed tier)");
	if (o->detail) {
		print_dispatch(f, e);
		print_matrix(f, e, o);
	}
	print_findings(f, e, o);
	cJSON_Delete(caps);
	cJSON_Delete(tools);
}

void cs_skillset_print(FILE *f, const struct cs_skillset *set, const struct cs_strv *locations,
		       const struct cs_skills_report_opts *o)
{
	unsigned count[CS_SCAN_SEVERITY_COUNT] = { 0 }, blocked = 0;

	for (size_t i = 0; i < set->n; i++) {
		blocked += cs_skill_entry_blocked(&set->v[i]);
		for (int s = 0; s < CS_SCAN_SEVERITY_COUNT; s++)
			count[s] += cs_skill_entry_count(&set->v[i], (enum cs_scan_severity)s);
	}
	fprintf(f, "Skill security: %zu skill%s, %s%u blocked%s; findings: %u critical, %u warn, "
		   "%u info\n",
		set->n, set->n == 1 ? "" : "s", blocked ? RED(o) : "", blocked, RESET(o),
		count[CS_SCAN_CRITICAL], count[CS_SCAN_WARN], count[CS_SCAN_INFO]);
	for (size_t i = 0; locations && i < locations->n; i++)
		fprintf(f, "  scanned: %s\n", locations->v[i]);
	for (size_t i = 0; i < set->n; i++) {
		fputc('\n', f);
		cs_skill_entry_print(f, &set->v[i], o);
	}
}
