/* The escape suite: real attacker processes (tests/escape/, each built
 * dynamic and static) under a real filter, in both entry points (clawrun and
 * LD_PRELOAD), checking the errno the kernel really returned.
 *
 * Each row names an attempt, the capabilities under which it must fail and
 * with which errno, and, where a capability grants it, the capabilities
 * under which the same attempt must succeed.
 *
 * Preload mode with a static attacker: a static binary never loads
 * libclawshim, so it is started by a preloaded dynamic launcher
 * (/usr/bin/env) and inherits that process's filter. The launcher needs
 * 'shell' to exec it, so rows about 'shell' itself (exec, fork) cannot run
 * that way and are covered by clawrun for static binaries. */
#include "testutil.h"
#include "clawshim/util.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define CLAWRUN CS_BUILDDIR "/bin/clawrun"
#define SHIM CS_BUILDDIR "/lib/libclawshim.so"
#define ATTACKERS CS_BUILDDIR "/escape"

enum mode { CLAWRUN_MODE, PRELOAD_MODE };
static const char *const mode_names[] = { "clawrun", "preload" };
static const char *const builds[] = { "dyn", "static" };

/* What a target argument stands for; resolved per run. */
enum target {
	T_NONE,
	T_WORKSPACE, /* the workspace directory (writable with 'filesystem') */
	T_OUTSIDE,   /* a directory outside every write root */
	T_PORT,      /* a listening TCP port on loopback */
	T_ABSTRACT,  /* an abstract UNIX socket outside the sandbox */
	T_ECHO,      /* /usr/bin/echo */
	T_GATEWAY,   /* the gateway's default port */
};

struct env {
	char dir[64];
	char ws[128], out[128], log[128], profile[128];
	int port;
	int listen_fd, abstract_fd;
	char abstract_name[64];
};

struct outcome {
	int status; /* exit status, or 128+N for a signal */
	int err;    /* errno reported, -1 when none */
	bool ok;    /* "result=ok" */
	char out[512];
};

/* ---- fixtures ------------------------------------------------------------ */

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	fclose(f);
}

static void populate(const char *dir)
{
	char p[256];

	cr_assert_eq(mkdir(dir, 0755), 0, "%s", dir);
	snprintf(p, sizeof(p), "%s/victim", dir);
	write_text(p, "precious\n");
	snprintf(p, sizeof(p), "%s/victimdir", dir);
	cr_assert_eq(mkdir(p, 0755), 0);
}

static void env_reset_dirs(struct env *e)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", e->ws, e->out);
	cr_assert_eq(system(cmd), 0);
	populate(e->ws);
	populate(e->out);
}

static void env_setup(struct env *e)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);

	memset(e, 0, sizeof(*e));
	strcpy(e->dir, "/tmp/clawshim-escape-XXXXXX");
	cr_assert_not_null(mkdtemp(e->dir));
	snprintf(e->ws, sizeof(e->ws), "%s/ws", e->dir);
	snprintf(e->out, sizeof(e->out), "%s/outside", e->dir);
	snprintf(e->log, sizeof(e->log), "%s/security.jsonl", e->dir);
	snprintf(e->profile, sizeof(e->profile), "%s/profile.json", e->dir);
	env_reset_dirs(e);

	e->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(e->listen_fd, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(listen(e->listen_fd, 64), 0);
	getsockname(e->listen_fd, (struct sockaddr *)&a, &len);
	e->port = ntohs(a.sin_port);

	struct sockaddr_un u = { .sun_family = AF_UNIX };
	snprintf(e->abstract_name, sizeof(e->abstract_name), "clawshim-test-%d", getpid());
	strcpy(u.sun_path + 1, e->abstract_name);
	e->abstract_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert_eq(bind(e->abstract_fd, (struct sockaddr *)&u,
			  (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
				      strlen(e->abstract_name))),
		     0);
	cr_assert_eq(listen(e->abstract_fd, 64), 0);
}

