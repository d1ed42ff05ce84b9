/* no_new_privs and capability dropping. Order matters: securebits and the
 * bounding set need CAP_SETPCAP, so they go before the capability sets are
 * cleared. As root without SECBIT_NOROOT an exec would regain capabilities;
 * with no_new_privs and an empty bounding set it cannot. */
#include "privs.h"
#include "clawshim/diag.h"

#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOCKED_SECUREBITS                                                                          \
	(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |                           \
	 SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE |   \
	 SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

static int fail(struct cs_diags *d, const char *what)
{
	int e = errno ? errno : EPERM;
	cs_diag_add(d, NULL, 0, 0, NULL, "%s: %s", what, strerror(e));
	return -e;
}

static bool have_setpcap(void)
{
	cap_t c = cap_get_proc();
	cap_flag_value_t v = CAP_CLEAR;

	if (c) {
		cap_get_flag(c, CAP_SETPCAP, CAP_EFFECTIVE, &v);
		cap_free(c);
	}
	return v == CAP_SET;
}

static int drop_bounding(struct cs_diags *d)
{
	for (cap_value_t c = 0; cap_get_bound(c) >= 0; c++) {
		if (cap_get_bound(c) == 0)
			continue;
		if (cap_drop_bound(c) < 0)
			return fail(d, "cannot drop a capability from the bounding set");
	}
	return 0;
}

/* Without CAP_SETPCAP the bounding set cannot shrink; it then cannot matter
 * either, because no_new_privs stops an exec from gaining capabilities. */
static int verify_empty(bool check_bounding, struct cs_diags *d)
{
	cap_t c = cap_get_proc();
	cap_t none = cap_init();
	int same = c && none ? cap_compare(c, none) : -1;

	cap_free(c);
	cap_free(none);
	if (same != 0) {
		errno = EPERM;
		return fail(d, "capabilities remain after dropping them");
	}
	for (cap_value_t v = 0; check_bounding && cap_get_bound(v) >= 0; v++)
		if (cap_get_bound(v) > 0) {
			errno = EPERM;
			return fail(d, "the bounding set is not empty after dropping it");
		}
	return 0;
}

int cs_privs_drop(struct cs_diags *d)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(d, "cannot set no_new_privs");

	bool setpcap = have_setpcap();

	if (setpcap) {
		if ((cap_get_secbits() & LOCKED_SECUREBITS) != LOCKED_SECUREBITS &&
		    cap_set_secbits(cap_get_secbits() | LOCKED_SECUREBITS) < 0)
			return fail(d, "cannot lock the root securebits");
		if (drop_bounding(d) < 0)
			return -EPERM;
	}
	if (CAP_AMBIENT_SUPPORTED() && cap_reset_ambient() < 0)
		return fail(d, "cannot clear the ambient capabilities");
	cap_t none = cap_init();
	if (!none)
		return fail(d, "cannot allocate a capability set");
	int r = cap_set_proc(none);
	cap_free(none);
	if (r < 0)
		return fail(d, "cannot drop the capabilities");
	return verify_empty(setpcap, d);
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

int cs_privs_become(uid_t uid, gid_t gid, const gid_t *groups, size_t n_groups,
		    struct cs_diags *d)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (have_setpcap() && drop_bounding(d) < 0)
		return -EPERM;
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
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2] = { 0 };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_capget, &h, data) < 0)
		return -errno;
	bool setpcap = data[0].effective & (1u << CAP_SETPCAP);
	for (unsigned long c = 0; setpcap && prctl(PR_CAPBSET_READ, c, 0, 0, 0) >= 0; c++)
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1 &&
		    prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
			return -errno;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return -errno;
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capset, &h, data) < 0)
		return -errno;
	return 0;
}
