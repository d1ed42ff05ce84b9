/* The supervisor: clawrun's process outside the filter that answers the
 * filter's user notifications. It decides from the notification's syscall
 * number and registers and from kernel state (which process asks, which
 * file /proc/PID/exe is), never from memory the target could change after
 * the check; memory is read for the log's details, and for one decision
 * where no code of the target has run yet: the environment of a new program
 * at its loader's ARCH_SET_FS (see supervisor.c). Vanished notifications
 * (the caller killed or interrupted) are not errors. */
#ifndef CLAWSHIM_SUPERVISOR_H
#define CLAWSHIM_SUPERVISOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include "confine.h"
#include "seccomp_rules.h"
#include "util.h"

struct cs_profile;
struct cs_eventlog;
struct cs_observer;
struct seccomp_notif;
struct seccomp_notif_resp;

#define CS_MAX_LOADERS 8

struct cs_supervisor {
	int listener;
	pid_t first_pid;          /* the tool: its first execve is the launch */
	bool first_exec_done;
	bool exec_once; /* cs_sc_exec_once(&policy) */
	enum cs_run_mode mode;
	const struct cs_profile *profile; /* expanded */
	/* The policy the filter was built with (shim/confine.c), fixed for
	 * the run: probed once, not per notification. */
	struct cs_sc_policy policy;
	struct cs_eventlog *log;
	dev_t loader_dev[CS_MAX_LOADERS]; /* loaders that must not run as programs */
	ino_t loader_ino[CS_MAX_LOADERS];
	size_t n_loaders;
	unsigned long denied;     /* denials answered (or, in audit mode, logged) */
	/* One line per distinct denial goes here (NULL: quiet), naming
	 * log_path (NULL: none kept); set after cs_supervisor_init. */
	FILE *say;
	const char *log_path;
	struct cs_strv said;      /* the denials said so far */
	/* Judges calls as enforce mode would (shim/observe.h): what Landlock
	 * refuses, and in audit mode everything, recording what the run
	 * needs. The supervisor's own unless the launcher sets another. */
	struct cs_observer *observe;
	struct cs_observer *own_observer;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	size_t req_size; /* the kernel's, at least sizeof(*req) */
};

/* Prepares a supervisor; loaders are the dynamic loaders that got EXECUTE
 * only as interpreters. Returns 0 or a negative errno. */
int cs_supervisor_init(struct cs_supervisor *s, int listener, pid_t first_pid,
		       enum cs_run_mode mode, const struct cs_profile *p, struct cs_eventlog *log,
		       const struct cs_strv *loaders);

/* Receives and answers one notification (call when the listener is
 * readable; an interrupted receive is retried). Returns 0, or a negative
 * errno when the listener failed: the caller must then stop the tool. */
int cs_supervisor_handle(struct cs_supervisor *s);

void cs_supervisor_free(struct cs_supervisor *s);

/* A human-readable detail for a denied call (path, address, flags), read
 * from the target; NULL when there is nothing to add. Caller frees. */
char *cs_syscall_detail(pid_t pid, int nr, const uint64_t args[6]);

/* Reads len bytes at addr in pid (process_vm_readv: never faults).
 * Returns the bytes read or -1. */
ssize_t cs_remote_read(pid_t pid, uint64_t addr, void *buf, size_t len);

/* The target of /proc/PID/WHAT (exe, cwd, fd/N); NULL when it cannot be
 * read. Caller frees. */
char *cs_proc_link(pid_t pid, const char *what);

/* A NUL-terminated string at addr in pid (at most a path's length); NULL
 * when nothing can be read. Caller frees. */
char *cs_remote_string(pid_t pid, uint64_t addr);

#endif
