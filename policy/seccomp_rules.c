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
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U /* Linux 6.3, include/uapi/linux/memfd.h */
#endif
/* O_TMPFILE without its O_DIRECTORY part (include/uapi/asm-generic/fcntl.h):
 * the bit that makes an open create an unnamed file. */
#define CS_O_TMPFILE_BIT 020000000

/* Access mode and O_TRUNC: an open truncates an existing regular file
 * whatever its access mode (fs/namei.c, do_open), but Landlock judges
 * writing only on opens for writing (FMODE_WRITE; access mode 3 gives
 * neither FMODE_READ nor FMODE_WRITE), and TRUNCATE, which would judge the
 * rest, is not handled (policy/landlock_rules.c). So O_TRUNC goes with
 * O_WRONLY or O_RDWR or not at all. */
static const struct cs_arg_pattern trunc_without_write[] = {
	{ O_ACCMODE | O_TRUNC, O_RDONLY | O_TRUNC },
	{ O_ACCMODE | O_TRUNC, O_ACCMODE | O_TRUNC },
};
#define TRUNC_WITHOUT_WRITE .ex = trunc_without_write, .n_ex = 2

/* Open flags that let an open change the file system. */
#define WRITE_OPEN_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | CS_O_TMPFILE_BIT)
/* The open flags that make Landlock look at an open: write access, create,
 * truncate. O_APPEND and O_TMPFILE without write access write nothing
 * (O_TMPFILE then fails with EINVAL). Fewer bits, fewer instructions on the
 * path every read-only open takes. */
#define RECORD_OPEN_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)

/* A calls list (see cs_syscall_set): each name written with its \0, the
 * list ended by the literal's own. */
#define SET(names) names

