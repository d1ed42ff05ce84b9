/* clawaudit --fix: the safe remediations of `openclaw security audit --fix`,
 * and nothing more. Config values are edited where they are written, keeping
 * every comment and the formatting around them; permissions are tightened
 * without ever following a symlink. */
#ifndef CLAWAUDIT_FIX_H
#define CLAWAUDIT_FIX_H

#include "occonfig.h"

#include <stdio.h>
#include <sys/types.h>

struct fix_action {
	char *path;
	mode_t mode;         /* the mode it should have */
	bool ok;             /* the mode was changed */
	const char *skipped; /* "already", "missing", "symlink", "not-a-file", "not-a-directory" */
	char *error;         /* why chmod failed */
};

struct fix_result {
	bool config_written;
	struct cs_strv changes; /* "logging.redactSensitive=off -> \"tools\"", ... */
	struct fix_action *actions;
	size_t n_actions, cap_actions;
	struct cs_strv errors;
	struct cs_strv written; /* files rewritten (config, include files) */
};

struct fix_input {
	const char *state_dir;
	const char *config_path;
	const struct oc_config *cfg;
	const char *home;
};

/* Applies the config edits, then the chmods, recording each in out. Never
 * fails as a whole: what went wrong is in out->errors and the actions. */
void fix_run(const struct fix_input *in, struct fix_result *out);
void fix_result_free(struct fix_result *r);

/* fix_config.c: plans and applies the config edits. */
void fix_config(const struct fix_input *in, struct fix_result *out);
/* fix_perms.c: the chmod actions, in OpenClaw's order. */
void fix_perms(const struct fix_input *in, struct fix_result *out);

#endif
