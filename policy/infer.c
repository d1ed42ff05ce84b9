/* Capabilities a skill would need, read from what its SKILL.md says it runs:
 * requires.bins and install specs in the frontmatter, and the commands of
 * its shell code blocks (a small shell lexer, tables of what commands do).
 * Proposals only; each remembers the line it came from. */
#include "clawshim/infer.h"
#include "clawshim/frontmatter.h"
#include "clawshim/util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NET  CS_CAPSET(CS_CAP_NETWORK)
#define FS   CS_CAPSET(CS_CAP_FILESYSTEM)
#define MAX_TEXT 160

struct ctx {
	struct cs_inference *inf;
	const struct cs_skill *s;
	const char *path; /* program search path */
	int err;
};

/* ---- the inference itself ------------------------------------------------------ */

static const char *const kind_names[] = {
	[CS_INFER_CAP] = "capability", [CS_INFER_PROGRAM] = "program", [CS_INFER_PORT] = "port",
	[CS_INFER_WRITE] = "write",    [CS_INFER_NOTE] = "note",
};

const char *cs_infer_kind_name(enum cs_infer_kind k)
{
	return (unsigned)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "?";
}

/* Line n (1-based) of the skill's text, trimmed and cut at MAX_TEXT bytes
 * (on a UTF-8 boundary). Caller frees. */
