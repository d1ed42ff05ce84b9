/* See accounts.h. fgetpwent/fgetgrent parse a stream and load nothing. */
#include "clawshim/accounts.h"
#include "clawshim/util.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PASSWD_FILE "/etc/passwd"
#define GROUP_FILE "/etc/group"
/* Larger than any real database; a bigger file is refused, not cut. */
#define DATABASE_MAX (64u << 20)

static bool same_name(const struct passwd *pw, const void *key)
{
	return strcmp(pw->pw_name, key) == 0;
}

static bool same_uid(const struct passwd *pw, const void *key)
{
	return pw->pw_uid == *(const uid_t *)key;
}

static int copy_account(const struct passwd *pw, struct cs_account *a)
{
	if (!cs_copy_str(a->name, sizeof(a->name), pw->pw_name) ||
	    !cs_copy_str(a->home, sizeof(a->home), pw->pw_dir))
		return -ENAMETOOLONG;
	a->uid = pw->pw_uid;
	a->gid = pw->pw_gid;
	return 0;
}

/* The whole file is read at once and parsed from memory: fgetpwent on the
 * file itself asks the kernel for the file offset at every line. */
static FILE *open_database(const char *path, char **text)
{
	size_t len;
	int r = cs_read_file(path, DATABASE_MAX, text, &len);

	if (r < 0) {
		errno = -r;
		return NULL;
	}
	FILE *f = len ? fmemopen(*text, len, "r") : NULL;
	if (!f && len) {
		free(*text);
		*text = NULL;
	}
	return f;
}

static int find_account(bool (*match)(const struct passwd *, const void *), const void *key,
			struct cs_account *a)
{
	_cleanup_free_ char *text = NULL;
	FILE *f = open_database(PASSWD_FILE, &text);
	const struct passwd *pw;
	int r = -ENOENT;

	if (!f)
		return text || errno == 0 ? -ENOENT : -errno;
	/* fgetpwent skips a malformed line and goes on. */
	while ((pw = fgetpwent(f)))
		if (match(pw, key)) {
			r = copy_account(pw, a);
			break;
		}
	fclose(f);
	return r;
}

int cs_account_by_name(const char *name, struct cs_account *a)
{
	return find_account(same_name, name, a);
}

int cs_account_by_uid(uid_t uid, struct cs_account *a)
{
	return find_account(same_uid, &uid, a);
}

static bool listed(char *const *members, const char *name)
{
	for (; members && *members; members++)
		if (strcmp(*members, name) == 0)
			return true;
	return false;
}

static bool have(const gid_t *groups, size_t n, gid_t g)
{
	for (size_t i = 0; i < n; i++)
		if (groups[i] == g)
			return true;
	return false;
}

int cs_account_groups(const char *name, gid_t primary, gid_t *groups, size_t max, size_t *n)
{
	FILE *f;
	const struct group *gr;
	int r = 0;

	*n = 0;
	if (max == 0)
		return -E2BIG;
	groups[(*n)++] = primary;
	_cleanup_free_ char *text = NULL;
	if (!(f = open_database(GROUP_FILE, &text)))
		return text || errno == 0 || errno == ENOENT ? 0 : -errno;
	while ((gr = fgetgrent(f))) {
		if (!listed(gr->gr_mem, name) || have(groups, *n, gr->gr_gid))
			continue;
		if (*n == max) {
			r = -E2BIG;
			break;
		}
		groups[(*n)++] = gr->gr_gid;
	}
	fclose(f);
	return r;
}

const char *cs_account_home(void)
{
	static struct cs_account self;
	const char *h = getenv("HOME");

	if (h && h[0] == '/')
		return h;
	if (cs_account_by_uid(getuid(), &self) == 0 && self.home[0] == '/')
		return self.home;
	return NULL;
}
