/* The syscall policy, as tables in the manner of systemd's seccomp-util.c:
 * named sets with one disposition each, and argument rules for the calls
 * whose verdict depends on an argument. Every syscall libseccomp knows for
 * x86_64 is in exactly one place (a test checks); the filter denies the rest,
 * so a syscall newer than these tables is denied, not forgotten. */
#include "clawshim/seccomp_rules.h"
#include "clawshim/diag.h"
#include "clawshim/profile.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <asm/prctl.h>
#include <sys/mman.h>
#include <sys/socket.h>

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U /* Linux 6.3, include/uapi/linux/memfd.h */
#endif
/* O_TMPFILE without its O_DIRECTORY part (include/uapi/asm-generic/fcntl.h):
 * the bit that makes an open create an unnamed file. */
#define CS_O_TMPFILE_BIT 020000000

/* Open flags that let an open change the file system. */
#define WRITE_OPEN_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | CS_O_TMPFILE_BIT)

#define SET(...) ((const char *const[]){ __VA_ARGS__, NULL })

const struct cs_syscall_set cs_syscall_sets[] = {
	{ "@default", "descriptor I/O, memory, signals, time, identity, sockets already open",
	  CS_SC_ALLOW, CS_CAP_NONE,
	  SET("accept", "accept4", "access", "alarm", "arch_prctl", "bind", "brk", "cachestat",
	      "capget", "capset", "chdir", "clock_getres", "clock_gettime", "clock_nanosleep",
	      "close", "close_range", "connect", "copy_file_range", "dup", "dup2", "dup3",
	      "epoll_create", "epoll_create1", "epoll_ctl", "epoll_pwait", "epoll_pwait2",
	      "epoll_wait", "eventfd", "eventfd2", "exit", "exit_group", "faccessat",
	      "faccessat2", "fadvise64", "fchdir", "fcntl", "fdatasync", "fgetxattr",
	      "flistxattr", "flock", "fstat", "fstatfs", "fsync", "futex", "futex_requeue",
	      "futex_wait", "futex_waitv", "futex_wake", "get_mempolicy", "get_robust_list",
	      "getcpu", "getcwd", "getdents", "getdents64", "getegid", "geteuid", "getgid",
	      "getgroups", "getitimer", "getpeername", "getpgid", "getpgrp", "getpid", "getppid",
	      "getpriority", "getrandom", "getresgid", "getresuid", "getrlimit", "getrusage",
	      "getsid", "getsockname", "getsockopt", "gettid", "gettimeofday", "getuid",
	      "getxattr", "inotify_add_watch", "inotify_init", "inotify_init1",
	      "inotify_rm_watch", "io_cancel", "io_destroy", "io_getevents", "io_pgetevents",
	      "io_setup", "io_submit", "ioprio_get", "kill", "landlock_add_rule",
	      "landlock_create_ruleset", "landlock_restrict_self", "lgetxattr", "listen",
	      "listxattr", "llistxattr", "lseek", "lstat", "madvise", "map_shadow_stack",
	      "mbind", "membarrier", "memfd_secret", "mincore", "mlock", "mlock2", "mlockall",
	      "mmap", "mprotect", "mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive",
	      "mq_timedsend", "mq_unlink", "mremap", "msgctl", "msgget", "msgrcv", "msgsnd",
	      "msync", "munlock", "munlockall", "munmap", "name_to_handle_at", "nanosleep",
	      "newfstatat", "pause", "pidfd_open", "pidfd_send_signal", "pipe", "pipe2",
	      "pkey_alloc", "pkey_free", "pkey_mprotect", "poll", "ppoll", "prctl", "pread64",
	      "preadv", "preadv2", "pselect6", "pwrite64", "pwritev", "pwritev2", "read",
	      "readahead", "readlink", "readlinkat", "readv", "recvfrom", "recvmmsg", "recvmsg",
	      "remap_file_pages", "restart_syscall", "rseq", "rt_sigaction", "rt_sigpending",
	      "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend",
	      "rt_sigtimedwait", "rt_tgsigqueueinfo", "sched_get_priority_max",
	      "sched_get_priority_min", "sched_getaffinity", "sched_getattr", "sched_getparam",
	      "sched_getscheduler", "sched_rr_get_interval", "sched_yield", "seccomp", "select",
	      "semctl", "semget", "semop", "semtimedop", "sendfile", "sendmmsg", "sendmsg",
	      "sendto", "set_mempolicy", "set_mempolicy_home_node", "set_robust_list",
	      "set_tid_address", "setfsgid", "setfsuid", "setgid", "setgroups", "setitimer",
	      "setpgid", "setregid", "setresgid", "setresuid", "setreuid", "setrlimit",
	      "setsid", "setsockopt", "setuid", "shmat", "shmctl", "shmdt", "shmget",
	      "shutdown", "sigaltstack", "signalfd", "signalfd4", "splice", "stat", "statfs",
	      "statx", "sync", "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill", "time",
	      "timer_create", "timer_delete", "timer_getoverrun", "timer_gettime",
	      "timer_settime", "timerfd_create", "timerfd_gettime", "timerfd_settime",
	      "times", "tkill", "umask", "uname", "vmsplice", "wait4", "waitid", "write",
	      "writev") },
	{ "@file-mutation", "creating, removing, renaming, linking, truncating and changing files",
	  CS_SC_GATED, CS_CAP_FILESYSTEM,
	  SET("chmod", "chown", "creat", "fallocate", "fchmod", "fchmodat", "fchmodat2",
	      "fchown", "fchownat", "fremovexattr", "fsetxattr", "ftruncate", "futimesat",
	      "lchown", "link", "linkat", "lremovexattr", "lsetxattr", "mkdir", "mkdirat",
	      "mknod", "mknodat", "removexattr", "rename", "renameat", "renameat2", "rmdir",
	      "setxattr", "symlink", "symlinkat", "truncate", "unlink", "unlinkat", "utime",
	      "utimensat", "utimes") },
	{ "@process-spawn", "starting new processes", CS_SC_GATED, CS_CAP_SHELL,
	  SET("fork", "vfork") },
	{ "@fallback", "calls whose flags sit behind a pointer or that bypass the filter: ENOSYS "
		       "so libc falls back to calls the filter can judge",
	  CS_SC_ENOSYS, CS_CAP_NONE,
	  SET("clone3", "io_uring_enter", "io_uring_register", "io_uring_setup", "openat2") },
	{ "@baseline-deny", "debugging other processes, kernel and system administration, "
			    "namespaces, mounts, keyrings, clocks: denied whatever the capabilities",
	  CS_SC_DENY, CS_CAP_NONE,
	  SET("acct", "add_key", "adjtimex", "bpf", "chroot", "clock_adjtime", "clock_settime",
	      "delete_module", "fanotify_init", "fanotify_mark", "finit_module", "fsconfig",
	      "fsmount", "fsopen", "fspick", "init_module", "ioperm", "iopl", "kcmp",
	      "kexec_file_load", "kexec_load", "keyctl", "lookup_dcookie", "migrate_pages",
	      "modify_ldt", "mount", "mount_setattr", "move_mount", "move_pages", "nfsservctl",
	      "open_by_handle_at", "open_tree", "perf_event_open", "pidfd_getfd", "pivot_root",
	      "process_madvise", "process_mrelease", "process_vm_readv", "process_vm_writev",
	      "ptrace", "quotactl", "quotactl_fd", "reboot", "request_key", "setdomainname",
	      "sethostname", "setns", "settimeofday", "swapoff", "swapon", "syslog", "umount2",
	      "unshare", "userfaultfd", "vhangup") },
	{ "@obsolete", "calls x86_64 Linux no longer implements or never used", CS_SC_ENOSYS,
	  CS_CAP_NONE,
	  SET("_sysctl", "afs_syscall", "create_module", "epoll_ctl_old", "epoll_wait_old",
	      "get_kernel_syms", "get_thread_area", "getpmsg", "putpmsg", "query_module",
	      "security", "set_thread_area", "sysfs", "tuxcall", "uselib", "ustat", "vserver") },
};
const size_t cs_syscall_sets_len = sizeof(cs_syscall_sets) / sizeof(cs_syscall_sets[0]);

