/* The security event log: one JSON object per line, appended with a single
 * write(2) to an O_APPEND descriptor, so concurrent writers never interleave
 * within a line (lines are kept under PIPE_BUF). Format in README.md. */
#ifndef CLAWSHIM_EVENTLOG_H
#define CLAWSHIM_EVENTLOG_H

#include <stdbool.h>
#include <sys/types.h>
#include <cjson/cJSON.h>
#include "confine.h"

struct cs_diags;

struct cs_eventlog {
	int fd;           /* -1: events are dropped */
	bool owned;       /* close fd on cs_eventlog_close */
	const char *skill;       /* borrowed; may be NULL */
	const char *session_key; /* borrowed; may be NULL */
	const char *agent_id;    /* borrowed; may be NULL */
	enum cs_run_mode mode;
};

struct cs_event {
	const char *event;      /* "syscall_denied", "exec_denied", "skill_blocked", ... */
	const char *capability; /* the capability that would allow it; may be NULL */
	const char *syscall;    /* may be NULL */
	const char *detail;     /* path, address, reason; may be NULL */
	pid_t pid;              /* 0: left out */
	const char *exe;        /* may be NULL */
	cJSON *extra;           /* more members, moved into the record; may be NULL */
};

/* Opens path for appending ("-": standard error; NULL: no log), creating the
 * file with mode 0600 and its directory with mode 0700 when missing. Session
 * context defaults to $OPENCLAW_SESSION_KEY and $OPENCLAW_AGENT_ID. Returns 0
 * or a negative errno after adding the reason to d. */
int cs_eventlog_open(struct cs_eventlog *l, const char *path, struct cs_diags *d);

/* Uses an already open descriptor (not closed by cs_eventlog_close). */
void cs_eventlog_use_fd(struct cs_eventlog *l, int fd);

/* The record as one line (with the trailing newline); caller frees. */
char *cs_event_format(const struct cs_eventlog *l, const struct cs_event *e);

/* Appends one record. Returns 0 or a negative errno. */
int cs_eventlog_write(struct cs_eventlog *l, const struct cs_event *e);

void cs_eventlog_close(struct cs_eventlog *l);

#endif
