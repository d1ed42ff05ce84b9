/* See skillset.h. */
#include "clawshim/skillset.h"
#include "clawshim/util.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool has_skill_md(const char *dir)
{
	_cleanup_free_ char *f = cs_asprintf("%s/SKILL.md", dir);
	return f && is_file(f);
}

static bool contains_dir(const struct cs_skillset *set, const char *dir)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->v[i].dir, dir) == 0)
			return true;
	return false;
}

static int add_skill_dir(struct cs_skillset *set, const char *dir, const char *source)
{
	char *real = realpath(dir, NULL);

	if (!real)
		return -errno;
	if (contains_dir(set, real)) {
		free(real);
		return 0; /* found through two roots: report it once */
	}
	struct cs_skill_entry *v = cs_grow(set->v, &set->cap, set->n, sizeof(*v), 16);
	if (!v) {
		free(real);
		return -ENOMEM;
	}
	set->v = v;
	struct cs_skill_entry *e = &set->v[set->n];
	memset(e, 0, sizeof(*e));
	e->dir = real;
	e->file = cs_asprintf("%s/SKILL.md", real);
	e->source = source;
	if (!e->file) {
		free(real);
		return -ENOMEM;
	}
	set->n++;
	return 0;
}

/* The skill directories directly under root, sorted by name. */
static int list_root(struct cs_skillset *set, const char *root, const char *source)
{
	DIR *d = opendir(root);
	struct cs_strv names = { 0 };
	struct dirent *de;
	size_t seen = 0;
	int r = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "node_modules") == 0)
			continue;
		if (cs_strv_push(&names, de->d_name) < 0) {
			r = -ENOMEM;
			break;
		}
	}
	closedir(d);
	cs_strv_sort(&names);
	for (size_t i = 0; r == 0 && i < names.n; i++) {
		_cleanup_free_ char *p = cs_asprintf("%s/%s", root, names.v[i]);
		if (!p) {
			r = -ENOMEM;
			break;
		}
		if (!is_dir(p))
			continue;
		if (++seen > CS_SKILLSET_MAX_PER_ROOT) {
			cs_diag_add(&set->notes, root, 0, 0, NULL,
				    "more than %d directories: the rest were not read (as OpenClaw)",
				    CS_SKILLSET_MAX_PER_ROOT);
			break;
		}
		if (has_skill_md(p))
			r = add_skill_dir(set, p, source);
	}
	cs_strv_free(&names);
	return r;
}

int cs_skillset_add(struct cs_skillset *set, const char *path, const char *source,
		    bool must_exist, struct cs_diags *d)
{
	if (is_file(path)) {
		_cleanup_free_ char *copy = strdup(path);
		const char *base = copy ? basename(copy) : NULL;
		if (!base || strcmp(base, "SKILL.md") != 0) {
			cs_diag_add(d, path, 0, 0, NULL, "not a SKILL.md file or a skills directory");
			return -EINVAL;
		}
		_cleanup_free_ char *dir_copy = strdup(path);
		return dir_copy ? add_skill_dir(set, dirname(dir_copy), source) : -ENOMEM;
	}
	if (!is_dir(path)) {
		if (!must_exist && errno == ENOENT)
			return 0;
		cs_diag_add(d, path, 0, 0, NULL, "%s", strerror(errno == ENOENT ? ENOENT : ENOTDIR));
		return -ENOENT;
	}
	if (has_skill_md(path))
		return add_skill_dir(set, path, source);
	_cleanup_free_ char *nested = cs_asprintf("%s/skills", path);
	int r = list_root(set, nested && is_dir(nested) ? nested : path, source);
	if (r < 0)
		cs_diag_add(d, path, 0, 0, NULL, "%s", strerror(-r));
	return r;
}

static char *dir_name(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	return strdup(slash ? slash + 1 : dir);
}

/* What a report needs of a skill is small; its text and frontmatter trees
 * are not kept once scanned, so a large set fits in little memory. */
static void drop_text(struct cs_skill *s)
{
	free(s->text);
	s->text = NULL;
	s->text_len = 0;
	cJSON_Delete(s->frontmatter);
	cJSON_Delete(s->metadata_owned);
	s->frontmatter = s->metadata_owned = NULL;
	s->metadata = NULL;
}

static int scan_entry(struct cs_skill_entry *e)
{
	struct cs_diags d = { 0 };
	int r = cs_skill_load(e->file, &e->skill, &d);

	if (r == 0) {
		e->parsed = true;
		e->name = strdup(e->skill.name ? e->skill.name : "");
		if (e->name && !e->name[0]) {
			free(e->name);
			e->name = dir_name(e->dir);
		}
		cs_diags_free(&d);
		r = e->name ? cs_scan_skill(&e->skill, &e->scan) : -ENOMEM;
		drop_text(&e->skill);
		return r;
	}
	e->error = d.n ? cs_diag_format(&d.v[0]) : strdup(strerror(-r));
	cs_diags_free(&d);
	e->name = dir_name(e->dir);
	if (!e->error || !e->name)
		return -ENOMEM;
	/* unparseable: what the text says still matters */
	_cleanup_free_ char *text = NULL;
	size_t len;
	if (cs_read_file(e->file, CS_SKILL_MAX_FILE, &text, &len) == 0)
		return cs_scan_text(text, len, &e->scan);
	return 0;
}

int cs_skillset_scan(struct cs_skillset *set)
{
	for (size_t i = 0; i < set->n; i++) {
		int r = scan_entry(&set->v[i]);
		if (r < 0)
			return r;
		cs_scan_report_sort(&set->v[i].scan);
	}
	return 0;
}

bool cs_skill_entry_blocked(const struct cs_skill_entry *e)
{
	return !e->parsed || e->scan.blocked;
}

void cs_skillset_free(struct cs_skillset *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct cs_skill_entry *e = &set->v[i];
		free(e->dir);
		free(e->file);
		free(e->name);
		free(e->error);
		if (e->parsed)
			cs_skill_free(&e->skill);
		cs_scan_report_free(&e->scan);
	}
	free(set->v);
	cs_diags_free(&set->notes);
	memset(set, 0, sizeof(*set));
}
