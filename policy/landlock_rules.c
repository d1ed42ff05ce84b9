/* Landlock planning: writes, exec and TCP ports as access rights for the
 * ABI the kernel reports, following the best-effort pattern of the kernel's
 * samples/landlock/sandboxer.c, except that what cannot be enforced is
 * reported so the launcher can fail closed. */
#include "clawshim/landlock_rules.h"
#include "clawshim/caps.h"
#include "clawshim/profile.h"

#include <errno.h>
#include <string.h>

const char *const cs_landlock_devices[] = {
	"/dev/full", "/dev/null", "/dev/ptmx", "/dev/pts", "/dev/random", "/dev/tty",
	"/dev/urandom", "/dev/zero", NULL,
};

bool cs_landlock_judges(int abi)
{
	return abi >= 5;
}

uint64_t cs_landlock_write_rights(int abi)
{
	uint64_t r = CS_LL_FS_WRITE_FILE | CS_LL_FS_REMOVE_DIR | CS_LL_FS_REMOVE_FILE |
		     CS_LL_FS_MAKE_CHAR | CS_LL_FS_MAKE_DIR | CS_LL_FS_MAKE_REG |
		     CS_LL_FS_MAKE_SOCK | CS_LL_FS_MAKE_FIFO | CS_LL_FS_MAKE_BLOCK |
		     CS_LL_FS_MAKE_SYM;

	if (abi >= 2)
		r |= CS_LL_FS_REFER;
	return r;
}

/* What a tool may do with the harmless devices: write and terminal ioctls. */
#define DEVICE_RIGHTS (CS_LL_FS_WRITE_FILE | CS_LL_FS_IOCTL_DEV)

static int add_path(struct cs_landlock_plan *plan, const char *path, uint64_t access)
{
	for (size_t i = 0; i < plan->n_paths; i++) {
		if (strcmp(plan->paths[i].path, path) == 0) {
			plan->paths[i].access |= access;
			return 0;
		}
	}
	if (plan->n_paths == CS_LL_MAX_RULES)
		return -E2BIG;
	plan->paths[plan->n_paths++] = (struct cs_ll_path_rule){ path, access };
	return 0;
}

static void missing(struct cs_landlock_plan *plan, const char *what)
{
	cs_strv_push(&plan->missing, what);
}

int cs_landlock_plan(const struct cs_profile *p, int abi, const struct cs_strv *exec_paths,
		     struct cs_landlock_plan *plan)
{
	bool fs = cs_capset_has(p->caps, CS_CAP_FILESYSTEM);
	bool net = cs_capset_has(p->caps, CS_CAP_NETWORK);
	bool allowlist = cs_capset_has(p->caps, CS_CAP_SHELL) && p->exec_allow.n > 0;
	int r = 0;

	*plan = (struct cs_landlock_plan){ .abi = abi, .needed = true };
	if (abi <= 0) {
		/* Without 'filesystem' and 'network' seccomp alone denies writes and
		 * sockets; what Landlock adds then is the scopes. */
		if (fs)
			missing(plan, "writes limited to the workspace and the profile's roots "
				      "(needs Landlock)");
		if (net)
			missing(plan, "TCP connect limited to the profile's ports (needs Landlock "
				      "ABI 4)");
		if (allowlist)
			missing(plan, "the exec allowlist (needs Landlock)");
		missing(plan, "no signals to and no abstract UNIX sockets of processes outside "
			      "the sandbox (needs Landlock ABI 6)");
		plan->needed = false;
		return 0;
	}
	/* TRUNCATE is never handled: the kernel would walk the path to / on
	 * every open of a regular file, read-only ones included, to record
	 * whether the file may be truncated later (security/landlock/fs.c,
	 * hook_file_open). A write open with O_TRUNC needs WRITE_FILE; the
	 * seccomp filter refuses the other truncations by path (O_TRUNC
	 * without write access, truncate(2)) in every mode. */
	plan->handled_fs = cs_landlock_write_rights(abi);
	if (fs)
		for (size_t i = 0; i < p->write.n && !r; i++)
			r = add_path(plan, p->write.v[i], plan->handled_fs);
	/* Device ioctls only on the harmless devices and terminals: loop
	 * devices, /dev/userfaultfd and /dev/kvm answer ioctls on descriptors
	 * opened read-only. */
	if (abi >= 5)
		plan->handled_fs |= CS_LL_FS_IOCTL_DEV;
	for (const char *const *dev = cs_landlock_devices; *dev && !r; dev++)
		r = add_path(plan, *dev, plan->handled_fs & DEVICE_RIGHTS);
	if (allowlist) {
		plan->handled_fs |= CS_LL_FS_EXECUTE;
		for (size_t i = 0; i < p->exec_allow.n && !r; i++)
			r = add_path(plan, p->exec_allow.v[i], CS_LL_FS_EXECUTE);
		for (size_t i = 0; exec_paths && i < exec_paths->n && !r; i++)
			r = add_path(plan, exec_paths->v[i], CS_LL_FS_EXECUTE);
	}
	if (abi >= 4) {
		plan->handled_net = CS_LL_NET_BIND_TCP | CS_LL_NET_CONNECT_TCP;
		plan->bind_ephemeral = net;
		for (size_t i = 0; net && i < p->n_ports; i++)
			if (p->ports[i] != p->gateway_port)
				plan->ports[plan->n_ports++] = p->ports[i];
	} else if (net) {
		missing(plan, "TCP connect limited to the profile's ports (needs Landlock ABI 4)");
	}
	if (abi >= 6)
		plan->scoped = CS_LL_SCOPE_ABSTRACT_UNIX_SOCKET | CS_LL_SCOPE_SIGNAL;
	else
		missing(plan, "no signals to and no abstract UNIX sockets of processes outside "
			      "the sandbox (needs Landlock ABI 6)");
	return r;
}

int cs_landlock_plan_add_terminal(struct cs_landlock_plan *plan, const char *path)
{
	if (plan->abi <= 0)
		return 0;
	if (cs_strv_push(&plan->owned, path) < 0)
		return -ENOMEM;
	return add_path(plan, plan->owned.v[plan->owned.n - 1], plan->handled_fs & DEVICE_RIGHTS);
}

void cs_landlock_plan_free(struct cs_landlock_plan *plan)
{
	cs_strv_free(&plan->missing);
	cs_strv_free(&plan->owned);
}