const struct cs_syscall_set cs_syscall_sets[] = {
	{ "@default", "descriptor I/O, memory, signals, time, identity, sockets already open",
	  CS_SC_ALLOW, CS_CAP_NONE,
	  SET("accept\0" "accept4\0" "access\0" "alarm\0" "arch_prctl\0" "brk\0" "cachestat\0"
	      "capget\0" "capset\0" "chdir\0" "clock_getres\0" "clock_gettime\0" "clock_nanosleep\0"
	      "close\0" "close_range\0" "copy_file_range\0" "dup\0" "dup2\0" "dup3\0"
	      "epoll_create\0" "epoll_create1\0" "epoll_ctl\0" "epoll_pwait\0" "epoll_pwait2\0"
	      "epoll_wait\0" "eventfd\0" "eventfd2\0" "exit\0" "exit_group\0" "faccessat\0"
	      "faccessat2\0" "fadvise64\0" "fchdir\0" "fcntl\0" "fdatasync\0" "fgetxattr\0"
	      "flistxattr\0" "flock\0" "fstat\0" "fstatfs\0" "fsync\0" "futex\0" "futex_requeue\0"
	      "futex_wait\0" "futex_waitv\0" "futex_wake\0" "get_mempolicy\0" "get_robust_list\0"
	      "getcpu\0" "getcwd\0" "getdents\0" "getdents64\0" "getegid\0" "geteuid\0" "getgid\0"
	      "getgroups\0" "getitimer\0" "getpeername\0" "getpgid\0" "getpgrp\0" "getpid\0"
	      "getppid\0" "getpriority\0" "getrandom\0" "getresgid\0" "getresuid\0" "getrlimit\0"
	      "getrusage\0" "getsid\0" "getsockname\0" "getsockopt\0" "gettid\0" "gettimeofday\0"
	      "getuid\0" "getxattr\0" "inotify_add_watch\0" "inotify_init\0" "inotify_init1\0"
	      "inotify_rm_watch\0" "io_cancel\0" "io_destroy\0" "io_getevents\0" "io_pgetevents\0"
	      "io_setup\0" "io_submit\0" "ioprio_get\0" "kill\0" "landlock_add_rule\0"
	      "landlock_create_ruleset\0" "landlock_restrict_self\0" "lgetxattr\0" "listxattr\0"
	      "llistxattr\0" "lseek\0" "lstat\0" "madvise\0" "map_shadow_stack\0" "mbind\0"
	      "membarrier\0" "memfd_secret\0" "mincore\0" "mlock\0" "mlock2\0" "mlockall\0" "mmap\0"
	      "mprotect\0" "mremap\0" "msync\0" "munlock\0" "munlockall\0" "munmap\0"
	      "name_to_handle_at\0" "nanosleep\0" "newfstatat\0" "pause\0" "pidfd_open\0"
	      "pidfd_send_signal\0" "pipe\0" "pipe2\0" "pkey_alloc\0" "pkey_free\0"
	      "pkey_mprotect\0" "poll\0" "ppoll\0" "prctl\0" "pread64\0" "preadv\0" "preadv2\0"
	      "pselect6\0" "pwrite64\0" "pwritev\0" "pwritev2\0" "read\0" "readahead\0" "readlink\0"
	      "readlinkat\0" "readv\0" "recvfrom\0" "recvmmsg\0" "recvmsg\0" "remap_file_pages\0"
	      "restart_syscall\0" "rseq\0" "rt_sigaction\0" "rt_sigpending\0" "rt_sigprocmask\0"
	      "rt_sigqueueinfo\0" "rt_sigreturn\0" "rt_sigsuspend\0" "rt_sigtimedwait\0"
	      "rt_tgsigqueueinfo\0" "sched_get_priority_max\0" "sched_get_priority_min\0"
	      "sched_getaffinity\0" "sched_getattr\0" "sched_getparam\0" "sched_getscheduler\0"
	      "sched_rr_get_interval\0" "sched_yield\0" "select\0" "sendfile\0" "set_mempolicy\0"
	      "set_mempolicy_home_node\0" "set_robust_list\0" "set_tid_address\0" "setfsgid\0"
	      "setfsuid\0" "setgid\0" "setgroups\0" "setitimer\0" "setpgid\0" "setregid\0"
	      "setresgid\0" "setresuid\0" "setreuid\0" "setrlimit\0" "setsid\0" "setsockopt\0"
	      "setuid\0" "shutdown\0" "sigaltstack\0" "signalfd\0" "signalfd4\0" "splice\0" "stat\0"
	      "statfs\0" "statx\0" "sync\0" "sync_file_range\0" "syncfs\0" "sysinfo\0" "tee\0"
	      "tgkill\0" "time\0" "timer_create\0" "timer_delete\0" "timer_getoverrun\0"
	      "timer_gettime\0" "timer_settime\0" "timerfd_create\0" "timerfd_gettime\0"
	      "timerfd_settime\0" "times\0" "tkill\0" "umask\0" "uname\0" "vmsplice\0" "wait4\0"
	      "waitid\0" "write\0" "writev\0") },
	{ "@file-mutation", "changing modes, owners, times and extended attributes; resizing open "
			    "files (creating, removing and renaming: the argument rules)",
	  CS_SC_GATED, CS_CAP_FILESYSTEM,
	  SET("chmod\0" "chown\0" "fallocate\0" "fchmod\0" "fchmodat\0" "fchmodat2\0" "fchown\0"
	      "fchownat\0" "fremovexattr\0" "fsetxattr\0" "ftruncate\0" "futimesat\0" "lchown\0"
	      "lremovexattr\0" "lsetxattr\0" "removexattr\0" "setxattr\0" "utime\0" "utimensat\0"
	      "utimes\0") },
	{ "@host-ipc", "System V IPC and POSIX message queues: channels shared by the whole "
		       "host, outside any sandbox, that could reach or leak to other processes",
	  CS_SC_DENY, CS_CAP_NONE,
	  SET("mq_getsetattr\0" "mq_notify\0" "mq_open\0" "mq_timedreceive\0" "mq_timedsend\0"
	      "mq_unlink\0" "msgctl\0" "msgget\0" "msgrcv\0" "msgsnd\0" "semctl\0" "semget\0"
	      "semop\0" "semtimedop\0" "shmat\0" "shmctl\0" "shmdt\0" "shmget\0") },
	{ "@process-spawn", "starting new processes", CS_SC_GATED, CS_CAP_SHELL,
	  SET("fork\0" "vfork\0") },
	{ "@fallback", "calls whose flags sit behind a pointer or that bypass the filter: ENOSYS "
		       "so libc falls back to calls the filter can judge",
	  CS_SC_ENOSYS, CS_CAP_NONE,
	  SET("clone3\0" "io_uring_enter\0" "io_uring_register\0" "io_uring_setup\0" "openat2\0") },
	{ "@baseline-deny", "debugging other processes, kernel and system administration, "
			    "namespaces, mounts, keyrings, clocks, listening sockets (no profile "
			    "grants a bind port, and listen() on an unbound socket binds one): "
			    "denied whatever the capabilities",
	  CS_SC_DENY, CS_CAP_NONE,
	  SET("acct\0" "add_key\0" "adjtimex\0" "bpf\0" "chroot\0" "clock_adjtime\0"
	      "clock_settime\0" "delete_module\0" "fanotify_init\0" "fanotify_mark\0"
	      "finit_module\0" "fsconfig\0" "fsmount\0" "fsopen\0" "fspick\0" "init_module\0"
	      "ioperm\0" "iopl\0" "kcmp\0" "kexec_file_load\0" "kexec_load\0" "keyctl\0" "listen\0"
	      "lookup_dcookie\0" "migrate_pages\0" "modify_ldt\0" "mount\0" "mount_setattr\0"
	      "move_mount\0" "move_pages\0" "nfsservctl\0" "open_by_handle_at\0" "open_tree\0"
	      "perf_event_open\0" "pidfd_getfd\0" "pivot_root\0" "process_madvise\0"
	      "process_mrelease\0" "process_vm_readv\0" "process_vm_writev\0" "ptrace\0"
	      "quotactl\0" "quotactl_fd\0" "reboot\0" "request_key\0" "setdomainname\0"
	      "sethostname\0" "setns\0" "settimeofday\0" "swapoff\0" "swapon\0" "syslog\0"
	      "umount2\0" "unshare\0" "userfaultfd\0" "vhangup\0") },
	{ "@path-truncate", "truncating a file named by path: Landlock judges writing when a "
			    "file is opened for writing, and ftruncate on such a descriptor does "
			    "the same",
	  CS_SC_DENY, CS_CAP_NONE, SET("truncate\0") },
	{ "@obsolete", "calls x86_64 Linux no longer implements or never used", CS_SC_ENOSYS,
	  CS_CAP_NONE,
	  SET("_sysctl\0" "afs_syscall\0" "create_module\0" "epoll_ctl_old\0" "epoll_wait_old\0"
	      "get_kernel_syms\0" "get_thread_area\0" "getpmsg\0" "putpmsg\0" "query_module\0"
	      "security\0" "set_thread_area\0" "sysfs\0" "tuxcall\0" "uselib\0" "ustat\0"
	      "vserver\0") },
};
const size_t cs_syscall_sets_len = sizeof(cs_syscall_sets) / sizeof(cs_syscall_sets[0]);

#define ALWAYS(k, ...)       { .kind = (k), __VA_ARGS__ }
#define LOW32                0xffffffffULL
#define ARR(a)               (a), (sizeof(a) / sizeof((a)[0]))

/* ioctl requests (include/uapi/linux/fs.h, loop.h, userfaultfd.h, kvm.h,
 * asm-generic/ioctls.h). The kernel reads the request as 32 bits. */
#define CS_FS_IOC_SETFLAGS    0x40086602U /* _IOW('f', 2, long): chattr */
#define CS_FS_IOC_FSSETXATTR  0x401c5820U /* _IOW('X', 32, struct fsxattr) */
#define CS_IOC_TYPE           0x0000ff00U /* the request's driver byte */

/* Requests no tool may make: input pushed into a terminal another process
 * reads. */
