/* The SKILL.md scanner's engine: normalizes the text once, runs every rule of
 * the table over the view it names, and turns matches into findings with the
 * source line and a readable excerpt. See skillscan.h and skillscan_rules.c. */
#include "clawshim/skillscan.h"
#include "clawshim/frontmatter.h"
#include "clawshim/tiers.h"
#include "clawshim/util.h"
#include "clawshim/utf8.h"
#include "skillscan_impl.h"
#include "unicode.h"

#include <errno.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More findings of one rule in one skill add nothing a reviewer can use. */
#define MAX_FINDINGS_PER_RULE 20
/* Bytes of context before a match that can soften it (see scan_rule_def). */
#define SOFTEN_CONTEXT 400
#define EXCERPT_MAX 120
#define MATCH_QUOTE_MAX 80
/* Shortest run of base64/hex characters reported as an encoded blob. */
#define BLOB_MIN 200

struct scan_ctx {
	const char *text; /* the source being scanned */
	size_t len;
	struct cs_normalized n;
	uint32_t *line_starts;
	size_t n_lines;
	unsigned char *in_code; /* per line: inside a fenced code block */
	const struct cs_skill *skill;
	struct cs_scan_report *r;
	unsigned fixed_line;     /* a frontmatter value: every finding goes on this line */
	unsigned frontmatter_end; /* last line of the frontmatter, for deduplication */
	unsigned per_rule[64];
	struct hits {
		size_t *v;
		size_t n, cap;
	} hits[64]; /* per rule: where its needles occur in its view, in order */
};

/* ---- rule table access ------------------------------------------------------- */

size_t cs_scan_rule_count(void)
{
	return cs_scan_rule_defs_len;
}

const struct cs_scan_rule *cs_scan_rule_at(size_t i)
{
	return i < cs_scan_rule_defs_len ? &cs_scan_rule_defs[i].pub : NULL;
}

const struct cs_scan_rule *cs_scan_rule_lookup(const char *id)
{
	for (size_t i = 0; i < cs_scan_rule_defs_len; i++)
		if (strcmp(cs_scan_rule_defs[i].pub.id, id) == 0)
			return &cs_scan_rule_defs[i].pub;
	return NULL;
}

const char *cs_scan_category_name(enum cs_scan_category c)
{
	switch (c) {
	case CS_SCAN_PROMPT_INJECTION:
		return "prompt_injection";
	case CS_SCAN_BOUNDARY_SPOOFING:
		return "boundary_spoofing";
	case CS_SCAN_CAPABILITY_INFLATION:
		return "capability_inflation";
	case CS_SCAN_DANGEROUS_ACTION:
		return "dangerous_action";
	case CS_SCAN_CATEGORY_COUNT:
		break;
	}
	return "?";
}

static const char *const severity_names[] = { "info", "warn", "critical" };

const char *cs_scan_severity_name(enum cs_scan_severity s)
{
	return (unsigned)s < CS_SCAN_SEVERITY_COUNT ? severity_names[s] : "?";
}

int cs_scan_severity_from_name(const char *name, enum cs_scan_severity *out)
{
	for (unsigned i = 0; i < CS_SCAN_SEVERITY_COUNT; i++)
		if (strcmp(name, severity_names[i]) == 0) {
			*out = (enum cs_scan_severity)i;
			return 0;
		}
	return -EINVAL;
}

/* ---- compiled patterns -------------------------------------------------------- */

/* Words that make a quoted phrase an example of what to watch for. */
static const char defensive_words[] =
	"detect|flag|refus|reject|block|filter|pattern|such as|e\\.g\\.|for example|examples?\\>|"
	"attack|injection|jailbreak|adversarial|red.?team|malicious|suspicious|watch (out )?for|"
	"look (out )?for|beware|phishing|threat|signs? of|indicators?|never (follow|obey|comply)|"
	"(do not|don't) (follow|obey|comply)|warn";
static regex_t defensive_re;

/* Text that addresses the model, for carriers a reader half sees. */
static const char addressed[] =
	"\\<(ignore|disregard|forget|override) (all|any|the|your|previous|prior|above|earlier)\\>|"
	"\\<you (must|should|will|have to|need to|are now)\\>|\\<(assistant|ai|model|agent|llm|"
	"claude|chatgpt) ?[,:] |\\<system prompt\\>|\\<do not (tell|mention|reveal|inform)\\>|"
	"\\<(secretly|silently|exfiltrat[a-z]*)\\>";
static regex_t addressed_re;

/* Compiled once per process; regexec on a shared regex_t is thread-safe. */
static regex_t rule_re[64], soften_re[64], negate_re[64];
static regex_t tool_re[32];
static int compile_status;
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

/* Every rule's needles, indexed by their first two bytes, so one pass over a
 * view finds the needles of all rules at once. */
#define MAX_NEEDLES 512
struct needle {
	const char *s;
	uint16_t len;
	uint16_t rule;
};
static struct needle needles[MAX_NEEDLES];
static uint32_t pair_start[65536 + 1];

static unsigned pair_key(const char *s)
{
	return (unsigned)(unsigned char)s[0] << 8 | (unsigned char)s[1];
}

