/* Models: legacy and lower-tier models, and small models (by parameter
 * count) that can read untrusted web content without a sandbox. */
#include "checks.h"
#include "../toolpolicy.h"
#include "clawshim/strbuf.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_LINES_MAX 12
#define SMALL_PARAMS_B 300.0

struct model_ref {
	char *id;      /* trimmed */
	char *source;  /* config path it came from */
	char *agent;   /* agents.list id, NULL for agents.defaults */
	bool image;
};

struct model_refs {
	struct model_ref *v;
	size_t n, cap;
};

static void refs_free(struct model_refs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].id);
		free(r->v[i].source);
		free(r->v[i].agent);
	}
	free(r->v);
}

static void add_ref(struct model_refs *r, const cJSON *v, const char *source, const char *agent,
		    bool image)
{
	if (!cJSON_IsString(v) || str_blank(v->valuestring))
		return;
	struct model_ref *n = cs_grow(r->v, &r->cap, r->n, sizeof(*n), 8);
	if (!n)
		return;
	r->v = n;
	r->v[r->n] = (struct model_ref){ str_trim(v->valuestring), strdup(source),
					 agent ? strdup(agent) : NULL, image };
	if (r->v[r->n].id && r->v[r->n].source)
		r->n++;
}

/* model: "id" or { primary, fallbacks } under prefix. */
static void add_model_setting(struct model_refs *r, const cJSON *m, const char *prefix,
			      const char *agent, bool image)
{
	const cJSON *f;
	if (cJSON_IsString(m)) {
		add_ref(r, m, prefix, agent, image);
		return;
	}
	_cleanup_free_ char *p = cs_asprintf("%s.primary", prefix);
	_cleanup_free_ char *fb = cs_asprintf("%s.fallbacks", prefix);
	if (!p || !fb)
		return;
	add_ref(r, obj_get(m, "primary"), p, agent, image);
	const cJSON *fallbacks = obj_get(m, "fallbacks");
	cJSON_ArrayForEach(f, array_or_null(fallbacks)) {
		add_ref(r, f, fb, agent, image);
	}
}

static void collect_models(const cJSON *cfg, struct model_refs *r)
{
	const cJSON *list = cfg_at(cfg, "agents.list");
	const cJSON *agent;

	add_model_setting(r, cfg_at(cfg, "agents.defaults.model"), "agents.defaults.model", NULL,
			  false);
	add_model_setting(r, cfg_at(cfg, "agents.defaults.imageModel"),
			  "agents.defaults.imageModel", NULL, true);
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		if (!id)
			continue;
		_cleanup_free_ char *prefix = cs_asprintf("agents.list.%s.model", id);
		if (prefix)
			add_model_setting(r, obj_get(agent, "model"), prefix, id, false);
	}
}

/* ---- legacy and weak tiers ------------------------------------------------- */

struct model_pattern {
	const char *regex; /* POSIX extended with GNU \b, case-insensitive */
	const char *reason;
	const char *unless; /* the reason does not apply when this also matches */
};

static const struct model_pattern legacy_patterns[] = {
	{ "\\bgpt-3\\.5\\b", "GPT-3.5 family", NULL },
	{ "\\bclaude-(instant|2)\\b", "Claude 2/Instant family", NULL },
	{ "\\bgpt-4-(0314|0613)\\b", "Legacy GPT-4 snapshots", NULL },
};

static const struct model_pattern weak_patterns[] = {
	{ "\\bhaiku\\b", "Haiku tier (smaller model)", NULL },
	{ "\\bgpt-", "Below GPT-5 family", "\\bgpt-5(\\b|[.-])" },
	{ "\\bclaude-", "Below Claude 4.5",
	  "\\bclaude-[^[:space:]/]*(-4-?([5-9]|[1-9][0-9])\\b|4\\.([5-9]|[1-9][0-9])\\b|-[5-9](\\b|[.-]))" },
};

static bool rx_match(const char *pattern, const char *id)
{
	regex_t re;
	_cleanup_free_ char *s = str_js_spaces_to_ascii(id);
	if (!s)
		return false;
	if (regcomp(&re, pattern, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0)
		return false;
	bool m = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return m;
}

/* "reason; reason" for the patterns that apply (all of them, or the first). */
static char *model_reasons(const struct model_pattern *p, size_t n, const char *id, bool first)
{
	struct cs_strbuf b = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (!rx_match(p[i].regex, id) || (p[i].unless && rx_match(p[i].unless, id)))
			continue;
		cs_strbuf_printf(&b, "%s%s", b.len ? "; " : "", p[i].reason);
		if (first)
			break;
	}
	if (!b.len)
		return NULL;
	return cs_strbuf_steal(&b);
}

