/* See runas.h. Only the choice lives here; the change itself is
 * cs_privs_become, in the child. */
#include "runas.h"
#include "clawshim/accounts.h"
#include "clawshim/diag.h"
#include "clawshim/util.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

/* uid for NAME or a number; *found tells whether an account has it. */
static int lookup_user(const char *spec, uid_t *uid, struct cs_account *acct, bool *found)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(spec, &end, 10);
	if (*spec && !*end && !errno && v < (uid_t)-1) {
		*uid = (uid_t)v;
		*found = cs_account_by_uid(*uid, acct) == 0;
		return 0;
	}
	if (cs_account_by_name(spec, acct) < 0)
		return -ENOENT;
	*found = true;
	*uid = acct->uid;
	return 0;
}

/* A uid without an account gets fallback_gid and no other group; so does
 * 'nobody', which owns nothing and needs no group's files. */
static int fill(struct cs_runas *a, uid_t uid, const struct cs_account *acct, gid_t fallback_gid,
		bool member_groups)
{
	a->change = true;
	a->uid = uid;
	a->gid = acct ? acct->gid : fallback_gid;
	if (acct)
		cs_copy_str(a->name, sizeof(a->name), acct->name);
	else
		snprintf(a->name, sizeof(a->name), "%u", (unsigned)uid);
	/* More groups than fit: only the primary one, never a wrong one. */
	if (!acct || !member_groups ||
	    cs_account_groups(acct->name, a->gid, a->groups, CS_RUNAS_MAX_GROUPS, &a->n_groups) < 0) {
		a->groups[0] = a->gid;
		a->n_groups = 1;
	}
	return 0;
}

int cs_runas_choose(uid_t euid, const char *user, bool allow_root, const char *first_workspace,
		    struct cs_runas *out, struct cs_diags *d)
{
	struct cs_account acct;
	bool found = false;
	uid_t uid = 0;
	struct stat st;

	*out = (struct cs_runas){ 0 };
	if (user && lookup_user(user, &uid, &acct, &found) < 0) {
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
			return fill(out, uid, found ? &acct : NULL, (gid_t)uid, true);
		if (allow_root)
			return 0;
		cs_diag_add(d, NULL, 0, 0, NULL,
			    "--user %s is root; add --allow-root to run the tool as root", user);
		return -EPERM;
	}
	if (allow_root)
		return 0;
	if (first_workspace && stat(first_workspace, &st) == 0 && st.st_uid != 0) {
		found = cs_account_by_uid(st.st_uid, &acct) == 0;
		return fill(out, st.st_uid, found ? &acct : NULL, st.st_gid, true);
	}
	if (cs_account_by_name("nobody", &acct) == 0)
		return fill(out, acct.uid, &acct, acct.gid, false);
	cs_diag_add(d, NULL, 0, 0, NULL, "running as root: no user 'nobody' to run the tool "
					 "as; give --user or --allow-root");
	return -ENOENT;
}
