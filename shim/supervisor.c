/* See supervisor.h. Three kinds of notification reach the supervisor:
 *   - a call the policy denies: logged, then answered EPERM (audit mode:
 *     allowed);
 *   - execve/execveat without 'shell': the tool's own launch (the first one,
 *     from the first process) is allowed, every later one denied;
 *   - arch_prctl(ARCH_SET_FS) with an exec allowlist: refused, and the
 *     process killed, when /proc/PID/exe is a dynamic loader, which means
 *     the loader was run directly to start a program Landlock would refuse,
 *     or when the new program's environment carries a variable that makes
 *     the loader map code Landlock's EXECUTE right never sees (LD_PRELOAD
 *     and kin). The loader sets %fs once it has mapped the libraries and
 *     before any of their code or the program's runs, and at that moment
 *     nothing but the loader has touched the fresh image: the environment
 *     read from /proc/PID/environ is the one the loader used;
 *   - a call Landlock judges (a write open, connect, bind), handed over
 *     for the record only: what Landlock refuses (a write outside the
 *     roots or without 'filesystem', a TCP port outside the list) is
 *     logged, and the call continued so that Landlock decides;
 *   - audit mode: every call a capability gates, with connect and bind,
 *     recorded (shim/observe.c) and continued. */
#include "clawshim/supervisor.h"
#include "clawshim/eventlog.h"
#include "clawshim/landlock_rules.h"
#include "clawshim/profile.h"
#include "clawshim/seccomp_rules.h"
#include "clawshim/util.h"
#include "observe.h"

#include <asm/prctl.h>
#include <errno.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The notification buffers, as large as the kernel's structures, which may
 * have grown since these headers. Asked directly: libseccomp's allocator
 * first probes the whole seccomp API, ten system calls made while the
 * tool's first exec waits for this supervisor. */
static int alloc_notif(struct cs_supervisor *s)
{
	struct seccomp_notif_sizes sz;

	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sz) < 0)
		return -errno;
	s->req_size = sz.seccomp_notif > sizeof(*s->req) ? sz.seccomp_notif : sizeof(*s->req);
	s->req = calloc(1, s->req_size);
	s->resp = calloc(1, sz.seccomp_notif_resp > sizeof(*s->resp) ? sz.seccomp_notif_resp
									 : sizeof(*s->resp));
	return s->req && s->resp ? 0 : -ENOMEM;
}

int cs_supervisor_init(struct cs_supervisor *s, int listener, pid_t first_pid,
		       enum cs_run_mode mode, const struct cs_profile *p, struct cs_eventlog *log,
		       const struct cs_strv *loaders)
{
	*s = (struct cs_supervisor){ .listener = listener, .first_pid = first_pid, .mode = mode,
				     .profile = p, .log = log };
	s->policy = cs_sc_policy_of(p, mode == CS_MODE_ENFORCE &&
					    cs_landlock_judges(cs_landlock_abi()));
	s->exec_once = cs_sc_exec_once(&s->policy);
	for (size_t i = 0; loaders && i < loaders->n && s->n_loaders < CS_MAX_LOADERS; i++) {
		struct stat st;
		if (stat(loaders->v[i], &st) < 0)
			continue;
		s->loader_dev[s->n_loaders] = st.st_dev;
		s->loader_ino[s->n_loaders++] = st.st_ino;
	}
	/* Judges what Landlock will refuse, for the log; a launcher may put
	 * its own in place (audit mode records needs in it). */
	s->own_observer = calloc(1, sizeof(*s->own_observer));
	if (!s->own_observer || cs_observer_init(s->own_observer, p, NULL, 0, NULL) < 0) {
		free(s->own_observer);
		s->own_observer = NULL;
		return -ENOMEM;
	}
	s->observe = s->own_observer;
	return alloc_notif(s);
}

void cs_supervisor_free(struct cs_supervisor *s)
{
	free(s->req);
	free(s->resp);
	s->req = NULL;
	s->resp = NULL;
	cs_strv_free(&s->said);
	if (s->own_observer)
		cs_observer_free(s->own_observer);
	free(s->own_observer);
	s->own_observer = NULL;
	s->observe = NULL;
}

