/* clawpolicy infer SKILL: the capabilities and profile a skill's SKILL.md
 * implies (policy/infer.c), each proposal with the line it came from. */
#include "clawpolicy.h"
#include "clawshim/exitcodes.h"
#include "clawshim/infer.h"
#include "clawshim/jsonout.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* What each capability's items are, as a heading. */
static const char *const cap_heading[CS_CAP_COUNT] = {
	[CS_CAP_SHELL] = "run programs (exec.allow)",
	[CS_CAP_FILESYSTEM] = "write files (filesystem.write)",
	[CS_CAP_NETWORK] = "connect to TCP ports (network.connect_tcp)",
	[CS_CAP_BROWSER] = "browser",
	[CS_CAP_SESSIONS] = "sessions",
	[CS_CAP_MESSAGING] = "messaging",
	[CS_CAP_SCHEDULING] = "scheduling",
};

static void print_item(const struct cs_infer_item *it, const char *why)
{
	printf("  %-26s line %u: %s\n", it->item, it->line, why);
	if (*it->text)
		printf("  %-26s   | %s\n", "", it->text);
}

/* The note said about the same thing, if any: it explains a bare capability. */
static const struct cs_infer_item *note_for(const struct cs_inference *inf,
					    const struct cs_infer_item *it)
{
	for (size_t i = 0; i < inf->n; i++)
		if (inf->v[i].kind == CS_INFER_NOTE && inf->v[i].cap == it->cap &&
		    strcmp(inf->v[i].item, it->item) == 0)
			return &inf->v[i];
	return NULL;
}

static bool has_concrete(const struct cs_inference *inf, enum cs_cap cap)
{
	for (size_t i = 0; i < inf->n; i++)
		if (inf->v[i].cap == cap && inf->v[i].kind != CS_INFER_CAP &&
		    inf->v[i].kind != CS_INFER_NOTE)
			return true;
	return false;
}

static void print_report(const struct cs_skill *s, const struct cs_inference *inf,
			 const struct cs_scan_report *scan)
{
	_cleanup_free_ char *declared = cs_capset_format(s->caps);
	_cleanup_free_ char *inferred = cs_capset_format(inf->caps);
	_cleanup_free_ char *beyond = cs_capset_format(inf->caps & ~s->caps);

	printf("Skill:      %s (%s)\n", s->name ? s->name : "(unnamed)", s->path);
	if (!s->frontmatter)
		printf("Declares:   nothing (no frontmatter)\n");
	else if (!s->declares_caps)
		printf("Declares:   nothing (no metadata.openclaw.capabilities)\n");
	else
		printf("Declares:   %s\n", declared && *declared ? declared : "(none)");
	printf("Inferred:   %s\n", inferred && *inferred ? inferred : "(none)");
	if (s->declares_caps && beyond && *beyond)
		printf("Beyond the declaration: %s (its text uses more than it declares)\n", beyond);
	if (scan->blocked)
		printf("Blocked:    yes, by the SKILL.md scanner: its tools never run, whatever "
		       "the profile\n");
	for (int c = 0; c < CS_CAP_COUNT; c++) {
		if (!cs_capset_has(inf->caps, (enum cs_cap)c))
			continue;
		bool concrete = has_concrete(inf, (enum cs_cap)c);
		printf("\n%s: %s\n", cs_cap_name((enum cs_cap)c), cap_heading[c]);
		for (size_t i = 0; i < inf->n; i++) {
			const struct cs_infer_item *it = &inf->v[i];
			const struct cs_infer_item *note = note_for(inf, it);
			if (it->cap != (enum cs_cap)c || it->kind == CS_INFER_NOTE)
				continue;
			if (it->kind != CS_INFER_CAP || !concrete || note)
				print_item(it, note ? note->why : it->why);
		}
		if (c == CS_CAP_NETWORK && inf->ports_unknown)
			printf("  %-28s no port named: the defaults 80 and 443\n", "80, 443");
	}
	bool notes = false;
	for (size_t i = 0; i < inf->n; i++) {
		const struct cs_infer_item *it = &inf->v[i];
		/* notes on an inferred capability were shown under it */
		if (it->kind != CS_INFER_NOTE ||
		    (it->cap != CS_CAP_NONE && cs_capset_has(inf->caps, it->cap)))
			continue;
		if (!notes)
			printf("\nNotes\n");
		notes = true;
		print_item(it, it->why);
	}
	if (!inf->caps)
		printf("\nNothing in SKILL.md asks for a capability: the always-allowed tools "
		       "suffice.\n");
}

