/* Installing confinement in the calling process: no_new_privs, no Linux
 * capabilities, a Landlock domain and the seccomp filter, in that order, for
 * every thread. Shared by clawrun (in its child, before exec) and by
 * libclawshim.so (in its constructor, before main). */
#ifndef CLAWSHIM_CONFINE_H
#define CLAWSHIM_CONFINE_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include "util.h"

struct cs_profile;
struct cs_diags;
struct cs_filter_opts;
struct cs_confine_state;

enum cs_run_mode {
	CS_MODE_ENFORCE, /* denied calls fail */
	CS_MODE_AUDIT,   /* denied calls are allowed and reported to the supervisor */
};

struct cs_confine_opts {
	const struct cs_profile *profile; /* expanded */
	enum cs_run_mode mode;
	/* Denials go to a supervisor through a seccomp listener (clawrun);
	 * otherwise they fail with EPERM in the filter itself (preload). */
	bool supervised;
	/* The caller knows no other thread runs (clawrun's child), so the
	 * thread broadcast, which lists /proc/self/task, is skipped. */
	bool single_threaded;
	/* Dynamic loaders the exec allowlist's programs need (EXECUTE). */
	const struct cs_strv *exec_paths;
	/* Builds, with libseccomp, a filter nothing precompiled (audit mode):
	 * cs_confine_build_program, set by clawrun. NULL in libclawshim.so,
	 * which then links no libseccomp and refuses such a policy. */
	int (*build)(const struct cs_confine_opts *o, const struct cs_filter_opts *fo,
		     struct sock_filter **insns, size_t *len, struct cs_diags *d);
};

struct cs_confine_state {
	int listener;          /* seccomp listener when supervised, else -1 */
	int landlock_abi;      /* 0 when the kernel has no Landlock */
	struct cs_strv degraded; /* what is not enforced ("degraded": "allow") */
};

/* What cs_confine_enter installs, made beforehand: the Landlock ruleset
 * and the filter program. Making it opens files and allocates; entering
 * only makes system calls on the success path, so clawrun's child, which
 * shares its parent's memory, can enter while the parent waits. */
struct cs_confine_prep {
	int landlock_abi;
	int ruleset;               /* -1 when Landlock adds nothing */
	struct sock_fprog prog;
	struct sock_filter *owned; /* prog's instructions when built at run time */
	struct cs_strv degraded;
};

/* The parts of the profile this kernel cannot enforce in this mode, without
 * changing anything (so a launcher can refuse before it forks). Returns 0 or
 * -ENOMEM; each missing part is one sentence in *missing. */
int cs_confine_check(const struct cs_confine_opts *o, struct cs_strv *missing);

/* Refuses what cannot be enforced, builds the ruleset and picks or builds
 * the filter. Changes nothing in the calling process. Returns 0, or a
 * negative errno after adding the reason to d. */
int cs_confine_prepare(const struct cs_confine_opts *o, struct cs_confine_prep *pp,
		       struct cs_diags *d);

/* Confines the calling thread (every thread unless single_threaded) with
 * pp: no_new_privs, no capabilities, the Landlock domain, the filter. On
 * failure returns a negative errno after adding the reason to d (the only
 * allocation); the process may then be partly confined and must not run
 * the tool. st->degraded is left empty: it is pp's. */
int cs_confine_enter(const struct cs_confine_opts *o, const struct cs_confine_prep *pp,
		     struct cs_confine_state *st, struct cs_diags *d);

void cs_confine_prep_free(struct cs_confine_prep *pp);

/* Prepares and enters in one step, for a caller confining itself (the
 * preload library). */
int cs_confine_apply(const struct cs_confine_opts *o, struct cs_confine_state *st,
		     struct cs_diags *d);

void cs_confine_state_free(struct cs_confine_state *st);

/* The libseccomp path for cs_confine_opts.build (shim/confine_build.c):
 * the program in *insns (malloc'd), its length in *len. */
int cs_confine_build_program(const struct cs_confine_opts *o, const struct cs_filter_opts *fo,
			     struct sock_filter **insns, size_t *len, struct cs_diags *d);

/* The Landlock ABI of the running kernel, 0 when unavailable. */
int cs_landlock_abi(void);

#endif
