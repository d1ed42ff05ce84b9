/* libclawshim.so: confinement installed by a constructor before main, for
 * gateways that wrap a spawn by adding LD_PRELOAD and CLAWSHIM_* variables.
 *
 *   CLAWSHIM_PROFILE=FILE or CLAWSHIM_CAPS=LIST (exactly one; an empty LIST
 *   is no capabilities), CLAWSHIM_WORKSPACE=DIR[:DIR...], CLAWSHIM_LOG=FILE|-
 *
 * The same library works as an LD_AUDIT module: the loader runs its
 * constructor when it loads the auditor, before it maps the program's
 * libraries or runs any code of the program (.preinit_array included), and
 * keeps it for la_version below. Set as LD_PRELOAD, the constructor runs
 * after the program's .preinit_array functions.
 *
 * Missing or bad configuration, or a kernel that cannot enforce the profile,
 * prints one line and exits 125: the program never runs unconfined. The
 * filters survive exec, so descendants stay confined whatever they are; the
 * exec wrappers below only keep the variables in children's environments
 * so that each generation can narrow further and log.
 *
 * Logging: the log file is opened before confinement by a small logger
 * process that appends the records confined processes send it as messages on
 * a UNIX socket; the confined processes never hold the file, so they cannot
 * rewrite it. Every process of the tree holds the socket and can send
 * anything, so the logger takes the pid from the kernel's SCM_CREDENTIALS,
 * never from the message, and caps and coalesces the run's records. */
#include "clawshim/confine.h"
#include "clawshim/diag.h"
#include "clawshim/eventlog.h"
#include "clawshim/exitcodes.h"
#include "clawshim/launch.h"
#include "clawshim/profile.h"
#include "clawshim/profile_lookup.h"
#include "clawshim/strbuf.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PUBLIC __attribute__((visibility("default")))
#define LOG_FD_VAR "CLAWSHIM_LOG_FD"
#define MAX_ENV_KEEP 9
#define MAX_LINE 4096

extern char **environ;

/* The variables every child must see, captured before main can change them. */
static char *g_keep[MAX_ENV_KEEP];
static size_t g_n_keep;
static struct cs_eventlog g_log = { .fd = -1 };
static cs_capset g_caps;
static bool g_active;

static void __attribute__((noreturn)) refuse(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void refuse(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "libclawshim: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (the program was not started)\n", stderr);
	_exit(CS_EXIT_SETUP);
}

static void refuse_diags(const struct cs_diags *d)
{
	_cleanup_free_ char *first = d->n ? cs_diag_format(&d->v[0]) : NULL;
	refuse("%s%s", first ? first : "cannot confine", d->n > 1 ? " (and more)" : "");
}

/* ---- configuration ------------------------------------------------------------ */

static size_t split_workspaces(char *list, const char **out, size_t max)
{
	size_t n = 0;

	for (char *save = NULL, *w = strtok_r(list, ":", &save); w && n < max;
	     w = strtok_r(NULL, ":", &save))
		out[n++] = w;
	return n;
}

static void keep_var(const char *name)
{
	const char *v = getenv(name);

	if (v && g_n_keep < MAX_ENV_KEEP)
		g_keep[g_n_keep++] = cs_concat(name, "=", v);
}

static void capture_environment(void)
{
	static const char *const names[] = { "LD_PRELOAD",	   "LD_AUDIT",
					     "CLAWSHIM_PROFILE",   "CLAWSHIM_CAPS",
					     "CLAWSHIM_WORKSPACE", "CLAWSHIM_LOG",
					     LOG_FD_VAR,	   "OPENCLAW_SESSION_KEY",
					     "OPENCLAW_AGENT_ID" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		keep_var(names[i]);
}

/* ---- the logger ----------------------------------------------------------------- */

/* The sender's pid as the kernel attests it, or -1. */
static pid_t sender_pid(struct msghdr *mh)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
			struct ucred cred;
			memcpy(&cred, CMSG_DATA(c), sizeof(cred));
			return cred.pid;
		}
	return -1;
}

/* What the logger keeps of a message: a JSON object, with pid and exe from
 * the kernel rather than from the sender. NULL to drop it. */