static void env_teardown(struct env *e)
{
	char cmd[256];

	close(e->listen_fd);
	close(e->abstract_fd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", e->dir);
}

static const char *target_arg(const struct env *e, enum target t, char *buf, size_t size)
{
	switch (t) {
	case T_NONE:
		return NULL;
	case T_WORKSPACE:
		return e->ws;
	case T_OUTSIDE:
		return e->out;
	case T_PORT:
		snprintf(buf, size, "%d", e->port);
		return buf;
	case T_ABSTRACT:
		return e->abstract_name;
	case T_ECHO:
		return "/usr/bin/echo";
	case T_GATEWAY:
		return "18789";
	}
	return NULL;
}

/* ---- running ------------------------------------------------------------------ */

static void parse_outcome(struct outcome *o)
{
	const char *r = strstr(o->out, "result=");

	o->err = -1;
	o->ok = r && strncmp(r, "result=ok", 9) == 0;
	if (r && strncmp(r, "result=errno:", 13) == 0)
		o->err = atoi(r + 13);
}

/* Runs argv with extra environment entries; stdout is captured. */
static struct outcome run_argv(char *const argv[], char *const extra_env[])
{
	struct outcome o = { 0 };
	int p[2];

	cr_assert_eq(pipe(p), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		for (size_t i = 0; extra_env && extra_env[i]; i++)
			putenv(extra_env[i]);
		execv(argv[0], argv);
		_exit(99);
	}
	close(p[1]);
	size_t used = 0;
	ssize_t n;
	while ((n = read(p[0], o.out + used, sizeof(o.out) - 1 - used)) > 0)
		used += (size_t)n;
	o.out[used] = '\0';
	close(p[0]);
	int status;
	waitpid(pid, &status, 0);
	o.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	parse_outcome(&o);
	return o;
}

struct policy {
	const char *caps;    /* for --caps / CLAWSHIM_CAPS; NULL: use profile_json */
	const char *profile; /* profile JSON text, written to a file */
};

static struct outcome attack(struct env *e, enum mode m, const char *build,
			     const struct policy *pol, const char *attacker, const char *variant,
			     enum target t)
{
	char exe[256], tbuf[32], env_caps[128], env_profile[192], env_ws[192], env_preload[256],
		env_log[192];
	const char *targ = target_arg(e, t, tbuf, sizeof(tbuf));
	bool via_launcher = m == PRELOAD_MODE && strcmp(build, "static") == 0;

	snprintf(exe, sizeof(exe), "%s/%s/%s", ATTACKERS, build, attacker);
	if (pol->profile)
		write_text(e->profile, pol->profile);
	if (m == CLAWRUN_MODE) {
		char *argv[16];
		size_t n = 0;
		argv[n++] = CLAWRUN;
		argv[n++] = pol->profile ? "--profile" : "--caps";
		argv[n++] = (char *)(pol->profile ? e->profile : pol->caps);
		argv[n++] = "--workspace";
		argv[n++] = e->ws;
		argv[n++] = "--log";
		argv[n++] = e->log;
		argv[n++] = "--";
		argv[n++] = exe;
		argv[n++] = (char *)variant;
		if (targ)
			argv[n++] = (char *)targ;
		argv[n] = NULL;
		return run_argv(argv, NULL);
	}
	char *argv[8];
	size_t n = 0;
	if (via_launcher)
		argv[n++] = "/usr/bin/env";
	argv[n++] = exe;
	argv[n++] = (char *)variant;
	if (targ)
		argv[n++] = (char *)targ;
	argv[n] = NULL;
	snprintf(env_preload, sizeof(env_preload), "LD_PRELOAD=%s", SHIM);
	snprintf(env_ws, sizeof(env_ws), "CLAWSHIM_WORKSPACE=%s", e->ws);
	snprintf(env_log, sizeof(env_log), "CLAWSHIM_LOG=%s", e->log);
	if (pol->profile) {
		snprintf(env_profile, sizeof(env_profile), "CLAWSHIM_PROFILE=%s", e->profile);
	} else {
		/* The static build's launcher needs 'shell' to start it (once: a
		 * repeated capability is an error). */
		bool add_shell = via_launcher && !strstr(pol->caps, "shell");
		snprintf(env_caps, sizeof(env_caps), "CLAWSHIM_CAPS=%s%s%s", pol->caps,
			 add_shell && *pol->caps ? "," : "", add_shell ? "shell" : "");
	}
	char *extra[] = { env_preload, pol->profile ? env_profile : env_caps, env_ws, env_log,
			  NULL };
	return run_argv(argv, extra);
}

static bool log_has(const char *path, const char *needle)
{
	char *text = NULL;
	size_t len;
	bool found = cs_read_file(path, 1 << 20, &text, &len) == 0 && strstr(text, needle);
	free(text);
	return found;
}

/* ---- the table ---------------------------------------------------------------- */

struct row {
	const char *attacker, *variant;
	enum target target;
	const char *deny_caps; /* capabilities under which it must fail */
	int deny_errno;
	const char *allow_caps; /* capabilities under which it must succeed; NULL: never */
	enum target allow_target;
};

#define ALL_BUT_NET "shell,filesystem,browser,sessions,messaging,scheduling"
#define ALL_BUT_FS "shell,network,browser,sessions,messaging,scheduling"
#define ALL_BUT_SHELL "filesystem,network,browser,sessions,messaging,scheduling"
#define ALL "shell,filesystem,network,browser,sessions,messaging,scheduling"

static const struct row network_rows[] = {
	{ "net", "inet", T_NONE, ALL_BUT_NET, EPERM, "network", T_NONE },
	{ "net", "inet6", T_NONE, ALL_BUT_NET, EPERM, "network", T_NONE },
	{ "net", "packet", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "net", "netlink", T_NONE, ALL_BUT_NET, EPERM, "network", T_NONE },
	{ "net", "unix", T_NONE, ALL_BUT_NET, EPERM, "network", T_NONE },
	{ "net", "inet-syscall", T_NONE, "", EPERM, "network", T_NONE },
	{ "net", "inet-asm", T_NONE, "", EPERM, "network", T_NONE },
	{ "net", "inet-high32", T_NONE, ALL_BUT_NET, EPERM, NULL, T_NONE },
	{ "net", "unix-high32", T_NONE, ALL_BUT_NET, EPERM, NULL, T_NONE },
	{ "net", "dgram-pair", T_NONE, ALL_BUT_NET, EPERM, "network", T_NONE },
	{ "net", "connect", T_PORT, "", EPERM, NULL, T_NONE },
	/* Abstract UNIX sockets outside the sandbox: a Landlock scope. */
	{ "net", "abstract-connect", T_ABSTRACT, "network", EPERM, NULL, T_NONE },
};

static const struct row shell_rows[] = {
	{ "exec", "execve", T_ECHO, ALL_BUT_SHELL, EPERM, "shell", T_ECHO },
	{ "exec", "execveat", T_ECHO, ALL_BUT_SHELL, EPERM, "shell", T_ECHO },
	{ "exec", "memfd-fexecve", T_ECHO, ALL_BUT_SHELL, EPERM, "shell", T_ECHO },
	{ "exec", "posix_spawn", T_ECHO, ALL_BUT_SHELL, EPERM, "shell", T_ECHO },
	{ "proc", "fork", T_NONE, ALL_BUT_SHELL, EPERM, "shell", T_NONE },
	{ "proc", "vfork", T_NONE, ALL_BUT_SHELL, EPERM, "shell", T_NONE },
	{ "proc", "clone-process", T_NONE, ALL_BUT_SHELL, EPERM, "shell", T_NONE },
	{ "proc", "clone3", T_NONE, ALL, ENOSYS, NULL, T_NONE },
};

static const struct row baseline_rows[] = {
	{ "baseline", "ptrace-parent", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "process_vm_writev", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "unshare", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "setns", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "personality", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "io_uring_setup", T_NONE, ALL, ENOSYS, NULL, T_NONE },
	{ "baseline", "bpf", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "userfaultfd", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "perf_event_open", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "mount", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "keyctl", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "tiocsti", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "tiocsti-high32", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "signal-outside", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "iopl", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "baseline", "kexec_load", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "fsmut", "openat2", T_WORKSPACE, ALL, ENOSYS, NULL, T_NONE },
	{ "fsmut", "proc-self-mem", T_NONE, ALL, EACCES, NULL, T_NONE },
	{ "tsync", "socket", T_NONE, ALL_BUT_NET, EPERM, NULL, T_NONE },
};

/* Without 'filesystem' every change fails with EPERM, even in the workspace;
 * with it, the same change succeeds there. */
static const char *const fs_variants[] = {
	"open-wronly", "open-rdwr",  "open-creat", "open-trunc", "open-append", "open-tmpfile",
	"open-high32", "openat-wronly", "creat",   "unlink",     "unlinkat",    "rmdir",
	"rename",      "renameat",   "renameat2",  "mkdir",      "mkdirat",     "link",
	"linkat",      "symlink",    "symlinkat",  "truncate",   "chmod",       "fchmod",
	"fchmodat",    "chown",      "lchown",     "fchown",     "fchownat",    "utime",
	"utimes",      "utimensat",  "futimesat",  "mknod",      "mknodat",     "ftruncate",
	"setxattr",    "lsetxattr",  "fsetxattr",  "write-new",
};

/* With 'filesystem', Landlock refuses these outside the write roots. */
static const char *const fs_outside_variants[] = {
	"open-wronly", "open-rdwr", "open-creat", "open-trunc", "open-append", "open-tmpfile",
	"openat-wronly", "creat",   "unlink",     "unlinkat",   "rmdir",       "rename",
	"renameat",    "renameat2", "mkdir",      "mkdirat",    "link",        "linkat",
	"symlink",     "symlinkat", "truncate",   "mknod",      "mknodat",     "write-new",
};

/* The static build's preload launcher adds 'shell', so a denial that rests on
 * 'shell' being absent cannot be shown that way. */
static bool shell_row(const struct row *r, const char *caps)
{
	return !strstr(caps, "shell") &&
	       (strcmp(r->attacker, "exec") == 0 || strcmp(r->attacker, "proc") == 0);
}

static void expect_denied(struct env *e, enum mode m, const char *build, const struct row *r)
{
	struct policy pol = { .caps = r->deny_caps };
	struct outcome o = attack(e, m, build, &pol, r->attacker, r->variant, r->target);

	cr_expect(!o.ok && o.err == r->deny_errno,
		  "%s %s/%s %s under caps '%s': expected errno %d, got status %d, output: %s",
		  mode_names[m], build, r->attacker, r->variant, r->deny_caps, r->deny_errno,
		  o.status, o.out);
}

static void expect_allowed(struct env *e, enum mode m, const char *build, const struct row *r)
{
	struct policy pol = { .caps = r->allow_caps };
	struct outcome o = attack(e, m, build, &pol, r->attacker, r->variant, r->allow_target);

	cr_expect(o.ok, "%s %s/%s %s under caps '%s' should succeed; status %d, output: %s",
		  mode_names[m], build, r->attacker, r->variant, r->allow_caps, o.status, o.out);
}

static void run_rows(const struct row *rows, size_t n)
{
	struct env e;

	env_setup(&e);
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++) {
			for (size_t b = 0; b < 2; b++) {
				bool stat_pre = m == PRELOAD_MODE && b == 1;
				if (!(stat_pre && shell_row(r, r->deny_caps)))
					expect_denied(&e, (enum mode)m, builds[b], r);
				if (r->allow_caps)
					expect_allowed(&e, (enum mode)m, builds[b], r);
			}
		}
	}
	env_teardown(&e);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

