/* no_new_privs and capability dropping, with raw prctl/capget/capset: the
 * same few calls libcap would make, without a library in every confined
 * process, and async-signal-safe for threads.c. Order matters: securebits
 * and the bounding set need CAP_SETPCAP, so they go before the capability
 * sets are cleared. As root without SECBIT_NOROOT an exec would regain
 * capabilities; with no_new_privs and an empty bounding set it cannot. */
#include "privs.h"
#include "clawshim/diag.h"

#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOCKED_SECUREBITS                                                                          \
	(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |                           \
	 SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE |   \
	 SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

/* Version 3: two 32-bit words per set, every capability the kernel has. */
struct caps {
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
};

static int fail(struct cs_diags *d, const char *what)
{
	int e = errno ? errno : EPERM;
	cs_diag_add(d, NULL, 0, 0, NULL, "%s: %s", what, strerror(e));
	return -e;
}

static int get_caps(struct caps *c)
{
	*c = (struct caps){.h = {.version = _LINUX_CAPABILITY_VERSION_3}};
	return syscall(SYS_capget, &c->h, c->data) < 0 ? -errno : 0;
}

static bool have_setpcap(void)
{
	struct caps c;

	return get_caps(&c) == 0 && (c.data[0].effective & (1u << CAP_SETPCAP));
}

/* Dropping a capability the set lacks succeeds, so each is dropped without
 * reading it first; the first number the kernel does not know ends the
 * loop with EINVAL. */
static int drop_bounding(void)
{
	for (unsigned long c = 0;; c++)
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
			return errno == EINVAL && c > 0 ? 0 : -errno;
}

static int clear_ambient(void)
{
	/* EINVAL: a kernel without ambient capabilities (before 4.3). */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return -errno;
	return 0;
}

static int clear_sets(void)
{
	struct caps c = {.h = {.version = _LINUX_CAPABILITY_VERSION_3}};

	return syscall(SYS_capset, &c.h, c.data) < 0 ? -errno : 0;
}

/* The bounding set is not read back: each PR_CAPBSET_DROP that returns 0
 * has cleared its bit, and drop_bounding stops only at the first number the
 * kernel does not know, so the set is empty once it returns 0. */
static int verify_empty(struct cs_diags *d)
{
	struct caps c;

	if (get_caps(&c) < 0)
		return fail(d, "cannot read the capabilities back");
	for (size_t i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		if (c.data[i].effective || c.data[i].permitted || c.data[i].inheritable) {
			errno = EPERM;
			return fail(d, "capabilities remain after dropping them");
		}
	return 0;
}

int cs_privs_drop(struct cs_diags *d)
{
	int r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(d, "cannot set no_new_privs");

	/* Without CAP_SETPCAP the bounding set cannot shrink; it then cannot
	 * matter either, because no_new_privs stops an exec from gaining
	 * capabilities. */
	if (have_setpcap()) {
		int bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
		if (bits < 0 || ((bits & LOCKED_SECUREBITS) != LOCKED_SECUREBITS &&
				 prctl(PR_SET_SECUREBITS, (unsigned long)bits | LOCKED_SECUREBITS,
				       0, 0, 0) < 0))
			return fail(d, "cannot lock the root securebits");
		if ((r = drop_bounding()) < 0) {
			errno = -r;
			return fail(d, "cannot drop a capability from the bounding set");
		}
	}
	if ((r = clear_ambient()) < 0) {
		errno = -r;
		return fail(d, "cannot clear the ambient capabilities");
	}
	if ((r = clear_sets()) < 0) {
		errno = -r;
		return fail(d, "cannot drop the capabilities");
	}
	return verify_empty(d);
}

static bool same_groups(const gid_t *want, size_t n)
{
	gid_t have[256];
	int m = getgroups(256, have);

	if (m < 0 || (size_t)m != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (int j = 0; j < m && !found; j++)
			found = have[j] == want[i];
		if (!found)
			return false;
	}
	return true;
}

int cs_privs_become(uid_t uid, gid_t gid, const gid_t *groups, size_t n_groups, struct cs_diags *d)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;
	int r;

	if (have_setpcap() && (r = drop_bounding()) < 0) {
		errno = -r;
		return fail(d, "cannot drop a capability from the bounding set");
	}
	if (setgroups(n_groups, groups) < 0)
		return fail(d, "cannot set the supplementary groups");
	if (setresgid(gid, gid, gid) < 0)
		return fail(d, "cannot change the group");
	if (setresuid(uid, uid, uid) < 0)
		return fail(d, "cannot change the user");
	errno = EPERM;
	if (getresuid(&ru, &eu, &su) < 0 || ru != uid || eu != uid || su != uid ||
	    getresgid(&rg, &eg, &sg) < 0 || rg != gid || eg != gid || sg != gid ||
	    !same_groups(groups, n_groups))
		return fail(d, "the user or groups did not change as asked");
	if (uid != 0 && setresuid(0, 0, 0) == 0)
		return fail(d, "uid 0 could be regained after changing the user");
	return 0;
}

int cs_privs_drop_raw(void)
{
	int r;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (have_setpcap() && (r = drop_bounding()) < 0)
		return r;
	if ((r = clear_ambient()) < 0)
		return r;
	return clear_sets();
}
