/* Privileges of the calling thread: no_new_privs and Linux capabilities.
 * Internal to shim/. */
#ifndef CLAWSHIM_SHIM_PRIVS_H
#define CLAWSHIM_SHIM_PRIVS_H

#include <stddef.h>
#include <sys/types.h>

struct cs_diags;

/* Sets no_new_privs, locks the root-privilege securebits when allowed, and
 * drops every capability from the effective, permitted, inheritable, ambient
 * and bounding sets, then reads them back. Returns 0 or a
 * negative errno after adding the reason to d. */
int cs_privs_drop(struct cs_diags *d);

/* Runs the calling process as uid:gid with exactly the given supplementary
 * groups, from root: the bounding set is emptied first (while CAP_SETPCAP
 * is still there), then setgroups, setresgid, setresuid; the result is read
 * back and a way back to uid 0 must fail. Returns 0 or a negative errno
 * after adding the reason to d. */
int cs_privs_become(uid_t uid, gid_t gid, const gid_t *groups, size_t n_groups,
		    struct cs_diags *d);

/* The same without the securebits and the read-back, async-signal-safe,
 * for a signal handler running in another thread. Returns 0 or a negative
 * errno. */
int cs_privs_drop_raw(void);

#endif
