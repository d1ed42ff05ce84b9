/* See codescan.h. The rule table is OpenClaw's skill-scanner rules. */
#include "codescan.h"

#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum rule_kind {
	LINE_RULE,   /* reported at the first matching line */
	SOURCE_RULE, /* needs a second pattern anywhere in the file */
};

struct code_rule {
	const char *id;
	const char *message;
	const char *pattern;   /* POSIX extended (GNU \b) */
	const char *requires;  /* a plain substring the file must contain, or NULL */
	const char *context;   /* SOURCE_RULE: a second pattern the file must match */
	enum rule_kind kind;
	bool critical;
	bool icase;
};

#define NETWORK_SEND "\\bfetch\\b|\\bpost\\b|http\\.request"

static const struct code_rule rules[] = {
	{ .id = "dangerous-exec", .critical = true, .kind = LINE_RULE,
	  .message = "Shell command execution detected (child_process)",
	  .pattern = "\\b(exec|execSync|spawn|spawnSync|execFile|execFileSync)[[:space:]]*\\(",
	  .requires = "child_process" },
	{ .id = "dynamic-code-execution", .critical = true, .kind = LINE_RULE,
	  .message = "Dynamic code execution detected",
	  .pattern = "\\beval[[:space:]]*\\(|new[[:space:]]+Function[[:space:]]*\\(" },
	{ .id = "crypto-mining", .critical = true, .kind = LINE_RULE, .icase = true,
	  .message = "Possible crypto-mining reference detected",
	  .pattern = "stratum\\+tcp|stratum\\+ssl|coinhive|cryptonight|xmrig" },
	{ .id = "suspicious-network", .kind = LINE_RULE,
	  .message = "WebSocket connection to non-standard port",
	  .pattern = "new[[:space:]]+WebSocket[[:space:]]*\\([[:space:]]*[\"']wss?://[^\"']*:([0-9]+)" },
	{ .id = "potential-exfiltration", .kind = SOURCE_RULE,
	  .message = "File read combined with network send \u2014 possible data exfiltration",
	  .pattern = "readFileSync|readFile", .context = NETWORK_SEND },
	{ .id = "obfuscated-code", .kind = SOURCE_RULE,
	  .message = "Hex-encoded string sequence detected (possible obfuscation)",
	  .pattern = "(\\\\x[0-9a-fA-F]{2}){6,}" },
	{ .id = "obfuscated-code", .kind = SOURCE_RULE,
	  .message = "Large base64 payload with decode call detected (possible obfuscation)",
	  .pattern = "(atob|Buffer\\.from)[[:space:]]*\\([[:space:]]*[\"'][A-Za-z0-9+/=]{200,}[\"']" },
	{ .id = "env-harvesting", .critical = true, .kind = SOURCE_RULE,
	  .message = "Environment variable access combined with network send \u2014 possible "
		     "credential harvesting",
	  .pattern = "process\\.env", .context = NETWORK_SEND },
};

#define N_RULES (sizeof(rules) / sizeof(rules[0]))

/* Ports a WebSocket to is not worth a warning. */
static bool standard_port(long port)
{
	return port == 80 || port == 443 || port == 8080 || port == 8443 || port == 3000;
}

static const char *const scannable[] = { ".js", ".ts", ".mjs", ".cjs", ".mts", ".cts", ".jsx",
					 ".tsx" };

static bool is_scannable(const char *name)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(scannable) / sizeof(scannable[0]); i++)
		if (strcasecmp(dot, scannable[i]) == 0)
			return true;
	return false;
}

struct compiled {
	regex_t re[N_RULES];
	regex_t ctx[N_RULES];
	bool ok;
};

/* The rules compiled once and kept for the life of the process: a deep
 * audit scans every plugin and skill with the same constant patterns. NULL
 * when a pattern does not compile (never, for these). */
static const struct compiled *compiled_rules(void)
{
	static struct compiled c;
	size_t i, j;

	if (c.ok)
		return &c;
	for (i = 0; i < N_RULES; i++) {
		int flags = REG_EXTENDED | (rules[i].icase ? REG_ICASE : 0);
		if (regcomp(&c.re[i], rules[i].pattern, flags) != 0)
			break;
		if (rules[i].context &&
		    regcomp(&c.ctx[i], rules[i].context, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0) {
			regfree(&c.re[i]);
			break;
		}
	}
	if (i < N_RULES) {
		for (j = 0; j < i; j++) {
			regfree(&c.re[j]);
			if (rules[j].context)
				regfree(&c.ctx[j]);
		}
		return NULL;
	}
	c.ok = true;
	return &c;
}

static void add_hit(struct code_scan *s, size_t rule, const char *rel, unsigned line)
{
	struct code_hit *v = cs_grow(s->v, &s->cap, s->n, sizeof(*v), 8);
	if (!v)
		return;
	s->v = v;
	s->v[s->n] = (struct code_hit){ rules[rule].id, rules[rule].critical, rules[rule].message,
					strdup(rel), line };
	if (s->v[s->n].file)
		s->n++;
}

/* The first line (1-based) on which rule matches, 0 when none. Lines are
 * NUL-terminated copies so that the matcher never crosses a line. */
static unsigned first_line(const struct compiled *c, size_t rule, char *text)
{
	unsigned line = 1;
	for (char *p = text; p;) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		regmatch_t m[2];
		bool hit = regexec(&c->re[rule], p, 2, m, 0) == 0;
		if (hit && strcmp(rules[rule].id, "suspicious-network") == 0 && m[1].rm_so >= 0)
			hit = !standard_port(strtol(p + m[1].rm_so, NULL, 10));
		if (nl)
			*nl = '\n';
		if (hit)
			return line;
		p = nl ? nl + 1 : NULL;
		line++;
	}
	return 0;
}

