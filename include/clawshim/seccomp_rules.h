/* Capability -> syscall policy as data (named syscall sets plus a table of
 * argument rules), the libseccomp filter built from it, and a pure classifier
 * that gives the same verdict without the kernel (for logs, explain and
 * tests). The filter is default-deny: a syscall no table names is denied. */
#ifndef CLAWSHIM_SECCOMP_RULES_H
#define CLAWSHIM_SECCOMP_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <seccomp.h>
#include "caps.h"

struct cs_profile;
struct cs_diags;

/* What a syscall set does. */
enum cs_sc_disp {
	CS_SC_ALLOW,  /* always allowed, without argument checks (kernel-cacheable) */
	CS_SC_GATED,  /* allowed with the set's capability, denied (EPERM) without */
	CS_SC_DENY,   /* always denied (EPERM): the hardening baseline */
	CS_SC_ENOSYS, /* always ENOSYS, so runtimes fall back to calls the filter can judge */
};

struct cs_syscall_set {
	const char *name; /* "@file-mutation" */
	const char *help; /* one line */
	enum cs_sc_disp disp;
	enum cs_cap cap;  /* for CS_SC_GATED */
	/* Sorted names, each ended by its NUL and the list by an empty one
	 * ("read\0write\0"): no pointers, so a position-independent program
	 * has nothing to relocate in it at start. CS_FOR_EACH_CALL walks it. */
	const char *calls;
};

#define CS_FOR_EACH_CALL(c, calls) for (const char *c = (calls); *c; c += strlen(c) + 1)

extern const struct cs_syscall_set cs_syscall_sets[];
extern const size_t cs_syscall_sets_len;

/* How an argument-checked syscall is decided in one capability state. */
enum cs_arg_kind {
	CS_ARG_ALLOW,          /* allowed, no check */
	CS_ARG_DENY,           /* denied, no check */
	CS_ARG_EXEC_ONCE,      /* denied, except the launcher's own exec of the tool */
	CS_ARG_MASK_CLEAR,     /* allowed when (arg & mask) == 0 */
	CS_ARG_MASK_SET,       /* allowed when (arg & mask) == mask */
	CS_ARG_FIELD_IN,       /* allowed when (arg & mask) is one of values */
	CS_ARG_NOT_MATCHING,   /* allowed when (arg & ex[i].mask) != ex[i].value for every i */
	CS_ARG_ANY_OF,         /* allowed when every condition of one of alts holds */
	CS_ARG_LANDLOCK,       /* allowed by the filter: Landlock judges; calls with a bit
				* of mask set (every call when mask is 0) go to a
				* supervisor, if any, for the record only; calls
				* matching one of ex are refused (EPERM), as what
				* Landlock cannot judge */
};

#define CS_ARG_MAX_VALUES 6
#define CS_ARG_MAX_CONDS  3

/* One masked pattern of an argument's low 32 bits (the kernel reads these
 * arguments as int, so the upper half is junk an attacker controls). */
struct cs_arg_pattern {
	uint32_t mask, value;
};

/* (args[arg] & mask) is one of values. */
struct cs_arg_cond {
	unsigned arg;
	uint64_t mask;
	uint32_t values[CS_ARG_MAX_VALUES];
	size_t n_values;
};

struct cs_arg_alt {
	struct cs_arg_cond conds[CS_ARG_MAX_CONDS];
	size_t n_conds;
};

struct cs_arg_check {
	enum cs_arg_kind kind;
	unsigned arg;  /* argument index, 0-5 */
	uint64_t mask;
	uint32_t values[CS_ARG_MAX_VALUES];
	size_t n_values;
	const struct cs_arg_pattern *ex; /* CS_ARG_NOT_MATCHING, CS_ARG_LANDLOCK */
	size_t n_ex;
	const struct cs_arg_alt *alts;   /* CS_ARG_ANY_OF */
	size_t n_alts;
};

struct cs_arg_rule {
	const char *syscall;
	enum cs_cap cap;             /* CS_CAP_NONE: 'without' applies always */
	struct cs_arg_check without; /* when cap is absent (or always) */
	struct cs_arg_check with;    /* when cap is present */
	const char *help;            /* why the argument matters */
	/* Where Landlock cannot judge (no ABI 5, audit mode): the seccomp
	 * fallbacks; NULL when the same as above. */
	const struct cs_arg_check *old_without, *old_with;
};

extern const struct cs_arg_rule cs_arg_rules[];
extern const size_t cs_arg_rules_len;

/* What a filter depends on besides the syscall tables. */
struct cs_sc_policy {
	cs_capset caps;
	bool exec_allowlist; /* 'shell' with a non-empty exec.allow */
	bool unix_sockets;   /* 'network' with "unix": true */
	bool landlock;       /* Landlock ABI >= 5 confines the process: it judges
			      * write opens and device ioctls (see
			      * cs_landlock_judges_writes) */
};

