/* Helpers shared by the Criterion suites. */
#ifndef CLAWSHIM_TESTUTIL_H
#define CLAWSHIM_TESTUTIL_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <seccomp.h>

/* The repository and build directories, set by the Makefile. */
#ifndef CS_SRCDIR
#define CS_SRCDIR "."
#endif
#ifndef CS_BUILDDIR
#define CS_BUILDDIR "./build"
#endif

/* Runs classic BPF as the kernel's seccomp does, on one seccomp_data.
 * Returns the filter's 32-bit return value (SECCOMP_RET_*). */
uint32_t bpf_sim_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *d);

/* Exports a libseccomp context as BPF; the caller frees *prog. Returns the
 * number of instructions, or a negative errno. */
int bpf_export(scmp_filter_ctx ctx, struct sock_filter **prog);

/* Builds seccomp_data for x86_64. */
struct seccomp_data bpf_data(int nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3);

#endif
