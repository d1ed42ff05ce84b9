/* See runas.h. Only the choice lives here; the change itself is
 * cs_privs_become, in the child. */
#include "runas.h"
#include "clawshim/diag.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* uid for NAME or a number; its passwd entry when it has one. */
static int lookup_user(const char *spec, uid_t *uid, const struct passwd **pw)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(spec, &end, 10);
	if (*spec && !*end && !errno && v < (uid_t)-1) {
		*uid = (uid_t)v;
		*pw = getpwuid(*uid);
		return 0;
	}
	*pw = getpwnam(spec);
	if (!*pw)
		return -ENOENT;
	*uid = (*pw)->pw_uid;
	return 0;
}

/* A uid without a passwd entry gets fallback_gid and no other group. */
static int fill(struct cs_runas *a, uid_t uid, const struct passwd *pw, gid_t fallback_gid)
{
	int n = CS_RUNAS_MAX_GROUPS;

	a->change = true;
	a->uid = uid;
	a->gid = pw ? pw->pw_gid : fallback_gid;
	if (pw)
		snprintf(a->name, sizeof(a->name), "%s", pw->pw_name);
	else
		snprintf(a->name, sizeof(a->name), "%u", (unsigned)uid);
	/* More groups than fit: only the primary one, never a wrong one. */
	if (pw && getgrouplist(pw->pw_name, a->gid, a->groups, &n) >= 0) {
		a->n_groups = (size_t)n;
	} else {
		a->groups[0] = a->gid;
		a->n_groups = 1;
	}
	return 0;
}

int cs_runas_choose(uid_t euid, const char *user, bool allow_root, const char *first_workspace,
		    struct cs_runas *out, struct cs_diags *d)
{
	const struct passwd *pw = NULL;
	uid_t uid = 0;
	struct stat st;

	*out = (struct cs_runas){ 0 };
	if (user && lookup_user(user, &uid, &pw) < 0) {
		cs_diag_add(d, NULL, 0, 0, NULL, "--user: no such user: %s", user);
		return -ENOENT;
	}
	if (euid != 0) {
		if (!user || uid == euid)
			return 0;
		cs_diag_add(d, NULL, 0, 0, NULL,
			    "--user %s: only root can run a tool as another user", user);
		return -EPERM;
	}
	if (user) {
		if (uid != 0)
			return fill(out, uid, pw, (gid_t)uid);
		if (allow_root)
			return 0;
		cs_diag_add(d, NULL, 0, 0, NULL,
			    "--user %s is root; add --allow-root to run the tool as root", user);
		return -EPERM;
	}
	if (allow_root)
		return 0;
	if (first_workspace && stat(first_workspace, &st) == 0 && st.st_uid != 0)
		return fill(out, st.st_uid, getpwuid(st.st_uid), st.st_gid);
	pw = getpwnam("nobody");
	if (pw)
		return fill(out, pw->pw_uid, pw, pw->pw_gid);
	cs_diag_add(d, NULL, 0, 0, NULL, "running as root: no user 'nobody' to run the tool "
					 "as; give --user or --allow-root");
	return -ENOENT;
}
