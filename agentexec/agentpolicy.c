/* See agentpolicy.h. The table is small and read once at start, so it is
 * parsed into plain structs and checked completely before anything runs:
 * a mistake in it stops the program instead of confining a tool less. */
#include "clawshim/agentpolicy.h"
#include "clawshim/caps.h"
#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TABLE_MAX (1u << 20)

/* Where each value sits in the file, so that errors name the line. */
struct places {
	struct place {
		char *path;
		unsigned line;
	} *v;
	size_t n, cap;
};

static void note_place(void *ctx, const char *path, const cJSON *value, struct cs_json5_pos start,
		       struct cs_json5_pos end)
{
	struct places *pl = ctx;
	(void)value;
	(void)end;
	struct place *v = cs_grow(pl->v, &pl->cap, pl->n, sizeof(*v), 32);
	if (!v)
		return;
	pl->v = v;
	v[pl->n].path = strdup(path);
	v[pl->n].line = start.line;
	if (v[pl->n].path)
		pl->n++;
}

static unsigned line_of(const struct places *pl, const char *path)
{
	for (size_t i = 0; i < pl->n; i++)
		if (strcmp(pl->v[i].path, path) == 0)
			return pl->v[i].line;
	return 0;
}

struct loader {
	const char *file;
	struct places places;
	struct cs_diags *d;
	int errors;
};

