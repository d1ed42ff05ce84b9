/* Who clawrun runs the tool as. uid 0 owns every root file, capabilities or
 * not, so as root the tool runs as --user, else the owner of the first
 * workspace, else nobody, unless --allow-root. Internal to shim/. */
#ifndef CLAWSHIM_SHIM_RUNAS_H
#define CLAWSHIM_SHIM_RUNAS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CS_RUNAS_MAX_GROUPS 64

struct cs_diags;

struct cs_runas {
	bool change; /* false: the tool runs as clawrun's own user */
	uid_t uid;
	gid_t gid;
	gid_t groups[CS_RUNAS_MAX_GROUPS];
	size_t n_groups;
	char name[64]; /* for messages */
};

/* Chooses the user for a clawrun running as euid (user: --user or NULL;
 * first_workspace: NULL when there is none). Names are looked up in
 * /etc/passwd and /etc/group (accounts.h); a number needs no entry. Returns 0, or a negative errno after adding
 * the reason to d (no such user; --user without root; root without
 * --allow-root; no 'nobody'). */
int cs_runas_choose(uid_t euid, const char *user, bool allow_root, const char *first_workspace,
		    struct cs_runas *out, struct cs_diags *d);

#endif