#define TERMINAL_INJECTION { LOW32, TIOCSTI }, { LOW32, TIOCLINUX }
/* Inode flags and project attributes of a file opened read-only (chattr +i
 * +a +S +A on a file the tool owns, root-owned ones when it runs as root):
 * a change to the file system that Landlock does not see. */
#define INODE_FLAGS { LOW32, CS_FS_IOC_SETFLAGS }, { LOW32, CS_FS_IOC_FSSETXATTR }
/* Device drivers reachable from a descriptor opened read-only; Landlock ABI
 * 5 refuses every device ioctl but those of the devices the plan grants, and
 * without it these three families are refused by number: loop devices and
 * loop-control (0x4c), /dev/userfaultfd (0xaa), /dev/kvm (0xae). */
#define DEVICE_FAMILIES { CS_IOC_TYPE, 0x4c00 }, { CS_IOC_TYPE, 0xaa00 }, { CS_IOC_TYPE, 0xae00 }

static const struct cs_arg_pattern ioctl_always[] = { TERMINAL_INJECTION };
static const struct cs_arg_pattern ioctl_no_fs[] = { TERMINAL_INJECTION, INODE_FLAGS };
static const struct cs_arg_pattern ioctl_old[] = { TERMINAL_INJECTION, DEVICE_FAMILIES };
static const struct cs_arg_pattern ioctl_old_no_fs[] = { TERMINAL_INJECTION, INODE_FLAGS,
							  DEVICE_FAMILIES };
static const struct cs_arg_check ioctl_old_check = { .kind = CS_ARG_NOT_MATCHING,
						     .arg = 1, .ex = ARR(ioctl_old) };
static const struct cs_arg_check ioctl_old_no_fs_check = { .kind = CS_ARG_NOT_MATCHING,
							   .arg = 1, .ex = ARR(ioctl_old_no_fs) };

/* Seccomp filter flags that loosen: a listener of the tool's own could
 * answer its calls (and outlive the supervisor's), SPEC_ALLOW turns off the
 * speculative store bypass mitigation. TSYNC_ESRCH and WAIT_KILLABLE_RECV
 * mean something only with a listener (include/uapi/linux/seccomp.h). */
#define CS_SECCOMP_LOOSENING_FLAGS (0x8 /* NEW_LISTENER */ | 0x4 /* SPEC_ALLOW */)

/* The open flags Landlock judges; the supervisor sees these for the record. */
static const struct cs_arg_check open_old_check = { CS_ARG_MASK_CLEAR, 1, WRITE_OPEN_FLAGS,
						    { 0 }, 0, NULL, 0, NULL, 0 };
static const struct cs_arg_check openat_old_check = { CS_ARG_MASK_CLEAR, 2, WRITE_OPEN_FLAGS,
						      { 0 }, 0, NULL, 0, NULL, 0 };
/* With 'filesystem' below ABI 5 Landlock judges every write open. */
static const struct cs_arg_check open_old_with = { .kind = CS_ARG_NOT_MATCHING, .arg = 1,
						   TRUNC_WITHOUT_WRITE };
static const struct cs_arg_check openat_old_with = { .kind = CS_ARG_NOT_MATCHING, .arg = 2,
						     TRUNC_WITHOUT_WRITE };
static const struct cs_arg_check creat_old_check = { .kind = CS_ARG_DENY };
/* Where Landlock does not judge, the supervisor has nothing to record for
 * what the capability allows. */
static const struct cs_arg_check old_allow = { .kind = CS_ARG_ALLOW };

/* IP sockets of the two protocols Landlock's TCP rules and the profile
 * speak of (MPTCP, SCTP, raw and ping sockets connect where the TCP rules do
 * not look); the type is compared without SOCK_NONBLOCK and SOCK_CLOEXEC,
 * which the kernel masks off the same way (SOCK_TYPE_MASK). */
#define INET_SOCKETS                                                                       \
	{ { { 0, LOW32, { AF_INET, AF_INET6 }, 2 },                                        \
	    { 1, 0xf, { SOCK_STREAM, SOCK_DGRAM }, 2 },                                   \
	    { 2, LOW32, { 0, IPPROTO_TCP, IPPROTO_UDP }, 3 } },                            \
	  3 }
/* Route netlink only: the address and interface lists resolvers ask for. */
#define ROUTE_NETLINK { { { 0, LOW32, { AF_NETLINK }, 1 }, { 2, LOW32, { NETLINK_ROUTE }, 1 } }, 2 }
#define UNIX_SOCKETS { { { 0, LOW32, { AF_UNIX }, 1 } }, 1 }

static const struct cs_arg_alt ip_sockets[] = { INET_SOCKETS, ROUTE_NETLINK };
static const struct cs_arg_alt ip_and_unix_sockets[] = { INET_SOCKETS, ROUTE_NETLINK,
							  UNIX_SOCKETS };
static const struct cs_arg_check socket_with_unix = { .kind = CS_ARG_ANY_OF,
						      .alts = ARR(ip_and_unix_sockets) };

/* Refused in the kernel without a record while UNIX sockets are not granted. */
const struct cs_quiet_probe cs_quiet_probes[] = {
	{ "socket", 3,
	  { { 0, AF_UNIX }, { 1, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK }, { 2, 0 } },
	  "glibc asks nscd (/var/run/nscd/socket) before every user, group and host lookup and "
	  "reads the files when it cannot" },
};
const size_t cs_quiet_probes_len = sizeof(cs_quiet_probes) / sizeof(cs_quiet_probes[0]);

static bool is_quiet_probe(const char *name, const uint64_t args[6])
{
	for (size_t i = 0; i < cs_quiet_probes_len; i++) {
		const struct cs_quiet_probe *q = &cs_quiet_probes[i];
		bool match = strcmp(q->syscall, name) == 0;
		for (size_t k = 0; match && k < q->n_args; k++)
			match = (uint32_t)args[q->eq[k].arg] == q->eq[k].value;
		if (match)
			return true;
	}
	return false;
}

