/* See occonfig.h. */
#include "occonfig.h"
#include "audit.h"
#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/openclaw_paths.h"
#include "clawshim/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Largest config or include file read. */
#define CONFIG_MAX (16u << 20)

/* Where a value came from, kept for the values an error may point at. */
struct origin {
	const cJSON *node;
	const char *file; /* owned by loader.files */
	unsigned line, col;
};

struct loader {
	const char *root_dir;       /* directory of the top config */
	char *root_real;            /* its realpath */
	struct cs_strv files;       /* every file read (owns the names origins use) */
	struct cs_strv chain;       /* files being included, outermost first */
	struct cs_strv *includes;
	struct cs_strv *include_at;
	struct origin *origins;
	size_t n_origins, cap_origins;
	struct cs_diags *d;
	const char *cur_file;       /* for the parse callback */
	cJSON **trees;              /* parsed files, alive until the end: origins point into them */
	size_t n_trees, cap_trees;
};

static bool keep_tree(struct loader *l, cJSON *tree)
{
	cJSON **v = cs_grow(l->trees, &l->cap_trees, l->n_trees, sizeof(*v), 8);
	if (!v) {
		cJSON_Delete(tree);
		return false;
	}
	l->trees = v;
	l->trees[l->n_trees++] = tree;
	return true;
}

static void remember_origin(void *ctx, const char *path, const cJSON *v,
			    struct cs_json5_pos start, struct cs_json5_pos end)
{
	struct loader *l = ctx;
	(void)end;
	bool wanted = strstr(path, "$include") ||
		      (cJSON_IsString(v) && strstr(v->valuestring, "${"));
	if (!wanted)
		return;
	struct origin *o = cs_grow(l->origins, &l->cap_origins, l->n_origins, sizeof(*o), 16);
	if (!o)
		return; /* positions are a courtesy; the error is still reported */
	l->origins = o;
	l->origins[l->n_origins++] = (struct origin){ v, l->cur_file, start.line, start.col };
}

static const struct origin *origin_of(const struct loader *l, const cJSON *v)
{
	for (size_t i = l->n_origins; i-- > 0;)
		if (l->origins[i].node == v)
			return &l->origins[i];
	return NULL;
}

__attribute__((format(printf, 4, 5))) static void fail_at(struct loader *l, const cJSON *v,
							   const char *fallback_file,
							   const char *fmt, ...)
{
	const struct origin *o = origin_of(l, v);
	va_list ap;

	va_start(ap, fmt);
	char *msg = cs_vasprintf(fmt, ap);
	va_end(ap);
	cs_diag_add(l->d, o ? o->file : fallback_file, o ? o->line : 0, o ? o->col : 0, NULL,
		    "%s", msg ? msg : "out of memory");
	free(msg);
}

/* Parses one file; NULL after a diagnostic. */
static cJSON *parse_file(struct loader *l, const char *path, int *err)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r = cs_read_file(path, CONFIG_MAX, &text, &len);

	*err = r;
	if (r < 0)
		return NULL;
	if (cs_strv_push(&l->files, path) < 0) {
		*err = -ENOMEM;
		return NULL;
	}
	l->cur_file = l->files.v[l->files.n - 1];
	struct cs_json5_opts opts = { .on_value = remember_origin, .ctx = l };
	return cs_json5_parse(text, len, l->cur_file, &opts, l->d);
}

static char *dir_of(const char *file)
{
	const char *slash = strrchr(file, '/');
	if (!slash)
		return strdup(".");
	if (slash == file)
		return strdup("/");
	return strndup(file, (size_t)(slash - file));
}

static bool path_inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (strcmp(dir, "/") == 0)
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* The deep merge OpenClaw applies to includes: arrays concatenate, objects
 * merge key by key, anything else: b wins. Consumes a and b. */