#define ALWAYS(k, ...)       { .kind = (k), __VA_ARGS__ }
#define LOW32                0xffffffffULL

/* Sorted by syscall name. */
const struct cs_arg_rule cs_arg_rules[] = {
	{ "clone", CS_CAP_SHELL, { CS_ARG_MASK_SET, 0, CLONE_THREAD, { 0 }, 0 },
	  ALWAYS(CS_ARG_ALLOW),
	  "without shell only threads: the kernel reads clone's flags from a register" },
	{ "execve", CS_CAP_SHELL, ALWAYS(CS_ARG_EXEC_ONCE), ALWAYS(CS_ARG_ALLOW),
	  "without shell no program runs after the tool itself" },
	{ "execveat", CS_CAP_SHELL, ALWAYS(CS_ARG_EXEC_ONCE), ALWAYS(CS_ARG_ALLOW),
	  "without shell no program runs after the tool itself" },
	{ "ioctl", CS_CAP_NONE, { CS_ARG_LOW32_NOT_IN, 1, LOW32, { TIOCSTI, TIOCLINUX }, 2 },
	  ALWAYS(CS_ARG_ALLOW),
	  "TIOCSTI and TIOCLINUX push input into a terminal another process reads; the kernel "
	  "reads the request as 32 bits" },
	{ "ioprio_set", CS_CAP_NONE, { CS_ARG_FIELD_IN, 1, LOW32, { 0 }, 1 }, ALWAYS(CS_ARG_ALLOW),
	  "only the calling process: a tool must not starve the gateway" },
	{ "memfd_create", CS_CAP_SHELL, ALWAYS(CS_ARG_ALLOW), ALWAYS(CS_ARG_ALLOW),
	  "with an exec allowlist, only memfds sealed against exec: Landlock cannot see them" },
	{ "open", CS_CAP_FILESYSTEM, { CS_ARG_MASK_CLEAR, 1, WRITE_OPEN_FLAGS, { 0 }, 0 },
	  ALWAYS(CS_ARG_ALLOW), "without filesystem only read-only opens" },
	{ "openat", CS_CAP_FILESYSTEM, { CS_ARG_MASK_CLEAR, 2, WRITE_OPEN_FLAGS, { 0 }, 0 },
	  ALWAYS(CS_ARG_ALLOW), "without filesystem only read-only opens" },
	{ "personality", CS_CAP_NONE,
	  { CS_ARG_FIELD_IN, 0, LOW32, { 0x0, 0x8, 0x20000, 0x20008, 0xffffffff }, 5 },
	  ALWAYS(CS_ARG_ALLOW),
	  "only the query and the plain Linux personalities: no ASLR or exec-permission changes" },
	{ "prlimit64", CS_CAP_NONE, { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1 }, ALWAYS(CS_ARG_ALLOW),
	  "only the calling process's own limits" },
	{ "sched_setaffinity", CS_CAP_NONE, { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1 },
	  ALWAYS(CS_ARG_ALLOW), "only the calling process" },
	{ "sched_setattr", CS_CAP_NONE, { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1 },
	  ALWAYS(CS_ARG_ALLOW), "only the calling process" },
	{ "sched_setparam", CS_CAP_NONE, { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1 },
	  ALWAYS(CS_ARG_ALLOW), "only the calling process" },
	{ "sched_setscheduler", CS_CAP_NONE, { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1 },
	  ALWAYS(CS_ARG_ALLOW), "only the calling process" },
	{ "setpriority", CS_CAP_NONE, { CS_ARG_FIELD_IN, 1, LOW32, { 0 }, 1 },
	  ALWAYS(CS_ARG_ALLOW), "only the calling process: a tool must not starve the gateway" },
	{ "socket", CS_CAP_NETWORK, ALWAYS(CS_ARG_DENY),
	  { CS_ARG_FIELD_IN, 0, LOW32, { AF_UNIX, AF_INET, AF_INET6, AF_NETLINK }, 4 },
	  "without network no sockets; with it, local, IP and netlink families only" },
	{ "socketpair", CS_CAP_NETWORK,
	  { CS_ARG_FIELD_IN, 1, 0xf, { SOCK_STREAM, SOCK_SEQPACKET }, 2 }, ALWAYS(CS_ARG_ALLOW),
	  "without network only connected stream and seqpacket pairs: a datagram end can "
	  "send to any named socket on the machine" },
};
const size_t cs_arg_rules_len = sizeof(cs_arg_rules) / sizeof(cs_arg_rules[0]);

