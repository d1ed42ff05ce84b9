/* The seccomp filter built by libseccomp when cs_confine_apply has no
 * precompiled program for the policy (audit mode). Apart from confine.c so
 * that libclawshim.so, which never needs it, links no libseccomp. */
#include "clawshim/confine.h"
#include "clawshim/diag.h"
#include "clawshim/profile.h"
#include "clawshim/seccomp_rules.h"

#include <seccomp.h>
#include <string.h>

int cs_confine_build_and_load(const struct cs_confine_opts *o, const struct cs_filter_opts *fo,
			      struct cs_confine_state *st, struct cs_diags *d)
{
	scmp_filter_ctx ctx;
	int r = cs_filter_build(o->profile, fo, &ctx, d);

	if (r < 0)
		return r;
	r = seccomp_load(ctx);
	if (r < 0) {
		cs_diag_add(d, NULL, 0, 0, NULL, "the kernel refused the seccomp filter: %s",
			    strerror(-r));
	} else if (o->supervised) {
		st->listener = seccomp_notify_fd(ctx);
		if (st->listener < 0) {
			r = st->listener;
			cs_diag_add(d, NULL, 0, 0, NULL, "no seccomp listener: %s", strerror(-r));
		}
	}
	seccomp_release(ctx);
	return r;
}