static cJSON *attested(const char *msg, pid_t pid)
{
	char link[64], exe[PATH_MAX];
	cJSON *o = cJSON_Parse(msg);

	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return NULL;
	}
	/* What the sender says it runs is kept apart, for when the process
	 * has already gone and the kernel cannot say. */
	cJSON *claimed = cJSON_DetachItemFromObjectCaseSensitive(o, "exe");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "pid");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "exe_hex");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "exe_claimed");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "repeats");
	cJSON_DeleteItemFromObjectCaseSensitive(o, "category");
	cJSON_AddStringToObject(o, "category", "security");
	cJSON_AddNumberToObject(o, "pid", pid);
	snprintf(link, sizeof(link), "/proc/%d/exe", (int)pid);
	ssize_t n = readlink(link, exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		cJSON_AddStringToObject(o, "exe", exe);
		cJSON_Delete(claimed);
	} else if (claimed) {
		cJSON_AddItemToObject(o, "exe_claimed", claimed);
	}
	return o;
}

/* One record per message; a message without credentials, too long or not
 * a JSON object is dropped. Ends when every sender has closed. */
static void __attribute__((noreturn)) logger_main(int in, int out)
{
	/* On the logger's stack, not in the library's data: a static buffer
	 * there put the constructor's globals a page further, one more page
	 * fault in every confined process. */
	char buf[MAX_LINE + 1];
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(struct ucred))];
	} ctl;
	struct cs_eventlog log = { .fd = out, .cap = CS_EVENTLOG_CAP };

	for (;;) {
		struct iovec iov = { buf, MAX_LINE };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.space,
				     .msg_controllen = sizeof(ctl.space) };
		ssize_t n = recvmsg(in, &mh, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		pid_t pid = sender_pid(&mh);
		if (pid <= 0 || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
			continue;
		buf[n] = '\0';
		cJSON *o = attested(buf, pid);
		if (o)
			cs_eventlog_write_record(&log, o);
	}
	cs_eventlog_close(&log);
	_exit(0);
}

/* Starts the logger as a grandchild (so that no one in the tool's process
 * tree has to reap it) and returns the senders' end of its socket. */
static int start_logger(const char *path, struct cs_diags *d)
{
	struct cs_eventlog file;
	int s[2], on = 1;

	if (cs_eventlog_open(&file, path, d) < 0)
		return -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, s) < 0 ||
	    setsockopt(s[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) < 0) {
		cs_diag_add(d, path, 0, 0, NULL, "cannot make the log socket: %s", strerror(errno));
		cs_eventlog_close(&file);
		return -1;
	}
	/* A shared lock on the log's open file, held by the logger until it
	 * exits: whoever reads the log can take an exclusive one to wait for
	 * every logger writing to it. */
	flock(file.fd, LOCK_SH);
	pid_t pid = fork();
	if (pid == 0) {
		close(s[1]);
		if (fork() != 0)
			_exit(0);
		int keep_in = s[0], keep_out = file.fd;
		int null = open("/dev/null", O_RDWR);
		/* The tool's standard streams must reach EOF when the tool exits,
		 * not when the logger does. */
		for (int fd = 0; fd < 3 && null >= 0; fd++)
			dup2(null, fd);
		for (int fd = 3; fd < 1024; fd++)
			if (fd != keep_in && fd != keep_out)
				close(fd);
		logger_main(keep_in, keep_out);
	}
	close(s[0]);
	cs_eventlog_close(&file);
	if (pid < 0) {
		close(s[1]);
		return -1;
	}
	waitpid(pid, NULL, 0);
	return s[1];
}

/* Tells descendants the log socket's number. As an LD_AUDIT module this
 * library has a libc of its own, whose setenv the program's libc never sees;
 * both read the same environ array, though, so the CLAWSHIM_LOG entry is
 * replaced in place when there is one. The string is never freed: the
 * array points to it for the life of the process. */
