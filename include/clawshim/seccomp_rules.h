/* Capability -> syscall policy as data (named syscall sets plus a table of
 * argument rules), the libseccomp filter built from it, and a pure classifier
 * that gives the same verdict without the kernel (for logs, explain and
 * tests). The filter is default-deny: a syscall no table names is denied. */
#ifndef CLAWSHIM_SECCOMP_RULES_H
#define CLAWSHIM_SECCOMP_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
	const char *const *calls; /* NULL-terminated, sorted */
};

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
	CS_ARG_LOW32_NOT_IN,   /* allowed when the low 32 bits are none of values */
};

#define CS_ARG_MAX_VALUES 6

struct cs_arg_check {
	enum cs_arg_kind kind;
	unsigned arg;  /* argument index, 0-5 */
	uint64_t mask;
	uint32_t values[CS_ARG_MAX_VALUES];
	size_t n_values;
};

struct cs_arg_rule {
	const char *syscall;
	enum cs_cap cap;             /* CS_CAP_NONE: 'without' applies always */
	struct cs_arg_check without; /* when cap is absent (or always) */
	struct cs_arg_check with;    /* when cap is present */
	const char *help;            /* why the argument matters */
};

extern const struct cs_arg_rule cs_arg_rules[];
extern const size_t cs_arg_rules_len;

/* The check a rule applies for these capabilities; exec_allowlist says the
 * profile has 'shell' and a non-empty exec.allow. */
const struct cs_arg_check *cs_arg_rule_check(const struct cs_arg_rule *r, cs_capset caps,
					     bool exec_allowlist);

/* A verdict for one call, as the filter built for a profile decides it. */
enum cs_sc_action {
	CS_ACT_ALLOW,
	CS_ACT_DENY,      /* EPERM */
	CS_ACT_ENOSYS,
	CS_ACT_EXEC_ONCE, /* denied unless it is the launcher's first exec */
};

struct cs_sc_verdict {
	enum cs_sc_action action;
	enum cs_cap cap;     /* the capability that would allow it, else CS_CAP_NONE */
	const char *group;   /* the set or "argument rule" that decided */
	const char *name;    /* the syscall name, or NULL when unknown */
};

/* Classifies a syscall (x86_64 number) with its arguments for a profile. */
void cs_syscall_classify(cs_capset caps, bool exec_allowlist, int nr, const uint64_t args[6],
			 struct cs_sc_verdict *v);

/* How denials are delivered. */
struct cs_filter_opts {
	bool notify; /* denials go to a supervisor (SCMP_ACT_NOTIFY) instead of EPERM */
	bool log;    /* denials are allowed but logged by the kernel (SCMP_ACT_LOG) */
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

#endif
