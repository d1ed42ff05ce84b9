/* The confinement sequence shared by clawrun and libclawshim.so. Prepared
 * (allocating, opening files, nothing changed):
 *   1. refuse when the kernel cannot enforce the profile (unless degraded);
 *   2. the Landlock ruleset: writes, device ioctls, exec allowlist, TCP
 *      ports, scopes; and the filter program, precompiled or built.
 * Entered (system calls only, until something fails):
 *   3. no_new_privs and no capabilities;
 *   4. the Landlock domain, for threads that already run too (signal
 *      broadcast);
 *   5. the seccomp filter with TSYNC, last, because it denies the calls the
 *      earlier steps need.
 * Any failure stops the sequence: the caller must not run the tool. */
#include "clawshim/confine.h"
#include "clawshim/diag.h"
#include "clawshim/filters.h"
#include "clawshim/landlock_rules.h"
#include "clawshim/profile.h"
#include "clawshim/seccomp_rules.h"
#include "landlock.h"
#include "privs.h"
#include "threads.h"

#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool has_exec_allowlist(const struct cs_profile *p)
{
	return cs_capset_has(p->caps, CS_CAP_SHELL) && p->exec_allow.n > 0;
}

/* What the profile needs that a kernel with this Landlock ABI cannot do. */
static int check_with_abi(const struct cs_confine_opts *o, int abi, struct cs_strv *missing)
{
	struct cs_landlock_plan plan;
	int r = cs_landlock_plan(o->profile, abi, o->exec_paths, &plan);

	for (size_t i = 0; r == 0 && i < plan.missing.n; i++)
		r = cs_strv_push(missing, plan.missing.v[i]);
	if (r == 0 && has_exec_allowlist(o->profile) && !o->supervised)
		r = cs_strv_push(missing, "the exec allowlist against a dynamic loader run "
					  "directly on another program (needs clawrun's supervisor)");
	cs_landlock_plan_free(&plan);
	return r;
}

int cs_confine_check(const struct cs_confine_opts *o, struct cs_strv *missing)
{
	return check_with_abi(o, cs_landlock_abi(), missing);
}

/* Judged with the ABI the rest of the sequence uses (pp->landlock_abi),
 * never a second probe: the check and the ruleset must agree. */
static int refuse_unenforceable(const struct cs_confine_opts *o, struct cs_confine_prep *pp,
				struct cs_diags *d)
{
	_cleanup_strv_ struct cs_strv missing = { 0 };

	if (check_with_abi(o, pp->landlock_abi, &missing) < 0)
		return -ENOMEM;
	if (missing.n == 0)
		return 0;
	if (o->profile->degraded == CS_DEGRADED_ALLOW) {
		pp->degraded = missing;
		missing = (struct cs_strv){ 0 };
		return 0;
	}
	for (size_t i = 0; i < missing.n; i++)
		cs_diag_add(d, NULL, 0, 0, NULL,
			    "this kernel cannot enforce %s; the profile may say "
			    "\"degraded\": \"allow\" to run without it",
			    missing.v[i]);
	return -EOPNOTSUPP;
}

/* Apart from build_ruleset, so that its name buffer is on the stack only
 * when a descriptor is a terminal: the stack pages a constructor touches
 * are faults in every confined process. */
static int __attribute__((noinline)) add_terminal(struct cs_landlock_plan *plan, int tty)
{
	char name[PATH_MAX];

	if (ttyname_r(tty, name, sizeof(name)) != 0)
		return 0;
	return cs_landlock_plan_add_terminal(plan, name);
}

/* Returns a ruleset fd, -1 when Landlock adds nothing here, or a negative
 * errno below -1. */
static int build_ruleset(const struct cs_confine_opts *o, const struct cs_confine_prep *pp,
			 struct cs_diags *d)
{
	struct cs_landlock_plan plan;
	int fd = -1;

	/* Audit mode must not deny: Landlock has no way to report instead. */
	if (o->mode == CS_MODE_AUDIT || pp->landlock_abi <= 0)
		return -1;
	if (cs_landlock_plan(o->profile, pp->landlock_abi, o->exec_paths, &plan) < 0) {
		cs_landlock_plan_free(&plan);
		cs_diag_add(d, NULL, 0, 0, NULL, "too many Landlock rules (at most %d)",
			    CS_LL_MAX_RULES);
		return -E2BIG;
	}
	/* The terminal the tool was started on stays usable (its /dev/pts/N
	 * is granted already; a /dev/ttyN or a serial line is not). */
	for (int tty = 0; tty <= 2; tty++) {
		if (isatty(tty) && add_terminal(&plan, tty) < 0) {
			cs_landlock_plan_free(&plan);
			cs_diag_add(d, NULL, 0, 0, NULL, "too many Landlock rules (at most %d)",
				    CS_LL_MAX_RULES);
			return -E2BIG;
		}
	}
	if (plan.needed) {
		fd = cs_landlock_ruleset(&plan, d);
		if (fd == -1)
			fd = -EPERM;
	}
	cs_landlock_plan_free(&plan);
	return fd;
}

static int enter_landlock(const struct cs_confine_opts *o, int ruleset, struct cs_diags *d)
{
	if (ruleset >= 0) {
		int r = cs_landlock_restrict_self(ruleset);
		if (r < 0) {
			cs_diag_add(d, NULL, 0, 0, NULL, "cannot enter the Landlock domain: %s",
				    strerror(-r));
			return r;
		}
	}
	if (!o->single_threaded && cs_threads_count() != 1) {
		int r = cs_threads_confine_others(ruleset);
		if (r < 0) {
			cs_diag_add(d, NULL, 0, 0, NULL,
				    "cannot confine the threads already running: %s",
				    strerror(-r));
			return r;
		}
	}
	return 0;
}

