/* What the clawpolicy subcommands share: option errors, output to -o FILE
 * or stdout, and reading a PROFILE|SKILL|NAME argument. Each subcommand
 * prints its own messages and returns an exit status (exitcodes.h). */
#ifndef CLAWPOLICY_H
#define CLAWPOLICY_H

#include <stdbool.h>
#include "clawshim/frontmatter.h"
#include "clawshim/profile.h"
#include "clawshim/skillscan.h"

/* "clawpolicy: MESSAGE" and the --help hint on stderr; returns CS_EXIT_USAGE. */
int cs_cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The one line for what getopt_long (opterr = 0, optstring starting with
 * ':') returned as c: an unknown option or a missing argument. */
int cs_cli_option_error(const char *cmd, int c, char **argv);

/* Reads the options of a subcommand whose only one is --json; returns 0
 * with optind at its first argument, or the usage status after saying why. */
int cs_cli_json_option(const char *cmd, int argc, char **argv, bool *json);

/* Writes text to FILE atomically, or to stdout when out is NULL or "-". */
int cs_cli_emit(const char *out, const char *text);

/* Loads a SKILL.md (a directory holding one, or a .md file) for cmd,
 * refusing one without frontmatter unless allow_bare. Prints why on
 * failure; returns 0 or -1. */
int cs_cli_load_skill(const char *cmd, const char *path, bool allow_bare, struct cs_skill *s);

/* Whether path names a skill (a directory or a file ending in .md). */
bool cs_cli_is_skill_path(const char *path);

/* What load_input found. */
struct cs_cli_input {
	struct cs_profile profile;
	bool is_skill;
	char *resolved;               /* the profile file a NAME resolved to, else NULL */
	struct cs_scan_report scan;   /* a skill's scan (empty for a profile) */
};

/* Reads a PROFILE|SKILL|NAME argument: a skill (see cs_cli_is_skill_path),
 * a profile NAME (cs_profile_arg_is_name) looked up in the profile search
 * path, else a profile file. Prints why on failure; returns 0 or -1. The
 * caller frees with cs_cli_input_free. */
int cs_cli_load_input(const char *cmd, const char *arg, struct cs_cli_input *in);
void cs_cli_input_free(struct cs_cli_input *in);

/* Subcommands in their own files. */
int cs_cli_infer(int argc, char **argv);
int cs_cli_list(int argc, char **argv);

#endif
