/* SKILL.md frontmatter: find the '---' block, parse it with libyaml into a
 * cJSON tree (remembering where each value was, for error messages), then
 * read the keys clawshim cares about. 'metadata' may be a YAML mapping or a
 * string of JSON/JSON5, as real skills write both. */
#include "clawshim/frontmatter.h"
#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

/* Where a value sits in the file, by its JSON path ("$.metadata.openclaw"). */
struct place {
	char *path;
	unsigned line, col;
};

struct places {
	struct place *v;
	size_t n, cap;
};

struct fm_parser {
	const char *file;
	struct cs_diags *diags;
	unsigned first_line; /* file line of the first frontmatter line */
	struct places places;
	int err;
};

static void places_add(struct places *ps, const char *path, unsigned line, unsigned col)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 32;
		struct place *v = realloc(ps->v, cap * sizeof(*v));
		if (!v)
			return;
		ps->v = v;
		ps->cap = cap;
	}
	char *p = strdup(path);
	if (p)
		ps->v[ps->n++] = (struct place){ p, line, col };
}

static const struct place *places_find(const struct places *ps, const char *path)
{
	for (size_t i = ps->n; i-- > 0;)
		if (strcmp(ps->v[i].path, path) == 0)
			return &ps->v[i];
	return NULL;
}

static void places_free(struct places *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].path);
	free(ps->v);
}

static void fm_error(struct fm_parser *fp, const char *path, const char *key, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));

/* Reports an error at the value whose JSON path is given (or the start of
 * the frontmatter when the path is unknown), naming the key. */
static void fm_error(struct fm_parser *fp, const char *path, const char *key, const char *fmt, ...)
{
	const struct place *pl = path ? places_find(&fp->places, path) : NULL;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cs_diag_add(fp->diags, fp->file, pl ? pl->line : fp->first_line, pl ? pl->col : 0, key,
		    "%s", msg);
	if (!fp->err)
		fp->err = -EINVAL;
}

/* ---- YAML -> cJSON ---------------------------------------------------------- */

static bool is_plain_null(const char *s)
{
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	       !strcmp(s, "NULL");
}

