/* Seccomp programs for the tests: libseccomp's export, a call's data, and
 * the interpreter the fast path also replays programs with (cs_bpf_run),
 * which here aborts on an instruction it does not know. */
#include "testutil.h"
#include "clawshim/filters.h"

#include <errno.h>
#include <linux/audit.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

uint32_t bpf_sim_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *d)
{
	bool unknown = false;
	uint32_t r = cs_bpf_run(prog, len, d, &unknown);

	if (unknown)
		abort(); /* an instruction the interpreter does not know: teach it */
	return r;
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