static void share_log_fd(int fd)
{
	char *entry = cs_asprintf("%s=%d", LOG_FD_VAR, fd);

	if (!entry)
		refuse("out of memory");
	for (char **e = environ; e && *e; e++)
		if (strncmp(*e, "CLAWSHIM_LOG=", 13) == 0) {
			*e = entry;
			return;
		}
	if (putenv(entry) != 0)
		refuse("cannot pass on the log socket: %s", strerror(errno));
}

/* A log socket inherited from a confined parent, or a new logger, or stderr.
 * Returns true when this process is the first of its tree to log. */
static bool setup_log(struct cs_diags *d)
{
	const char *path = getenv("CLAWSHIM_LOG");
	const char *inherited = getenv(LOG_FD_VAR);
	struct stat st;
	int fd = -1;

	cs_eventlog_open(&g_log, NULL, d);
	if (inherited && *inherited) {
		fd = atoi(inherited);
		if (fd > 2 && fstat(fd, &st) == 0 && S_ISSOCK(st.st_mode)) {
			cs_eventlog_use_fd(&g_log, fd);
			return false;
		}
	}
	if (!path || !*path)
		return true;
	if (strcmp(path, "-") == 0) {
		cs_eventlog_use_fd(&g_log, STDERR_FILENO);
		return true;
	}
	fd = start_logger(path, d);
	if (fd < 0)
		refuse_diags(d);
	/* Descendants reuse the pipe: after confinement they could not open the
	 * log themselves. */
	int high = fcntl(fd, F_DUPFD, 200);
	close(fd);
	if (high < 0)
		refuse("cannot keep the log socket: %s", strerror(errno));
	share_log_fd(high);
	cs_eventlog_use_fd(&g_log, high);
	return true;
}

/* The shim cannot change user: as root, the tool keeps uid 0, which owns
 * every root file even without capabilities. Said once per process tree. */
static void report_root(void)
{
	if (g_log.fd < 0 || (geteuid() != 0 && getuid() != 0))
		return; /* no log to say it in, or not root */
	struct cs_event e = {
		.event = "running_as_root",
		.detail = "the preload shim cannot change user; the tool runs as uid 0 without "
			  "capabilities (clawrun runs it as an unprivileged user)",
		.pid = getpid(),
	};
	cs_eventlog_write(&g_log, &e);
}

/* ---- the constructor --------------------------------------------------------- */

/* A relative CLAWSHIM_PROFILE or CLAWSHIM_WORKSPACE would mean another
 * place in every child that changed directory: each is resolved once, by
 * the first process, and exported absolute (a profile NAME as the file it
 * names) for the rest of the tree. What cannot be resolved is left for
 * cs_launch_profile to report. */
static void export_absolute(const char *prof, const char *const *ws, size_t n_ws)
{
	_cleanup_free_ char *file = NULL;
	struct cs_strbuf list = { 0 };

	if (prof && cs_profile_arg_is_name(prof))
		cs_profile_find_by_name(prof, &file, NULL);
	else if (prof && prof[0] != '/')
		file = realpath(prof, NULL);
	if (file)
		setenv("CLAWSHIM_PROFILE", file, 1);
	for (size_t i = 0; i < n_ws; i++) {
		_cleanup_free_ char *real = realpath(ws[i], NULL);
		if (!real)
			goto out;
		cs_strbuf_printf(&list, "%s%s", i ? ":" : "", real);
	}
	if (n_ws && list.s)
		setenv("CLAWSHIM_WORKSPACE", list.s, 1);
out:
	cs_strbuf_free(&list);
}

static void load_profile(struct cs_profile *p)
{
	struct cs_diags d = { 0 };
	const char *prof = getenv("CLAWSHIM_PROFILE");
	const char *caps = getenv("CLAWSHIM_CAPS");
	_cleanup_free_ char *ws_list = strdup(getenv("CLAWSHIM_WORKSPACE") ?: "");
	const char *ws[64];
	struct cs_launch_cfg cfg = { .profile_path = prof, .caps = caps, .workspaces = ws };

	if (!prof && !caps)
		refuse("neither CLAWSHIM_PROFILE nor CLAWSHIM_CAPS is set");
	if (prof && caps)
		refuse("both CLAWSHIM_PROFILE and CLAWSHIM_CAPS are set; give one");
	if (prof && !*prof)
		refuse("CLAWSHIM_PROFILE is empty");
	if (!ws_list)
		refuse("out of memory");
	cfg.n_workspaces = split_workspaces(ws_list, ws, 64);
	if (cs_launch_profile(&cfg, p, &d) < 0)
		refuse_diags(&d);
	export_absolute(prof, ws, cfg.n_workspaces);
	cs_diags_free(&d);
}