static int index_needles(void)
{
	struct needle all[MAX_NEEDLES];
	size_t n = 0;

	for (size_t i = 0; i < cs_scan_rule_defs_len; i++) {
		const char *p = cs_scan_rule_defs[i].needles;
		while (p && *p) {
			const char *bar = strchr(p, ',');
			size_t len = bar ? (size_t)(bar - p) : strlen(p);
			if (len < 2 || len > UINT16_MAX || n == MAX_NEEDLES)
				return -EINVAL;
			all[n++] = (struct needle){ p, (uint16_t)len, (uint16_t)i };
			p = bar ? bar + 1 : p + len;
		}
	}
	/* counting sort by the first two bytes */
	for (size_t i = 0; i < n; i++)
		pair_start[pair_key(all[i].s) + 1]++;
	for (size_t k = 0; k < 65536; k++)
		pair_start[k + 1] += pair_start[k];
	static uint32_t fill[65536];
	memcpy(fill, pair_start, sizeof(fill));
	for (size_t i = 0; i < n; i++)
		needles[fill[pair_key(all[i].s)]++] = all[i];
	return 0;
}

static int add_hit(struct hits *h, size_t pos)
{
	if (h->n && h->v[h->n - 1] == pos)
		return 0;
	size_t *v = cs_grow(h->v, &h->cap, h->n, sizeof(*v), 16);
	if (!v)
		return -ENOMEM;
	h->v = v;
	v[h->n++] = pos;
	return 0;
}

