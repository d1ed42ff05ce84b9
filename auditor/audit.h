/* The configuration audit: what every check sees (struct audit_ctx), how it
 * reports (audit_add), and the config lookups the checks share. The checks
 * themselves live in checks/, one file per family, and run in the order of
 * the table in audit.c, which is the order OpenClaw reports them in. */
#ifndef CLAWAUDIT_AUDIT_H
#define CLAWAUDIT_AUDIT_H

#include "clawshim/util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum audit_severity { SEV_INFO, SEV_WARN, SEV_CRITICAL };

struct probe_opts;
struct probe_result;

struct finding {
	char *check_id;
	enum audit_severity severity;
	char *title;
	char *detail;
	char *remediation; /* NULL when the check has none */
};

struct findings {
	struct finding *v;
	size_t n, cap;
	bool oom;
};

/* Gateway auth as the gateway itself would resolve it. */
struct gateway_auth {
	const char *mode;     /* none, token, password, trusted-proxy (or what the config says) */
	char *token;          /* trimmed; NULL when none resolves */
	char *password;       /* trimmed; NULL when none resolves */
	bool allow_tailscale;
};

struct audit_ctx {
	const cJSON *cfg;            /* the resolved config ({} when there is none) */
	const char *state_dir;
	const char *config_path;     /* the path permission checks look at */
	const struct cs_strv *includes; /* $include files, in the order they were read */
	const char *home;
	/* derived once, used by many checks */
	const char *bind;            /* gateway.bind, "loopback" by default */
	bool bind_loopback;
	const char *tailscale_mode;  /* "off" by default */
	bool remotely_exposed;       /* bind beyond loopback, or tailscale serve/funnel */
	struct gateway_auth auth;
	bool deep;                   /* --deep: code scans and the live probe */
	const struct probe_opts *probe;
	struct probe_result *probe_out;
	struct findings *out;
};

/* Appends one finding; detail is a printf format. remediation may be NULL. */
void audit_add(struct audit_ctx *a, const char *check_id, enum audit_severity sev,
	       const char *title, const char *remediation, const char *detail_fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Same, taking an already built detail (owned; NULL means out of memory). */
void audit_add_owned(struct audit_ctx *a, const char *check_id, enum audit_severity sev,
		     const char *title, const char *remediation, char *detail);

void findings_free(struct findings *f);
const char *audit_severity_name(enum audit_severity s);

/* ---- config lookups (JavaScript-like semantics: a missing key is undefined) */

/* The value at a dotted path ("gateway.auth.token"), or NULL. Keys holding a
 * dot cannot be named this way; checks use cJSON directly for those. */
const cJSON *cfg_at(const cJSON *root, const char *dotted);
/* The string at the path, or NULL when absent or not a string. */
const char *cfg_str(const cJSON *root, const char *dotted);
/* value === true / value === false */
bool cfg_is_true(const cJSON *root, const char *dotted);
bool cfg_is_false(const cJSON *root, const char *dotted);
const cJSON *obj_get(const cJSON *obj, const char *key);

/* v when it is an array (an object), else NULL: what config loops iterate,
 * evaluated once so that cJSON_ArrayForEach reads (and analyses) plainly. */
static inline const cJSON *array_or_null(const cJSON *v)
{
	return cJSON_IsArray(v) ? v : NULL;
}

static inline const cJSON *object_or_null(const cJSON *v)
{
	return cJSON_IsObject(v) ? v : NULL;
}

/* s with leading and trailing JavaScript white space removed, as a new heap
 * string (NULL only on allocation failure). */
char *str_trim(const char *s);
/* s trimmed, or NULL when s is NULL or only white space (heap string). */
char *str_trim_nonblank(const char *s);
/* localhost, 127.x.y.z or ::1 (in either spelling); lowercase host, no brackets. */
bool host_is_loopback(const char *host);
/* s with every JavaScript white space character (\s in a JavaScript regular
 * expression: NBSP, U+2028, ...) as one ASCII space, so that POSIX regular
 * expressions see them as JavaScript's do (heap string). */
char *str_js_spaces_to_ascii(const char *s);
/* Whether s is non-empty after trimming. */
bool str_blank(const char *s);
/* The length JavaScript would give s: UTF-16 code units. */
size_t js_length(const char *s);
/* A fresh lowercase copy of s (ASCII). */
char *str_lower(const char *s);

/* Resolved sandbox mode for an agent id (NULL: the defaults): the agent's
 * sandbox.mode, else agents.defaults.sandbox.mode, else "off". */
const char *sandbox_mode_for(const cJSON *cfg, const char *agent_id);
/* The agents.list entry whose normalised id equals the normalised id. */
const cJSON *agent_entry(const cJSON *cfg, const char *agent_id);
/* The agents OpenClaw keeps state for, normalised and without repeats: the
 * default agent (the first agents.list entry marked default, else the first
 * entry, else "main"), then every agents.list id. */
void oc_agent_ids(const cJSON *cfg, struct cs_strv *out);
/* Names of the directories directly inside dir (symlinks are not
 * followed), sorted. Returns 0 or -errno when dir cannot be read. */
int list_subdirs(const char *dir, struct cs_strv *out);

/* The keys of obj in the order JavaScript's Object.keys() gives them: array
 * indices ("0", "42") ascending first, then the others in insertion order,
 * each once. */
void js_object_keys(const cJSON *obj, struct cs_strv *out);
/* The keys of obj as OpenClaw's schema validation leaves them: the keys the
 * schema names, in its order (schema[0..n)), then the others as
 * js_object_keys orders them. */
void schema_object_keys(const cJSON *obj, const char *const *schema, size_t n,
			struct cs_strv *out);
/* v as JavaScript's String(v) prints it, for the numbers configs hold
 * (integers, short decimals); heap string. */
char *js_number_string(double v);

/* OpenClaw's agent id normalisation (lowercase, [a-z0-9_-], at most 64). */
char *normalize_agent_id(const char *id);

#endif
