/* See observe.h. Paths are resolved as the kernel would when the call
 * runs: relative ones against the caller's cwd or dirfd through /proc/PID,
 * then with the supervisor's realpath (same mount namespace). What cannot
 * be read is left out of the record; nothing here decides a call. */
#include "observe.h"
#include "clawshim/confine.h"
#include "clawshim/launch.h"
#include "clawshim/landlock_rules.h"
#include "clawshim/profile.h"
#include "clawshim/supervisor.h"
#include "clawshim/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <netinet/in.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CS_O_TMPFILE_BIT 020000000
/* What makes Landlock judge an open (policy/seccomp_rules.c). */
#define RECORD_OPEN_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)

/* What a call's path means for Landlock. */
enum kind {
	K_OPEN,   /* a write open: the file, or its directory when created */
	K_CREATE, /* makes an entry: its directory, unless it exists (EEXIST
		   * comes before Landlock's check) */
	K_PARENT, /* removes or renames an entry: its directory */
	K_EXEC,
	K_CONNECT,
	K_BIND,
};

/* Calls whose Landlock part is judged here; dirfd -1: none (AT_FDCWD). A
 * second path (rename) is judged the same way. Sorted by name. */
CS_STRING_TABLE_BEGIN
static const struct observed {
	char name[16];
	enum kind kind;
	int dirfd, path, dirfd2, path2, flags;
} observed[] = {
	{ "bind", K_BIND, -1, -1, -1, -1, -1 },
	{ "connect", K_CONNECT, -1, -1, -1, -1, -1 },
	{ "creat", K_OPEN, -1, 0, -1, -1, -1 }, /* O_CREAT|O_WRONLY|O_TRUNC */
	{ "execve", K_EXEC, -1, 0, -1, -1, -1 },
	{ "execveat", K_EXEC, 0, 1, -1, -1, 4 },
	{ "link", K_CREATE, -1, 1, -1, -1, -1 },
	{ "linkat", K_CREATE, 2, 3, -1, -1, -1 },
	{ "mkdir", K_CREATE, -1, 0, -1, -1, -1 },
	{ "mkdirat", K_CREATE, 0, 1, -1, -1, -1 },
	{ "mknod", K_CREATE, -1, 0, -1, -1, -1 },
	{ "mknodat", K_CREATE, 0, 1, -1, -1, -1 },
	{ "open", K_OPEN, -1, 0, -1, -1, 1 },
	{ "openat", K_OPEN, 0, 1, -1, -1, 2 },
	{ "rename", K_PARENT, -1, 0, -1, 1, -1 },
	{ "renameat", K_PARENT, 0, 1, 2, 3, -1 },
	{ "renameat2", K_PARENT, 0, 1, 2, 3, -1 },
	{ "rmdir", K_PARENT, -1, 0, -1, -1, -1 },
	{ "symlink", K_CREATE, -1, 1, -1, -1, -1 },
	{ "symlinkat", K_CREATE, 1, 2, -1, -1, -1 },
	{ "unlink", K_PARENT, -1, 0, -1, -1, -1 },
	{ "unlinkat", K_PARENT, 0, 1, -1, -1, -1 },
};
CS_STRING_TABLE_END

static const struct observed *find_observed(const char *name)
{
	for (size_t i = 0; name && i < sizeof(observed) / sizeof(observed[0]); i++)
		if (strcmp(observed[i].name, name) == 0)
			return &observed[i];
	return NULL;
}

static bool under_any(const struct cs_strv *dirs, const char *path)
{
	for (size_t i = 0; i < dirs->n; i++)
		if (cs_path_is_under(path, dirs->v[i]))
			return true;
	return false;
}

static bool is_device(const char *path)
{
	for (const char *const *dev = cs_landlock_devices; *dev; dev++)
		if (cs_path_is_under(path, *dev))
			return true;
	return false;
}

static int push_real(struct cs_strv *v, const char *path)
{
	_cleanup_free_ char *real = realpath(path, NULL);

	return cs_strv_push(v, real ? real : path);
}

int cs_observer_init(struct cs_observer *ob, const struct cs_profile *p,
		     const char *const *workspaces, size_t n_workspaces, const char *tmpdir)
{
	struct cs_profile none = { 0 };
	struct cs_profile all = { .caps = CS_CAPSET_ALL, .unix_sockets = true };
	int r = 0;

	*ob = (struct cs_observer){ .profile = p };
	/* Judged as enforce mode on this kernel: where Landlock judges write
	 * opens, a write to /dev/null needs no capability at all. */
	ob->landlock = cs_landlock_judges(cs_landlock_abi());
	ob->bare = cs_sc_policy_of(&none, ob->landlock);
	ob->real = cs_sc_policy_of(p, ob->landlock);
	ob->full = cs_sc_policy_of(&all, ob->landlock);
	for (size_t i = 0; i < p->write.n && !r; i++)
		r = push_real(&ob->roots, p->write.v[i]);
	for (size_t i = 0; i < n_workspaces && !r; i++)
		r = push_real(&ob->workspaces, workspaces[i]);
	if (!r && tmpdir && !(ob->tmpdir = realpath(tmpdir, NULL)) && !(ob->tmpdir = strdup(tmpdir)))
		r = -ENOMEM;
	if (r)
		cs_observer_free(ob);
	return r;
}

