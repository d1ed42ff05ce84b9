/* Where each key of an OpenClaw config is written: file, line and column of
 * the key (or of the value, for array elements), across the config and its
 * $include files, so that reports can point at the line a finding concerns. */
#ifndef CLAWAUDIT_CONFIGPOS_H
#define CLAWAUDIT_CONFIGPOS_H

#include "clawshim/util.h"

#include <stddef.h>

struct config_pos {
	char *path;       /* JSON5 path in the resolved config: "$.gateway.bind" */
	const char *file; /* one of the files given to config_positions_add */
	unsigned line, col; /* 1-based; columns count code points */
};

struct config_positions {
	struct config_pos *v;
	size_t n, cap;
	struct cs_strv files; /* owns the file names the entries point at */
};

/* Reads file (JSON5) and records the position of every value in it, its
 * paths rebased from "$" onto at (where the file's content lands in the
 * config: "$" for the config itself, "$.channels" for an $include there).
 * A file that cannot be read or parsed adds nothing: positions are a
 * courtesy, the audit has already reported what it could not read.
 * Returns 0 or -ENOMEM. */
int config_positions_add(struct config_positions *ps, const char *file, const char *at);

/* The entry for path, or NULL. When a path is written in several files the
 * one added last wins, as later $include content does. */
const struct config_pos *config_positions_find(const struct config_positions *ps,
					       const char *path);

void config_positions_free(struct config_positions *ps);

#endif
