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
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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
	T_SHM,       /* a 0600 shared-memory segment of a process outside the sandbox */
	T_VICTIM,    /* the pid of a process outside the sandbox */
};

struct env {
	char dir[64];
	char ws[128], out[128], log[128], profile[128];
	int port;
	int listen_fd, abstract_fd;
	char abstract_name[64];
	int shmid;
	pid_t victim;
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
	/* As root clawrun runs the tool as the workspace's owner, in a
	 * directory it must be able to enter (see hand_workspace). */
	if (geteuid() == 0)
		cr_assert_eq(chmod(e->dir, 0755), 0);
}

static uid_t g_ws_owner;

static int chown_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return lchown(path, g_ws_owner, g_ws_owner);
}

/* As root, clawrun runs the tool as the workspace's owner (an unprivileged
 * user here, so the default is what the suite tests), while the preload
 * shim cannot change user and runs it as root without capabilities, which
 * owns nothing it did not create: the test directories belong to whoever
 * runs the tool. */
static void hand_workspace(const struct env *e, enum mode m)
{
	if (geteuid() != 0)
		return;
	g_ws_owner = m == CLAWRUN_MODE ? 65534 : 0;
	cr_assert_eq(nftw(e->ws, chown_entry, 16, FTW_PHYS), 0);
	/* The directory outside too: Landlock, not file ownership, must be
	 * what stops a write there. */
	cr_assert_eq(nftw(e->out, chown_entry, 16, FTW_PHYS), 0);
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
	case T_SHM:
		snprintf(buf, size, "%d", e->shmid);
		return buf;
	case T_VICTIM:
		snprintf(buf, size, "%d", (int)e->victim);
		return buf;
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
	bool allow_root;     /* clawrun --allow-root: the tool keeps uid 0 */
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
	hand_workspace(e, m);
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
		if (pol->allow_root)
			argv[n++] = "--allow-root";
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
	/* 'network' is IP networking: UNIX sockets need "unix": true. */
	{ "net", "unix", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "net", "inet-syscall", T_NONE, "", EPERM, "network", T_NONE },
	{ "net", "inet-asm", T_NONE, "", EPERM, "network", T_NONE },
	{ "net", "inet-high32", T_NONE, ALL_BUT_NET, EPERM, NULL, T_NONE },
	{ "net", "unix-high32", T_NONE, ALL_BUT_NET, EPERM, NULL, T_NONE },
	{ "net", "dgram-pair", T_NONE, ALL, EPERM, NULL, T_NONE },
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

/* The Landlock ABI of this kernel, 0 without Landlock. */
static int landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1 /* VERSION */);
	return abi < 0 ? 0 : (int)abi;
}

/* From ABI 5 Landlock judges write opens (EACCES) and the filter leaves
 * open, openat and creat alone; below, the filter's flag rules refuse them
 * (EPERM). */
static int write_open_errno(const char *variant)
{
	bool opens = strncmp(variant, "open", 4) == 0 || strncmp(variant, "creat", 5) == 0 ||
		     strcmp(variant, "write-new") == 0;
	return opens && landlock_abi() >= 5 ? EACCES : EPERM;
}

/* Without 'filesystem' every change fails with EPERM (write opens with
 * EACCES where Landlock judges them), even in the workspace; with it, the
 * same change succeeds there. */
static const char *const fs_variants[] = {
	"open-wronly", "open-rdwr",  "open-creat", "open-append", "open-tmpfile", "open-high32",
	"openat-wronly", "creat",    "unlink",     "unlinkat",    "rmdir",        "rename",
	"renameat",    "renameat2",  "mkdir",      "mkdirat",     "link",         "linkat",
	"symlink",     "symlinkat",  "chmod",      "fchmod",      "fchmodat",     "chown",
	"lchown",      "fchown",     "fchownat",   "utime",       "utimes",       "utimensat",
	"futimesat",   "mknod",      "mknodat",    "ftruncate",   "setxattr",     "lsetxattr",
	"fsetxattr",   "write-new",  "open-wronly-trunc", "creat-victim", "open-write-ftruncate",
};