static char *line_text(const struct cs_skill *s, unsigned n)
{
	const char *p = s->text, *end = s->text + s->text_len;

	for (unsigned i = 1; i < n && p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	const char *e = memchr(p, '\n', (size_t)(end - p));
	if (!e)
		e = end;
	while (p < e && isspace((unsigned char)*p))
		p++;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	size_t len = (size_t)(e - p);
	if (len > MAX_TEXT) {
		len = MAX_TEXT;
		while (len && ((unsigned char)p[len] & 0xc0) == 0x80)
			len--;
	}
	return strndup(p, len);
}

static bool same_item(const struct cs_infer_item *it, enum cs_cap cap, enum cs_infer_kind kind,
		      const char *item)
{
	return it->kind == kind && strcmp(it->item, item) == 0 &&
	       (kind != CS_INFER_CAP && kind != CS_INFER_NOTE ? true : it->cap == cap);
}

static int port_cmp(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* Records one proposal, once per (kind, item): the first line that asks
 * for something is the one shown. */
static void propose(struct ctx *c, enum cs_cap cap, enum cs_infer_kind kind, const char *item,
		    const char *why, unsigned line)
{
	struct cs_inference *inf = c->inf;

	if (c->err)
		return;
	for (size_t i = 0; i < inf->n; i++)
		if (same_item(&inf->v[i], cap, kind, item))
			return;
	struct cs_infer_item *v = cs_grow(inf->v, &inf->cap, inf->n, sizeof(*v), 16);
	if (!v) {
		c->err = -ENOMEM;
		return;
	}
	inf->v = v;
	struct cs_infer_item *it = &v[inf->n];
	*it = (struct cs_infer_item){ .cap = cap, .kind = kind, .line = line };
	it->item = strdup(item);
	it->why = strdup(why);
	it->text = line_text(c->s, line);
	if (!it->item || !it->why || !it->text) {
		free(it->item);
		free(it->why);
		free(it->text);
		c->err = -ENOMEM;
		return;
	}
	inf->n++;
	if (kind != CS_INFER_NOTE && cap != CS_CAP_NONE)
		inf->caps |= CS_CAPSET(cap);
	if (kind == CS_INFER_PROGRAM && cs_strv_push(&inf->exec_allow, item) < 0)
		c->err = -ENOMEM;
	if (kind == CS_INFER_WRITE && cs_strv_push(&inf->write, item) < 0)
		c->err = -ENOMEM;
	if (kind == CS_INFER_PORT && inf->n_ports < CS_MAX_PORTS) {
		inf->ports[inf->n_ports++] = (uint16_t)atoi(item);
		qsort(inf->ports, inf->n_ports, sizeof(inf->ports[0]), port_cmp);
	}
}

static void proposef(struct ctx *c, enum cs_cap cap, enum cs_infer_kind kind, const char *item,
		     unsigned line, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void proposef(struct ctx *c, enum cs_cap cap, enum cs_infer_kind kind, const char *item,
		     unsigned line, const char *fmt, ...)
{
	va_list ap;
	char why[256];

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	propose(c, cap, kind, item, why, line);
}

/* ---- programs ------------------------------------------------------------------ */

/* The first executable regular file named prog in the search path, as
 * execvp would find it. Caller frees; NULL when there is none. */
static char *resolve(const char *search, const char *prog)
{
	_cleanup_free_ char *copy = strdup(search);
	char *save = NULL;

	if (!copy)
		return NULL;
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		if (d[0] != '/')
			continue; /* a relative PATH entry means the working directory */
		char *p = cs_asprintf("%s/%s", d, prog);
		struct stat st;
		if (p && stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

static bool plain_name(const char *s)
{
	return *s && *s != '-' && *s != '.' &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-") ==
		       strlen(s);
}

static bool installed(const char *search, const char *prog)
{
	_cleanup_free_ char *abs = plain_name(prog) ? resolve(search, prog) : NULL;
	return abs != NULL;
}

/* {baseDir}/x: OpenClaw replaces {baseDir} with the skill's directory.
 * Caller frees; NULL when the skill's directory cannot be resolved. */
static char *in_skill_dir(const struct cs_skill *s, const char *rest)
{
	_cleanup_free_ char *file = realpath(s->path, NULL);
	char *slash = file ? strrchr(file, '/') : NULL;

	if (!slash)
		return NULL;
	*slash = '\0';
	return cs_asprintf("%s%s", file, rest);
}

/* A program the skill runs: 'shell', and exec.allow of its path. */
static void propose_program(struct ctx *c, const char *prog, const char *why, unsigned line)
{
	if (strncmp(prog, "{baseDir}/", 10) == 0) {
		_cleanup_free_ char *abs = in_skill_dir(c->s, prog + 9);
		struct stat st;
		if (abs && stat(abs, &st) == 0 && S_ISREG(st.st_mode) &&
		    !strstr(abs, "/../") && !strchr(abs, '{')) {
			proposef(c, CS_CAP_SHELL, CS_INFER_PROGRAM, abs, line, "%s ({baseDir})", why);
			return;
		}
	}
	if (prog[0] == '/') {
		propose(c, CS_CAP_SHELL, CS_INFER_PROGRAM, prog, why, line);
		return;
	}
	if (!plain_name(prog)) {
		proposef(c, CS_CAP_SHELL, CS_INFER_NOTE, prog, line,
			 "%s: a path relative to the skill or workspace; exec.allow needs its "
			 "absolute path",
			 why);
		propose(c, CS_CAP_SHELL, CS_INFER_CAP, prog, why, line);
		return;
	}
	_cleanup_free_ char *abs = resolve(c->path, prog);
	if (abs) {
		proposef(c, CS_CAP_SHELL, CS_INFER_PROGRAM, abs, line, "%s", why);
		return;
	}
	proposef(c, CS_CAP_SHELL, CS_INFER_NOTE, prog, line,
		 "%s: not installed here; add its path to exec.allow once it is", why);
	propose(c, CS_CAP_SHELL, CS_INFER_CAP, prog, why, line);
}

/* ---- frontmatter: requires.bins, install specs ----------------------------------- */

static bool word_at(const char *line, size_t len, const char *w)
{
	size_t n = strlen(w);

	for (size_t i = 0; i + n <= len; i++) {
		if (memcmp(line + i, w, n) != 0)
			continue;
		bool l = i == 0 || !(isalnum((unsigned char)line[i - 1]) || line[i - 1] == '-' ||
				     line[i - 1] == '_');
		bool r = i + n == len || !(isalnum((unsigned char)line[i + n]) ||
					   line[i + n] == '-' || line[i + n] == '_');
		if (l && r)
			return true;
	}
	return false;
}

/* The frontmatter line that names word, at or after the first line naming
 * anchor (so "curl" is found in its bins list, not in a description);
 * the anchor's line, else 1, when there is none. */
static unsigned fm_line(const struct cs_skill *s, const char *anchor, const char *word)
{
	const char *p = s->text, *end = s->text + s->body_offset;
	unsigned line = 1, anchor_line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		if (!anchor_line && word_at(p, len, anchor))
			anchor_line = line;
		if (anchor_line && word_at(p, len, word))
			return line;
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
	return anchor_line ? anchor_line : 1;
}

static void read_bins(struct ctx *c, const cJSON *bins, const char *anchor, const char *label)
{
	const cJSON *b;

	cJSON_ArrayForEach(b, bins)
	{
		if (!cJSON_IsString(b) || !b->valuestring[0])
			continue;
		_cleanup_free_ char *why = cs_asprintf("%s: %s", label, b->valuestring);
		if (!why) {
			c->err = -ENOMEM;
			return;
		}
		propose_program(c, b->valuestring, why, fm_line(c->s, anchor, b->valuestring));
	}
}

static void read_frontmatter(struct ctx *c)
{
	const cJSON *oc = cJSON_GetObjectItemCaseSensitive(c->s->metadata, "openclaw");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(oc, "requires");
	const cJSON *spec;

	read_bins(c, cJSON_GetObjectItemCaseSensitive(req, "bins"), "bins", "requires.bins");
	read_bins(c, cJSON_GetObjectItemCaseSensitive(req, "anyBins"), "anyBins",
		  "requires.anyBins");
	cJSON_ArrayForEach(spec, cJSON_GetObjectItemCaseSensitive(oc, "install"))
	{
		const cJSON *kind = cJSON_GetObjectItemCaseSensitive(spec, "kind");
		_cleanup_free_ char *label = cs_asprintf(
			"install (%s)", cJSON_IsString(kind) ? kind->valuestring : "?");
		if (!label) {
			c->err = -ENOMEM;
			return;
		}
		read_bins(c, cJSON_GetObjectItemCaseSensitive(spec, "bins"), "install", label);
	}
}

/* ---- a small shell lexer ------------------------------------------------------- */

enum tok_kind { T_WORD, T_SEP, T_REDIR_OUT, T_REDIR_IN, T_HEREDOC, T_DUP };

struct tok {
	enum tok_kind kind;
	char *s; /* T_WORD: the word without quotes */
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

static void toks_free(struct toks *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].s);
	free(t->v);
	*t = (struct toks){ 0 };
}

static int push_tok(struct toks *t, enum tok_kind k, const char *s, size_t len)
{
	struct tok *v = cs_grow(t->v, &t->cap, t->n, sizeof(*v), 16);
	if (!v)
		return -ENOMEM;
	t->v = v;
	v[t->n].kind = k;
	v[t->n].s = strndup(s ? s : "", s ? len : 0);
	if (!v[t->n].s)
		return -ENOMEM;
	t->n++;
	return 0;
}

/* The length of "<name>" at p (letters, digits, '_', '-', '.', ' ' inside),
 * 0 when p does not start one. */
static size_t placeholder_len(const char *p)
{
	size_t n = 1;

	if (!isalpha((unsigned char)p[1]))
		return 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '-' || p[n] == '.' ||
	       (p[n] == ' ' && isalpha((unsigned char)p[n + 1])))
		n++;
	return p[n] == '>' ? n + 1 : 0;
}

/* Whether a quote is still open at the end of line (outside comments). */
static bool quote_open(const char *p)
{
	char q = 0;
	bool word_start = true;

	for (; *p; p++) {
		if (q) {
			if (*p == '\\' && q == '"' && p[1])
				p++;
			else if (*p == q)
				q = 0;
			continue;
		}
		if (*p == '#' && word_start)
			return false;
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '\'' || *p == '"')
			q = *p;
		word_start = *p == ' ' || *p == '\t' || *p == ';' || *p == '|' || *p == '&';
	}
	return q != 0;
}

/* Splits one logical line into words and operators. Quotes group and are
 * removed; $(...) and backquotes start a new command; '#' at a word's
 * start ends the line. Good enough for documentation, not a shell. */
static int lex(const char *p, struct toks *t)
{
	char word[1024];
	size_t wn = 0;
	bool in_word = false;
	int r = 0;

#define FLUSH()                                                                                    \
	do {                                                                                       \
		if (in_word && r == 0)                                                             \
			r = push_tok(t, T_WORD, word, wn);                                         \
		in_word = false;                                                                   \
		wn = 0;                                                                            \
	} while (0)
#define ADD(ch)                                                                                    \
	do {                                                                                       \
		if (wn < sizeof(word))                                                             \
			word[wn++] = (ch);                                                         \
		in_word = true;                                                                    \
	} while (0)

	while (*p && r == 0) {
		char ch = *p;
		if (ch == ' ' || ch == '\t') {
			FLUSH();
			p++;
		} else if (ch == '#' && !in_word) {
			break;
		} else if (ch == '\'') {
			const char *e = strchr(p + 1, '\'');
			size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
			for (size_t i = 0; i < n; i++)
				ADD(p[1 + i]);
			in_word = true;
			p += n + 1 + (e != NULL);
		} else if (ch == '"') {
			p++;
			in_word = true;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				ADD(*p);
				p++;
			}
			if (*p)
				p++;
		} else if (ch == '\\' && p[1]) {
			ADD(p[1]);
			p += 2;
		} else if (ch == '|' || ch == ';' || ch == '(' || ch == ')' || ch == '`' ||
			   (ch == '&' && p[1] != '>')) {
			FLUSH();
			r = push_tok(t, T_SEP, p, 1);
			p += (p[1] == ch) ? 2 : 1;
		} else if (ch == '$' && p[1] == '(') {
			FLUSH();
			r = push_tok(t, T_SEP, p, 2);
			p += 2;
		} else if (ch == '<' && placeholder_len(p)) {
			/* <file>, <agentId>: documentation's placeholders, not redirections */
			size_t n = placeholder_len(p);
			for (size_t i = 0; i < n; i++)
				ADD(p[i]);
			p += n;
		} else if (ch == '>' || ch == '<' || (ch == '&' && p[1] == '>')) {
			/* "2>" "1>>": the digits were an fd number, not a word */
			if (in_word && strspn(word, "0123456789") >= wn)
				in_word = false, wn = 0;
			FLUSH();
			if (ch == '&')
				p++;
			if (p[0] == '<' && p[1] == '<' && p[2] == '<') {
				r = push_tok(t, T_REDIR_IN, NULL, 0);
				p += 3;
			} else if (p[0] == '<' && p[1] == '<') {
				r = push_tok(t, T_HEREDOC, NULL, 0);
				p += 2 + (p[2] == '-');
			} else if (p[0] == '<') {
				r = push_tok(t, T_REDIR_IN, NULL, 0);
				p++;
			} else {
				p += 1 + (p[1] == '>' || p[1] == '|');
				if (*p == '&') { /* >&2: a descriptor, not a file */
					r = push_tok(t, T_DUP, NULL, 0);
					p++;
					while (isdigit((unsigned char)*p) || *p == '-')
						p++;
				} else {
					r = push_tok(t, T_REDIR_OUT, NULL, 0);
				}
			}
		} else {
			ADD(ch);
			p++;
		}
	}
	FLUSH();
#undef FLUSH
#undef ADD
	return r;
}

/* ---- what commands do ------------------------------------------------------------ */

/* Argument roles for write targets. */
enum targets {
	TGT_NONE,    /* writes somewhere its arguments do not say */
	TGT_ALL,     /* every non-option argument is written (mkdir, touch, tee) */
	TGT_LAST,    /* the last non-option argument (cp, mv, ln) */
	TGT_REST,    /* every non-option argument after the first (chmod MODE FILE...) */
	TGT_OPTION,  /* the value of a write option (curl -o FILE) */
};

/* Strings in place, not pointers (see CS_STRING_TABLE_BEGIN). */
struct cmd_rule {
	char name[16];
	char sub[16];        /* first non-option argument, or "" for any */
	char write_opts[80]; /* options whose presence means it writes, " -o --output " */
	cs_capset caps;      /* beyond 'shell' */
	enum targets targets;
	uint16_t port;       /* what it connects to when no URL says (0: from URLs) */
	bool setup;          /* installs software: a step for a person, not the skill */
};

/* Sorted by name, then sub (a test checks); an empty sub is the fallback
 * and comes last among its name's rows. */
CS_STRING_TABLE_BEGIN
static const struct cmd_rule cmd_rules[] = {
	{ "7z", "", "", FS, TGT_NONE, 0, false },
	{ "apt", "install", "", 0, TGT_NONE, 0, true },
	{ "apt-get", "install", "", 0, TGT_NONE, 0, true },
	{ "brew", "install", "", 0, TGT_NONE, 0, true },
	{ "brew", "tap", "", 0, TGT_NONE, 0, true },
	{ "brew", "upgrade", "", 0, TGT_NONE, 0, true },
	{ "bun", "add", "", 0, TGT_NONE, 0, true },
	{ "bun", "install", "", 0, TGT_NONE, 0, true },
	{ "cargo", "install", "", 0, TGT_NONE, 0, true },
	{ "chmod", "", "", FS, TGT_REST, 0, false },
	{ "chown", "", "", FS, TGT_REST, 0, false },
	{ "code", "", "", FS, TGT_ALL, 0, false },
	{ "convert", "", "", FS, TGT_LAST, 0, false },
	{ "cp", "", "", FS, TGT_LAST, 0, false },
	{ "curl", "", " -o -O --output --remote-name --remote-name-all --output-dir ", NET,
	  TGT_OPTION, 0, false },
	{ "dd", "", "", FS, TGT_NONE, 0, false },
	{ "dig", "", "", NET, TGT_NONE, 0, false },
	{ "emacs", "", "", FS, TGT_ALL, 0, false },
	{ "ffmpeg", "", "", FS, TGT_LAST, 0, false },
	{ "gem", "install", "", 0, TGT_NONE, 0, true },
	{ "gh", "", "", NET, TGT_NONE, 443, false },
	{ "git", "add", "", FS, TGT_NONE, 0, false },
	{ "git", "checkout", "", FS, TGT_NONE, 0, false },
	{ "git", "clone", "", NET | FS, TGT_NONE, 443, false },
	{ "git", "commit", "", FS, TGT_NONE, 0, false },
	{ "git", "fetch", "", NET | FS, TGT_NONE, 443, false },
	{ "git", "init", "", FS, TGT_NONE, 0, false },
	{ "git", "ls-remote", "", NET, TGT_NONE, 443, false },
	{ "git", "merge", "", FS, TGT_NONE, 0, false },
	{ "git", "pull", "", NET | FS, TGT_NONE, 443, false },
	{ "git", "push", "", NET, TGT_NONE, 443, false },
	{ "git", "rebase", "", FS, TGT_NONE, 0, false },
	{ "git", "reset", "", FS, TGT_NONE, 0, false },
	{ "git", "stash", "", FS, TGT_NONE, 0, false },
	{ "git", "switch", "", FS, TGT_NONE, 0, false },
	{ "go", "get", "", 0, TGT_NONE, 0, true },
	{ "go", "install", "", 0, TGT_NONE, 0, true },
	{ "gunzip", "", "", FS, TGT_NONE, 0, false },
	{ "gzip", "", "", FS, TGT_NONE, 0, false },
	{ "http", "", " -o --output --download -d ", NET, TGT_OPTION, 0, false },
	{ "https", "", " -o --output --download -d ", NET, TGT_OPTION, 0, false },
	{ "install", "", "", FS, TGT_LAST, 0, false },
	{ "ln", "", "", FS, TGT_LAST, 0, false },
	{ "magick", "", "", FS, TGT_LAST, 0, false },
	{ "mkdir", "", "", FS, TGT_ALL, 0, false },
	{ "mv", "", "", FS, TGT_LAST, 0, false },
	{ "nano", "", "", FS, TGT_ALL, 0, false },
	{ "nc", "", "", NET, TGT_NONE, 0, false },
	{ "ncat", "", "", NET, TGT_NONE, 0, false },
	{ "npm", "add", "", 0, TGT_NONE, 0, true },
	{ "npm", "i", "", 0, TGT_NONE, 0, true },
	{ "npm", "install", "", 0, TGT_NONE, 0, true },
	{ "npx", "", "", NET, TGT_NONE, 443, false },
	{ "nvim", "", "", FS, TGT_ALL, 0, false },
	{ "pandoc", "", " -o --output ", 0, TGT_OPTION, 0, false },
	{ "pip", "install", "", 0, TGT_NONE, 0, true },
	{ "pip3", "install", "", 0, TGT_NONE, 0, true },
	{ "pipx", "install", "", 0, TGT_NONE, 0, true },
	{ "pnpm", "add", "", 0, TGT_NONE, 0, true },
	{ "pnpm", "install", "", 0, TGT_NONE, 0, true },
	{ "rm", "", "", FS, TGT_ALL, 0, false },
	{ "rmdir", "", "", FS, TGT_ALL, 0, false },
	{ "rsync", "", "", FS, TGT_LAST, 0, false },
	{ "scp", "", "", NET | FS, TGT_NONE, 22, false },
	{ "sed", "", " -i --in-place ", 0, TGT_NONE, 0, false },
	{ "sftp", "", "", NET, TGT_NONE, 22, false },
	{ "sort", "", " -o --output ", 0, TGT_OPTION, 0, false },
	{ "sqlite3", "", "", FS, TGT_NONE, 0, false },
	{ "ssh", "", "", NET, TGT_NONE, 22, false },
	{ "tar", "", "", FS, TGT_NONE, 0, false },
	{ "tee", "", "", FS, TGT_ALL, 0, false },
	{ "telnet", "", "", NET, TGT_NONE, 0, false },
	{ "touch", "", "", FS, TGT_ALL, 0, false },
	{ "truncate", "", "", FS, TGT_ALL, 0, false },
	{ "unzip", "", "", FS, TGT_NONE, 0, false },
	{ "uv", "add", "", 0, TGT_NONE, 0, true },
	{ "uv", "pip", "", 0, TGT_NONE, 0, true },
	{ "uv", "tool", "", 0, TGT_NONE, 0, true },
	{ "uvx", "", "", NET, TGT_NONE, 443, false },
	{ "vi", "", "", FS, TGT_ALL, 0, false },
	{ "vim", "", "", FS, TGT_ALL, 0, false },
	{ "wget", "", "", NET | FS, TGT_NONE, 0, false },
	{ "yarn", "add", "", 0, TGT_NONE, 0, true },
	{ "yarn", "install", "", 0, TGT_NONE, 0, true },
	{ "yt-dlp", "", "", NET | FS, TGT_NONE, 443, false },
	{ "zip", "", "", FS, TGT_NONE, 0, false },
};

/* Words that are the shell's own, not programs: they need no exec. */
static const char builtins[][12] = {
	"!",      ".",     ":",     "[",        "[[",     "]]",     "alias",  "break",
	"case",   "cd",    "continue", "declare", "do",   "done",   "echo",   "elif",
	"else",   "esac",  "eval",  "exit",     "export", "false",  "fi",     "for",
	"function", "if",  "in",    "let",      "local",  "popd",   "printf", "pushd",
	"pwd",    "read",  "return", "select",  "set",    "shift",  "source", "test",
	"then",   "trap",  "true",  "type",     "ulimit", "umask",  "unset",  "until",
	"wait",   "while", "{",     "}",
};

/* Words that run the next word as the command. */
static const char wrappers[][12] = { "command", "doas", "env", "exec", "nice", "nohup",
				     "sudo",    "time", "timeout", "xargs" };

/* Options of network clients that take a value (which is not a URL). */
static const char valued_opts[][24] = {
	"--cacert", "--cert",   "--connect-timeout", "--cookie", "--cookie-jar", "--data",
	"--data-binary", "--data-raw", "--data-urlencode", "--form", "--header", "--key",
	"--max-time", "--output", "--output-document", "--post-data", "--proxy", "--referer",
	"--request", "--retry", "--user", "--user-agent", "--write-out", "-A", "-E", "-F", "-H",
	"-K", "-O", "-P", "-T", "-U", "-X", "-b", "-c", "-d", "-e", "-m", "-o", "-r", "-t", "-u",
	"-w", "-x",
};

CS_STRING_TABLE_END

/* Whether w is one of the n strings of width bytes each at list. */
static bool in_list(const char *list, size_t width, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list + i * width, w) == 0)
			return true;
	return false;
}

