/* Profiles by name: the search path (XDG, /etc, shipped; the override), the
 * first directory holding NAME.json winning, shadowing in the listing, and
 * which --profile arguments are names. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clawshim/profile_lookup.h"
#include "clawshim/util.h"
#include "testutil.h"
#include "tmpdir.h"

static const char *g_dir;

static void make_dir(void)
{
	g_dir = tmpdir_make("/tmp/clawshim-lookup-XXXXXX");
}

TestSuite(profile_lookup, .init = make_dir, .fini = tmpdir_remove);

static void three_dirs(struct cs_profile_dirs *dirs)
{
	_cleanup_free_ char *u = tmpdir_path("user"), *s = tmpdir_path("system"),
			    *p = tmpdir_path("shipped");
	*dirs = (struct cs_profile_dirs){ 0 };
	cr_assert_eq(cs_profile_dirs_add(dirs, u, CS_PROFILE_ORIGIN_USER), 0);
	cr_assert_eq(cs_profile_dirs_add(dirs, s, CS_PROFILE_ORIGIN_SYSTEM), 0);
	cr_assert_eq(cs_profile_dirs_add(dirs, p, CS_PROFILE_ORIGIN_SHIPPED), 0);
}

Test(profile_lookup, first_directory_holding_the_name_wins)
{
	struct cs_profile_dirs dirs;
	enum cs_profile_origin origin;
	char *path;

	three_dirs(&dirs);
	tmpdir_put("shipped/weather.json", "{}");
	tmpdir_put("system/weather.json", "{}");
	tmpdir_put("shipped/tmux.json", "{}");
	cr_assert_eq(cs_profile_find(&dirs, "weather", &path, &origin), 0);
	_cleanup_free_ char *want = tmpdir_path("system/weather.json");
	cr_assert_str_eq(path, want);
	cr_assert_eq(origin, CS_PROFILE_ORIGIN_SYSTEM);
	free(path);

	tmpdir_put("user/weather.json", "{}");
	cr_assert_eq(cs_profile_find(&dirs, "weather", &path, &origin), 0);
	cr_assert_eq(origin, CS_PROFILE_ORIGIN_USER);
	free(path);

	cr_assert_eq(cs_profile_find(&dirs, "tmux", &path, NULL), 0);
	_cleanup_free_ char *tmux = tmpdir_path("shipped/tmux.json");
	cr_assert_str_eq(path, tmux);
	free(path);

	cr_assert_eq(cs_profile_find(&dirs, "absent", &path, NULL), -ENOENT);
	cr_assert_null(path);
	cs_profile_dirs_free(&dirs);
}

/* A broken user profile is reported, never skipped for a shipped one. */
Test(profile_lookup, a_broken_entry_still_wins)
{
	struct cs_profile_dirs dirs;
	char *path;

	three_dirs(&dirs);
	tmpdir_put("shipped/weather.json", "{}");
	_cleanup_free_ char *dangling = tmpdir_path("user/weather.json");
	_cleanup_free_ char *udir = tmpdir_path("user");
	cr_assert_eq(mkdir(udir, 0700), 0);
	cr_assert_eq(symlink("/nonexistent/x.json", dangling), 0);
	cr_assert_eq(cs_profile_find(&dirs, "weather", &path, NULL), 0);
	cr_assert_str_eq(path, dangling);
	free(path);
	cs_profile_dirs_free(&dirs);
}