/* The listener's ioctls, raw: libseccomp folds every failure into
 * -ECANCELED, and these errnos decide whether the supervisor goes on. */
static int notif_ioctl(int listener, unsigned long op, void *arg)
{
	return ioctl(listener, op, arg) < 0 ? -errno : 0;
}

/* 0 while the notification is pending: its pid is still the process that
 * asked and its memory still the one that made the call. */
static int id_valid(const struct cs_supervisor *s)
{
	uint64_t id = s->req->id;
	return notif_ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id);
}

static bool runs_a_loader(const struct cs_supervisor *s, pid_t pid)
{
	char link[64];
	struct stat st;

	snprintf(link, sizeof(link), "/proc/%d/exe", (int)pid);
	if (stat(link, &st) < 0)
		return false; /* gone: nothing left to run */
	for (size_t i = 0; i < s->n_loaders; i++)
		if (s->loader_dev[i] == st.st_dev && s->loader_ino[i] == st.st_ino)
			return true;
	return false;
}

extern char **environ;

/* Variables that make the dynamic loader map or run code from files of the
 * caller's choosing. */
static const char *const loader_vars[] = {
	"LD_PRELOAD", "LD_AUDIT", "LD_LIBRARY_PATH", "GCONV_PATH", "GLIBC_TUNABLES",
};

/* Set in clawrun's own environment to the same value: the caller's choice,
 * not the tool's. */
static bool inherited_from_clawrun(const char *entry)
{
	for (char **e = environ; e && *e; e++)
		if (strcmp(*e, entry) == 0)
			return true;
	return false;
}

/* The first loader variable the tool put into pid's environment, copied
 * into var; "" when none. Returns 0, or a negative errno when the
 * environment cannot be read (the caller refuses then). */