#define IN(list, w) in_list(list[0], sizeof(list[0]), sizeof(list) / sizeof(list[0]), w)

static const struct cmd_rule *find_rule(const char *name, const char *sub)
{
	const struct cmd_rule *fallback = NULL;

	for (size_t i = 0; i < sizeof(cmd_rules) / sizeof(cmd_rules[0]); i++) {
		const struct cmd_rule *r = &cmd_rules[i];
		if (strcmp(r->name, name) != 0)
			continue;
		if (!r->sub[0])
			fallback = r;
		else if (sub && strcmp(r->sub, sub) == 0)
			return r;
	}
	return fallback;
}

/* ---- URLs and ports ------------------------------------------------------------ */

static const struct {
	const char *scheme;
	uint16_t port;
} schemes[] = {
	{ "ftp", 21 }, { "git", 9418 }, { "http", 80 }, { "https", 443 },
	{ "ssh", 22 }, { "ws", 80 },    { "wss", 443 },
};

/* The TCP port word connects to: a URL (scheme://host[:port]), an scp-like
 * git@host:path (22), or, when bare_is_http, host[:port][/path] as curl
 * reads it. 0 when it is none of these. */
static unsigned url_port(const char *word, bool bare_is_http)
{
	const char *sep = strstr(word, "://");
	const char *host = word;
	unsigned port = 0;

	if (sep) {
		size_t n = (size_t)(sep - word);
		for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
			if (strlen(schemes[i].scheme) == n && strncasecmp(word, schemes[i].scheme, n) == 0)
				port = schemes[i].port;
		if (!port)
			return 0;
		host = sep + 3;
	} else if (strncmp(word, "git@", 4) == 0 && strchr(word, ':')) {
		return 22;
	} else if (!bare_is_http) {
		return 0;
	} else {
		/* curl "wttr.in/London": a host name with a dot, or localhost */
		size_t h = strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-");
		bool dotted = memchr(word, '.', h) && word[0] != '.' && h > 3 &&
			      isalpha((unsigned char)word[h - 1]);
		bool local = h == 9 && strncmp(word, "localhost", 9) == 0;
		if (!(dotted || local) || !(word[h] == '\0' || word[h] == '/' || word[h] == ':' ||
					    word[h] == '?'))
			return 0;
		port = 80;
	}
	/* user@ and [v6] hosts; then :port */
	const char *end = host + strcspn(host, "/?#");
	const char *at = memchr(host, '@', (size_t)(end - host));
	if (at)
		host = at + 1;
	if (*host == '[') {
		const char *rb = memchr(host, ']', (size_t)(end - host));
		host = rb ? rb + 1 : end;
	}
	const char *colon = memchr(host, ':', (size_t)(end - host));
	if (colon && colon + 1 < end) {
		char *e;
		unsigned long p = strtoul(colon + 1, &e, 10);
		if (e == end && p >= 1 && p <= 65535)
			port = (unsigned)p;
		else
			return 0; /* ${PORT} and the like: not a port we can read */
	}
	return port;
}

