/* Config key positions from the JSON5 reader's value callback. The reader
 * reports where each value starts; the key is found by stepping back over
 * the ':' to the key token, so a finding points at "bind" in `bind: "lan"`. */
#include "configpos.h"
#include "clawshim/diag.h"
#include "clawshim/json5.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* The config loader's own limit on a config file's size. */
#define CONFIG_POS_MAX ((size_t)16 << 20)

struct collect {
	struct config_positions *ps;
	const char *text;
	const char *file;
	const char *at;
	bool oom;
};

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_ident(unsigned char c)
{
	return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* Byte offset of the key whose value starts at value_off, or value_off when
 * the text before it is not `KEY :` (an array element, a comment between). */
static size_t key_offset(const char *s, size_t value_off)
{
	size_t i = value_off;

	while (i > 0 && is_space(s[i - 1]))
		i--;
	if (i == 0 || s[i - 1] != ':')
		return value_off;
	i--;
	while (i > 0 && is_space(s[i - 1]))
		i--;
	if (i == 0)
		return value_off;
	char q = s[i - 1];
	if (q == '"' || q == '\'') {
		for (size_t j = i - 1; j-- > 0;) {
			size_t bs = 0;
			while (j >= bs + 1 && s[j - bs - 1] == '\\')
				bs++;
			if (s[j] == q && bs % 2 == 0)
				return j;
			if (s[j] == '\n')
				return value_off;
		}
		return value_off;
	}
	size_t end = i;
	while (i > 0 && is_ident((unsigned char)s[i - 1]))
		i--;
	return i < end ? i : value_off;
}

/* Line and column of off, given a known position at or after it. */
static void position_of(const char *s, size_t off, struct cs_json5_pos known, unsigned *line,
			unsigned *col)
{
	unsigned l = known.line;
	size_t bol;

	for (size_t i = off; i < known.offset; i++)
		if (s[i] == '\n')
			l--;
	for (bol = off; bol > 0 && s[bol - 1] != '\n'; bol--)
		;
	unsigned c = 1;
	for (size_t i = bol; i < off; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			c++;
	*line = l;
	*col = c;
}

static void on_value(void *ctx, const char *path, const cJSON *v, struct cs_json5_pos start,
		     struct cs_json5_pos end)
{
	struct collect *c = ctx;
	struct config_positions *ps = c->ps;
	(void)v;
	(void)end;

	if (c->oom)
		return;
	struct config_pos *nv = cs_grow(ps->v, &ps->cap, ps->n, sizeof(*nv), 64);
	char *full = cs_asprintf("%s%s", c->at, path + 1); /* path starts with "$" */
	if (!nv || !full) {
		free(full);
		c->oom = true;
		return;
	}
	ps->v = nv;
	struct config_pos *p = &ps->v[ps->n++];
	*p = (struct config_pos){ .path = full, .file = c->file };
	position_of(c->text, key_offset(c->text, start.offset), start, &p->line, &p->col);
}

int config_positions_add(struct config_positions *ps, const char *file, const char *at)
{
	_cleanup_free_ char *text = NULL;
	struct cs_diags d = { 0 };
	size_t len;

	if (cs_read_file(file, CONFIG_POS_MAX, &text, &len) < 0)
		return 0;
	if (cs_strv_push(&ps->files, file) < 0)
		return -ENOMEM;
	struct collect c = { ps, text, ps->files.v[ps->files.n - 1], at, false };
	struct cs_json5_opts opts = { .on_value = on_value, .ctx = &c };
	cJSON_Delete(cs_json5_parse(text, len, file, &opts, &d));
	cs_diags_free(&d);
	return c.oom ? -ENOMEM : 0;
}

const struct config_pos *config_positions_find(const struct config_positions *ps,
					       const char *path)
{
	for (size_t i = ps->n; i-- > 0;)
		if (strcmp(ps->v[i].path, path) == 0)
			return &ps->v[i];
	return NULL;
}

void config_positions_free(struct config_positions *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].path);
	free(ps->v);
	cs_strv_free(&ps->files);
	*ps = (struct config_positions){ 0 };
}