/* With 'filesystem', Landlock refuses these outside the write roots. */
static const char *const fs_outside_variants[] = {
	"open-wronly", "open-rdwr", "open-creat", "open-append", "open-tmpfile", "openat-wronly",
	"creat",       "unlink",    "unlinkat",   "rmdir",       "rename",       "renameat",
	"renameat2",   "mkdir",     "mkdirat",    "link",        "linkat",       "symlink",
	"symlinkat",   "mknod",     "mknodat",    "write-new",   "open-wronly-trunc",
	"creat-victim", "open-write-ftruncate",
};

/* Truncation by path without an open for writing, which Landlock does not
 * judge (it does not handle TRUNCATE: that would cost a path walk on every
 * open): the filter refuses it with EPERM whatever the capabilities, in the
 * workspace too. */
static const char *const trunc_variants[] = {
	"open-trunc", "openat-trunc", "open-legacy-trunc", "open-accmode-trunc", "truncate",
	"open-by-handle-trunc",
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

/* One row in both modes and both builds, in an environment the caller set
 * up: a row with an errno must be denied under its capabilities, a row
 * without one must work under them. */
static void expect_row_everywhere(struct env *e, const struct row *r)
{
	for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++)
		for (size_t b = 0; b < 2; b++)
			if (r->deny_errno)
				expect_denied(e, (enum mode)m, builds[b], r);
			else
				expect_allowed(e, (enum mode)m, builds[b], r);
}