static void propose_port(struct ctx *c, unsigned port, const char *why, unsigned line)
{
	char item[8];

	snprintf(item, sizeof(item), "%u", port);
	if (port == CS_DEFAULT_GATEWAY_PORT)
		proposef(c, CS_CAP_NETWORK, CS_INFER_NOTE, item, line,
			 "%s: port %u is the gateway's, which no profile may allow", why, port);
	else
		propose(c, CS_CAP_NETWORK, CS_INFER_PORT, item, why, line);
}

/* ---- write targets ------------------------------------------------------------- */

static bool path_char(char ch)
{
	return isalnum((unsigned char)ch) || strchr("._+@-", ch);
}

/* The profile path that lets a command write target: the directory holding
 * it (the target itself when is_dir), with {home} for ~ and $HOME, /tmp for
 * temporary files, {workspace} for relative paths and anything the shell
 * would expand. NULL when the target is not a file (/dev/null, "-").
 * Caller frees. */
static char *write_root(const char *target, bool is_dir)
{
	CS_STRING_TABLE_BEGIN
	static const char ignored[][12] = { "-", "/dev/null", "/dev/stdout", "/dev/stderr",
					    "/dev/tty" };
	CS_STRING_TABLE_END
	const char *prefix = "", *rest = target;

	if (IN(ignored, target) || strncmp(target, "/dev/fd/", 8) == 0 || !*target)
		return NULL;
	if (strncmp(target, "~/", 2) == 0)
		prefix = "{home}", rest = target + 1;
	else if (strncmp(target, "$HOME/", 6) == 0)
		prefix = "{home}", rest = target + 5;
	else if (strncmp(target, "${HOME}/", 8) == 0)
		prefix = "{home}", rest = target + 7;
	else if (strncmp(target, "$TMPDIR", 7) == 0 || strncmp(target, "${TMPDIR}", 9) == 0 ||
		 strncmp(target, "/tmp/", 5) == 0 || strcmp(target, "/tmp") == 0)
		return strdup("/tmp");
	else if (target[0] != '/')
		return strdup("{workspace}");

	/* Keep the plain leading components; stop at anything expanded. */
	char out[PATH_MAX];
	size_t n = (size_t)snprintf(out, sizeof(out), "%s", prefix), kept = 0, last_start = 0;
	const char *p = rest;
	bool complete = true;
	while (*p == '/') {
		const char *comp = p + 1;
		size_t len = strcspn(comp, "/");
		bool ok = len > 0 && !(len == 1 && comp[0] == '.') &&
			  !(len == 2 && comp[0] == '.' && comp[1] == '.');
		for (size_t i = 0; ok && i < len; i++)
			ok = path_char(comp[i]);
		if (!ok || n + len + 2 >= sizeof(out)) {
			complete = len == 0 && comp[0] == '\0'; /* a trailing slash */
			break;
		}
		last_start = n;
		out[n++] = '/';
		memcpy(out + n, comp, len);
		n += len;
		out[n] = '\0';
		kept++;
		p = comp + len;
	}
	/* A file's directory; a path cut short is already a directory. */
	if (complete && !is_dir && kept > 0) {
		n = last_start;
		out[n] = '\0';
		kept--;
	}
	if (kept == 0 && !*prefix)
		return strdup(target); /* a file in / itself: that file only */
	return strdup(n ? out : prefix);
}

