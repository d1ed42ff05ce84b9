/* Installing confinement in the calling process: no_new_privs, no Linux
 * capabilities, a Landlock domain and the seccomp filter, in that order, for
 * every thread. Shared by clawrun (in its child, before exec) and by
 * libclawshim.so (in its constructor, before main). */
#ifndef CLAWSHIM_CONFINE_H
#define CLAWSHIM_CONFINE_H

#include <stdbool.h>
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
	/* Dynamic loaders the exec allowlist's programs need (EXECUTE). */
	const struct cs_strv *exec_paths;
	/* Builds and loads, with libseccomp, a filter nothing precompiled
	 * (audit mode): cs_confine_build_and_load, set by clawrun. NULL in
	 * libclawshim.so, which then links no libseccomp and refuses such a
	 * policy. */
	int (*build)(const struct cs_confine_opts *o, const struct cs_filter_opts *fo,
		     struct cs_confine_state *st, struct cs_diags *d);
};

struct cs_confine_state {
	int listener;          /* seccomp listener when supervised, else -1 */
	int landlock_abi;      /* 0 when the kernel has no Landlock */
	struct cs_strv degraded; /* what is not enforced ("degraded": "allow") */
};

/* The parts of the profile this kernel cannot enforce in this mode, without
 * changing anything (so a launcher can refuse before it forks). Returns 0 or
 * -ENOMEM; each missing part is one sentence in *missing. */
int cs_confine_check(const struct cs_confine_opts *o, struct cs_strv *missing);

/* Confines the calling process. On failure returns a negative errno after
 * adding the reason to d; the process may then be partly confined and must
 * not run the tool. */
int cs_confine_apply(const struct cs_confine_opts *o, struct cs_confine_state *st,
		     struct cs_diags *d);

void cs_confine_state_free(struct cs_confine_state *st);

/* The libseccomp path of cs_confine_apply for cs_confine_opts.build
 * (shim/confine_build.c): the listener in st when supervised. */
int cs_confine_build_and_load(const struct cs_confine_opts *o, const struct cs_filter_opts *fo,
			      struct cs_confine_state *st, struct cs_diags *d);

/* The Landlock ABI of the running kernel, 0 when unavailable. */
int cs_landlock_abi(void);

#endif
