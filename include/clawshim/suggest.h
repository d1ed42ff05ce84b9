/* What an audit run needed, and the profile that would have let it pass:
 * the capabilities, programs, TCP ports and written paths a run used, as
 * one summary line and as the narrowest profile JSON, merged into an
 * existing profile when one is given. Pure: nothing here runs or confines. */
#ifndef CLAWSHIM_SUGGEST_H
#define CLAWSHIM_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "caps.h"
#include "profile.h"
#include "util.h"

struct cs_diags;

struct cs_needs {
	cs_capset caps;
	bool unix_sockets;         /* UNIX sockets by path or name ("unix": true) */
	struct cs_strv programs;   /* executed, resolved absolute paths */
	uint16_t ports[CS_MAX_PORTS]; /* TCP ports connected to */
	size_t n_ports;
	struct cs_strv writes;     /* absolute directories or files written */
	unsigned long unfixable;   /* calls no profile allows */
};

/* Each adds one observation, ignoring repeats. Return 0 or -ENOMEM. */
int cs_needs_add_program(struct cs_needs *n, const char *path);
int cs_needs_add_write(struct cs_needs *n, const char *path);
void cs_needs_add_port(struct cs_needs *n, uint16_t port);

/* "capabilities shell, network; TCP 8765; writes under /tmp/x; programs
 * /usr/bin/git" (parts with nothing in them left out; "nothing" when the
 * run needed nothing). Writes lying under another are folded into it.
 * Caller frees; NULL on allocation failure. */
char *cs_needs_summary(const struct cs_needs *n);

/* Merges n into profile JSON root (a new profile when root is NULL): the
 * union of capabilities, filesystem.write (paths under a workspace written
 * as {workspace}/...), network.connect_tcp (an existing profile that had
 * 'network' without a port list keeps the default ports), network.unix and
 * exec.allow (a profile with 'shell' and no allowlist keeps allowing every
 * program). Every other member is kept as it is. Returns the merged tree
 * (root itself, or a new one) or NULL on allocation failure. */
cJSON *cs_needs_merge(const struct cs_needs *n, const char *const *workspaces,
		      size_t n_workspaces, const char *skill, cJSON *root);

/* Refuses a FILE that exists and is not a valid profile (diagnostics name
 * file, line and key). A missing FILE is fine. Returns 0 or a negative
 * errno. */
int cs_suggest_check(const char *file, struct cs_diags *d);

/* Writes the merge of n into FILE (a new profile when FILE is missing)
 * atomically, after checking that the result is a valid profile. Returns 0
 * or a negative errno after adding the reason to d. */
int cs_suggest_write(const char *file, const struct cs_needs *n, const char *const *workspaces,
		     size_t n_workspaces, const char *skill, struct cs_diags *d);

void cs_needs_free(struct cs_needs *n);

#endif