static void propose_write(struct ctx *c, const char *target, bool is_dir, const char *why,
			  unsigned line)
{
	_cleanup_free_ char *root = write_root(target, is_dir);
	if (root)
		propose(c, CS_CAP_FILESYSTEM, CS_INFER_WRITE, root, why, line);
}

/* ---- one command --------------------------------------------------------------- */

struct cmd {
	char **words; /* the command and its arguments, redirections removed */
	size_t n;
};

/* Whether opt (" -o --output ") names arg: "-o", "--output", "--output=x",
 * or a short-option cluster holding the letter ("-sSLo"). *value gets the
 * option's value when it is in the same word. */
static bool opt_matches(const char *opts, const char *arg, const char **value)
{
	*value = NULL;
	if (arg[0] != '-' || !arg[1])
		return false;
	if (arg[1] == '-') {
		const char *eq = strchr(arg, '=');
		size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
		for (const char *o = opts; (o = strstr(o, arg)); o++)
			if (o[-1] == ' ' && o[n] == ' ' && strncmp(o, arg, n) == 0) {
				*value = eq ? eq + 1 : NULL;
				return true;
			}
		return false;
	}
	for (const char *a = arg + 1; *a && isalpha((unsigned char)*a); a++) {
		char one[5] = { ' ', '-', *a, ' ', '\0' };
		if (strstr(opts, one)) {
			*value = a[1] ? a + 1 : NULL;
			return true;
		}
	}
	return false;
}

