/* Capability -> Landlock: which access rights to handle and which paths and
 * ports to grant, for a given kernel ABI. Pure: the shim applies the plan. */
#ifndef CLAWSHIM_LANDLOCK_RULES_H
#define CLAWSHIM_LANDLOCK_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "util.h"

struct cs_profile;
struct cs_diags;

/* Access rights and scopes by bit, as in include/uapi/linux/landlock.h; the
 * newer ones are defined here so older kernel headers still build. */
#define CS_LL_FS_EXECUTE      (1ULL << 0)
#define CS_LL_FS_WRITE_FILE   (1ULL << 1)
#define CS_LL_FS_READ_FILE    (1ULL << 2)
#define CS_LL_FS_READ_DIR     (1ULL << 3)
#define CS_LL_FS_REMOVE_DIR   (1ULL << 4)
#define CS_LL_FS_REMOVE_FILE  (1ULL << 5)
#define CS_LL_FS_MAKE_CHAR    (1ULL << 6)
#define CS_LL_FS_MAKE_DIR     (1ULL << 7)
#define CS_LL_FS_MAKE_REG     (1ULL << 8)
#define CS_LL_FS_MAKE_SOCK    (1ULL << 9)
#define CS_LL_FS_MAKE_FIFO    (1ULL << 10)
#define CS_LL_FS_MAKE_BLOCK   (1ULL << 11)
#define CS_LL_FS_MAKE_SYM     (1ULL << 12)
#define CS_LL_FS_REFER        (1ULL << 13) /* ABI 2 */
#define CS_LL_FS_TRUNCATE     (1ULL << 14) /* ABI 3 */
#define CS_LL_FS_IOCTL_DEV    (1ULL << 15) /* ABI 5 */
#define CS_LL_NET_BIND_TCP    (1ULL << 0)  /* ABI 4 */
#define CS_LL_NET_CONNECT_TCP (1ULL << 1)  /* ABI 4 */
#define CS_LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define CS_LL_SCOPE_SIGNAL               (1ULL << 1) /* ABI 6 */

#define CS_LL_MAX_RULES 128

struct cs_ll_path_rule {
	const char *path; /* borrowed from the profile */
	uint64_t access;  /* for a directory; trimmed to file rights for a file */
};

struct cs_landlock_plan {
	int abi;              /* the kernel's ABI, 0 when Landlock is unavailable */
	uint64_t handled_fs;
	uint64_t handled_net;
	uint64_t scoped;
	struct cs_ll_path_rule paths[CS_LL_MAX_RULES];
	size_t n_paths;
	uint16_t ports[64];
	size_t n_ports;
	/* bind() to port 0, a port the kernel picks: clients do it (Python's
	 * IPv6 probe, FTP's data channel) and, listen() being denied, it serves
	 * nothing. */
	bool bind_ephemeral;
	bool needed;          /* whether the plan restricts anything at all */
	struct cs_strv missing; /* what this ABI cannot enforce, one sentence each */
	struct cs_strv owned;   /* paths the plan holds itself (terminals) */
};

/* The devices every tool may write to and use ioctls on, whatever its
 * capabilities: sinks and sources with no state to keep (so shell
 * redirections to /dev/null work), and terminals. NULL-terminated. */
extern const char *const cs_landlock_devices[];

/* Plans Landlock for an expanded profile on a kernel with the given ABI
 * (0: none). exec_paths are extra files to grant EXECUTE (the dynamic
 * loaders the allowed programs name), may be NULL. Returns 0 or -ENOMEM;
 * unenforceable parts are listed in plan->missing, and the caller decides
 * (fail closed unless the profile says degraded: allow). */
int cs_landlock_plan(const struct cs_profile *p, int abi, const struct cs_strv *exec_paths,
		     struct cs_landlock_plan *plan);

void cs_landlock_plan_free(struct cs_landlock_plan *plan);

/* The rights that allow changing files, for an ABI; never TRUNCATE (see
 * cs_landlock_plan: truncation by path is the seccomp filter's). */
uint64_t cs_landlock_write_rights(int abi);

/* Whether Landlock at this ABI judges file writes without 'filesystem' (the
 * seccomp filter then leaves write opens to it, refusing only O_TRUNC on an
 * open not for writing) and device ioctls (IOCTL_DEV): ABI >= 5. Below
 * that, seccomp rules on the open flags and on ioctl numbers are the
 * fallback. */
bool cs_landlock_judges(int abi);

/* Grants a terminal the tool was started on (its /dev/pts/N or /dev/ttyN)
 * the rights of cs_landlock_devices. Returns 0, -E2BIG or -ENOMEM. */
int cs_landlock_plan_add_terminal(struct cs_landlock_plan *plan, const char *path);

#endif
