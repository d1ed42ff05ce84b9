/* clawrun: run one tool process confined to a skill's capabilities.
 *
 * The parent stays outside the filter as the supervisor; the child closes
 * inherited descriptors, confines itself (no_new_privs, capabilities,
 * Landlock, seccomp with a listener), hands the listener to the parent over
 * a socketpair and execs the tool. Setup failures come back over the same
 * socket, so the exit status tells clawrun's failures (125) from the tool's. */
#include "clawshim/confine.h"
#include "clawshim/diag.h"
#include "clawshim/eventlog.h"
#include "clawshim/exitcodes.h"
#include "clawshim/launch.h"
#include "clawshim/profile.h"
#include "clawshim/skillscan.h"
#include "clawshim/suggest.h"
#include "clawshim/supervisor.h"
#include "clawshim/util.h"
#include "observe.h"
#include "privs.h"
#include "reaper.h"
#include "runas.h"
#include "scan_helper.h"
#include "tmpdir.h"
#include "cs_version.h"

#include <errno.h>
#include <seccomp.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char usage_text[] =
	"Usage: clawrun POLICY [OPTION]... -- CMD [ARG]...\n"
	"Run CMD confined to a skill's capabilities (seccomp, Landlock, no privileges).\n"
	"\n"
	"POLICY is exactly one of:\n"
	"  --skill DIR          the capabilities DIR/SKILL.md declares; when it\n"
	"                       declares none, the profile named after the skill,\n"
	"                       else only the always-allowed tier\n"
	"  --profile FILE|NAME  a profile file, or a NAME (no '/') looked up in\n"
	"                       $CLAWSHIM_PROFILE_PATH, else ~/.config/clawshim/profiles,\n"
	"                       /etc/clawshim/profiles and the shipped profiles\n"
	"  --caps LIST          capabilities, comma-separated; '' means none\n"
	"\n"
	"Options:\n"
	"  --infer              with --skill that declares no capabilities: use the\n"
	"                       profile 'clawpolicy infer DIR' proposes\n"
	"  --workspace DIR      a workspace ({workspace} in the profile); repeatable\n"
	"  --log FILE           security log (JSON lines); '-' is standard error;\n"
	"                       default: the profile's \"log\", kept when it lies in\n"
	"                       OpenClaw's state directory only if that exists\n"
	"  --no-log             no security log\n"
	"  --quiet              do not print a line on stderr for each distinct\n"
	"                       denial (the log still records every one; an audit\n"
	"                       run's summary is still printed)\n"
	"  --session-key KEY    session context for the log (default $OPENCLAW_SESSION_KEY)\n"
	"  --agent-id ID        agent context for the log (default $OPENCLAW_AGENT_ID)\n"
	"  --mode MODE          enforce (default) or audit: allow everything, log\n"
	"                       what enforce would deny (would_deny), and print at\n"
	"                       exit one line on what the run needed; without a\n"
	"                       policy option it starts from none (--caps '')\n"
	"  --suggest-profile FILE  with --mode audit: write the profile that would\n"
	"                       have let the run pass to FILE; an existing profile\n"
	"                       FILE gets what the run needed added to it\n"
	"  --keep-fd N          pass descriptor N to CMD; repeatable (others above 2\n"
	"                       are closed)\n"
	"  --user NAME|UID      as root: run CMD as this user (default: the owner of\n"
	"                       the first workspace, or 'nobody' when that is root)\n"
	"  --allow-root         as root: run CMD as root (still without capabilities)\n"
	"  -h, --help           show this help\n"
	"  --version            print the version, libseccomp's, the kernel's\n"
	"                       Landlock ABI and the scanner's helper\n"
	"\n"
	"Exit status: CMD's own; 128+N when signal N killed it, or when signal N\n"
	"stopped clawrun before CMD ran; 125 when clawrun could not confine it (CMD\n"
	"did not run), its supervisor failed (CMD was stopped) or the suggested\n"
	"profile could not be written; 126 CMD not executable; 127 CMD not found.\n"
	"When CMD's first process ends, every process it left behind is killed\n"
	"before clawrun returns.\n";

#define MAX_KEEP_FDS 64
#define MAX_WORKSPACES 64
struct options {
	struct cs_launch_cfg cfg;
	const char *workspaces[MAX_WORKSPACES];
	const char *log;
	bool no_log;
	const char *log_path; /* the log in use: --log, the profile's, or NULL */
	bool quiet;
	const char *session_key;
	const char *agent_id;
	enum cs_run_mode mode;
	int keep[MAX_KEEP_FDS];
	size_t n_keep;
	char **argv; /* CMD and its arguments */
	const char *user;
	bool allow_root;
	struct cs_runas as;
	const char *suggest;           /* --suggest-profile FILE */
	struct cs_observer *observe;   /* audit mode: what the run needs */
};

static int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(int status, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "clawrun: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (status == CS_EXIT_USAGE)
		fprintf(stderr, "Try 'clawrun --help'\n");
	return status;
}

static int print_diags(const struct cs_diags *d)
{
	cs_diags_print(d, stderr, "clawrun: ");
	return CS_EXIT_SETUP;
}

/* ---- command line ------------------------------------------------------------ */

