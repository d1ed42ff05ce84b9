/* The needs an audit run observed, as a summary line and as profile JSON:
 * the narrowest profile that lets the same run pass, or the union of an
 * existing profile and the observations. See suggest.h. */
#include "clawshim/suggest.h"
#include "clawshim/atomicfile.h"
#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/jsonout.h"
#include "clawshim/profile.h"
#include "clawshim/strbuf.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_LOG "{state}/logs/security.jsonl"

int cs_needs_add_program(struct cs_needs *n, const char *path)
{
	return cs_strv_contains(&n->programs, path) ? 0 : cs_strv_push(&n->programs, path);
}

int cs_needs_add_write(struct cs_needs *n, const char *path)
{
	return cs_strv_contains(&n->writes, path) ? 0 : cs_strv_push(&n->writes, path);
}

void cs_needs_add_port(struct cs_needs *n, uint16_t port)
{
	for (size_t i = 0; i < n->n_ports; i++)
		if (n->ports[i] == port)
			return;
	if (n->n_ports < CS_MAX_PORTS)
		n->ports[n->n_ports++] = port;
}

void cs_needs_free(struct cs_needs *n)
{
	cs_strv_free(&n->programs);
	cs_strv_free(&n->writes);
	*n = (struct cs_needs){ 0 };
}

/* The writes sorted, each one that lies under another folded into it. */
static int folded_writes(const struct cs_needs *n, struct cs_strv *out)
{
	_cleanup_strv_ struct cs_strv sorted = { 0 };

	for (size_t i = 0; i < n->writes.n; i++)
		if (cs_strv_push(&sorted, n->writes.v[i]) < 0)
			return -ENOMEM;
	cs_strv_sort(&sorted);
	for (size_t i = 0; i < sorted.n; i++) {
		/* Sorted, a parent comes before what lies under it. */
		if (out->n && cs_path_is_under(sorted.v[i], out->v[out->n - 1]))
			continue;
		if (cs_strv_push(out, sorted.v[i]) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int cmp_port(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

char *cs_needs_summary(const struct cs_needs *n)
{
	_cleanup_strv_ struct cs_strv writes = { 0 };
	struct cs_strbuf b = { 0 };
	uint16_t ports[CS_MAX_PORTS];
	const char *sep = "";

	if (folded_writes(n, &writes) < 0)
		return NULL;
	if (n->caps) {
		cs_strbuf_puts(&b, "capabilities ");
		for (int c = 0, first = 1; c < CS_CAP_COUNT; c++)
			if (cs_capset_has(n->caps, (enum cs_cap)c)) {
				cs_strbuf_printf(&b, "%s%s", first ? "" : ", ",
						 cs_cap_name((enum cs_cap)c));
				first = 0;
			}
		if (n->unix_sockets)
			cs_strbuf_puts(&b, " (with UNIX sockets)");
		sep = "; ";
	}
	memcpy(ports, n->ports, n->n_ports * sizeof(ports[0]));
	qsort(ports, n->n_ports, sizeof(ports[0]), cmp_port);
	for (size_t i = 0; i < n->n_ports; i++) {
		cs_strbuf_printf(&b, "%s%s%u", i ? ", " : sep, i ? "" : "TCP ", ports[i]);
		sep = "; ";
	}
	for (size_t i = 0; i < writes.n; i++) {
		cs_strbuf_printf(&b, "%s%s%s", i ? ", " : sep, i ? "" : "writes under ",
				 writes.v[i]);
		sep = "; ";
	}
	for (size_t i = 0; i < n->programs.n; i++) {
		cs_strbuf_printf(&b, "%s%s%s", i ? ", " : sep, i ? "" : "programs ",
				 n->programs.v[i]);
		sep = "; ";
	}
	if (!*sep)
		cs_strbuf_puts(&b, "nothing");
	if (n->unfixable)
		cs_strbuf_printf(&b, "; and %lu call%s no profile allows (see the log)",
				 n->unfixable, n->unfixable == 1 ? "" : "s");
	return cs_strbuf_steal(&b);
}

/* ---- merging into profile JSON ------------------------------------------- */

static cJSON *member(cJSON *o, const char *key, bool array)
{
	cJSON *m = cJSON_GetObjectItemCaseSensitive(o, key);

	if (m && (array ? cJSON_IsArray(m) : cJSON_IsObject(m)))
		return m;
	if (m)
		cJSON_DeleteItemFromObjectCaseSensitive(o, key);
	return array ? cJSON_AddArrayToObject(o, key) : cJSON_AddObjectToObject(o, key);
}

static bool has_string(const cJSON *arr, const char *s)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr)
		if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
			return true;
	return false;
}

/* s is an entry of arr or lies under one (a directory covers its files). */
static bool covered(const cJSON *arr, const char *s)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr)
		if (cJSON_IsString(e) && cs_path_is_under(s, e->valuestring))
			return true;
	return false;
}

static bool has_number(const cJSON *arr, double v)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr)
		if (cJSON_IsNumber(e) && e->valuedouble == v)
			return true;
	return false;
}