static void err(struct loader *l, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void err(struct loader *l, const char *path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = cs_vasprintf(fmt, ap);
	va_end(ap);
	cs_diag_add(l->d, l->file, line_of(&l->places, path), 0, path, "%s", msg ? msg : fmt);
	free(msg);
	l->errors++;
}

static char *child_path(const char *parent, const char *key)
{
	_cleanup_free_ char *seg = cs_json5_key_segment(key);
	return seg ? cs_asprintf("%s%s", parent, seg) : NULL;
}

/* An absolute path string, copied into *out. */
static void take_path(struct loader *l, const cJSON *v, const char *path, char **out)
{
	if (!cJSON_IsString(v) || v->valuestring[0] != '/') {
		err(l, path, "must be an absolute path");
		return;
	}
	*out = strdup(v->valuestring);
}

static void take_caps(struct loader *l, const cJSON *v, const char *path, char **out)
{
	struct cs_strv names = { 0 };
	const cJSON *c;
	if (!cJSON_IsArray(v)) {
		err(l, path, "must be an array of capability names");
		return;
	}
	cJSON_ArrayForEach(c, v) {
		enum cs_cap cap;
		if (!cJSON_IsString(c) || cs_cap_from_name(c->valuestring, &cap) < 0)
			err(l, path, "'%s' is not a capability",
			    cJSON_IsString(c) ? c->valuestring : "(not a string)");
		else
			cs_strv_push(&names, c->valuestring);
	}
	struct cs_strbuf b = { 0 };
	for (size_t i = 0; i < names.n; i++)
		cs_strbuf_printf(&b, "%s%s", i ? "," : "", names.v[i]);
	cs_strv_free(&names);
	char *s = cs_strbuf_steal(&b);
	*out = s ? s : strdup("");
}

static void take_workspaces(struct loader *l, const cJSON *v, const char *path,
			    struct cs_strv *out)
{
	if (cJSON_IsString(v)) {
		char *p = NULL;
		take_path(l, v, path, &p);
		if (p)
			cs_strv_push_owned(out, p);
		return;
	}
	if (!cJSON_IsArray(v)) {
		err(l, path, "must be an absolute path or an array of them");
		return;
	}
	int i = 0;
	const cJSON *w;
	cJSON_ArrayForEach(w, v) {
		_cleanup_free_ char *wp = cs_asprintf("%s[%d]", path, i++);
		char *p = NULL;
		take_path(l, w, wp ? wp : path, &p);
		if (p)
			cs_strv_push_owned(out, p);
	}
}

static void parse_line(struct loader *l, const cJSON *v, const char *path, const char *name,
		       struct cs_agent_policy *p)
{
	p->name = strdup(name);
	if (!cJSON_IsObject(v)) {
		err(l, path, "must be an object with one of skill, profile, caps");
		return;
	}
	int policies = 0;
	const cJSON *k;
	cJSON_ArrayForEach(k, v) {
		_cleanup_free_ char *kp = child_path(path, k->string);
		const char *at = kp ? kp : path;
		if (strcmp(k->string, "skill") == 0) {
			take_path(l, k, at, &p->skill);
			policies++;
		} else if (strcmp(k->string, "profile") == 0) {
			take_path(l, k, at, &p->profile);
			policies++;
		} else if (strcmp(k->string, "caps") == 0) {
			take_caps(l, k, at, &p->caps);
			policies++;
		} else if (strcmp(k->string, "workspace") == 0) {
			take_workspaces(l, k, at, &p->workspaces);
		} else {
			err(l, at, "unknown key (expected skill, profile, caps, workspace)");
		}
	}
	if (policies != 1)
		err(l, path, "needs exactly one of skill, profile, caps (found %d)", policies);
}

static void parse_table(struct loader *l, const cJSON *root, struct cs_agent_table *t)
{
	if (!cJSON_IsObject(root)) {
		err(l, "$", "must be an object");
		return;
	}
	const cJSON *k;
	bool have_default = false;
	cJSON_ArrayForEach(k, root) {
		_cleanup_free_ char *kp = child_path("$", k->string);
		const char *at = kp ? kp : "$";
		if (strcmp(k->string, "clawrun") == 0) {
			take_path(l, k, at, &t->clawrun);
		} else if (strcmp(k->string, "log") == 0) {
			take_path(l, k, at, &t->log);
		} else if (strcmp(k->string, "state") == 0) {
			take_path(l, k, at, &t->state);
		} else if (strcmp(k->string, "default") == 0) {
			have_default = true;
			if (cJSON_IsString(k) && strcmp(k->valuestring, "refuse") == 0)
				continue;
			t->dflt = calloc(1, sizeof(*t->dflt));
			if (t->dflt)
				parse_line(l, k, at, "default", t->dflt);
		} else if (strcmp(k->string, "agents") == 0) {
			if (!cJSON_IsObject(k)) {
				err(l, at, "must be an object of agent ids");
				continue;
			}
			size_t n = (size_t)cJSON_GetArraySize(k);
			t->agents = calloc(n ? n : 1, sizeof(*t->agents));
			if (!t->agents)
				continue;
			const cJSON *a;
			cJSON_ArrayForEach(a, k) {
				_cleanup_free_ char *ap = child_path(at, a->string);
				if (strcmp(a->string, "default") == 0)
					err(l, ap ? ap : at, "'default' is the top-level key, not an agent");
				parse_line(l, a, ap ? ap : at, a->string, &t->agents[t->n++]);
			}
		} else {
			err(l, at, "unknown key (expected clawrun, log, state, agents, default)");
		}
	}
	if (!have_default)
		err(l, "$", "needs \"default\": a line, or \"refuse\"");
}

/* Owner-only: whoever else can write the table can choose the confinement. */
static int check_owner(const char *what, const struct stat *st, struct cs_diags *d,
		       const char *file)
{
	if (st->st_uid != 0 && st->st_uid != geteuid()) {
		cs_diag_add(d, file, 0, 0, NULL,
			    "%s is owned by uid %u, neither root nor the running user (uid %u)",
			    what, (unsigned)st->st_uid, (unsigned)geteuid());
		return -EPERM;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		cs_diag_add(d, file, 0, 0, NULL, "%s is writable by group or others (mode %04o)",
			    what, (unsigned)(st->st_mode & 07777));
		return -EPERM;
	}
	return 0;
}

static int open_owned(const char *path, struct cs_diags *d)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st, dst;
	if (fd < 0) {
		int e = errno;
		cs_diag_add(d, path, 0, 0, NULL, "cannot open: %s", strerror(e));
		return -e;
	}
	_cleanup_free_ char *copy = strdup(path);
	if (!copy || fstat(fd, &st) < 0 || stat(dirname(copy), &dst) < 0) {
		close(fd);
		cs_diag_add(d, path, 0, 0, NULL, "cannot stat the file or its folder");
		return -EIO;
	}
	int r = !S_ISREG(st.st_mode) ? -EINVAL : check_owner("the file", &st, d, path);
	if (r == -EINVAL)
		cs_diag_add(d, path, 0, 0, NULL, "not a regular file");
	if (r == 0)
		r = check_owner("its folder", &dst, d, path);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}