/* Loads the program with seccomp(2); TSYNC so threads that already run are
 * filtered too, and with a listener, TSYNC_ESRCH so that the return value
 * can be the listener rather than a thread id. */
static int load_program(const struct sock_fprog *fp, bool listener,
			struct cs_confine_state *st, struct cs_diags *d)
{
	unsigned flags = SECCOMP_FILTER_FLAG_TSYNC;

	if (listener)
		flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC_ESRCH;
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, fp);
	if (r < 0 || (!listener && r != 0)) {
		int e = r < 0 ? errno : ESRCH;
		/* A clawshim filter refuses listeners (EPERM); the kernel allows
		 * one per filter stack (EBUSY). */
		cs_diag_add(d, NULL, 0, 0, NULL, "the kernel refused the seccomp filter: %s%s",
			    strerror(e),
			    listener && (e == EBUSY || e == EPERM)
				    ? " (already confined: clawrun inside a confined tool cannot "
				      "supervise)"
				    : "");
		return -e;
	}
	if (listener)
		st->listener = (int)r;
	return 0;
}

static int pick_program(const struct cs_confine_opts *o, struct cs_confine_prep *pp,
			struct cs_diags *d)
{
	/* Where Landlock judges write opens and device ioctls, the filter
	 * leaves them alone; otherwise (no ABI 5, audit mode, where Landlock
	 * is not applied) its fallback rules judge them: never neither. */
	struct cs_filter_opts fo = {
		.notify = o->supervised,
		.audit = o->mode == CS_MODE_AUDIT,
		/* In audit mode Landlock is not applied, so there is no
		 * exec allowlist for the loader check to guard (and its
		 * notify rule would repeat the default action). */
		.supervise_loader = o->supervised && has_exec_allowlist(o->profile) &&
				    o->mode == CS_MODE_ENFORCE,
		.landlock = o->mode == CS_MODE_ENFORCE && cs_landlock_judges(pp->landlock_abi),
	};
	struct cs_filter_key k = cs_filter_key_of(o->profile, &fo);
	size_t i = cs_filter_key_index(&k), len;

	if (i < cs_filter_progs_len) {
		pp->prog = (struct sock_fprog){
			.len = (unsigned short)cs_filter_progs[i].len,
			.filter = (struct sock_filter *)cs_filter_prog_insns(&cs_filter_progs[i])
		};
		return 0;
	}
	if (!o->build) {
		cs_diag_add(d, NULL, 0, 0, NULL, "no precompiled seccomp filter for this policy");
		return -EOPNOTSUPP;
	}
	int r = o->build(o, &fo, &pp->owned, &len, d);
	if (r < 0)
		return r;
	if (len == 0 || len > BPF_MAXINSNS) {
		cs_diag_add(d, NULL, 0, 0, NULL, "the seccomp filter has %zu instructions (at most %d)",
			    len, BPF_MAXINSNS);
		return -E2BIG;
	}
	pp->prog = (struct sock_fprog){ .len = (unsigned short)len, .filter = pp->owned };
	return 0;
}

int cs_confine_prepare(const struct cs_confine_opts *o, struct cs_confine_prep *pp,
		       struct cs_diags *d)
{
	int r;

	*pp = (struct cs_confine_prep){ .ruleset = -1, .landlock_abi = cs_landlock_abi() };
	if (o->mode == CS_MODE_AUDIT && !o->supervised) {
		cs_diag_add(d, NULL, 0, 0, NULL, "audit mode needs clawrun's supervisor");
		return -EINVAL;
	}
	if ((r = refuse_unenforceable(o, pp, d)) < 0)
		return r;
	r = build_ruleset(o, pp, d);
	if (r < -1)
		return r;
	pp->ruleset = r;
	return pick_program(o, pp, d);
}

int cs_confine_enter(const struct cs_confine_opts *o, const struct cs_confine_prep *pp,
		     struct cs_confine_state *st, struct cs_diags *d)
{
	int r;

	*st = (struct cs_confine_state){ .listener = -1, .landlock_abi = pp->landlock_abi };
	if ((r = cs_privs_drop(d)) < 0)
		return r;
	if ((r = enter_landlock(o, pp->ruleset, d)) < 0)
		return r;
	return load_program(&pp->prog, o->supervised, st, d);
}

void cs_confine_prep_free(struct cs_confine_prep *pp)
{
	if (pp->ruleset >= 0)
		close(pp->ruleset);
	pp->ruleset = -1;
	free(pp->owned);
	pp->owned = NULL;
	cs_strv_free(&pp->degraded);
}

int cs_confine_apply(const struct cs_confine_opts *o, struct cs_confine_state *st,
		     struct cs_diags *d)
{
	struct cs_confine_prep pp;
	int r = cs_confine_prepare(o, &pp, d);

	*st = (struct cs_confine_state){ .listener = -1, .landlock_abi = pp.landlock_abi };
	if (r == 0)
		r = cs_confine_enter(o, &pp, st, d);
	st->degraded = pp.degraded;
	pp.degraded = (struct cs_strv){ 0 };
	cs_confine_prep_free(&pp);
	return r;
}

void cs_confine_state_free(struct cs_confine_state *st)
{
	if (st->listener >= 0)
		close(st->listener);
	st->listener = -1;
	cs_strv_free(&st->degraded);
}