static void __attribute__((constructor)) clawshim_init(void)
{
	struct cs_diags d = { 0 };
	struct cs_profile p;
	struct cs_confine_state st;

	load_profile(&p);
	bool first = setup_log(&d);
	capture_environment();
	struct cs_confine_opts co = { .profile = &p, .mode = CS_MODE_ENFORCE };
	if (cs_confine_apply(&co, &st, &d) < 0)
		refuse_diags(&d);
	g_caps = p.caps;
	g_log.skill = p.skill ? strdup(p.skill) : NULL;
	g_active = true;
	if (first)
		report_root();
	for (size_t i = 0; i < st.degraded.n; i++)
		fprintf(stderr, "libclawshim: warning: not enforced (\"degraded\": \"allow\"): %s\n",
			st.degraded.v[i]);
	cs_confine_state_free(&st);
	cs_profile_free(&p);
	cs_diags_free(&d);
}

/* The loader keeps an LD_AUDIT module that answers a version it knows; by
 * the time it asks, the constructor has confined the process. */
PUBLIC unsigned int la_version(unsigned int version)
{
	(void)version;
	return LAV_CURRENT;
}

/* ---- what the shim sees through libc ----------------------------------------- */

static void report_denial(const char *call, enum cs_cap cap, const char *detail)
{
	int saved = errno;
	char exe[256];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = '\0';
	/* A process that widened its own variables still runs under the
	 * filters of its parents: name the capability either way. */
	if (g_active)
		fprintf(stderr, "libclawshim: %s denied: the skill did not declare '%s'%s\n", call,
			cs_cap_name(cap),
			cs_capset_has(g_caps, cap) ? " (an enclosing policy refuses it)" : "");
	struct cs_event e = { .event = "syscall_denied", .capability = cs_cap_name(cap),
			      .syscall = call, .detail = detail, .pid = getpid(),
			      .exe = n > 0 ? exe : NULL };
	cs_eventlog_write(&g_log, &e);
	errno = saved;
}

