/* Precompiled seccomp programs, one per policy variant (see tools/bpfgen.c),
 * and the key that picks one for a profile. */
#ifndef CLAWSHIM_FILTERS_H
#define CLAWSHIM_FILTERS_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cs_profile;
struct cs_filter_opts;

/* Everything the seccomp program depends on. */
struct cs_filter_key {
	bool shell, filesystem, network;
	bool unix_sockets;     /* network with "unix": true */
	bool allowlist;        /* shell with a non-empty exec.allow */
	bool notify;           /* a supervisor sees the launch and every denial */
	bool supervise_loader; /* notify and allowlist: arch_prctl(ARCH_SET_FS) too */
	bool landlock;         /* Landlock (ABI >= 5) judges write opens and device ioctls */
	bool audit;            /* audit mode: never precompiled (built when asked) */
};

/* Where a program is in cs_filter_insns: offsets rather than pointers, so
 * that the table needs no relocation when a position-independent program
 * starts. */
struct cs_filter_prog {
	uint32_t offset;
	uint32_t len;
};

extern const struct sock_filter cs_filter_insns[];
extern const struct cs_filter_prog cs_filter_progs[];
extern const size_t cs_filter_progs_len;

static inline const struct sock_filter *cs_filter_prog_insns(const struct cs_filter_prog *p)
{
	return cs_filter_insns + p->offset;
}

size_t cs_filter_keys_count(void);
struct cs_filter_key cs_filter_key_at(size_t i);

/* The key of a profile and options, and its index (count for a key that is
 * not precompiled: audit mode). */
struct cs_filter_key cs_filter_key_of(const struct cs_profile *p, const struct cs_filter_opts *o);
size_t cs_filter_key_index(const struct cs_filter_key *k);

/* The read-only openat fast path (policy/fastpath.c) put in front of the
 * precompiled programs that read openat's arguments: writes the
 * CS_FAST_PATH_LEN instructions to out and returns their number, or 0
 * (nothing to put) when prog allows openat without reading its arguments
 * or does not allow every open the prefix would. */
#define CS_FAST_PATH_LEN 9
struct seccomp_data;
/* Runs a seccomp program on one call as the kernel's interpreter would, for
 * the instructions libseccomp emits. Returns the program's answer; an
 * instruction it does not know sets *unknown (when not NULL) and answers
 * SECCOMP_RET_KILL_PROCESS. */
uint32_t cs_bpf_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *d,
		    bool *unknown);

/* Whether the kernel's seccomp cache skips prog for syscall nr (x86_64):
 * prog allows it without reading anything but nr and arch. */
bool cs_filter_const_allows(const struct sock_filter *prog, size_t len, int nr);
size_t cs_filter_fast_path(const struct sock_filter *prog, size_t len,
			   struct sock_filter out[CS_FAST_PATH_LEN]);

/* A profile and options that produce exactly this key (for the generator
 * and the test); the caller frees p with cs_profile_free. */
void cs_filter_key_profile(const struct cs_filter_key *k, struct cs_profile *p,
			   struct cs_filter_opts *o);

#endif
