/* Loading an OpenClaw config the way OpenClaw does: JSON5, then $include
 * files merged in, then the config's own env block, then ${VAR}
 * substitution. Every error names the file, line and column it comes from. */
#ifndef CLAWAUDIT_OCCONFIG_H
#define CLAWAUDIT_OCCONFIG_H

#include "clawshim/util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

struct cs_diags;

/* Nesting limit for $include, as OpenClaw's. */
#define OC_INCLUDE_MAX_DEPTH 10

struct oc_config {
	bool exists;               /* false: no file, root is {} */
	cJSON *root;               /* the resolved config */
	struct cs_strv includes;   /* absolute paths of the $include files read, in order */
	struct cs_strv include_at; /* for each, where its content lands in the config, as a
				    * JSON5 path ("$", "$.channels"): editors map its values back */
};

/* Loads path. Returns 0 (also when the file does not exist) or -1 with the
 * reasons in d. */
int oc_config_load(const char *path, struct oc_config *out, struct cs_diags *d);
void oc_config_free(struct oc_config *c);

/* s with ${NAME} (NAME: [A-Z_][A-Z0-9_]*) replaced by the variable's value
 * and $${NAME} unescaped to ${NAME}, as OpenClaw substitutes config strings.
 * NULL when a named variable is unset or empty (*missing: its name, heap;
 * NULL when memory ran out). The result is the caller's to free. */
char *oc_substitute_env(const char *s, char **missing);


#endif
