/* Policy variants of the seccomp program, numbered densely:
 * index = caps(3 bits) + 8 * delivery, with the allowlist variants of the
 * shell capsets appended; see filters.h. */
#include "clawshim/filters.h"
#include "clawshim/caps.h"
#include "clawshim/profile.h"
#include "clawshim/seccomp_rules.h"

#include <string.h>

/* Deliveries: 0 EPERM in the filter, 1 supervisor, 2 supervisor with the
 * loader check (only with an allowlist). */
#define N_CAPSETS 8
#define N_PLAIN (N_CAPSETS * 2)     /* no allowlist: errno or notify */
#define N_SHELL_SETS 4              /* capsets with shell */
#define N_ALLOW (N_SHELL_SETS * 3)  /* allowlist: errno, notify, notify+loader */

size_t cs_filter_keys_count(void)
{
	return N_PLAIN + N_ALLOW;
}

static unsigned caps_bits(const struct cs_filter_key *k)
{
	return (unsigned)k->shell | (unsigned)k->filesystem << 1 | (unsigned)k->network << 2;
}

static void set_caps_bits(struct cs_filter_key *k, unsigned bits)
{
	k->shell = bits & 1;
	k->filesystem = bits & 2;
	k->network = bits & 4;
}

struct cs_filter_key cs_filter_key_at(size_t i)
{
	struct cs_filter_key k = { 0 };

	if (i < N_PLAIN) {
		set_caps_bits(&k, (unsigned)(i % N_CAPSETS));
		k.notify = i / N_CAPSETS == 1;
		return k;
	}
	i -= N_PLAIN;
	/* Shell capsets are the odd bit patterns 1, 3, 5, 7. */
	set_caps_bits(&k, (unsigned)(i % N_SHELL_SETS) * 2 + 1);
	k.allowlist = true;
	k.notify = i / N_SHELL_SETS >= 1;
	k.supervise_loader = i / N_SHELL_SETS == 2;
	return k;
}

size_t cs_filter_key_index(const struct cs_filter_key *k)
{
	if (!k->allowlist)
		return caps_bits(k) + (k->notify ? N_CAPSETS : 0);
	size_t delivery = k->supervise_loader ? 2 : k->notify ? 1 : 0;
	return N_PLAIN + delivery * N_SHELL_SETS + caps_bits(k) / 2;
}

struct cs_filter_key cs_filter_key_of(const struct cs_profile *p, const struct cs_filter_opts *o)
{
	struct cs_filter_key k = {
		.shell = cs_capset_has(p->caps, CS_CAP_SHELL),
		.filesystem = cs_capset_has(p->caps, CS_CAP_FILESYSTEM),
		.network = cs_capset_has(p->caps, CS_CAP_NETWORK),
		.notify = o && o->notify,
	};
	k.allowlist = k.shell && p->exec_allow.n > 0;
	k.supervise_loader = k.allowlist && k.notify && o->supervise_loader;
	return k;
}

void cs_filter_key_profile(const struct cs_filter_key *k, struct cs_profile *p,
			   struct cs_filter_opts *o)
{
	memset(p, 0, sizeof(*p));
	p->caps = (k->shell ? CS_CAPSET(CS_CAP_SHELL) : 0) |
		  (k->filesystem ? CS_CAPSET(CS_CAP_FILESYSTEM) : 0) |
		  (k->network ? CS_CAPSET(CS_CAP_NETWORK) : 0);
	if (k->allowlist)
		cs_strv_push(&p->exec_allow, "/usr/bin/true");
	*o = (struct cs_filter_opts){ .notify = k->notify, .supervise_loader = k->supervise_loader };
}
