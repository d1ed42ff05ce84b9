/* The account lookup clawrun uses instead of NSS, checked against glibc's
 * own answer for every account of /etc/passwd: the same uid, group, home and
 * group list. */
#include "clawshim/accounts.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
	return (x > y) - (x < y);
}

static void expect_same_groups(const char *name, gid_t primary)
{
	gid_t mine[256], theirs[256];
	size_t n = 0;
	int m = 256;

	cr_assert_eq(cs_account_groups(name, primary, mine, 256, &n), 0, "%s", name);
	cr_assert_geq(getgrouplist(name, primary, theirs, &m), 0, "%s", name);
	cr_expect_eq(mine[0], primary, "%s: the primary group first", name);
	qsort(mine, n, sizeof(gid_t), cmp_gid);
	qsort(theirs, (size_t)m, sizeof(gid_t), cmp_gid);
	cr_expect_eq(n, (size_t)m, "%s: %zu groups against NSS's %d", name, n, m);
	for (size_t i = 0; i < n && i < (size_t)m; i++)
		cr_expect_eq(mine[i], theirs[i], "%s: group %zu", name, i);
}

Test(accounts, every_local_account_as_nss_sees_it)
{
	FILE *f = fopen("/etc/passwd", "re");
	struct passwd *pw;
	int n = 0;

	cr_assert_not_null(f);
	/* fgetpwent, getpwnam and the lookup itself reuse static storage:
	 * copies only. */
	while ((pw = fgetpwent(f))) {
		char name[64];
		snprintf(name, sizeof(name), "%s", pw->pw_name);
		uid_t uid = pw->pw_uid;
		struct passwd *nss = getpwnam(name);
		/* A name listed twice: NSS and the lookup both take the first. */
		if (!nss || nss->pw_uid != uid)
			continue;
		gid_t gid = nss->pw_gid;
		char home[4096];
		snprintf(home, sizeof(home), "%s", nss->pw_dir);
		struct cs_account a, b;
		long pos = ftell(f);
		cr_assert_eq(cs_account_by_name(name, &a), 0, "%s", name);
		cr_expect_eq(a.uid, uid, "%s", name);
		cr_expect_eq(a.gid, gid, "%s", name);
		cr_expect_str_eq(a.home, home, "%s", name);
		cr_expect_str_eq(a.name, name);
		cr_assert_eq(cs_account_by_uid(uid, &b), 0, "%s", name);
		cr_expect_eq(b.uid, uid);
		expect_same_groups(name, gid);
		fseek(f, pos, SEEK_SET);
		n++;
	}
	fclose(f);
	cr_expect_geq(n, 2, "root and nobody at least");
}

Test(accounts, unknown_names_and_uids)
{
	struct cs_account a;
	/* The NSS databases must not know them either, or the test says
	 * nothing. */
	cr_assert_null(getpwnam("clawshim-no-such-user"));
	cr_expect_eq(cs_account_by_name("clawshim-no-such-user", &a), -ENOENT);
	cr_expect_eq(cs_account_by_name("", &a), -ENOENT);
	cr_expect_eq(cs_account_by_name("root:x", &a), -ENOENT, "a field separator is no name");
	cr_assert_null(getpwuid(4294967290u));
	cr_expect_eq(cs_account_by_uid(4294967290u, &a), -ENOENT);
}

Test(accounts, groups_that_do_not_fit_are_an_error_not_a_cut)
{
	gid_t g[1];
	size_t n;
	gid_t many[256];
	size_t all;

	cr_assert_eq(cs_account_groups("root", 0, many, 256, &all), 0);
	cr_expect_eq(cs_account_groups("root", 0, g, 0, &n), -E2BIG);
	/* With room for the primary group only: fine if that is all. */
	cr_expect_eq(cs_account_groups("root", 0, g, 1, &n), all > 1 ? -E2BIG : 0);
	/* A primary group listed again in /etc/group counts once. */
	cr_expect_eq(cs_account_groups("clawshim-no-such-user", 4242, many, 256, &n), 0);
	cr_expect(n == 1 && many[0] == 4242);
}

Test(accounts, home_from_the_environment_first)
{
	char *saved = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	struct passwd *pw = getpwuid(getuid());

	setenv("HOME", "/some/where", 1);
	cr_expect_str_eq(cs_account_home(), "/some/where");
	setenv("HOME", "relative", 1);
	cr_expect_str_eq(cs_account_home(), pw->pw_dir, "a relative HOME is not used");
	unsetenv("HOME");
	cr_expect_str_eq(cs_account_home(), pw->pw_dir);
	if (saved)
		setenv("HOME", saved, 1);
	free(saved);
}
