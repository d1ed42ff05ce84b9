/* Which syscalls of the steady-state loop skip the seccomp filter: since
 * Linux 5.11 the kernel caches, per syscall number, a filter's verdict when
 * the filter allows that number without looking at its arguments
 * (seccomp_cache_prepare: it emulates the program with only nr and arch
 * known). This replays that emulation (cs_filter_const_allows) on
 * clawshim's precompiled programs.
 *   seccomp_cache [VARIANT]  prints "syscall<TAB>no caps<TAB>filesystem<TAB>all caps"
 * VARIANT: landlock (default: the preload filter where Landlock ABI >= 5
 * judges write opens and device ioctls), fallback (the same without
 * Landlock ABI 5), clawrun (clawrun's filter, with Landlock).
 *   seccomp_cache insns  prints, for clawrun's filter, how many BPF
 * instructions a read-only openat runs: with the fast path in front
 * (policy/fastpath.c), and in libseccomp's program alone. */
#include "clawshim/filters.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

static const char *g_variant = "landlock";

static const struct cs_filter_prog *prog_for(bool shell, bool fs, bool net)
{
	struct cs_filter_key k = { .shell = shell, .filesystem = fs, .network = net,
				   .landlock = strcmp(g_variant, "fallback") != 0,
				   .notify = strcmp(g_variant, "clawrun") == 0 ||
					     strcmp(g_variant, "insns") == 0 };
	return &cs_filter_progs[cs_filter_key_index(&k)];
}

/* Instructions run until a return, for one openat(AT_FDCWD, ..., flags):
 * the subset of classic BPF the programs use (loads, jumps, AND, return). */
static int insns_run(const struct sock_filter *p, size_t len, unsigned flags)
{
	struct seccomp_data d = { .nr = SYS_openat, .arch = AUDIT_ARCH_X86_64,
				  .args = { (unsigned long long)(long long)AT_FDCWD, 0x10000, flags } };
	unsigned A = 0;
	int n = 0;

	for (size_t pc = 0; pc < len; pc++, n++) {
		const struct sock_filter *f = &p[pc];
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS: memcpy(&A, (const char *)&d + f->k, 4); break;
		case BPF_RET | BPF_K: return n + 1;
		case BPF_JMP | BPF_JA: pc += f->k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += A == f->k ? f->jt : f->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += A >= f->k ? f->jt : f->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += A > f->k ? f->jt : f->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += (A & f->k) ? f->jt : f->jf; break;
		case BPF_ALU | BPF_AND | BPF_K: A &= f->k; break;
		default: return -1;
		}
	}
	return -1;
}

/* The libseccomp program behind a fast path, or the whole program. */
static size_t behind_fast_path(const struct cs_filter_prog *p)
{
	const struct sock_filter *insns = cs_filter_prog_insns(p);
	struct sock_filter fast[CS_FAST_PATH_LEN];

	if (p->len > CS_FAST_PATH_LEN &&
	    cs_filter_fast_path(insns + CS_FAST_PATH_LEN, p->len - CS_FAST_PATH_LEN, fast) &&
	    memcmp(fast, insns, sizeof(fast)) == 0)
		return CS_FAST_PATH_LEN;
	return 0;
}

static void print_insns(const char *name, const struct cs_filter_prog *p)
{
	const struct sock_filter *insns = cs_filter_prog_insns(p);
	size_t skip = behind_fast_path(p);
	unsigned flags = O_RDONLY | O_CLOEXEC;

	if (cs_filter_const_allows(insns, p->len, SYS_openat)) {
		printf("%s\tcached (no filter run)\tcached (no filter run)\n", name);
		return;
	}
	printf("%s\t%d\t%d\n", name, insns_run(insns, p->len, flags),
	       insns_run(insns + skip, p->len - skip, flags));
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
	const struct cs_filter_prog *fs = prog_for(false, true, false);
	const struct cs_filter_prog *all = prog_for(true, true, true);
	if (strcmp(g_variant, "insns") == 0) {
		print_insns("no capabilities", none);
		print_insns("filesystem", fs);
		print_insns("all capabilities", all);
		return 0;
	}
	for (size_t i = 0; i < sizeof(loop) / sizeof(loop[0]); i++) {
		const struct cs_filter_prog *p[] = { none, fs, all };
		printf("%s", loop[i].name);
		for (size_t j = 0; j < 3; j++)
			printf("\t%s", cs_filter_const_allows(cs_filter_prog_insns(p[j]), p[j]->len,
							       loop[i].nr)
					       ? "cached"
					       : "filter runs");
		putchar('\n');
	}
	return 0;
}