static void add_string(cJSON *arr, const char *s)
{
	if (arr && !covered(arr, s))
		cJSON_AddItemToArray(arr, cJSON_CreateString(s));
}

static void add_port(cJSON *arr, uint16_t port)
{
	if (arr && !has_number(arr, port))
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(port));
}

/* path with a workspace it lies under written as {workspace}. */
static char *with_placeholder(const char *path, const char *const *ws, size_t n_ws)
{
	for (size_t i = 0; i < n_ws; i++)
		if (ws[i] && cs_path_is_under(path, ws[i]))
			return cs_asprintf("{workspace}%s", path + strlen(ws[i]));
	return strdup(path);
}

static void merge_writes(const struct cs_needs *n, const char *const *ws, size_t n_ws,
			 cJSON *root)
{
	_cleanup_strv_ struct cs_strv writes = { 0 };

	/* Writes only to the private TMPDIR need no write root. */
	if (folded_writes(n, &writes) < 0 || writes.n == 0)
		return;
	cJSON *list = member(member(root, "filesystem", false), "write", true);
	for (size_t i = 0; i < writes.n; i++) {
		_cleanup_free_ char *entry = with_placeholder(writes.v[i], ws, n_ws);
		if (entry)
			add_string(list, entry);
	}
}

static void merge_network(const struct cs_needs *n, bool had_network, cJSON *root)
{
	static const uint16_t defaults[] = { 80, 443 };
	cJSON *net = member(root, "network", false);
	bool listed = cJSON_GetObjectItemCaseSensitive(net, "connect_tcp") != NULL;
	cJSON *ports = member(net, "connect_tcp", true);
	uint16_t sorted[CS_MAX_PORTS];

	/* Without a list, a profile with 'network' allowed the default ports:
	 * spelling the list out must not take them away. */
	if (had_network && !listed)
		for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
			add_port(ports, defaults[i]);
	memcpy(sorted, n->ports, n->n_ports * sizeof(sorted[0]));
	qsort(sorted, n->n_ports, sizeof(sorted[0]), cmp_port);
	for (size_t i = 0; i < n->n_ports; i++)
		add_port(ports, sorted[i]);
	if (n->unix_sockets) {
		cJSON_DeleteItemFromObjectCaseSensitive(net, "unix");
		cJSON_AddBoolToObject(net, "unix", true);
	}
}

static void merge_exec(const struct cs_needs *n, bool had_shell, cJSON *root)
{
	cJSON *ex = cJSON_GetObjectItemCaseSensitive(root, "exec");
	cJSON *allow = cJSON_GetObjectItemCaseSensitive(ex, "allow");

	/* 'shell' without an allowlist already runs every program. */
	if (had_shell && cJSON_GetArraySize(allow) == 0)
		return;
	allow = member(member(root, "exec", false), "allow", true);
	for (size_t i = 0; i < n->programs.n; i++)
		add_string(allow, n->programs.v[i]);
}

static cJSON *new_profile(const char *skill)
{
	cJSON *root = cJSON_CreateObject();

	if (!root)
		return NULL;
	cJSON_AddNumberToObject(root, "version", CS_PROFILE_VERSION);
	if (skill)
		cJSON_AddStringToObject(root, "skill", skill);
	cJSON_AddArrayToObject(root, "capabilities");
	return root;
}

cJSON *cs_needs_merge(const struct cs_needs *n, const char *const *workspaces,
		      size_t n_workspaces, const char *skill, cJSON *root)
{
	bool fresh = root == NULL;

	if (fresh && !(root = new_profile(skill)))
		return NULL;
	cJSON *caps = member(root, "capabilities", true);
	bool had[CS_CAP_COUNT];
	for (int c = 0; c < CS_CAP_COUNT; c++) {
		had[c] = has_string(caps, cs_cap_name((enum cs_cap)c));
		if (cs_capset_has(n->caps, (enum cs_cap)c) && !had[c])
			cJSON_AddItemToArray(caps, cJSON_CreateString(cs_cap_name((enum cs_cap)c)));
	}
	if (cs_capset_has(n->caps, CS_CAP_FILESYSTEM))
		merge_writes(n, workspaces, n_workspaces, root);
	if (cs_capset_has(n->caps, CS_CAP_NETWORK))
		merge_network(n, had[CS_CAP_NETWORK], root);
	/* A profile with an allowlist must list the programs this run ran,
	 * its own command included, even when this run needed no 'shell'. */
	cJSON *allow = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "exec"), "allow");
	if (cs_capset_has(n->caps, CS_CAP_SHELL) ||
	    (had[CS_CAP_SHELL] && cJSON_GetArraySize(allow) > 0))
		merge_exec(n, had[CS_CAP_SHELL], root);
	if (fresh)
		cJSON_AddStringToObject(root, "log", DEFAULT_LOG);
	return root;
}

/* ---- the file --------------------------------------------------------------- */