int cs_agent_table_load(const char *path, struct cs_agent_table *t, struct cs_diags *d)
{
	*t = (struct cs_agent_table){ 0 };
	_cleanup_close_ int fd = open_owned(path, d);
	if (fd < 0)
		return fd;
	_cleanup_free_ char *text = malloc(TABLE_MAX + 1);
	size_t len = 0;
	ssize_t r;
	while (text && len < TABLE_MAX && (r = read(fd, text + len, TABLE_MAX - len)) > 0)
		len += (size_t)r;
	if (!text)
		return -ENOMEM;
	struct loader l = { .file = path, .d = d };
	struct cs_json5_opts o = { .on_value = note_place, .ctx = &l.places };
	cJSON *root = cs_json5_parse(text, len, path, &o, d);
	struct cs_agent_table tmp = { .file = strdup(path) };
	if (root)
		parse_table(&l, root, &tmp);
	cJSON_Delete(root);
	for (size_t i = 0; i < l.places.n; i++)
		free(l.places.v[i].path);
	free(l.places.v);
	if (!root || l.errors) {
		cs_agent_table_free(&tmp);
		return -EINVAL;
	}
	*t = tmp;
	return 0;
}

static void line_free(struct cs_agent_policy *p)
{
	free(p->name);
	free(p->skill);
	free(p->profile);
	free(p->caps);
	cs_strv_free(&p->workspaces);
}

void cs_agent_table_free(struct cs_agent_table *t)
{
	for (size_t i = 0; i < t->n; i++)
		line_free(&t->agents[i]);
	free(t->agents);
	if (t->dflt)
		line_free(t->dflt);
	free(t->dflt);
	free(t->file);
	free(t->clawrun);
	free(t->log);
	free(t->state);
	*t = (struct cs_agent_table){ 0 };
}

const struct cs_agent_policy *cs_agent_table_find(const struct cs_agent_table *t,
						  const char *agent)
{
	for (size_t i = 0; agent && *agent && i < t->n; i++)
		if (strcmp(t->agents[i].name, agent) == 0)
			return &t->agents[i];
	return t->dflt;
}

static char *clawrun_path(const struct cs_agent_table *t, const char *self)
{
	if (t->clawrun)
		return strdup(t->clawrun);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0 && self)
		n = (ssize_t)snprintf(exe, sizeof(exe), "%s", self);
	if (n <= 0)
		return strdup("clawrun");
	exe[n] = '\0';
	return cs_asprintf("%s/clawrun", dirname(exe));
}

int cs_agent_clawrun_argv(const struct cs_agent_table *t, const struct cs_agent_policy *p,
			  const char *self, const char *session_key, const char *agent_id,
			  char *const cmd[], struct cs_strv *out)
{
	int r = cs_strv_push_owned(out, clawrun_path(t, self));
	if (r == 0 && p->skill)
		r = cs_strv_push(out, "--skill") ?: cs_strv_push(out, p->skill);
	else if (r == 0 && p->profile)
		r = cs_strv_push(out, "--profile") ?: cs_strv_push(out, p->profile);
	else if (r == 0)
		r = cs_strv_push(out, "--caps") ?: cs_strv_push(out, p->caps ? p->caps : "");
	for (size_t i = 0; r == 0 && i < p->workspaces.n; i++)
		r = cs_strv_push(out, "--workspace") ?: cs_strv_push(out, p->workspaces.v[i]);
	if (r == 0 && t->log)
		r = cs_strv_push(out, "--log") ?: cs_strv_push(out, t->log);
	if (r == 0 && session_key)
		r = cs_strv_push(out, "--session-key") ?: cs_strv_push(out, session_key);
	if (r == 0 && agent_id)
		r = cs_strv_push(out, "--agent-id") ?: cs_strv_push(out, agent_id);
	if (r == 0)
		r = cs_strv_push(out, "--");
	for (size_t i = 0; r == 0 && cmd[i]; i++)
		r = cs_strv_push(out, cmd[i]);
	return r;
}

bool cs_agent_path_in_workspace(const struct cs_agent_policy *p, const char *path)
{
	char real[PATH_MAX], ws[PATH_MAX];
	if (!path || !realpath(path, real))
		return false;
	for (size_t i = 0; i < p->workspaces.n; i++) {
		if (!realpath(p->workspaces.v[i], ws))
			continue;
		size_t n = strlen(ws);
		if (strncmp(real, ws, n) == 0 && (real[n] == '\0' || real[n] == '/' || n == 1))
			return true;
	}
	return false;
}
