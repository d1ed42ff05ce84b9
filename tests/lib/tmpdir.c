/* A test's own temporary directory: making it, naming files in it, writing
 * them, and removing the whole tree afterwards. */
#include "tmpdir.h"

#include "clawshim/util.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dir[128];

const char *tmpdir_make(const char *template)
{
	cr_assert_lt(strlen(template), sizeof(dir));
	strcpy(dir, template);
	cr_assert_not_null(mkdtemp(dir), "mkdtemp %s", template);
	return dir;
}

void tmpdir_remove(void)
{
	char cmd[sizeof(dir) + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("cannot remove %s", dir);
}

char *tmpdir_path(const char *rel)
{
	char *p = cs_asprintf("%s/%s", dir, rel);
	cr_assert_not_null(p);
	return p;
}

void tmpdir_put(const char *rel, const char *text)
{
	_cleanup_free_ char *p = tmpdir_path(rel);
	_cleanup_free_ char *cmd = cs_asprintf("mkdir -p \"$(dirname '%s')\"", p);
	cr_assert_not_null(cmd);
	cr_assert_eq(system(cmd), 0);
	FILE *f = fopen(p, "w");
	cr_assert_not_null(f, "%s", p);
	fputs(text, f);
	fclose(f);
}
