/* Findings and the config lookups the checks share (see audit.h). */
#include "audit.h"
#include "clawshim/utf8.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *audit_severity_name(enum audit_severity s)
{
	switch (s) {
	case SEV_CRITICAL:
		return "critical";
	case SEV_WARN:
		return "warn";
	case SEV_INFO:
		break;
	}
	return "info";
}

void audit_add_owned(struct audit_ctx *a, const char *check_id, enum audit_severity sev,
		     const char *title, const char *remediation, char *detail)
{
	struct findings *f = a->out;
	struct finding *v = detail ? cs_grow(f->v, &f->cap, f->n, sizeof(*f->v), 16) : NULL;

	if (!v) {
		free(detail);
		f->oom = true;
		return;
	}
	f->v = v;
	struct finding *n = &f->v[f->n];
	*n = (struct finding){
		.check_id = strdup(check_id),
		.severity = sev,
		.title = strdup(title),
		.detail = detail,
		.remediation = remediation ? strdup(remediation) : NULL,
	};
	if (!n->check_id || !n->title || (remediation && !n->remediation)) {
		free(n->check_id);
		free(n->title);
		free(n->detail);
		free(n->remediation);
		f->oom = true;
		return;
	}
	f->n++;
}

void audit_add(struct audit_ctx *a, const char *check_id, enum audit_severity sev,
	       const char *title, const char *remediation, const char *detail_fmt, ...)
{
	va_list ap;

	va_start(ap, detail_fmt);
	char *detail = cs_vasprintf(detail_fmt, ap);
	va_end(ap);
	audit_add_owned(a, check_id, sev, title, remediation, detail);
}

void findings_free(struct findings *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].check_id);
		free(f->v[i].title);
		free(f->v[i].detail);
		free(f->v[i].remediation);
	}
	free(f->v);
	*f = (struct findings){ 0 };
}

const cJSON *obj_get(const cJSON *obj, const char *key)
{
	return cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
}

const cJSON *cfg_at(const cJSON *root, const char *dotted)
{
	const cJSON *node = root;
	char key[128];

	while (node && *dotted) {
		size_t n = strcspn(dotted, ".");
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, dotted, n);
		key[n] = '\0';
		node = obj_get(node, key);
		dotted += n + (dotted[n] == '.');
	}
	return node;
}

const char *cfg_str(const cJSON *root, const char *dotted)
{
	const cJSON *v = cfg_at(root, dotted);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool cfg_is_true(const cJSON *root, const char *dotted)
{
	return cJSON_IsTrue(cfg_at(root, dotted));
}

bool cfg_is_false(const cJSON *root, const char *dotted)
{
	return cJSON_IsFalse(cfg_at(root, dotted));
}

/* Bytes of JavaScript white space (String.prototype.trim's set) at s, 0 if none. */
static size_t js_space_at(const unsigned char *s)
{
	if (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		return 1;
	if (s[0] == 0xc2 && s[1] == 0xa0)
		return 2; /* no-break space */
	if (s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80)
		return 3; /* ogham space mark */
	if (s[0] == 0xe2 && s[1] == 0x80 && ((s[2] >= 0x80 && s[2] <= 0x8a) || s[2] == 0xa8 ||
					     s[2] == 0xa9 || s[2] == 0xaf))
		return 3; /* en quad .. hair space, line/paragraph separator, narrow nbsp */
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f)
		return 3; /* medium mathematical space */
	if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80)
		return 3; /* ideographic space */
	if (s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		return 3; /* BOM */
	return 0;
}

char *str_trim(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k;

	while ((k = js_space_at(p)))
		p += k;
	size_t end = 0, i = 0;
	while (p[i]) {
		k = js_space_at(p + i);
		if (k) {
			i += k;
		} else {
			i++;
			end = i;
		}
	}
	return strndup((const char *)p, end);
}

char *str_js_spaces_to_ascii(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	const unsigned char *p = (const unsigned char *)s;
	if (!out)
		return NULL;
	while (*p) {
		size_t k = js_space_at(p);
		*o++ = k ? ' ' : (char)*p;
		p += k ? k : 1;
	}
	*o = '\0';
	return out;
}

bool str_blank(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k;

	while ((k = js_space_at(p)))
		p += k;
	return *p == '\0';
}

char *str_lower(const char *s)
{
	char *l = strdup(s);
	for (char *c = l; c && *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return l;
}

/* ^[a-z0-9][a-z0-9_-]{0,63}$ case-insensitively: kept as is, lowercased. */
static bool is_plain_agent_id(const char *t)
{
	size_t n = 0;
	for (const char *c = t; *c; c++, n++) {
		bool alnum = isalnum((unsigned char)*c);
		if (!alnum && (n == 0 || (*c != '_' && *c != '-')))
			return false;
	}
	return n >= 1 && n <= 64;
}

char *normalize_agent_id(const char *id)
{
	_cleanup_free_ char *t = str_trim(id ? id : "");
	if (!t)
		return NULL;
	if (!*t)
		return strdup("main");
	if (is_plain_agent_id(t))
		return str_lower(t);
	char *out = malloc(strlen(t) + 1);
	if (!out)
		return NULL;
	size_t n = 0, used;
	bool dash = false;
	for (const unsigned char *c = (const unsigned char *)t; *c; c += used) {
		/* JavaScript's toLowerCase() takes two non-ASCII letters to ASCII:
		 * the Kelvin sign to "k", and U+0130 to "i" and a combining dot */
		uint32_t cp = cs_utf8_decode(c, strlen((const char *)c), &used);
		char ch = cp == 0x212a ? 'k' : cp == 0x130 ? 'i' : cp < 0x80 ? (char)tolower((int)cp) : 0;
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
			  ch == '-';
		if (ok) {
			out[n++] = ch;
			dash = false;
		} else if (!dash) {
			out[n++] = '-';
			dash = true;
		}
		if (cp == 0x130 && !dash) {
			out[n++] = '-';
			dash = true;
		}
	}
	out[n] = '\0';
	size_t start = 0;
	while (out[start] == '-')
		start++;
	while (n > start && out[n - 1] == '-')
		n--;
	if (n - start > 64)
		n = start + 64;
	memmove(out, out + start, n - start);
	out[n - start] = '\0';
	if (!*out) {
		free(out);
		return strdup("main");
	}
	return out;
}

const cJSON *agent_entry(const cJSON *cfg, const char *agent_id)
{
	const cJSON *list = cfg_at(cfg, "agents.list");
	const cJSON *e;
	_cleanup_free_ char *want = normalize_agent_id(agent_id);

	if (!want)
		return NULL;
	cJSON_ArrayForEach(e, array_or_null(list)) {
		/* an entry without an id normalises to "main", as OpenClaw's does */
		if (!cJSON_IsObject(e))
			continue;
		_cleanup_free_ char *have = normalize_agent_id(cfg_str(e, "id"));
		if (have && strcmp(have, want) == 0)
			return e;
	}
	return NULL;
}

const char *sandbox_mode_for(const cJSON *cfg, const char *agent_id)
{
	/* "" is no agent (JavaScript's falsy), not the normalised "main" */
	const char *m = agent_id && *agent_id ? cfg_str(agent_entry(cfg, agent_id), "sandbox.mode")
					      : NULL;
	if (!m)
		m = cfg_str(cfg, "agents.defaults.sandbox.mode");
	return m ? m : "off";
}

size_t js_length(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xc0) != 0x80)
			n += *p >= 0xf0 ? 2 : 1;
	}
	return n;
}