void cs_observer_free(struct cs_observer *ob)
{
	cs_strv_free(&ob->roots);
	cs_strv_free(&ob->workspaces);
	free(ob->tmpdir);
	cs_needs_free(&ob->needs);
}

/* ---- paths ------------------------------------------------------------------ */

/* The absolute path a (dirfd, path) pair of pid names, not yet resolved;
 * an empty path names dirfd itself (AT_EMPTY_PATH). Caller frees. */
static char *absolute_at(pid_t pid, int dirfd_arg, int path_arg, const uint64_t args[6])
{
	_cleanup_free_ char *path = cs_remote_string(pid, args[path_arg]);
	_cleanup_free_ char *base = NULL;
	int dirfd = dirfd_arg < 0 ? AT_FDCWD : (int)(uint32_t)args[dirfd_arg];

	if (!path)
		return NULL;
	if (path[0] == '/')
		return steal_ptr(&path);
	if (dirfd == AT_FDCWD) {
		base = cs_proc_link(pid, "cwd");
	} else {
		char fd[32];
		snprintf(fd, sizeof(fd), "fd/%d", dirfd);
		base = cs_proc_link(pid, fd);
	}
	if (!base)
		return NULL;
	return path[0] ? cs_asprintf("%s/%s", strcmp(base, "/") ? base : "", path)
		       : steal_ptr(&base);
}

/* The entry's directory resolved, then the entry's name: the entry itself
 * may not exist yet, or be a link the call does not follow. */
static char *resolved_parent(const char *abs)
{
	_cleanup_free_ char *copy = strdup(abs);

	if (!copy)
		return NULL;
	char *slash = strrchr(copy, '/');
	/* "/a/b/" names b */
	while (slash && slash != copy && slash[1] == '\0') {
		*slash = '\0';
		slash = strrchr(copy, '/');
	}
	if (!slash)
		return NULL;
	*slash = '\0';
	_cleanup_free_ char *dir = realpath(slash == copy ? "/" : copy, NULL);
	return dir ? steal_ptr(&dir) : strdup(slash == copy ? "/" : copy);
}

static char *resolved(const char *abs)
{
	char *real = realpath(abs, NULL);
	return real ? real : strdup(abs);
}

/* ---- the kinds ------------------------------------------------------------- */

static void deny(struct cs_judgement *j, const char *cap, const char *key, char *detail)
{
	j->deny = true;
	j->cap = cap;
	j->key = key;
	free(j->detail);
	j->detail = detail;
}

/* Writes to these need 'filesystem' but no write root of their own. */
static bool needs_no_root(const struct cs_observer *ob, const char *path)
{
	return is_device(path) || (ob->tmpdir && cs_path_is_under(path, ob->tmpdir));
}

/* A write open Landlock judges (the filter lets it through): the devices
 * are free, everything else needs 'filesystem' and a write root; the other
 * calls the filter itself gates by capability. */
static void judge_write(struct cs_observer *ob, const char *path, const char *named, bool open,
			bool record, struct cs_judgement *j)
{
	bool fs = cs_capset_has(ob->profile->caps, CS_CAP_FILESYSTEM);
	bool free_write = open && ob->landlock && is_device(path);

	if (!path)
		return;
	if (record && !free_write)
		ob->needs.caps |= CS_CAPSET(CS_CAP_FILESYSTEM);
	if (record && !needs_no_root(ob, path))
		cs_needs_add_write(&ob->needs, path);
	if (!fs && open && !free_write)
		deny(j, "filesystem", NULL, NULL); /* the call's own detail says it */
	else if (fs && !needs_no_root(ob, path) && !under_any(&ob->roots, path))
		deny(j, "filesystem", "filesystem.write",
		     named && strcmp(named, path)
			     ? cs_asprintf("%s: %s is outside the write roots", named, path)
			     : cs_asprintf("%s is outside the write roots", path));
}