static void expect_victim_intact(const char *dir, const char *what)
{
	char p[256], buf[32] = "";
	snprintf(p, sizeof(p), "%s/victim", dir);
	FILE *f = fopen(p, "r");
	cr_assert_not_null(f, "%s", p);
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	cr_expect_str_eq(buf, "precious\n", "%s: %s was changed", what, p);
}

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
		struct row r = { "fsmut", fs_variants[i], T_WORKSPACE, ALL_BUT_FS,
				 write_open_errno(fs_variants[i]),
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
				expect_victim_intact(e.out, fs_outside_variants[i]);
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

Test(escape, truncation_without_an_open_for_writing_is_refused_everywhere)
{
	static const char *const caps[] = { "", "filesystem", ALL };
	static const enum target targets[] = { T_WORKSPACE, T_OUTSIDE };
	struct env e;

	env_setup(&e);
	for (size_t i = 0; i < N(trunc_variants); i++)
		for (size_t c = 0; c < N(caps); c++)
			for (size_t t = 0; t < N(targets); t++) {
				struct row r = { "fsmut", trunc_variants[i], targets[t], caps[c],
						 EPERM, NULL, T_NONE };
				for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++)
					for (size_t b = 0; b < 2; b++) {
						expect_denied(&e, (enum mode)m, builds[b], &r);
						expect_victim_intact(targets[t] == T_WORKSPACE ? e.ws
											: e.out,
								     trunc_variants[i]);
					}
			}
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

/* ---- the second round: listeners, protocols, IPC, priorities, devices ---- */

static const struct row listener_rows[] = {
	{ "listener", "new-listener", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "listener", "new-listener-high32", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "listener", "spec-allow", T_NONE, ALL, EPERM, NULL, T_NONE },
	/* A filter that only narrows stays the tool's to add. */
	{ "listener", "plain", T_NONE, "", 0, "", T_NONE },
};

Test(escape, no_seccomp_listener_or_loosening_flag_of_the_tools_own)
{
	struct env e;

	env_setup(&e);
	for (size_t i = 0; i < N(listener_rows); i++)
		expect_row_everywhere(&e, &listener_rows[i]);
	env_teardown(&e);
}

static const struct row ip_only_rows[] = {
	{ "sock", "mptcp", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "sock", "mptcp6", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "sock", "icmp", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "sock", "raw-udp", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "sock", "fastopen-sendto", T_PORT, ALL, EPERM, NULL, T_NONE },
	{ "sock", "fastopen-sendmsg", T_PORT, ALL, EPERM, NULL, T_NONE },
	{ "sock", "fastopen-sendmmsg", T_PORT, ALL, EPERM, NULL, T_NONE },
	{ "sock", "fastopen-high32", T_PORT, ALL, EPERM, NULL, T_NONE },
	{ "sock", "listen-unbound", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "sock", "unix-dgram", T_NONE, ALL, EPERM, NULL, T_NONE },
	/* TCP and UDP with the flags libc adds stay what 'network' is for. */
	{ "sock", "tcp-flags", T_NONE, ALL_BUT_NET, EPERM, "network", T_NONE },
	{ "sock", "udp6", T_NONE, ALL_BUT_NET, EPERM, "network", T_NONE },
};

Test(escape, network_is_tcp_and_udp_only)
{
	run_rows(ip_only_rows, N(ip_only_rows));
}

/* A host daemon's path socket is out of reach with 'network'; with
 * "unix": true UNIX sockets are the tool's (Landlock still judges the
 * socket files it creates). */
Test(escape, unix_sockets_only_when_the_profile_says_so)
{
	struct env e;
	char json[256], path[160];

	env_setup(&e);
	snprintf(path, sizeof(path), "%s/daemon.sock", e.dir);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, path);
	int daemon = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert_eq(bind(daemon, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(listen(daemon, 8), 0);
	for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++)
		for (size_t b = 0; b < 2; b++) {
			const char *shell = m == PRELOAD_MODE && b == 1 ? "\"shell\", " : "";
			char exe[256];
			snprintf(exe, sizeof(exe), "%s/%s/sock", ATTACKERS, builds[b]);
			snprintf(json, sizeof(json),
				 "{\"version\":1,\"capabilities\":[%s\"network\"]}", shell);
			struct policy ip = { .profile = json };
			write_text(e.profile, json);
			char *argv[] = { CLAWRUN, "--profile", e.profile, "--no-log", "--",
					 exe, "unix-path-connect", path, NULL };
			struct outcome o = m == CLAWRUN_MODE ? run_argv(argv, NULL)
				: (struct outcome){ 0 };
			if (m == PRELOAD_MODE)
				o = attack(&e, PRELOAD_MODE, builds[b], &ip, "net", "unix", T_NONE);
			cr_expect(!o.ok && o.err == EPERM, "%s %s: a UNIX socket with 'network': %s",
				  mode_names[m], builds[b], o.out);

			snprintf(json, sizeof(json),
				 "{\"version\":1,\"capabilities\":[%s\"network\"],"
				 "\"network\":{\"unix\":true}}",
				 shell);
			struct policy with_unix = { .profile = json };
			o = attack(&e, (enum mode)m, builds[b], &with_unix, "net", "unix", T_NONE);
			cr_expect(o.ok, "%s %s: a UNIX socket with \"unix\": true: %s", mode_names[m],
				  builds[b], o.out);
			o = attack(&e, (enum mode)m, builds[b], &with_unix, "net", "dgram-pair", T_NONE);
			cr_expect(o.ok, "%s %s: a datagram pair with \"unix\": true: %s",
				  mode_names[m], builds[b], o.out);
		}
	close(daemon);
	env_teardown(&e);
}

static const struct row ipc_rows[] = {
	{ "ipc", "shmget", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "ipc", "shmat", T_SHM, ALL, EPERM, NULL, T_NONE },
	{ "ipc", "shmctl-rmid", T_SHM, ALL, EPERM, NULL, T_NONE },
	{ "ipc", "msgget", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "ipc", "semget", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "ipc", "mq_open", T_NONE, ALL, EPERM, NULL, T_NONE },
};

Test(escape, no_host_wide_ipc)
{
	struct env e;

	env_setup(&e);
	e.shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	cr_assert_geq(e.shmid, 0, "shmget: %s", strerror(errno));
	char *seg = shmat(e.shmid, NULL, 0);
	cr_assert_neq(seg, (void *)-1);
	seg[0] = 'p';
	for (size_t i = 0; i < N(ipc_rows); i++)
		expect_row_everywhere(&e, &ipc_rows[i]);
	struct shmid_ds ds;
	cr_expect_eq(shmctl(e.shmid, IPC_STAT, &ds), 0, "the segment still exists");
	cr_expect_eq(seg[0], 'p', "the segment is unchanged");
	shmdt(seg);
	shmctl(e.shmid, IPC_RMID, NULL);
	env_teardown(&e);
}

static const struct row priority_rows[] = {
	{ "prio", "setpriority-user", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "prio", "setpriority-pgrp", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "prio", "setpriority-victim", T_VICTIM, ALL, EPERM, NULL, T_NONE },
	{ "prio", "ioprio-user", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "prio", "ioprio-pgrp", T_NONE, ALL, EPERM, NULL, T_NONE },
	{ "prio", "ioprio-victim", T_VICTIM, ALL, EPERM, NULL, T_NONE },
	/* Its own priority stays the tool's. */
	{ "prio", "setpriority-self", T_NONE, "", 0, "", T_NONE },
	{ "prio", "ioprio-self", T_NONE, "", 0, "", T_NONE },
};

Test(escape, only_the_tools_own_priority)
{
	struct env e;

	env_setup(&e);
	/* The victim is not confined; its nice value must stay 0. */
	e.victim = fork();
	cr_assert_geq(e.victim, 0);
	if (e.victim == 0) {
		pause();
		_exit(0);
	}
	errno = 0;
	int before = getpriority(PRIO_PROCESS, (id_t)e.victim);
	cr_assert_eq(errno, 0);
	for (size_t i = 0; i < N(priority_rows); i++)
		expect_row_everywhere(&e, &priority_rows[i]);
	errno = 0;
	cr_expect_eq(getpriority(PRIO_PROCESS, (id_t)e.victim), before,
		     "the victim's priority changed");
	cr_expect_eq(getpriority(PRIO_PROCESS, 0), before, "this process's priority changed");
	kill(e.victim, SIGKILL);
	waitpid(e.victim, NULL, 0);
	env_teardown(&e);
}

/* Device ioctls on descriptors opened read-only: Landlock (ABI 5) refuses
 * them but on the harmless devices and terminals (EACCES); without it the
 * filter refuses the loop, userfaultfd and KVM families by number (EPERM).
 * A device this machine lacks, or this user cannot open, skips its test. */
static void expect_device_ioctl_denied(const char *variant, const char *device)
{
	int fd = open(device, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		cr_skip_test("%s cannot be opened here: %s", device, strerror(errno));
	close(fd);

	struct env e;
	int want = landlock_abi() >= 5 ? EACCES : EPERM;
	/* These devices are root's alone: as root, clawrun keeps uid 0 for the
	 * tool, or the open, not the ioctl, would be what fails. */
	struct policy pol = { .caps = ALL, .allow_root = geteuid() == 0 };
	env_setup(&e);
	for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++)
		for (size_t b = 0; b < 2; b++) {
			struct outcome o = attack(&e, (enum mode)m, builds[b], &pol, "devio",
						  variant, T_NONE);
			cr_expect(!o.ok && o.err == want,
				  "%s %s/devio %s under caps '%s': expected errno %d, got status "
				  "%d, output: %s", mode_names[m], builds[b], variant, ALL, want,
				  o.status, o.out);
		}
	env_teardown(&e);
}

Test(escape, no_loop_control_ioctls)
{
	expect_device_ioctl_denied("loop-control", "/dev/loop-control");
}

Test(escape, no_loop_device_ioctls)
{
	expect_device_ioctl_denied("loop-status", "/dev/loop0");
}

Test(escape, no_userfaultfd_device_ioctls)
{
	expect_device_ioctl_denied("userfaultfd", "/dev/userfaultfd");
}

Test(escape, no_kvm_ioctls)
{
	expect_device_ioctl_denied("kvm", "/dev/kvm");
}

/* Terminals keep their ioctls under every policy. */
Test(escape, terminal_ioctls_work_under_any_policy)
{
	struct env e;
	struct row pty = { "devio", "pty", T_NONE, "", 0, "", T_NONE };

	env_setup(&e);
	expect_row_everywhere(&e, &pty);
	env_teardown(&e);
}

/* chattr on a file opened read-only changes the file system where Landlock
 * does not look: it needs 'filesystem'. */
Test(escape, inode_flags_need_the_filesystem_capability)
{
	static const struct row rows[] = {
		{ "devio", "chattr", T_WORKSPACE, ALL_BUT_FS, EPERM, NULL, T_NONE },
		{ "devio", "fsxattr", T_WORKSPACE, ALL_BUT_FS, EPERM, NULL, T_NONE },
	};
	run_rows(rows, N(rows));
}

/* Writes to the devices every tool may write to, and real programs that
 * redirect to them, under every policy: no false denial. */
Test(escape, writes_to_harmless_devices_are_never_denied)
{
	static const char *const sinks[] = { "/dev/null", "/dev/zero", "/dev/full" };
	static const char *const policies[] = { "", "shell", "network", ALL_BUT_FS };
	struct env e;

	env_setup(&e);
	for (size_t i = 0; i < N(sinks); i++)
		for (size_t c = 0; c < N(policies); c++)
			for (int m = CLAWRUN_MODE; m <= PRELOAD_MODE; m++) {
				char *argv[] = { CLAWRUN, "--caps", (char *)policies[c], "--no-log",
						 "--", ATTACKERS "/static/devio", "write-dev",
						 (char *)sinks[i], NULL };
				char *pre_argv[] = { ATTACKERS "/dyn/devio", "write-dev",
						     (char *)sinks[i], NULL };
				char env_caps[128], env_pre[256];
				snprintf(env_caps, sizeof(env_caps), "CLAWSHIM_CAPS=%s", policies[c]);
				snprintf(env_pre, sizeof(env_pre), "LD_PRELOAD=%s", SHIM);
				char *extra[] = { env_pre, env_caps, NULL };
				struct outcome o = m == CLAWRUN_MODE ? run_argv(argv, NULL)
								     : run_argv(pre_argv, extra);
				cr_expect(o.ok, "%s: write to %s under caps '%s': %s", mode_names[m],
					  sinks[i], policies[c], o.out);
			}

	/* A shell probing for a program, as scripts do, with and without
	 * 'shell' (the shell itself is the tool's one exec). */
	static const char *const shells[] = { "", "shell" };
	for (size_t c = 0; c < N(shells); c++) {
		char *argv[] = { CLAWRUN, "--caps", (char *)shells[c], "--log", e.log, "--",
				 "/bin/sh", "-c", "command -v sh >/dev/null && echo result=ok", NULL };
		unlink(e.log);
		struct outcome o = run_argv(argv, NULL);
		cr_expect(o.ok && o.status == 0, "clawrun --caps '%s' sh >/dev/null: %d %s",
			  shells[c], o.status, o.out);
		cr_expect(!log_has(e.log, "syscall_denied"), "a denial was logged for '%s'",
			  shells[c]);
		char env_caps[128], env_pre[256];
		snprintf(env_caps, sizeof(env_caps), "CLAWSHIM_CAPS=%s", shells[c]);
		snprintf(env_pre, sizeof(env_pre), "LD_PRELOAD=%s", SHIM);
		char *extra[] = { env_pre, env_caps, NULL };
		o = run_argv(argv + 6, extra);
		cr_expect(o.ok && o.status == 0, "preload '%s' sh >/dev/null: %d %s", shells[c],
			  o.status, o.out);
	}

	/* python3 writing to /dev/null and starting a child with its output
	 * there logs nothing. */
	char *py[] = { CLAWRUN, "--caps", "shell", "--log", e.log, "--", "/usr/bin/python3", "-c",
		       "import subprocess\n"
		       "subprocess.run(['true'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
		       "open('/dev/null', 'w').write('x')\n"
		       "print('result=ok')",
		       NULL };
	unlink(e.log);
	struct outcome o = run_argv(py, NULL);
	cr_expect(o.ok, "python3 under --caps shell: %s", o.out);
	cr_expect(!log_has(e.log, "syscall_denied"), "python3 under --caps shell logged a denial");
	env_teardown(&e);
}

/* ---- the supervisor's process tree (issue 13, items 1 and 11) ------------- */

/* The pid a daemon attacker wrote into the workspace, or -1. */
static pid_t daemon_pid(const struct env *e)
{
	char path[256];
	int pid = -1;

	snprintf(path, sizeof(path), "%s/daemon.pid", e->ws);
	FILE *f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = -1;
		fclose(f);
	}
	return pid;
}