Test(escape, network_denied_without_the_capability)
{
	run_rows(network_rows, N(network_rows));
}

Test(escape, shell_denied_without_the_capability)
{
	run_rows(shell_rows, N(shell_rows));
}

Test(escape, baseline_denied_whatever_the_capabilities)
{
	run_rows(baseline_rows, N(baseline_rows));
}

Test(escape, file_changes_need_the_filesystem_capability)
{
	struct env e;

	env_setup(&e);
	for (size_t i = 0; i < N(fs_variants); i++) {
		struct row r = { "fsmut", fs_variants[i], T_WORKSPACE, ALL_BUT_FS, EPERM,
				 "filesystem", T_WORKSPACE };
		for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++)
			for (size_t b = 0; b < 2; b++) {
				env_reset_dirs(&e);
				expect_denied(&e, (enum mode)m, builds[b], &r);
				env_reset_dirs(&e);
				expect_allowed(&e, (enum mode)m, builds[b], &r);
			}
	}
	env_teardown(&e);
}

Test(escape, filesystem_writes_stay_in_the_workspace)
{
	struct env e;

	env_setup(&e);
	for (size_t i = 0; i < N(fs_outside_variants); i++) {
		struct row r = { "fsmut", fs_outside_variants[i], T_OUTSIDE, "filesystem", EACCES,
				 NULL, T_NONE };
		for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++)
			for (size_t b = 0; b < 2; b++) {
				env_reset_dirs(&e);
				expect_denied(&e, (enum mode)m, builds[b], &r);
			}
	}
	/* The victim outside is untouched after all of it. */
	char p[256], buf[32] = "";
	snprintf(p, sizeof(p), "%s/victim", e.out);
	FILE *f = fopen(p, "r");
	cr_assert_not_null(f);
	cr_expect_not_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	cr_expect_str_eq(buf, "precious\n");
	env_teardown(&e);
}