/* Another process's priority: only the caller's own (who 0 of PRIO_PROCESS
 * or IOPRIO_WHO_PROCESS); a group or a user is the gateway too. */
static const struct cs_arg_alt own_priority[] = {
	{ { { 0, LOW32, { 0 /* PRIO_PROCESS */ }, 1 }, { 1, LOW32, { 0 }, 1 } }, 2 },
};
static const struct cs_arg_alt own_io_priority[] = {
	{ { { 0, LOW32, { 1 /* IOPRIO_WHO_PROCESS */ }, 1 }, { 1, LOW32, { 0 }, 1 } }, 2 },
};

#define CONNECTED_PAIRS                                                                     \
	{ CS_ARG_FIELD_IN, 1, 0xf, { SOCK_STREAM, SOCK_SEQPACKET }, 2, NULL, 0, NULL, 0 }
#define NO_FASTOPEN(n) { CS_ARG_MASK_CLEAR, (n), MSG_FASTOPEN, { 0 }, 0, NULL, 0, NULL, 0 }
#define FASTOPEN_HELP "MSG_FASTOPEN connects without the connect hook Landlock's port rules use"

/* Calls that create, remove or rename entries: gated by
 * 'filesystem' and then judged by Landlock against the write roots; a
 * supervisor records each one (the path is behind a pointer). */
#define LANDLOCK_PATH(name)                                                                  \
	{ (name), CS_CAP_FILESYSTEM, ALWAYS(CS_ARG_DENY), ALWAYS(CS_ARG_LANDLOCK),               \
	  "with filesystem Landlock judges the path against the write roots; a supervisor "  \
	  "records each call and continues it",                                              \
	  NULL, &old_allow }

