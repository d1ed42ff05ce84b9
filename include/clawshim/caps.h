/* The seven capability names a skill may declare in SKILL.md. */
#ifndef CLAWSHIM_CAPS_H
#define CLAWSHIM_CAPS_H

#include <stdint.h>

struct cs_diags;

enum cs_cap {
	CS_CAP_SHELL,
	CS_CAP_FILESYSTEM,
	CS_CAP_NETWORK,
	CS_CAP_BROWSER,
	CS_CAP_SESSIONS,
	CS_CAP_MESSAGING,
	CS_CAP_SCHEDULING,
	CS_CAP_COUNT,
	CS_CAP_NONE = -1,
};

/* A set of capabilities, one bit per enum cs_cap. */
typedef uint32_t cs_capset;

#define CS_CAPSET(c)  ((cs_capset)1u << (c))
#define CS_CAPSET_ALL (CS_CAPSET(CS_CAP_COUNT) - 1u)

static inline int cs_capset_has(cs_capset s, enum cs_cap c)
{
	return (s & CS_CAPSET(c)) != 0;
}

/* The list printed with "unknown capability" errors. */
#define CS_CAP_NAMES_HELP "shell, filesystem, network, browser, sessions, messaging, scheduling"

/* The capability's name ("shell"), or "?" for a value outside the enum. */
const char *cs_cap_name(enum cs_cap c);

/* Looks a name up exactly (case-sensitive). Returns 0 and fills *out, or
 * -EINVAL for a name that is not a capability. */
int cs_cap_from_name(const char *name, enum cs_cap *out);

/* The capability name equal to name but for letter case ("Shell" ->
 * "shell"), for "did you mean" hints; NULL when there is none. */
const char *cs_cap_suggest(const char *name);

/* Parses a comma-separated list ("shell, network"; "" is the empty set;
 * blanks around names are ignored). A repeated name is an error, as in a
 * profile's capability list. Returns 0, or -EINVAL after adding one
 * diagnostic per unknown, empty or repeated name to d (may be NULL). */
int cs_capset_parse(const char *list, cs_capset *out, struct cs_diags *d);

/* "shell,network" in enum order, "" for the empty set. Caller frees. */
char *cs_capset_format(cs_capset s);

#endif
