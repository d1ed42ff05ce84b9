/* Profile JSON v1: what a skill's tool processes may do. Parsed strictly with
 * cJSON; every error names the JSON path. See README.md, "Profile format". */
#ifndef CLAWSHIM_PROFILE_H
#define CLAWSHIM_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "caps.h"
#include "util.h"

struct cs_diags;
struct cs_skill;

#define CS_PROFILE_VERSION      1
#define CS_PROFILE_MAX_SIZE     (1u << 20)
#define CS_PROFILE_MAX_DEPTH    16
#define CS_DEFAULT_GATEWAY_PORT 18789
#define CS_MAX_PORTS            64

/* What to do when the running kernel cannot enforce part of the profile. */
enum cs_degraded {
	CS_DEGRADED_FAIL,  /* refuse to run the tool (default) */
	CS_DEGRADED_ALLOW, /* run with what the kernel can enforce, and log it */
};

struct cs_profile {
	char *skill;               /* NULL when not named */
	cs_capset caps;
	struct cs_strv write;      /* filesystem.write: absolute paths or placeholders */
	uint16_t ports[CS_MAX_PORTS]; /* network.connect_tcp */
	size_t n_ports;
	uint16_t gateway_port;     /* network.gateway_port; never reachable */
	bool unix_sockets;         /* network.unix: UNIX sockets by path and abstract name */
	struct cs_strv exec_allow; /* exec.allow; empty: any program (with 'shell') */
	char *log;                 /* security log path; NULL: none */
	enum cs_degraded degraded;
	bool expanded;             /* placeholders have been replaced */
};

/* Values for the placeholders {workspace}, {state} and {home}. A path that
 * uses {workspace} is repeated for each workspace, and dropped when there is
 * none (it then grants nothing). */
struct cs_paths {
	const char *const *workspaces;
	size_t n_workspaces;
	const char *state; /* NULL: $OPENCLAW_STATE_DIR, else $HOME/.openclaw */
	const char *home;  /* NULL: $HOME */
};

/* Parses and validates profile JSON. Returns 0, or -EINVAL after adding
 * every problem found to d ("FILE: $.path: message"); *out is then empty.
 * The caller frees *out with cs_profile_free. */
int cs_profile_parse(const char *text, size_t len, const char *file, struct cs_profile *out,
		     struct cs_diags *d);

/* cs_profile_parse on a file (at most CS_PROFILE_MAX_SIZE bytes). */
int cs_profile_load(const char *path, struct cs_profile *out, struct cs_diags *d);

/* The profile a skill gets when none is shipped: its declared capabilities
 * with the defaults (writes under {workspace}, TCP 80 and 443, gateway 18789,
 * log in {state}/logs/security.jsonl). */
int cs_profile_from_skill(const struct cs_skill *s, struct cs_profile *out);

/* A profile with the given capabilities and the same defaults. */
int cs_profile_from_caps(cs_capset caps, const char *skill, struct cs_profile *out);

/* Replaces placeholders; out is a new profile the caller frees. */
int cs_profile_expand(const struct cs_profile *in, const struct cs_paths *paths,
		      struct cs_profile *out);

/* Profile JSON for p (placeholders kept). The caller frees with cJSON_Delete. */
cJSON *cs_profile_to_json(const struct cs_profile *p);

bool cs_profile_port_allowed(const struct cs_profile *p, uint16_t port);

void cs_profile_free(struct cs_profile *p);

#endif
