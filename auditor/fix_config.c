/* --fix, config: the two remediations OpenClaw applies to a config
 * (logging.redactSensitive "off" -> "tools"; groupPolicy "open" ->
 * "allowlist" on the chat channels, accounts included, with WhatsApp's
 * pairing store seeding groupAllowFrom), made as edits of the text where
 * each value is written: the main config or the $include file it comes
 * from. Comments, key order, quotes and blank lines stay as they were; the
 * previous file is kept as FILE.bak; the new one replaces it atomically with
 * its mode and owner. An edit that would not parse is never written. */
#include "fix.h"
#include "audit.h"
#include "occonfig.h"
#include "clawshim/atomicfile.h"
#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/openclaw_paths.h"
#include "clawshim/strbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The channels --fix tightens, in the order it reports them. */
static const char *const fix_channels[] = { "telegram", "whatsapp", "discord", "signal",
					    "imessage", "slack",    "msteams" };

#define CONFIG_MAX (16u << 20)

/* One planned edit: a string value at a config path replaced, or text
 * inserted after it. */
struct edit {
	char *at;         /* JSON5 path in the merged config */
	const char *from; /* the value it must have now (replacement only) */
	const char *to;
	char *insert;     /* text inserted after the value (seeding), or NULL */
	bool located;
};

struct plan {
	struct edit *v;
	size_t n, cap;
};

static void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].at);
		free(p->v[i].insert);
	}
	free(p->v);
}

static void plan_add(struct plan *p, char *at, const char *from, const char *to, char *insert)
{
	struct edit *v = at ? cs_grow(p->v, &p->cap, p->n, sizeof(*v), 8) : NULL;
	if (!v) {
		free(at);
		free(insert);
		return;
	}
	p->v = v;
	p->v[p->n++] = (struct edit){ .at = at, .from = from, .to = to, .insert = insert };
}

static bool is_str(const cJSON *v, const char *s)
{
	return cJSON_IsString(v) && strcmp(v->valuestring, s) == 0;
}

static bool list_empty(const cJSON *v)
{
	return !cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0;
}

/* The WhatsApp pairing store's approved senders, trimmed, without blanks
 * and "*"; an unreadable or invalid store counts as empty. */
static cJSON *pairing_store(const struct fix_input *in)
{
	_cleanup_free_ char *dir = cs_oc_credentials_dir(in->state_dir, in->home);
	_cleanup_free_ char *path = dir ? cs_asprintf("%s/whatsapp-allowFrom.json", dir) : NULL;
	_cleanup_free_ char *text = NULL;
	size_t len;
	cJSON *out = cJSON_CreateArray();
	const cJSON *e;

	if (!out || !path || cs_read_file(path, 1u << 20, &text, &len) < 0)
		return out;
	cJSON *j = cJSON_ParseWithLength(text, len);
	cJSON_ArrayForEach(e, array_or_null(cJSON_GetObjectItem(j, "allowFrom"))) {
		if (!cJSON_IsString(e))
			continue;
		_cleanup_free_ char *s = str_trim(e->valuestring);
		if (s && *s && strcmp(s, "*") != 0)
			cJSON_AddItemToArray(out, cJSON_CreateString(s));
	}
	cJSON_Delete(j);
	return out;
}

/* JSON5 path of channels.<ch>[.accounts.<acct>] */
static char *section_path(const char *ch, const char *acct)
{
	_cleanup_free_ char *c = cs_json5_key_segment(ch);
	_cleanup_free_ char *a = acct ? cs_json5_key_segment(acct) : NULL;
	if (!c || (acct && !a))
		return NULL;
	return acct ? cs_asprintf("$.channels%s.accounts%s", c, a) : cs_asprintf("$.channels%s", c);
}

static void change(struct fix_result *r, const char *fmt, const char *ch, const char *acct)
{
	_cleanup_free_ char *s = acct ? cs_asprintf("channels.%s.accounts.%s.%s", ch, acct, fmt)
				      : cs_asprintf("channels.%s.%s", ch, fmt);
	if (s)
		cs_strv_push(&r->changes, s);
}

/* A section of whatsapp flipped from open: seed it when it allows no one. */
struct seed {
	const char *acct; /* NULL: the channel itself */
	const cJSON *section;
};