/* Sorted by syscall name. */
const struct cs_arg_rule cs_arg_rules[] = {
	{ "bind", CS_CAP_NETWORK, ALWAYS(CS_ARG_ALLOW), ALWAYS(CS_ARG_LANDLOCK),
	  "Landlock judges TCP ports; a supervisor records each call (its port is behind a "
	  "pointer) and continues it",
	  NULL, &old_allow },
	{ "clone", CS_CAP_SHELL, { CS_ARG_MASK_SET, 0, CLONE_THREAD, { 0 }, 0, NULL, 0, NULL, 0 },
	  ALWAYS(CS_ARG_ALLOW),
	  "without shell only threads: the kernel reads clone's flags from a register", NULL,
	  NULL },
	{ "connect", CS_CAP_NETWORK, ALWAYS(CS_ARG_ALLOW), ALWAYS(CS_ARG_LANDLOCK),
	  "Landlock judges TCP ports; a supervisor records each call (its port is behind a "
	  "pointer) and continues it",
	  NULL, &old_allow },
	{ "creat", CS_CAP_FILESYSTEM, ALWAYS(CS_ARG_LANDLOCK), ALWAYS(CS_ARG_LANDLOCK),
	  "Landlock judges it (without filesystem it refuses it; the seccomp fallback: always)",
	  &creat_old_check, &old_allow },
	{ "execve", CS_CAP_SHELL, ALWAYS(CS_ARG_EXEC_ONCE), ALWAYS(CS_ARG_ALLOW),
	  "without shell no program runs after the tool itself", NULL, NULL },
	{ "execveat", CS_CAP_SHELL, ALWAYS(CS_ARG_EXEC_ONCE), ALWAYS(CS_ARG_ALLOW),
	  "without shell no program runs after the tool itself", NULL, NULL },
	{ "ioctl", CS_CAP_FILESYSTEM, ALWAYS(CS_ARG_NOT_MATCHING, .arg = 1, .ex = ARR(ioctl_no_fs)),
	  ALWAYS(CS_ARG_NOT_MATCHING, .arg = 1, .ex = ARR(ioctl_always)),
	  "never TIOCSTI or TIOCLINUX (input pushed into a terminal another process reads); "
	  "without filesystem no inode flags (chattr); device ioctls are Landlock's, and "
	  "without it loop, userfaultfd and KVM requests are refused by number",
	  &ioctl_old_no_fs_check, &ioctl_old_check },
	{ "ioprio_set", CS_CAP_NONE, ALWAYS(CS_ARG_ANY_OF, .alts = ARR(own_io_priority)),
	  ALWAYS(CS_ARG_ALLOW), "only the calling process: a tool must not starve the gateway",
	  NULL, NULL },
	LANDLOCK_PATH("link"),
	LANDLOCK_PATH("linkat"),
	{ "memfd_create", CS_CAP_SHELL, ALWAYS(CS_ARG_ALLOW), ALWAYS(CS_ARG_ALLOW),
	  "with an exec allowlist, only memfds sealed against exec: Landlock cannot see them",
	  NULL, NULL },
	LANDLOCK_PATH("mkdir"),
	LANDLOCK_PATH("mkdirat"),
	LANDLOCK_PATH("mknod"),
	LANDLOCK_PATH("mknodat"),
	{ "open", CS_CAP_FILESYSTEM,
	  ALWAYS(CS_ARG_LANDLOCK, .arg = 1, .mask = RECORD_OPEN_FLAGS, TRUNC_WITHOUT_WRITE),
	  ALWAYS(CS_ARG_LANDLOCK, .arg = 1, .mask = RECORD_OPEN_FLAGS, TRUNC_WITHOUT_WRITE),
	  "Landlock judges writes (without filesystem it refuses them; the seccomp fallback: "
	  "read-only opens); a supervisor records write opens, read-only ones never reach it; "
	  "O_TRUNC without write access is refused whatever the capabilities",
	  &open_old_check, &open_old_with },
	{ "openat", CS_CAP_FILESYSTEM,
	  ALWAYS(CS_ARG_LANDLOCK, .arg = 2, .mask = RECORD_OPEN_FLAGS, TRUNC_WITHOUT_WRITE),
	  ALWAYS(CS_ARG_LANDLOCK, .arg = 2, .mask = RECORD_OPEN_FLAGS, TRUNC_WITHOUT_WRITE),
	  "Landlock judges writes (without filesystem it refuses them; the seccomp fallback: "
	  "read-only opens); a supervisor records write opens, read-only ones never reach it; "
	  "O_TRUNC without write access is refused whatever the capabilities",
	  &openat_old_check, &openat_old_with },
	{ "personality", CS_CAP_NONE,
	  { CS_ARG_FIELD_IN, 0, LOW32, { 0x0, 0x8, 0x20000, 0x20008, 0xffffffff }, 5, NULL, 0,
	    NULL, 0 },
	  ALWAYS(CS_ARG_ALLOW),
	  "only the query and the plain Linux personalities: no ASLR or exec-permission changes",
	  NULL, NULL },
	{ "prlimit64", CS_CAP_NONE, { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1, NULL, 0, NULL, 0 },
	  ALWAYS(CS_ARG_ALLOW), "only the calling process's own limits", NULL, NULL },
	LANDLOCK_PATH("rename"),
	LANDLOCK_PATH("renameat"),
	LANDLOCK_PATH("renameat2"),
	LANDLOCK_PATH("rmdir"),
	{ "sched_setaffinity", CS_CAP_NONE,
	  { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1, NULL, 0, NULL, 0 }, ALWAYS(CS_ARG_ALLOW),
	  "only the calling process", NULL, NULL },
	{ "sched_setattr", CS_CAP_NONE, { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1, NULL, 0, NULL, 0 },
	  ALWAYS(CS_ARG_ALLOW), "only the calling process", NULL, NULL },
	{ "sched_setparam", CS_CAP_NONE, { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1, NULL, 0, NULL, 0 },
	  ALWAYS(CS_ARG_ALLOW), "only the calling process", NULL, NULL },
	{ "sched_setscheduler", CS_CAP_NONE,
	  { CS_ARG_FIELD_IN, 0, LOW32, { 0 }, 1, NULL, 0, NULL, 0 }, ALWAYS(CS_ARG_ALLOW),
	  "only the calling process", NULL, NULL },
	{ "seccomp", CS_CAP_NONE,
	  { CS_ARG_MASK_CLEAR, 1, CS_SECCOMP_LOOSENING_FLAGS, { 0 }, 0, NULL, 0, NULL, 0 },
	  ALWAYS(CS_ARG_ALLOW),
	  "a tool may add filters, never a listener of its own (it would answer its own calls "
	  "once the supervisor is gone) nor SPEC_ALLOW",
	  NULL, NULL },
	{ "sendmmsg", CS_CAP_NONE, NO_FASTOPEN(3), ALWAYS(CS_ARG_ALLOW), FASTOPEN_HELP, NULL,
	  NULL },
	{ "sendmsg", CS_CAP_NONE, NO_FASTOPEN(2), ALWAYS(CS_ARG_ALLOW), FASTOPEN_HELP, NULL,
	  NULL },
	{ "sendto", CS_CAP_NONE, NO_FASTOPEN(3), ALWAYS(CS_ARG_ALLOW), FASTOPEN_HELP, NULL, NULL },
	{ "setpriority", CS_CAP_NONE, ALWAYS(CS_ARG_ANY_OF, .alts = ARR(own_priority)),
	  ALWAYS(CS_ARG_ALLOW), "only the calling process: a tool must not starve the gateway",
	  NULL, NULL },
	{ "socket", CS_CAP_NETWORK, ALWAYS(CS_ARG_DENY),
	  ALWAYS(CS_ARG_ANY_OF, .alts = ARR(ip_sockets)),
	  "without network no sockets; with it TCP and UDP over IPv4 and IPv6 and route "
	  "netlink, and UNIX sockets only when the profile says \"unix\": true",
	  NULL, NULL },
	{ "socketpair", CS_CAP_NETWORK, CONNECTED_PAIRS, CONNECTED_PAIRS,
	  "only connected stream and seqpacket pairs, unless the profile says \"unix\": true: "
	  "a datagram end can send to any named socket on the machine",
	  NULL, NULL },
	LANDLOCK_PATH("symlink"),
	LANDLOCK_PATH("symlinkat"),
	LANDLOCK_PATH("unlink"),
	LANDLOCK_PATH("unlinkat"),
};
const size_t cs_arg_rules_len = sizeof(cs_arg_rules) / sizeof(cs_arg_rules[0]);

/* Why no capability lifts these refusals, said with each one: Landlock
 * judges writing when a file is opened for writing, and these truncate
 * without such an open. */
#define TRUNC_WHY                                                                           \
	"O_TRUNC on an open that is not for writing: a file may be truncated only through an " \
	"open for writing (O_WRONLY or O_RDWR), which the write roots judge"
const struct cs_refusal cs_refusals[] = {
	{ "open", TRUNC_WHY },
	{ "openat", TRUNC_WHY },
	{ "truncate", "truncate(2) by path is never allowed: open the file for writing "
		      "(the write roots judge that) and use ftruncate" },
};
const size_t cs_refusals_len = sizeof(cs_refusals) / sizeof(cs_refusals[0]);

/* With an exec allowlist a memfd must be sealed against exec, because Landlock
 * rules are about paths and a memfd has none. */
/* With an exec allowlist Landlock judges every exec; a supervisor records
 * each one (exec is rare) to log a program outside the list. */
static const struct cs_arg_check exec_with_allowlist = { .kind = CS_ARG_LANDLOCK };

static const struct cs_arg_check memfd_with_allowlist = { CS_ARG_MASK_SET, 1, MFD_NOEXEC_SEAL,
							   { 0 }, 0, NULL, 0, NULL, 0 };

/* ---- lookup ---------------------------------------------------------------- */

