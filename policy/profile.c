/* Profile JSON v1: strict parsing (unknown keys, wrong types, duplicate keys,
 * bad ports and relative paths are all errors naming the JSON path), the
 * defaults for skills without a shipped profile, and placeholder expansion. */
#include "clawshim/profile.h"
#include "clawshim/diag.h"
#include "clawshim/frontmatter.h"
#include "clawshim/json5.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct validator {
	const char *file;
	struct cs_diags *diags;
	int err;
};

static void bad(struct validator *v, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void bad(struct validator *v, const char *path, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cs_diag_add(v->diags, v->file, 0, 0, path, "%s", msg);
	v->err = -EINVAL;
}

/* ---- text-level checks before the parser sees the input ------------------------ */

static void offset_to_line_col(const char *text, size_t off, unsigned *line, unsigned *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n')
			(*line)++, *col = 1;
		else if (((unsigned char)text[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* Refuse deep input before any recursion, at the bracket that goes too
 * deep. Strings ('' and "") and comments (line and block) are skipped as
 * JSON5 reads them. */
static int check_depth(const char *text, size_t len, struct validator *v)
{
	unsigned depth = 0;
	char quote = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (quote) {
			if (c == '\\')
				i++;
			else if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '/' && i + 1 < len && text[i + 1] == '/') {
			while (i < len && text[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < len && text[i + 1] == '*') {
			for (i += 2; i + 1 < len && !(text[i] == '*' && text[i + 1] == '/'); i++)
				;
			i++;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '{' || c == '[') {
			if (++depth > CS_PROFILE_MAX_DEPTH) {
				unsigned line, col;
				offset_to_line_col(text, i, &line, &col);
				cs_diag_add(v->diags, v->file, line, col, NULL,
					    "nesting deeper than %u levels", CS_PROFILE_MAX_DEPTH);
				return v->err = -EINVAL;
			}
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return 0;
}

/* ---- typed readers --------------------------------------------------------- */

/* Every key of obj must be in allowed (NULL-terminated), and appear once. */
static void check_keys(struct validator *v, const cJSON *obj, const char *path,
		       const char *const *allowed)
{
	const cJSON *c, *d;

	cJSON_ArrayForEach(c, obj)
	{
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, c->string) == 0;
		if (!known) {
			_cleanup_free_ char *kp = cs_asprintf("%s.%s", path, c->string);
			bad(v, kp ? kp : path, "unknown key");
		}
		for (d = obj->child; d != c; d = d->next) {
			if (strcmp(d->string, c->string) == 0) {
				_cleanup_free_ char *kp = cs_asprintf("%s.%s", path, c->string);
				bad(v, kp ? kp : path, "duplicate key");
				break;
			}
		}
	}
}

static const char *type_name(const cJSON *j)
{
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNull(j))
		return "null";
	if (cJSON_IsArray(j))
		return "an array";
	return "an object";
}

static bool want(struct validator *v, const cJSON *j, const char *path, cJSON_bool ok,
		 const char *what)
{
	if (!ok)
		bad(v, path, "must be %s, not %s", what, type_name(j));
	return ok;
}

static bool read_port(struct validator *v, const cJSON *j, const char *path, uint16_t *out)
{
	if (!want(v, j, path, cJSON_IsNumber(j), "a port number"))
		return false;
	double d = j->valuedouble;
	if (d != floor(d) || isinf(d)) {
		bad(v, path, "port %g is not an integer", d);
		return false;
	}
	if (d < 1 || d > 65535) {
		bad(v, path, "port %.0f out of range (1-65535)", d);
		return false;
	}
	*out = (uint16_t)d;
	return true;
}

static const char *const placeholders[] = { "{workspace}", "{state}", "{home}" };

/* A path must be absolute, or start with a placeholder; no '..' steps, as
 * they make a rule mean something else than it reads. */
static bool valid_path(struct validator *v, const char *s, const char *path)
{
	bool ok = s[0] == '/';

	for (size_t i = 0; i < 3 && !ok; i++) {
		size_t n = strlen(placeholders[i]);
		ok = strncmp(s, placeholders[i], n) == 0 && (s[n] == '\0' || s[n] == '/');
	}
	if (!ok) {
		if (s[0] == '{')
			bad(v, path, "'%s' starts with an unknown placeholder (known: {workspace}, "
				     "{state}, {home})",
			    s);
		else
			bad(v, path, "'%s' is a relative path; write an absolute path or start "
				     "with {workspace}, {state} or {home}",
			    s);
		return false;
	}
	for (const char *p = s; (p = strstr(p, "..")); p += 2) {
		bool starts = p == s || p[-1] == '/', ends = p[2] == '\0' || p[2] == '/';
		if (starts && ends) {
			bad(v, path, "'%s' contains a '..' step", s);
			return false;
		}
	}
	if (strchr(s + 1, '{')) {
		bad(v, path, "'%s': a placeholder may only start a path", s);
		return false;
	}
	return true;
}

static void read_path_list(struct validator *v, const cJSON *arr, const char *path,
			   struct cs_strv *out)
{
	const cJSON *c;
	int i = 0;

	if (!want(v, arr, path, cJSON_IsArray(arr), "an array of paths"))
		return;
	cJSON_ArrayForEach(c, arr)
	{
		_cleanup_free_ char *ip = cs_asprintf("%s[%d]", path, i++);
		const char *p = ip ? ip : path;
		if (!want(v, c, p, cJSON_IsString(c), "a path string"))
			continue;
		if (!valid_path(v, c->valuestring, p))
			continue;
		if (cs_strv_contains(out, c->valuestring)) {
			bad(v, p, "'%s' is listed twice", c->valuestring);
			continue;
		}
		if (cs_strv_push(out, c->valuestring) < 0)
			v->err = -ENOMEM;
	}
}

static void read_caps(struct validator *v, const cJSON *arr, struct cs_profile *p)
{
	const cJSON *c;
	int i = 0;

	if (!want(v, arr, "$.capabilities", cJSON_IsArray(arr), "an array of capability names"))
		return;
	cJSON_ArrayForEach(c, arr)
	{
		_cleanup_free_ char *ip = cs_asprintf("$.capabilities[%d]", i++);
		const char *path = ip ? ip : "$.capabilities";
		enum cs_cap cap;
		if (!want(v, c, path, cJSON_IsString(c), "a capability name"))
			continue;
		if (cs_cap_from_name(c->valuestring, &cap) < 0) {
			const char *hint = cs_cap_suggest(c->valuestring);
			if (hint)
				bad(v, path, "unknown capability '%s' (did you mean '%s'?)",
				    c->valuestring, hint);
			else
				bad(v, path, "unknown capability '%s' (known: " CS_CAP_NAMES_HELP ")",
				    c->valuestring);
			continue;
		}
		if (cs_capset_has(p->caps, cap))
			bad(v, path, "capability '%s' is listed twice", c->valuestring);
		p->caps |= CS_CAPSET(cap);
	}
}

static void read_network(struct validator *v, const cJSON *net, struct cs_profile *p)
{
	static const char *const keys[] = { "connect_tcp", "gateway_port", "unix", NULL };

	if (!want(v, net, "$.network", cJSON_IsObject(net), "an object"))
		return;
	check_keys(v, net, "$.network", keys);
	/* 'network' means IP networking; the host's UNIX sockets (a container
	 * daemon, D-Bus, systemd) are a separate grant. */
	const cJSON *unix_sockets = cJSON_GetObjectItemCaseSensitive(net, "unix");
	if (unix_sockets && want(v, unix_sockets, "$.network.unix", cJSON_IsBool(unix_sockets),
				 "true or false"))
		p->unix_sockets = cJSON_IsTrue(unix_sockets);
	const cJSON *gw = cJSON_GetObjectItemCaseSensitive(net, "gateway_port");
	if (gw)
		read_port(v, gw, "$.network.gateway_port", &p->gateway_port);
	const cJSON *ports = cJSON_GetObjectItemCaseSensitive(net, "connect_tcp");
	if (!ports)
		return;
	if (!want(v, ports, "$.network.connect_tcp", cJSON_IsArray(ports), "an array of ports"))
		return;
	p->n_ports = 0;
	const cJSON *c;
	int i = 0;
	cJSON_ArrayForEach(c, ports)
	{
		_cleanup_free_ char *ip = cs_asprintf("$.network.connect_tcp[%d]", i++);
		const char *path = ip ? ip : "$.network.connect_tcp";
		uint16_t port;
		if (!read_port(v, c, path, &port))
			continue;
		if (port == p->gateway_port) {
			bad(v, path, "port %u is the gateway's port, which a tool may never reach",
			    port);
			continue;
		}
		if (cs_profile_port_allowed(p, port)) {
			bad(v, path, "port %u is listed twice", port);
			continue;
		}
		if (p->n_ports == CS_MAX_PORTS) {
			bad(v, path, "more than %d ports", CS_MAX_PORTS);
			break;
		}
		p->ports[p->n_ports++] = port;
	}
}

static void read_section_paths(struct validator *v, const cJSON *root, const char *section,
			       const char *key, struct cs_strv *out)
{
	const char *const keys[] = { key, NULL };
	const cJSON *sec = cJSON_GetObjectItemCaseSensitive(root, section);
	_cleanup_free_ char *sp = cs_asprintf("$.%s", section);
	_cleanup_free_ char *kp = cs_asprintf("$.%s.%s", section, key);

	if (!sec || !sp || !kp)
		return;
	if (!want(v, sec, sp, cJSON_IsObject(sec), "an object"))
		return;
	check_keys(v, sec, sp, keys);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(sec, key);
	if (list)
		read_path_list(v, list, kp, out);
}

static void check_consistency(struct validator *v, const cJSON *root, const struct cs_profile *p)
{
	static const struct {
		const char *section;
		enum cs_cap needs;
	} sections[] = {
		{ "filesystem", CS_CAP_FILESYSTEM },
		{ "network", CS_CAP_NETWORK },
		{ "exec", CS_CAP_SHELL },
	};

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		const cJSON *sec = cJSON_GetObjectItemCaseSensitive(root, sections[i].section);
		if (!sec || cs_capset_has(p->caps, sections[i].needs))
			continue;
		/* gateway_port alone is harmless without 'network'. */
		if (sections[i].needs == CS_CAP_NETWORK &&
		    !cJSON_GetObjectItemCaseSensitive(sec, "connect_tcp") &&
		    !cJSON_GetObjectItemCaseSensitive(sec, "unix"))
			continue;
		_cleanup_free_ char *path = cs_asprintf("$.%s", sections[i].section);
		bad(v, path, "is set, but capability '%s' is not declared, so it would grant nothing",
		    cs_cap_name(sections[i].needs));
	}
}

static void read_profile(struct validator *v, const cJSON *root, struct cs_profile *p)
{
	static const char *const keys[] = { "version", "skill",   "description", "capabilities",
					    "filesystem", "network", "exec",
					    "log",        "degraded", NULL };
	const cJSON *j;

	if (!want(v, root, "$", cJSON_IsObject(root), "an object"))
		return;
	check_keys(v, root, "$", keys);

	j = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!j)
		bad(v, "$.version", "is required (the only version is 1)");
	else if (want(v, j, "$.version", cJSON_IsNumber(j), "a number") &&
		 j->valuedouble != CS_PROFILE_VERSION)
		bad(v, "$.version", "version %g is not supported (the only version is 1)",
		    j->valuedouble);

	j = cJSON_GetObjectItemCaseSensitive(root, "skill");
	if (j && want(v, j, "$.skill", cJSON_IsString(j), "a string")) {
		p->skill = strdup(j->valuestring);
		if (!p->skill)
			v->err = -ENOMEM;
	}
	j = cJSON_GetObjectItemCaseSensitive(root, "description");
	if (j)
		want(v, j, "$.description", cJSON_IsString(j), "a string");

	j = cJSON_GetObjectItemCaseSensitive(root, "capabilities");
	if (!j)
		bad(v, "$.capabilities", "is required (use [] for none)");
	else
		read_caps(v, j, p);

	read_section_paths(v, root, "filesystem", "write", &p->write);
	read_section_paths(v, root, "exec", "allow", &p->exec_allow);
	j = cJSON_GetObjectItemCaseSensitive(root, "network");
	if (j)
		read_network(v, j, p);

	j = cJSON_GetObjectItemCaseSensitive(root, "log");
	if (j && want(v, j, "$.log", cJSON_IsString(j), "a path string") &&
	    valid_path(v, j->valuestring, "$.log")) {
		p->log = strdup(j->valuestring);
		if (!p->log)
			v->err = -ENOMEM;
	}
	j = cJSON_GetObjectItemCaseSensitive(root, "degraded");
	if (j && want(v, j, "$.degraded", cJSON_IsString(j), "\"fail\" or \"allow\"")) {
		if (strcmp(j->valuestring, "allow") == 0)
			p->degraded = CS_DEGRADED_ALLOW;
		else if (strcmp(j->valuestring, "fail") != 0)
			bad(v, "$.degraded", "must be \"fail\" or \"allow\", not \"%s\"",
			    j->valuestring);
	}
	check_consistency(v, root, p);
}

static void set_defaults(struct cs_profile *p)
{
	p->gateway_port = CS_DEFAULT_GATEWAY_PORT;
	p->ports[0] = 80;
	p->ports[1] = 443;
	p->n_ports = 2;
	p->degraded = CS_DEGRADED_FAIL;
}

/* Counts JSON whitespace at s, never reading past n bytes: the text given to
 * cs_profile_parse need not be NUL-terminated. */
static size_t blank_span(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	return i;
}

/* ---- JSON5 reading and duplicate keys ---------------------------------------- */

/* JSON5's last-key-wins would hide a duplicate key, so every value's path
 * is recorded as it is parsed; a path seen twice is a duplicate. */
struct seen {
	struct seen_path {
		char *path;
		unsigned line;
	} *v;
	size_t n, cap;
	bool oom;
};

static void on_value(void *ctx, const char *path, const cJSON *value, struct cs_json5_pos start,
		     struct cs_json5_pos end)
{
	struct seen *s = ctx;
	struct seen_path *v = cs_grow(s->v, &s->cap, s->n, sizeof(*v), 32);

	(void)value;
	(void)end;
	if (!v || !(v[s->n].path = strdup(path))) {
		if (v)
			s->v = v;
		s->oom = true;
		return;
	}
	s->v = v;
	v[s->n++].line = start.line;
}

static int by_path(const void *x, const void *y)
{
	const struct seen_path *a = *(struct seen_path *const *)x, *b = *(struct seen_path *const *)y;
	int c = strcmp(a->path, b->path);
	return c ? c : (a > b) - (a < b);
}

static int dup_cmp(const void *key, const void *x)
{
	return strcmp(key, (*(struct seen_path *const *)x)->path);
}

static int by_position(const void *x, const void *y)
{
	const struct seen_path *a = *(struct seen_path *const *)x, *b = *(struct seen_path *const *)y;
	return (a > b) - (a < b);
}

/* One error per duplicate key, the outermost only (a repeated object
 * repeats all its members too). Sorting keeps this O(n log n) on large
 * profiles. */
static void report_duplicates(struct validator *v, const struct seen *s)
{
	_cleanup_free_ struct seen_path **idx = calloc(s->n + 1, sizeof(*idx));
	_cleanup_free_ struct seen_path **dups = calloc(s->n + 1, sizeof(*dups));
	_cleanup_free_ unsigned *first_line = calloc(s->n + 1, sizeof(*first_line));
	_cleanup_free_ bool *inner = calloc(s->n + 1, sizeof(*inner));
	size_t nd = 0;

	if (!idx || !dups || !first_line || !inner) {
		v->err = -ENOMEM;
		return;
	}
	for (size_t i = 0; i < s->n; i++)
		idx[i] = &s->v[i];
	qsort(idx, s->n, sizeof(*idx), by_path);
	for (size_t i = 1; i < s->n; i++)
		if (strcmp(idx[i]->path, idx[i - 1]->path) == 0 &&
		    (nd == 0 || strcmp(dups[nd - 1]->path, idx[i]->path) != 0)) {
			/* the line of the first occurrence, kept beside the second */
			first_line[idx[i] - s->v] = idx[i - 1]->line;
			dups[nd++] = idx[i];
		}
	/* dups is sorted by path: bisect for each proper prefix */
	for (size_t i = 0; i < nd; i++) {
		const char *path = dups[i]->path;
		for (size_t k = 1; path[k] && !inner[i]; k++) {
			if (path[k] != '.' && path[k] != '[')
				continue;
			_cleanup_free_ char *pre = strndup(path, k);
			inner[i] = pre && bsearch(pre, dups, nd, sizeof(*dups), dup_cmp);
		}
	}
	size_t m = 0;
	for (size_t i = 0; i < nd; i++)
		if (!inner[i])
			dups[m++] = dups[i];
	qsort(dups, m, sizeof(*dups), by_position);
	for (size_t i = 0; i < m; i++)
		bad(v, dups[i]->path, "duplicate key (first at line %u, again at line %u)",
		    first_line[dups[i] - s->v], dups[i]->line);
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].path);
	free(s->v);
}

int cs_profile_parse(const char *text, size_t len, const char *file, struct cs_profile *out,
		     struct cs_diags *d)
{
	struct validator v = { .file = file, .diags = d };
	struct cs_profile p = { 0 };
	struct seen seen = { 0 };
	/* JSON5, so that profiles can carry comments; the depth limit keeps
	 * hostile nesting from costing anything. */
	struct cs_json5_opts opts = { .max_depth = CS_PROFILE_MAX_DEPTH, .on_value = on_value,
				      .ctx = &seen };

	*out = (struct cs_profile){ 0 };
	if (blank_span(text, len) == len) {
		cs_diag_add(d, file, 0, 0, NULL, "empty file: a profile is a JSON object");
		return -EINVAL;
	}
	if (memchr(text, '\0', len)) {
		cs_diag_add(d, file, 0, 0, NULL, "not a text file (it contains NUL bytes)");
		return -EINVAL;
	}
	if (check_depth(text, len, &v) < 0)
		return v.err;
	cJSON *root = cs_json5_parse(text, len, file, &opts, d);
	if (!root || seen.oom) {
		cJSON_Delete(root);
		seen_free(&seen);
		return root ? -ENOMEM : -EINVAL;
	}
	set_defaults(&p);
	report_duplicates(&v, &seen);
	seen_free(&seen);
	read_profile(&v, root, &p);
	cJSON_Delete(root);
	if (v.err) {
		cs_profile_free(&p);
		return v.err;
	}
	*out = p;
	return 0;
}

int cs_profile_load(const char *path, struct cs_profile *out, struct cs_diags *d)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r = cs_read_file(path, CS_PROFILE_MAX_SIZE, &text, &len);

	*out = (struct cs_profile){ 0 };
	if (r == -EFBIG) {
		cs_diag_add(d, path, 0, 0, NULL, "larger than %u bytes", CS_PROFILE_MAX_SIZE);
		return r;
	}
	if (r < 0) {
		cs_diag_add(d, path, 0, 0, NULL, "cannot read: %s", cs_read_strerror(r));
		return r;
	}
	return cs_profile_parse(text, len, path, out, d);
}

int cs_profile_from_caps(cs_capset caps, const char *skill, struct cs_profile *out)
{
	struct cs_profile p = { .caps = caps };

	*out = (struct cs_profile){ 0 };
	set_defaults(&p);
	if (skill && !(p.skill = strdup(skill)))
		goto oom;
	if (cs_capset_has(caps, CS_CAP_FILESYSTEM) && cs_strv_push(&p.write, "{workspace}") < 0)
		goto oom;
	if (!(p.log = strdup("{state}/logs/security.jsonl")))
		goto oom;
	*out = p;
	return 0;
oom:
	cs_profile_free(&p);
	return -ENOMEM;
}

int cs_profile_from_skill(const struct cs_skill *s, struct cs_profile *out)
{
	return cs_profile_from_caps(s->caps, s->name, out);
}

/* ---- expansion --------------------------------------------------------------- */

static const char *default_home(const struct cs_paths *paths)
{
	const char *h = paths && paths->home ? paths->home : getenv("HOME");
	return h && *h ? h : "/";
}

static char *default_state(const struct cs_paths *paths)
{
	if (paths && paths->state)
		return strdup(paths->state);
	const char *s = getenv("OPENCLAW_STATE_DIR");
	if (s && *s)
		return strdup(s);
	return cs_concat(default_home(paths), "/.openclaw");
}

static int expand_one(const char *in, const struct cs_paths *paths, const char *state,
		      struct cs_strv *out)
{
	if (strncmp(in, "{workspace}", 11) == 0) {
		for (size_t i = 0; paths && i < paths->n_workspaces; i++)
			if (cs_strv_push_owned(out, cs_concat(paths->workspaces[i], in + 11)) < 0)
				return -ENOMEM;
		return 0;
	}
	if (strncmp(in, "{state}", 7) == 0)
		return cs_strv_push_owned(out, cs_concat(state, in + 7));
	if (strncmp(in, "{home}", 6) == 0)
		return cs_strv_push_owned(out, cs_concat(default_home(paths), in + 6));
	return cs_strv_push(out, in);
}

int cs_profile_expand(const struct cs_profile *in, const struct cs_paths *paths,
		      struct cs_profile *out)
{
	struct cs_profile p = *in;
	_cleanup_free_ char *state = default_state(paths);
	struct cs_strv log = { 0 };

	*out = (struct cs_profile){ 0 };
	p.skill = NULL;
	p.log = NULL;
	p.write = (struct cs_strv){ 0 };
	p.exec_allow = (struct cs_strv){ 0 };
	p.expanded = true;
	if (!state || (in->skill && !(p.skill = strdup(in->skill))))
		goto oom;
	for (size_t i = 0; i < in->write.n; i++)
		if (expand_one(in->write.v[i], paths, state, &p.write) < 0)
			goto oom;
	for (size_t i = 0; i < in->exec_allow.n; i++)
		if (expand_one(in->exec_allow.v[i], paths, state, &p.exec_allow) < 0)
			goto oom;
	if (in->log) {
		if (expand_one(in->log, paths, state, &log) < 0)
			goto oom;
		/* {workspace} in a log path: the first workspace. */
		if (log.n)
			p.log = steal_ptr(&log.v[0]);
		cs_strv_free(&log);
	}
	*out = p;
	return 0;
oom:
	cs_strv_free(&log);
	cs_profile_free(&p);
	return -ENOMEM;
}

/* ---- output ------------------------------------------------------------------ */

static cJSON *strv_to_json(const struct cs_strv *sv)
{
	return cJSON_CreateStringArray((const char *const *)sv->v, (int)sv->n);
}

cJSON *cs_profile_to_json(const struct cs_profile *p)
{
	cJSON *root = cJSON_CreateObject();

	if (!root)
		return NULL;
	cJSON_AddNumberToObject(root, "version", CS_PROFILE_VERSION);
	if (p->skill)
		cJSON_AddStringToObject(root, "skill", p->skill);
	cJSON *caps = cJSON_AddArrayToObject(root, "capabilities");
	if (!caps) {
		cJSON_Delete(root);
		return NULL;
	}
	for (int c = 0; c < CS_CAP_COUNT; c++)
		if (cs_capset_has(p->caps, (enum cs_cap)c))
			cJSON_AddItemToArray(caps, cJSON_CreateString(cs_cap_name((enum cs_cap)c)));
	if (cs_capset_has(p->caps, CS_CAP_FILESYSTEM)) {
		cJSON *fs = cJSON_AddObjectToObject(root, "filesystem");
		cJSON_AddItemToObject(fs, "write", strv_to_json(&p->write));
	}
	if (cs_capset_has(p->caps, CS_CAP_NETWORK)) {
		cJSON *net = cJSON_AddObjectToObject(root, "network");
		cJSON *ports = cJSON_AddArrayToObject(net, "connect_tcp");
		for (size_t i = 0; i < p->n_ports; i++)
			cJSON_AddItemToArray(ports, cJSON_CreateNumber(p->ports[i]));
		cJSON_AddNumberToObject(net, "gateway_port", p->gateway_port);
		if (p->unix_sockets)
			cJSON_AddBoolToObject(net, "unix", true);
	} else if (p->gateway_port != CS_DEFAULT_GATEWAY_PORT) {
		cJSON *net = cJSON_AddObjectToObject(root, "network");
		cJSON_AddNumberToObject(net, "gateway_port", p->gateway_port);
	}
	if (cs_capset_has(p->caps, CS_CAP_SHELL) && p->exec_allow.n) {
		cJSON *ex = cJSON_AddObjectToObject(root, "exec");
		cJSON_AddItemToObject(ex, "allow", strv_to_json(&p->exec_allow));
	}
	if (p->log)
		cJSON_AddStringToObject(root, "log", p->log);
	if (p->degraded == CS_DEGRADED_ALLOW)
		cJSON_AddStringToObject(root, "degraded", "allow");
	return root;
}

bool cs_profile_port_allowed(const struct cs_profile *p, uint16_t port)
{
	for (size_t i = 0; i < p->n_ports; i++)
		if (p->ports[i] == port)
			return true;
	return false;
}

void cs_profile_free(struct cs_profile *p)
{
	free(p->skill);
	cs_strv_free(&p->write);
	cs_strv_free(&p->exec_allow);
	free(p->log);
	*p = (struct cs_profile){ 0 };
}
