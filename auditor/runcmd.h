/* Running a helper program (docker) and reading what it prints. */
#ifndef CLAWAUDIT_RUNCMD_H
#define CLAWAUDIT_RUNCMD_H

#include <stdbool.h>

/* Runs argv[0] (searched in PATH) with stdin and stderr on /dev/null, and
 * returns its exit status with stdout in *out (heap, NUL-terminated), or -1
 * when it could not run, printed more than max_out bytes, or outlived
 * timeout_ms (it is killed then). */
int run_capture(const char *const *argv, unsigned max_out, unsigned timeout_ms, char **out);

/* Whether an executable named name is in PATH. */
bool in_path(const char *name);

#endif