static void judge_command(struct ctx *c, const struct cmd *cmd, unsigned line, bool trusted)
{
	size_t i = 0;

	/* sudo -u x env FOO=1 timeout 5 curl ...: the program is curl */
	while (i < cmd->n) {
		const char *w = cmd->words[i];
		const char *eq = strchr(w, '=');
		if (eq && eq != w && strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
					       "0123456789_") == (size_t)(eq - w)) {
			i++;
		} else if (IN(wrappers, w)) {
			bool timeout = strcmp(w, "timeout") == 0;
			for (i++; i < cmd->n && cmd->words[i][0] == '-'; i++)
				;
			if (timeout && i < cmd->n)
				i++;
		} else {
			break;
		}
	}
	if (i >= cmd->n)
		return;
	const char *prog = cmd->words[i];
	const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
	/* Not a program: builtins, expansions, and what documentation puts in
	 * code blocks besides commands (output, "key: value", placeholders). */
	if (IN(builtins, prog) || !(isalnum((unsigned char)prog[0]) || strchr("/._~{", prog[0])) ||
	    strpbrk(prog, "=*:,[]()<>\"'$") || strspn(prog, "0123456789") == strlen(prog))
		return;
	const char *sub = NULL;
	for (size_t k = i + 1; k < cmd->n && !sub; k++)
		if (cmd->words[k][0] != '-')
			sub = cmd->words[k];
	const struct cmd_rule *rule = find_rule(base, sub);
	/* An unlabelled block may hold output, not commands: only known or
	 * installed programs count there. */
	if (!trusted && !rule && !installed(c->path, prog))
		return;
	_cleanup_free_ char *why = rule && rule->sub[0] ? cs_asprintf("%s %s", base, rule->sub)
						      : strdup(base);
	if (!why) {
		c->err = -ENOMEM;
		return;
	}
	if (rule && rule->setup) {
		proposef(c, CS_CAP_NONE, CS_INFER_NOTE, why, line,
			 "%s: installs software, a step for a person before the skill runs "
			 "(not confined, nothing inferred)",
			 why);
		return;
	}
	propose_program(c, prog, why, line);
	if (!rule)
		return;

	bool net = rule->caps & NET, wrote = false;
	bool any_url = false, stdout_only = false;
	for (size_t k = i + 1; k < cmd->n; k++) {
		const char *a = cmd->words[k], *value = NULL;
		if (rule->write_opts[0] && opt_matches(rule->write_opts, a, &value)) {
			/* curl -o FILE writes FILE; curl -O, sed -i: somewhere relative */
			bool takes = rule->targets == TGT_OPTION && strcmp(a, "-O") != 0 &&
				     strncmp(a, "--remote-name", 13) != 0;
			if (!value && takes && k + 1 < cmd->n)
				value = cmd->words[++k];
			if (value && strcmp(value, "-") == 0)
				continue;
			_cleanup_free_ char *w = cs_asprintf("%s %s", base, a);
			propose_write(c, takes && value ? value : ".", false, w ? w : base, line);
			propose(c, CS_CAP_FILESYSTEM, CS_INFER_CAP, base, w ? w : base, line);
			wrote = true;
			continue;
		}
		if (net && (strcmp(a, "-O-") == 0 || strcmp(a, "-qO-") == 0 || strcmp(a, "--spider") == 0 ||
			    strncmp(a, "--output-document=-", 19) == 0))
			stdout_only = true;
		if (net && a[0] == '-' && !strchr(a, '=') && IN(valued_opts, a)) {
			if (strcmp(base, "wget") == 0 && strcmp(a, "-O") == 0 && k + 1 < cmd->n &&
			    strcmp(cmd->words[k + 1], "-") == 0)
				stdout_only = true;
			k++;
			continue;
		}
		unsigned port = net ? url_port(a, !strcmp(base, "curl") || !strcmp(base, "wget") ||
							  !strcmp(base, "http") || !strcmp(base, "https"))
				    : 0;
		if (port) {
			_cleanup_free_ char *w = cs_asprintf("%s %s", base, a);
			propose_port(c, port, w ? w : base, line);
			any_url = true;
		}
	}
	if (net) {
		propose(c, CS_CAP_NETWORK, CS_INFER_CAP, base, why, line);
		if (!any_url && rule->port)
			propose_port(c, rule->port, why, line);
		else if (!any_url)
			c->inf->ports_unknown = true;
	}
	if (!(rule->caps & FS) || wrote)
		return;
	if (strcmp(base, "wget") == 0 && stdout_only)
		return;
	/* Where it writes: its arguments when they say so, else the workspace. */
	size_t first = i + 1 + (rule->sub[0] != '\0');
	const char *last = NULL;
	bool any = false, skipped = false;
	for (size_t k = first; k < cmd->n; k++) {
		const char *a = cmd->words[k];
		if (a[0] == '-' || url_port(a, false))
			continue;
		last = a;
		if (rule->targets == TGT_REST && !skipped) {
			skipped = true;
			continue;
		}
		if (rule->targets == TGT_ALL || rule->targets == TGT_REST) {
			propose_write(c, a, strcmp(base, "mkdir") == 0, why, line);
			any = true;
		}
	}
	if (rule->targets == TGT_LAST && last && cmd->n - first > 1) {
		propose_write(c, last, false, why, line);
		any = true;
	}
	if (!any)
		propose_write(c, ".", false, why, line);
	propose(c, CS_CAP_FILESYSTEM, CS_INFER_CAP, base, why, line);
}