/* The policy of a profile; landlock as the launcher applies it. */
struct cs_sc_policy cs_sc_policy_of(const struct cs_profile *p, bool landlock);

/* The check a rule applies under a policy. */
const struct cs_arg_check *cs_arg_rule_check(const struct cs_arg_rule *r,
					     const struct cs_sc_policy *pol);

/* A verdict for one call, as the filter built for a profile decides it. */
enum cs_sc_action {
	CS_ACT_ALLOW,
	CS_ACT_DENY,      /* EPERM */
	CS_ACT_ENOSYS,
	CS_ACT_EXEC_ONCE, /* denied unless it is the launcher's first exec */
	CS_ACT_LANDLOCK,  /* the filter lets it through (a supervisor sees it for
			   * the record and continues it); Landlock judges */
};

struct cs_sc_verdict {
	enum cs_sc_action action;
	enum cs_cap cap;     /* the capability that would allow it, else CS_CAP_NONE */
	const char *group;   /* the set or "argument rule" that decided */
	const char *name;    /* the syscall name, or NULL when unknown */
	bool quiet;          /* a denied probe the filter answers without a record */
	const char *why;     /* for a denial no capability lifts, why, when
			      * cs_refusals says; else NULL */
};

/* Refusals no capability lifts that need a word of why (the call's name
 * alone would send a user looking for a profile that allows it). */
struct cs_refusal {
	const char *syscall;
	const char *why;
};
extern const struct cs_refusal cs_refusals[];
extern const size_t cs_refusals_len;

/* Calls programs make on their own to probe for a service, which every
 * policy that denies them may refuse without a word: the program falls
 * back by itself, and a record of each would only teach users to widen a
 * profile for nothing. Matched on exact argument values (low 32 bits). */
struct cs_quiet_probe {
	const char *syscall;
	size_t n_args;
	struct {
		unsigned arg;
		uint32_t value;
	} eq[3];
	const char *why;
};
extern const struct cs_quiet_probe cs_quiet_probes[];
extern const size_t cs_quiet_probes_len;

/* Whether the policy lets the tool's own launch through execve once and
 * refuses every later exec (CS_ACT_EXEC_ONCE), as cs_syscall_classify would
 * say for execve and execveat, without naming a syscall number. */
bool cs_sc_exec_once(const struct cs_sc_policy *pol);

/* Classifies a syscall (x86_64 number) with its arguments under a policy. */
void cs_syscall_classify(const struct cs_sc_policy *pol, int nr, const uint64_t args[6],
			 struct cs_sc_verdict *v);

/* Whether this verdict reaches a supervisor (notify) rather than being
 * answered by the filter itself: the launch (exec once), the calls Landlock
 * judges (for the record), and every denial, so that each one is logged and
 * said (the calls a capability would allow, to write a profile, and the
 * ones no profile lifts, so that nobody looks for such a profile). */
bool cs_verdict_notifies(const struct cs_sc_verdict *v);

/* How denials are delivered. Without notify, every denial is EPERM in the
 * filter. With notify (clawrun), the filter's default is to notify: every
 * denial, and the calls cs_verdict_notifies names, reach the supervisor;
 * since no process under the filter can create a listener of its own, such
 * a call fails (ENOSYS) when the supervisor is gone. */
struct cs_filter_opts {
	bool notify;
	bool audit;    /* with notify: built as if no capability were granted, every
			* denial and every connect and bind going to the supervisor,
			* which records it and allows it */
	bool landlock; /* Landlock ABI >= 5 is applied (enforce mode) */
	/* With notify and an exec allowlist: arch_prctl(ARCH_SET_FS), which
	 * every new program image makes before its own code runs, goes to the
	 * supervisor, which refuses it when the image is a dynamic loader run
	 * directly (Landlock must let loaders execute, so only the supervisor
	 * can tell "ld.so /other/program" from a normal start). */
	bool supervise_loader;
};

/* Builds the filter for a profile (nothing is loaded). Returns 0 and a
 * context the caller releases with seccomp_release, or a negative errno with
 * a diagnostic naming the rule that libseccomp refused. */
int cs_filter_build(const struct cs_profile *p, const struct cs_filter_opts *o,
		    scmp_filter_ctx *out, struct cs_diags *d);

/* Every (mask, value) pair whose union is the complement of values in the
 * 32-bit space: MASKED_EQ rules that together mean "low 32 bits not in
 * values", immune to junk in the upper half. Returns the number of pairs
 * written (at most max), or -E2BIG. */
int cs_low32_complement(const uint32_t *values, size_t n, uint64_t *masks, uint64_t *datums,
			size_t max);

/* The same for patterns: disjoint (mask, value) pairs covering exactly the
 * 32-bit values that match none of ex. */
int cs_pattern_complement(const struct cs_arg_pattern *ex, size_t n, uint64_t *masks,
			  uint64_t *datums, size_t max);

#endif