static bool process_gone(pid_t pid)
{
	if (kill(pid, 0) == 0) {
		kill(pid, SIGKILL); /* leave nothing behind after a failure */
		return false;
	}
	return errno == ESRCH;
}

Test(escape_supervisor, a_setsid_daemon_dies_before_clawrun_returns)
{
	struct env e;

	env_setup(&e);
	for (size_t b = 0; b < 2; b++) {
		env_reset_dirs(&e);
		struct policy pol = { .caps = "shell,filesystem" };
		struct outcome o = attack(&e, CLAWRUN_MODE, builds[b], &pol, "daemon",
					  "setsid-daemon", T_WORKSPACE);
		cr_expect(o.ok && o.status == 0, "%s: the tool's own status: %d, %s", builds[b],
			  o.status, o.out);
		pid_t pid = daemon_pid(&e);
		cr_expect_gt(pid, 0, "%s: the daemon started", builds[b]);
		if (pid > 0)
			cr_expect(process_gone(pid), "%s: daemon %d outlived clawrun", builds[b],
				  (int)pid);
		char escaped[256];
		snprintf(escaped, sizeof(escaped), "%s/escaped", e.ws);
		cr_expect_neq(access(escaped, F_OK), 0, "%s: the daemon acted after clawrun",
			      builds[b]);
	}
	env_teardown(&e);
}