Test(escape, tcp_connect_only_to_the_profile_ports)
{
	struct env e;
	char json[256];

	env_setup(&e);
	for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++)
		for (size_t b = 0; b < 2; b++) {
			const char *shell = m == PRELOAD_MODE && b == 1 ? "\"shell\", " : "";
			snprintf(json, sizeof(json),
				 "{\"version\":1,\"capabilities\":[%s\"network\"],"
				 "\"network\":{\"connect_tcp\":[%d]}}",
				 shell, e.port);
			struct policy allowed = { .profile = json };
			struct outcome o = attack(&e, (enum mode)m, builds[b], &allowed, "net",
						  "connect", T_PORT);
			cr_expect(o.ok, "%s %s: connect to an allowed port: %s", mode_names[m],
				  builds[b], o.out);

			snprintf(json, sizeof(json),
				 "{\"version\":1,\"capabilities\":[%s\"network\"]}", shell);
			struct policy defaults = { .profile = json };
			o = attack(&e, (enum mode)m, builds[b], &defaults, "net", "connect", T_PORT);
			cr_expect(!o.ok && o.err == EACCES,
				  "%s %s: connect to a port outside 80/443: %s", mode_names[m],
				  builds[b], o.out);

			/* The gateway's port cannot be listed (the profile is refused)
			 * and is not reachable with the defaults. */
			o = attack(&e, (enum mode)m, builds[b], &defaults, "net", "connect", T_GATEWAY);
			cr_expect(!o.ok && o.err == EACCES,
				  "%s %s: the gateway port is never reachable: %s", mode_names[m],
				  builds[b], o.out);
		}
	env_teardown(&e);
}