static int loader_variable(pid_t pid, char *var, size_t size)
{
	char path[64];
	char *env = NULL;
	size_t len;

	var[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
	int r = cs_read_file(path, 64u << 20, &env, &len);
	if (r < 0)
		return r;
	for (size_t i = 0; i < len && !var[0]; i += strnlen(env + i, len - i) + 1) {
		const char *entry = env + i;
		size_t n = strnlen(entry, len - i);
		if (n == len - i)
			break; /* unterminated: cannot be a whole entry */
		for (size_t k = 0; k < sizeof(loader_vars) / sizeof(loader_vars[0]); k++) {
			size_t vl = strlen(loader_vars[k]);
			if (strncmp(entry, loader_vars[k], vl) == 0 && entry[vl] == '=' &&
			    !inherited_from_clawrun(entry)) {
				snprintf(var, size, "%s", loader_vars[k]);
				break;
			}
		}
	}
	free(env);
	return 0;
}

/* Past this many distinct denials the terminal gets one last line and the
 * log keeps the rest. */
#define MAX_SAID 32

static void say_reason(FILE *f, const char *event, const char *cap, const char *detail,
		       const char *key, const char *why)
{
	if (why)
		fputs(why, f);
	else if (strcmp(event, "exec_denied") == 0)
		fprintf(f, "%s (profile key exec.allow)", detail ? detail : "");
	else if (key)
		fprintf(f, "needs profile key '%s'%s%s%s", key, cap ? " (capability '" : "",
			cap ? cap : "", cap ? "')" : "");
	else if (cap)
		fprintf(f, "needs capability '%s'", cap);
	else
		fputs("never allowed to a skill's tools", f);
}

/* One human line on the terminal per distinct denial, as the preload shim
 * does: what was denied, what would allow it, where the record is. */
static void say_denial(struct cs_supervisor *s, const char *event, const char *cap,
		       const char *syscall_name, const char *detail, const char *exe,
		       const char *profile_key, const char *why)
{
	bool exec = strcmp(event, "exec_denied") == 0;
	/* An audit run says each kind once (its summary lists the rest);
	 * enforce mode each denial. */
	bool audit = s->mode == CS_MODE_AUDIT;
	_cleanup_free_ char *key = cs_asprintf("%s|%s|%s|%s|%s", event, cap ? cap : "",
					       profile_key ? profile_key : "", syscall_name,
					       detail && !audit ? detail : "");
	const char *base = exe && strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
	const char *verb = s->mode == CS_MODE_AUDIT ? "would deny" : "denied";

	if (!s->say || !key || cs_strv_contains(&s->said, key))
		return;
	if (s->said.n == MAX_SAID) {
		fprintf(s->say, "clawrun: further denials are not shown here%s%s\n",
			s->log_path ? "; see " : "", s->log_path ? s->log_path : "");
		cs_strv_push(&s->said, key);
		return;
	}
	if (s->said.n > MAX_SAID || cs_strv_push(&s->said, key) < 0)
		return;
	fprintf(s->say, "clawrun: %s: %s%s%s%s%s: ", verb, base ? base : "", base ? ": " : "",
		syscall_name, detail && !exec ? " " : "", detail && !exec ? detail : "");
	say_reason(s->say, event, cap, detail, profile_key, why);
	if (s->log_path)
		fprintf(s->say, " (logged to %s)\n", s->log_path);
	else
		fputs(" (no log kept)\n", s->say);
	fflush(s->say);
}

/* key: the profile key that would allow the call, when one would; why:
 * the reason no capability does, when the tables give one. */
static void log_event_key(struct cs_supervisor *s, const char *event, const char *cap,
			  const char *syscall_name, const char *detail, const char *key,
			  const char *why)
{
	_cleanup_free_ char *exe = cs_proc_link((pid_t)s->req->pid, "exe");
	struct cs_event e = { .event = event, .capability = cap, .syscall = syscall_name,
			      .detail = detail, .pid = (pid_t)s->req->pid, .exe = exe };

	if ((key || why) && (e.extra = cJSON_CreateObject())) {
		if (key)
			cJSON_AddStringToObject(e.extra, "key", key);
		if (why)
			cJSON_AddStringToObject(e.extra, "reason", why);
	}

	/* Details came from memory the target may have changed meanwhile, and
	 * pid from a process that may have died: keep them only while the
	 * notification is still pending. */
	if (id_valid(s) < 0) {
		e.detail = NULL;
		e.exe = NULL;
	}
	cs_eventlog_write(s->log, &e);
	cJSON_Delete(e.extra);
	say_denial(s, event, cap, syscall_name, e.detail, e.exe, key, why);
}

static void log_event(struct cs_supervisor *s, const char *event, const char *cap,
		      const char *syscall_name, const char *detail)
{
	log_event_key(s, event, cap, syscall_name, detail, NULL, NULL);
}

static int respond(struct cs_supervisor *s, bool allow)
{
	s->resp->id = s->req->id;
	s->resp->val = 0;
	if (allow) {
		s->resp->error = 0;
		s->resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	} else {
		s->resp->error = -EPERM;
		s->resp->flags = 0;
	}
	int r = notif_ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, s->resp);
	/* A target that died, or whose call a signal interrupted, needs no
	 * answer: the kernel already dropped the notification. */
	return r == -ENOENT || r == -ECANCELED ? 0 : r;
}

static void kill_target(struct cs_supervisor *s)
{
	int pidfd = (int)syscall(SYS_pidfd_open, s->req->pid, 0);

	if (pidfd < 0)
		return;
	/* The pidfd names the process that asked only if the notification is
	 * still pending; otherwise the pid may already be someone else's. */
	if (id_valid(s) == 0)
		syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
	close(pidfd);
}

static int handle_loader_check(struct cs_supervisor *s)
{
	pid_t pid = (pid_t)s->req->pid;
	char var[32], why[128];

	if (runs_a_loader(s, pid)) {
		snprintf(why, sizeof(why), "%s",
			 "a dynamic loader run directly on a program outside exec.allow");
	} else {
		int r = loader_variable(pid, var, sizeof(var));
		/* What was read is the asking process's only while the
		 * notification is pending. */
		if (id_valid(s) < 0)
			return 0;
		if (r == 0 && !var[0])
			return respond(s, true);
		if (r < 0)
			snprintf(why, sizeof(why), "the environment of a program under exec.allow "
						   "cannot be read: %s", strerror(-r));
		else
			snprintf(why, sizeof(why), "%s in the environment of a program under "
						   "exec.allow", var);
	}
	s->denied++;
	log_event(s, "exec_denied", "shell", "execve", why);
	if (s->mode == CS_MODE_AUDIT)
		return respond(s, true);
	int r = respond(s, false);
	kill_target(s);
	return r;
}

