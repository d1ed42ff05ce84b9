/* clawshim-node's parts: the gateway link (link.c) speaks OpenClaw's node
 * protocol over one WebSocket, the jobs (jobs.c) run system.run commands
 * under clawrun, and main (clawshim_node.c) drives both from one poll loop. */
#ifndef CLAWSHIM_NODE_H
#define CLAWSHIM_NODE_H

#include "clawshim/agentpolicy.h"
#include "clawshim/strbuf.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <sys/types.h>

/* The stock node host's limits (OpenClaw 2026.2.22, node-host/invoke.ts):
 * output kept per command, and its PATH. */
#define NODE_OUTPUT_CAP 200000
#define NODE_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct cs_device_identity;

/* One line on stderr, "clawshim-node: ..." (its log, under systemd the journal). */
void node_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- link.c ---- */

enum link_state { LINK_DOWN, LINK_CHALLENGE, LINK_HELLO, LINK_READY };

struct link {
	const char *url;
	const char *token;
	const char *password;
	const char *name;
	const struct cs_device_identity *dev;
	int fd;
	enum link_state state;
	long state_deadline;  /* challenge or hello wait ends */
	long next_attempt;    /* when down: when to reconnect */
	long backoff_ms;
	long last_rx;
	long tick_ms;         /* the gateway's tick interval */
	unsigned long seq;
};

/* Tries one connection when it is time; on failure schedules the next with
 * backoff (1 s doubling to 30 s, as OpenClaw's client). */
void link_step(struct link *l, long now);
/* Reads one frame when the socket is readable; returns a node.invoke.request
 * payload (caller frees), or NULL. Handles the challenge, hello and close. */
cJSON *link_read(struct link *l, long now);
/* Drops the connection (with a close frame if up) and schedules the next. */
void link_drop(struct link *l, long now, int code, const char *why);
/* The deadline link_step or the tick watch needs next, or -1. */
long link_wake(const struct link *l);
/* req node.invoke.result for the invoke (id, nodeId): ok with payloadJSON,
 * or an error {code, message}. */
void link_send_result(struct link *l, const char *id, const char *node_id, const char *payload_json,
		      const char *err_code, const char *err_msg);

/* ---- jobs.c ---- */

struct job {
	char *invoke_id;
	char *node_id;
	pid_t pid;             /* clawrun, leader of its own process group; 0 once reaped */
	pid_t pgid;            /* that group, for what the command left running */
	int status;            /* wait status once reaped */
	int out, err;          /* -1 once at EOF */
	struct cs_strbuf stdout_buf, stderr_buf;
	size_t taken;          /* bytes kept, both streams */
	bool truncated;
	long deadline;         /* -1: none */
	bool timed_out;
	char *spawn_error;
};

struct run_request {
	char *const *argv;
	const char *cwd;
	char *const *envp;
	long timeout_ms;       /* <= 0: none */
};

/* Starts argv (clawrun's) in its own process group. NULL with *why set. */
struct job *job_start(const struct run_request *rq, const char *invoke_id, const char *node_id,
		      long now, char **why);
/* Reads what is ready on fd (one of the job's pipes). */
void job_pump(struct job *j, int fd);
/* SIGKILLs the job's process group (also once its leader has exited). */
void job_kill(struct job *j);
bool job_done(const struct job *j);
/* The system.run payload, as the stock node host returns it. Caller frees. */
char *job_payload(struct job *j);
void job_free(struct job *j);

#endif