Test(escape, controls_work_under_any_policy)
{
	static const char *const controls[][2] = {
		{ "control", "read-file" }, { "control", "stdout" },  { "control", "pipe" },
		{ "control", "mmap" },      { "control", "getrandom" }, { "control", "read-dev-null" },
		{ "net", "stream-pair" },   { "net", "seqpacket-pair" }, { "proc", "thread" },
	};
	struct env e;

	env_setup(&e);
	for (size_t i = 0; i < N(controls); i++)
		for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++)
			for (size_t b = 0; b < 2; b++) {
				struct policy none = { .caps = "" };
				struct outcome o = attack(&e, (enum mode)m, builds[b], &none,
							  controls[i][0], controls[i][1], T_NONE);
				cr_expect(o.ok, "%s %s/%s %s with no capabilities: %s",
					  mode_names[m], builds[b], controls[i][0], controls[i][1],
					  o.out);
			}
	env_teardown(&e);
}

Test(escape, exec_allowlist_holds_against_the_dynamic_loader)
{
	struct env e;
	char json[512];

	env_setup(&e);
	for (size_t b = 0; b < 2; b++) {
		snprintf(json, sizeof(json),
			 "{\"version\":1,\"capabilities\":[\"shell\"],"
			 "\"exec\":{\"allow\":[\"%s/%s/exec\",\"/usr/bin/echo\"]}}",
			 ATTACKERS, builds[b]);
		struct policy pol = { .profile = json };
		struct outcome o = attack(&e, CLAWRUN_MODE, builds[b], &pol, "exec", "execve", T_ECHO);
		cr_expect(o.ok && o.status == 0, "%s: an allowed program runs: %s", builds[b], o.out);

		char *argv[] = { CLAWRUN, "--profile", e.profile, "--log", e.log, "--",
				 NULL, "execve", "/usr/bin/id", NULL };
		char exe[256];
		snprintf(exe, sizeof(exe), "%s/%s/exec", ATTACKERS, builds[b]);
		argv[6] = exe;
		o = run_argv(argv, NULL);
		cr_expect(!o.ok && o.err == EACCES, "%s: a program outside exec.allow: %s",
			  builds[b], o.out);

		argv[7] = "ldso";
		unlink(e.log);
		o = run_argv(argv, NULL);
		cr_expect(o.status != 0 && !strstr(o.out, "uid="),
			  "%s: ld.so /usr/bin/id must not run: status %d, output %s", builds[b],
			  o.status, o.out);
		cr_expect(log_has(e.log, "exec_denied"), "%s: the loader bypass is logged",
			  builds[b]);

		argv[7] = "memfd-fexecve";
		argv[8] = "/usr/bin/echo";
		o = run_argv(argv, NULL);
		cr_expect(!o.ok && o.err == EPERM, "%s: an unsealed memfd under an allowlist: %s",
			  builds[b], o.out);
	}
	/* Without a supervisor the loader cannot be checked: preload refuses. */
	struct policy pol = { .profile = json };
	struct outcome o = attack(&e, PRELOAD_MODE, "dyn", &pol, "exec", "execve", T_ECHO);
	cr_expect_eq(o.status, 125, "preload with an exec allowlist must fail closed: %d",
		     o.status);
	env_teardown(&e);
}

Test(escape, threads_started_before_confinement_are_confined)
{
	struct env e;

	env_setup(&e);
	for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++) {
		struct policy none = { .caps = "" };
		struct outcome o = attack(&e, (enum mode)m, "dyn", &none, "tsync", "socket", T_NONE);
		cr_expect(!o.ok && o.err == EPERM, "%s: early thread socket: %s", mode_names[m],
			  o.out);
		struct policy fs = { .caps = "filesystem" };
		o = attack(&e, (enum mode)m, "dyn", &fs, "tsync", "write", T_OUTSIDE);
		cr_expect(!o.ok && o.err == EACCES, "%s: early thread write outside: %s",
			  mode_names[m], o.out);
		o = attack(&e, (enum mode)m, "dyn", &fs, "tsync", "write", T_WORKSPACE);
		cr_expect(o.ok, "%s: early thread write in the workspace: %s", mode_names[m], o.out);
	}
	env_teardown(&e);
}
