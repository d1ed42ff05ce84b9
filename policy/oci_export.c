/* OCI/Docker seccomp profile export, walking the same tables as
 * cs_filter_build. MASKED_EQ arguments use Docker's convention: "value" is
 * the mask and "valueTwo" the expected result. */
#include "clawshim/oci.h"
#include "clawshim/profile.h"
#include "clawshim/seccomp_rules.h"

#include <errno.h>
#include <string.h>

static cJSON *entry(cJSON *syscalls, const char *action, int errno_ret)
{
	cJSON *e = cJSON_CreateObject();

	cJSON_AddItemToObject(e, "names", cJSON_CreateArray());
	cJSON_AddStringToObject(e, "action", action);
	if (errno_ret)
		cJSON_AddNumberToObject(e, "errnoRet", errno_ret);
	cJSON_AddItemToArray(syscalls, e);
	return e;
}

static void add_cmp(cJSON *args, unsigned arg, uint64_t mask, uint64_t datum)
{
	cJSON *a = cJSON_CreateObject();

	cJSON_AddNumberToObject(a, "index", arg);
	cJSON_AddNumberToObject(a, "value", (double)mask);
	cJSON_AddNumberToObject(a, "valueTwo", (double)datum);
	cJSON_AddStringToObject(a, "op", "SCMP_CMP_MASKED_EQ");
	cJSON_AddItemToArray(args, a);
}

static cJSON *allow_entry(cJSON *syscalls, const char *name)
{
	cJSON *e = entry(syscalls, "SCMP_ACT_ALLOW", 0);

	cJSON_AddItemToArray(cJSON_GetObjectItem(e, "names"), cJSON_CreateString(name));
	return cJSON_AddArrayToObject(e, "args");
}

static void add_masked(cJSON *syscalls, const char *name, unsigned arg, uint64_t mask,
		       uint64_t datum)
{
	add_cmp(allow_entry(syscalls, name), arg, mask, datum);
}

/* One entry per combination of values: a runtime ANDs an entry's args. */
static void add_alt(cJSON *syscalls, const char *name, const struct cs_arg_alt *alt,
		    size_t depth, uint32_t *chosen)
{
	if (depth == alt->n_conds) {
		cJSON *args = allow_entry(syscalls, name);
		for (size_t i = 0; i < alt->n_conds; i++)
			add_cmp(args, alt->conds[i].arg, alt->conds[i].mask, chosen[i]);
		return;
	}
	for (size_t i = 0; i < alt->conds[depth].n_values; i++) {
		chosen[depth] = alt->conds[depth].values[i];
		add_alt(syscalls, name, alt, depth + 1, chosen);
	}
}

static void export_check(cJSON *syscalls, cJSON *allow_names, const char *name,
			 const struct cs_arg_check *c, struct cs_strv *notes)
{
	uint64_t masks[256], datums[256];

	switch (c->kind) {
	case CS_ARG_ALLOW:
		cJSON_AddItemToArray(allow_names, cJSON_CreateString(name));
		return;
	case CS_ARG_EXEC_ONCE:
		/* A container runtime must exec the container's program after the
		 * filter is loaded, so execve has to stay allowed. */
		cJSON_AddItemToArray(allow_names, cJSON_CreateString(name));
		cs_strv_push_owned(notes,
				   cs_asprintf("%s: allowed in the export; clawrun permits only the "
					       "launcher's own exec (no 'shell'), which OCI cannot "
					       "express: new processes stay denied (fork, vfork, clone "
					       "without CLONE_THREAD)",
					       name));
		return;
	case CS_ARG_DENY:
		return;
	case CS_ARG_LANDLOCK:
		/* Not reached: the export has no Landlock, so it takes the
		 * seccomp fallbacks (cs_sc_policy.landlock is false). */
		cJSON_AddItemToArray(allow_names, cJSON_CreateString(name));
		return;
	case CS_ARG_MASK_CLEAR:
		add_masked(syscalls, name, c->arg, c->mask, 0);
		return;
	case CS_ARG_MASK_SET:
		add_masked(syscalls, name, c->arg, c->mask, c->mask);
		return;
	case CS_ARG_FIELD_IN:
		for (size_t i = 0; i < c->n_values; i++)
			add_masked(syscalls, name, c->arg, c->mask, c->values[i]);
		return;
	case CS_ARG_NOT_MATCHING: {
		int n = cs_pattern_complement(c->ex, c->n_ex, masks, datums, 256);
		for (int i = 0; i < n; i++)
			add_masked(syscalls, name, c->arg, masks[i], datums[i]);
		return;
	}
	case CS_ARG_ANY_OF: {
		uint32_t chosen[CS_ARG_MAX_CONDS];
		for (size_t i = 0; i < c->n_alts; i++)
			add_alt(syscalls, name, &c->alts[i], 0, chosen);
		return;
	}
	}
}