static cJSON *deep_merge(cJSON *a, cJSON *b)
{
	if (cJSON_IsArray(a) && cJSON_IsArray(b)) {
		cJSON *item;
		while ((item = b->child)) {
			cJSON_DetachItemViaPointer(b, item);
			cJSON_AddItemToArray(a, item);
		}
		cJSON_Delete(b);
		return a;
	}
	if (!cJSON_IsObject(a) || !cJSON_IsObject(b)) {
		cJSON_Delete(a);
		return b;
	}
	cJSON *item;
	while ((item = b->child)) {
		cJSON_DetachItemViaPointer(b, item);
		const char *k = item->string;
		if (strcmp(k, "__proto__") == 0 || strcmp(k, "prototype") == 0 ||
		    strcmp(k, "constructor") == 0) {
			cJSON_Delete(item);
			continue;
		}
		cJSON *old = cJSON_GetObjectItemCaseSensitive(a, k);
		bool same_kind = old && ((cJSON_IsObject(old) && cJSON_IsObject(item)) ||
					 (cJSON_IsArray(old) && cJSON_IsArray(item)));
		if (same_kind)
			deep_merge(old, item); /* merges into old, where a has it */
		else if (old)
			cJSON_ReplaceItemViaPointer(a, old, item); /* item keeps its key */
		else
			cJSON_AddItemToObject(a, k, item);
	}
	cJSON_Delete(b);
	return a;
}

static cJSON *resolve(struct loader *l, const cJSON *node, const char *file, const char *at);

/* Reads, parses and resolves one include target. */
static cJSON *load_include(struct loader *l, const cJSON *spec, const char *from_file,
			   const char *at)
{
	_cleanup_free_ char *dir = dir_of(from_file);
	const char *rel = spec->valuestring;
	_cleanup_free_ char *joined = rel[0] == '/' ? strdup(rel) : cs_asprintf("%s/%s", dir, rel);
	_cleanup_free_ char *path = joined ? cs_oc_normalize(joined) : NULL;

	if (!path) {
		fail_at(l, spec, from_file, "out of memory");
		return NULL;
	}
	if (!path_inside(path, l->root_dir)) {
		fail_at(l, spec, from_file, "$include \"%s\" escapes the config directory %s", rel,
			l->root_dir);
		return NULL;
	}
	_cleanup_free_ char *real = realpath(path, NULL);
	if (real && l->root_real && !path_inside(real, l->root_real)) {
		fail_at(l, spec, from_file,
			"$include \"%s\" resolves outside the config directory (symlink to %s)",
			rel, real);
		return NULL;
	}
	if (cs_strv_contains(&l->chain, path)) {
		fail_at(l, spec, from_file, "$include \"%s\" is circular (%s is already being read)",
			rel, path);
		return NULL;
	}
	if (l->chain.n > OC_INCLUDE_MAX_DEPTH) {
		fail_at(l, spec, from_file, "$include \"%s\": includes nest deeper than %d", rel,
			OC_INCLUDE_MAX_DEPTH);
		return NULL;
	}
	int err;
	cJSON *tree = parse_file(l, path, &err);
	const char *owned = l->cur_file;
	if (!tree) {
		if (err < 0)
			fail_at(l, spec, from_file, "cannot read $include \"%s\" (%s): %s", rel, path,
				strerror(-err));
		return NULL;
	}
	if (!cs_strv_contains(l->includes, path)) {
		cs_strv_push(l->includes, path);
		cs_strv_push(l->include_at, at);
	}
	if (cs_strv_push(&l->chain, path) < 0) {
		cJSON_Delete(tree);
		return NULL;
	}
	cJSON *out = keep_tree(l, tree) ? resolve(l, tree, owned, at) : NULL;
	free(l->chain.v[--l->chain.n]);
	l->chain.v[l->chain.n] = NULL;
	return out;
}

/* The merged value of an object's $include directive. */
static cJSON *resolve_directive(struct loader *l, const cJSON *spec, const char *file,
				const char *at)
{
	if (cJSON_IsString(spec))
		return load_include(l, spec, file, at);
	if (!cJSON_IsArray(spec)) {
		fail_at(l, spec, file, "$include must be a path or an array of paths");
		return NULL;
	}
	cJSON *acc = NULL;
	const cJSON *item;
	cJSON_ArrayForEach(item, spec) {
		if (!cJSON_IsString(item)) {
			fail_at(l, item, file, "$include entries must be paths (strings)");
			cJSON_Delete(acc);
			return NULL;
		}
		cJSON *v = load_include(l, item, file, at);
		if (!v) {
			cJSON_Delete(acc);
			return NULL;
		}
		acc = acc ? deep_merge(acc, v) : v;
	}
	return acc ? acc : cJSON_CreateObject();
}