/* The set holding name, and through *entry the table's own copy of it. */
static const struct cs_syscall_set *find_set(const char *name, const char **entry)
{
	for (size_t i = 0; i < cs_syscall_sets_len; i++)
		CS_FOR_EACH_CALL(c, cs_syscall_sets[i].calls)
			if (strcmp(c, name) == 0) {
				*entry = c;
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

bool cs_sc_exec_once(const struct cs_sc_policy *pol)
{
	static const char *const execs[] = { "execve", "execveat" };

	for (size_t i = 0; i < sizeof(execs) / sizeof(execs[0]); i++) {
		const struct cs_arg_rule *r = find_arg_rule(execs[i]);
		if (!r || cs_arg_rule_check(r, pol)->kind != CS_ARG_EXEC_ONCE)
			return false;
	}
	return true;
}

struct cs_sc_policy cs_sc_policy_of(const struct cs_profile *p, bool landlock)
{
	bool shell = cs_capset_has(p->caps, CS_CAP_SHELL);
	bool net = cs_capset_has(p->caps, CS_CAP_NETWORK);

	return (struct cs_sc_policy){ .caps = p->caps,
				      .exec_allowlist = shell && p->exec_allow.n > 0,
				      .unix_sockets = net && p->unix_sockets,
				      .landlock = landlock };
}

const struct cs_arg_check *cs_arg_rule_check(const struct cs_arg_rule *r,
					     const struct cs_sc_policy *pol)
{
	static const struct cs_arg_check allow = { .kind = CS_ARG_ALLOW };
	bool with = r->cap != CS_CAP_NONE && cs_capset_has(pol->caps, r->cap);

	if (with && pol->exec_allowlist && strcmp(r->syscall, "memfd_create") == 0)
		return &memfd_with_allowlist;
	if (with && pol->exec_allowlist &&
	    (strcmp(r->syscall, "execve") == 0 || strcmp(r->syscall, "execveat") == 0))
		return &exec_with_allowlist;
	if (with && pol->unix_sockets && strcmp(r->syscall, "socket") == 0)
		return &socket_with_unix;
	if (with && pol->unix_sockets && strcmp(r->syscall, "socketpair") == 0)
		return &allow;
	if (!pol->landlock && (with ? r->old_with : r->old_without))
		return with ? r->old_with : r->old_without;
	return with ? &r->with : &r->without;
}

static bool in_values(uint64_t a, uint64_t mask, const uint32_t *values, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((a & mask) == values[i])
			return true;
	return false;
}

static bool alt_holds(const struct cs_arg_alt *alt, const uint64_t args[6])
{
	for (size_t i = 0; i < alt->n_conds; i++) {
		const struct cs_arg_cond *c = &alt->conds[i];
		if (!in_values(args[c->arg], c->mask, c->values, c->n_values))
			return false;
	}
	return true;
}

static bool matches_any(const struct cs_arg_pattern *ex, size_t n, uint64_t a)
{
	for (size_t i = 0; i < n; i++)
		if (((uint32_t)a & ex[i].mask) == ex[i].value)
			return true;
	return false;
}

static bool check_passes(const struct cs_arg_check *c, const uint64_t args[6])
{
	uint64_t a = args[c->arg];

	switch (c->kind) {
	case CS_ARG_ALLOW:
		return true;
	case CS_ARG_LANDLOCK:
		return !matches_any(c->ex, c->n_ex, a);
	case CS_ARG_DENY:
	case CS_ARG_EXEC_ONCE:
		return false;
	case CS_ARG_MASK_CLEAR:
		return (a & c->mask) == 0;
	case CS_ARG_MASK_SET:
		return (a & c->mask) == c->mask;
	case CS_ARG_FIELD_IN:
		return in_values(a, c->mask, c->values, c->n_values);
	case CS_ARG_NOT_MATCHING:
		return !matches_any(c->ex, c->n_ex, a);
	case CS_ARG_ANY_OF:
		for (size_t i = 0; i < c->n_alts; i++)
			if (alt_holds(&c->alts[i], args))
				return true;
		return false;
	}
	return false;
}

/* Which calls a Landlock check hands to a supervisor for the record. */
static bool landlock_records(const struct cs_arg_check *c, const uint64_t args[6])
{
	return c->mask == 0 || (args[c->arg] & c->mask) != 0;
}

void cs_syscall_classify(const struct cs_sc_policy *pol, int nr, const uint64_t args[6],
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
			v->action = cs_capset_has(pol->caps, set->cap) ? CS_ACT_ALLOW : CS_ACT_DENY;
			break;
		case CS_SC_DENY:
			v->action = CS_ACT_DENY;
			break;
		case CS_SC_ENOSYS:
			v->action = CS_ACT_ENOSYS;
			break;
		}
	} else if (rule) {
		const struct cs_arg_check *c = cs_arg_rule_check(rule, pol);
		v->name = rule->syscall;
		v->group = "argument rule";
		/* The capability that would allow this very call, if one would. */
		if (rule->cap != CS_CAP_NONE && !cs_capset_has(pol->caps, rule->cap)) {
			struct cs_sc_policy lifted = *pol;
			lifted.caps |= CS_CAPSET(rule->cap);
			if (check_passes(cs_arg_rule_check(rule, &lifted), args))
				v->cap = rule->cap;
		}
		if (c->kind == CS_ARG_EXEC_ONCE)
			v->action = CS_ACT_EXEC_ONCE;
		else if (c->kind == CS_ARG_LANDLOCK && check_passes(c, args))
			v->action = landlock_records(c, args) ? CS_ACT_LANDLOCK : CS_ACT_ALLOW;
		else if (c->kind == CS_ARG_LANDLOCK)
			v->action = CS_ACT_DENY;
		else
			v->action = check_passes(c, args) ? CS_ACT_ALLOW : CS_ACT_DENY;
		v->quiet = v->action == CS_ACT_DENY && !pol->unix_sockets &&
			   is_quiet_probe(rule->syscall, args);
	}
	for (size_t i = 0; v->name && v->action == CS_ACT_DENY && v->cap == CS_CAP_NONE &&
			   i < cs_refusals_len; i++)
		if (strcmp(cs_refusals[i].syscall, v->name) == 0)
			v->why = cs_refusals[i].why;
	free(name);
}