enum { OPT_SKILL = 256, OPT_PROFILE, OPT_CAPS, OPT_WORKSPACE, OPT_LOG, OPT_NO_LOG,
       OPT_SESSION, OPT_AGENT, OPT_MODE, OPT_KEEP_FD, OPT_USER, OPT_ALLOW_ROOT, OPT_VERSION,
       OPT_INFER, OPT_QUIET, OPT_SUGGEST };

static const struct option long_options[] = {
	{ "skill", required_argument, NULL, OPT_SKILL },
	{ "profile", required_argument, NULL, OPT_PROFILE },
	{ "caps", required_argument, NULL, OPT_CAPS },
	{ "workspace", required_argument, NULL, OPT_WORKSPACE },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "no-log", no_argument, NULL, OPT_NO_LOG },
	{ "session-key", required_argument, NULL, OPT_SESSION },
	{ "agent-id", required_argument, NULL, OPT_AGENT },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "keep-fd", required_argument, NULL, OPT_KEEP_FD },
	{ "user", required_argument, NULL, OPT_USER },
	{ "allow-root", no_argument, NULL, OPT_ALLOW_ROOT },
	{ "infer", no_argument, NULL, OPT_INFER },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "suggest-profile", required_argument, NULL, OPT_SUGGEST },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* What a bug report needs: the release, the libseccomp in use, the
 * Landlock ABI of the running kernel (what confinement it can get) and
 * where the scanner's helper for text beyond ASCII is. */
static int print_version(void)
{
	const struct scmp_version *v = seccomp_version();
	int abi = cs_landlock_abi();

	printf("clawrun %s\n", CS_VERSION);
	printf("libseccomp %u.%u.%u\n", v->major, v->minor, v->micro);
	if (abi > 0)
		printf("Landlock ABI %d (running kernel)\n", abi);
	else
		printf("Landlock not available (running kernel)\n");
	_cleanup_free_ char *scan = cs_install_path(SCAN_HELPER);
	printf("skill scanner: text beyond ASCII by %s%s\n", scan ? scan : SCAN_HELPER,
	       scan && access(scan, X_OK) == 0 ? "" : " (missing: such skills are refused)");
	return CS_EXIT_OK;
}

static int parse_fd(const char *s, int *fd)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > INT_MAX)
		return -EINVAL;
	*fd = (int)v;
	return 0;
}

/* Returns -1 to go on, or the exit status. */
static int parse_option(struct options *o, int c, const char *arg)
{
	switch (c) {
	case OPT_SKILL:
		if (o->cfg.skill_dir)
			return fail(CS_EXIT_USAGE, "--skill given twice; a run has one skill");
		o->cfg.skill_dir = arg;
		return -1;
	case OPT_PROFILE:
		if (o->cfg.profile_path)
			return fail(CS_EXIT_USAGE, "--profile given twice; a run has one profile");
		o->cfg.profile_path = arg;
		return -1;
	case OPT_CAPS:
		/* Refused rather than merged: a second list silently replacing
		 * or widening the first would both surprise someone. */
		if (o->cfg.caps)
			return fail(CS_EXIT_USAGE, "--caps given twice ('%s', then '%s'); give one "
						   "comma-separated list", o->cfg.caps, arg);
		o->cfg.caps = arg;
		return -1;
	case OPT_WORKSPACE:
		if (o->cfg.n_workspaces == MAX_WORKSPACES)
			return fail(CS_EXIT_USAGE, "at most %d workspaces", MAX_WORKSPACES);
		o->workspaces[o->cfg.n_workspaces++] = arg;
		return -1;
	case OPT_LOG:
		o->log = arg;
		return -1;
	case OPT_NO_LOG:
		o->no_log = true;
		return -1;
	case OPT_SESSION:
		o->session_key = arg;
		return -1;
	case OPT_AGENT:
		o->agent_id = arg;
		return -1;
	case OPT_MODE:
		if (strcmp(arg, "enforce") == 0)
			o->mode = CS_MODE_ENFORCE;
		else if (strcmp(arg, "audit") == 0)
			o->mode = CS_MODE_AUDIT;
		else
			return fail(CS_EXIT_USAGE, "--mode: '%s' is neither enforce nor audit", arg);
		return -1;
	case OPT_KEEP_FD: {
		int fd;
		if (parse_fd(arg, &fd) < 0)
			return fail(CS_EXIT_USAGE, "--keep-fd: '%s' is not a descriptor number", arg);
		if (o->n_keep == MAX_KEEP_FDS)
			return fail(CS_EXIT_USAGE, "at most %d --keep-fd", MAX_KEEP_FDS);
		o->keep[o->n_keep++] = fd;
		return -1;
	}
	case OPT_USER:
		o->user = arg;
		return -1;
	case OPT_ALLOW_ROOT:
		o->allow_root = true;
		return -1;
	case OPT_INFER:
		o->cfg.infer = true;
		return -1;
	case OPT_QUIET:
		o->quiet = true;
		return -1;
	case OPT_SUGGEST:
		o->suggest = arg;
		return -1;
	case 'h':
		fputs(usage_text, stdout);
		return CS_EXIT_OK;
	case OPT_VERSION:
		return print_version();
	default:
		return fail(CS_EXIT_USAGE, "unknown option");
	}
}