/* ---- code blocks ----------------------------------------------------------------- */

/* Languages whose blocks hold shell commands; an unlabelled block may. */
static const char *const shell_langs[] = { "bash",   "console", "fish", "ksh",
					   "sh",     "shell",   "shell-session", "terminal",
					   "zsh" };

enum block { B_NONE, B_OTHER, B_SHELL, B_UNLABELLED };

struct scan_state {
	enum block block;
	char fence[8];     /* the opening fence, ``` or ~~~ (and longer) */
	char heredoc[64];  /* skip lines until this one, when set */
	char *pending;     /* a line continued with '\' or an open quote */
	unsigned pending_line;
	unsigned pending_lines;
};

#define MAX_JOINED 64

static void flush_pending(struct ctx *c, struct scan_state *st);

/* Feeds one logical shell line: commands, redirections, heredocs. */
static void shell_line(struct ctx *c, struct scan_state *st, const char *text, unsigned line)
{
	struct toks t = { 0 };
	const char *p = text;
	bool trusted = st->block == B_SHELL;

	while (*p == ' ' || *p == '\t')
		p++;
	if ((p[0] == '$' || p[0] == '%' || p[0] == '>') && p[1] == ' ') {
		p += 2; /* a prompt: the rest is a command, whatever the block */
		trusted = true;
	}
	if (lex(p, &t) < 0) {
		c->err = -ENOMEM;
		toks_free(&t);
		return;
	}
	struct cmd cmd = { 0 };
	char **words = calloc(t.n + 1, sizeof(*words));
	if (!words) {
		c->err = -ENOMEM;
		toks_free(&t);
		return;
	}
	cmd.words = words;
	for (size_t i = 0; i <= t.n; i++) {
		if (i == t.n || t.v[i].kind == T_SEP) {
			judge_command(c, &cmd, line, trusted);
			cmd.n = 0;
			continue;
		}
		const struct tok *k = &t.v[i];
		const char *next = i + 1 < t.n && t.v[i + 1].kind == T_WORD ? t.v[i + 1].s : NULL;
		switch (k->kind) {
		case T_WORD:
			cmd.words[cmd.n++] = k->s;
			break;
		case T_REDIR_OUT:
			if (next && (trusted || cmd.n)) {
				_cleanup_free_ char *why = cs_asprintf("> %s", next);
				_cleanup_free_ char *root = write_root(next, false);
				/* > /dev/null writes nothing */
				if (root) {
					propose(c, CS_CAP_FILESYSTEM, CS_INFER_WRITE, root,
						why ? why : ">", line);
					propose(c, CS_CAP_FILESYSTEM, CS_INFER_CAP, ">",
						why ? why : ">", line);
				}
			}
			i += next != NULL;
			break;
		case T_HEREDOC:
			if (next)
				snprintf(st->heredoc, sizeof(st->heredoc), "%s", next);
			i += next != NULL;
			break;
		case T_REDIR_IN:
			i += next != NULL;
			break;
		case T_DUP:
		case T_SEP:
			break;
		}
	}
	free(words);
	toks_free(&t);
}

static bool is_fence(const char *p, size_t len, char *fence, size_t fence_size)
{
	size_t ind = 0;

	while (ind < len && ind < 4 && p[ind] == ' ')
		ind++;
	if (ind > 3 || ind >= len || (p[ind] != '`' && p[ind] != '~'))
		return false;
	size_t n = 0;
	while (ind + n < len && p[ind + n] == p[ind])
		n++;
	if (n < 3)
		return false;
	if (fence)
		snprintf(fence, fence_size, "%.*s", (int)(n < fence_size - 1 ? n : fence_size - 1),
			 p + ind);
	return true;
}

static enum block block_kind(const char *info, size_t len)
{
	while (len && (*info == ' ' || *info == '`' || *info == '~'))
		info++, len--;
	size_t n = 0;
	while (n < len && !isspace((unsigned char)info[n]) && info[n] != '{' && info[n] != ',')
		n++;
	static const char *const plain[] = { "plain", "plaintext", "text", "txt" };
	if (n == 0)
		return B_UNLABELLED;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (strlen(plain[i]) == n && strncasecmp(info, plain[i], n) == 0)
			return B_UNLABELLED;
	for (size_t i = 0; i < sizeof(shell_langs) / sizeof(shell_langs[0]); i++)
		if (strlen(shell_langs[i]) == n && strncasecmp(info, shell_langs[i], n) == 0)
			return B_SHELL;
	return B_OTHER;
}

