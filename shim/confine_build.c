/* The seccomp filter built by libseccomp when cs_confine_prepare has no
 * precompiled program for the policy (audit mode), exported as BPF so that
 * the child loads it like a precompiled one. Apart from confine.c so that
 * libclawshim.so, which never needs it, links no libseccomp. */
#include "clawshim/confine.h"
#include "clawshim/diag.h"
#include "clawshim/profile.h"
#include "clawshim/seccomp_rules.h"

#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* libseccomp writes the program to a descriptor only: a memory file. */
static int export_program(scmp_filter_ctx ctx, struct sock_filter **insns, size_t *len)
{
	int fd = memfd_create("clawshim-filter", MFD_CLOEXEC);
	int r;

	if (fd < 0)
		return -errno;
	r = seccomp_export_bpf(ctx, fd);
	off_t size = r < 0 ? 0 : lseek(fd, 0, SEEK_END);
	if (r == 0 && (size <= 0 || size % (off_t)sizeof(struct sock_filter)))
		r = -EINVAL;
	if (r == 0 && !(*insns = malloc((size_t)size)))
		r = -ENOMEM;
	if (r == 0 && pread(fd, *insns, (size_t)size, 0) != size) {
		r = -EIO;
		free(*insns);
		*insns = NULL;
	}
	if (r == 0)
		*len = (size_t)size / sizeof(struct sock_filter);
	close(fd);
	return r;
}

int cs_confine_build_program(const struct cs_confine_opts *o, const struct cs_filter_opts *fo,
			     struct sock_filter **insns, size_t *len, struct cs_diags *d)
{
	scmp_filter_ctx ctx;
	int r = cs_filter_build(o->profile, fo, &ctx, d);

	if (r < 0)
		return r;
	r = export_program(ctx, insns, len);
	if (r < 0)
		cs_diag_add(d, NULL, 0, 0, NULL, "cannot build the seccomp filter: %s",
			    strerror(-r));
	seccomp_release(ctx);
	return r;
}
