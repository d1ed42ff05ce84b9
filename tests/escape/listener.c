/* Seccomp filters of the tool's own: a filter with a listener (whose owner
 * answers the tool's calls once the supervisor is gone) and one that turns
 * the speculative store bypass mitigation off are refused; a plain filter
 * that only narrows stays allowed. Each variant loads at most one filter:
 * a tight loop of failing loads with a listener once deadlocked the
 * kernel's BPF JIT allocator. */
#include "attack.h"

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/syscall.h>

static long load(unsigned flags)
{
	struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = allow };

	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

static void new_listener(const char *t)
{
	(void)t;
	attack_result(load(SECCOMP_FILTER_FLAG_NEW_LISTENER));
}
static void new_listener_high32(const char *t)
{
	struct sock_filter allow[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW) };
	struct sock_fprog prog = { .len = 1, .filter = allow };
	(void)t;
	/* The kernel reads flags as 32 bits: junk above must not hide the flag. */
	attack_result(raw_syscall3(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
				   (1L << 32) | SECCOMP_FILTER_FLAG_NEW_LISTENER, (long)&prog));
}
static void spec_allow(const char *t)
{
	(void)t;
	attack_result(load(SECCOMP_FILTER_FLAG_SPEC_ALLOW));
}
static void plain(const char *t)
{
	(void)t;
	attack_result(load(0));
}

static const struct variant variants[] = {
	{ "new-listener", new_listener },
	{ "new-listener-high32", new_listener_high32 },
	{ "spec-allow", spec_allow },
	{ "plain", plain },
};
ATTACK_MAIN(variants)