Test(escape_supervisor, interrupted_notifications_do_not_stop_the_supervisor)
{
	struct env e;

	env_setup(&e);
	for (size_t b = 0; b < 2; b++) {
		struct policy none = { .caps = "" };
		struct outcome o = attack(&e, CLAWRUN_MODE, builds[b], &none, "daemon",
					  "interrupted-notifications", T_NONE);
		cr_expect(o.err == EPERM && o.status == 10,
			  "%s: the last exec must still be answered EPERM and clawrun exit with "
			  "the tool's status: status %d, %s",
			  builds[b], o.status, o.out);
	}
	env_teardown(&e);
}

/* A SIGTERM pending (blocked) when clawrun starts is the earliest signal
 * there can be: it is there before the child is even forked. */
static int clawrun_with_pending_sigterm(char *const argv[])
{
	pid_t pid = fork();
	int status;

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		sigprocmask(SIG_BLOCK, &set, NULL);
		kill(getpid(), SIGTERM);
		int null = open("/dev/null", O_WRONLY);
		dup2(null, STDOUT_FILENO);
		execv(argv[0], argv);
		_exit(99);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Test(escape_supervisor, a_signal_before_the_listener_handover_ends_the_tree)
{
	struct env e;

	env_setup(&e);
	for (size_t b = 0; b < 2; b++) {
		char exe[256];
		env_reset_dirs(&e);
		snprintf(exe, sizeof(exe), "%s/%s/daemon", ATTACKERS, builds[b]);
		char *argv[] = { CLAWRUN, "--caps", "shell,filesystem", "--workspace", e.ws,
				 "--no-log", "--", exe, "setsid-daemon", e.ws, NULL };
		int status = clawrun_with_pending_sigterm(argv);
		cr_expect_eq(status, 128 + SIGTERM, "%s: clawrun ends with the signal's status",
			     builds[b]);
		pid_t pid = daemon_pid(&e);
		cr_expect(pid < 0 || process_gone(pid), "%s: daemon %d outlived clawrun",
			  builds[b], (int)pid);

		/* A signal sent right after the spawn, whenever it lands. */
		env_reset_dirs(&e);
		pid_t c = fork();
		cr_assert_geq(c, 0);
		if (c == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, STDOUT_FILENO);
			execv(argv[0], argv);
			_exit(99);
		}
		kill(c, SIGTERM);
		int st;
		cr_assert_eq(waitpid(c, &st, 0), c);
		cr_expect(WIFSIGNALED(st) || WEXITSTATUS(st) == 128 + SIGTERM ||
				  WEXITSTATUS(st) == 0,
			  "%s: status %d", builds[b], st);
		pid = daemon_pid(&e);
		cr_expect(pid < 0 || process_gone(pid), "%s: daemon %d outlived clawrun",
			  builds[b], (int)pid);
	}
	env_teardown(&e);
}