/* What Landlock judges for the path a call names (in *abs). */
static char *write_target(pid_t pid, const struct observed *o, int dirfd, int path_arg,
			  const uint64_t args[6], char **named)
{
	char *abs = *named = absolute_at(pid, dirfd, path_arg, args);
	struct stat st;

	if (!abs)
		return NULL;
	switch (o->kind) {
	case K_OPEN: {
		unsigned flags = o->flags < 0 ? O_CREAT | O_WRONLY | O_TRUNC
					      : (unsigned)(uint32_t)args[o->flags];
		if (flags & CS_O_TMPFILE_BIT)
			return resolved(abs); /* names the directory */
		/* A create makes an entry in the directory (MAKE_REG). */
		if ((flags & O_CREAT) && lstat(abs, &st) < 0)
			return resolved_parent(abs);
		return resolved(abs);
	}
	case K_CREATE:
		if (lstat(abs, &st) == 0)
			return NULL;
		return resolved_parent(abs);
	case K_PARENT:
		return resolved_parent(abs);
	case K_EXEC:
	case K_CONNECT:
	case K_BIND:
		break;
	}
	return NULL;
}

static void observe_write(struct cs_observer *ob, pid_t pid, const struct observed *o,
			  const uint64_t args[6], bool record, struct cs_judgement *j)
{
	if (o->kind == K_OPEN && o->flags >= 0 && !((uint32_t)args[o->flags] & RECORD_OPEN_FLAGS))
		return;
	/* O_CREAT alone on a file that exists opens it for reading. */
	_cleanup_free_ char *n1 = NULL, *n2 = NULL;
	_cleanup_free_ char *p1 = write_target(pid, o, o->dirfd, o->path, args, &n1);
	judge_write(ob, p1, n1, o->kind == K_OPEN, record, j);
	if (o->path2 >= 0) {
		_cleanup_free_ char *p2 = write_target(pid, o, o->dirfd2, o->path2, args, &n2);
		judge_write(ob, p2, n2, o->kind == K_OPEN, record, j);
	}
}

/* "#!/bin/sh": the interpreter runs too and needs EXECUTE as well. */
static char *script_interpreter(const char *path)
{
	char head[256];
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, head, sizeof(head) - 1);
	if (n < 3 || head[0] != '#' || head[1] != '!')
		return NULL;
	head[n] = '\0';
	char *s = head + 2;
	s += strspn(s, " \t");
	s[strcspn(s, " \t\n")] = '\0';
	return *s == '/' ? resolved(s) : NULL;
}

static void observe_exec(struct cs_observer *ob, pid_t pid, const struct observed *o,
			 const uint64_t args[6], bool record, struct cs_judgement *j)
{
	_cleanup_free_ char *abs = absolute_at(pid, o->dirfd, o->path, args);
	/* A program that does not exist (a PATH search trying each entry)
	 * runs nothing and needs no rule. */
	_cleanup_free_ char *path = abs ? realpath(abs, NULL) : NULL;
	_cleanup_free_ char *interp = path ? script_interpreter(path) : NULL;

	if (!path)
		return;
	if (record) {
		cs_needs_add_program(&ob->needs, path);
		if (interp)
			cs_needs_add_program(&ob->needs, interp);
	}
	if (j && !cs_launch_exec_allowed(ob->profile, path))
		deny(j, "shell", "exec.allow", cs_asprintf("%s is not in exec.allow", path));
	else if (j && interp && !cs_launch_exec_allowed(ob->profile, interp))
		deny(j, "shell", "exec.allow",
		     cs_asprintf("%s (the interpreter of %s) is not in exec.allow", interp, path));
}

/* The socket's type, through a copy of the descriptor; -1 when unknown. */
static int socket_type(pid_t pid, int fd)
{
	_cleanup_close_ int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int type = -1;
	socklen_t len = sizeof(type);

	if (pidfd < 0)
		return -1;
	_cleanup_close_ int copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (copy < 0 || getsockopt(copy, SOL_SOCKET, SO_TYPE, &type, &len) < 0)
		return -1;
	return type;
}

static void observe_net(struct cs_observer *ob, pid_t pid, const struct observed *o,
			const uint64_t args[6], bool record, struct cs_judgement *j)
{
	struct sockaddr_storage ss = { 0 };
	size_t len = (size_t)(uint32_t)args[2];
	char host[INET6_ADDRSTRLEN] = "";
	uint16_t port;

	if (len > sizeof(ss))
		len = sizeof(ss);
	if (cs_remote_read(pid, args[1], &ss, len) < (ssize_t)sizeof(sa_family_t))
		return;
	if (ss.ss_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&ss;
		port = ntohs(in->sin_port);
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
	} else if (ss.ss_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&ss;
		port = ntohs(in6->sin6_port);
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
	} else {
		return; /* UNIX sockets: judged at socket() */
	}
	int type = socket_type(pid, (int)(uint32_t)args[0]);
	/* Landlock's port rules are about TCP; an unknown type is counted as
	 * TCP, which errs on the side of a longer port list. */
	if (type >= 0 && (type & 0xf) != SOCK_STREAM)
		return;
	bool net = cs_capset_has(ob->profile->caps, CS_CAP_NETWORK);
	if (o->kind == K_BIND && port == 0)
		return; /* a port the kernel picks: 'network' allows it */
	if (o->kind == K_BIND) {
		/* No profile grants a TCP port to bind (listen() is never allowed). */
		if (record)
			ob->needs.unfixable++;
		if (net)
			deny(j, NULL, NULL, cs_asprintf("TCP bind to port %u", port));
		return;
	}
	if (record) {
		if (port == ob->profile->gateway_port)
			ob->needs.unfixable++;
		else
			cs_needs_add_port(&ob->needs, port);
	}
	if (!net)
		return;
	if (port == ob->profile->gateway_port)
		deny(j, NULL, NULL, cs_asprintf("%s:%u is the gateway's port", host, port));
	else if (!cs_profile_port_allowed(ob->profile, port))
		deny(j, "network", "network.connect_tcp",
		     cs_asprintf("TCP %s:%u: port %u is not in the profile's list", host, port,
				 port));
}

