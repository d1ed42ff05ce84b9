/* Profiles by name: the search path (user, system, shipped directories),
 * finding NAME.json in it, and listing what each directory holds. Reads
 * directories only; never loads or judges a profile. */
#include "clawshim/profile_lookup.h"
#include "clawshim/accounts.h"
#include "clawshim/util.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SUFFIX ".json"

static const char *const origin_names[] = {
	[CS_PROFILE_ORIGIN_ENV] = "env",
	[CS_PROFILE_ORIGIN_USER] = "user",
	[CS_PROFILE_ORIGIN_SYSTEM] = "system",
	[CS_PROFILE_ORIGIN_SHIPPED] = "shipped",
};

const char *cs_profile_origin_name(enum cs_profile_origin o)
{
	return (unsigned)o < sizeof(origin_names) / sizeof(origin_names[0]) ? origin_names[o] : "?";
}

int cs_profile_dirs_add(struct cs_profile_dirs *dirs, const char *path,
			enum cs_profile_origin origin)
{
	struct cs_profile_dir *v = cs_grow(dirs->v, &dirs->cap, dirs->n, sizeof(*v), 4);
	if (!v)
		return -ENOMEM;
	dirs->v = v;
	v[dirs->n].path = strdup(path);
	if (!v[dirs->n].path)
		return -ENOMEM;
	v[dirs->n++].origin = origin;
	return 0;
}

void cs_profile_dirs_free(struct cs_profile_dirs *dirs)
{
	for (size_t i = 0; i < dirs->n; i++)
		free(dirs->v[i].path);
	free(dirs->v);
	*dirs = (struct cs_profile_dirs){ 0 };
}

/* A missing HOME must not turn ~/.config into /.config: the account's
 * home, else no user directory. */
static char *user_dir(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	/* The XDG spec: a relative value is invalid and must be ignored. */
	if (xdg && xdg[0] == '/')
		return cs_asprintf("%s/clawshim/profiles", xdg);
	const char *home = cs_account_home();
	return home ? cs_asprintf("%s/.config/clawshim/profiles", home) : NULL;
}

/* <prefix>/share/clawshim/profiles for a program installed as
 * <prefix>/bin/PROGRAM. NULL when /proc is not mounted. */
static char *shipped_dir(void)
{
	return cs_install_path("share/clawshim/profiles");
}

static int add_env_path(struct cs_profile_dirs *out, const char *list)
{
	_cleanup_free_ char *copy = strdup(list);
	char *save = NULL;

	if (!copy)
		return -ENOMEM;
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save))
		if (cs_profile_dirs_add(out, d, CS_PROFILE_ORIGIN_ENV) < 0)
			return -ENOMEM;
	return 0;
}

int cs_profile_dirs_default(struct cs_profile_dirs *out)
{
	const char *env = getenv("CLAWSHIM_PROFILE_PATH");
	int r;

	*out = (struct cs_profile_dirs){ 0 };
	if (env && *env) {
		r = add_env_path(out, env);
	} else {
		_cleanup_free_ char *user = user_dir();
		_cleanup_free_ char *shipped = shipped_dir();
		r = user ? cs_profile_dirs_add(out, user, CS_PROFILE_ORIGIN_USER) : 0;
		if (r == 0)
			r = cs_profile_dirs_add(out, "/etc/clawshim/profiles",
						CS_PROFILE_ORIGIN_SYSTEM);
		if (r == 0 && shipped)
			r = cs_profile_dirs_add(out, shipped, CS_PROFILE_ORIGIN_SHIPPED);
	}
	if (r < 0)
		cs_profile_dirs_free(out);
	return r;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool cs_profile_arg_is_name(const char *arg)
{
	return *arg && !strchr(arg, '/') && !ends_with(arg, ".json") && !ends_with(arg, ".json5");
}

bool cs_profile_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64 || name[0] == '.')
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	       n;
}

int cs_profile_find(const struct cs_profile_dirs *dirs, const char *name, char **path,
		    enum cs_profile_origin *origin)
{
	*path = NULL;
	if (!cs_profile_name_valid(name))
		return -EINVAL;
	for (size_t i = 0; i < dirs->n; i++) {
		char *p = cs_asprintf("%s/%s" SUFFIX, dirs->v[i].path, name);
		struct stat st;
		if (!p)
			return -ENOMEM;
		if (lstat(p, &st) == 0) {
			*path = p;
			if (origin)
				*origin = dirs->v[i].origin;
			return 0;
		}
		free(p);
	}
	return -ENOENT;
}