/* YAML 1.2 core-schema numbers: [-+]?digits, decimals and exponents. */
static bool is_plain_number(const char *s)
{
	const char *p = s;
	bool digits = false;

	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits = true;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits = true;
	if (digits && (*p == 'e' || *p == 'E')) {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return digits && !*p;
}

static cJSON *scalar_to_json(const yaml_node_t *node)
{
	_cleanup_free_ char *s = strndup((const char *)node->data.scalar.value,
					 node->data.scalar.length);
	if (!s)
		return NULL;
	if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return cJSON_CreateString(s);
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return cJSON_CreateTrue();
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return cJSON_CreateFalse();
	if (is_plain_null(s))
		return cJSON_CreateNull();
	if (is_plain_number(s))
		return cJSON_CreateNumber(strtod(s, NULL));
	return cJSON_CreateString(s);
}

static char *child_path(const char *parent, const char *key)
{
	return cs_asprintf("%s.%s", parent, key);
}

static cJSON *node_to_json(struct fm_parser *fp, yaml_document_t *doc, yaml_node_t *node,
			   const char *path, unsigned depth)
{
	if (!node)
		return cJSON_CreateNull();
	places_add(&fp->places, path, fp->first_line + (unsigned)node->start_mark.line,
		   (unsigned)node->start_mark.column + 1);
	if (depth > CS_SKILL_MAX_DEPTH) {
		fm_error(fp, path, NULL, "nesting deeper than %u levels", CS_SKILL_MAX_DEPTH);
		return NULL;
	}
	switch (node->type) {
	case YAML_SCALAR_NODE:
		return scalar_to_json(node);
	case YAML_SEQUENCE_NODE: {
		cJSON *arr = cJSON_CreateArray();
		size_t i = 0;
		for (yaml_node_item_t *it = node->data.sequence.items.start;
		     arr && it < node->data.sequence.items.top; it++, i++) {
			_cleanup_free_ char *cp = cs_asprintf("%s[%zu]", path, i);
			cJSON *v = cp ? node_to_json(fp, doc, yaml_document_get_node(doc, *it), cp,
						     depth + 1)
				      : NULL;
			if (!v) {
				cJSON_Delete(arr);
				return NULL;
			}
			cJSON_AddItemToArray(arr, v);
		}
		return arr;
	}
	case YAML_MAPPING_NODE: {
		cJSON *obj = cJSON_CreateObject();
		for (yaml_node_pair_t *pr = node->data.mapping.pairs.start;
		     obj && pr < node->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(doc, pr->key);
			if (!k || k->type != YAML_SCALAR_NODE) {
				fm_error(fp, path, NULL, "mapping keys must be plain strings");
				cJSON_Delete(obj);
				return NULL;
			}
			_cleanup_free_ char *key =
				strndup((const char *)k->data.scalar.value, k->data.scalar.length);
			_cleanup_free_ char *cp = key ? child_path(path, key) : NULL;
			if (!cp) {
				cJSON_Delete(obj);
				return NULL;
			}
			const struct place *prev = places_find(&fp->places, cp);
			if (cJSON_GetObjectItemCaseSensitive(obj, key) && prev) {
				cs_diag_add(fp->diags, fp->file,
					    fp->first_line + (unsigned)k->start_mark.line,
					    (unsigned)k->start_mark.column + 1, key,
					    "duplicate key (first defined at line %u)", prev->line);
				fp->err = -EINVAL;
				cJSON_Delete(obj);
				return NULL;
			}
			cJSON *v = node_to_json(fp, doc, yaml_document_get_node(doc, pr->value), cp,
						depth + 1);
			if (!v) {
				cJSON_Delete(obj);
				return NULL;
			}
			cJSON_AddItemToObject(obj, key, v);
		}
		return obj;
	}
	case YAML_NO_NODE:
		break;
	}
	return cJSON_CreateNull();
}

static cJSON *parse_yaml(struct fm_parser *fp, const char *text, size_t len)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	cJSON *root = NULL;

	if (!yaml_parser_initialize(&parser)) {
		fp->err = -ENOMEM;
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &doc)) {
		cs_diag_add(fp->diags, fp->file, fp->first_line + (unsigned)parser.problem_mark.line,
			    (unsigned)parser.problem_mark.column + 1, NULL, "invalid YAML: %s%s%s",
			    parser.problem ? parser.problem : "syntax error",
			    parser.context ? " " : "", parser.context ? parser.context : "");
		fp->err = -EINVAL;
		yaml_parser_delete(&parser);
		return NULL;
	}
	yaml_node_t *top = yaml_document_get_root_node(&doc);
	if (!top) {
		root = cJSON_CreateObject(); /* an empty frontmatter */
	} else if (top->type != YAML_MAPPING_NODE) {
		cs_diag_add(fp->diags, fp->file, fp->first_line + (unsigned)top->start_mark.line,
			    (unsigned)top->start_mark.column + 1, NULL,
			    "the frontmatter must be a mapping of keys to values");
		fp->err = -EINVAL;
	} else {
		root = node_to_json(fp, &doc, top, "$", 0);
		if (!root && !fp->err)
			fp->err = -ENOMEM;
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	return root;
}

/* ---- frontmatter block ------------------------------------------------------ */

/* Length of the line at s (without its terminator) and of its terminator. */
static size_t line_len(const char *s, size_t left, size_t *term)
{
	const char *nl = memchr(s, '\n', left);
	size_t n = nl ? (size_t)(nl - s) : left;

	*term = nl ? 1 : 0;
	if (n > 0 && s[n - 1] == '\r')
		n--, (*term)++;
	return n;
}

static bool is_fence(const char *s, size_t n, const char *fence)
{
	while (n > 3 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 3 && memcmp(s, fence, 3) == 0;
}

/* Finds the frontmatter: sets [*fm, *fm+*fm_len) and the body offset/line.
 * Returns 1 when there is a frontmatter, 0 when there is none, -EINVAL when it
 * is opened but never closed. */
static int split_frontmatter(const char *text, size_t len, size_t start, size_t *fm, size_t *fm_len,
			     size_t *body, unsigned *body_line)
{
	size_t term, n = line_len(text + start, len - start, &term);
	unsigned line = 1;

	*body = start;
	*body_line = 1;
	if (!is_fence(text + start, n, "---"))
		return 0;
	size_t off = start + n + term;
	*fm = off;
	while (off < len) {
		line++;
		n = line_len(text + off, len - off, &term);
		if (is_fence(text + off, n, "---") || is_fence(text + off, n, "...")) {
			*fm_len = off - *fm;
			*body = off + n + term;
			*body_line = line + 1;
			return 1;
		}
		off += n + term;
	}
	return -EINVAL;
}

/* ---- the keys clawshim reads ----------------------------------------------- */

static int take_string(struct fm_parser *fp, const cJSON *root, const char *key, char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
	_cleanup_free_ char *path = child_path("$", key);

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v)) {
		fm_error(fp, path, key, "must be a string");
		return -EINVAL;
	}
	*out = strdup(v->valuestring);
	return *out ? 0 : -ENOMEM;
}