static void plan_changes(const struct fix_input *in, struct plan *p, struct fix_result *r)
{
	const cJSON *root = in->cfg->root;
	struct seed seeds[64];
	size_t n_seeds = 0;

	if (is_str(cfg_at(root, "logging.redactSensitive"), "off")) {
		plan_add(p, strdup("$.logging.redactSensitive"), "off", "tools", NULL);
		cs_strv_push(&r->changes, "logging.redactSensitive=off -> \"tools\"");
	}
	for (size_t i = 0; i < sizeof(fix_channels) / sizeof(fix_channels[0]); i++) {
		const char *ch = fix_channels[i];
		const cJSON *sec = obj_get(cfg_at(root, "channels"), ch);
		const cJSON *acct;
		bool wa = strcmp(ch, "whatsapp") == 0;
		if (is_str(obj_get(sec, "groupPolicy"), "open")) {
			_cleanup_free_ char *sp = section_path(ch, NULL);
			plan_add(p, sp ? cs_asprintf("%s.groupPolicy", sp) : NULL, "open", "allowlist",
				 NULL);
			change(r, "groupPolicy=open -> allowlist", ch, NULL);
			if (wa && n_seeds < 64)
				seeds[n_seeds++] = (struct seed){ NULL, sec };
		}
		cJSON_ArrayForEach(acct, object_or_null(obj_get(sec, "accounts"))) {
			if (!is_str(obj_get(acct, "groupPolicy"), "open"))
				continue;
			_cleanup_free_ char *sp = section_path(ch, acct->string);
			plan_add(p, sp ? cs_asprintf("%s.groupPolicy", sp) : NULL, "open", "allowlist",
				 NULL);
			change(r, "groupPolicy=open -> allowlist", ch, acct->string);
			if (wa && n_seeds < 64)
				seeds[n_seeds++] = (struct seed){ acct->string, acct };
		}
	}
	if (!n_seeds)
		return;
	cJSON *store = pairing_store(in);
	_cleanup_free_ char *list = store && cJSON_GetArraySize(store) ? cJSON_PrintUnformatted(store)
								       : NULL;
	cJSON_Delete(store);
	for (size_t i = 0; list && i < n_seeds; i++) {
		if (!list_empty(obj_get(seeds[i].section, "allowFrom")) ||
		    !list_empty(obj_get(seeds[i].section, "groupAllowFrom")))
			continue;
		_cleanup_free_ char *sp = section_path("whatsapp", seeds[i].acct);
		plan_add(p, sp ? cs_asprintf("%s.groupPolicy", sp) : NULL, NULL, NULL,
			 cs_asprintf(", \"groupAllowFrom\": %s", list));
		change(r, "groupAllowFrom=pairing-store", "whatsapp", seeds[i].acct);
	}
}

/* ---- locating and editing ---------------------------------------------------- */

struct splice {
	size_t start, end; /* bytes replaced ([start, end); empty for an insertion) */
	char *text;
};

struct file_edit {
	const char *at;       /* where this file's root lands in the config */
	const struct plan *plan;
	const char *text;
	struct splice *v;
	size_t n, cap;
};

static void add_splice(struct file_edit *f, size_t start, size_t end, char *text)
{
	struct splice *v = text ? cs_grow(f->v, &f->cap, f->n, sizeof(*v), 8) : NULL;
	if (!v) {
		free(text);
		return;
	}
	f->v = v;
	f->v[f->n++] = (struct splice){ start, end, text };
}

/* Whether a string written as raw means value once ${VAR} references are
 * substituted: a value the config spells "${TG_POLICY}" is edited where it
 * is written, as OpenClaw's fix changes it (the variable itself stays). */
static bool written_as(const char *raw, const char *value)
{
	if (strcmp(raw, value) == 0)
		return true;
	if (!strchr(raw, '$'))
		return false;
	_cleanup_free_ char *missing = NULL;
	_cleanup_free_ char *v = oc_substitute_env(raw, &missing);
	return v && strcmp(v, value) == 0;
}

static void on_string(void *ctx, const char *path, const cJSON *v, struct cs_json5_pos start,
		      struct cs_json5_pos end)
{
	struct file_edit *f = ctx;
	if (!cJSON_IsString(v))
		return;
	_cleanup_free_ char *merged = cs_asprintf("%s%s", f->at, path + 1);
	for (size_t i = 0; merged && i < f->plan->n; i++) {
		struct edit *e = &f->plan->v[i];
		if (strcmp(e->at, merged) != 0)
			continue;
		if (e->insert) {
			if (!e->located)
				add_splice(f, end.offset, end.offset, strdup(e->insert));
			e->located = true;
		} else if (written_as(v->valuestring, e->from)) {
			char q = f->text[start.offset] == '\'' ? '\'' : '"';
			add_splice(f, start.offset, end.offset, cs_asprintf("%c%s%c", q, e->to, q));
			e->located = true;
		}
	}
}