/* Where each value of a JSON5 text starts, by JSON path. */
struct value_lines {
	struct cs_strv paths;
	unsigned *lines;
	size_t cap;
};

static void note_line(void *ctx, const char *path, const cJSON *value, struct cs_json5_pos start,
		      struct cs_json5_pos end)
{
	struct value_lines *vl = ctx;
	unsigned *lines = cs_grow(vl->lines, &vl->cap, vl->paths.n, sizeof(*lines), 16);

	(void)value;
	(void)end;
	if (!lines)
		return;
	vl->lines = lines;
	if (cs_strv_push(&vl->paths, path) == 0)
		lines[vl->paths.n - 1] = start.line;
}

/* The profile reader names the JSON path of a problem; the line it is on
 * is added here, so that the user can go to it. */
static void add_lines(const char *file, struct cs_diags *d, size_t from)
{
	_cleanup_free_ char *text = NULL;
	struct value_lines vl = { 0 };
	struct cs_diags ignored = { 0 };
	struct cs_json5_opts opts = { .on_value = note_line, .ctx = &vl };
	size_t len;

	if (cs_read_file(file, CS_PROFILE_MAX_SIZE, &text, &len) < 0)
		return;
	cJSON_Delete(cs_json5_parse(text, len, file, &opts, &ignored));
	cs_diags_free(&ignored);
	for (size_t i = from; i < d->n; i++)
		for (size_t k = 0; d->v[i].where && !d->v[i].line && k < vl.paths.n; k++)
			if (strcmp(vl.paths.v[k], d->v[i].where) == 0)
				d->v[i].line = vl.lines[k];
	cs_strv_free(&vl.paths);
	free(vl.lines);
}

/* The file the profile is written to: a symlink's target (a profile kept
 * elsewhere and linked in stays linked), else the path itself. NULL with
 * errno set for a link that leads nowhere. */
static char *write_target(const char *file)
{
	struct stat st;

	if (lstat(file, &st) == 0 && S_ISLNK(st.st_mode))
		return realpath(file, NULL);
	return strdup(file);
}

/* The directory the temporary file and the rename happen in must take
 * them: said before the tool runs, not after. */
static int check_writable_dir(const char *file, struct cs_diags *d)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", file) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	const char *dir = dirname(buf);
	if (access(dir, W_OK | X_OK) == 0)
		return 0;
	int e = errno;
	cs_diag_add(d, file, 0, 0, NULL, "cannot write a file in %s: %s", dir, strerror(e));
	return -e;
}

int cs_suggest_check(const char *file, struct cs_diags *d)
{
	struct cs_profile p;
	struct stat st;
	size_t from = d->n;
	_cleanup_free_ char *target = write_target(file);

	if (!target) {
		int e = errno;
		cs_diag_add(d, file, 0, 0, NULL, "a symlink that leads nowhere: %s", strerror(e));
		return -e;
	}
	int r = check_writable_dir(target, d);
	if (r < 0)
		return r;
	if (stat(target, &st) < 0 && errno == ENOENT)
		return 0;
	r = cs_profile_load(file, &p, d);
	if (r == 0)
		cs_profile_free(&p);
	else
		add_lines(file, d, from);
	return r;
}

int cs_suggest_write(const char *file, const struct cs_needs *n, const char *const *workspaces,
		     size_t n_workspaces, const char *skill, struct cs_diags *d)
{
	_cleanup_free_ char *old = NULL, *text = NULL;
	struct cs_profile check;
	cJSON *root = NULL;
	size_t len = 0;
	int r = cs_read_file(file, CS_PROFILE_MAX_SIZE, &old, &len);

	if (r < 0 && r != -ENOENT) {
		cs_diag_add(d, file, 0, 0, NULL, "cannot read: %s", cs_read_strerror(r));
		return r;
	}
	if (r == 0) {
		/* Validated again: the file may have changed while the tool ran. */
		size_t from = d->n;
		if ((r = cs_profile_parse(old, len, file, &check, d)) < 0) {
			add_lines(file, d, from);
			return r;
		}
		cs_profile_free(&check);
		if (!(root = cs_json5_parse(old, len, file, NULL, d)))
			return -EINVAL;
	}
	cJSON *merged = cs_needs_merge(n, workspaces, n_workspaces, skill, root);
	if (!merged || !(text = cs_json_print(merged))) {
		cJSON_Delete(merged ? merged : root);
		return -ENOMEM;
	}
	cJSON_Delete(merged);
	r = cs_profile_parse(text, strlen(text), file, &check, d);
	if (r < 0) {
		cs_diag_add(d, file, 0, 0, NULL, "the suggested profile would not be valid; "
						 "the file is left as it was");
		return r;
	}
	cs_profile_free(&check);
	_cleanup_free_ char *target = write_target(file);
	r = target ? cs_write_file_atomic(target, text, strlen(text), 0644) : -errno;
	if (r < 0)
		cs_diag_add(d, file, 0, 0, NULL, "cannot write: %s", strerror(-r));
	return r;
}
