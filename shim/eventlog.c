/* Security event records, built with cJSON and written whole. */
#include "clawshim/eventlog.h"
#include "clawshim/diag.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Longest detail kept, so that a record stays under PIPE_BUF. */
#define MAX_DETAIL 512

static const char *env_or_null(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

static int make_parent_dir(const char *path)
{
	_cleanup_free_ char *dir = strdup(path);
	char *slash = dir ? strrchr(dir, '/') : NULL;

	if (!dir)
		return -ENOMEM;
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT)
		return -errno;
	int r = make_parent_dir(dir);
	if (r < 0)
		return r;
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -errno;
}

int cs_eventlog_open(struct cs_eventlog *l, const char *path, struct cs_diags *d)
{
	*l = (struct cs_eventlog){ .fd = -1,
				   .session_key = env_or_null("OPENCLAW_SESSION_KEY"),
				   .agent_id = env_or_null("OPENCLAW_AGENT_ID") };
	if (!path)
		return 0;
	if (strcmp(path, "-") == 0) {
		l->fd = STDERR_FILENO;
		return 0;
	}
	int r = make_parent_dir(path);
	if (r < 0) {
		cs_diag_add(d, path, 0, 0, NULL, "cannot create the log's directory: %s",
			    strerror(-r));
		return r;
	}
	l->fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW,
		     0600);
	if (l->fd < 0) {
		r = -errno;
		cs_diag_add(d, path, 0, 0, NULL, "cannot open the security log: %s",
			    strerror(-r));
		return r;
	}
	l->owned = true;
	return 0;
}

void cs_eventlog_use_fd(struct cs_eventlog *l, int fd)
{
	if (l->owned && l->fd >= 0)
		close(l->fd);
	l->fd = fd;
	l->owned = false;
}

static void iso_time(char *buf, size_t size)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

static void add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
}

static void add_detail(cJSON *o, const char *detail)
{
	char cut[MAX_DETAIL + 4];

	if (!detail)
		return;
	if (strlen(detail) <= MAX_DETAIL) {
		cJSON_AddStringToObject(o, "detail", detail);
		return;
	}
	/* Cut on a UTF-8 boundary and mark the cut. */
	size_t n = MAX_DETAIL;
	while (n > 0 && ((unsigned char)detail[n] & 0xc0) == 0x80)
		n--;
	memcpy(cut, detail, n);
	memcpy(cut + n, "...", 4);
	cJSON_AddStringToObject(o, "detail", cut);
}

static cJSON *record(const struct cs_eventlog *l, const struct cs_event *e)
{
	char now[40];
	cJSON *o = cJSON_CreateObject();

	if (!o)
		return NULL;
	iso_time(now, sizeof(now));
	cJSON_AddStringToObject(o, "time", now);
	cJSON_AddStringToObject(o, "category", "security");
	add_str(o, "event", e->event);
	add_str(o, "capability", e->capability);
	add_str(o, "syscall", e->syscall);
	add_detail(o, e->detail);
	if (e->pid > 0)
		cJSON_AddNumberToObject(o, "pid", e->pid);
	add_str(o, "exe", e->exe);
	add_str(o, "skill", l->skill);
	cJSON *session = cJSON_AddObjectToObject(o, "session");
	if (session) {
		add_str(session, "key", l->session_key);
		add_str(session, "agentId", l->agent_id);
	}
	cJSON_AddStringToObject(o, "mode", l->mode == CS_MODE_AUDIT ? "audit" : "enforce");
	for (cJSON *x = e->extra ? e->extra->child : NULL; x;) {
		cJSON *next = x->next;
		cJSON_AddItemToObject(o, x->string,
				      cJSON_DetachItemViaPointer(e->extra, x));
		x = next;
	}
	return o;
}

char *cs_event_format(const struct cs_eventlog *l, const struct cs_event *e)
{
	cJSON *o = record(l, e);
	char *json = o ? cJSON_PrintUnformatted(o) : NULL;
	char *line = json ? cs_asprintf("%s\n", json) : NULL;

	cJSON_Delete(o);
	free(json);
	return line;
}

int cs_eventlog_write(struct cs_eventlog *l, const struct cs_event *e)
{
	if (l->fd < 0)
		return 0;
	_cleanup_free_ char *line = cs_event_format(l, e);
	if (!line)
		return -ENOMEM;
	size_t len = strlen(line);
	ssize_t n;
	do
		n = write(l->fd, line, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

void cs_eventlog_close(struct cs_eventlog *l)
{
	if (l->owned && l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	l->owned = false;
}