/* Whether r->v[i] repeats an earlier model at the same source. */
static bool repeated(const struct model_refs *r, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (strcmp(r->v[k].id, r->v[i].id) == 0 && strcmp(r->v[k].source, r->v[i].source) == 0)
			return true;
	return false;
}

/* first_only: the legacy list, which names the first reason and lists
 * repeats; otherwise every reason, once per model and source. */
static void report_models(struct audit_ctx *a, const struct model_refs *r,
			  const struct model_pattern *p, size_t np, bool first_only,
			  const char *check_id, const char *title, const char *header,
			  const char *fix)
{
	struct cs_strbuf b = { 0 };
	size_t hits = 0;

	cs_strbuf_puts(&b, header);
	for (size_t i = 0; i < r->n; i++) {
		if (!first_only && repeated(r, i))
			continue;
		_cleanup_free_ char *why = model_reasons(p, np, r->v[i].id, first_only);
		if (!why)
			continue;
		if (hits++ < MODEL_LINES_MAX)
			cs_strbuf_printf(&b, "\n- %s (%s) @ %s", r->v[i].id, why, r->v[i].source);
	}
	if (!hits) {
		cs_strbuf_free(&b);
		return;
	}
	if (hits > MODEL_LINES_MAX)
		cs_strbuf_printf(&b, "\n\u2026%zu more", hits - MODEL_LINES_MAX);
	audit_add_owned(a, check_id, SEV_WARN, title, fix, cs_strbuf_steal(&b));
}

void check_models_tier(struct audit_ctx *a)
{
	struct model_refs r = { 0 };

	collect_models(a->cfg, &r);
	report_models(a, &r, legacy_patterns, sizeof(legacy_patterns) / sizeof(legacy_patterns[0]),
		      true, "models.legacy", "Some configured models look legacy",
		      "Older/legacy models can be less robust against prompt injection and tool "
		      "misuse.",
		      "Prefer modern, instruction-hardened models for any bot that can run tools.");
	report_models(a, &r, weak_patterns, sizeof(weak_patterns) / sizeof(weak_patterns[0]), false,
		      "models.weak_tier", "Some configured models are below recommended tiers",
		      "Smaller/older models are generally more susceptible to prompt injection and "
		      "tool misuse.",
		      "Use the latest, top-tier model for any bot with tools or untrusted inboxes. "
		      "Avoid Haiku tiers; prefer GPT-5+ and Claude 4.5+.");
	refs_free(&r);
}

/* ---- small models ---------------------------------------------------------- */

static bool lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* A size token at s[i] ("8b", "e4b", "3.5b") per OpenClaw's scan: optional
 * letter, digits, optional fraction, 'b', then a non-alphanumeric or the end.
 * Returns the length of the token (0: none) and its value. */
static size_t size_token(const char *s, double *value)
{
	size_t i = 0;
	if (*s >= 'a' && *s <= 'z' && s[1] >= '0' && s[1] <= '9')
		i++;
	size_t d = i;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d)
		return 0;
	if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (s[i] != 'b' || lower_alnum(s[i + 1]))
		return 0;
	*value = strtod(s + d, NULL);
	return i + 1;
}

/* The token matched at s[at] with the separator that follows it: its end, or
 * 0 when there is no token there. */
static size_t token_end(const char *s, size_t at, double *v)
{
	size_t n = size_token(s + at, v);
	if (!n)
		return 0;
	return at + n + (s[at + n] ? 1 : 0);
}

/* The largest "<N>b" size named in the id, 0 when none: OpenClaw's global
 * regular expression (?:^|[^a-z0-9])[a-z]?(\d+(?:\.\d+)?)b(?:[^a-z0-9]|$),
 * whose matches consume the separators around them and so never overlap. */
static double model_params_b(const char *id)
{
	_cleanup_free_ char *s = str_lower(id);
	double best = 0, v;
	size_t pos = 0;

	if (!s)
		return 0;
	size_t len = strlen(s);
	while (pos < len) {
		size_t end = 0;
		for (size_t start = pos; start < len && !end; start++) {
			if (start == 0)
				end = token_end(s, 0, &v);
			if (!end && !lower_alnum(s[start]))
				end = token_end(s, start + 1, &v);
		}
		if (!end)
			break;
		if (v > best)
			best = v;
		pos = end;
	}
	return best;
}

static bool web_search_enabled(const cJSON *cfg)
{
	const cJSON *en = cfg_at(cfg, "tools.web.search.enabled");
	static const char *const keys[] = { "BRAVE_API_KEY", "PERPLEXITY_API_KEY",
					    "OPENROUTER_API_KEY" };
	if (cJSON_IsBool(en))
		return cJSON_IsTrue(en);
	const char *k1 = cfg_str(cfg, "tools.web.search.apiKey");
	const char *k2 = cfg_str(cfg, "tools.web.search.perplexity.apiKey");
	if ((k1 && !str_blank(k1)) || (k2 && !str_blank(k2)))
		return true;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (getenv(keys[i]) && !str_blank(getenv(keys[i])))
			return true;
	return false;
}