int cs_profile_find_by_name(const char *name, char **path, enum cs_profile_origin *origin)
{
	struct cs_profile_dirs dirs;
	int r = cs_profile_dirs_default(&dirs);

	*path = NULL;
	if (r < 0)
		return r;
	r = cs_profile_find(&dirs, name, path, origin);
	cs_profile_dirs_free(&dirs);
	return r;
}

/* "weather" for "skills/weather", "skills/weather/" and "skills/weather/SKILL.md". */
static char *dir_name(const char *skill_dir)
{
	_cleanup_free_ char *copy = strdup(skill_dir);
	char *end;

	if (!copy)
		return NULL;
	end = copy + strlen(copy);
	while (end > copy && end[-1] == '/')
		*--end = '\0';
	if (end - copy > 3 && strcmp(end - 3, ".md") == 0) {
		char *slash = strrchr(copy, '/');
		if (!slash)
			return strdup(".");
		*slash = '\0';
	}
	char *base = strrchr(copy, '/');
	return strdup(base ? base + 1 : copy);
}

int cs_profile_find_for_skill(const char *name, const char *skill_dir, char **path,
			      enum cs_profile_origin *origin)
{
	int r = -ENOENT;

	*path = NULL;
	if (name && cs_profile_name_valid(name))
		r = cs_profile_find_by_name(name, path, origin);
	if (r != -ENOENT || !skill_dir)
		return r;
	_cleanup_free_ char *base = dir_name(skill_dir);
	if (!base)
		return -ENOMEM;
	if (!cs_profile_name_valid(base) || (name && strcmp(base, name) == 0))
		return -ENOENT;
	return cs_profile_find_by_name(base, path, origin);
}

/* ---- listing ----------------------------------------------------------------- */

static int list_add(struct cs_profile_listing *l, const char *dir, const char *file,
		    enum cs_profile_origin origin)
{
	struct cs_profile_listing_entry *v = cs_grow(l->v, &l->cap, l->n, sizeof(*v), 16);
	if (!v)
		return -ENOMEM;
	l->v = v;
	struct cs_profile_listing_entry *e = &v[l->n];
	*e = (struct cs_profile_listing_entry){ .origin = origin };
	e->name = strndup(file, strlen(file) - strlen(SUFFIX));
	e->path = cs_asprintf("%s/%s", dir, file);
	if (!e->name || !e->path) {
		free(e->name);
		free(e->path);
		return -ENOMEM;
	}
	l->n++;
	return 0;
}

static int list_dir(struct cs_profile_listing *l, const struct cs_profile_dir *d)
{
	DIR *dir = opendir(d->path);
	const struct dirent *de;
	int r = 0;

	if (!dir)
		return 0; /* a directory of the search path need not exist */
	while (r == 0 && (de = readdir(dir))) {
		if (!ends_with(de->d_name, SUFFIX) || strlen(de->d_name) == strlen(SUFFIX))
			continue;
		_cleanup_free_ char *name = strndup(de->d_name, strlen(de->d_name) - strlen(SUFFIX));
		if (!name)
			r = -ENOMEM;
		else if (cs_profile_name_valid(name))
			r = list_add(l, d->path, de->d_name, d->origin);
	}
	closedir(dir);
	return r;
}

int cs_profile_list(const struct cs_profile_dirs *dirs, struct cs_profile_listing *out)
{
	*out = (struct cs_profile_listing){ 0 };
	for (size_t i = 0; i < dirs->n; i++) {
		int r = list_dir(out, &dirs->v[i]);
		if (r < 0) {
			cs_profile_listing_free(out);
			return r;
		}
	}
	/* Insertion sort is stable: equal names keep the search order, so the
	 * first of a name is the one cs_profile_find picks. A few dozen files. */
	for (size_t i = 1; i < out->n; i++) {
		struct cs_profile_listing_entry e = out->v[i];
		size_t j = i;
		while (j > 0 && strcmp(out->v[j - 1].name, e.name) > 0) {
			out->v[j] = out->v[j - 1];
			j--;
		}
		out->v[j] = e;
	}
	for (size_t i = 1; i < out->n; i++)
		if (strcmp(out->v[i].name, out->v[i - 1].name) == 0)
			out->v[i].shadowed_by = out->v[i - 1].shadowed_by ? out->v[i - 1].shadowed_by
									   : out->v[i - 1].path;
	return 0;
}

void cs_profile_listing_free(struct cs_profile_listing *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
	}
	free(l->v);
	*l = (struct cs_profile_listing){ 0 };
}
