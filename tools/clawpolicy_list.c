/* clawpolicy list: the profile search path and what each directory holds,
 * with the profile a NAME resolves to and whether each file is valid. */
#include "clawpolicy.h"
#include "clawshim/diag.h"
#include "clawshim/exitcodes.h"
#include "clawshim/jsonout.h"
#include "clawshim/profile_lookup.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* NULL when the profile is valid, else its first problem. Caller frees. */
static char *problem(const char *path)
{
	struct cs_diags d = { 0 };
	struct cs_profile p;
	char *msg = NULL;

	if (cs_profile_load(path, &p, &d) == 0)
		cs_profile_free(&p);
	else
		msg = d.n ? cs_diag_format(&d.v[0]) : strdup("invalid");
	cs_diags_free(&d);
	return msg;
}

static bool dir_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int list_text(const struct cs_profile_dirs *dirs, const struct cs_profile_listing *l)
{
	printf("Search path (the first directory holding NAME.json wins):\n");
	for (size_t i = 0; i < dirs->n; i++)
		printf("  %-8s %s%s\n", cs_profile_origin_name(dirs->v[i].origin), dirs->v[i].path,
		       dir_exists(dirs->v[i].path) ? "" : "  (absent)");
	if (!l->n) {
		printf("\nNo profiles found.\n");
		return CS_EXIT_OK;
	}
	printf("\n%-22s %-8s %s\n", "NAME", "FROM", "PATH");
	for (size_t i = 0; i < l->n; i++) {
		const struct cs_profile_listing_entry *e = &l->v[i];
		_cleanup_free_ char *bad = problem(e->path);
		printf("%-22s %-8s %s", e->name, cs_profile_origin_name(e->origin), e->path);
		if (e->shadowed_by)
			printf("  (shadowed by %s)", e->shadowed_by);
		if (bad)
			printf("  (invalid: %s)", bad);
		printf("\n");
	}
	return CS_EXIT_OK;
}

static int list_json(const struct cs_profile_dirs *dirs, const struct cs_profile_listing *l)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *path = cJSON_AddArrayToObject(o, "searchPath");
	cJSON *profiles = cJSON_AddArrayToObject(o, "profiles");

	for (size_t i = 0; i < dirs->n; i++) {
		cJSON *d = cJSON_CreateObject();
		cJSON_AddStringToObject(d, "origin", cs_profile_origin_name(dirs->v[i].origin));
		cJSON_AddStringToObject(d, "path", dirs->v[i].path);
		cJSON_AddBoolToObject(d, "exists", dir_exists(dirs->v[i].path));
		cJSON_AddItemToArray(path, d);
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct cs_profile_listing_entry *e = &l->v[i];
		_cleanup_free_ char *bad = problem(e->path);
		cJSON *p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "name", e->name);
		cJSON_AddStringToObject(p, "origin", cs_profile_origin_name(e->origin));
		cJSON_AddStringToObject(p, "path", e->path);
		if (e->shadowed_by)
			cJSON_AddStringToObject(p, "shadowedBy", e->shadowed_by);
		else
			cJSON_AddNullToObject(p, "shadowedBy");
		cJSON_AddBoolToObject(p, "valid", !bad);
		if (bad)
			cJSON_AddStringToObject(p, "problem", bad);
		cJSON_AddItemToArray(profiles, p);
	}
	_cleanup_free_ char *text = cs_json_print(o);
	cJSON_Delete(o);
	if (!text || cs_cli_emit(NULL, text) < 0) {
		fprintf(stderr, "clawpolicy: list: cannot write\n");
		return CS_EXIT_DENIED;
	}
	return CS_EXIT_OK;
}

int cs_cli_list(int argc, char **argv)
{
	bool json;
	int rc = cs_cli_json_option("list", argc, argv, &json);

	if (rc)
		return rc;
	if (optind != argc)
		return cs_cli_usage_error("list: unexpected argument '%s'", argv[optind]);

	struct cs_profile_dirs dirs;
	struct cs_profile_listing l;
	if (cs_profile_dirs_default(&dirs) < 0)
		return cs_cli_usage_error("list: %s", strerror(ENOMEM));
	if (cs_profile_list(&dirs, &l) < 0) {
		cs_profile_dirs_free(&dirs);
		return cs_cli_usage_error("list: %s", strerror(ENOMEM));
	}
	int r = json ? list_json(&dirs, &l) : list_text(&dirs, &l);
	cs_profile_listing_free(&l);
	cs_profile_dirs_free(&dirs);
	return r;
}
