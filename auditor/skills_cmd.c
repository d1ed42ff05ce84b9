/* `clawaudit skills check|info`: find the skills OpenClaw would load (or the
 * ones named), scan them, report. */
#include "skills.h"
#include "sarif.h"
#include "skills_infer.h"
#include "clawshim/diag.h"
#include "clawshim/exitcodes.h"
#include "clawshim/openclaw_paths.h"
#include "clawshim/util.h"

#include <errno.h>
#include <stdint.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char skills_usage[] =
	"Usage: clawaudit skills check [OPTION]... [DIR]...\n"
	"       clawaudit skills info [OPTION]... NAME|PATH\n"
	"       clawaudit skills rules [--json]\n"
	"Scan OpenClaw skills' SKILL.md for prompt injection, boundary spoofing,\n"
	"capability inflation and dangerous actions; show what their capabilities unlock.\n"
	"\n"
	"check   scans each DIR (a skill directory, a SKILL.md, or a directory of skills);\n"
	"        without DIR, the locations OpenClaw loads skills from:\n"
	"        <workspace>/skills, <state dir>/skills and skills.load.extraDirs.\n"
	"info    one skill in detail: description, command dispatch, the tool\n"
	"        enforcement matrix, every finding with why it matters. NAME is looked\n"
	"        up in the default locations (by name or directory name).\n"
	"rules   the scanner's rules: id, category, severity, what each catches.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT      text (the default), json, or sarif (SARIF 2.1.0 for\n"
	"                       code scanning; check only)\n"
	"  --json               the same as --format json\n"
	"  --fail-on LEVEL      exit 1 when a finding at LEVEL (critical or warn) or\n"
	"                       worse exists; a blocked skill always counts as critical\n"
	"  --config PATH        the OpenClaw config (default: $OPENCLAW_CONFIG_PATH or\n"
	"                       <state dir>/openclaw.json)\n"
	"  --state-dir DIR      the OpenClaw state directory (default:\n"
	"                       $OPENCLAW_STATE_DIR or ~/.openclaw)\n"
	"  --max-per-root N     read at most N skill directories from each directory of\n"
	"                       skills, the first in OpenClaw's order (default 300, as\n"
	"                       OpenClaw's skills.limits.maxCandidatesPerRoot); 0: all\n"
	"  --files WHICH        also scan the files SKILL.md points to (links, paths in\n"
	"                       prose or code): 'skill' those under references/ and\n"
	"                       scripts/ (default), 'all' any inside the skill\n"
	"                       directory, 'none'\n"
	"  --no-color           no colours (also: NO_COLOR set, or output not a terminal)\n"
	"  -h, --help           show this help\n"
	"\n"
	"A skill with a critical finding is blocked: clawrun --skill refuses to run its\n"
	"tools and clawpolicy compile refuses to compile it. So is a SKILL.md whose\n"
	"command dispatch or capabilities cannot be read one way only. SKILL.md is\n"
	"read as OpenClaw reads it: CRLF or CR line endings, the frontmatter closed by\n"
	"the next line starting with '---', its lines read one by one when YAML\n"
	"refuses it.\n"
	"\n"
	"Exit status: 0 the scan ran, 1 --fail-on matched, 2 usage error, a path\n"
	"that cannot be read, or an invalid config.\n";

struct skills_opts {
	bool json;
	bool sarif;
	bool color;
	bool fail_on_set;
	enum cs_scan_severity fail_on;
	const char *config;
	const char *state_dir;
	size_t max_per_root;
	enum cs_skill_files_scope files;
	char **args;
	int n_args;
};

static int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "clawaudit: skills: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (status == CS_EXIT_USAGE)
		fprintf(stderr, "Try 'clawaudit skills --help'\n");
	return status;
}

enum { OPT_JSON = 256, OPT_FAIL_ON, OPT_CONFIG, OPT_STATE_DIR, OPT_NO_COLOR, OPT_MAX_PER_ROOT,
       OPT_FILES, OPT_FORMAT };

