/* The hardening baseline, denied whatever the capabilities: debugging and
 * writing other processes, namespaces, personality, io_uring, bpf,
 * userfaultfd, perf, mounts, keyrings, terminal injection, signals to
 * processes outside the sandbox. */
#include "attack.h"

#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static void ptrace_parent(const char *t)
{
	(void)t;
	attack_result(ptrace(PTRACE_ATTACH, getppid(), NULL, NULL));
}
static void vm_writev(const char *t)
{
	char buf[8] = "x";
	struct iovec l = { buf, 1 }, r = { buf, 1 };
	(void)t;
	attack_result(process_vm_writev(getppid(), &l, 1, &r, 1, 0));
}
static void do_unshare(const char *t) { (void)t; attack_result(unshare(CLONE_NEWUSER)); }
static void do_setns(const char *t) { (void)t; attack_result(setns(0, CLONE_NEWNET)); }
static void no_aslr(const char *t)
{
	(void)t;
	/* personality() returns the old persona; a refused change leaves it. */
	long r = syscall(SYS_personality, ADDR_NO_RANDOMIZE);
	if (r >= 0 && (personality(0xffffffff) & ADDR_NO_RANDOMIZE) == 0) {
		errno = EPERM;
		r = -1;
	}
	attack_result(r);
}
static void uring(const char *t)
{
	struct io_uring_params p = { 0 };
	(void)t;
	attack_result(syscall(SYS_io_uring_setup, 4, &p));
}
static void do_bpf(const char *t)
{
	char attr[128] = { 0 };
	(void)t;
	/* BPF_MAP_CREATE with an empty attribute: EINVAL if bpf() were reachable. */
	attack_result(syscall(SYS_bpf, 0, attr, sizeof(attr)));
}
static void uffd(const char *t) { (void)t; attack_result(syscall(SYS_userfaultfd, 0)); }
static void perf(const char *t)
{
	struct perf_event_attr a = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(a),
				     .config = PERF_COUNT_SW_CPU_CLOCK };
	(void)t;
	attack_result(syscall(SYS_perf_event_open, &a, 0, -1, -1, 0));
}
static void do_mount(const char *t)
{
	(void)t;
	attack_result(mount("none", "/tmp", "tmpfs", 0, NULL));
}
static void keyring(const char *t)
{
	(void)t;
	attack_result(syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0));
}
static void tiocsti(const char *t)
{
	char c = 'x';
	(void)t;
	attack_result(ioctl(0, TIOCSTI, &c));
}
static void tiocsti_high32(const char *t)
{
	char c = 'x';
	(void)t;
	attack_result(syscall(SYS_ioctl, 0, (1UL << 32) | TIOCSTI, &c));
}
/* The parent (the supervisor or the test) is outside the sandbox. */
static void signal_outside(const char *t)
{
	(void)t;
	attack_result(kill(getppid(), SIGCONT));
}
static void do_iopl(const char *t) { (void)t; attack_result(syscall(SYS_iopl, 3)); }
static void kexec(const char *t)
{
	(void)t;
	attack_result(syscall(SYS_kexec_load, 0, 0, NULL, 0));
}

static const struct variant variants[] = {
	{ "ptrace-parent", ptrace_parent },
	{ "process_vm_writev", vm_writev },
	{ "unshare", do_unshare },
	{ "setns", do_setns },
	{ "personality", no_aslr },
	{ "io_uring_setup", uring },
	{ "bpf", do_bpf },
	{ "userfaultfd", uffd },
	{ "perf_event_open", perf },
	{ "mount", do_mount },
	{ "keyctl", keyring },
	{ "tiocsti", tiocsti },
	{ "tiocsti-high32", tiocsti_high32 },
	{ "signal-outside", signal_outside },
	{ "iopl", do_iopl },
	{ "kexec_load", kexec },
};
ATTACK_MAIN(variants)