/* ---- the security log against its writers (issue 13, item 10) ------------- */

/* Each preload logger holds a shared lock on the log until it exits. */
static void wait_for_loggers(const char *log)
{
	int fd = open(log, O_RDONLY | O_CLOEXEC);
	cr_assert_geq(fd, 0, "%s: %s", log, strerror(errno));
	cr_assert_eq(flock(fd, LOCK_EX), 0);
	close(fd);
}

/* Every line valid UTF-8 JSON by a strict parser other than cJSON. */
static bool python_accepts(const char *log)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import json,sys\n"
		 "for l in open(sys.argv[1], \"rb\"): json.loads(l)' '%s'",
		 log);
	return system(cmd) == 0;
}

struct log_facts {
	size_t size, records, truncated, wrong_pid, hex;
	bool truncated_last;
};

static struct log_facts log_facts(const char *log, int real_pid)
{
	struct log_facts f = { 0 };
	char *text = NULL;
	size_t len;

	cr_assert_eq(cs_read_file(log, 8 << 20, &text, &len), 0);
	f.size = len;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		cJSON *o = cJSON_Parse(line);
		cr_assert_not_null(o, "not JSON: %s", line);
		const cJSON *ev = cJSON_GetObjectItem(o, "event");
		bool trunc = cJSON_IsString(ev) && strcmp(ev->valuestring, "log_truncated") == 0;
		f.records++;
		f.truncated += trunc;
		f.truncated_last = trunc;
		f.hex += cJSON_HasObjectItem(o, "detail_hex");
		const cJSON *pid = cJSON_GetObjectItem(o, "pid");
		if (!trunc && (!cJSON_IsNumber(pid) || pid->valueint != real_pid))
			f.wrong_pid++;
		cJSON_Delete(o);
	}
	free(text);
	return f;
}