bool cs_verdict_notifies(const struct cs_sc_verdict *v)
{
	return v->action == CS_ACT_EXEC_ONCE || v->action == CS_ACT_LANDLOCK ||
	       (v->action == CS_ACT_DENY && !v->quiet);
}

/* ---- complements of masked patterns --------------------------------------- */

struct complement {
	const struct cs_arg_pattern *ex;
	size_t n;
	unsigned order[32]; /* bit positions, the most constrained first */
	uint64_t *masks, *datums;
	size_t max, count;
	bool overflow;
};

static void emit(struct complement *c, uint32_t m, uint32_t v)
{
	if (c->count == c->max) {
		c->overflow = true;
		return;
	}
	c->masks[c->count] = m;
	c->datums[c->count++] = v;
}

/* The block of values whose bits under m equal v, after depth decided bits. */
static void complement_block(struct complement *c, uint32_t m, uint32_t v, unsigned depth)
{
	bool meets = false;

	for (size_t i = 0; i < c->n; i++) {
		const struct cs_arg_pattern *p = &c->ex[i];
		if ((p->mask & m) == p->mask && (v & p->mask) == p->value)
			return; /* the whole block is excluded */
		meets |= ((v ^ p->value) & p->mask & m) == 0;
	}
	if (!meets) {
		emit(c, m, v);
		return;
	}
	uint32_t bit = 1u << c->order[depth];
	complement_block(c, m | bit, v, depth + 1);
	complement_block(c, m | bit, v | bit, depth + 1);
}

int cs_pattern_complement(const struct cs_arg_pattern *ex, size_t n, uint64_t *masks,
			  uint64_t *datums, size_t max)
{
	struct complement c = { .ex = ex, .n = n, .masks = masks, .datums = datums, .max = max };
	unsigned weight[32] = { 0 };

	/* Deciding the bits most patterns look at first keeps a pattern on a
	 * few bits (an ioctl driver byte) from splitting every other block. */
	for (unsigned b = 0; b < 32; b++) {
		c.order[b] = 31 - b;
		for (size_t i = 0; i < n; i++)
			weight[b] += (ex[i].mask >> b) & 1;
	}
	for (unsigned i = 1; i < 32; i++)
		for (unsigned j = i; j > 0 && weight[c.order[j]] > weight[c.order[j - 1]]; j--) {
			unsigned t = c.order[j];
			c.order[j] = c.order[j - 1];
			c.order[j - 1] = t;
		}
	complement_block(&c, 0, 0, 0);
	return c.overflow ? -E2BIG : (int)c.count;
}

int cs_low32_complement(const uint32_t *values, size_t n, uint64_t *masks, uint64_t *datums,
			size_t max)
{
	struct cs_arg_pattern ex[CS_ARG_MAX_VALUES];

	if (n > CS_ARG_MAX_VALUES)
		return -E2BIG;
	for (size_t i = 0; i < n; i++)
		ex[i] = (struct cs_arg_pattern){ (uint32_t)LOW32, values[i] };
	return cs_pattern_complement(ex, n, masks, datums, max);
}

/* ---- building the filter ----------------------------------------------------- */

#define MAX_COMPLEMENT 256

struct builder {
	scmp_filter_ctx ctx;
	uint32_t def; /* the default action: a rule with it adds nothing */
	struct cs_diags *diags;
	int err;
};

static void add_rule(struct builder *b, uint32_t action, const char *name, unsigned n_cmp,
		     const struct scmp_arg_cmp *cmp)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (b->err || action == b->def)
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

static void add_masked_eq(struct builder *b, uint32_t action, const char *name, unsigned arg,
			  uint64_t mask, uint64_t datum)
{
	struct scmp_arg_cmp cmp = SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, mask, datum);
	add_rule(b, action, name, 1, &cmp);
}

static void add_not_matching(struct builder *b, uint32_t action, const char *name,
			     unsigned arg, const struct cs_arg_pattern *ex, size_t n)
{
	uint64_t masks[MAX_COMPLEMENT], datums[MAX_COMPLEMENT];
	int k = cs_pattern_complement(ex, n, masks, datums, MAX_COMPLEMENT);

	if (k < 0) {
		cs_diag_add(b->diags, NULL, 0, 0, name, "too many argument patterns");
		b->err = k;
		return;
	}
	for (int i = 0; i < k; i++)
		add_masked_eq(b, action, name, arg, masks[i], datums[i]);
}

/* One rule per combination of the alternative's values (all conditions of a
 * libseccomp rule must hold). */
static void add_alt_action(struct builder *b, uint32_t action, const char *name,
			   const struct cs_arg_alt *alt, size_t depth, struct scmp_arg_cmp *cmp);