static const struct {
	const char *name;
	enum cs_skill_files_scope scope;
} files_scopes[] = {
	{ "skill", CS_SKILL_FILES_FOLDERS },
	{ "all", CS_SKILL_FILES_ALL },
	{ "none", CS_SKILL_FILES_NONE },
};

static int parse_files(const char *arg, enum cs_skill_files_scope *out)
{
	for (size_t i = 0; i < sizeof(files_scopes) / sizeof(files_scopes[0]); i++)
		if (strcmp(arg, files_scopes[i].name) == 0) {
			*out = files_scopes[i].scope;
			return 0;
		}
	return -EINVAL;
}

/* N >= 0 in decimal; 0 means no limit. */
static int parse_max_per_root(const char *arg, size_t *out)
{
	char *end;
	unsigned long long n;

	if (*arg < '0' || *arg > '9')
		return -EINVAL;
	errno = 0;
	n = strtoull(arg, &end, 10);
	if (*end || errno || n > SIZE_MAX / 2)
		return -EINVAL;
	*out = n ? (size_t)n : SIZE_MAX;
	return 0;
}

static int parse_opts(int argc, char **argv, struct skills_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "max-per-root", required_argument, NULL, OPT_MAX_PER_ROOT },
		{ "files", required_argument, NULL, OPT_FILES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	o->color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_FORMAT:
			if (sarif_parse_format(optarg, &o->json, &o->sarif) < 0)
				return fail(CS_EXIT_USAGE, "--format: '%s' is not text, json or sarif",
					    optarg);
			break;
		case OPT_FAIL_ON:
			if (cs_scan_severity_from_name(optarg, &o->fail_on) < 0 ||
			    o->fail_on == CS_SCAN_INFO)
				return fail(CS_EXIT_USAGE, "--fail-on: '%s' is not critical or warn",
					    optarg);
			o->fail_on_set = true;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case OPT_STATE_DIR:
			o->state_dir = optarg;
			break;
		case OPT_NO_COLOR:
			o->color = false;
			break;
		case OPT_FILES:
			if (parse_files(optarg, &o->files) < 0)
				return fail(CS_EXIT_USAGE, "--files: '%s' is not skill, all or none",
					    optarg);
			break;
		case OPT_MAX_PER_ROOT:
			if (parse_max_per_root(optarg, &o->max_per_root) < 0)
				return fail(CS_EXIT_USAGE,
					    "--max-per-root: '%s' is not a number of directories", optarg);
			break;
		case 'h':
			fputs(skills_usage, stdout);
			return CS_EXIT_OK;
		case ':':
			return fail(CS_EXIT_USAGE, "option '%s' needs an argument", argv[optind - 1]);
		default:
			return fail(CS_EXIT_USAGE, "unknown option '%s'", argv[optind - 1]);
		}
	}
	o->args = argv + optind;
	o->n_args = argc - optind;
	return -1;
}

/* The skill locations OpenClaw loads, highest precedence first. */
static int default_locations(const struct skills_opts *o, struct cs_strv *locs,
			     struct cs_diags *d)
{
	_cleanup_free_ char *state = o->state_dir ? strdup(o->state_dir) : cs_oc_state_dir();
	_cleanup_free_ char *config_path = o->config ? strdup(o->config)
			      : state ? cs_oc_config_path(state) : NULL;
	_cleanup_free_ char *home = cs_oc_home();
	int missing = 0;

	if (!state || !config_path || !home)
		return -ENOMEM;
	cJSON *config = cs_oc_config_load(config_path, &missing, d);
	if (!config && !missing)
		return -EINVAL;
	char *ws = cs_oc_workspace(config);
	int r = cs_strv_push_owned(locs, cs_asprintf("%s/skills", ws ? ws : "."));
	free(ws);
	if (r == 0)
		r = cs_strv_push_owned(locs, o->state_dir ? cs_asprintf("%s/skills", o->state_dir)
							  : cs_oc_managed_skills_dir());
	const cJSON *extra = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(config, "skills"),
						 "load"),
		"extraDirs");
	const cJSON *it;
	cJSON_ArrayForEach(it, extra) {
		if (r == 0 && cJSON_IsString(it) && it->valuestring[0])
			r = cs_strv_push_owned(locs, cs_oc_expand(it->valuestring, home));
	}
	cJSON_Delete(config);
	return r;
}

