/* clawshim-sh: a /bin/sh look-alike to set as an OpenClaw gateway's SHELL.
 * Whatever the arguments (OpenClaw runs `$SHELL -c CMD`, `-l -c CMD`, and
 * the same under a pty), it execs clawrun, which runs /bin/sh with those
 * arguments under the default line of a fixed agent table. The process
 * stays the one the gateway spawned, so its group kill reaches everything. */
#include "clawshim/agentpolicy.h"
#include "clawshim/diag.h"
#include "clawshim/exitcodes.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REAL_SHELL "/bin/sh"
#define SYS_TABLE "/etc/clawshim/exec.json5"

/* The table sits at a place fixed by where this program is installed
 * (PREFIX/bin → PREFIX/etc/clawshim/exec.json5; /bin and /usr/bin →
 * /etc/clawshim/exec.json5), never at a place the environment names: the
 * model writes exec environments. */
static char *table_path(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	const char *bindir = dirname(exe);
	if (strcmp(bindir, "/bin") == 0 || strcmp(bindir, "/usr/bin") == 0)
		return strdup(SYS_TABLE);
	char prefix[PATH_MAX];
	snprintf(prefix, sizeof(prefix), "%s", bindir);
	return cs_asprintf("%s/etc/clawshim/exec.json5", dirname(prefix));
}

/* {home} and {state} in a profile expand from HOME and OPENCLAW_STATE_DIR;
 * both can come from the model, so they are reset to what the table and the
 * password database say. The session context clawrun would log from
 * OPENCLAW_SESSION_KEY and OPENCLAW_AGENT_ID is the model's to write too:
 * the log gets none rather than a forged one. */
static int reset_env(const struct cs_agent_table *t)
{
	if (unsetenv("OPENCLAW_SESSION_KEY") < 0 || unsetenv("OPENCLAW_AGENT_ID") < 0)
		return -1;
	const struct passwd *pw = getpwuid(geteuid());
	if (!pw || !pw->pw_dir || setenv("HOME", pw->pw_dir, 1) < 0)
		return -1;
	if (t->state)
		return setenv("OPENCLAW_STATE_DIR", t->state, 1);
	return unsetenv("OPENCLAW_STATE_DIR");
}

static int refuse(const char *what, const char *arg)
{
	fprintf(stderr, "clawshim-sh: %s%s\n", what, arg);
	return CS_EXIT_SETUP;
}

int main(int argc, char **argv)
{
	struct cs_diags d = { 0 };
	struct cs_agent_table t;
	_cleanup_free_ char *path = table_path();
	if (!path)
		return refuse("cannot locate itself: ", "/proc/self/exe");
	if (cs_agent_table_load(path, &t, &d) < 0) {
		cs_diags_print(&d, stderr, "clawshim-sh: ");
		cs_diags_free(&d);
		return CS_EXIT_SETUP;
	}
	const struct cs_agent_policy *line = cs_agent_table_find(&t, NULL);
	if (!line) {
		cs_agent_table_free(&t);
		return refuse("refused (\"default\": \"refuse\"): ", path);
	}
	if (reset_env(&t) < 0) {
		cs_agent_table_free(&t);
		return refuse("cannot set HOME: ", "no password entry for the effective user");
	}
	/* /bin/sh with the caller's arguments; argv[0] stays "sh" so that the
	 * real shell behaves as sh, not as whatever name we were run by. */
	char **cmd = calloc((size_t)argc + 1, sizeof(*cmd));
	struct cs_strv av = { 0 };
	if (!cmd)
		return refuse("", strerror(ENOMEM));
	cmd[0] = (char *)REAL_SHELL;
	for (int i = 1; i < argc; i++)
		cmd[i] = argv[i];
	if (cs_agent_clawrun_argv(&t, line, argv[0], NULL, NULL, cmd, &av) < 0)
		return refuse("", strerror(ENOMEM));
	execv(av.v[0], av.v);
	int e = errno;
	fprintf(stderr, "clawshim-sh: cannot run %s: %s\n", av.v[0], strerror(e));
	free(cmd);
	cs_strv_free(&av);
	cs_agent_table_free(&t);
	return CS_EXIT_SETUP;
}
