/* Audit fixtures from tests: laying one out, entering its environment,
 * running clawaudit in-process with stdout captured. */
#ifndef CLAWSHIM_TEST_AUDITFX_H
#define CLAWSHIM_TEST_AUDITFX_H

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

/* One fixture directory, as a Criterion parameter. */
struct auditfx_fixture {
	char name[256];
};

/* Every fixture under dir (names not starting with '.'), sorted, as the
 * parameters of a ParameterizedTest over struct auditfx_fixture. */
struct criterion_test_params auditfx_params(const char *dir);

/* Lays FIXTURE (a directory) out under a fresh temporary root (root, at
 * least 64 bytes): root/state, root/home, modes from its setup script. */
void auditfx_lay_out(const char *fixture, char *root);
/* Replaces the whole environment by the fixture's (tests/audit/fixture-env.sh). */
void auditfx_enter_env(const char *fixture, const char *root);
/* Runs `clawaudit ARGS` in this process (argv[0] included) with stdout in a
 * file; returns stdout with root written $ROOT, and the status in *status. */
char *auditfx_run(const char *root, int argc, char **argv, int *status);
/* Removes the root. */
void auditfx_remove(const char *root);

char *auditfx_read(const char *path);
/* Every occurrence of from replaced by to (fresh string). */
char *auditfx_replace_all(const char *s, const char *from, const char *to);

#endif