/* getopt's own messages are off (opterr), so that one bad option gives one
 * line, naming it. */
static int bad_option(int c, const char *arg)
{
	if (c == ':')
		return fail(CS_EXIT_USAGE, "option '%s' needs an argument", arg);
	return fail(CS_EXIT_USAGE, "unknown option '%s'", arg);
}

/* A usage error; its status is spelled out so that the caller's return
 * value is plain to readers and to the static analyzer alike. */
static int usage_error(const char *msg)
{
	fail(CS_EXIT_USAGE, "%s", msg);
	return CS_EXIT_USAGE;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	int c;

	o->cfg.workspaces = o->workspaces;
	o->cfg.notice = "clawrun";
	o->cfg.load_skill = cs_launch_skill;
	o->cfg.scan_skill = cs_scan_skill_with_helper;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", long_options, NULL)) != -1) {
		if (c == '?' || c == ':') {
			/* A short option is named by optopt; a long one is argv's
			 * word just read. */
			char shortopt[3] = { '-', (char)optopt, '\0' };
			return bad_option(c, optopt && optopt < 256 ? shortopt : argv[optind - 1]);
		}
		int r = parse_option(o, c, optarg);
		if (r >= 0)
			return r;
	}
	if (optind >= argc)
		return usage_error("no command to run (put it after --)");
	o->argv = argv + optind;
	/* Audit mode records what a run needs whatever is granted, so it can
	 * start from nothing. */
	if (!o->cfg.skill_dir && !o->cfg.profile_path && !o->cfg.caps && o->mode == CS_MODE_AUDIT)
		o->cfg.caps = "";
	if (!o->cfg.skill_dir && !o->cfg.profile_path && !o->cfg.caps)
		return usage_error("no policy: give --skill, --profile or --caps");
	if (!!o->cfg.skill_dir + !!o->cfg.profile_path + !!o->cfg.caps > 1)
		return usage_error("give only one of --skill, --profile and --caps");
	if (o->log && o->no_log)
		return usage_error("--log and --no-log contradict each other");
	if (o->cfg.infer && !o->cfg.skill_dir)
		return usage_error("--infer goes with --skill");
	if (o->suggest && o->mode != CS_MODE_AUDIT)
		return usage_error("--suggest-profile goes with --mode audit");
	return -1;
}

/* ---- child/parent messages ------------------------------------------------- */

/* One message per datagram: a kind byte, then text or an errno; the
 * listener travels as SCM_RIGHTS with kind 'L'. */
enum msg_kind { MSG_LISTENER = 'L', MSG_SETUP_ERROR = 'S', MSG_EXEC_ERROR = 'X' };

