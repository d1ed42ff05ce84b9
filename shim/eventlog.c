/* Security event records, built with cJSON and written whole; every
 * string made valid UTF-8, and a run's records capped and coalesced. */
#include "clawshim/eventlog.h"
#include "clawshim/diag.h"
#include "clawshim/utf8.h"

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
/* Identical records held back at most this many times before their count is
 * written, so that a run stuck in a loop still shows up. */
#define MAX_REPEATS_HELD 1000

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

static bool valid_utf8(const char *s)
{
	size_t n = strlen(s), used;

	for (size_t i = 0; i < n; i += used)
		if (cs_utf8_decode((const unsigned char *)s + i, n - i, &used) == 0xFFFD &&
		    used == 1)
			return false;
	return true;
}

/* s with each malformed byte as U+FFFD; caller frees. */
static char *repaired(const char *s)
{
	size_t n = strlen(s), used, o = 0;
	char *out = malloc(n * 3 + 1);

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i += used) {
		uint32_t cp = cs_utf8_decode((const unsigned char *)s + i, n - i, &used);
		if (cp == 0xFFFD && used == 1) {
			o += cs_utf8_encode(0xFFFD, out + o);
		} else {
			memcpy(out + o, s + i, used);
			o += used;
		}
	}
	out[o] = '\0';
	return out;
}

static char *hex_of(const char *s)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = strlen(s);
	char *out = malloc(n * 2 + 1);

	for (size_t i = 0; out && i < n; i++) {
		out[2 * i] = digits[(unsigned char)s[i] >> 4];
		out[2 * i + 1] = digits[(unsigned char)s[i] & 15];
	}
	if (out)
		out[2 * n] = '\0';
	return out;
}

/* key: v as valid UTF-8, and when v is not, key_hex: its raw bytes. */
static void add_str(cJSON *o, const char *key, const char *v)
{
	if (!v)
		return;
	if (valid_utf8(v)) {
		cJSON_AddStringToObject(o, key, v);
		return;
	}
	_cleanup_free_ char *fixed = repaired(v);
	_cleanup_free_ char *hex = hex_of(v);
	_cleanup_free_ char *hex_key = cs_asprintf("%s_hex", key);
	cJSON_AddStringToObject(o, key, fixed ? fixed : "");
	if (hex && hex_key) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, hex_key);
		cJSON_AddStringToObject(o, hex_key, hex);
	}
}

void cs_json_make_utf8(cJSON *o)
{
	for (cJSON *c = o ? o->child : NULL, *next; c; c = next) {
		next = c->next;
		if (c->string && !valid_utf8(c->string)) {
			cJSON_Delete(cJSON_DetachItemViaPointer(o, c));
		} else if (cJSON_IsString(c) && !valid_utf8(c->valuestring)) {
			_cleanup_free_ char *raw = strdup(c->valuestring);
			if (c->string && raw) {
				_cleanup_free_ char *key = strdup(c->string);
				cJSON_Delete(cJSON_DetachItemViaPointer(o, c));
				if (key)
					add_str(o, key, raw);
			} else {
				_cleanup_free_ char *fixed = raw ? repaired(raw) : NULL;
				cJSON_ReplaceItemViaPointer(o, c, cJSON_CreateString(fixed ? fixed : ""));
			}
		} else if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			cs_json_make_utf8(c);
		}
	}
}

