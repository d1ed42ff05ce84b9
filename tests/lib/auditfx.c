/* See auditfx.h. */
#include "auditfx.h"
#include "../../auditor/audit_run.h"
#include "clawshim/util.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PREPARE CS_SRCDIR "/tests/audit/prepare.sh"
#define FIXTURE_ENV CS_SRCDIR "/tests/audit/fixture-env.sh"

void auditfx_lay_out(const char *fixture, char *root)
{
	char cmd[2048];
	strcpy(root, "/tmp/clawaudit-fx-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
	snprintf(cmd, sizeof(cmd), "sh '%s' '%s' '%s'", PREPARE, fixture, root);
	cr_assert_eq(system(cmd), 0, "%s: cannot lay out the fixture", fixture);
}

void auditfx_enter_env(const char *fixture, const char *root)
{
	char cmd[1024];
	char line[4096];
	snprintf(cmd, sizeof(cmd), "sh '%s' '%s' '%s'", FIXTURE_ENV, fixture, root);
	FILE *p = popen(cmd, "r");
	cr_assert_not_null(p);
	cr_assert_eq(clearenv(), 0);
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		char *eq = strchr(line, '=');
		cr_assert_not_null(eq, "bad env line '%s'", line);
		*eq = '\0';
		cr_assert_eq(setenv(line, eq + 1, 1), 0);
	}
	cr_assert_eq(pclose(p), 0);
}

char *auditfx_read(const char *path)
{
	char *text = NULL;
	size_t len;
	cr_assert_eq(cs_read_file(path, 8u << 20, &text, &len), 0, "cannot read %s", path);
	return text;
}

char *auditfx_replace_all(const char *s, const char *from, const char *to)
{
	size_t n = 0, fl = strlen(from), tl = strlen(to);
	for (const char *p = strstr(s, from); p; p = strstr(p + fl, from))
		n++;
	char *out = malloc(strlen(s) + n * (tl > fl ? tl - fl : 0) + 1), *o = out;
	cr_assert_not_null(out);
	for (const char *q; (q = strstr(s, from)); s = q + fl) {
		memcpy(o, s, (size_t)(q - s));
		o += q - s;
		memcpy(o, to, tl);
		o += tl;
	}
	strcpy(o, s);
	return out;
}

char *auditfx_run(const char *root, int argc, char **argv, int *status)
{
	char out_path[512];
	snprintf(out_path, sizeof(out_path), "%s/stdout.txt", root);
	cr_assert_eq(chdir(root), 0);
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	cr_assert(saved >= 0 && fd >= 0);
	cr_assert_eq(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
	close(fd);
	*status = cs_cmd_audit(argc, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	cr_assert_eq(chdir("/"), 0);
	_cleanup_free_ char *raw = auditfx_read(out_path);
	unlink(out_path);
	return auditfx_replace_all(raw, root, "$ROOT");
}

void auditfx_remove(const char *root)
{
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "PATH=/usr/bin:/bin; chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'",
		 root, root);
	if (system(cmd) != 0)
		cr_log_warn("cannot remove %s", root);
}

static int is_fixture(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

struct criterion_test_params auditfx_params(const char *dir)
{
	struct dirent **list;
	int n = scandir(dir, &list, is_fixture, alphasort);
	cr_assert_gt(n, 0, "no fixtures under %s", dir);
	struct auditfx_fixture *f = cr_malloc(sizeof(*f) * (size_t)n);
	for (int i = 0; i < n; i++) {
		snprintf(f[i].name, sizeof(f[i].name), "%s", list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return cr_make_param_array(struct auditfx_fixture, f, (size_t)n);
}