Test(profile_lookup, names_and_files)
{
	const char *names[] = { "weather", "web-research", "a.b_c", "x" };
	const char *files[] = { "./weather", "p/weather", "weather.json", "w.json5", "/etc/x", "" };
	const char *invalid[] = { "", ".hidden", "a b", "a/b", "ü",
				  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		cr_expect(cs_profile_arg_is_name(names[i]), "%s", names[i]);
		cr_expect(cs_profile_name_valid(names[i]), "%s", names[i]);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		cr_expect(!cs_profile_arg_is_name(files[i]), "%s", files[i]);
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		cr_expect(!cs_profile_name_valid(invalid[i]), "%s", invalid[i]);

	/* "../x" is no name: it cannot climb out of a profile directory */
	struct cs_profile_dirs dirs;
	char *path;
	three_dirs(&dirs);
	cr_assert_eq(cs_profile_find(&dirs, "..", &path, NULL), -EINVAL);
	cr_assert_eq(cs_profile_find(&dirs, ".hidden", &path, NULL), -EINVAL);
	cs_profile_dirs_free(&dirs);
}

Test(profile_lookup, listing_sorted_with_shadowing)
{
	struct cs_profile_dirs dirs;
	struct cs_profile_listing l;

	three_dirs(&dirs);
	tmpdir_put("shipped/weather.json", "{}");
	tmpdir_put("shipped/tmux.json", "{}");
	tmpdir_put("shipped/README.md", "not a profile");
	tmpdir_put("shipped/.hidden.json", "{}");
	tmpdir_put("user/weather.json", "{}");
	tmpdir_put("user/zeta.json", "{}");
	cr_assert_eq(cs_profile_list(&dirs, &l), 0);
	cr_assert_eq(l.n, 4);
	cr_assert_str_eq(l.v[0].name, "tmux");
	cr_assert_eq(l.v[0].origin, CS_PROFILE_ORIGIN_SHIPPED);
	cr_assert_str_eq(l.v[1].name, "weather");
	cr_assert_eq(l.v[1].origin, CS_PROFILE_ORIGIN_USER);
	cr_assert_null(l.v[1].shadowed_by);
	cr_assert_str_eq(l.v[2].name, "weather");
	cr_assert_eq(l.v[2].origin, CS_PROFILE_ORIGIN_SHIPPED);
	cr_assert_str_eq(l.v[2].shadowed_by, l.v[1].path);
	cr_assert_str_eq(l.v[3].name, "zeta");
	cs_profile_listing_free(&l);
	cs_profile_dirs_free(&dirs);
}

static void save_env(const char *name, char **saved)
{
	const char *v = getenv(name);
	*saved = v ? strdup(v) : NULL;
}

static void restore_env(const char *name, char *saved)
{
	if (saved)
		setenv(name, saved, 1);
	else
		unsetenv(name);
	free(saved);
}

Test(profile_lookup, default_search_path)
{
	char *xdg, *home, *over;
	struct cs_profile_dirs dirs;

	save_env("XDG_CONFIG_HOME", &xdg);
	save_env("HOME", &home);
	save_env("CLAWSHIM_PROFILE_PATH", &over);
	unsetenv("CLAWSHIM_PROFILE_PATH");

	setenv("XDG_CONFIG_HOME", g_dir, 1);
	cr_assert_eq(cs_profile_dirs_default(&dirs), 0);
	cr_assert_eq(dirs.n, 3);
	_cleanup_free_ char *user = tmpdir_path("clawshim/profiles");
	cr_assert_str_eq(dirs.v[0].path, user);
	cr_assert_eq(dirs.v[0].origin, CS_PROFILE_ORIGIN_USER);
	cr_assert_str_eq(dirs.v[1].path, "/etc/clawshim/profiles");
	/* the test binary lives in build/tests: its share/ is build/share */
	_cleanup_free_ char *build = realpath(CS_BUILDDIR, NULL);
	_cleanup_free_ char *shipped = cs_asprintf("%s/share/clawshim/profiles", build);
	cr_assert_str_eq(dirs.v[2].path, shipped);
	cr_assert_eq(dirs.v[2].origin, CS_PROFILE_ORIGIN_SHIPPED);
	cs_profile_dirs_free(&dirs);

	/* a relative XDG_CONFIG_HOME is ignored (XDG spec): ~/.config */
	setenv("XDG_CONFIG_HOME", "rel", 1);
	setenv("HOME", "/home/someone", 1);
	cr_assert_eq(cs_profile_dirs_default(&dirs), 0);
	cr_assert_str_eq(dirs.v[0].path, "/home/someone/.config/clawshim/profiles");
	cs_profile_dirs_free(&dirs);

	/* no HOME: the password database, never "/.config" */
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	cr_assert_eq(cs_profile_dirs_default(&dirs), 0);
	cr_assert(dirs.n >= 2);
	cr_assert_neq(strncmp(dirs.v[0].path, "/.config", 8), 0, "%s", dirs.v[0].path);
	cs_profile_dirs_free(&dirs);

	/* the override replaces the whole list */
	setenv("CLAWSHIM_PROFILE_PATH", "/a::/b", 1);
	cr_assert_eq(cs_profile_dirs_default(&dirs), 0);
	cr_assert_eq(dirs.n, 2);
	cr_assert_str_eq(dirs.v[0].path, "/a");
	cr_assert_str_eq(dirs.v[1].path, "/b");
	cr_assert_eq(dirs.v[1].origin, CS_PROFILE_ORIGIN_ENV);
	cs_profile_dirs_free(&dirs);

	/* find_by_name uses it */
	tmpdir_put("p/weather.json", "{}");
	_cleanup_free_ char *pdir = tmpdir_path("p");
	setenv("CLAWSHIM_PROFILE_PATH", pdir, 1);
	char *path;
	enum cs_profile_origin origin;
	cr_assert_eq(cs_profile_find_by_name("weather", &path, &origin), 0);
	cr_assert_eq(origin, CS_PROFILE_ORIGIN_ENV);
	free(path);

	/* a skill's profile: by its name, else by its directory's name */
	tmpdir_put("p/dirname.json", "{}");
	cr_assert_eq(cs_profile_find_for_skill("weather", "/x/other", &path, NULL), 0);
	cr_assert(strstr(path, "/p/weather.json"));
	free(path);
	cr_assert_eq(cs_profile_find_for_skill("nope", "/x/dirname/SKILL.md", &path, NULL), 0);
	cr_assert(strstr(path, "/p/dirname.json"));
	free(path);
	cr_assert_eq(cs_profile_find_for_skill(NULL, "skills/dirname/", &path, NULL), 0);
	free(path);
	cr_assert_eq(cs_profile_find_for_skill("Bad Name", "skills/nope", &path, NULL), -ENOENT);
	cr_assert_null(path);
	cr_assert_eq(cs_profile_find_for_skill(NULL, "SKILL.md", &path, NULL), -ENOENT);

	restore_env("XDG_CONFIG_HOME", xdg);
	restore_env("HOME", home);
	restore_env("CLAWSHIM_PROFILE_PATH", over);
}
