/* The commands clawshim-node runs: clawrun in a process group of its own
 * (so a timeout or a shutdown ends the tool and everything it started),
 * stdout and stderr kept up to the stock node host's cap, and the result
 * shaped as its system.run payload. */
#include "node.h"
#include "clawshim/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct job *job_start(const struct run_request *rq, const char *invoke_id, const char *node_id,
		      long now, char **why)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 };
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0) {
		*why = cs_asprintf("pipe: %s", strerror(errno));
		goto fail;
	}
	pid_t pid = fork();
	if (pid < 0) {
		*why = cs_asprintf("fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		setpgid(0, 0);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(err[1], 2) < 0)
			_exit(125);
		if (chdir(rq->cwd) < 0) {
			fprintf(stderr, "clawshim-node: cannot enter %s: %s\n", rq->cwd, strerror(errno));
			_exit(125);
		}
		execve(rq->argv[0], rq->argv, rq->envp);
		fprintf(stderr, "clawshim-node: cannot run %s: %s\n", rq->argv[0], strerror(errno));
		_exit(125);
	}
	/* also here: the group must exist before a kill can reach it */
	setpgid(pid, pid);
	close(out[1]);
	close(err[1]);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(err[0], F_SETFL, O_NONBLOCK);
	struct job *j = calloc(1, sizeof(*j));
	if (!j) {
		kill(-pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(out[0]);
		close(err[0]);
		*why = strdup("out of memory");
		return NULL;
	}
	j->invoke_id = strdup(invoke_id);
	j->node_id = strdup(node_id);
	j->pid = pid;
	j->pgid = pid;
	j->out = out[0];
	j->err = err[0];
	j->deadline = rq->timeout_ms > 0 ? now + rq->timeout_ms : -1;
	return j;
fail:
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	return NULL;
}

void job_pump(struct job *j, int fd)
{
	char buf[16384];
	struct cs_strbuf *sb = fd == j->out ? &j->stdout_buf : &j->stderr_buf;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			close(fd);
			if (fd == j->out)
				j->out = -1;
			else
				j->err = -1;
			return;
		}
		size_t room = NODE_OUTPUT_CAP - j->taken;
		size_t keep = (size_t)n < room ? (size_t)n : room;
		if (keep < (size_t)n)
			j->truncated = true;
		if (keep)
			cs_strbuf_put(sb, buf, keep);
		j->taken += keep;
	}
}

void job_kill(struct job *j)
{
	if (j->pgid > 0)
		kill(-j->pgid, SIGKILL);
}

bool job_done(const struct job *j)
{
	return j->pid == 0 && j->out < 0 && j->err < 0;
}

/* Node decodes output as UTF-8 with U+FFFD for what is malformed, and a
 * text frame that is not UTF-8 would end the gateway link: the same here
 * (a NUL byte, which a C string cannot carry, becomes U+FFFD too). */
static char *as_utf8(const struct cs_strbuf *b)
{
	struct cs_strbuf o = { 0 };
	const unsigned char *s = (const unsigned char *)(b->s ? b->s : "");
	size_t n = b->len;
	for (size_t i = 0; i < n;) {
		size_t used;
		uint32_t cp = cs_utf8_decode(s + i, n - i, &used);
		char enc[4];
		if (cp == 0)
			cp = 0xFFFD;
		cs_strbuf_put(&o, enc, cs_utf8_encode(cp, enc));
		i += used;
	}
	char *r = cs_strbuf_steal(&o);
	return r ? r : strdup("");
}

/* What the stock node host returns: exitCode (absent when a signal ended
 * the process), timedOut, success, stdout, stderr, error; output cut at the
 * cap is marked "... (truncated)" on stderr if it has text, else stdout. */
char *job_payload(struct job *j)
{
	cJSON *p = cJSON_CreateObject();
	bool exited = WIFEXITED(j->status);
	int code = exited ? WEXITSTATUS(j->status) : -1;
	_cleanup_free_ char *o0 = as_utf8(&j->stdout_buf), *e0 = as_utf8(&j->stderr_buf);
	_cleanup_free_ char *o = NULL, *e = NULL;
	const char *out = o0 ? o0 : "", *err = e0 ? e0 : "";
	if (j->truncated) {
		bool on_err = strspn(err, " \t\r\n") < strlen(err);
		if (on_err) {
			e = cs_asprintf("%s\n... (truncated)", err);
			err = e;
		} else {
			o = cs_asprintf("%s\n... (truncated)", out);
			out = o;
		}
	}
	if (exited)
		cJSON_AddNumberToObject(p, "exitCode", code);
	cJSON_AddBoolToObject(p, "timedOut", j->timed_out);
	cJSON_AddBoolToObject(p, "success", exited && code == 0 && !j->timed_out);
	cJSON_AddStringToObject(p, "stdout", out ? out : "");
	cJSON_AddStringToObject(p, "stderr", err ? err : "");
	cJSON_AddNullToObject(p, "error");
	char *s = cJSON_PrintUnformatted(p);
	cJSON_Delete(p);
	return s;
}

void job_free(struct job *j)
{
	if (!j)
		return;
	if (j->out >= 0)
		close(j->out);
	if (j->err >= 0)
		close(j->err);
	cs_strbuf_free(&j->stdout_buf);
	cs_strbuf_free(&j->stderr_buf);
	free(j->invoke_id);
	free(j->node_id);
	free(j->spawn_error);
	free(j);
}