/* With an exec allowlist a memfd must be sealed against exec, because Landlock
 * rules are about paths and a memfd has none. */
static const struct cs_arg_check memfd_with_allowlist = { CS_ARG_MASK_SET, 1, MFD_NOEXEC_SEAL,
							   { 0 }, 0 };

/* ---- lookup ---------------------------------------------------------------- */

/* The set holding name, and through *entry the table's own copy of it. */
static const struct cs_syscall_set *find_set(const char *name, const char **entry)
{
	for (size_t i = 0; i < cs_syscall_sets_len; i++)
		for (const char *const *c = cs_syscall_sets[i].calls; *c; c++)
			if (strcmp(*c, name) == 0) {
				*entry = *c;
				return &cs_syscall_sets[i];
			}
	return NULL;
}

static const struct cs_arg_rule *find_arg_rule(const char *name)
{
	for (size_t i = 0; i < cs_arg_rules_len; i++)
		if (strcmp(cs_arg_rules[i].syscall, name) == 0)
			return &cs_arg_rules[i];
	return NULL;
}

const struct cs_arg_check *cs_arg_rule_check(const struct cs_arg_rule *r, cs_capset caps,
					       bool exec_allowlist)
{
	if (r->cap == CS_CAP_NONE || !cs_capset_has(caps, r->cap))
		return &r->without;
	if (exec_allowlist && strcmp(r->syscall, "memfd_create") == 0)
		return &memfd_with_allowlist;
	return &r->with;
}

