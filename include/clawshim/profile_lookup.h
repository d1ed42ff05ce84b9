/* Profiles by name: NAME is NAME.json in the first directory of the search
 * path that holds it ($XDG_CONFIG_HOME/clawshim/profiles, then
 * /etc/clawshim/profiles, then the installed share/clawshim/profiles). */
#ifndef CLAWSHIM_PROFILE_LOOKUP_H
#define CLAWSHIM_PROFILE_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>

/* Where a profile directory comes from, in search order. */
enum cs_profile_origin {
	CS_PROFILE_ORIGIN_ENV,     /* an entry of $CLAWSHIM_PROFILE_PATH */
	CS_PROFILE_ORIGIN_USER,    /* $XDG_CONFIG_HOME (else ~/.config)/clawshim/profiles */
	CS_PROFILE_ORIGIN_SYSTEM,  /* /etc/clawshim/profiles */
	CS_PROFILE_ORIGIN_SHIPPED, /* <prefix>/share/clawshim/profiles, beside the program */
};

/* "user", "system", "shipped" or "env". */
const char *cs_profile_origin_name(enum cs_profile_origin o);

struct cs_profile_dir {
	char *path;
	enum cs_profile_origin origin;
};

struct cs_profile_dirs {
	struct cs_profile_dir *v;
	size_t n, cap;
};

/* The search path, first match wins. When $CLAWSHIM_PROFILE_PATH is set
 * (directories separated by ':'), it is the whole search path; otherwise
 * the user, system and shipped directories. The user directory is
 * $XDG_CONFIG_HOME/clawshim/profiles, or ~/.config/clawshim/profiles with
 * the home directory from $HOME or else the password database; it is left
 * out when neither gives an absolute path. The shipped directory is
 * ../share/clawshim/profiles from the running program (/proc/self/exe),
 * so an installed tree finds its own profiles whatever its prefix.
 * Directories need not exist. Returns 0 or -ENOMEM; free with
 * cs_profile_dirs_free. */
int cs_profile_dirs_default(struct cs_profile_dirs *out);

/* Appends one directory (copied). Returns 0 or -ENOMEM. */
int cs_profile_dirs_add(struct cs_profile_dirs *dirs, const char *path,
			enum cs_profile_origin origin);

void cs_profile_dirs_free(struct cs_profile_dirs *dirs);

/* Whether a --profile argument is a NAME to look up rather than a file:
 * it holds no '/' and does not end in ".json" or ".json5" ("./weather"
 * names the file weather in the working directory). */
bool cs_profile_arg_is_name(const char *arg);

/* Whether name can be a profile name: 1-64 characters of [A-Za-z0-9._-],
 * not starting with '.'. */
bool cs_profile_name_valid(const char *name);

/* Finds NAME.json in dirs (in order). The first directory where that name
 * exists wins, whatever it is: loading it then reports a broken file rather
 * than silently falling through to a later directory. Returns 0 and sets
 * *path (caller frees) and *origin (may be NULL); -ENOENT when no directory
 * has it; -EINVAL for an invalid name; -ENOMEM. */
int cs_profile_find(const struct cs_profile_dirs *dirs, const char *name, char **path,
		    enum cs_profile_origin *origin);

/* cs_profile_find in cs_profile_dirs_default(). */
int cs_profile_find_by_name(const char *name, char **path, enum cs_profile_origin *origin);

/* The profile for a skill that declares no capabilities: NAME.json for
 * its frontmatter name (may be NULL), else for the last component of its
 * directory (skill_dir, the --skill argument: a directory or its SKILL.md).
 * Same returns as cs_profile_find_by_name; -ENOENT when neither name has a
 * profile or neither is a valid name. */
int cs_profile_find_for_skill(const char *name, const char *skill_dir, char **path,
			      enum cs_profile_origin *origin);

/* One profile file found in the search path. */
struct cs_profile_listing_entry {
	char *name;                    /* file name without ".json" */
	char *path;
	enum cs_profile_origin origin;
	const char *shadowed_by;       /* the path that wins for this name, or NULL */
};

struct cs_profile_listing {
	struct cs_profile_listing_entry *v;
	size_t n, cap;
};

/* Every NAME.json in every directory of dirs, sorted by name, then in
 * search order; a later entry of the same name is shadowed by the first.
 * Missing directories are skipped. Returns 0 or -ENOMEM; free with
 * cs_profile_listing_free. */
int cs_profile_list(const struct cs_profile_dirs *dirs, struct cs_profile_listing *out);

void cs_profile_listing_free(struct cs_profile_listing *l);

#endif