static void body_line(struct ctx *c, struct scan_state *st, const char *p, size_t len,
		      unsigned line)
{
	char fence[8];

	if (st->block == B_NONE) {
		if (is_fence(p, len, st->fence, sizeof(st->fence)))
			st->block = block_kind(p, len);
		return;
	}
	if (is_fence(p, len, fence, sizeof(fence)) && strncmp(fence, st->fence, 3) == 0 &&
	    strlen(fence) >= strlen(st->fence)) {
		flush_pending(c, st);
		st->block = B_NONE;
		st->heredoc[0] = '\0';
		return;
	}
	if (st->block == B_OTHER)
		return;
	_cleanup_free_ char *l = strndup(p, len);
	if (!l) {
		c->err = -ENOMEM;
		return;
	}
	if (st->heredoc[0]) {
		const char *t = l + strspn(l, " \t");
		if (strcmp(t, st->heredoc) == 0)
			st->heredoc[0] = '\0';
		return;
	}
	/* a trailing backslash continues the command on the next line */
	bool cont = len && l[len - 1] == '\\';
	if (cont)
		l[len - 1] = ' ';
	if (st->pending) {
		char *joined = cs_asprintf("%s\n%s", st->pending, l);
		free(st->pending);
		st->pending = joined;
		if (!joined) {
			c->err = -ENOMEM;
			return;
		}
	} else {
		st->pending = strdup(l);
		st->pending_line = line;
		if (!st->pending) {
			c->err = -ENOMEM;
			return;
		}
	}
	/* a quote left open (a jq or awk program across lines) continues it
	 * too, for a bounded number of lines */
	if (cont || (++st->pending_lines < MAX_JOINED && quote_open(st->pending)))
		return;
	flush_pending(c, st);
}

static void flush_pending(struct ctx *c, struct scan_state *st)
{
	_cleanup_free_ char *whole = steal_ptr(&st->pending);

	st->pending_lines = 0;
	if (whole)
		shell_line(c, st, whole, st->pending_line);
}

static void read_body(struct ctx *c)
{
	const struct cs_skill *s = c->s;
	const char *p = s->text + s->body_offset, *end = s->text + s->text_len;
	struct scan_state st = { .block = B_NONE };
	unsigned line = s->body_line;

	while (p < end && !c->err) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl ? nl : end) - p);
		if (len && p[len - 1] == '\r')
			len--;
		body_line(c, &st, p, len, line);
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
	flush_pending(c, &st);
}

/* ---- public ---------------------------------------------------------------------- */

int cs_infer_skill(const struct cs_skill *s, const char *path, struct cs_inference *out)
{
	const char *env = getenv("PATH");
	struct ctx c = { .inf = out, .s = s };

	*out = (struct cs_inference){ 0 };
	c.path = path ? path : env && *env ? env : "/usr/local/bin:/usr/bin:/bin";
	read_frontmatter(&c);
	if (!c.err && s->text)
		read_body(&c);
	if (c.err) {
		cs_inference_free(out);
		return c.err;
	}
	cs_strv_sort(&out->exec_allow);
	cs_strv_sort(&out->write);
	if (out->n_ports)
		out->ports_unknown = false;
	return 0;
}

int cs_infer_profile(const struct cs_inference *inf, const char *skill, struct cs_profile *out)
{
	struct cs_profile p;
	int r = cs_profile_from_caps(inf->caps, skill, &p);

	*out = (struct cs_profile){ 0 };
	if (r < 0)
		return r;
	if (cs_capset_has(inf->caps, CS_CAP_FILESYSTEM) && inf->write.n) {
		cs_strv_free(&p.write);
		for (size_t i = 0; i < inf->write.n && r == 0; i++)
			r = cs_strv_push(&p.write, inf->write.v[i]);
	}
	for (size_t i = 0; i < inf->exec_allow.n && r == 0; i++)
		r = cs_strv_push(&p.exec_allow, inf->exec_allow.v[i]);
	if (inf->n_ports) {
		p.n_ports = 0;
		for (size_t i = 0; i < inf->n_ports; i++)
			p.ports[p.n_ports++] = inf->ports[i];
	}
	if (r < 0) {
		cs_profile_free(&p);
		return r;
	}
	*out = p;
	return 0;
}

cJSON *cs_inference_to_json(const struct cs_inference *inf)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *caps = cJSON_AddArrayToObject(root, "capabilities");
	cJSON *items = cJSON_AddArrayToObject(root, "items");

	if (!root || !caps || !items) {
		cJSON_Delete(root);
		return NULL;
	}
	for (int k = 0; k < CS_CAP_COUNT; k++)
		if (cs_capset_has(inf->caps, (enum cs_cap)k))
			cJSON_AddItemToArray(caps, cJSON_CreateString(cs_cap_name((enum cs_cap)k)));
	for (size_t i = 0; i < inf->n; i++) {
		const struct cs_infer_item *it = &inf->v[i];
		cJSON *o = cJSON_CreateObject();
		if (!o)
			break;
		if (it->cap == CS_CAP_NONE)
			cJSON_AddNullToObject(o, "capability");
		else
			cJSON_AddStringToObject(o, "capability", cs_cap_name(it->cap));
		cJSON_AddStringToObject(o, "kind", cs_infer_kind_name(it->kind));
		cJSON_AddStringToObject(o, "item", it->item);
		cJSON_AddStringToObject(o, "why", it->why);
		cJSON_AddNumberToObject(o, "line", it->line);
		cJSON_AddStringToObject(o, "text", it->text);
		cJSON_AddItemToArray(items, o);
	}
	return root;
}

void cs_inference_free(struct cs_inference *inf)
{
	for (size_t i = 0; i < inf->n; i++) {
		free(inf->v[i].item);
		free(inf->v[i].why);
		free(inf->v[i].text);
	}
	free(inf->v);
	cs_strv_free(&inf->exec_allow);
	cs_strv_free(&inf->write);
	*inf = (struct cs_inference){ 0 };
}