#define REAL(ret, name, ...)                                                                       \
	static ret (*real_##name)(__VA_ARGS__);                                                    \
	if (!real_##name)                                                                          \
		real_##name = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, #name)

static bool denied(int r)
{
	return r < 0 && (errno == EPERM || errno == EACCES);
}

PUBLIC int socket(int domain, int type, int protocol)
{
	REAL(int, socket, int, int, int);
	int r = real_socket(domain, type, protocol);
	if (denied(r) && g_active) {
		char d[32];
		snprintf(d, sizeof(d), "family %d", domain);
		report_denial("socket", CS_CAP_NETWORK, d);
	}
	return r;
}

PUBLIC pid_t fork(void)
{
	REAL(pid_t, fork, void);
	pid_t r = real_fork();
	if (denied(r) && g_active)
		report_denial("fork", CS_CAP_SHELL, NULL);
	return r;
}

/* The environment a child gets: envp plus any kept variable it lacks. The
 * array leaks when exec succeeds, which ends this image anyway. */
static char **with_kept_env(char *const envp[])
{
	size_t n = 0, missing = 0;

	while (envp && envp[n])
		n++;
	for (size_t k = 0; k < g_n_keep; k++) {
		size_t len = strcspn(g_keep[k], "=") + 1;
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = strncmp(envp[i], g_keep[k], len) == 0;
		missing += !found;
	}
	if (!missing || !g_active)
		return (char **)envp;
	char **out = calloc(n + missing + 1, sizeof(char *));
	if (!out)
		return (char **)envp;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		out[m++] = envp[i];
	for (size_t k = 0; k < g_n_keep; k++) {
		size_t len = strcspn(g_keep[k], "=") + 1;
		bool found = false;
		for (size_t i = 0; i < n && !found; i++)
			found = strncmp(envp[i], g_keep[k], len) == 0;
		if (!found)
			out[m++] = g_keep[k];
	}
	return out;
}

static void release_env(char **env, char *const orig[])
{
	if (env != (char **)orig)
		free(env);
}

static int after_exec_failure(const char *what, int r)
{
	if (denied(r) && g_active)
		report_denial("execve", CS_CAP_SHELL, what);
	return r;
}

PUBLIC int execve(const char *path, char *const argv[], char *const envp[])
{
	REAL(int, execve, const char *, char *const[], char *const[]);
	char **env = with_kept_env(envp);
	int r = real_execve(path, argv, env);
	release_env(env, envp);
	return after_exec_failure(path, r);
}

PUBLIC int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

PUBLIC int execvpe(const char *file, char *const argv[], char *const envp[])
{
	REAL(int, execvpe, const char *, char *const[], char *const[]);
	char **env = with_kept_env(envp);
	int r = real_execvpe(file, argv, env);
	release_env(env, envp);
	return after_exec_failure(file, r);
}

PUBLIC int execvp(const char *file, char *const argv[])
{
	return execvpe(file, argv, environ);
}

PUBLIC int fexecve(int fd, char *const argv[], char *const envp[])
{
	REAL(int, fexecve, int, char *const[], char *const[]);
	char **env = with_kept_env(envp);
	int r = real_fexecve(fd, argv, env);
	release_env(env, envp);
	return after_exec_failure("(descriptor)", r);
}

/* execl and kin: collect the variadic arguments, then go through the
 * wrappers above. */
static char **collect_args(const char *arg0, va_list ap, char ***envp_out)
{
	size_t n = 1, cap = 16;
	char **v = malloc(cap * sizeof(char *));

	if (!v)
		return NULL;
	v[0] = (char *)arg0;
	for (char *a = arg0 ? va_arg(ap, char *) : NULL;; a = va_arg(ap, char *)) {
		if (n + 1 >= cap) {
			char **nv = realloc(v, (cap *= 2) * sizeof(char *));
			if (!nv) {
				free(v);
				return NULL;
			}
			v = nv;
		}
		v[n] = a;
		if (!a)
			break;
		n++;
	}
	if (envp_out)
		*envp_out = va_arg(ap, char **);
	return v;
}

PUBLIC int execl(const char *path, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	char **argv = collect_args(arg, ap, NULL);
	va_end(ap);
	if (!argv)
		return errno = ENOMEM, -1;
	int r = execve(path, argv, environ);
	free(argv);
	return r;
}

PUBLIC int execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	va_start(ap, arg);
	char **argv = collect_args(arg, ap, NULL);
	va_end(ap);
	if (!argv)
		return errno = ENOMEM, -1;
	int r = execvpe(file, argv, environ);
	free(argv);
	return r;
}

PUBLIC int execle(const char *path, const char *arg, ...)
{
	char **envp;
	va_list ap;
	va_start(ap, arg);
	char **argv = collect_args(arg, ap, &envp);
	va_end(ap);
	if (!argv)
		return errno = ENOMEM, -1;
	int r = execve(path, argv, envp);
	free(argv);
	return r;
}

PUBLIC int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		       const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	REAL(int, posix_spawn, pid_t *, const char *, const posix_spawn_file_actions_t *,
	     const posix_spawnattr_t *, char *const[], char *const[]);
	char **env = with_kept_env(envp);
	int r = real_posix_spawn(pid, path, fa, attr, argv, env);
	release_env(env, envp);
	if ((r == EPERM || r == EACCES) && g_active)
		report_denial("posix_spawn", CS_CAP_SHELL, path);
	return r;
}

PUBLIC int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
			const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	REAL(int, posix_spawnp, pid_t *, const char *, const posix_spawn_file_actions_t *,
	     const posix_spawnattr_t *, char *const[], char *const[]);
	char **env = with_kept_env(envp);
	int r = real_posix_spawnp(pid, file, fa, attr, argv, env);
	release_env(env, envp);
	if ((r == EPERM || r == EACCES) && g_active)
		report_denial("posix_spawn", CS_CAP_SHELL, file);
	return r;
}
