/* clawshim-sh as an OpenClaw gateway runs it for exec: `-c CMD`, `-l -c CMD`,
 * on a pty, in its own process group killed as a whole, with background
 * jobs, with an environment the model wrote; and its refusals. Each test
 * installs the real binaries in a private prefix (bin/, etc/clawshim/). */
#include "clawshim/util.h"
#include "proc.h"
#include "tmpdir.h"
#include "testutil.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *g_dir;
static char g_sh[128];

static void copy_file(const char *from, const char *to)
{
	char *data;
	size_t len;
	cr_assert_eq(cs_read_file(from, 64u << 20, &data, &len), 0, "%s", from);
	int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	free(data);
}

static void write_table(const char *text, mode_t mode)
{
	_cleanup_free_ char *p = cs_asprintf("%s/etc/clawshim/exec.json5", g_dir);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	cr_assert_eq(chmod(p, mode), 0);
}

/* The default line: shell and filesystem in ws/; an "ops" agent line with
 * network that a forged agent id must not reach. */
static void std_table(void)
{
	_cleanup_free_ char *t = cs_asprintf(
		"{\n  log: \"%s/security.jsonl\",\n"
		"  agents: { ops: { caps: [\"shell\", \"network\", \"filesystem\"] } },\n"
		"  default: { caps: [\"shell\", \"filesystem\"], workspace: \"%s/ws\" },\n}\n",
		g_dir, g_dir);
	write_table(t, 0644);
}

static void setup(void)
{
	g_dir = tmpdir_make("/tmp/clawshim-sh-XXXXXX");
	chmod(g_dir, 0755);
	const char *sub[] = { "bin", "etc", "etc/clawshim", "ws" };
	for (size_t i = 0; i < 4; i++) {
		_cleanup_free_ char *p = cs_asprintf("%s/%s", g_dir, sub[i]);
		cr_assert_eq(mkdir(p, 0755), 0);
	}
	_cleanup_free_ char *ws = cs_asprintf("%s/ws", g_dir);
	proc_workspace_for_the_tool(g_dir, ws);
	snprintf(g_sh, sizeof(g_sh), "%s/bin/clawshim-sh", g_dir);
	copy_file(CS_BUILDDIR "/bin/clawshim-sh", g_sh);
	_cleanup_free_ char *cr = cs_asprintf("%s/bin/clawrun", g_dir);
	copy_file(CS_BUILDDIR "/bin/clawrun", cr);
	std_table();
}

TestSuite(shell, .init = setup, .fini = tmpdir_remove);

static struct result sh(const char *a1, const char *a2, const char *a3, char *const env[])
{
	char *argv[] = { g_sh, (char *)a1, (char *)a2, (char *)a3, NULL };
	return run(argv, env);
}

static char *log_text(void)
{
	_cleanup_free_ char *p = cs_asprintf("%s/security.jsonl", g_dir);
	char *s = NULL;
	size_t n;
	if (cs_read_file(p, 1 << 20, &s, &n) < 0)
		return strdup("");
	return s;
}

Test(shell, dash_c_runs_the_command_confined_with_its_exit_status)
{
	struct result r = sh("-c", "echo hi; exit 3", NULL, NULL);
	cr_assert_eq(r.status, 3, "%s", r.err);
	cr_assert_str_eq(r.out, "hi\n");
	r = sh("-c", "no-such-command-here", NULL, NULL);
	cr_assert_eq(r.status, 127, "%s", r.err);
}

Test(shell, login_form_runs_the_command_too)
{
	struct result r = sh("-l", "-c", "echo login; exit 7", NULL);
	cr_assert_eq(r.status, 7, "%s", r.err);
	cr_assert_str_eq(r.out, "login\n");
}

Test(shell, writes_stay_in_the_workspace_and_sockets_are_denied_and_logged)
{
	_cleanup_free_ char *cmd = cs_asprintf(
		"echo ok > %s/ws/note && cat %s/ws/note; echo no > %s/outside || echo refused; "
		"exec python3 -c 'import socket; socket.socket()'",
		g_dir, g_dir, g_dir);
	struct result r = sh("-c", cmd, NULL, NULL);
	cr_assert_str_eq(r.out, "ok\nrefused\n", "%s", r.err);
	cr_assert_neq(r.status, 0);
	cr_assert_not_null(strstr(r.err, "PermissionError"), "%s", r.err);
	_cleanup_free_ char *log = log_text();
	cr_assert_not_null(strstr(log, "\"capability\":\"network\""), "%s", log);
	cr_assert_not_null(strstr(log, "\"syscall\":\"socket\""), "%s", log);
}