struct json5_places {
	struct fm_parser *fp;
	unsigned line, col; /* where the JSON text starts in the file */
};

static void note_json5_place(void *ctx, const char *path, const cJSON *value,
			     struct cs_json5_pos start, struct cs_json5_pos end)
{
	struct json5_places *jp = ctx;
	_cleanup_free_ char *full = cs_asprintf("$.metadata%s", path + 1);

	(void)value;
	(void)end;
	if (full)
		places_add(&jp->fp->places, full, jp->line + start.line - 1,
			   start.line == 1 ? jp->col + start.col : start.col);
}

/* metadata written as a string: one line of JSON, or JSON5 across lines. */
static cJSON *parse_metadata_string(struct fm_parser *fp, const char *s)
{
	const struct place *pl = places_find(&fp->places, "$.metadata");
	struct json5_places jp = { fp, pl ? pl->line : fp->first_line, pl ? pl->col : 1 };
	struct cs_json5_opts opts = { .max_depth = CS_SKILL_MAX_DEPTH,
				      .on_value = note_json5_place,
				      .ctx = &jp };
	struct cs_diags inner = { 0 };
	cJSON *v = cs_json5_parse(s, strlen(s), NULL, &opts, &inner);

	if (!v) {
		const struct cs_diag *e = inner.n ? &inner.v[0] : NULL;
		cs_diag_add(fp->diags, fp->file, jp.line + (e ? e->line - 1 : 0),
			    e && e->line == 1 ? jp.col + e->col : (e ? e->col : 0), "metadata",
			    "invalid JSON5 in the metadata string: %s", e && e->msg ? e->msg : "?");
		fp->err = -EINVAL;
	} else if (!cJSON_IsObject(v)) {
		fm_error(fp, "$.metadata", "metadata", "the metadata string must hold an object");
		cJSON_Delete(v);
		v = NULL;
	}
	cs_diags_free(&inner);
	return v;
}

static int read_capabilities(struct fm_parser *fp, struct cs_skill *s)
{
	const cJSON *oc = cJSON_GetObjectItemCaseSensitive(s->metadata, "openclaw");
	const char *key = "metadata.openclaw.capabilities";

	if (!oc)
		return 0;
	if (!cJSON_IsObject(oc)) {
		fm_error(fp, "$.metadata.openclaw", "metadata.openclaw", "must be a mapping");
		return -EINVAL;
	}
	const cJSON *caps = cJSON_GetObjectItemCaseSensitive(oc, "capabilities");
	if (!caps || cJSON_IsNull(caps))
		return 0;
	s->declares_caps = true;
	if (!cJSON_IsArray(caps)) {
		fm_error(fp, "$.metadata.openclaw.capabilities", key,
			 "must be a list of capability names");
		return -EINVAL;
	}
	int i = 0, ret = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, caps)
	{
		_cleanup_free_ char *path = cs_asprintf("$.metadata.openclaw.capabilities[%d]", i);
		enum cs_cap cap;
		if (!cJSON_IsString(c)) {
			fm_error(fp, path, key, "item %d must be a capability name", i);
			ret = -EINVAL;
		} else if (cs_cap_from_name(c->valuestring, &cap) < 0) {
			if (cs_cap_suggest(c->valuestring))
				fm_error(fp, path, key, "unknown capability '%s' (did you mean '%s'?)",
					 c->valuestring, cs_cap_suggest(c->valuestring));
			else
				fm_error(fp, path, key,
					 "unknown capability '%s' (known: " CS_CAP_NAMES_HELP ")",
					 c->valuestring);
			ret = -EINVAL;
		} else if (cs_capset_has(s->caps, cap)) {
			fm_error(fp, path, key, "capability '%s' is listed twice", c->valuestring);
			ret = -EINVAL;
		} else {
			s->caps |= CS_CAPSET(cap);
		}
		i++;
	}
	return ret;
}