static void scan_text(const struct compiled *c, const char *rel, char *text, struct code_scan *s)
{
	for (size_t r = 0; r < N_RULES; r++) {
		if (rules[r].requires && !strstr(text, rules[r].requires))
			continue;
		if (rules[r].context && regexec(&c->ctx[r], text, 0, NULL, 0) != 0)
			continue;
		unsigned line = first_line(c, r, text);
		if (line)
			add_hit(s, r, rel, line);
	}
}

struct walker {
	const char *root;
	const struct compiled *rules;
	struct code_scan *scan;
	struct cs_strv seen;
	unsigned files;
};

/* root-relative path with '/' (the basename when outside root) */
static char *relative(const char *root, const char *path)
{
	size_t n = strlen(root);
	if (strncmp(path, root, n) == 0 && path[n] == '/')
		return strdup(path + n + 1);
	const char *slash = strrchr(path, '/');
	return strdup(slash ? slash + 1 : path);
}

static int scan_file(struct walker *w, const char *path)
{
	struct stat st;
	if (cs_strv_contains(&w->seen, path) || w->files >= CODESCAN_MAX_FILES)
		return 0;
	cs_strv_push(&w->seen, path);
	if (stat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)CODESCAN_MAX_FILE_BYTES)
		return 0;
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r = cs_read_file(path, CODESCAN_MAX_FILE_BYTES, &text, &len);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	w->files++;
	w->scan->scanned_files++;
	_cleanup_free_ char *rel = relative(w->root, path);
	if (rel)
		scan_text(w->rules, rel, text, w->scan);
	return 0;
}

/* One directory: its scannable files in name order, its subdirectories
 * pushed on the stack. Entries that are not directories (symlinks too) are
 * files to the walk; scan_file then reads only what resolves to one. */
static int walk_dir(struct walker *w, const char *dir, struct cs_strv *stack)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	_cleanup_strv_ struct cs_strv names = { 0 };

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, "node_modules") != 0)
			cs_strv_push(&names, e->d_name);
	closedir(d);
	cs_strv_sort(&names);
	for (size_t i = 0; i < names.n && w->files < CODESCAN_MAX_FILES; i++) {
		_cleanup_free_ char *p = cs_asprintf("%s/%s", dir, names.v[i]);
		struct stat st;
		if (!p || lstat(p, &st) < 0)
			continue;
		int r = 0;
		if (S_ISDIR(st.st_mode))
			cs_strv_push(stack, p);
		else if (is_scannable(names.v[i]))
			r = scan_file(w, p);
		if (r < 0) {
			if (!w->scan->error_path)
				w->scan->error_path = strdup(p);
			return r;
		}
	}
	return 0;
}

/* OpenClaw's walk: a stack of directories, so a directory's own files come
 * before any below it, and its subdirectories are walked last name first. */
static int walk(struct walker *w, const char *root)
{
	_cleanup_strv_ struct cs_strv stack = { 0 };
	int r = 0;

	cs_strv_push(&stack, root);
	while (stack.n > 0 && r == 0 && w->files < CODESCAN_MAX_FILES) {
		_cleanup_free_ char *dir = stack.v[--stack.n];
		stack.v[stack.n] = NULL;
		r = walk_dir(w, dir, &stack);
	}
	return r;
}

int code_scan_dir(const char *dir, const struct cs_strv *forced, struct code_scan *scan)
{
	const struct compiled *c = compiled_rules();
	struct walker w = { .root = dir, .rules = c, .scan = scan };
	int r = 0;

	*scan = (struct code_scan){ 0 };
	if (!c) {
		scan->error = EINVAL;
		return -1;
	}
	for (size_t i = 0; forced && i < forced->n && r == 0; i++) {
		const char *base = strrchr(forced->v[i], '/');
		if (!is_scannable(base ? base + 1 : forced->v[i]))
			continue;
		r = scan_file(&w, forced->v[i]);
		if (r < 0)
			scan->error_path = strdup(forced->v[i]);
	}
	if (r == 0)
		r = walk(&w, dir);
	cs_strv_free(&w.seen);
	if (r < 0) {
		scan->error = -r;
		return -1;
	}
	return 0;
}

void code_scan_free(struct code_scan *scan)
{
	for (size_t i = 0; i < scan->n; i++)
		free(scan->v[i].file);
	free(scan->v);
	free(scan->error_path);
	*scan = (struct code_scan){ 0 };
}
