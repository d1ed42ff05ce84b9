/* A short first test in front of a seccomp program, for the one call whose
 * arguments the program must read and that a tool makes most: openat with
 * read-only flags. libseccomp's program reaches openat's argument rule
 * through its syscall tree and checks the flags bit by bit (a supervisor
 * sees write opens); the prefix answers the common read-only opens in eight
 * instructions and sends everything else, unchanged, to the program. A
 * program that allows openat whatever its arguments gets no prefix: the
 * kernel's verdict cache already skips it.
 *
 * The prefix allows nothing the program does not: it is emitted only after
 * replaying the program on every flag combination the prefix accepts (its
 * accepted set is finite: a subset of FAST_OPEN_FLAGS with the high word
 * zero) and finding ALLOW for each. Calls other than openat pass two
 * instructions (load nr, compare) on their way, and the kernel's per-number
 * verdict cache sees the same constant answers as before. */
#include "clawshim/filters.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>

/* Flags of a plain read-only open. O_RDONLY is 0; anything else (write
 * access, O_CREAT, O_TRUNC, O_APPEND, O_TMPFILE, O_PATH, ...) goes to the
 * program. */
#define FAST_OPEN_FLAGS                                                                            \
	((uint32_t)(O_CLOEXEC | O_NONBLOCK | O_DIRECTORY | O_NOFOLLOW | O_LARGEFILE | O_NOCTTY))
#define FAST_OPEN_BITS 6

#define ARG_LO(n) ((uint32_t)(offsetof(struct seccomp_data, args) + (n) * sizeof(uint64_t)))
#define ARG_HI(n) (ARG_LO(n) + 4)

/* The jumps on A and a constant, which both emulators below follow the same
 * way: advances *pc and returns true, or returns false for another code. */
static bool jump_on_k(const struct sock_filter *f, uint32_t A, size_t *pc)
{
	switch (f->code) {
	case BPF_JMP | BPF_JA:
		*pc += f->k;
		return true;
	case BPF_JMP | BPF_JEQ | BPF_K:
		*pc += A == f->k ? f->jt : f->jf;
		return true;
	case BPF_JMP | BPF_JGT | BPF_K:
		*pc += A > f->k ? f->jt : f->jf;
		return true;
	case BPF_JMP | BPF_JGE | BPF_K:
		*pc += A >= f->k ? f->jt : f->jf;
		return true;
	case BPF_JMP | BPF_JSET | BPF_K:
		*pc += (A & f->k) ? f->jt : f->jf;
		return true;
	default:
		return false;
	}
}

uint32_t cs_bpf_run(const struct sock_filter *p, size_t len, const struct seccomp_data *d,
		    bool *unknown)
{
	uint32_t A = 0, X = 0, M[BPF_MEMWORDS] = {0};
	const unsigned char *data = (const unsigned char *)d;

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &p[pc];
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k > sizeof(*d) - 4)
				return SECCOMP_RET_KILL_PROCESS;
			memcpy(&A, data + f->k, 4);
			break;
		case BPF_LD | BPF_IMM:
			A = f->k;
			break;
		case BPF_LDX | BPF_IMM:
			X = f->k;
			break;
		case BPF_LD | BPF_MEM:
			A = M[f->k % BPF_MEMWORDS];
			break;
		case BPF_LDX | BPF_MEM:
			X = M[f->k % BPF_MEMWORDS];
			break;
		case BPF_ST:
			M[f->k % BPF_MEMWORDS] = A;
			break;
		case BPF_STX:
			M[f->k % BPF_MEMWORDS] = X;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			A &= f->k;
			break;
		case BPF_ALU | BPF_OR | BPF_K:
			A |= f->k;
			break;
		case BPF_ALU | BPF_AND | BPF_X:
			A &= X;
			break;
		case BPF_MISC | BPF_TAX:
			X = A;
			break;
		case BPF_MISC | BPF_TXA:
			A = X;
			break;
		case BPF_JMP | BPF_JEQ | BPF_X:
			pc += A == X ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_X:
			pc += A > X ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_X:
			pc += A >= X ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return f->k;
		case BPF_RET | BPF_A:
			return A;
		default:
			if (jump_on_k(f, A, &pc))
				break;
			if (unknown)
				*unknown = true;
			return SECCOMP_RET_KILL_PROCESS;
		}
	}
	return SECCOMP_RET_KILL_PROCESS;
}

/* Whether prog allows openat with every flag set the prefix accepts; the
 * other arguments (directory, path, mode) take a few values, since a
 * program could look at them too. */
static bool allows_fast_opens(const struct sock_filter *prog, size_t len)
{
	static const uint64_t dirfds[] = {(uint64_t)(int64_t)AT_FDCWD, 3};
	static const uint64_t modes[] = {0, 0644};
	uint32_t bits[FAST_OPEN_BITS], n = 0;

	for (uint32_t b = 1; b && n < FAST_OPEN_BITS; b <<= 1)
		if (FAST_OPEN_FLAGS & b)
			bits[n++] = b;
	for (uint32_t set = 0; set < 1u << n; set++) {
		uint32_t flags = 0;
		for (uint32_t i = 0; i < n; i++)
			if (set & (1u << i))
				flags |= bits[i];
		for (size_t i = 0; i < sizeof(dirfds) / sizeof(dirfds[0]); i++)
			for (size_t j = 0; j < sizeof(modes) / sizeof(modes[0]); j++) {
				struct seccomp_data d = {
				    .nr = SYS_openat,
				    .arch = AUDIT_ARCH_X86_64,
				    .args = {dirfds[i], 0x10000, flags, modes[j]},
				};
				if (cs_bpf_run(prog, len, &d, NULL) != SECCOMP_RET_ALLOW)
					return false;
			}
	}
	return true;
}

/* The kernel's seccomp_is_const_allow() (kernel/seccomp.c), in spirit:
 * follow the program with only nr and arch known; reading anything else
 * means the answer is not constant and the filter runs on every call. */
bool cs_filter_const_allows(const struct sock_filter *p, size_t len, int nr)
{
	uint32_t A = 0;

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &p[pc];
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k == offsetof(struct seccomp_data, nr))
				A = (uint32_t)nr;
			else if (f->k == offsetof(struct seccomp_data, arch))
				A = AUDIT_ARCH_X86_64;
			else
				return false;
			break;
		case BPF_RET | BPF_K:
			return f->k == SECCOMP_RET_ALLOW;
		case BPF_ALU | BPF_AND | BPF_K:
			A &= f->k;
			break;
		default:
			if (jump_on_k(f, A, &pc))
				break;
			return false;
		}
	}
	return false;
}

size_t cs_filter_fast_path(const struct sock_filter *prog, size_t len,
			   struct sock_filter out[CS_FAST_PATH_LEN])
{
	/* Jumps are relative to the next instruction; "next" (the program)
	 * is instruction CS_FAST_PATH_LEN. */
#define TO_PROG(at) ((unsigned char)(CS_FAST_PATH_LEN - (at)-1))
	const struct sock_filter prefix[CS_FAST_PATH_LEN] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat, 0, TO_PROG(1)),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, TO_PROG(3)),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HI(2)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, TO_PROG(5)),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LO(2)),
	    BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, ~FAST_OPEN_FLAGS, TO_PROG(7), 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
#undef TO_PROG

	/* Where openat is allowed whatever its arguments, the kernel already
	 * skips the filter for it: a prefix reading them would undo that. */
	if (cs_filter_const_allows(prog, len, SYS_openat) || !allows_fast_opens(prog, len))
		return 0;
	memcpy(out, prefix, sizeof(prefix));
	return CS_FAST_PATH_LEN;
}