/* Copies a scalar, carrying its origin over to the copy. */
static cJSON *copy_scalar(struct loader *l, const cJSON *node)
{
	cJSON *c = cJSON_Duplicate(node, false);
	const struct origin *o = c ? origin_of(l, node) : NULL;
	if (o) {
		struct origin *v = cs_grow(l->origins, &l->cap_origins, l->n_origins, sizeof(*v), 16);
		if (v) {
			l->origins = v;
			o = origin_of(l, node); /* the array may have moved */
			l->origins[l->n_origins++] = (struct origin){ c, o->file, o->line, o->col };
		}
	}
	return c;
}

/* A resolved copy of node: every $include below it replaced by the merge of
 * the included files and the keys beside the directive. NULL after a
 * diagnostic. */
static cJSON *resolve(struct loader *l, const cJSON *node, const char *file, const char *at)
{
	if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
		return copy_scalar(l, node);
	cJSON *out = cJSON_IsObject(node) ? cJSON_CreateObject() : cJSON_CreateArray();
	const cJSON *spec = NULL;
	const cJSON *c;

	if (!out)
		return NULL;
	size_t index = 0;
	cJSON_ArrayForEach(c, node) {
		if (c->string && strcmp(c->string, "$include") == 0 && cJSON_IsObject(node)) {
			spec = c;
			continue;
		}
		_cleanup_free_ char *seg = c->string ? cs_json5_key_segment(c->string)
						     : cs_asprintf("[%zu]", index);
		index++;
		_cleanup_free_ char *child_at = seg ? cs_asprintf("%s%s", at, seg) : NULL;
		cJSON *r = child_at ? resolve(l, c, file, child_at) : NULL;
		if (!r) {
			cJSON_Delete(out);
			return NULL;
		}
		if (c->string)
			cJSON_AddItemToObject(out, c->string, r);
		else
			cJSON_AddItemToArray(out, r);
	}
	if (!spec)
		return out;
	cJSON *included = resolve_directive(l, spec, file, at);
	if (!included) {
		cJSON_Delete(out);
		return NULL;
	}
	if (!out->child) {
		cJSON_Delete(out);
		return included;
	}
	return deep_merge(included, out);
}

/* ---- the config's env block and ${VAR} substitution ---------------------- */

/* Keys OpenClaw never takes from a config's env block: they change how
 * programs it starts behave (its host-env security policy). */
static const char *const blocked_env_keys[] = {
	"NODE_OPTIONS", "NODE_PATH", "PYTHONHOME", "PYTHONPATH", "PERL5LIB", "PERL5OPT",
	"RUBYLIB",	"RUBYOPT",   "BASH_ENV",   "ENV",	 "SHELL",    "SHELLOPTS",
	"PS4",		"GCONV_PATH", "IFS",	   "SSLKEYLOGFILE", "HOME",  "ZDOTDIR",
};
static const char *const blocked_env_prefixes[] = { "DYLD_", "LD_", "BASH_FUNC_" };

/* The key as OpenClaw takes it (trimmed, [A-Za-z_][A-Za-z0-9_]*, not
 * blocked, compared case-insensitively), or NULL (heap string). */