static bool big_log_has(const char *path, const char *needle)
{
	char *text = NULL;
	size_t len;
	bool found = cs_read_file(path, 8 << 20, &text, &len) == 0 && strstr(text, needle);
	free(text);
	return found;
}

static int reported_pid(const struct outcome *o)
{
	const char *p = strstr(o->out, "pid=");
	return p ? atoi(p + 4) : -1;
}

static void expect_sound_log(const char *what, const char *log, const struct outcome *o)
{
	int pid = reported_pid(o);
	cr_expect(o->ok && pid > 0, "%s: %s", what, o->out);
	struct log_facts f = log_facts(log, pid);
	cr_expect_leq(f.size, 1024 * 1024 + 4096, "%s: %zu bytes over the cap", what, f.size);
	cr_expect(f.truncated == 1 && f.truncated_last,
		  "%s: one log_truncated record, last (%zu)", what, f.truncated);
	cr_expect_eq(f.wrong_pid, 0, "%s: %zu records with a pid other than %d", what,
		     f.wrong_pid, pid);
	cr_expect_gt(f.hex, 0, "%s: raw bytes kept hex-encoded", what);
	cr_expect(python_accepts(log), "%s: a line is not valid UTF-8 JSON", what);
}

Test(escape_log, forged_records_get_the_real_pid_and_the_log_stays_capped)
{
	struct env e;

	env_setup(&e);
	for (size_t b = 0; b < 2; b++) {
		char what[64];
		unlink(e.log);
		struct policy none = { .caps = "" };
		struct outcome o = attack(&e, PRELOAD_MODE, builds[b], &none, "logforge", "forge",
					  T_NONE);
		wait_for_loggers(e.log);
		snprintf(what, sizeof(what), "preload %s", builds[b]);
		expect_sound_log(what, e.log, &o);
		cr_expect(!big_log_has(e.log, "sshd"), "%s: a forged exe was kept", what);
	}
	env_teardown(&e);
}

Test(escape_log, clawrun_caps_and_coalesces_a_flood_of_denials)
{
	struct env e;

	env_setup(&e);
	for (size_t b = 0; b < 2; b++) {
		char what[64];
		unlink(e.log);
		struct policy none = { .caps = "" };
		struct outcome o = attack(&e, CLAWRUN_MODE, builds[b], &none, "logforge",
					  "exec-flood", T_NONE);
		snprintf(what, sizeof(what), "clawrun %s", builds[b]);
		expect_sound_log(what, e.log, &o);
		cr_expect(big_log_has(e.log, "\"repeats\":199"), "%s: 200 identical denials, one "
			  "record and one count", what);
	}
	env_teardown(&e);
}

/* ---- exec.allow and the loader's own variables (issue 13, item 9) ---------- */