static const char *location_source(size_t i)
{
	return i == 0 ? "workspace" : i == 1 ? "managed" : "extra";
}

/* Fills set from the DIR arguments, or from the default locations. */
static int collect(const struct skills_opts *o, struct cs_skillset *set, struct cs_strv *locs)
{
	struct cs_diags d = { 0 };
	int r = 0;

	set->max_per_root = o->max_per_root;
	set->files = o->files;
	if (o->n_args) {
		for (int i = 0; i < o->n_args; i++) {
			if (cs_strv_push(locs, o->args[i]) < 0)
				return -ENOMEM;
			if (cs_skillset_add(set, o->args[i], "argument", true, &d) < 0)
				r = -EINVAL;
		}
	} else {
		r = default_locations(o, locs, &d);
		for (size_t i = 0; r == 0 && i < locs->n; i++)
			if (cs_skillset_add(set, locs->v[i], location_source(i), false, &d) < 0)
				r = -EINVAL;
	}
	if (r < 0) {
		if (r == -ENOMEM && !d.n)
			fprintf(stderr, "clawaudit: out of memory\n");
		cs_diags_print(&d, stderr, "clawaudit: ");
	}
	cs_diags_free(&d);
	return r;
}

static bool fails(const struct skills_opts *o, const struct cs_skillset *set)
{
	if (!o->fail_on_set)
		return false;
	for (size_t i = 0; i < set->n; i++) {
		const struct cs_skill_entry *e = &set->v[i];
		if (cs_skill_entry_blocked(e))
			return true;
		for (int s = o->fail_on; s < CS_SCAN_SEVERITY_COUNT; s++)
			if (cs_skill_entry_count(e, (enum cs_scan_severity)s))
				return true;
	}
	return false;
}

static int print_json(cJSON *root)
{
	char *text = root ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	if (!text)
		return fail(CS_EXIT_SETUP, "out of memory");
	puts(text);
	free(text);
	return 0;
}

static int cmd_check(const struct skills_opts *o)
{
	struct cs_skillset set = { 0 };
	struct cs_strv locs = { 0 };
	struct cs_skills_report_opts ro = { .color = o->color };
	int status = CS_EXIT_USAGE;

	if (collect(o, &set, &locs) == 0) {
		int e = cs_skillset_scan(&set);
		if (e < 0) {
			status = fail(CS_EXIT_SETUP, "cannot scan: %s", strerror(-e));
		} else {
			cs_diags_print(&set.notes, stderr, "clawaudit: ");
			if (o->sarif && sarif_print(stdout, sarif_skills_log(&set)) < 0)
				status = fail(CS_EXIT_SETUP, "cannot write the report");
			else if (o->sarif)
				status = 0;
			else if (o->json && cs_skillset_print_json(stdout, &set, &locs) < 0)
				status = fail(CS_EXIT_SETUP, "cannot write the report");
			else if (o->json)
				status = 0;
			else
				cs_skillset_print(stdout, &set, &locs, &ro), status = 0;
			if (status == 0 && fails(o, &set))
				status = CS_EXIT_DENIED;
		}
	}
	cs_strv_free(&locs);
	cs_skillset_free(&set);
	return status;
}

static bool looks_like_path(const char *s)
{
	struct stat st;
	return strchr(s, '/') || stat(s, &st) == 0;
}

/* NAME in the default locations: the first skill (by precedence) whose
 * name or directory name it is. */
static int find_by_name(struct cs_skillset *all, const char *name)
{
	for (size_t i = 0; i < all->n; i++) {
		const char *slash = strrchr(all->v[i].dir, '/');
		if (strcmp(all->v[i].name, name) == 0 || (slash && strcmp(slash + 1, name) == 0))
			return (int)i;
	}
	return -1;
}