static char *env_block_key(const char *raw)
{
	_cleanup_free_ char *k = str_trim(raw);
	if (!k || !*k || !(isalpha((unsigned char)k[0]) || k[0] == '_'))
		return NULL;
	for (const char *c = k; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			return NULL;
	for (size_t i = 0; i < sizeof(blocked_env_keys) / sizeof(blocked_env_keys[0]); i++)
		if (strcasecmp(k, blocked_env_keys[i]) == 0)
			return NULL;
	for (size_t i = 0; i < sizeof(blocked_env_prefixes) / sizeof(blocked_env_prefixes[0]); i++)
		if (strncasecmp(k, blocked_env_prefixes[i], strlen(blocked_env_prefixes[i])) == 0)
			return NULL;
	return steal_ptr(&k);
}

/* env: { vars: { K: "v" }, K2: "v2" }: the top-level keys win over vars,
 * values are taken as written (a top-level one must not be blank), and a
 * variable is set unless the process already has a non-blank value. */
static void apply_env_block(const cJSON *root)
{
	const cJSON *env = cJSON_GetObjectItemCaseSensitive(root, "env");
	const cJSON *c;
	_cleanup_strv_ struct cs_strv keys = { 0 };
	_cleanup_strv_ struct cs_strv values = { 0 };

	if (!cJSON_IsObject(env))
		return;
	const cJSON *vars = cJSON_GetObjectItemCaseSensitive(env, "vars");
	cJSON_ArrayForEach(c, object_or_null(vars)) {
		_cleanup_free_ char *k = cJSON_IsString(c) && c->valuestring[0] ? env_block_key(c->string)
										: NULL;
		if (k && cs_strv_push(&keys, k) == 0)
			cs_strv_push(&values, c->valuestring);
	}
	cJSON_ArrayForEach(c, env) {
		if (strcmp(c->string, "vars") == 0 || strcmp(c->string, "shellEnv") == 0 ||
		    !cJSON_IsString(c) || str_blank(c->valuestring))
			continue;
		_cleanup_free_ char *k = env_block_key(c->string);
		if (k && cs_strv_push(&keys, k) == 0)
			cs_strv_push(&values, c->valuestring);
	}
	/* later entries win: apply from the last, skipping keys already seen */
	for (size_t i = keys.n; i-- > 0;) {
		bool later = false;
		for (size_t k = i + 1; k < keys.n; k++)
			later |= strcmp(keys.v[k], keys.v[i]) == 0;
		const char *have = getenv(keys.v[i]);
		if (!later && i < values.n && (!have || str_blank(have)))
			setenv(keys.v[i], values.v[i], 1);
	}
}

static bool env_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || c == '_';
}

static bool env_name_char(char c)
{
	return env_name_start(c) || (c >= '0' && c <= '9');
}

/* Length of "NAME}" at p when p holds a valid name followed by '}', else 0. */
static size_t env_ref_len(const char *p)
{
	size_t n = 0;
	if (!env_name_start(p[0]))
		return 0;
	while (env_name_char(p[n]))
		n++;
	return p[n] == '}' ? n : 0;
}

char *oc_substitute_env(const char *s, char **missing)
{
	struct cs_strbuf b = { 0 };

	*missing = NULL;
	while (*s) {
		size_t n;
		if (s[0] == '$' && s[1] == '$' && s[2] == '{' && (n = env_ref_len(s + 3))) {
			cs_strbuf_put(&b, s + 1, n + 3);
			s += n + 4;
			continue;
		}
		if (s[0] == '$' && s[1] == '{' && (n = env_ref_len(s + 2))) {
			_cleanup_free_ char *name = strndup(s + 2, n);
			const char *v = name ? getenv(name) : NULL;
			if (!v || !*v) {
				*missing = name ? steal_ptr(&name) : NULL;
				cs_strbuf_free(&b);
				return NULL;
			}
			cs_strbuf_puts(&b, v);
			s += n + 3;
			continue;
		}
		cs_strbuf_putc(&b, *s++);
	}
	return cs_strbuf_steal(&b);
}

/* The string with ${VAR} replaced and $${VAR} unescaped; NULL after a
 * diagnostic. */
static char *substitute(struct loader *l, const cJSON *node, const char *cfg_path,
			const char *file)
{
	_cleanup_free_ char *missing = NULL;
	char *v = oc_substitute_env(node->valuestring, &missing);
	if (!v && missing)
		fail_at(l, node, file, "missing env var \"%s\" referenced at config path %s",
			missing, cfg_path);
	return v;
}

static int substitute_tree(struct loader *l, cJSON *node, struct cs_strbuf *path,
			   const char *file)
{
	if (cJSON_IsString(node)) {
		if (!strchr(node->valuestring, '$'))
			return 0;
		char *v = substitute(l, node, path->s ? path->s : "<root>", file);
		if (!v)
			return -1;
		free(node->valuestring);
		node->valuestring = v;
		return 0;
	}
	cJSON *c;
	size_t i = 0;
	cJSON_ArrayForEach(c, node) {
		size_t mark = path->len;
		if (c->string)
			cs_strbuf_printf(path, "%s%s", mark ? "." : "", c->string);
		else
			cs_strbuf_printf(path, "[%zu]", i);
		i++;
		int r = substitute_tree(l, c, path, file);
		path->len = mark;
		if (path->s)
			path->s[mark] = '\0';
		if (r < 0)
			return -1;
	}
	return 0;
}