/* One pass over a view: every needle of every rule that reads this view. */
static int find_needles(struct scan_ctx *c, enum scan_view which)
{
	const struct cs_textview *v = which == VIEW_WORDS ? &c->n.words : &c->n.raw;

	for (size_t i = 0; i + 1 < v->len; i++) {
		unsigned k = pair_key(v->s + i);
		for (uint32_t j = pair_start[k]; j < pair_start[k + 1]; j++) {
			const struct needle *nd = &needles[j];
			if (cs_scan_rule_defs[nd->rule].view != which || i + nd->len > v->len ||
			    memcmp(v->s + i, nd->s, nd->len) != 0)
				continue;
			if (add_hit(&c->hits[nd->rule], i) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

/* How the model is pointed at a tool: next to the word "tool", after "use",
 * or in a JSON tool call; a bare `write` or "lobster" is too often something
 * else. Names with an underscore are distinctive enough alone; OpenClaw reads
 * "bash" as exec. */
static char *tool_pattern(const char *tool)
{
	const char *extra = strcmp(tool, "exec") == 0
				    ? "|`bash`|\\<bash tool\\>|\\<bash +(pty|workdir|background|command|"
				      "timeout|elevated):"
			    : strcmp(tool, "apply_patch") == 0 ? "|\\<apply-patch\\>"
							       : "";
	if (strchr(tool, '_'))
		return cs_asprintf("\\<%s\\>%s", tool, extra);
	return cs_asprintf("\\<%s`? tools?\\>|\"tool(_?name)?\" *: *\"%s\"|\\<(use|call|invoke) "
			   "(the )?`%s`|\\<(use|call|invoke) (the )?%s (tool|action|function)\\>%s",
			   tool, tool, tool, tool, extra);
}

static void compile_all(void)
{
	if (cs_scan_rule_defs_len > 64 || cs_tool_matrix_len > 32) {
		compile_status = -E2BIG;
		return;
	}
	for (size_t i = 0; i < cs_scan_rule_defs_len; i++) {
		const struct scan_rule_def *d = &cs_scan_rule_defs[i];
		int flags = REG_EXTENDED | (d->flags & RULE_LINES ? REG_NEWLINE : 0);
		if (d->pattern && regcomp(&rule_re[i], d->pattern, flags) != 0)
			compile_status = -EINVAL;
		if (d->soften && regcomp(&soften_re[i], d->soften, REG_EXTENDED | REG_ICASE) != 0)
			compile_status = -EINVAL;
		if (d->negate && regcomp(&negate_re[i], d->negate, REG_EXTENDED | REG_ICASE) != 0)
			compile_status = -EINVAL;
	}
	if (index_needles() < 0 ||
	    regcomp(&defensive_re, defensive_words, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0 ||
	    regcomp(&addressed_re, addressed, REG_EXTENDED) != 0)
		compile_status = -EINVAL;
	for (size_t t = 0; t < cs_tool_matrix_len; t++) {
		char *p = tool_pattern(cs_tool_matrix[t].tool);
		if (!p || regcomp(&tool_re[t], p, REG_EXTENDED) != 0)
			compile_status = -EINVAL;
		free(p);
	}
}

static int ensure_compiled(void)
{
	pthread_once(&compile_once, compile_all);
	return compile_status;
}

/* ---- lines and code blocks ----------------------------------------------------- */

static int index_lines(struct scan_ctx *c)
{
	size_t n = 1;
	for (size_t i = 0; i < c->len; i++)
		n += c->text[i] == '\n';
	c->line_starts = malloc(n * sizeof(*c->line_starts));
	c->in_code = calloc(n, 1);
	if (!c->line_starts || !c->in_code)
		return -ENOMEM;
	c->line_starts[0] = 0;
	c->n_lines = 1;
	for (size_t i = 0; i < c->len; i++)
		if (c->text[i] == '\n')
			c->line_starts[c->n_lines++] = (uint32_t)(i + 1);
	return 0;
}

/* Marks the lines of fenced code blocks (``` or ~~~, CommonMark rules:
 * closed by a fence of the same character at least as long). */
static void mark_code_blocks(struct scan_ctx *c)
{
	char fence = 0;
	size_t fence_len = 0, open_at = 0;

	for (size_t l = 0; l < c->n_lines; l++) {
		const char *p = c->text + c->line_starts[l];
		const char *end = c->text + (l + 1 < c->n_lines ? c->line_starts[l + 1] : c->len);
		size_t indent = 0, run = 0;
		while (p < end && *p == ' ' && indent < 4)
			p++, indent++;
		while (p + run < end && (p[run] == '`' || p[run] == '~') && p[run] == p[0])
			run++;
		bool is_fence = indent < 4 && run >= 3;
		if (fence) {
			c->in_code[l] = 1;
			if (is_fence && p[0] == fence && run >= fence_len) {
				const char *q = p + run;
				while (q < end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
					q++;
				if (q == end)
					fence = 0;
			}
		} else if (is_fence) {
			fence = p[0];
			fence_len = run;
			open_at = l;
			c->in_code[l] = 1;
		}
	}
	/* A fence never closed makes the rest of the file code for a renderer,
	 * and hides nothing from the model: its text is read as prose. */
	if (fence)
		memset(c->in_code + open_at + 1, 0, c->n_lines - open_at - 1);
}

static size_t line_index(const struct scan_ctx *c, uint32_t off)
{
	size_t lo = 0, hi = c->n_lines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (c->line_starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static unsigned report_line(const struct scan_ctx *c, uint32_t off)
{
	return c->fixed_line ? c->fixed_line : (unsigned)line_index(c, off) + 1;
}

static bool off_in_code(const struct scan_ctx *c, uint32_t off)
{
	return !c->fixed_line && c->in_code[line_index(c, off)];
}

/* ---- findings ------------------------------------------------------------------- */

/* Appends the source text of [p, end) to buf, showing what a reader cannot
 * see (invisible and control characters) as <U+XXXX>. */
static size_t render(char *buf, size_t cap, size_t at, const char *p, const char *end)
{
	while (p < end && at + 10 < cap) {
		size_t used;
		uint32_t cp = cs_utf8_decode((const unsigned char *)p, (size_t)(end - p), &used);
		if (cp == '\t' || cp == '\r' || cp == '\n') {
			buf[at++] = ' ';
		} else if (cp == 0xFFFD && used == 1 && (unsigned char)*p >= 0x80) {
			buf[at++] = '?';
		} else if (cs_hidden_kind(cp) != CS_HIDDEN_NONE) {
			at += (size_t)snprintf(buf + at, cap - at, "<U+%04X>", cp);
		} else {
			memcpy(buf + at, p, used);
			at += used;
		}
		p += used;
	}
	buf[at] = '\0';
	return at;
}

static char *make_excerpt(const struct scan_ctx *c, uint32_t off)
{
	size_t l = line_index(c, off);
	const char *p = c->text + c->line_starts[l];
	const char *end = c->text + (l + 1 < c->n_lines ? c->line_starts[l + 1] : c->len);
	char buf[EXCERPT_MAX + 16];
	size_t at = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (end > p && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	/* Long lines: start a little before the match so it is in view. */
	if ((size_t)(end - p) > EXCERPT_MAX && off > 40 && c->text + off - 40 > p) {
		p = c->text + off - 40;
		while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
			p++;
		at = (size_t)snprintf(buf, sizeof(buf), "…");
	}
	at = render(buf, EXCERPT_MAX, at, p, end);
	if (p + at < end && at + 4 < sizeof(buf) && (size_t)(end - p) > EXCERPT_MAX - 10)
		memcpy(buf + at, "…", sizeof("…")); /* fits: checked just above */
	return strdup(buf);
}

/* The matched text as the scanner read it, quoted in the message. */
static char *quote_match(const char *s, size_t n)
{
	while (n && *s == ' ')
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	if (n > MATCH_QUOTE_MAX) {
		n = MATCH_QUOTE_MAX;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	char *q = strndup(s, n);
	for (char *p = q; p && *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return q;
}

static bool already_reported(const struct scan_ctx *c, const struct scan_rule_def *def,
			     unsigned line)
{
	for (size_t i = 0; i < c->r->n; i++) {
		const struct cs_scan_finding *f = &c->r->v[i];
		if (f->rule != &def->pub)
			continue;
		if (f->line == line || (c->fixed_line && f->line <= c->frontmatter_end))
			return true;
	}
	return false;
}

/* Records one finding; message takes ownership of a heap string (may be
 * NULL: the rule's finding alone). */
static int add_finding(struct scan_ctx *c, const struct scan_rule_def *def, size_t idx,
		       enum cs_scan_severity sev, uint32_t off, char *message)
{
	struct cs_scan_report *r = c->r;
	unsigned line = report_line(c, off);

	if (c->per_rule[idx] >= MAX_FINDINGS_PER_RULE || already_reported(c, def, line)) {
		free(message);
		return 0;
	}
	struct cs_scan_finding *v = cs_grow(r->v, &r->cap, r->n, sizeof(*v), 8);
	if (!v) {
		free(message);
		return -ENOMEM;
	}
	r->v = v;
	struct cs_scan_finding *f = &r->v[r->n];
	f->rule = &def->pub;
	f->severity = sev;
	f->line = line;
	f->excerpt = make_excerpt(c, off);
	f->message = message ? message : strdup(def->finding);
	if (!f->excerpt || !f->message) {
		free(f->excerpt);
		free(f->message);
		return -ENOMEM;
	}
	r->n++;
	r->count[sev]++;
	if (sev == CS_SCAN_CRITICAL)
		r->blocked = true;
	c->per_rule[idx]++;
	return 0;
}

static int add_quoted(struct scan_ctx *c, const struct scan_rule_def *def, size_t idx,
		      enum cs_scan_severity sev, uint32_t off, const char *what, const char *s,
		      size_t n)
{
	_cleanup_free_ char *q = quote_match(s, n);
	if (!q)
		return -ENOMEM;
	char *msg = cs_asprintf("%s: \"%s\"", what, q);
	if (!msg)
		return -ENOMEM;
	return add_finding(c, def, idx, sev, off, msg);
}

/* ---- the generic regex matcher ---------------------------------------------------- */

/* Bytes after a match that can soften it: the rest of its line and the next
 * (a comment above a flag, "... unless the user passes --yes"). */
#define SOFTEN_AFTER 240

/* Whether the text around off (within its section) makes the match a
 * conditional one: "If --yes is given: ... without asking", or a shell
 * comment above the -y flag it describes. */
static bool softened(const struct scan_ctx *c, size_t idx, uint32_t off, uint32_t end)
{
	const struct scan_rule_def *d = &cs_scan_rule_defs[idx];
	size_t from = off > SOFTEN_CONTEXT ? off - SOFTEN_CONTEXT : 0;
	size_t to = end, lines = 0;

	if (!d->soften)
		return false;
	for (size_t i = off; i > from; i--)
		if (c->text[i - 1] == '#' && (i - 1 == 0 || c->text[i - 2] == '\n') &&
		    !off_in_code(c, (uint32_t)(i - 1))) {
			from = i;
			break;
		}
	while (to < c->len && to - end < SOFTEN_AFTER && lines < 2) {
		if (c->text[to] == '\n' && ++lines < 2 && to + 1 < c->len && c->text[to + 1] == '#' &&
		    !off_in_code(c, (uint32_t)(to + 1)))
			break; /* the next section */
		to++;
	}
	_cleanup_free_ char *ctx = strndup(c->text + from, to - from);
	return ctx && regexec(&soften_re[idx], ctx, 0, NULL, 0) == 0;
}

/* Whether the words just before a match forbid it or make it a condition. */
#define NEGATE_CONTEXT 96

static bool negated(size_t idx, const struct cs_textview *v, size_t start)
{
	size_t from = start > NEGATE_CONTEXT ? start - NEGATE_CONTEXT : 0;

	if (!cs_scan_rule_defs[idx].negate)
		return false;
	for (size_t i = start; i > from; i--)
		if (strchr(".;:!?\n|", v->s[i - 1])) {
			from = i;
			break;
		}
	_cleanup_free_ char *ctx = strndup(v->s + from, start - from);
	return ctx && regexec(&negate_re[idx], ctx, 0, NULL, 0) == 0;
}

/* Lines of context above a match searched for defensive words. */
#define DEFENSIVE_LINES 6

/* Whether the source bytes [off, end) sit inside quotes on their line. */
static bool quoted(const struct scan_ctx *c, uint32_t off, uint32_t end)
{
	size_t l = line_index(c, off);
	const char *p = c->text + c->line_starts[l], *stop = c->text + off;
	const char *eol = c->text + (l + 1 < c->n_lines ? c->line_starts[l + 1] : c->len);
	unsigned straight = 0, ticks = 0;
	int curly = 0;

	for (; p < stop; p++) {
		straight += *p == '"';
		ticks += *p == '`';
		if (!strncmp(p, "\u201c", 3) || !strncmp(p, "\u00ab", 2) || !strncmp(p, "\u300c", 3))
			curly++;
		else if (!strncmp(p, "\u201d", 3) || !strncmp(p, "\u00bb", 2) ||
			 !strncmp(p, "\u300d", 3))
			curly--;
	}
	if (!(straight % 2 || ticks % 2 || curly > 0))
		return false;
	/* ... and the quote closes after the match */
	for (p = c->text + (end < off ? off : end); p < eol; p++)
		if (*p == '"' || *p == '`' || !strncmp(p, "\u201d", 3) || !strncmp(p, "\u00bb", 2) ||
		    !strncmp(p, "\u300d", 3))
			return true;
	return false;
}

static bool list_item(const struct scan_ctx *c, uint32_t off)
{
	const char *p = c->text + c->line_starts[line_index(c, off)];
	while (*p == ' ' || *p == '\t' || *p == '>')
		p++;
	if ((*p == '-' || *p == '*' || *p == '+') && p[1] == ' ')
		return true;
	if (*p == '|')
		return true;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '.' && p[1] == ' ' && p > c->text && p[-1] >= '0' && p[-1] <= '9';
}

/* A phrase quoted or listed as an example of what to detect or refuse. */
static bool defensive_example(const struct scan_ctx *c, uint32_t off, uint32_t end)
{
	if (c->fixed_line || !(quoted(c, off, end) || list_item(c, off)))
		return false;
	size_t l = line_index(c, off);
	size_t first = l > DEFENSIVE_LINES ? l - DEFENSIVE_LINES : 0;
	size_t stop = l + 1 < c->n_lines ? c->line_starts[l + 1] : c->len;
	_cleanup_free_ char *ctx = strndup(c->text + c->line_starts[first],
					   stop - c->line_starts[first]);
	return ctx && regexec(&defensive_re, ctx, 0, NULL, 0) == 0;
}

/* Whether only blank lines follow the line of off. */
static bool on_last_line(const struct scan_ctx *c, uint32_t off)
{
	size_t l = line_index(c, off);
	for (size_t i = l + 1 < c->n_lines ? c->line_starts[l + 1] : c->len; i < c->len; i++)
		if (!strchr(" \t\r\n", c->text[i]))
			return false;
	return true;
}

/* Runs the rule's pattern over v->s[from, to) and records every match. */
static int match_span(struct scan_ctx *c, const struct scan_rule_def *d, size_t idx,
		      struct cs_textview *v, size_t from, size_t to)
{
	char saved = v->s[to];
	size_t pos = from;
	int r = 0;

	v->s[to] = '\0';
	while (pos < to) {
		regmatch_t m;
		int eflags = pos > 0 && v->s[pos - 1] != '\n' ? REG_NOTBOL : 0;
		if (regexec(&rule_re[idx], v->s + pos, 1, &m, eflags) != 0)
			break;
		size_t start = pos + (size_t)m.rm_so, end = pos + (size_t)m.rm_eo;
		uint32_t off = v->orig[start], off_end = v->orig[end];
		bool skip = (d->flags & RULE_PROSE && off_in_code(c, off)) ||
			    (d->flags & RULE_NOT_LAST && !c->fixed_line && on_last_line(c, off)) ||
			    negated(idx, v, start) ||
			    (d->exempt && d->exempt(c, off, v->s + start, end - start));
		if (!skip) {
			enum cs_scan_severity sev = d->pub.severity;
			if (sev == CS_SCAN_CRITICAL &&
			    (softened(c, idx, off, off_end) ||
			     (d->flags & RULE_QUOTABLE && defensive_example(c, off, off_end))))
				sev = CS_SCAN_WARN;
			r = add_quoted(c, d, idx, sev, off, d->finding, v->s + start, end - start);
			if (r < 0)
				break;
		}
		pos = end > start ? end : start + 1;
	}
	v->s[to] = saved;
	return r;
}

/* No pattern crosses a line in the raw view, nor a sentence end in the words
 * view, and every match contains one of its rule's needles. So the pattern
 * only needs to run on the lines (sentences) that hold a needle: the result
 * is the same as over the whole text, in a fraction of the time. */
static bool is_segment_end(const struct scan_rule_def *d, const struct cs_textview *v, size_t i)
{
	char ch = v->s[i], next = i + 1 < v->len ? v->s[i + 1] : ' ';
	/* "SOUL.md" and "openclawcli.zip" do not end a sentence */
	return ch == '\n' ||
	       (d->view == VIEW_WORDS && (ch == '.' || ch == '!' || ch == '?') && next == ' ');
}

static int match_regex(struct scan_ctx *c, const struct scan_rule_def *d, size_t idx)
{
	struct cs_textview *v = d->view == VIEW_WORDS ? &c->n.words : &c->n.raw;
	const struct hits *h = &c->hits[idx];
	size_t done = 0;
	int r = 0;

	if (!d->pattern)
		return 0;
	if (!d->needles)
		return match_span(c, d, idx, v, 0, v->len);
	for (size_t i = 0; r == 0 && i < h->n; i++) {
		size_t from = h->v[i], to = h->v[i];
		if (from < done)
			continue; /* in the segment just scanned */
		while (from > done && !is_segment_end(d, v, from - 1))
			from--;
		while (to < v->len && !is_segment_end(d, v, to))
			to++;
		r = match_span(c, d, idx, v, from, to);
		done = to;
	}
	return r;
}

/* ---- exemptions ---------------------------------------------------------------- */

/* `<ToolCall name="x" />` in a code block is a React component, not a
 * conversation tag: those are lowercase. */
bool cs_scan_exempt_jsx_in_code(const struct scan_ctx *c, uint32_t off, const char *m, size_t len)
{
	const char *p = c->text + off;
	(void)m;
	(void)len;
	if (!off_in_code(c, off))
		return false;
	while (*p == '<' || *p == '/' || *p == ' ')
		p++;
	if (!(*p >= 'A' && *p <= 'Z'))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
		p++;
	return *p != '_';
}

/* Secrets other than SSH keys, which make a match about more than a public
 * key. */
static const char *const other_secrets[] = {
	".openclaw", ".clawdbot", ".moltbot", ".aws", "gcloud", ".azure", ".kube", ".docker",
	".netrc", ".git-credentials", ".gnupg", "password-store", "keychain", "cookies",
	"login data", "environ", "shadow", "key3", "key4", "logins.json",
};

/* A system prompt shown as an example in a code block ("system: you are a
 * helpful bot") is documentation; one that overrides is an attack wherever
 * it is. */
bool cs_scan_exempt_example_prompt(const struct scan_ctx *c, uint32_t off, const char *m,
				   size_t len)
{
	static const char *const overrides[] = { "ignore", "disregard", "forget", "override",
						 "new instructions", "from now", "priority",
						 "attention", "important" };
	_cleanup_free_ char *s = strndup(m, len);
	if (!s || !off_in_code(c, off))
		return false;
	for (size_t i = 0; i < sizeof(overrides) / sizeof(overrides[0]); i++)
		if (strstr(s, overrides[i]))
			return false;
	return true;
}

/* ~/.ssh/id_ed25519.pub is the half meant to be shared. */
bool cs_scan_exempt_public_key(const struct scan_ctx *c, uint32_t off, const char *m, size_t len)
{
	_cleanup_free_ char *s = strndup(m, len);
	bool any = false;
	(void)c;
	(void)off;
	if (!s)
		return false;
	if (strncmp(m + len, ".pub", 4) == 0)
		return true;
	for (size_t i = 0; i < sizeof(other_secrets) / sizeof(other_secrets[0]); i++)
		if (strstr(s, other_secrets[i]))
			return false;
	for (const char *p = s; (p = strstr(p, ".ssh/")); any = true) {
		p += 5;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')
			p++;
		if (strncmp(p, ".pub", 4) != 0)
			return false;
	}
	return any;
}

/* `curl ... | python3 -m json.tool`, `curl ... | bash scripts/x.sh -`: the
 * interpreter runs a program of its own on the download as data. */
bool cs_scan_exempt_stdin_is_data(const struct scan_ctx *c, uint32_t off, const char *m,
				  size_t len)
{
	const char *p = m + len;
	(void)c;
	(void)off;
	while (*p == ' ')
		p++;
	/* `| bash scripts/import.sh -`: the script is a file, stdin its input */
	if (*p && !strchr("-|&;)'\"`<>\n", *p) && strncmp(p, "/dev/stdin", 10) != 0)
		return true;
	if (!(p[0] == '-' && (p[1] == 'm' || p[1] == 'c' || p[1] == 'e') &&
	      (p[2] == ' ' || p[2] == '"' || p[2] == '\'' || (p[1] == 'm' && p[2] >= 'a' && p[2] <= 'z'))))
		return false;
	/* ... unless that program runs what it reads */
	const char *eol = strchr(p, '\n');
	size_t n = eol ? (size_t)(eol - p) : strlen(p);
	return !memmem(p, n, "exec", 4) && !memmem(p, n, "eval", 4) && !memmem(p, n, "system", 6);
}

/* ---- custom matchers ------------------------------------------------------------------ */

static int match_hidden(struct scan_ctx *c, const struct scan_rule_def *d, size_t idx,
			enum cs_hidden_kind kind)
{
	size_t i = 0;

	while (i < c->n.n_hidden) {
		const struct cs_hidden *h = &c->n.hidden[i];
		if (cs_hidden_kind(h->cp) != kind) {
			i++;
			continue;
		}
		/* one finding per line, naming up to three kinds of character and
		 * spelling out what the tag characters on it say (they are strong) */
		unsigned line = report_line(c, h->offset);
		uint32_t first = h->offset, names[3] = { 0 };
		size_t count = 0, n_names = 0, ns = 0;
		char smuggled[64];
		for (; i < c->n.n_hidden && report_line(c, c->n.hidden[i].offset) == line; i++) {
			uint32_t cp = c->n.hidden[i].cp;
			if (kind == CS_HIDDEN_STRONG && cp >= 0xE0020 && cp <= 0xE007E &&
			    ns + 1 < sizeof(smuggled))
				smuggled[ns++] = (char)(cp - 0xE0000);
			if (cs_hidden_kind(cp) != kind)
				continue;
			count++;
			bool seen = false;
			for (size_t k = 0; k < n_names; k++)
				seen |= strcmp(cs_hidden_name(names[k]), cs_hidden_name(cp)) == 0;
			if (!seen && n_names < 3)
				names[n_names++] = cp;
		}
		smuggled[ns] = '\0';
		char list[256] = "";
		for (size_t k = 0; k < n_names; k++) {
			size_t at = strlen(list);
			snprintf(list + at, sizeof(list) - at, "%s%s (U+%04X)", k ? ", " : "",
				 cs_hidden_name(names[k]), names[k]);
		}
		char *msg = ns ? cs_asprintf("%s: %zu × %s, spelling \"%s\"", d->finding, count, list,
					    smuggled)
			       : cs_asprintf("%s: %zu × %s", d->finding, count, list);
		if (!msg || add_finding(c, d, idx, d->pub.severity, first, msg) < 0)
			return -ENOMEM;
	}
	return 0;
}

int cs_scan_match_hidden_strong(struct scan_ctx *c, const struct scan_rule_def *d, size_t idx)
{
	return match_hidden(c, d, idx, CS_HIDDEN_STRONG);
}

int cs_scan_match_hidden_weak(struct scan_ctx *c, const struct scan_rule_def *d, size_t idx)
{
	return match_hidden(c, d, idx, CS_HIDDEN_WEAK);
}

int cs_scan_match_mixed_script(struct scan_ctx *c, const struct scan_rule_def *d, size_t idx)
{
	for (size_t i = 0; i < c->n.n_mixed; i++) {
		const struct cs_mixed_word *w = &c->n.mixed[i];
		char shown[160];
		const char *p = c->text + w->offset;
		size_t at = 0;
		/* ASCII as is, everything else as <U+XXXX>: the trick made visible */
		while (p < c->text + w->offset + w->len && at + 10 < sizeof(shown)) {
			size_t used;
			uint32_t cp = cs_utf8_decode((const unsigned char *)p,
						     (size_t)(c->text + c->len - p), &used);
			at += cp < 0x80 ? (size_t)snprintf(shown + at, sizeof(shown) - at, "%c", (int)cp)
					: (size_t)snprintf(shown + at, sizeof(shown) - at, "<U+%04X>",
							   cp);
			p += used;
		}
		char *msg = cs_asprintf("%s: \"%s\"", d->finding, shown);
		if (!msg || add_finding(c, d, idx, d->pub.severity, w->offset, msg) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The part of a view that came from source bytes [from, to). */
static char *view_slice(const struct cs_textview *v, uint32_t from, uint32_t to, size_t *start)
{
	size_t lo = 0, hi = v->len;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v->orig[mid] < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < v->len && v->orig[end] < to)
		end++;
	*start = lo;
	return strndup(v->s + lo, end - lo);
}

static bool in_inline_code(const struct scan_ctx *c, uint32_t off)
{
	size_t ticks = 0;
	for (uint32_t i = c->line_starts[line_index(c, off)]; i < off; i++)
		ticks += c->text[i] == '`';
	return ticks % 2 == 1;
}

/* Where Markdown and HTML keep text that a person reading the rendered page
 * does not see, or sees only on hover: searched for in the raw view
 * (lowercased, entities decoded). Hidden carriers take the rule's pattern;
 * half-visible ones (alt text, titles, attributes) only text that addresses
 * the model, since honest alt text may well mention curl or tokens. */
CS_STRING_TABLE_BEGIN
static const struct carrier {
	char open[24], close[24];
	bool half_visible;
	bool title_only; /* a link's target is not text: only its quoted title */
} carriers[] = {
	{ "<!--", "-->", false, false },
	{ "[//]: #", "\n", false, false },
	{ "[//]: <>", "\n", false, false },
	{ "[comment]: #", "\n", false, false },
	{ "[comment]: <>", "\n", false, false },
	{ "[_]: #", "\n", false, false },
	{ " hidden>", "</", false, false },
	{ " hidden=", "</", false, false },
	{ "display:none", "</", false, false },
	{ "display: none", "</", false, false },
	{ "visibility:hidden", "</", false, false },
	{ "visibility: hidden", "</", false, false },
	{ "font-size:0", "</", false, false },
	{ "font-size: 0", "</", false, false },
	{ "aria-hidden=\"true\"", "</", false, false },
	{ "<details", "</details>", true, false },
	{ "alt=\"", "\"", true, false },
	{ "title=\"", "\"", true, false },
	{ "aria-label=\"", "\"", true, false },
	{ "![", "]", true, false },
	{ "](", ")", true, true },
	{ "]: ", "\n", true, true },
};
CS_STRING_TABLE_END


int cs_scan_match_html_comment(struct scan_ctx *c, const struct scan_rule_def *d, size_t idx)
{
	const struct cs_textview *raw = &c->n.raw;

	for (size_t k = 0; k < sizeof(carriers) / sizeof(carriers[0]); k++) {
		const struct carrier *cr = &carriers[k];
		size_t ol = strlen(cr->open), cl = strlen(cr->close);
		const char *p = raw->s, *end = raw->s + raw->len;
		while ((p = memmem(p, (size_t)(end - p), cr->open, ol))) {
			const char *body_at = p + ol;
			const char *close = memmem(body_at, (size_t)(end - body_at), cr->close, cl);
			uint32_t open = raw->orig[p - raw->s];
			uint32_t stop = close ? raw->orig[close - raw->s] : (uint32_t)c->len;
			p = close ? close + cl : end;
			if (off_in_code(c, open) || in_inline_code(c, open))
				continue;
			if (cr->title_only) {
				const char *q = body_at;
				while (q < end && q < (close ? close : end) && *q != '"')
					q++;
				if (q >= (close ? close : end))
					continue;
				body_at = q + 1;
			}
			size_t at;
			_cleanup_free_ char *body = view_slice(&c->n.words, raw->orig[body_at - raw->s],
							       stop, &at);
			regmatch_t m;
			if (!body)
				return -ENOMEM;
			if (regexec(&rule_re[idx], body, 1, &m, 0) != 0 ||
			    (cr->half_visible && regexec(&addressed_re, body, 1, &m, 0) != 0))
				continue;
			int r = add_quoted(c, d, idx, d->pub.severity, open, d->finding, body,
					   strlen(body));
			if (r < 0)
				return r;
		}
	}
	return 0;
}

static bool is_blob_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '+' || ch == '/';
}

int cs_scan_match_encoded_blob(struct scan_ctx *c, const struct scan_rule_def *d, size_t idx)
{
	size_t i = 0;

	while (i < c->len) {
		if (!is_blob_char(c->text[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < c->len && is_blob_char(c->text[i]))
			i++;
		if (i - start < BLOB_MIN)
			continue;
		char *msg = cs_asprintf("%s (%zu characters)", d->finding, i - start);
		if (!msg || add_finding(c, d, idx, d->pub.severity, (uint32_t)start, msg) < 0)
			return -ENOMEM;
	}
	return 0;
}

int cs_scan_match_undeclared_tool(struct scan_ctx *c, const struct scan_rule_def *d, size_t idx)
{
	const struct cs_textview *v = &c->n.raw;

	if (!c->skill)
		return 0;
	for (size_t t = 0; t < cs_tool_matrix_len; t++) {
		const struct cs_tool_row *row = &cs_tool_matrix[t];
		regmatch_t m;
		if (row->tier != CS_TIER_CAPABILITY_GATED || cs_capset_has(c->skill->caps, row->cap))
			continue;
		if (!memmem(v->s, v->len, row->tool, strlen(row->tool)) &&
		    strcmp(row->tool, "exec") != 0 && strcmp(row->tool, "apply_patch") != 0)
			continue;
		if (regexec(&tool_re[t], v->s, 1, &m, 0) != 0)
			continue;
		char *msg = cs_asprintf("%s: '%s' needs capability '%s', which the skill does not "
					"declare",
					d->finding, row->tool, cs_cap_name(row->cap));
		if (!msg || add_finding(c, d, idx, d->pub.severity, v->orig[m.rm_so], msg) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Where a frontmatter key is written, for findings about the key. */
static uint32_t key_offset(const struct scan_ctx *c, const char *key)
{
	size_t kl = strlen(key);
	size_t fm_end = c->skill ? c->skill->body_offset : c->len;
	for (size_t l = 0; l < c->n_lines && c->line_starts[l] < fm_end; l++) {
		const char *p = c->text + c->line_starts[l];
		if ((size_t)(c->text + c->len - p) > kl && strncmp(p, key, kl) == 0 && p[kl] == ':')
			return c->line_starts[l];
	}
	return 0;
}

int cs_scan_match_command_dispatch(struct scan_ctx *c, const struct scan_rule_def *d,
				   size_t idx)
{
	struct cs_gate_verdict v;

	if (!c->skill || cs_skill_dispatch_gate(c->skill, &v) == 0)
		return 0;
	uint32_t off = key_offset(c, "command-tool");
	if (!off)
		off = key_offset(c, "command-dispatch");
	char *msg = cs_asprintf("%s: %s", d->finding, v.reason);
	if (!msg)
		return -ENOMEM;
	return add_finding(c, d, idx, d->pub.severity, off, msg);
}

/* ---- driving a scan ----------------------------------------------------------------- */

static void ctx_free(struct scan_ctx *c)
{
	cs_normalized_free(&c->n);
	free(c->line_starts);
	free(c->in_code);
	for (size_t i = 0; i < sizeof(c->hits) / sizeof(c->hits[0]); i++)
		free(c->hits[i].v);
}

static int ctx_init(struct scan_ctx *c, const char *text, size_t len, struct cs_scan_report *r)
{
	int e;
	c->text = text;
	c->len = len;
	c->r = r;
	if ((e = cs_normalize(text, len, &c->n)) < 0 || (e = index_lines(c)) < 0)
		return e;
	mark_code_blocks(c);
	return 0;
}

static int run_rules(struct scan_ctx *c, bool with_skill_rules)
{
	if (find_needles(c, VIEW_RAW) < 0 || find_needles(c, VIEW_WORDS) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < cs_scan_rule_defs_len; i++) {
		const struct scan_rule_def *d = &cs_scan_rule_defs[i];
		if ((d->flags & RULE_SKILL) && !with_skill_rules)
			continue;
		int r = d->match ? d->match(c, d, i) : match_regex(c, d, i);
		if (r < 0)
			return r;
	}
	return 0;
}

int cs_scan_text(const char *text, size_t len, struct cs_scan_report *r)
{
	struct scan_ctx c = { 0 };
	int e = ensure_compiled();

	if (e == 0)
		e = ctx_init(&c, text, len, r);
	if (e == 0)
		e = run_rules(&c, false);
	ctx_free(&c);
	return e;
}

/* Frontmatter values are scanned once more as the parser decoded them: a
 * YAML escape ("\u0069gnore") or a folded scalar reads differently from the
 * source text. Findings land on the key's line and are not repeated. */
struct value_walk {
	struct scan_ctx *file;
	struct cs_scan_report *r;
	unsigned frontmatter_end;
};

static int scan_value(struct value_walk *w, const char *key, const char *value)
{
	struct scan_ctx c = { 0 };
	size_t n = strlen(value);
	int e;

	if (!n || memmem(w->file->text, w->file->len, value, n))
		return 0; /* verbatim in the file: already scanned there */
	uint32_t off = key ? key_offset(w->file, key) : 0;
	e = ctx_init(&c, value, n, w->r);
	if (e == 0) {
		c.fixed_line = report_line(w->file, off);
		c.frontmatter_end = w->frontmatter_end;
		memcpy(c.per_rule, w->file->per_rule, sizeof(c.per_rule));
		e = run_rules(&c, false);
		memcpy(w->file->per_rule, c.per_rule, sizeof(c.per_rule));
	}
	ctx_free(&c);
	return e;
}

static int walk_values(struct value_walk *w, const cJSON *node, const char *top_key,
		       unsigned depth)
{
	if (depth > CS_SKILL_MAX_DEPTH)
		return 0;
	for (const cJSON *it = node; it; it = it->next) {
		const char *key = top_key ? top_key : it->string;
		int e = 0;
		if (cJSON_IsString(it) && it->valuestring)
			e = scan_value(w, key, it->valuestring);
		else if (cJSON_IsObject(it) || cJSON_IsArray(it))
			e = walk_values(w, it->child, key, depth + 1);
		if (e < 0)
			return e;
	}
	return 0;
}

int cs_scan_skill(const struct cs_skill *s, struct cs_scan_report *r)
{
	struct scan_ctx c = { 0 };
	int e = ensure_compiled();

	if (e == 0)
		e = ctx_init(&c, s->text, s->text_len, r);
	c.skill = s;
	if (e == 0)
		e = run_rules(&c, true);
	if (e == 0 && s->frontmatter) {
		struct value_walk w = { &c, r, s->body_line > 1 ? s->body_line - 1 : 0 };
		e = walk_values(&w, s->frontmatter->child, NULL, 0);
		if (e == 0 && s->metadata_owned)
			e = walk_values(&w, s->metadata_owned->child, "metadata", 0);
	}
	ctx_free(&c);
	return e;
}

/* ---- reports ---------------------------------------------------------------------------- */

static int finding_cmp(const void *a, const void *b)
{
	const struct cs_scan_finding *x = a, *y = b;
	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return strcmp(x->rule->id, y->rule->id);
}

void cs_scan_report_sort(struct cs_scan_report *r)
{
	if (r->n > 1)
		qsort(r->v, r->n, sizeof(*r->v), finding_cmp);
}

void cs_scan_report_free(struct cs_scan_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].excerpt);
		free(r->v[i].message);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

bool cs_scan_has_icu(void)
{
	return cs_uni_have_icu();
}