static int by_position(const void *x, const void *y)
{
	const struct splice *a = x, *b = y;
	return (a->start > b->start) - (a->start < b->start);
}

/* The text with every splice applied; splices never overlap (an insertion
 * after a value starts where the value's replacement ends). */
static char *apply_splices(const char *text, size_t len, struct file_edit *f)
{
	struct cs_strbuf out = { 0 };
	size_t pos = 0;

	qsort(f->v, f->n, sizeof(*f->v), by_position);
	for (size_t i = 0; i < f->n; i++) {
		cs_strbuf_put(&out, text + pos, f->v[i].start - pos);
		cs_strbuf_puts(&out, f->v[i].text);
		pos = f->v[i].end;
	}
	cs_strbuf_put(&out, text + pos, len - pos);
	return cs_strbuf_steal(&out);
}

static void splices_free(struct file_edit *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->v[i].text);
	free(f->v);
}

__attribute__((format(printf, 2, 3))) static void fix_error(struct fix_result *r, const char *fmt,
							     ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = cs_vasprintf(fmt, ap);
	va_end(ap);
	if (s)
		cs_strv_push_owned(&r->errors, s);
}

/* Writes FILE.bak (the old text), then the new text over FILE, through the
 * symlink if FILE is one (the link stays, its target changes). */
static int write_with_backup(const char *file, const char *old, size_t old_len, const char *text,
			     struct fix_result *r)
{
	_cleanup_free_ char *real = realpath(file, NULL);
	struct stat st;
	if (!real || stat(real, &st) < 0)
		return -errno;
	_cleanup_free_ char *bak = cs_asprintf("%s.bak", real);
	if (!bak)
		return -ENOMEM;
	/* the backup holds the same secrets: owner-only, whatever the old mode */
	int e = cs_write_file_atomic_mode(bak, old, old_len, 0600);
	if (e < 0)
		return e;
	e = cs_write_file_atomic(real, text, strlen(text), st.st_mode & 07777);
	if (e == 0)
		cs_strv_push(&r->written, real);
	return e;
}

/* Edits one file (the config or an include) if a planned value is there. */
static void edit_file(const char *file, const char *at, struct plan *p, struct fix_result *r)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int e = cs_read_file(file, CONFIG_MAX, &text, &len);
	if (e < 0) {
		fix_error(r, "%s: cannot read: %s", file, strerror(-e));
		return;
	}
	struct file_edit f = { .at = at, .plan = p, .text = text };
	struct cs_json5_opts opts = { .on_value = on_string, .ctx = &f };
	struct cs_diags d = { 0 };
	cJSON *tree = cs_json5_parse(text, len, file, &opts, &d);
	cJSON_Delete(tree);
	cs_diags_free(&d);
	if (!f.n) {
		splices_free(&f);
		return;
	}
	_cleanup_free_ char *edited = apply_splices(text, len, &f);
	splices_free(&f);
	cJSON *check = edited ? cs_json5_parse(edited, strlen(edited), file, NULL, &d) : NULL;
	if (!check) {
		fix_error(r, "%s: the edited config would not parse; left unchanged", file);
		cs_diags_free(&d);
		return;
	}
	cJSON_Delete(check);
	e = write_with_backup(file, text, len, edited, r);
	if (e < 0)
		fix_error(r, "writeConfigFile failed: %s: %s", file, strerror(-e));
	else
		r->config_written = true;
}

void fix_config(const struct fix_input *in, struct fix_result *r)
{
	struct plan p = { 0 };

	plan_changes(in, &p, r);
	if (!p.n || !in->cfg->exists) {
		plan_free(&p);
		return;
	}
	edit_file(in->config_path, "$", &p, r);
	for (size_t i = 0; i < in->cfg->includes.n; i++)
		edit_file(in->cfg->includes.v[i], in->cfg->include_at.v[i], &p, r);
	for (size_t i = 0; i < p.n; i++)
		if (!p.v[i].located)
			fix_error(r, "cannot find where %s is written (not changed)", p.v[i].at + 2);
	plan_free(&p);
}