Test(shell, a_forged_environment_changes_nothing)
{
	_cleanup_free_ char *home = cs_asprintf("HOME=%s", g_dir);
	_cleanup_free_ char *path = cs_asprintf("PATH=%s", getenv("PATH"));
	char *env[] = { "OPENCLAW_AGENT_ID=ops", "CLAWSHIM_CAPS=shell,network,filesystem",
			"CLAWSHIM_PROFILE=/dev/null", "OPENCLAW_STATE_DIR=/", home, path, NULL };
	_cleanup_free_ char *cmd = cs_asprintf(
		"echo x > %s/forged || echo write-refused; "
		"python3 -c 'import socket; socket.socket()' 2>/dev/null || echo socket-refused",
		g_dir);
	struct result r = sh("-c", cmd, NULL, env);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "write-refused\nsocket-refused\n", "%s", r.err);
	/* nor does the forged agent id reach the log as if it were true */
	_cleanup_free_ char *log = log_text();
	cr_assert_not_null(strstr(log, "\"syscall\":\"socket\""), "%s", log);
	cr_assert_null(strstr(log, "\"agentId\":\"ops\""), "%s", log);
}

Test(shell, background_jobs_run_and_are_waited_for)
{
	struct result r = sh("-c", "(sleep 0.05; echo bg) & echo fg; wait; echo done", NULL, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, "fg\nbg\ndone\n");
}

Test(shell, a_pty_is_the_tools_terminal)
{
	int master;
	pid_t pid = forkpty(&master, NULL, NULL, NULL);
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		execl(g_sh, g_sh, "-c", "test -t 0 && test -t 1 && tty", (char *)NULL);
		_exit(127);
	}
	char buf[4096];
	size_t n = 0;
	for (;;) {
		ssize_t k = read(master, buf + n, sizeof(buf) - 1 - n);
		if (k <= 0)
			break; /* EIO once the slave side is closed */
		n += (size_t)k;
	}
	buf[n] = '\0';
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	close(master);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d: %s", st, buf);
	cr_assert_not_null(strstr(buf, "/dev/pts/"), "%s", buf);
}

static int pidfd_of(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* OpenClaw spawns the shell detached (a new process group) and kills the
 * group with SIGKILL: clawrun, the shell and its background job all end. */
Test(shell, the_group_kill_ends_every_process)
{
	int fds[2];
	cr_assert_eq(pipe(fds), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		setpgid(0, 0);
		dup2(fds[1], 1);
		close(fds[0]);
		execl(g_sh, g_sh, "-c", "sleep 1000 & echo $!; sleep 1000", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	char buf[64] = { 0 };
	size_t n = 0;
	while (n < sizeof(buf) - 1 && !strchr(buf, '\n')) {
		ssize_t k = read(fds[0], buf + n, sizeof(buf) - 1 - n);
		cr_assert_gt(k, 0);
		n += (size_t)k;
	}
	pid_t bg = atoi(buf);
	cr_assert_gt(bg, 0);
	int pfd = pidfd_of(bg);
	cr_assert_geq(pfd, 0, "pidfd_open: %s", strerror(errno));
	cr_assert_eq(kill(-pid, SIGKILL), 0);
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	/* the background job is gone too: its pidfd turns readable on exit */
	struct pollfd p = { .fd = pfd, .events = POLLIN };
	cr_assert_eq(poll(&p, 1, 30000), 1, "background job %d outlived the group kill", bg);
	close(pfd);
	close(fds[0]);
}

Test(shell, a_table_others_can_write_is_refused)
{
	std_table();
	_cleanup_free_ char *p = cs_asprintf("%s/etc/clawshim/exec.json5", g_dir);
	cr_assert_eq(chmod(p, 0666), 0);
	struct result r = sh("-c", "echo ran", NULL, NULL);
	cr_assert_eq(r.status, 125);
	cr_assert_str_eq(r.out, "");
	cr_assert_not_null(strstr(r.err, "writable by group or others"), "%s", r.err);
}

Test(shell, default_refuse_runs_nothing)
{
	write_table("{ agents: {}, default: \"refuse\" }\n", 0644);
	struct result r = sh("-c", "echo ran", NULL, NULL);
	cr_assert_eq(r.status, 125);
	cr_assert_str_eq(r.out, "");
	cr_assert_not_null(strstr(r.err, "refused"), "%s", r.err);
}

Test(shell, a_bad_table_names_file_line_and_key)
{
	write_table("{\n  agents: {},\n  default: { caps: [\"shell\"],\n    wrkspace: \"/x\" },\n}\n",
		    0644);
	struct result r = sh("-c", "echo ran", NULL, NULL);
	cr_assert_eq(r.status, 125);
	cr_assert_str_eq(r.out, "");
	cr_assert_not_null(strstr(r.err, "exec.json5:4"), "%s", r.err);
	cr_assert_not_null(strstr(r.err, "wrkspace"), "%s", r.err);
}