static void observe_landlock(struct cs_observer *ob, pid_t pid, const char *name,
			     const uint64_t args[6], bool record, struct cs_judgement *j)
{
	const struct observed *o = find_observed(name);

	if (!o)
		return;
	switch (o->kind) {
	case K_OPEN:
	case K_CREATE:
	case K_PARENT:
		observe_write(ob, pid, o, args, record, j);
		return;
	case K_EXEC:
		if (cs_capset_has(ob->profile->caps, CS_CAP_SHELL) || record)
			observe_exec(ob, pid, o, args, record,
				     cs_capset_has(ob->profile->caps, CS_CAP_SHELL) ? j : NULL);
		return;
	case K_CONNECT:
	case K_BIND:
		observe_net(ob, pid, o, args, record, j);
		return;
	}
}

void cs_observe_launch(struct cs_observer *ob, pid_t pid, int nr, const uint64_t args[6])
{
	_cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);
	const struct observed *o = find_observed(name);

	ob->launched = true;
	if (o && o->kind == K_EXEC)
		observe_exec(ob, pid, o, args, true, NULL);
}

/* The socket() of a UNIX socket needs network and "unix": true. */
static bool needs_unix(const struct cs_observer *ob, int nr, const uint64_t args[6])
{
	struct cs_sc_verdict v;

	cs_syscall_classify(&ob->full, nr, args, &v);
	return v.action == CS_ACT_ALLOW && v.name &&
	       (strcmp(v.name, "socket") == 0 || strcmp(v.name, "socketpair") == 0);
}

void cs_observe_call(struct cs_observer *ob, pid_t pid, int nr, const uint64_t args[6],
		     struct cs_judgement *j)
{
	struct cs_sc_verdict bare, real, full;

	*j = (struct cs_judgement){ 0 };
	cs_syscall_classify(&ob->bare, nr, args, &bare);
	cs_syscall_classify(&ob->real, nr, args, &real);
	cs_syscall_classify(&ob->full, nr, args, &full);
	if (bare.action != CS_ACT_ALLOW && bare.action != CS_ACT_LANDLOCK) {
		if (bare.cap != CS_CAP_NONE) {
			ob->needs.caps |= CS_CAPSET(bare.cap);
		} else if (needs_unix(ob, nr, args)) {
			ob->needs.caps |= CS_CAPSET(CS_CAP_NETWORK);
			ob->needs.unix_sockets = true;
		} else {
			ob->needs.unfixable++;
		}
	}
	if (real.action == CS_ACT_DENY || real.action == CS_ACT_EXEC_ONCE) {
		j->deny = true;
		j->why = real.why;
		j->cap = real.cap == CS_CAP_NONE ? NULL : cs_cap_name(real.cap);
		if (!j->cap && needs_unix(ob, nr, args)) {
			j->cap = "network";
			j->key = "network.unix";
		}
		j->detail = cs_syscall_detail(pid, nr, args);
	}
	/* The filter's refusal comes first; Landlock's part is still
	 * recorded, for the profile that would allow the call, if one would:
	 * a write root for a call that every profile refuses (O_TRUNC on a
	 * read-only open, truncate(2)) would lift nothing. */
	struct cs_judgement landlock = { 0 };
	if (real.name && full.action != CS_ACT_DENY)
		observe_landlock(ob, pid, real.name, args, true, j->deny ? &landlock : j);
	free(landlock.detail);
	if (j->deny && !j->detail)
		j->detail = cs_syscall_detail(pid, nr, args);
}

void cs_observe_landlock(struct cs_observer *ob, pid_t pid, int nr, const uint64_t args[6],
			 struct cs_judgement *j)
{
	_cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);

	*j = (struct cs_judgement){ 0 };
	observe_landlock(ob, pid, name, args, false, j);
	if (j->deny && !j->detail)
		j->detail = cs_syscall_detail(pid, nr, args);
}
