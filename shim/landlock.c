/* Landlock, applied with raw system calls (there is no libc wrapper and no
 * library in Debian). The uapi structures are declared here so that kernel
 * headers older than the running kernel still build: the kernel tells the
 * ABI at run time, and the attribute size passed matches that ABI. */
#include "landlock.h"
#include "clawshim/confine.h"
#include "clawshim/diag.h"
#include "clawshim/landlock_rules.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule       445
#define SYS_landlock_restrict_self  446
#endif

#define CS_LL_CREATE_RULESET_VERSION (1U << 0)
#define CS_LL_RULE_PATH_BENEATH 1
#define CS_LL_RULE_NET_PORT     2

struct cs_ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 */
	uint64_t scoped;             /* ABI 6 */
};

struct cs_ll_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct cs_ll_net_port {
	uint64_t allowed_access;
	uint64_t port;
};

/* Rights that make sense on a file rather than a directory: the kernel
 * refuses directory rights on a file rule. */
#define FILE_RIGHTS (CS_LL_FS_EXECUTE | CS_LL_FS_WRITE_FILE | CS_LL_FS_READ_FILE |              \
		     CS_LL_FS_TRUNCATE | CS_LL_FS_IOCTL_DEV)

/* The kernel's answer cannot change while the process lives: asked once. */
int cs_landlock_abi(void)
{
	static atomic_int known = -1;
	int abi = atomic_load(&known);

	if (abi < 0) {
		long r = syscall(SYS_landlock_create_ruleset, NULL, 0, CS_LL_CREATE_RULESET_VERSION);
		abi = r < 0 ? 0 : (int)r;
		atomic_store(&known, abi);
	}
	return abi;
}

static size_t attr_size(int abi)
{
	if (abi >= 6)
		return sizeof(struct cs_ll_ruleset_attr);
	if (abi >= 4)
		return offsetof(struct cs_ll_ruleset_attr, scoped);
	return offsetof(struct cs_ll_ruleset_attr, handled_access_net);
}

static int add_path_rule(int ruleset, const struct cs_ll_path_rule *r, struct cs_diags *d)
{
	_cleanup_close_ int fd = open(r->path, O_PATH | O_CLOEXEC);
	struct stat st;

	if (fd < 0) {
		if (errno == ENOENT)
			return 0; /* nothing there to write to or run */
		cs_diag_add(d, r->path, 0, 0, NULL, "cannot open for a Landlock rule: %s",
			    strerror(errno));
		return -errno;
	}
	/* Only a directory takes rights beyond a file's: no need to look
	 * when there are none (the device rules). */
	bool dir_rights = r->access & ~(uint64_t)FILE_RIGHTS;
	if (dir_rights && fstat(fd, &st) < 0)
		return -errno;
	struct cs_ll_path_beneath pb = {
		.allowed_access = dir_rights && S_ISDIR(st.st_mode) ? r->access
								   : (r->access & FILE_RIGHTS),
		.parent_fd = fd,
	};
	if (pb.allowed_access == 0)
		return 0;
	if (syscall(SYS_landlock_add_rule, ruleset, CS_LL_RULE_PATH_BENEATH, &pb, 0) < 0) {
		int e = errno;
		cs_diag_add(d, r->path, 0, 0, NULL, "Landlock refused the path rule: %s",
			    strerror(e));
		return -e;
	}
	return 0;
}

static int add_port_rule(int ruleset, uint64_t access, uint16_t port, struct cs_diags *d)
{
	struct cs_ll_net_port np = { .allowed_access = access, .port = port };

	if (syscall(SYS_landlock_add_rule, ruleset, CS_LL_RULE_NET_PORT, &np, 0) < 0) {
		int e = errno;
		cs_diag_add(d, NULL, 0, 0, NULL, "Landlock refused the rule for TCP port %u: %s",
			    port, strerror(e));
		return -e;
	}
	return 0;
}

int cs_landlock_ruleset(const struct cs_landlock_plan *plan, struct cs_diags *d)
{
	struct cs_ll_ruleset_attr attr = {
		.handled_access_fs = plan->handled_fs,
		.handled_access_net = plan->handled_net,
		.scoped = plan->scoped,
	};
	int fd = (int)syscall(SYS_landlock_create_ruleset, &attr, attr_size(plan->abi), 0);

	if (fd < 0) {
		int e = errno;
		cs_diag_add(d, NULL, 0, 0, NULL, "Landlock refused the ruleset (ABI %d): %s",
			    plan->abi, strerror(e));
		return -e;
	}
	int r = 0;
	for (size_t i = 0; i < plan->n_paths && !r; i++)
		r = add_path_rule(fd, &plan->paths[i], d);
	for (size_t i = 0; i < plan->n_ports && !r; i++)
		r = add_port_rule(fd, CS_LL_NET_CONNECT_TCP, plan->ports[i], d);
	if (plan->bind_ephemeral && !r)
		r = add_port_rule(fd, CS_LL_NET_BIND_TCP, 0, d);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int cs_landlock_restrict_self(int ruleset_fd)
{
	return syscall(SYS_landlock_restrict_self, ruleset_fd, 0) < 0 ? -errno : 0;
}