/* Tools that feed untrusted content to the model, in report order. */
enum { WEB_SEARCH = 1, WEB_FETCH = 2, BROWSER = 4 };

/* The agents.list entry whose id is exactly id (the first one): whose tools
 * OpenClaw weighs for a model listed under agents.list.<id>. */
static const cJSON *entry_with_raw_id(const cJSON *cfg, const char *id)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, array_or_null(cfg_at(cfg, "agents.list"))) {
		const char *have = cfg_str(e, "id");
		if (have && strcmp(have, id) == 0)
			return e;
	}
	return NULL;
}

static unsigned exposed_web_tools(const cJSON *cfg, const char *agent)
{
	struct tool_chain chain;
	unsigned t = 0;

	tool_chain_for_entry(cfg, agent && *agent ? entry_with_raw_id(cfg, agent) : NULL, agent,
			     &chain);
	if (web_search_enabled(cfg) && tool_chain_allows(&chain, "web_search"))
		t |= WEB_SEARCH;
	if (!cfg_is_false(cfg, "tools.web.fetch.enabled") && tool_chain_allows(&chain, "web_fetch"))
		t |= WEB_FETCH;
	if (browser_enabled(cfg) && tool_chain_allows(&chain, "browser"))
		t |= BROWSER;
	tool_chain_free(&chain);
	return t;
}

static const char *const web_names[] = { "web_search", "web_fetch", "browser" };

static void web_list(struct cs_strbuf *b, unsigned t)
{
	bool any = false;
	for (unsigned i = 0; i < 3; i++) {
		if (t & (1u << i)) {
			cs_strbuf_printf(b, "%s%s", any ? ", " : "", web_names[i]);
			any = true;
		}
	}
}

/* Adds the tools of t not yet in seen[0..*n), in t's order: the summary
 * names them in the order the models first exposed them. */
static void note_tools(unsigned seen[3], unsigned *n, unsigned t)
{
	for (unsigned i = 0; i < 3; i++) {
		bool known = false;
		for (unsigned k = 0; k < *n; k++)
			known |= seen[k] == i;
		if ((t & (1u << i)) && !known)
			seen[(*n)++] = i;
	}
}

void check_models_small_params(struct audit_ctx *a)
{
	struct model_refs r = { 0 };
	struct cs_strbuf b = { 0 };
	unsigned seen[3], n_seen = 0;
	bool unsafe = false, any = false;

	collect_models(a->cfg, &r);
	cs_strbuf_puts(&b, "Small models (<=300B params) detected:");
	for (size_t i = 0; i < r.n; i++) {
		double params = r.v[i].image ? 0 : model_params_b(r.v[i].id);
		if (params <= 0 || params > SMALL_PARAMS_B)
			continue;
		any = true;
		/* the agent is read back from the source path, so an id with a dot
		 * stands for the id up to that dot */
		_cleanup_free_ char *agent =
			r.v[i].agent ? strndup(r.v[i].agent, strcspn(r.v[i].agent, ".")) : NULL;
		const char *mode = sandbox_mode_for(a->cfg, agent);
		unsigned t = exposed_web_tools(a->cfg, agent);
		bool ok = strcmp(mode, "all") == 0 && !t;
		unsafe |= !ok;
		note_tools(seen, &n_seen, t);
		cs_strbuf_printf(&b, "\n- %s (%.15gB) @ %s (%s; sandbox=%s; web=[", r.v[i].id, params,
				 r.v[i].source, ok ? "ok" : "unsafe", mode);
		if (t)
			web_list(&b, t);
		else
			cs_strbuf_puts(&b, "off");
		cs_strbuf_puts(&b, "])");
	}
	refs_free(&r);
	if (!any) {
		cs_strbuf_free(&b);
		return;
	}
	if (n_seen) {
		cs_strbuf_puts(&b, "\nUncontrolled input tools allowed: ");
		for (unsigned k = 0; k < n_seen; k++)
			cs_strbuf_printf(&b, "%s%s", k ? ", " : "", web_names[seen[k]]);
		cs_strbuf_puts(&b, ".");
	} else {
		cs_strbuf_puts(&b, "\nNo web/browser tools detected for these models.");
	}
	cs_strbuf_puts(&b, "\nSmall models are not recommended for untrusted inputs.");
	audit_add_owned(a, "models.small_params", unsafe ? SEV_CRITICAL : SEV_INFO,
			"Small models require sandboxing and web tools disabled",
			"If you must use small models, enable sandboxing for all sessions "
			"(agents.defaults.sandbox.mode=\"all\") and disable "
			"web_search/web_fetch/browser (tools.deny=[\"group:web\",\"browser\"]).",
			cs_strbuf_steal(&b));
}