static bool check_passes(const struct cs_arg_check *c, const uint64_t args[6])
{
	uint64_t a = args[c->arg];

	switch (c->kind) {
	case CS_ARG_ALLOW:
		return true;
	case CS_ARG_DENY:
	case CS_ARG_EXEC_ONCE:
		return false;
	case CS_ARG_MASK_CLEAR:
		return (a & c->mask) == 0;
	case CS_ARG_MASK_SET:
		return (a & c->mask) == c->mask;
	case CS_ARG_FIELD_IN:
		for (size_t i = 0; i < c->n_values; i++)
			if ((a & c->mask) == c->values[i])
				return true;
		return false;
	case CS_ARG_LOW32_NOT_IN:
		for (size_t i = 0; i < c->n_values; i++)
			if ((uint32_t)a == c->values[i])
				return false;
		return true;
	}
	return false;
}

void cs_syscall_classify(cs_capset caps, bool exec_allowlist, int nr, const uint64_t args[6],
			 struct cs_sc_verdict *v)
{
	static const uint64_t zero[6];
	char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);
	const char *entry = NULL;
	const struct cs_syscall_set *set = name ? find_set(name, &entry) : NULL;
	const struct cs_arg_rule *rule = name && !set ? find_arg_rule(name) : NULL;

	*v = (struct cs_sc_verdict){ .action = CS_ACT_DENY, .cap = CS_CAP_NONE,
				     .group = "unclassified" };
	if (!args)
		args = zero;
	if (set) {
		v->name = entry;
		v->group = set->name;
		switch (set->disp) {
		case CS_SC_ALLOW:
			v->action = CS_ACT_ALLOW;
			break;
		case CS_SC_GATED:
			v->cap = set->cap;
			v->action = cs_capset_has(caps, set->cap) ? CS_ACT_ALLOW : CS_ACT_DENY;
			break;
		case CS_SC_DENY:
			v->action = CS_ACT_DENY;
			break;
		case CS_SC_ENOSYS:
			v->action = CS_ACT_ENOSYS;
			break;
		}
	} else if (rule) {
		const struct cs_arg_check *c = cs_arg_rule_check(rule, caps, exec_allowlist);
		v->name = rule->syscall;
		v->group = "argument rule";
		v->cap = rule->cap;
		if (c->kind == CS_ARG_EXEC_ONCE)
			v->action = CS_ACT_EXEC_ONCE;
		else
			v->action = check_passes(c, args) ? CS_ACT_ALLOW : CS_ACT_DENY;
	}
	free(name);
}

/* ---- the CIDR-style complement ------------------------------------------- */

struct complement {
	const uint32_t *values;
	size_t n;
	uint64_t *masks, *datums;
	size_t max, count;
	bool overflow;
};

static uint64_t prefix_mask(unsigned len)
{
	return len == 0 ? 0 : (LOW32 << (32 - len)) & LOW32;
}

static void complement_block(struct complement *c, uint32_t prefix, unsigned len)
{
	uint64_t m = prefix_mask(len);
	bool holds = false;

	for (size_t i = 0; i < c->n && !holds; i++)
		holds = (c->values[i] & m) == (prefix & m);
	if (!holds) {
		if (c->count == c->max) {
			c->overflow = true;
			return;
		}
		c->masks[c->count] = m;
		c->datums[c->count++] = prefix & m;
		return;
	}
	if (len == 32)
		return; /* the block is one of the excluded values */
	complement_block(c, prefix, len + 1);
	complement_block(c, prefix | (1u << (31 - len)), len + 1);
}

int cs_low32_complement(const uint32_t *values, size_t n, uint64_t *masks, uint64_t *datums,
			size_t max)
{
	struct complement c = { values, n, masks, datums, max, 0, false };

	complement_block(&c, 0, 0);
	return c.overflow ? -E2BIG : (int)c.count;
}

/* ---- building the filter ----------------------------------------------------- */

struct builder {
	scmp_filter_ctx ctx;
	struct cs_diags *diags;
	int err;
};

