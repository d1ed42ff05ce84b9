/* The security event log: one JSON object per line, appended with a single
 * write(2) to an O_APPEND descriptor, so concurrent writers never interleave
 * within a line (lines are kept under PIPE_BUF). Every line is valid UTF-8
 * JSON whatever bytes a path holds. A log with a cap coalesces identical
 * records and stops at the cap with one log_truncated record. Format in
 * README.md. */
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
	/* Per run: bytes this writer may append (0: no cap, no coalescing). */
	size_t cap;
	size_t written;
	bool truncated;
	cJSON *last;            /* the last record written, for coalescing */
	char *last_key;         /* ... printed without its time */
	unsigned long repeats;  /* identical records since, not yet written */
};

/* The cap clawrun and the preload logger give a run's log. */
#define CS_EVENTLOG_CAP (1024 * 1024)

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

/* Appends a record built elsewhere (the preload logger's), which it takes
 * over: its time is set now, strings that are not UTF-8 are repaired (the
 * raw bytes go hex-encoded into a KEY_hex member) and members whose names
 * are not UTF-8 dropped; then the cap and coalescing apply. */
int cs_eventlog_write_record(struct cs_eventlog *l, cJSON *o);

/* Makes strings of o, recursively, valid UTF-8 as above. */
void cs_json_make_utf8(cJSON *o);

/* Writes what coalescing still holds back, and closes. */
void cs_eventlog_close(struct cs_eventlog *l);

#endif