static void note_landlock(const struct cs_profile *p, struct cs_strv *notes)
{
	if (cs_capset_has(p->caps, CS_CAP_FILESYSTEM))
		for (size_t i = 0; i < p->write.n; i++)
			cs_strv_push_owned(notes, cs_asprintf("filesystem.write %s: a Landlock path "
							      "rule; use a read-only root and a "
							      "writable mount instead",
							      p->write.v[i]));
	if (cs_capset_has(p->caps, CS_CAP_NETWORK)) {
		for (size_t i = 0; i < p->n_ports; i++)
			cs_strv_push_owned(notes, cs_asprintf("network.connect_tcp %u: a Landlock "
							      "port rule; use a network policy",
							      p->ports[i]));
		cs_strv_push_owned(notes, cs_asprintf("network.gateway_port %u: never reachable "
						      "under clawrun; block it with a network "
						      "policy",
						      p->gateway_port));
	}
	for (size_t i = 0; i < p->exec_allow.n; i++)
		cs_strv_push_owned(notes, cs_asprintf("exec.allow %s: a Landlock execute rule; "
						      "ship only the allowed programs in the image",
						      p->exec_allow.v[i]));
	cs_strv_push(notes, "Landlock scopes (no signals to, no abstract sockets of, processes "
			    "outside the sandbox): use the runtime's PID and network namespaces");
}

cJSON *cs_oci_export(const struct cs_profile *p, struct cs_strv *notes)
{
	cJSON *root = cJSON_CreateObject();
	/* No Landlock in a container runtime's profile: the seccomp fallbacks. */
	struct cs_sc_policy pol = cs_sc_policy_of(p, false);

	if (!root)
		return NULL;
	cJSON_AddStringToObject(root, "defaultAction", "SCMP_ACT_ERRNO");
	cJSON_AddNumberToObject(root, "defaultErrnoRet", EPERM);
	cJSON *arches = cJSON_AddArrayToObject(root, "architectures");
	cJSON_AddItemToArray(arches, cJSON_CreateString("SCMP_ARCH_X86_64"));
	cJSON *syscalls = cJSON_AddArrayToObject(root, "syscalls");
	cJSON *allow = cJSON_GetObjectItem(entry(syscalls, "SCMP_ACT_ALLOW", 0), "names");
	cJSON *enosys = cJSON_GetObjectItem(entry(syscalls, "SCMP_ACT_ERRNO", ENOSYS), "names");

	for (size_t i = 0; i < cs_syscall_sets_len; i++) {
		const struct cs_syscall_set *s = &cs_syscall_sets[i];
		cJSON *into = NULL;
		if (s->disp == CS_SC_ALLOW ||
		    (s->disp == CS_SC_GATED && cs_capset_has(p->caps, s->cap)))
			into = allow;
		else if (s->disp == CS_SC_ENOSYS)
			into = enosys;
		if (into)
			CS_FOR_EACH_CALL(c, s->calls)
				cJSON_AddItemToArray(into, cJSON_CreateString(c));
	}
	for (size_t i = 0; i < cs_arg_rules_len; i++) {
		const struct cs_arg_rule *r = &cs_arg_rules[i];
		export_check(syscalls, allow, r->syscall, cs_arg_rule_check(r, &pol),
			     notes);
	}
	note_landlock(p, notes);
	return root;
}