/* The schema defaults OpenClaw fills in that change what the audit sees:
 * the sections of the channels its schema knows get groupPolicy
 * "allowlist"; others (a plugin's channel, modelByChannel, defaults) get
 * nothing, and count as neither open nor allowlist. */
static const char *const defaulted_channels[] = {
	"whatsapp", "telegram", "discord", "irc",	  "googlechat",
	"slack",    "signal",	"imessage", "bluebubbles", "msteams",
};

static void apply_defaults(cJSON *root)
{
	cJSON *channels = cJSON_GetObjectItemCaseSensitive(root, "channels");

	if (!cJSON_IsObject(channels))
		return;
	for (size_t i = 0; i < sizeof(defaulted_channels) / sizeof(defaulted_channels[0]); i++) {
		cJSON *ch = cJSON_GetObjectItemCaseSensitive(channels, defaulted_channels[i]);
		if (cJSON_IsObject(ch) && !cJSON_GetObjectItemCaseSensitive(ch, "groupPolicy"))
			cJSON_AddStringToObject(ch, "groupPolicy", "allowlist");
	}
}

int oc_config_load(const char *path, struct oc_config *out, struct cs_diags *d)
{
	*out = (struct oc_config){ 0 };
	_cleanup_free_ char *abs = path[0] == '/' ? cs_oc_normalize(path) : NULL;
	if (!abs) {
		char cwd[PATH_MAX];
		_cleanup_free_ char *j = getcwd(cwd, sizeof(cwd)) ? cs_asprintf("%s/%s", cwd, path)
								 : strdup(path);
		abs = j ? cs_oc_normalize(j) : NULL;
	}
	_cleanup_free_ char *root_dir = abs ? dir_of(abs) : NULL;
	if (!root_dir) {
		cs_diag_add(d, path, 0, 0, NULL, "out of memory");
		return -1;
	}
	struct loader l = { .root_dir = root_dir, .root_real = realpath(root_dir, NULL),
			    .includes = &out->includes, .include_at = &out->include_at, .d = d };
	int err, rc = -1;
	cJSON *tree = parse_file(&l, path, &err);

	if (!tree && err == -ENOENT) {
		out->root = cJSON_CreateObject();
		rc = out->root ? 0 : -1;
		goto done;
	}
	if (!tree) {
		if (err < 0)
			cs_diag_add(d, path, 0, 0, NULL, "cannot read the config: %s", strerror(-err));
		goto done;
	}
	out->exists = true;
	if (!keep_tree(&l, tree))
		goto done;
	if (cs_strv_push(&l.chain, abs) < 0)
		goto done;
	cJSON *resolved = resolve(&l, tree, l.files.v[0], "$");
	if (!resolved)
		goto done;
	if (!cJSON_IsObject(resolved)) {
		cs_diag_add(d, path, 0, 0, NULL, "the config must be an object");
		cJSON_Delete(resolved);
		goto done;
	}
	apply_env_block(resolved);
	apply_defaults(resolved);
	struct cs_strbuf p = { 0 };
	int r = substitute_tree(&l, resolved, &p, l.files.v[0]);
	cs_strbuf_free(&p);
	if (r < 0) {
		cJSON_Delete(resolved);
		goto done;
	}
	out->root = resolved;
	rc = 0;
done:
	for (size_t i = 0; i < l.n_trees; i++)
		cJSON_Delete(l.trees[i]);
	free(l.trees);
	free(l.origins);
	free(l.root_real);
	cs_strv_free(&l.files);
	cs_strv_free(&l.chain);
	if (rc < 0)
		oc_config_free(out);
	return rc;
}

void oc_config_free(struct oc_config *c)
{
	cJSON_Delete(c->root);
	cs_strv_free(&c->includes);
	cs_strv_free(&c->include_at);
	*c = (struct oc_config){ 0 };
}
