/* Which syscalls of the steady-state loop skip the seccomp filter: since
 * Linux 5.11 the kernel caches, per syscall number, a filter's verdict when
 * the filter allows that number without looking at its arguments
 * (seccomp_cache_prepare: it emulates the program with only nr and arch
 * known). This replays that emulation on clawshim's precompiled programs.
 *   seccomp_cache [VARIANT]  prints "syscall<TAB>no caps<TAB>all caps"
 * VARIANT: landlock (default: the preload filter where Landlock ABI >= 5
 * judges write opens and device ioctls), fallback (the same without
 * Landlock ABI 5), clawrun (clawrun's filter, with Landlock). */
#include "clawshim/filters.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

/* The kernel's seccomp_is_const_allow(), in spirit: follow the program
 * with nr and arch known; reading anything else means "not constant". */
static int const_allow(const struct sock_filter *p, size_t len, int nr)
{
	unsigned A = 0;
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &p[pc];
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k == offsetof(struct seccomp_data, nr))
				A = (unsigned)nr;
			else if (f->k == offsetof(struct seccomp_data, arch))
				A = AUDIT_ARCH_X86_64;
			else
				return 0;
			break;
		case BPF_RET | BPF_K:
			return f->k == SECCOMP_RET_ALLOW;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += A == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += A >= f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += A > f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (A & f->k) ? f->jt : f->jf;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			A &= f->k;
			break;
		default:
			return 0;
		}
	}
	return 0;
}

static const char *g_variant = "landlock";

static const struct cs_filter_prog *prog_for(bool shell, bool fs, bool net)
{
	struct cs_filter_key k = { .shell = shell, .filesystem = fs, .network = net,
				   .landlock = strcmp(g_variant, "fallback") != 0,
				   .notify = strcmp(g_variant, "clawrun") == 0 };
	return &cs_filter_progs[cs_filter_key_index(&k)];
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int nr;
	} loop[] = {
		{ "openat", SYS_openat }, { "fstat", SYS_fstat },     { "newfstatat", SYS_newfstatat },
		{ "close", SYS_close },   { "read", SYS_read },       { "write", SYS_write },
		{ "getpid", SYS_getpid }, { "socket", SYS_socket },   { "execve", SYS_execve },
		{ "mmap", SYS_mmap },     { "mprotect", SYS_mprotect }, { "clone", SYS_clone },
		{ "open", SYS_open },     { "creat", SYS_creat },     { "ioctl", SYS_ioctl },
		{ "sendto", SYS_sendto }, { "recvfrom", SYS_recvfrom },
	};
	if (argc > 1)
		g_variant = argv[1];
	const struct cs_filter_prog *none = prog_for(false, false, false);
	const struct cs_filter_prog *all = prog_for(true, true, true);
	for (size_t i = 0; i < sizeof(loop) / sizeof(loop[0]); i++)
		printf("%s\t%s\t%s\n", loop[i].name,
		       const_allow(none->insns, none->len, loop[i].nr) ? "cached" : "filter runs",
		       const_allow(all->insns, all->len, loop[i].nr) ? "cached" : "filter runs");
	return 0;
}