Test(escape_loader, loader_variables_cannot_smuggle_code_into_an_allowed_program)
{
	static const char *const vars[][2] = {
		{ "ld-preload", "LD_PRELOAD" },
		{ "ld-audit", "LD_AUDIT" },
		{ "ld-library-path", "LD_LIBRARY_PATH" },
	};
	struct env e;
	char json[512], exe[256];

	env_setup(&e);
	for (size_t b = 0; b < 2; b++) {
		snprintf(exe, sizeof(exe), "%s/%s/loaderenv", ATTACKERS, builds[b]);
		snprintf(json, sizeof(json),
			 "{\"version\":1,\"capabilities\":[\"shell\"],"
			 "\"exec\":{\"allow\":[\"%s\",\"/usr/bin/echo\"]}}",
			 exe);
		write_text(e.profile, json);
		char *argv[] = { CLAWRUN, "--profile", e.profile, "--log", e.log, "--",
				 exe, "plain", "/usr/bin/echo", NULL };
		struct outcome o = run_argv(argv, NULL);
		cr_expect(o.status == 0 && strstr(o.out, "ran"), "%s: the control runs: %d %s",
			  builds[b], o.status, o.out);
		for (size_t i = 0; i < N(vars); i++) {
			char needle[64];
			unlink(e.log);
			argv[7] = (char *)vars[i][0];
			o = run_argv(argv, NULL);
			cr_expect(o.status != 0 && !strstr(o.out, "ran"),
				  "%s %s: the program must not run: %d %s", builds[b], vars[i][1],
				  o.status, o.out);
			snprintf(needle, sizeof(needle), "\"detail\":\"%s in the environment",
				 vars[i][1]);
			cr_expect(log_has(e.log, needle), "%s %s: logged", builds[b], vars[i][1]);
		}
		/* The same variable in clawrun's own environment is the caller's
		 * choice, and passes. */
		argv[7] = "ld-library-path";
		char *inherit[] = { "LD_LIBRARY_PATH=/dev/null/clawshim-lib", NULL };
		o = run_argv(argv, inherit);
		cr_expect(o.status == 0 && strstr(o.out, "ran"), "%s: inherited from clawrun: %d %s",
			  builds[b], o.status, o.out);
	}
	env_teardown(&e);
}

/* ---- code before the constructor (issue 13, item 8) ------------------------ */

static struct outcome run_shim(const char *var, const char *caps, const char *build,
			       bool launcher)
{
	char exe[256], shim[300], env_caps[64];
	char *argv[4];
	size_t n = 0;

	snprintf(exe, sizeof(exe), "%s/%s/preinit", ATTACKERS, build);
	snprintf(shim, sizeof(shim), "%s=%s", var, SHIM);
	snprintf(env_caps, sizeof(env_caps), "CLAWSHIM_CAPS=%s", caps);
	if (launcher)
		argv[n++] = "/usr/bin/env";
	argv[n++] = exe;
	argv[n++] = "socket";
	argv[n] = NULL;
	char *extra[] = { shim, env_caps, NULL };
	return run_argv(argv, extra);
}

Test(escape_preload, preinit_array_code_runs_before_a_preload_but_not_an_audit_constructor)
{
	/* The limit, shown: LD_PRELOAD confines after .preinit_array ran. */
	struct outcome o = run_shim("LD_PRELOAD", "", "dyn", false);
	cr_expect(o.ok, "LD_PRELOAD: .preinit_array code runs unconfined (documented): %s",
		  o.out);
	/* The loader runs an LD_AUDIT module's constructor first. */
	o = run_shim("LD_AUDIT", "", "dyn", false);
	cr_expect(!o.ok && o.err == EPERM, "LD_AUDIT: confined before .preinit_array: %d %s",
		  o.status, o.out);
	o = run_shim("LD_AUDIT", "network", "dyn", false);
	cr_expect(o.ok, "LD_AUDIT: the same profile with 'network' allows it: %s", o.out);
	/* A static binary loads neither; started by a confined process it
	 * inherits that process's filter, .preinit_array and all. */
	o = run_shim("LD_AUDIT", "", "static", false);
	cr_expect(o.ok, "static, started directly: not confined (documented): %s", o.out);
	o = run_shim("LD_AUDIT", "shell", "static", true);
	cr_expect(!o.ok && o.err == EPERM, "static under a confined launcher: %d %s", o.status,
		  o.out);
	o = run_shim("LD_PRELOAD", "shell", "static", true);
	cr_expect(!o.ok && o.err == EPERM, "static under a preloaded launcher: %d %s", o.status,
		  o.out);
	/* clawrun confines before exec: nothing of the program runs first. */
	for (size_t b = 0; b < 2; b++) {
		char exe[256];
		snprintf(exe, sizeof(exe), "%s/%s/preinit", ATTACKERS, builds[b]);
		char *argv[] = { CLAWRUN, "--caps", "", "--no-log", "--", exe, "socket", NULL };
		o = run_argv(argv, NULL);
		cr_expect(!o.ok && o.err == EPERM, "clawrun %s: %d %s", builds[b], o.status, o.out);
	}
}