/* A call Landlock judges: logged when Landlock will refuse it (judged
 * from the arguments, only for the record), then continued so that
 * Landlock decides. */
static int handle_landlock_record(struct cs_supervisor *s, const struct cs_sc_verdict *v,
				  const uint64_t *args)
{
	struct cs_judgement j;

	cs_observe_landlock(s->observe, (pid_t)s->req->pid, s->req->data.nr, args, &j);
	if (j.deny) {
		s->denied++;
		log_event_key(s, "syscall_denied", j.cap, v->name, j.detail, j.key, j.why);
	}
	free(j.detail);
	return respond(s, true);
}

static bool is_exec(const char *name)
{
	return name && (strcmp(name, "execve") == 0 || strcmp(name, "execveat") == 0);
}

/* Audit mode: everything is allowed; what enforce mode would refuse is
 * logged as would_deny, and what the run needs is recorded. */
static int handle_audit(struct cs_supervisor *s, const struct cs_sc_verdict *v,
			const uint64_t *args)
{
	pid_t pid = (pid_t)s->req->pid;
	struct cs_judgement j;

	if (is_exec(v->name) && !s->first_exec_done && pid == s->first_pid) {
		s->first_exec_done = true;
		cs_observe_launch(s->observe, pid, s->req->data.nr, args);
		return respond(s, true);
	}
	cs_observe_call(s->observe, pid, s->req->data.nr, args, &j);
	if (j.deny) {
		_cleanup_free_ char *unknown =
			v->name ? NULL : cs_asprintf("syscall %d", s->req->data.nr);
		s->denied++;
		log_event_key(s, "would_deny", j.cap, v->name ? v->name : unknown, j.detail, j.key,
			      j.why);
	}
	free(j.detail);
	return respond(s, true);
}

/* The tool's own launch in enforce mode: the first exec of the first
 * process, which waits on this answer. Known by its number, before the call
 * is classified: naming a syscall reads libseccomp's tables. */
static bool is_launch(const struct cs_supervisor *s)
{
	int nr = s->req->data.nr;

	return s->mode == CS_MODE_ENFORCE && s->exec_once && !s->first_exec_done &&
	       (pid_t)s->req->pid == s->first_pid && (nr == SYS_execve || nr == SYS_execveat);
}

int cs_supervisor_handle(struct cs_supervisor *s)
{
	struct cs_sc_verdict v;
	const uint64_t *args = (const uint64_t *)s->req->data.args;

	int r;

	do {
		memset(s->req, 0, s->req_size);
		r = notif_ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, s->req);
	} while (r == -EINTR);
	/* ENOENT: the caller was killed or interrupted between the wake-up and
	 * this receive; nothing is pending any more. */
	if (r < 0)
		return r == -ENOENT ? 0 : r;

	if (is_launch(s)) {
		s->first_exec_done = true;
		return respond(s, true);
	}
	cs_syscall_classify(&s->policy, s->req->data.nr, args, &v);
	if (s->mode == CS_MODE_AUDIT)
		return handle_audit(s, &v, args);
	if (s->req->data.nr == SYS_arch_prctl && (uint32_t)args[0] == ARCH_SET_FS)
		return handle_loader_check(s);
	if (v.action == CS_ACT_LANDLOCK)
		return handle_landlock_record(s, &v, args);
	_cleanup_free_ char *detail = cs_syscall_detail((pid_t)s->req->pid, s->req->data.nr, args);
	_cleanup_free_ char *unknown = v.name ? NULL : cs_asprintf("syscall %d", s->req->data.nr);
	s->denied++;
	log_event_key(s, "syscall_denied", v.cap == CS_CAP_NONE ? NULL : cs_cap_name(v.cap),
		      v.name ? v.name : unknown, detail, NULL, v.why);
	return respond(s, s->mode == CS_MODE_AUDIT);
}
