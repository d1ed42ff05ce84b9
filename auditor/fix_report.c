/* --fix output: the "fix" object of the JSON document and the FIX block of
 * the text report, in OpenClaw's shapes. */
#include "fix_report.h"
#include "clawshim/strbuf.h"

#include <string.h>

static void add_strings(cJSON *o, const char *key, const struct cs_strv *v)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	for (size_t i = 0; a && i < v->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v->v[i]));
}

cJSON *fix_tree(const struct fix_result *r, const char *state_dir, const char *config_path)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddBoolToObject(o, "ok", r->errors.n == 0);
	cJSON_AddStringToObject(o, "stateDir", state_dir);
	cJSON_AddStringToObject(o, "configPath", config_path);
	cJSON_AddBoolToObject(o, "configWritten", r->config_written);
	add_strings(o, "changes", &r->changes);
	cJSON *actions = cJSON_AddArrayToObject(o, "actions");
	for (size_t i = 0; actions && i < r->n_actions; i++) {
		const struct fix_action *a = &r->actions[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "kind", "chmod");
		cJSON_AddStringToObject(x, "path", a->path);
		cJSON_AddNumberToObject(x, "mode", a->mode);
		cJSON_AddBoolToObject(x, "ok", a->ok);
		if (a->skipped)
			cJSON_AddStringToObject(x, "skipped", a->skipped);
		if (a->error)
			cJSON_AddStringToObject(x, "error", a->error);
		cJSON_AddItemToArray(actions, x);
	}
	add_strings(o, "errors", &r->errors);
	return o;
}

/* path with the home directory written ~ */
static void put_path(struct cs_strbuf *b, const char *path, const char *home)
{
	size_t n = home ? strlen(home) : 0;
	if (n > 1 && strncmp(path, home, n) == 0 && (path[n] == '/' || !path[n]))
		cs_strbuf_printf(b, "~%s", path + n);
	else
		cs_strbuf_puts(b, path);
}

static bool nothing_done(const struct fix_result *r)
{
	if (r->errors.n || r->changes.n)
		return false;
	for (size_t i = 0; i < r->n_actions; i++)
		if (r->actions[i].ok)
			return false;
	return true;
}

char *fix_text(const struct fix_result *r, const char *home)
{
	struct cs_strbuf b = { 0 };

	if (nothing_done(r)) {
		cs_strbuf_puts(&b, "Fixes: no changes applied\n");
		return cs_strbuf_steal(&b);
	}
	cs_strbuf_puts(&b, "\nFIX\n");
	for (size_t i = 0; i < r->changes.n; i++)
		cs_strbuf_printf(&b, "  %s\n", r->changes.v[i]);
	for (size_t i = 0; i < r->n_actions; i++) {
		const struct fix_action *a = &r->actions[i];
		cs_strbuf_printf(&b, "  %schmod %o ", a->skipped ? "skip " : "", (unsigned)a->mode);
		put_path(&b, a->path, home);
		if (a->skipped)
			cs_strbuf_printf(&b, " (%s)", a->skipped);
		else if (a->error)
			cs_strbuf_printf(&b, " failed: %s", a->error);
		cs_strbuf_putc(&b, '\n');
	}
	for (size_t i = 0; i < r->errors.n; i++)
		cs_strbuf_printf(&b, "  error: %s\n", r->errors.v[i]);
	return cs_strbuf_steal(&b);
}