void oc_agent_ids(const cJSON *cfg, struct cs_strv *out)
{
	const cJSON *list = cfg_at(cfg, "agents.list");
	const cJSON *e, *first = NULL, *def = NULL;

	cJSON_ArrayForEach(e, array_or_null(list)) {
		if (!cJSON_IsObject(e))
			continue;
		if (!first)
			first = e;
		if (!def && cJSON_IsTrue(obj_get(e, "default")))
			def = e;
	}
	const cJSON *chosen = def ? def : first;
	_cleanup_free_ char *d = normalize_agent_id(chosen ? cfg_str(chosen, "id") : NULL);
	if (d)
		cs_strv_push(out, d);
	cJSON_ArrayForEach(e, array_or_null(list)) {
		const char *id = cfg_str(e, "id");
		_cleanup_free_ char *n = id ? normalize_agent_id(id) : NULL;
		if (n && !cs_strv_contains(out, n))
			cs_strv_push(out, n);
	}
}

int list_subdirs(const char *dir, struct cs_strv *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
			cs_strv_push(out, e->d_name);
	}
	closedir(d);
	cs_strv_sort(out);
	return 0;
}

char *str_trim_nonblank(const char *s)
{
	char *t = s ? str_trim(s) : NULL;
	if (t && !*t) {
		free(t);
		return NULL;
	}
	return t;
}

bool host_is_loopback(const char *h)
{
	return strcmp(h, "localhost") == 0 || strncmp(h, "127.", 4) == 0 ||
	       strcmp(h, "::1") == 0 || strcmp(h, "0:0:0:0:0:0:0:1") == 0;
}

/* A canonical array index ("0", "7", not "07"), below 2^32 - 1. */
static bool is_array_index(const char *k, unsigned long long *v)
{
	size_t n = strlen(k);
	if (n == 0 || n > 10 || strspn(k, "0123456789") != n || (n > 1 && k[0] == '0'))
		return false;
	*v = strtoull(k, NULL, 10);
	return *v < 4294967295ULL;
}

static int by_index(const void *x, const void *y)
{
	unsigned long long a = strtoull(*(char *const *)x, NULL, 10);
	unsigned long long b = strtoull(*(char *const *)y, NULL, 10);
	return a < b ? -1 : a > b;
}

void js_object_keys(const cJSON *obj, struct cs_strv *out)
{
	const cJSON *e;
	unsigned long long v;
	size_t first = out->n;

	cJSON_ArrayForEach(e, object_or_null(obj))
		if (e->string && is_array_index(e->string, &v) && !cs_strv_contains(out, e->string))
			cs_strv_push(out, e->string);
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v), by_index);
	cJSON_ArrayForEach(e, object_or_null(obj))
		if (e->string && !is_array_index(e->string, &v) && !cs_strv_contains(out, e->string))
			cs_strv_push(out, e->string);
}

void schema_object_keys(const cJSON *obj, const char *const *schema, size_t n,
			struct cs_strv *out)
{
	_cleanup_strv_ struct cs_strv rest = { 0 };
	for (size_t i = 0; i < n; i++)
		if (obj_get(obj, schema[i]) && !cs_strv_contains(out, schema[i]))
			cs_strv_push(out, schema[i]);
	js_object_keys(obj, &rest);
	for (size_t i = 0; i < rest.n; i++)
		if (!cs_strv_contains(out, rest.v[i]))
			cs_strv_push(out, rest.v[i]);
}

char *js_number_string(double v)
{
	if (v == (double)(long long)v && v > -1e21 && v < 1e21)
		return cs_asprintf("%lld", (long long)v);
	for (int prec = 1; prec <= 17; prec++) {
		char *s = cs_asprintf("%.*g", prec, v);
		if (!s || strtod(s, NULL) == v)
			return s;
		free(s);
	}
	return cs_asprintf("%.17g", v);
}