static void add_detail(cJSON *o, const char *detail)
{
	char cut[MAX_DETAIL + 4];

	if (!detail)
		return;
	if (strlen(detail) <= MAX_DETAIL) {
		add_str(o, "detail", detail);
		return;
	}
	/* Cut on a UTF-8 boundary and mark the cut. */
	size_t n = MAX_DETAIL;
	while (n > 0 && ((unsigned char)detail[n] & 0xc0) == 0x80)
		n--;
	memcpy(cut, detail, n);
	memcpy(cut + n, "...", 4);
	add_str(o, "detail", cut);
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

static int write_all(int fd, const char *line, size_t len)
{
	ssize_t n;

	do
		n = write(fd, line, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static int write_json(int fd, const cJSON *o)
{
	_cleanup_free_ char *json = cJSON_PrintUnformatted(o);
	_cleanup_free_ char *line = json ? cs_asprintf("%s\n", json) : NULL;

	return line ? write_all(fd, line, strlen(line)) : -ENOMEM;
}

/* Under the cap, or once over it, a single log_truncated record. */
static int write_capped(struct cs_eventlog *l, const cJSON *o)
{
	_cleanup_free_ char *json = cJSON_PrintUnformatted(o);
	_cleanup_free_ char *line = json ? cs_asprintf("%s\n", json) : NULL;

	if (!line)
		return -ENOMEM;
	size_t len = strlen(line);
	if (!l->cap)
		return write_all(l->fd, line, len);
	if (l->truncated)
		return 0;
	if (l->written + len <= l->cap) {
		l->written += len;
		return write_all(l->fd, line, len);
	}
	l->truncated = true;
	_cleanup_free_ char *detail = cs_asprintf(
		"this run's log reached its cap of %zu bytes; later records are dropped", l->cap);
	struct cs_event e = { .event = "log_truncated", .detail = detail, .pid = getpid() };
	cJSON *t = record(l, &e);
	int r = t ? write_json(l->fd, t) : -ENOMEM;
	cJSON_Delete(t);
	return r;
}

static void set_time(cJSON *o)
{
	char now[40];

	iso_time(now, sizeof(now));
	cJSON_DeleteItemFromObjectCaseSensitive(o, "time");
	cJSON *t = cJSON_CreateString(now);
	if (t && !(t->string = strdup("time"))) {
		cJSON_Delete(t);
		return;
	}
	if (t)
		cJSON_InsertItemInArray(o, 0, t);
}

/* The record printed without its time: equal keys are identical records. */
static char *key_of(cJSON *o)
{
	cJSON *t = cJSON_DetachItemFromObjectCaseSensitive(o, "time");
	char *key = cJSON_PrintUnformatted(o);

	if (t)
		cJSON_InsertItemInArray(o, 0, t); /* it keeps its name */
	return key;
}

/* The identical records held back: the last one again, with their count. */
static int flush_repeats(struct cs_eventlog *l)
{
	if (!l->repeats || !l->last)
		return 0;
	cJSON *o = cJSON_Duplicate(l->last, true);
	if (!o)
		return -ENOMEM;
	set_time(o);
	cJSON_AddNumberToObject(o, "repeats", (double)l->repeats);
	l->repeats = 0;
	int r = write_capped(l, o);
	cJSON_Delete(o);
	return r;
}

int cs_eventlog_write_record(struct cs_eventlog *l, cJSON *o)
{
	if (!o)
		return -ENOMEM;
	if (l->fd < 0) {
		cJSON_Delete(o);
		return 0;
	}
	cs_json_make_utf8(o);
	set_time(o);
	if (!l->cap) {
		int r = write_capped(l, o);
		cJSON_Delete(o);
		return r;
	}
	char *key = key_of(o);
	if (key && l->last_key && strcmp(key, l->last_key) == 0) {
		free(key);
		cJSON_Delete(o);
		return ++l->repeats >= MAX_REPEATS_HELD ? flush_repeats(l) : 0;
	}
	int r = flush_repeats(l);
	int w = write_capped(l, o);
	cJSON_Delete(l->last);
	free(l->last_key);
	l->last = o;
	l->last_key = key;
	return r < 0 ? r : w;
}

int cs_eventlog_write(struct cs_eventlog *l, const struct cs_event *e)
{
	if (l->fd < 0)
		return 0;
	return cs_eventlog_write_record(l, record(l, e));
}

void cs_eventlog_close(struct cs_eventlog *l)
{
	if (l->fd >= 0)
		flush_repeats(l);
	cJSON_Delete(l->last);
	free(l->last_key);
	l->last = NULL;
	l->last_key = NULL;
	if (l->owned && l->fd >= 0)
		close(l->fd);
	l->fd = -1;
	l->owned = false;
}