static void send_msg(int sock, char kind, const void *data, size_t len, int fd)
{
	char buf[1024];
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { buf, 1 + (len < sizeof(buf) - 1 ? len : sizeof(buf) - 1) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	buf[0] = kind;
	memcpy(buf + 1, data, iov.iov_len - 1);
	if (fd >= 0) {
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.space;
		mh.msg_controllen = sizeof(ctl.space);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(int));
	}
	while (sendmsg(sock, &mh, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

/* Returns the message length (0 at end of stream), its descriptor in *fd. */
static ssize_t recv_msg(int sock, char *buf, size_t size, int *fd)
{
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { buf, size - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.space,
			     .msg_controllen = sizeof(ctl.space) };
	ssize_t n;

	*fd = -1;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	return n;
}

/* ---- the child ------------------------------------------------------------- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* Closes every descriptor above 2 except the kept ones, the socket to the
 * parent and the Landlock ruleset: an inherited socket or writable file
 * must not outlive the launcher inside the sandbox. */
static int close_inherited(const int *keep, size_t n_keep, int sock, int ruleset)
{
	int fds[MAX_KEEP_FDS + 2];
	size_t n = 0;
	unsigned lo = 3;

	for (size_t i = 0; i < n_keep; i++)
		if (keep[i] > 2)
			fds[n++] = keep[i];
	fds[n++] = sock;
	if (ruleset >= 0)
		fds[n++] = ruleset;
	qsort(fds, n, sizeof(int), cmp_int);
	for (size_t i = 0; i < n; i++) {
		if ((unsigned)fds[i] > lo && syscall(SYS_close_range, lo, fds[i] - 1, 0) < 0)
			return -errno;
		if ((unsigned)fds[i] >= lo)
			lo = (unsigned)fds[i] + 1;
	}
	return syscall(SYS_close_range, lo, ~0U, 0) < 0 ? -errno : 0;
}

/* Words the error, frees it (the heap is clawrun's too) and ends the child. */
static void __attribute__((noreturn)) child_setup_error(int sock, struct cs_diags *d)
{
	char text[1000] = "";
	size_t used = 0;

	for (size_t i = 0; i < d->n && used < sizeof(text) - 1; i++) {
		_cleanup_free_ char *line = cs_diag_format(&d->v[i]);
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%s", i ? "\n" : "",
					 line ? line : d->v[i].msg);
	}
	cs_diags_free(d);
	send_msg(sock, MSG_SETUP_ERROR, text, strlen(text), -1);
	_exit(CS_EXIT_SETUP);
}

/* The tool keeps the user's permissions inside its write roots: say so when
 * a workspace is not writable for it. */
static void warn_unwritable(const struct options *o)
{
	for (size_t i = 0; i < o->cfg.n_workspaces; i++)
		if (access(o->workspaces[i], W_OK | X_OK) < 0)
			fprintf(stderr, "clawrun: warning: workspace %s is not writable by user %s "
					"(uid %u), who runs the tool\n",
				o->workspaces[i], o->as.name, (unsigned)o->as.uid);
}

/* The child shares clawrun's memory (CLONE_VM, as posix_spawn's child does):
 * no page tables to copy and no copy-on-write fault on either side. While
 * it sets up, clawrun waits for its first message and touches nothing, so
 * the child may use the heap (to word an error only); once it has sent its
 * listener, clawrun runs again and the child makes system calls only, up to
 * execve, which gives it memory of its own. */
struct child_args {
	const struct options *o;
	const struct cs_confine_opts *co;
	const struct cs_confine_prep *prep;
	const char *path;
	int sock;
	sigset_t old_mask;
	pid_t parent;
};

/* execve leaving errno alone: the child shares clawrun's thread-local errno,
 * which clawrun, running again by then, may set at any moment. */
static long raw_execve(const char *path, char *const argv[], char *const envp[])
{
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "0"((long)SYS_execve), "D"(path), "S"(argv), "d"(envp)
			 : "rcx", "r11", "memory");
	return r;
}

static int __attribute__((noreturn)) child_main(void *arg)
{
	const struct child_args *a = arg;
	const struct options *o = a->o;
	struct cs_diags d = { 0 };
	struct cs_confine_state st;
	sigset_t all;

	/* No signal handler or default action mid-way: a signal from the
	 * terminal waits for the exec, or ends the child at its mask change. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	/* The tool dies with its supervisor rather than run on unsupervised. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != a->parent)
		_exit(CS_EXIT_SETUP);
	int r = close_inherited(o->keep, o->n_keep, a->sock, a->prep->ruleset);
	if (r < 0) {
		cs_diag_add(&d, NULL, 0, 0, NULL, "cannot close inherited descriptors: %s",
			    strerror(-r));
		child_setup_error(a->sock, &d);
	}
	if (o->as.change) {
		if (cs_privs_become(o->as.uid, o->as.gid, o->as.groups, o->as.n_groups, &d) < 0)
			child_setup_error(a->sock, &d);
		/* A change of credentials clears the parent-death signal. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != a->parent)
			_exit(CS_EXIT_SETUP);
		warn_unwritable(o);
	}
	if (cs_confine_enter(a->co, a->prep, &st, &d) < 0)
		child_setup_error(a->sock, &d);
	if (a->prep->ruleset >= 0)
		close(a->prep->ruleset);
	send_msg(a->sock, MSG_LISTENER, "", 0, st.listener);
	close(st.listener);
	sigprocmask(SIG_SETMASK, &a->old_mask, NULL);
	int e = (int)-raw_execve(a->path, o->argv, environ);
	sigprocmask(SIG_SETMASK, &all, NULL);
	send_msg(a->sock, MSG_EXEC_ERROR, &e, sizeof(e), -1);
	_exit(e == ENOENT ? CS_EXIT_NOTFOUND : CS_EXIT_NOEXEC);
}

/* The child's stack, with a guard page below it. */
#define CHILD_STACK_SIZE (512 * 1024)

static void *child_stack(size_t *size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char *base;

	*size = CHILD_STACK_SIZE + page;
	base = mmap(NULL, *size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base, page, PROT_NONE) < 0) {
		munmap(base, *size);
		return NULL;
	}
	return base;
}

/* ---- the parent: supervisor ---------------------------------------------------- */

/* The parent's view of one run. The tool "started" once its listener came
 * and the socket closed on exec without an exec error. */
struct run {
	pid_t child;
	int sock;
	int sigfd;
	int listener;
	struct cs_supervisor sv;
	bool have_sv;
	bool setup_error;
	int exec_errno;
	bool started;
	bool exited;
	int status;
	int stop_signal; /* a terminating signal that ended the run early */
	int term_signals; /* terminating signals received so far */
};

struct ctx {
	const struct options *o;
	struct cs_profile *p;
	struct cs_eventlog *log;
	const struct cs_strv *loaders;
};

static bool terminating(int sig)
{
	return sig == SIGINT || sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT;
}

/* A terminating signal before the tool runs, or a second one, ends the run
 * (the caller then kills the whole tree); the first one once it runs goes to
 * the tool, which may end gracefully, and its descendants die with it. */
static void handle_signals(struct run *r)
{
	struct signalfd_siginfo si;

	while (read(r->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		int sig = (int)si.ssi_signo;
		if (sig == SIGCHLD) {
			cs_reaper_collect(r->child, &r->status, &r->exited);
			continue;
		}
		if (terminating(sig) && (!r->started || r->term_signals++ > 0)) {
			r->stop_signal = sig;
			return;
		}
		if (r->started)
			kill(r->child, sig);
	}
}

static void print_setup_error(char *text)
{
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		fprintf(stderr, "clawrun: %s\n", line);
}

/* The child's messages: its listener, then nothing (exec closed the socket),
 * or why it failed. Returns a negative errno when the supervisor cannot
 * start. */
static int read_child_messages(struct run *r, const struct ctx *c)
{
	char buf[1100];
	int fd;
	ssize_t n = recv_msg(r->sock, buf, sizeof(buf), &fd);

	if (n <= 0) {
		close(r->sock);
		r->sock = -1;
		r->started = r->listener >= 0 && !r->exec_errno && !r->setup_error;
		return 0;
	}
	if (buf[0] == MSG_LISTENER && fd >= 0 && r->listener < 0) {
		r->listener = fd;
		int e = cs_supervisor_init(&r->sv, fd, r->child, c->o->mode, c->p, c->log,
					   c->loaders);
		r->have_sv = e == 0;
		r->sv.observe = c->o->observe;
		if (r->have_sv && !c->o->quiet) {
			r->sv.say = stderr;
			r->sv.log_path = c->o->log_path && strcmp(c->o->log_path, "-") == 0
						 ? "standard error" : c->o->log_path;
		}
		return e < 0 ? e : 0;
	}
	if (fd >= 0)
		close(fd);
	if (buf[0] == MSG_SETUP_ERROR) {
		r->setup_error = true;
		print_setup_error(buf + 1);
	} else if (buf[0] == MSG_EXEC_ERROR && n >= (ssize_t)(1 + sizeof(int))) {
		memcpy(&r->exec_errno, buf + 1, sizeof(int));
	}
	return 0;
}

/* Serves the tool until its main process ends or a signal ends the run.
 * Returns 0, or a negative errno when the supervisor failed. */
static int supervise(struct run *r, const struct ctx *c)
{
	bool listening = true;

	while (!r->exited && !r->stop_signal) {
		struct pollfd p[3] = { { r->sigfd, POLLIN, 0 },
				       { r->sock, POLLIN, 0 },
				       { listening ? r->listener : -1, POLLIN, 0 } };
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		/* Signals first: one pending since the start ends the run before
		 * the tool counts as started. */
		if (p[0].revents & POLLIN) {
			handle_signals(r);
			if (r->stop_signal)
				break;
		}
		if (p[2].revents & POLLIN) {
			int e = cs_supervisor_handle(&r->sv);
			if (e < 0)
				return e;
		} else if (p[2].revents & (POLLHUP | POLLERR | POLLNVAL)) {
			listening = false; /* no confined process is left */
		}
		if (p[1].revents) {
			int e = read_child_messages(r, c);
			if (e < 0)
				return e;
		}
	}
	return 0;
}

static int exit_status(const struct run *r, const char *cmd)
{
	if (r->setup_error)
		return CS_EXIT_SETUP;
	if (r->exec_errno) {
		fprintf(stderr, "clawrun: %s: %s\n", cmd, strerror(r->exec_errno));
		return r->exec_errno == ENOENT ? CS_EXIT_NOTFOUND : CS_EXIT_NOEXEC;
	}
	if (r->stop_signal && !r->started)
		return 128 + r->stop_signal;
	if (r->listener < 0) {
		fprintf(stderr, "clawrun: the confined process failed before it could start\n");
		return CS_EXIT_SETUP;
	}
	if (WIFEXITED(r->status))
		return WEXITSTATUS(r->status);
	if (WIFSIGNALED(r->status))
		return 128 + WTERMSIG(r->status);
	return CS_EXIT_SETUP;
}

static void log_degraded(struct cs_eventlog *log, const struct cs_strv *missing)
{
	cJSON *extra = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(extra, "missing");

	for (size_t i = 0; list && i < missing->n; i++)
		cJSON_AddItemToArray(list, cJSON_CreateString(missing->v[i]));
	struct cs_event e = { .event = "confinement_degraded",
			      .detail = "the kernel cannot enforce part of the profile",
			      .pid = getpid(), .extra = extra };
	cs_eventlog_write(log, &e);
	cJSON_Delete(extra);
	for (size_t i = 0; i < missing->n; i++)
		fprintf(stderr, "clawrun: warning: not enforced (\"degraded\": \"allow\"): %s\n",
			missing->v[i]);
}

static int launch(const struct options *o, struct cs_profile *p, const char *path,
		  struct cs_eventlog *log)
{
	_cleanup_strv_ struct cs_strv interps = { 0 }, loaders = { 0 }, missing = { 0 };
	struct cs_confine_opts co = { .profile = p, .mode = o->mode, .supervised = true,
				     .single_threaded = true, .build = cs_confine_build_program };
	struct run r = { .listener = -1, .sock = -1 };
	struct cs_confine_prep prep = { .ruleset = -1 };
	struct child_args args = { .o = o, .co = &co, .prep = &prep, .path = path };
	struct cs_diags d = { 0 };
	size_t stack_size = 0;
	char *stack;
	int sv[2];
	sigset_t mask;

	if (cs_launch_loaders(p, &interps, &loaders) < 0)
		return fail(CS_EXIT_SETUP, "out of memory");
	co.exec_paths = &interps;
	if (cs_confine_check(&co, &missing) < 0)
		return fail(CS_EXIT_SETUP, "out of memory");
	if (missing.n && p->degraded != CS_DEGRADED_ALLOW) {
		for (size_t i = 0; i < missing.n; i++)
			fprintf(stderr, "clawrun: this kernel cannot enforce %s; the profile may "
					"say \"degraded\": \"allow\" to run without it\n",
				missing.v[i]);
		return CS_EXIT_SETUP;
	}
	if (missing.n)
		log_degraded(log, &missing);
	if (cs_confine_prepare(&co, &prep, &d) < 0) {
		cs_diags_print(&d, stderr, "clawrun: ");
		cs_diags_free(&d);
		cs_confine_prep_free(&prep);
		return CS_EXIT_SETUP;
	}

	/* Signals are blocked before the child starts and read from a
	 * signalfd, so one that comes at any moment, even before the tool has
	 * handed over its listener, is seen by the loop below. */
	sigemptyset(&mask);
	for (int s = 0, sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
	     s < 7; s++)
		sigaddset(&mask, sigs[s]);
	sigprocmask(SIG_BLOCK, &mask, &args.old_mask);
	r.sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (r.sigfd < 0)
		return fail(CS_EXIT_SETUP, "signalfd: %s", strerror(errno));
	/* Every descendant stays below clawrun, whatever it forks or setsid()s,
	 * so that none outlives the run. */
	if (cs_reaper_claim() < 0)
		return fail(CS_EXIT_SETUP, "cannot become a subreaper: %s", strerror(errno));
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return fail(CS_EXIT_SETUP, "socketpair: %s", strerror(errno));
	if (!(stack = child_stack(&stack_size)))
		return fail(CS_EXIT_SETUP, "no memory for the child's stack: %s", strerror(errno));
	fflush(NULL);
	args.sock = sv[1];
	args.parent = getpid();
	r.child = clone(child_main, stack + stack_size, CLONE_VM | SIGCHLD, &args);
	if (r.child < 0) {
		int e = errno;
		munmap(stack, stack_size);
		cs_confine_prep_free(&prep);
		return fail(CS_EXIT_SETUP, "clone: %s", strerror(e));
	}
	close(sv[1]);
	r.sock = sv[0];

	struct ctx c = { .o = o, .p = p, .log = log, .loaders = &loaders };
	/* The child's setup: its listener, why it failed, or its end. Nothing
	 * else runs here meanwhile (see child_main). */
	int e = read_child_messages(&r, &c);
	if (e == 0)
		e = supervise(&r, &c);
	/* The whole tree dies before the listener closes: a process left
	 * behind must never run without its supervisor. */
	cs_reaper_kill_all(r.child, &r.status, &r.exited);
	munmap(stack, stack_size);
	cs_confine_prep_free(&prep);
	if (r.have_sv)
		cs_supervisor_free(&r.sv);
	if (r.listener >= 0)
		close(r.listener);
	if (r.sock >= 0)
		close(r.sock);
	close(r.sigfd);
	if (e < 0)
		return fail(CS_EXIT_SETUP, "supervisor: %s; the tool was stopped", strerror(-e));
	return exit_status(&r, o->argv[0]);
}

/* ---- the private temporary directory ----------------------------------------- */

/* With 'filesystem' a tool expects a usable TMPDIR (pip, mktemp, compilers),
 * and the shared /tmp is not among its write roots. It gets its own, in the
 * first workspace: already a place the tool writes to, owned by its user,
 * and on the filesystem its results go to, so a temporary file can be
 * renamed into place. Without a workspace of the tool's user, in /tmp. */
static int private_tmp(const struct options *o, struct cs_profile *p, struct cs_tmpdir *t)
{
	static const char *const vars[] = { "TMPDIR", "TMP", "TEMP" };
	_cleanup_free_ char *ws = NULL;
	int r = -ENOENT;

	/* An audit run gets one too: what it writes there needs 'filesystem'
	 * and no write root of its own. */
	if (!cs_capset_has(p->caps, CS_CAP_FILESYSTEM) && o->mode != CS_MODE_AUDIT)
		return 0;
	struct stat st;
	/* Only in a workspace of the tool's own user, who can reach it. */
	if (o->cfg.n_workspaces && (ws = realpath(o->workspaces[0], NULL)) &&
	    stat(ws, &st) == 0 && st.st_uid == (o->as.change ? o->as.uid : geteuid()))
		r = cs_tmpdir_create(ws, o->as.change, o->as.uid, o->as.gid, t);
	if (r < 0)
		r = cs_tmpdir_create("/tmp", o->as.change, o->as.uid, o->as.gid, t);
	if (r < 0)
		return fail(CS_EXIT_SETUP, "cannot make a private temporary directory: %s",
			    strerror(-r));
	if (cs_strv_push(&p->write, t->path) < 0)
		return fail(CS_EXIT_SETUP, "out of memory");
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if (setenv(vars[i], t->path, 1) < 0)
			return fail(CS_EXIT_SETUP, "setenv: %s", strerror(errno));
	return 0;
}

static void remove_tmp(struct cs_tmpdir *t)
{
	_cleanup_free_ char *path = t->path ? strdup(t->path) : NULL;
	int r = cs_tmpdir_remove(t);

	if (r < 0)
		fprintf(stderr, "clawrun: warning: cannot remove the temporary directory %s: %s\n",
			path ? path : "", r == -ESTALE ? "it was replaced during the run"
						       : strerror(-r));
}

/* ---- the security log ------------------------------------------------------------ */

/* --log, else the profile's log. The default one lies in OpenClaw's state
 * directory; on a machine without OpenClaw (no such directory) clawrun
 * does not create it and keeps no log, denials still being said on the
 * terminal. */
static const char *choose_log(const struct options *o, const struct cs_profile *p)
{
	_cleanup_free_ char *state = NULL;
	struct stat st;

	if (o->no_log)
		return NULL;
	if (o->log)
		return o->log;
	if (!p->log || !(state = cs_launch_state_dir()))
		return p->log;
	size_t n = strlen(state);
	if (strncmp(p->log, state, n) == 0 && p->log[n] == '/' && stat(state, &st) < 0)
		return NULL;
	return p->log;
}

/* A relative state directory means the same for the tool's every process
 * only once made absolute. */
static int absolute_state_dir(void)
{
	const char *s = getenv("OPENCLAW_STATE_DIR");
	_cleanup_free_ char *abs = NULL;

	if (!s || !*s || s[0] == '/')
		return 0;
	abs = cs_launch_state_dir();
	if (!abs || setenv("OPENCLAW_STATE_DIR", abs, 1) < 0)
		return fail(CS_EXIT_SETUP, "cannot resolve OPENCLAW_STATE_DIR '%s'", s);
	return 0;
}

/* ---- programs outside exec.allow ---------------------------------------------- */

/* Landlock would refuse to run CMD with EACCES and no record; clawrun
 * knows the path it is about to run and says why before starting it. In
 * audit mode it is said and the tool runs. Returns 0 to go on, or the exit
 * status. */
static int check_exec_allow(const struct options *o, const struct cs_profile *p,
			    const char *path, struct cs_eventlog *log)
{
	bool audit = o->mode == CS_MODE_AUDIT;

	if (cs_launch_exec_allowed(p, path))
		return 0;
	_cleanup_free_ char *why = cs_asprintf("%s is not in the profile's exec.allow", path);
	struct cs_event e = { .event = audit ? "would_deny" : "exec_denied",
			      .capability = "shell", .syscall = "execve",
			      .detail = why, .pid = getpid(), .exe = path };
	cs_eventlog_write(log, &e);
	if (!o->quiet || !audit) {
		fprintf(stderr, "clawrun: %s: %s is not in the profile's exec.allow (",
			audit ? "would deny" : "denied", path);
		for (size_t i = 0; i < p->exec_allow.n && i < 4; i++)
			fprintf(stderr, "%s%s", i ? ", " : "", p->exec_allow.v[i]);
		fprintf(stderr, "%s): add it there to run it", p->exec_allow.n > 4 ? ", ..." : "");
		if (o->log_path)
			fprintf(stderr, " (logged to %s)",
				strcmp(o->log_path, "-") ? o->log_path : "standard error");
		fputc('\n', stderr);
	}
	return audit ? 0 : CS_EXIT_NOEXEC;
}

/* ---- what an audit run needed ------------------------------------------------ */

/* A FILE that is not a profile, or that cannot be written, is refused
 * before the tool runs, not after. */
static int suggest_check(const char *file)
{
	struct cs_diags d = { 0 };

	if (cs_suggest_check(file, &d) == 0)
		return 0;
	print_diags(&d);
	cs_diags_free(&d);
	return fail(CS_EXIT_SETUP,
		    "--suggest-profile: %s cannot take the suggested profile; the tool did not run",
		    file);
}

/* The summary, printed even with --quiet (it is what an audit run is
 * for), and the suggested profile. Returns the run's status, or 125 when
 * the profile could not be written. */
static int report_audit(const struct options *o, const struct cs_profile *p, int status)
{
	struct cs_diags d = { 0 };
	_cleanup_free_ char *summary = cs_needs_summary(&o->observe->needs);

	fprintf(stderr, "clawrun: this run needed: %s\n", summary ? summary : "(out of memory)");
	if (!o->suggest)
		return status;
	if (cs_suggest_write(o->suggest, &o->observe->needs,
			     (const char *const *)o->observe->workspaces.v,
			     o->observe->workspaces.n, p->skill, &d) < 0) {
		print_diags(&d);
		cs_diags_free(&d);
		return CS_EXIT_SETUP;
	}
	fprintf(stderr, "clawrun: profile written to %s\n", o->suggest);
	return status;
}

/* ---- blocked skills --------------------------------------------------------- */

/* Findings kept in a skill_blocked record: enough to act on, and the line
 * stays under PIPE_BUF. */
#define BLOCKED_FINDINGS_LOGGED 8

static void log_blocked(const struct options *o, const struct cs_profile *p,
			const struct cs_scan_report *scan)
{
	struct cs_eventlog log;
	struct cs_diags d = { 0 };

	if (cs_eventlog_open(&log, o->log_path, &d) < 0) {
		print_diags(&d);
		cs_diags_free(&d);
		return;
	}
	log.skill = p->skill;
	log.mode = o->mode;
	if (o->session_key)
		log.session_key = o->session_key;
	if (o->agent_id)
		log.agent_id = o->agent_id;
	cJSON *extra = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(extra, "findings");
	for (size_t i = 0; list && i < scan->n && i < BLOCKED_FINDINGS_LOGGED; i++) {
		cJSON *f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "ruleId", scan->v[i].rule->id);
		cJSON_AddStringToObject(f, "severity", cs_scan_severity_name(scan->v[i].severity));
		cJSON_AddNumberToObject(f, "line", scan->v[i].line);
		cJSON_AddItemToArray(list, f);
	}
	_cleanup_free_ char *detail = cs_asprintf("%u critical, %u warn findings in SKILL.md",
						  scan->count[CS_SCAN_CRITICAL],
						  scan->count[CS_SCAN_WARN]);
	struct cs_event e = { .event = "skill_blocked", .detail = detail, .pid = getpid(),
			      .exe = o->argv[0], .extra = extra };
	cs_eventlog_write(&log, &e);
	cJSON_Delete(extra);
	cs_eventlog_close(&log);
}

/* A skill the scanner blocks never runs a tool; in audit mode the block is
 * logged and the tool runs, as every other denial is. */
static int refuse_blocked(const struct options *o, const struct cs_profile *p,
			  const struct cs_scan_report *scan)
{
	bool audit = o->mode == CS_MODE_AUDIT;

	log_blocked(o, p, scan);
	fprintf(stderr, "clawrun: skill '%s' is blocked by the SKILL.md scanner%s:\n",
		p->skill ? p->skill : o->cfg.skill_dir, audit ? " (audit mode: running it)" : "");
	for (size_t i = 0; i < scan->n; i++)
		if (scan->v[i].severity == CS_SCAN_CRITICAL)
			fprintf(stderr, "clawrun:   %s/SKILL.md:%u: %s: %s\n", o->cfg.skill_dir,
				scan->v[i].line, scan->v[i].rule->id, scan->v[i].message);
	if (!audit)
		fprintf(stderr, "clawrun: see 'clawaudit skills info %s'\n", o->cfg.skill_dir);
	return audit ? 0 : CS_EXIT_SETUP;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct cs_diags d = { 0 };
	struct cs_profile p;
	struct cs_eventlog log;
	int r = parse_args(argc, argv, &o);

	if (r >= 0)
		return r;
	if (cs_runas_choose(geteuid(), o.user, o.allow_root,
			    o.cfg.n_workspaces ? o.workspaces[0] : NULL, &o.as, &d) < 0) {
		r = print_diags(&d);
		cs_diags_free(&d);
		return r;
	}
	r = absolute_state_dir();
	if (r)
		return r;
	struct cs_scan_report scan = { 0 };
	o.cfg.scan = &scan;
	r = cs_launch_profile(&o.cfg, &p, &d);
	if (r == 0 || r == -EPERM)
		o.log_path = choose_log(&o, &p);
	if (r == -EPERM && scan.blocked) {
		r = refuse_blocked(&o, &p, &scan);
		if (r != 0) {
			cs_scan_report_free(&scan);
			cs_profile_free(&p);
			return r;
		}
	} else if (r < 0) {
		cs_scan_report_free(&scan);
		r = print_diags(&d);
		cs_diags_free(&d);
		return r;
	}
	cs_scan_report_free(&scan);
	_cleanup_free_ char *path = cs_launch_resolve(o.argv[0]);
	if (!path) {
		int e = errno;
		cs_profile_free(&p);
		return fail(e == ENOENT ? CS_EXIT_NOTFOUND : CS_EXIT_NOEXEC, "%s: %s", o.argv[0],
			    e == ENOENT && !strchr(o.argv[0], '/') ? "command not found"
								    : strerror(e));
	}
	if (cs_eventlog_open(&log, o.log_path, &d) < 0) {
		cs_profile_free(&p);
		r = print_diags(&d);
		cs_diags_free(&d);
		return r;
	}
	log.skill = p.skill;
	log.mode = o.mode;
	log.cap = CS_EVENTLOG_CAP;
	if (o.session_key)
		log.session_key = o.session_key;
	if (o.agent_id)
		log.agent_id = o.agent_id;
	if (geteuid() == 0 && !o.as.change) {
		struct cs_event e = { .event = "running_as_root",
				      .detail = "--allow-root: the tool runs as uid 0 without "
						"capabilities",
				      .pid = getpid() };
		cs_eventlog_write(&log, &e);
	}
	struct cs_tmpdir tmp = { 0 };
	struct cs_observer obs = { 0 };
	r = o.suggest ? suggest_check(o.suggest) : 0;
	if (r == 0)
		r = check_exec_allow(&o, &p, path, &log);
	if (r == 0)
		r = private_tmp(&o, &p, &tmp);
	/* Enforce mode uses it to judge what Landlock refuses, for the log. */
	if (r == 0) {
		if (cs_observer_init(&obs, &p, o.workspaces, o.cfg.n_workspaces, tmp.path) < 0)
			r = fail(CS_EXIT_SETUP, "out of memory");
		else
			o.observe = &obs;
	}
	if (r == 0)
		r = launch(&o, &p, path, &log);
	if (o.mode == CS_MODE_AUDIT && obs.launched)
		r = report_audit(&o, &p, r);
	cs_observer_free(&obs);
	remove_tmp(&tmp);
	cs_eventlog_close(&log);
	cs_profile_free(&p);
	return r;
}