static void add_arg_check(struct builder *b, const char *name, const struct cs_arg_check *c,
			  const struct cs_filter_opts *o)
{
	struct scmp_arg_cmp cmp[CS_ARG_MAX_CONDS];
	bool record = o && o->notify && !o->audit;

	switch (c->kind) {
	case CS_ARG_ALLOW:
		add_rule(b, SCMP_ACT_ALLOW, name, 0, NULL);
		return;
	case CS_ARG_DENY:
	case CS_ARG_EXEC_ONCE:
		return; /* the default action denies (cs_filter_build adds notifications) */
	case CS_ARG_LANDLOCK:
		if (!record && c->n_ex) {
			add_not_matching(b, SCMP_ACT_ALLOW, name, c->arg, c->ex, c->n_ex);
		} else if (!record) {
			add_rule(b, SCMP_ACT_ALLOW, name, 0, NULL);
		} else if (c->mask) {
			/* The calls the filter refuses must not fall in the
			 * allowed block: each needs a bit of the mask (and then
			 * reaches the supervisor, which refuses it). */
			for (size_t i = 0; i < c->n_ex; i++)
				if (!(c->ex[i].value & c->mask)) {
					cs_diag_add(b->diags, NULL, 0, 0, name,
						    "a refused pattern outside the recorded flags");
					b->err = -EINVAL;
					return;
				}
			add_masked_eq(b, SCMP_ACT_ALLOW, name, c->arg, c->mask, 0);
			for (unsigned bit = 0; bit < 64; bit++)
				if (c->mask & (1ULL << bit))
					add_masked_eq(b, SCMP_ACT_NOTIFY, name, c->arg, 1ULL << bit,
						      1ULL << bit);
		} else {
			add_rule(b, SCMP_ACT_NOTIFY, name, 0, NULL);
		}
		return;
	case CS_ARG_MASK_CLEAR:
		add_masked_eq(b, SCMP_ACT_ALLOW, name, c->arg, c->mask, 0);
		return;
	case CS_ARG_MASK_SET:
		add_masked_eq(b, SCMP_ACT_ALLOW, name, c->arg, c->mask, c->mask);
		return;
	case CS_ARG_FIELD_IN:
		for (size_t i = 0; i < c->n_values; i++)
			add_masked_eq(b, SCMP_ACT_ALLOW, name, c->arg, c->mask, c->values[i]);
		return;
	case CS_ARG_NOT_MATCHING:
		add_not_matching(b, SCMP_ACT_ALLOW, name, c->arg, c->ex, c->n_ex);
		return;
	case CS_ARG_ANY_OF:
		for (size_t i = 0; i < c->n_alts; i++)
			add_alt_action(b, SCMP_ACT_ALLOW, name, &c->alts[i], 0, cmp);
		return;
	}
}

static void add_alt_action(struct builder *b, uint32_t action, const char *name,
			   const struct cs_arg_alt *alt, size_t depth, struct scmp_arg_cmp *cmp)
{
	if (depth == alt->n_conds) {
		add_rule(b, action, name, (unsigned)alt->n_conds, cmp);
		return;
	}
	const struct cs_arg_cond *c = &alt->conds[depth];
	for (size_t i = 0; i < c->n_values; i++) {
		cmp[depth] = SCMP_CMP(c->arg, SCMP_CMP_MASKED_EQ, c->mask, c->values[i]);
		add_alt_action(b, action, name, alt, depth + 1, cmp);
	}
}

static void add_quiet_probe(struct builder *b, const struct cs_quiet_probe *q)
{
	struct scmp_arg_cmp cmp[3];

	for (size_t k = 0; k < q->n_args; k++)
		cmp[k] = SCMP_CMP(q->eq[k].arg, SCMP_CMP_MASKED_EQ, LOW32, q->eq[k].value);
	add_rule(b, SCMP_ACT_ERRNO(EPERM), q->syscall, (unsigned)q->n_args, cmp);
}

/* arch_prctl allowed for every code but ARCH_SET_FS, which goes to the
 * supervisor. */
static void add_supervised_arch_prctl(struct builder *b)
{
	static const struct cs_arg_pattern set_fs[] = { { (uint32_t)LOW32, ARCH_SET_FS } };

	add_not_matching(b, SCMP_ACT_ALLOW, "arch_prctl", 0, set_fs, 1);
	add_masked_eq(b, SCMP_ACT_NOTIFY, "arch_prctl", 0, LOW32, ARCH_SET_FS);
}

/* Calls every policy lets through the filter whose Landlock part (the TCP
 * port) an audit run records. */
static const char *const audit_observed[] = { "bind", "connect", NULL };

static bool in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

int cs_filter_build(const struct cs_profile *p, const struct cs_filter_opts *o,
		    scmp_filter_ctx *out, struct cs_diags *d)
{
	bool notify = o && o->notify, audit = notify && o->audit;
	/* An audit run is filtered as if no capability were granted, so that
	 * every call some capability gates reaches the supervisor, which
	 * records what the run needs and judges it against the profile. */
	static const struct cs_profile bare = { 0 };
	bool quiet_probes = notify && !cs_sc_policy_of(p, false).unix_sockets;

	if (audit)
		p = &bare;
	/* Under a supervisor every denial goes to it, which logs it and answers
	 * EPERM (audit mode: allows it); should it be gone, the kernel answers
	 * ENOSYS, still a denial. Without one the kernel denies (EPERM). */
	uint32_t def = notify ? SCMP_ACT_NOTIFY : SCMP_ACT_ERRNO(EPERM);
	struct builder b = { .ctx = seccomp_init(def), .def = def, .diags = d };
	struct cs_sc_policy pol = cs_sc_policy_of(p, o && o->landlock && !audit);
	bool loader_check = pol.exec_allowlist && notify && o->supervise_loader;

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
				continue; /* the default action */
			action = SCMP_ACT_ALLOW;
			break;
		case CS_SC_ENOSYS:
			action = SCMP_ACT_ERRNO(ENOSYS);
			break;
		case CS_SC_DENY:
		default:
			continue; /* the default action */
		}
		CS_FOR_EACH_CALL(c, s->calls) {
			if (loader_check && strcmp(c, "arch_prctl") == 0)
				add_supervised_arch_prctl(&b);
			else
				add_rule(&b, action, c, 0, NULL);
		}
	}
	for (size_t i = 0; i < cs_arg_rules_len; i++) {
		const struct cs_arg_rule *r = &cs_arg_rules[i];
		const struct cs_arg_check *c = cs_arg_rule_check(r, &pol);
		if (audit && in_list(audit_observed, r->syscall))
			continue; /* the default action notifies */
		add_arg_check(&b, r->syscall, c, o);
	}
	for (size_t i = 0; quiet_probes && i < cs_quiet_probes_len; i++)
		add_quiet_probe(&b, &cs_quiet_probes[i]);
	if (b.err) {
		seccomp_release(b.ctx);
		return b.err;
	}
	*out = b.ctx;
	return 0;
}