static void add_rule(struct builder *b, uint32_t action, const char *name, unsigned n_cmp,
		     const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (b->err)
		return;
	if (nr == __NR_SCMP_ERROR) {
		/* A name in our tables that this libseccomp does not know: the
		 * default action already denies it. */
		return;
	}
	int r = seccomp_rule_add_array(b->ctx, action, nr, n_cmp, cmp);
	if (r < 0) {
		cs_diag_add(b->diags, NULL, 0, 0, name, "libseccomp refused the rule: %s",
			    strerror(-r));
		b->err = r;
	}
}

static void add_masked_eq(struct builder *b, const char *name, unsigned arg, uint64_t mask,
			  uint64_t datum)
{
	struct scmp_arg_cmp cmp = SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, mask, datum);
	add_rule(b, SCMP_ACT_ALLOW, name, 1, &cmp);
}

static void add_arg_check(struct builder *b, const char *name, const struct cs_arg_check *c)
{
	uint64_t masks[256], datums[256];

	switch (c->kind) {
	case CS_ARG_ALLOW:
		add_rule(b, SCMP_ACT_ALLOW, name, 0, NULL);
		return;
	case CS_ARG_DENY:
	case CS_ARG_EXEC_ONCE:
		return; /* the default action denies (or notifies the supervisor) */
	case CS_ARG_MASK_CLEAR:
		add_masked_eq(b, name, c->arg, c->mask, 0);
		return;
	case CS_ARG_MASK_SET:
		add_masked_eq(b, name, c->arg, c->mask, c->mask);
		return;
	case CS_ARG_FIELD_IN:
		for (size_t i = 0; i < c->n_values; i++)
			add_masked_eq(b, name, c->arg, c->mask, c->values[i]);
		return;
	case CS_ARG_LOW32_NOT_IN: {
		int n = cs_low32_complement(c->values, c->n_values, masks, datums, 256);
		if (n < 0) {
			b->err = n;
			return;
		}
		for (int i = 0; i < n; i++)
			add_masked_eq(b, name, c->arg, masks[i], datums[i]);
		return;
	}
	}
}

/* arch_prctl allowed for every code but ARCH_SET_FS, which the default
 * action (the supervisor) then sees. */
static void add_supervised_arch_prctl(struct builder *b)
{
	static const struct cs_arg_check all_but_set_fs = {
		CS_ARG_LOW32_NOT_IN, 0, LOW32, { ARCH_SET_FS }, 1
	};
	add_arg_check(b, "arch_prctl", &all_but_set_fs);
}

int cs_filter_build(const struct cs_profile *p, const struct cs_filter_opts *o,
		    scmp_filter_ctx *out, struct cs_diags *d)
{
	uint32_t deny = o && o->notify ? SCMP_ACT_NOTIFY
			: o && o->log  ? SCMP_ACT_LOG
				       : SCMP_ACT_ERRNO(EPERM);
	struct builder b = { .ctx = seccomp_init(deny), .diags = d };
	bool allowlist = cs_capset_has(p->caps, CS_CAP_SHELL) && p->exec_allow.n > 0;
	bool loader_check = allowlist && o && o->notify && o->supervise_loader;

	*out = NULL;
	if (!b.ctx)
		return -ENOMEM;
	/* Foreign architectures (i386 via int 0x80) and the x32 ABI kill the
	 * process instead of being judged by x86_64 rules. */
	seccomp_attr_set(b.ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	seccomp_attr_set(b.ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	seccomp_attr_set(b.ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	seccomp_attr_set(b.ctx, SCMP_FLTATR_API_SYSRAWRC, 1);

	for (size_t i = 0; i < cs_syscall_sets_len; i++) {
		const struct cs_syscall_set *s = &cs_syscall_sets[i];
		uint32_t action;
		switch (s->disp) {
		case CS_SC_ALLOW:
			action = SCMP_ACT_ALLOW;
			break;
		case CS_SC_GATED:
			if (!cs_capset_has(p->caps, s->cap))
				continue;
			action = SCMP_ACT_ALLOW;
			break;
		case CS_SC_ENOSYS:
			action = SCMP_ACT_ERRNO(ENOSYS);
			break;
		case CS_SC_DENY:
		default:
			continue;
		}
		for (const char *const *c = s->calls; *c; c++) {
			if (loader_check && strcmp(*c, "arch_prctl") == 0)
				add_supervised_arch_prctl(&b);
			else
				add_rule(&b, action, *c, 0, NULL);
		}
	}
	for (size_t i = 0; i < cs_arg_rules_len; i++)
		add_arg_check(&b, cs_arg_rules[i].syscall,
			      cs_arg_rule_check(&cs_arg_rules[i], p->caps, allowlist));
	if (b.err) {
		seccomp_release(b.ctx);
		return b.err;
	}
	*out = b.ctx;
	return 0;
}