/* skills info --json: the entry with its "inferred" capabilities. */
static cJSON *with_inferred(cJSON *entry, const struct cs_skill_entry *e)
{
	cJSON *inf = entry ? cs_skill_infer_json(e) : NULL;
	if (inf)
		cJSON_AddItemToObject(entry, "inferred", inf);
	else if (entry)
		cJSON_AddNullToObject(entry, "inferred");
	return entry;
}

static int cmd_info(struct skills_opts *o)
{
	struct cs_skillset set = { 0 };
	struct cs_strv locs = { 0 };
	struct cs_skills_report_opts ro = { .color = o->color, .detail = true };
	const char *want = o->n_args == 1 ? o->args[0] : NULL;
	int status = CS_EXIT_USAGE;

	if (!want)
		return fail(CS_EXIT_USAGE, "info takes one skill name or path");
	if (!looks_like_path(want))
		o->n_args = 0; /* search the default locations */
	if (collect(o, &set, &locs) == 0 && cs_skillset_scan(&set) == 0) {
		int i = o->n_args ? (set.n == 1 ? 0 : -1) : find_by_name(&set, want);
		if (i < 0 && o->n_args)
			status = fail(CS_EXIT_USAGE, "%s: %s", want,
				      set.n ? "holds more than one skill; name one" : "no skill here");
		else if (i < 0)
			status = fail(CS_EXIT_USAGE, "no skill named '%s' in %zu locations", want,
				      locs.n);
		else if (o->json)
			status = print_json(with_inferred(cs_skill_entry_json(&set.v[i], true),
							  &set.v[i]));
		else
			cs_skill_entry_print(stdout, &set.v[i], &ro), status = 0;
		if (status == 0 && i >= 0 && !o->json)
			cs_skill_infer_print(stdout, &set.v[i]);
		if (status == 0 && i >= 0) {
			struct cs_skillset one = { .v = &set.v[i], .n = 1 };
			if (fails(o, &one))
				status = CS_EXIT_DENIED;
		}
	}
	cs_strv_free(&locs);
	cs_skillset_free(&set);
	return status;
}

/* The rule table, for reviewers and for CI policies that name rule ids. */
static int cmd_rules(const struct skills_opts *o)
{
	cJSON *a = o->json ? cJSON_CreateArray() : NULL;

	for (size_t i = 0; i < cs_scan_rule_count(); i++) {
		const struct cs_scan_rule *r = cs_scan_rule_at(i);
		if (!a) {
			printf("%-34s %-21s %-8s %s\n", r->id, cs_scan_category_name(r->category),
			       cs_scan_severity_name(r->severity), r->explanation);
			continue;
		}
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "ruleId", r->id);
		cJSON_AddStringToObject(x, "category", cs_scan_category_name(r->category));
		cJSON_AddStringToObject(x, "severity", cs_scan_severity_name(r->severity));
		cJSON_AddStringToObject(x, "explanation", r->explanation);
		cJSON_AddItemToArray(a, x);
	}
	return a ? print_json(a) : 0;
}

int cs_cmd_skills(int argc, char **argv)
{
	struct skills_opts o = { 0 };
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (!sub)
		return fail(CS_EXIT_USAGE, "missing command: check, info or rules");
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		fputs(skills_usage, stdout);
		return 0;
	}
	int r = parse_opts(argc - 1, argv + 1, &o);
	if (r >= 0)
		return r;
	if (strcmp(sub, "check") == 0)
		return cmd_check(&o);
	if (o.sarif && strcmp(sub, "check") != 0)
		return fail(CS_EXIT_USAGE, "--format sarif is for check only");
	if (strcmp(sub, "info") == 0)
		return cmd_info(&o);
	if (strcmp(sub, "rules") == 0)
		return o.n_args ? fail(CS_EXIT_USAGE, "rules takes no arguments") : cmd_rules(&o);
	return fail(CS_EXIT_USAGE, "unknown command '%s': check, info or rules", sub);
}