static int report_json(const struct cs_skill *s, const struct cs_inference *inf,
		       const struct cs_scan_report *scan, const cJSON *profile)
{
	cJSON *o = cJSON_CreateObject();

	if (s->name)
		cJSON_AddStringToObject(o, "skill", s->name);
	else
		cJSON_AddNullToObject(o, "skill");
	cJSON_AddStringToObject(o, "path", s->path);
	if (s->declares_caps) {
		cJSON *d = cJSON_AddArrayToObject(o, "declared");
		for (int c = 0; c < CS_CAP_COUNT; c++)
			if (cs_capset_has(s->caps, (enum cs_cap)c))
				cJSON_AddItemToArray(d, cJSON_CreateString(cs_cap_name((enum cs_cap)c)));
	} else {
		cJSON_AddNullToObject(o, "declared");
	}
	cJSON_AddBoolToObject(o, "blocked", scan->blocked);
	cJSON_AddItemToObject(o, "inferred", cs_inference_to_json(inf));
	cJSON_AddItemToObject(o, "profile", cJSON_Duplicate(profile, true));
	_cleanup_free_ char *text = cs_json_print(o);
	cJSON_Delete(o);
	if (!text)
		return -ENOMEM;
	return cs_cli_emit(NULL, text);
}

int cs_cli_infer(int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
					      { "output", required_argument, NULL, 'o' },
					      { NULL, 0, NULL, 0 } };
	const char *out = NULL;
	bool json = false;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'o': out = optarg; break;
		default: return cs_cli_option_error("infer", c, argv);
		}
	}
	if (optind + 1 != argc)
		return cs_cli_usage_error("infer: %s", "expected one SKILL");
	if (json && out && strcmp(out, "-") == 0)
		return cs_cli_usage_error("infer: %s", "--json and -o - both write to stdout");

	struct cs_skill s;
	if (cs_cli_load_skill("infer", argv[optind], true, &s) < 0)
		return CS_EXIT_DENIED;
	struct cs_inference inf;
	struct cs_scan_report scan = { 0 };
	struct cs_profile p = { 0 };
	cJSON *pj = NULL;
	int r = cs_infer_skill(&s, NULL, &inf);
	if (r == 0)
		r = cs_scan_skill(&s, &scan);
	if (r == 0)
		r = cs_infer_profile(&inf, s.name, &p);
	if (r == 0 && !(pj = cs_profile_to_json(&p)))
		r = -ENOMEM;
	int status = CS_EXIT_OK;
	if (r < 0) {
		fprintf(stderr, "clawpolicy: infer: %s: %s\n", s.path, strerror(-r));
		status = CS_EXIT_DENIED;
	} else if (json) {
		if (report_json(&s, &inf, &scan, pj) < 0)
			status = CS_EXIT_DENIED;
		if (status == CS_EXIT_OK && out) {
			_cleanup_free_ char *text = cs_json_print(pj);
			if (!text || cs_cli_emit(out, text) < 0) {
				fprintf(stderr, "clawpolicy: infer: %s: cannot write\n", out);
				status = CS_EXIT_DENIED;
			}
		}
	} else {
		/* -o -: stdout carries the profile alone, ready for a file */
		_cleanup_free_ char *text = cs_json_print(pj);
		bool only_profile = out && strcmp(out, "-") == 0;
		if (!only_profile)
			print_report(&s, &inf, &scan);
		if (!out)
			printf("\nProposed profile (a starting point to review; -o FILE writes "
			       "it):\n");
		if (!text || cs_cli_emit(out, text) < 0) {
			fprintf(stderr, "clawpolicy: infer: %s: cannot write\n",
				out && !only_profile ? out : "stdout");
			status = CS_EXIT_DENIED;
		} else if (out && !only_profile) {
			printf("\nProposed profile written to %s (a starting point to review).\n",
			       out);
		}
	}
	cJSON_Delete(pj);
	cs_profile_free(&p);
	cs_scan_report_free(&scan);
	if (r == 0)
		cs_inference_free(&inf);
	cs_skill_free(&s);
	return status;
}
