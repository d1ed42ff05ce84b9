/* A classic-BPF interpreter for seccomp programs, after the kernel's
 * seccomp_check_filter/bpf interpreter: the instructions libseccomp emits
 * (LD W ABS, JEQ/JGT/JGE/JSET with K, AND/OR K, RET K, ST/LD M). */
#include "testutil.h"

#include <errno.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

uint32_t bpf_sim_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *d)
{
	uint32_t A = 0, X = 0, M[BPF_MEMWORDS] = { 0 };
	const unsigned char *data = (const unsigned char *)d;

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k + 4 > sizeof(*d))
				return SECCOMP_RET_KILL_PROCESS;
			memcpy(&A, data + f->k, 4);
			break;
		case BPF_LD | BPF_IMM: A = f->k; break;
		case BPF_LDX | BPF_IMM: X = f->k; break;
		case BPF_LD | BPF_MEM: A = M[f->k]; break;
		case BPF_LDX | BPF_MEM: X = M[f->k]; break;
		case BPF_ST: M[f->k] = A; break;
		case BPF_STX: M[f->k] = X; break;
		case BPF_ALU | BPF_AND | BPF_K: A &= f->k; break;
		case BPF_ALU | BPF_OR | BPF_K: A |= f->k; break;
		case BPF_ALU | BPF_AND | BPF_X: A &= X; break;
		case BPF_MISC | BPF_TAX: X = A; break;
		case BPF_MISC | BPF_TXA: A = X; break;
		case BPF_JMP | BPF_JA: pc += f->k; break;
		case BPF_JMP | BPF_JEQ | BPF_K: pc += (A == f->k) ? f->jt : f->jf; break;
		case BPF_JMP | BPF_JGT | BPF_K: pc += (A > f->k) ? f->jt : f->jf; break;
		case BPF_JMP | BPF_JGE | BPF_K: pc += (A >= f->k) ? f->jt : f->jf; break;
		case BPF_JMP | BPF_JSET | BPF_K: pc += (A & f->k) ? f->jt : f->jf; break;
		case BPF_JMP | BPF_JEQ | BPF_X: pc += (A == X) ? f->jt : f->jf; break;
		case BPF_JMP | BPF_JGT | BPF_X: pc += (A > X) ? f->jt : f->jf; break;
		case BPF_JMP | BPF_JGE | BPF_X: pc += (A >= X) ? f->jt : f->jf; break;
		case BPF_RET | BPF_K: return f->k;
		case BPF_RET | BPF_A: return A;
		default:
			abort(); /* an instruction this simulator does not know: fix it */
		}
	}
	return SECCOMP_RET_KILL_PROCESS;
}

int bpf_export(scmp_filter_ctx ctx, struct sock_filter **prog)
{
	/* A memfd, not a pipe: a large filter would fill a pipe and block. */
	int fd = memfd_create("bpf", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = seccomp_export_bpf(ctx, fd);
	off_t size = lseek(fd, 0, SEEK_END);
	if (r < 0 || size <= 0) {
		close(fd);
		return r < 0 ? r : -EIO;
	}
	unsigned char *buf = malloc((size_t)size);
	if (!buf || pread(fd, buf, (size_t)size, 0) != size) {
		free(buf);
		close(fd);
		return -EIO;
	}
	close(fd);
	*prog = (struct sock_filter *)buf;
	return (int)((size_t)size / sizeof(struct sock_filter));
}

struct seccomp_data bpf_data(int nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct seccomp_data d = { .nr = nr, .arch = AUDIT_ARCH_X86_64 };
	d.args[0] = a0;
	d.args[1] = a1;
	d.args[2] = a2;
	d.args[3] = a3;
	return d;
}
