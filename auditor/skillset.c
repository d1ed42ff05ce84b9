/* See skillset.h. */
#include "clawshim/skillset.h"
#include "skillfiles.h"
#include "clawshim/utf8.h"
#include "clawshim/util.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdint.h>
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

/* The UTF-16 code units of the character at *p (advancing it), as
 * JavaScript compares strings; a byte that is not UTF-8 counts as U+FFFD,
 * as Node decodes it. */
static unsigned utf16_units(const char **p, uint16_t unit[2])
{
	size_t used;
	uint32_t cp = cs_utf8_decode((const unsigned char *)*p, strlen(*p), &used);

	*p += used;
	if (cp < 0x10000) {
		unit[0] = (uint16_t)cp;
		return 1;
	}
	unit[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
	unit[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
	return 2;
}

/* OpenClaw sorts a root's directories with Array.prototype.sort(): by
 * UTF-16 code units, which orders characters above U+FFFF before
 * U+E000..U+FFFF (bytewise UTF-8 order does the reverse). */
static int js_order(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	uint16_t ux[2], uy[2];
	unsigned nx = 0, ny = 0, ix = 0, iy = 0;

	for (;;) {
		if (ix == nx) {
			if (!*x)
				return *y || iy < ny ? -1 : 0;
			nx = utf16_units(&x, ux), ix = 0;
		}
		if (iy == ny) {
			if (!*y)
				return 1;
			ny = utf16_units(&y, uy), iy = 0;
		}
		if (ux[ix] != uy[iy])
			return ux[ix] < uy[iy] ? -1 : 1;
		ix++, iy++;
	}
}

/* The skill directories directly under root, in OpenClaw's order, at most
 * set->max_per_root of them (every directory counts, with a SKILL.md or
 * not, as in OpenClaw). */
static int list_root(struct cs_skillset *set, const char *root, const char *source)
{
	DIR *d = opendir(root);
	struct cs_strv names = { 0 };
	struct dirent *de;
	size_t limit = set->max_per_root ? set->max_per_root : CS_SKILLSET_MAX_PER_ROOT;
	int r = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "node_modules") == 0)
			continue;
		_cleanup_free_ char *p = cs_asprintf("%s/%s", root, de->d_name);
		if (!p || (is_dir(p) && cs_strv_push(&names, de->d_name) < 0)) {
			r = -ENOMEM;
			break;
		}
	}
	closedir(d);
	if (r == 0 && names.n)
		qsort(names.v, names.n, sizeof(*names.v), js_order);
	if (r == 0 && names.n > limit)
		cs_diag_add(&set->notes, root, 0, 0, NULL,
			    "%zu skill directories, more than %zu: only the first %zu (in OpenClaw's "
			    "order) were scanned (--max-per-root). OpenClaw warns \"Skills root looks "
			    "suspiciously large, truncating discovery\" above 300 and loads at most "
			    "200 skills from one root",
			    names.n, limit, limit);
	for (size_t i = 0; r == 0 && i < names.n && i < limit; i++) {
		_cleanup_free_ char *p = cs_asprintf("%s/%s", root, names.v[i]);
		if (!p)
			r = -ENOMEM;
		else if (has_skill_md(p))
			r = add_skill_dir(set, p, source);
	}
	cs_strv_free(&names);
	return r;
}

/* OpenClaw reads DIR/skills instead of DIR only when one of its first
 * directories (maxCandidatesPerRoot, in directory order) holds a SKILL.md:
 * a skill that happens to be named "skills" does not make a nested root. */
static bool holds_skills(const struct cs_skillset *set, const char *dir)
{
	size_t limit = set->max_per_root ? set->max_per_root : CS_SKILLSET_MAX_PER_ROOT, seen = 0;
	DIR *d = is_dir(dir) ? opendir(dir) : NULL;
	struct dirent *de;
	bool found = false;

	while (d && !found && seen < limit && (de = readdir(d))) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "node_modules") == 0)
			continue;
		_cleanup_free_ char *p = cs_asprintf("%s/%s", dir, de->d_name);
		if (p && is_dir(p)) {
			seen++;
			found = has_skill_md(p);
		}
	}
	if (d)
		closedir(d);
	return found;
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
	if (!nested)
		return -ENOMEM;
	int r = list_root(set, holds_skills(set, nested) ? nested : path, source);
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

static int scan_entry(struct cs_skill_entry *e, enum cs_skill_files_scope scope)
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
		if (e->skill.yaml_refused) {
			e->note = cs_asprintf("YAML refused the frontmatter (SKILL.md:%s); read line by "
					      "line, as OpenClaw's frontmatter reader does",
					      e->skill.yaml_refused);
			if (!e->note)
				return -ENOMEM;
		}
		r = e->name ? cs_scan_skill(&e->skill, &e->scan) : -ENOMEM;
		if (r == 0)
			r = cs_skill_files_scan(e->dir, e->skill.text, e->skill.text_len, scope,
						&e->files);
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
	if (cs_read_file(e->file, CS_SKILL_MAX_FILE, &text, &len) < 0)
		return 0;
	r = cs_scan_text(text, len, &e->scan);
	return r < 0 ? r : cs_skill_files_scan(e->dir, text, len, scope, &e->files);
}

int cs_skillset_scan(struct cs_skillset *set)
{
	for (size_t i = 0; i < set->n; i++) {
		int r = scan_entry(&set->v[i], set->files);
		if (r < 0)
			return r;
		cs_scan_report_sort(&set->v[i].scan);
	}
	return 0;
}

bool cs_skill_entry_blocked(const struct cs_skill_entry *e)
{
	bool blocked = !e->parsed || e->scan.blocked;
	for (size_t i = 0; i < e->files.n; i++)
		blocked |= e->files.v[i].scan.blocked;
	return blocked;
}

unsigned cs_skill_entry_count(const struct cs_skill_entry *e, enum cs_scan_severity s)
{
	unsigned n = e->scan.count[s];
	for (size_t i = 0; i < e->files.n; i++)
		n += e->files.v[i].scan.count[s];
	return n;
}

void cs_skillset_free(struct cs_skillset *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct cs_skill_entry *e = &set->v[i];
		free(e->dir);
		free(e->file);
		free(e->name);
		free(e->error);
		free(e->note);
		if (e->parsed)
			cs_skill_free(&e->skill);
		cs_scan_report_free(&e->scan);
		cs_skill_files_free(&e->files);
	}
	free(set->v);
	cs_diags_free(&set->notes);
	memset(set, 0, sizeof(*set));
}