static int read_keys(struct fm_parser *fp, struct cs_skill *s)
{
	const cJSON *root = s->frontmatter;
	int r = 0;

	if (take_string(fp, root, "name", &s->name) < 0 ||
	    take_string(fp, root, "description", &s->description) < 0 ||
	    take_string(fp, root, "command-dispatch", &s->command_dispatch) < 0 ||
	    take_string(fp, root, "command-tool", &s->command_tool) < 0)
		r = -EINVAL;

	const cJSON *md = cJSON_GetObjectItemCaseSensitive(root, "metadata");
	if (md && cJSON_IsString(md)) {
		s->metadata_owned = parse_metadata_string(fp, md->valuestring);
		if (!s->metadata_owned)
			return -EINVAL;
		s->metadata = s->metadata_owned;
	} else if (md && cJSON_IsObject(md)) {
		s->metadata = md;
	} else if (md && !cJSON_IsNull(md)) {
		fm_error(fp, "$.metadata", "metadata",
			 "must be a mapping or a string holding a JSON object");
		return -EINVAL;
	}
	if (s->metadata && read_capabilities(fp, s) < 0)
		r = -EINVAL;
	if (s->command_dispatch && strcmp(s->command_dispatch, "tool") == 0 && !s->command_tool) {
		fm_error(fp, "$.command-dispatch", "command-dispatch",
			 "'command-dispatch: tool' needs a 'command-tool'");
		r = -EINVAL;
	}
	return r;
}

int cs_skill_parse(const char *text, size_t len, const char *file, struct cs_skill *out,
		   struct cs_diags *d)
{
	struct cs_skill s = { 0 };
	struct fm_parser fp = { .file = file, .diags = d };
	size_t start = 0, fm = 0, fm_len = 0;
	int r;

	*out = (struct cs_skill){ 0 };
	if (memchr(text, '\0', len)) {
		cs_diag_add(d, file, 0, 0, NULL, "not a text file (it contains NUL bytes)");
		return -EINVAL;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	s.text = strndup(text, len);
	s.path = file ? strdup(file) : NULL;
	if (!s.text || (file && !s.path)) {
		cs_skill_free(&s);
		return -ENOMEM;
	}
	s.text_len = len;
	r = split_frontmatter(text, len, start, &fm, &fm_len, &s.body_offset, &s.body_line);
	if (r < 0) {
		cs_diag_add(d, file, 1, 1, NULL,
			    "the frontmatter opened by '---' on line 1 is never closed");
		cs_skill_free(&s);
		return r;
	}
	if (r == 0) /* no frontmatter: a skill without metadata */
		goto done;
	if (fm_len > CS_SKILL_MAX_FRONTMATTER) {
		cs_diag_add(d, file, 2, 1, NULL, "the frontmatter is larger than %u bytes",
			    CS_SKILL_MAX_FRONTMATTER);
		cs_skill_free(&s);
		return -EFBIG;
	}
	fp.first_line = 2;
	s.frontmatter = parse_yaml(&fp, text + fm, fm_len);
	if (s.frontmatter)
		r = read_keys(&fp, &s);
	if (!s.frontmatter || r < 0 || fp.err) {
		places_free(&fp.places);
		cs_skill_free(&s);
		return fp.err ? fp.err : (r ? r : -EINVAL);
	}
done:
	places_free(&fp.places);
	*out = s;
	return 0;
}

int cs_skill_load(const char *path, struct cs_skill *out, struct cs_diags *d)
{
	struct stat st;
	_cleanup_free_ char *file = NULL;
	_cleanup_free_ char *text = NULL;
	size_t len;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		file = cs_asprintf("%s/SKILL.md", path);
	else
		file = strdup(path);
	if (!file)
		return -ENOMEM;
	int r = cs_read_file(file, CS_SKILL_MAX_FILE, &text, &len);
	if (r < 0) {
		if (r == -EFBIG)
			cs_diag_add(d, file, 0, 0, NULL, "larger than %u bytes", CS_SKILL_MAX_FILE);
		else
			cs_diag_add(d, file, 0, 0, NULL, "cannot read: %s", cs_read_strerror(r));
		return r;
	}
	return cs_skill_parse(text, len, file, out, d);
}

int cs_skill_dispatch_gate(const struct cs_skill *s, struct cs_gate_verdict *v)
{
	*v = (struct cs_gate_verdict){ .allowed = true, .missing = CS_CAP_NONE };
	if (!s->command_dispatch || strcmp(s->command_dispatch, "tool") != 0) {
		snprintf(v->reason, sizeof(v->reason), "the skill does not dispatch to a tool");
		return 0;
	}
	cs_tool_gate(s->caps, s->command_tool ? s->command_tool : "", v);
	return v->allowed ? 0 : -EPERM;
}

void cs_skill_free(struct cs_skill *s)
{
	free(s->path);
	free(s->name);
	free(s->description);
	free(s->command_dispatch);
	free(s->command_tool);
	cJSON_Delete(s->frontmatter);
	cJSON_Delete(s->metadata_owned);
	free(s->text);
	*s = (struct cs_skill){ 0 };
}
