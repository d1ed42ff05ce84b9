/* Landlock system calls for the shim: the ABI probe and a ruleset built
 * from a plan. Internal to shim/. */
#ifndef CLAWSHIM_SHIM_LANDLOCK_H
#define CLAWSHIM_SHIM_LANDLOCK_H

#include <stdint.h>

struct cs_landlock_plan;
struct cs_diags;

/* Creates a ruleset fd with every rule of the plan; returns the fd or a
 * negative errno after adding the reason to d. A path that does not exist
 * grants nothing and is skipped. */
int cs_landlock_ruleset(const struct cs_landlock_plan *plan, struct cs_diags *d);

/* landlock_restrict_self(2) on the calling thread. */
int cs_landlock_restrict_self(int ruleset_fd);

#endif
