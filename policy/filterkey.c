/* Policy variants of the seccomp program, numbered densely: every valid
 * combination of the key's bits (see filters.h) in the order of their bit
 * patterns. Audit mode is rare and is built by libseccomp when asked. */
#include "clawshim/filters.h"
#include "clawshim/caps.h"
#include "clawshim/profile.h"
#include "clawshim/seccomp_rules.h"

#include <string.h>

#define KEY_BITS 8

static unsigned bits_of(const struct cs_filter_key *k)
{
	return (unsigned)k->shell | (unsigned)k->filesystem << 1 | (unsigned)k->network << 2 |
	       (unsigned)k->unix_sockets << 3 | (unsigned)k->allowlist << 4 |
	       (unsigned)k->notify << 5 | (unsigned)k->supervise_loader << 6 |
	       (unsigned)k->landlock << 7;
}

static struct cs_filter_key key_of_bits(unsigned b)
{
	return (struct cs_filter_key){ .shell = b & 1,
				       .filesystem = b & 2,
				       .network = b & 4,
				       .unix_sockets = b & 8,
				       .allowlist = b & 16,
				       .notify = b & 32,
				       .supervise_loader = b & 64,
				       .landlock = b & 128 };
}

/* The combinations a profile can produce. */
static bool valid(const struct cs_filter_key *k)
{
	return !k->audit && (!k->unix_sockets || k->network) && (!k->allowlist || k->shell) &&
	       (!k->supervise_loader || (k->notify && k->allowlist));
}

size_t cs_filter_keys_count(void)
{
	size_t n = 0;

	for (unsigned b = 0; b < 1u << KEY_BITS; b++) {
		struct cs_filter_key k = key_of_bits(b);
		n += valid(&k);
	}
	return n;
}

struct cs_filter_key cs_filter_key_at(size_t i)
{
	for (unsigned b = 0; b < 1u << KEY_BITS; b++) {
		struct cs_filter_key k = key_of_bits(b);
		if (valid(&k) && i-- == 0)
			return k;
	}
	return (struct cs_filter_key){ .audit = true };
}

size_t cs_filter_key_index(const struct cs_filter_key *k)
{
	size_t i = 0;

	if (!valid(k))
		return cs_filter_keys_count();
	for (unsigned b = 0; b < bits_of(k); b++) {
		struct cs_filter_key other = key_of_bits(b);
		i += valid(&other);
	}
	return i;
}

struct cs_filter_key cs_filter_key_of(const struct cs_profile *p, const struct cs_filter_opts *o)
{
	struct cs_filter_key k = {
		.shell = cs_capset_has(p->caps, CS_CAP_SHELL),
		.filesystem = cs_capset_has(p->caps, CS_CAP_FILESYSTEM),
		.network = cs_capset_has(p->caps, CS_CAP_NETWORK),
		.notify = o && o->notify,
		.audit = o && o->notify && o->audit,
	};
	k.unix_sockets = k.network && p->unix_sockets;
	k.allowlist = k.shell && p->exec_allow.n > 0;
	k.supervise_loader = k.allowlist && k.notify && o->supervise_loader;
	k.landlock = o && o->landlock && !k.audit;
	return k;
}

void cs_filter_key_profile(const struct cs_filter_key *k, struct cs_profile *p,
			   struct cs_filter_opts *o)
{
	memset(p, 0, sizeof(*p));
	p->caps = (k->shell ? CS_CAPSET(CS_CAP_SHELL) : 0) |
		  (k->filesystem ? CS_CAPSET(CS_CAP_FILESYSTEM) : 0) |
		  (k->network ? CS_CAPSET(CS_CAP_NETWORK) : 0);
	p->unix_sockets = k->unix_sockets;
	if (k->allowlist)
		cs_strv_push(&p->exec_allow, "/usr/bin/true");
	*o = (struct cs_filter_opts){ .notify = k->notify,
				      .audit = k->audit,
				      .supervise_loader = k->supervise_loader,
				      .landlock = k->landlock };
}
