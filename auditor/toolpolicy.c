/* See toolpolicy.h. The group and profile tables are OpenClaw's. */
#include "toolpolicy.h"
#include "audit.h"

#include <string.h>

struct tool_group {
	const char *name;
	const char *tools; /* comma-separated */
};

static const struct tool_group groups[] = {
	{ "group:memory", "memory_search,memory_get" },
	{ "group:web", "web_search,web_fetch" },
	{ "group:fs", "read,write,edit,apply_patch" },
	{ "group:runtime", "exec,process" },
	{ "group:sessions",
	  "sessions_list,sessions_history,sessions_send,sessions_spawn,subagents,session_status" },
	{ "group:ui", "browser,canvas" },
	{ "group:automation", "cron,gateway" },
	{ "group:messaging", "message" },
	{ "group:nodes", "nodes" },
	{ "group:openclaw",
	  "browser,canvas,nodes,cron,message,gateway,agents_list,sessions_list,sessions_history,"
	  "sessions_send,sessions_spawn,subagents,session_status,memory_search,memory_get,"
	  "web_search,web_fetch,image" },
};

struct tool_profile {
	const char *name;
	const char *allow; /* comma-separated, may name groups */
};

static const struct tool_profile profiles[] = {
	{ "minimal", "session_status" },
	{ "coding", "group:fs,group:runtime,group:sessions,group:memory,image" },
	{ "messaging", "group:messaging,sessions_list,sessions_history,sessions_send,session_status" },
};

static const char sandbox_default_allow[] =
	"exec,process,read,write,edit,apply_patch,image,sessions_list,sessions_history,"
	"sessions_send,sessions_spawn,subagents,session_status";
static const char sandbox_default_deny[] =
	"browser,canvas,nodes,cron,gateway,telegram,whatsapp,discord,irc,googlechat,slack,signal,"
	"imessage";

/* Trimmed, lowercased, with OpenClaw's aliases applied. */
static char *normalize_tool(const char *name)
{
	_cleanup_free_ char *t = str_trim(name);
	char *l = t ? str_lower(t) : NULL;
	if (l && strcmp(l, "bash") == 0) {
		free(l);
		return strdup("exec");
	}
	if (l && strcmp(l, "apply-patch") == 0) {
		free(l);
		return strdup("apply_patch");
	}
	return l;
}

static void push_expanded(struct cs_strv *out, const char *name)
{
	_cleanup_free_ char *n = normalize_tool(name);
	if (!n || !*n)
		return;
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (strcmp(groups[i].name, n) != 0)
			continue;
		const char *p = groups[i].tools;
		while (*p) {
			size_t k = strcspn(p, ",");
			_cleanup_free_ char *t = strndup(p, k);
			if (t)
				cs_strv_push(out, t);
			p += k + (p[k] == ',');
		}
		return;
	}
	cs_strv_push(out, n);
}

static void push_csv(struct cs_strv *out, const char *csv)
{
	while (*csv) {
		size_t k = strcspn(csv, ",");
		_cleanup_free_ char *t = strndup(csv, k);
		if (t)
			push_expanded(out, t);
		csv += k + (csv[k] == ',');
	}
}

static void push_array(struct cs_strv *out, const cJSON *arr)
{
	const cJSON *e;
	cJSON_ArrayForEach(e, array_or_null(arr))
		if (cJSON_IsString(e))
			push_expanded(out, e->valuestring);
}

/* A tools scope ({allow, alsoAllow, deny}); false when it restricts nothing.
 * alsoAllow widens a non-empty allow list and makes an empty one "*" plus
 * itself. Blank entries are dropped once the lists are built, and an allow
 * list left empty then allows everything, as OpenClaw's matcher does. */
static bool scope_policy(const cJSON *tools, struct tool_policy *p)
{
	const cJSON *allow = obj_get(tools, "allow");
	const cJSON *also = obj_get(tools, "alsoAllow");
	const cJSON *deny = obj_get(tools, "deny");
	bool also_some = cJSON_IsArray(also) && cJSON_GetArraySize(also) > 0;

	*p = (struct tool_policy){ 0 };
	if (cJSON_IsArray(allow) || also_some) {
		if (!cJSON_IsArray(allow) || (cJSON_GetArraySize(allow) == 0 && also_some))
			cs_strv_push(&p->allow, "*");
		push_array(&p->allow, allow);
		if (also_some)
			push_array(&p->allow, also);
	}
	p->has_allow = p->allow.n > 0;
	push_array(&p->deny, deny);
	return p->has_allow || p->deny.n > 0;
}

const char *tool_profile_for(const cJSON *cfg, const cJSON *agent)
{
	const char *p = cfg_str(agent, "tools.profile");
	return p ? p : cfg_str(cfg, "tools.profile");
}

static bool profile_policy(const char *profile, struct tool_policy *p)
{
	*p = (struct tool_policy){ 0 };
	for (size_t i = 0; profile && i < sizeof(profiles) / sizeof(profiles[0]); i++) {
		if (strcmp(profiles[i].name, profile) != 0)
			continue;
		p->has_allow = true;
		push_csv(&p->allow, profiles[i].allow);
		return true;
	}
	return false;
}

static void sandbox_policy(const cJSON *cfg, const cJSON *agent, struct tool_policy *p)
{
	const cJSON *allow = cfg_at(agent, "tools.sandbox.tools.allow");
	const cJSON *deny = cfg_at(agent, "tools.sandbox.tools.deny");

	if (!cJSON_IsArray(allow))
		allow = cfg_at(cfg, "tools.sandbox.tools.allow");
	if (!cJSON_IsArray(deny))
		deny = cfg_at(cfg, "tools.sandbox.tools.deny");
	*p = (struct tool_policy){ 0 };
	if (cJSON_IsArray(allow))
		push_array(&p->allow, allow);
	else
		push_csv(&p->allow, sandbox_default_allow);
	if (cJSON_IsArray(deny))
		push_array(&p->deny, deny);
	else
		push_csv(&p->deny, sandbox_default_deny);
	/* "image" joins only a list that names something: an empty (or blank)
	 * sandbox allow list allows every tool */
	if (p->allow.n > 0 && !cs_strv_contains(&p->allow, "image") &&
	    !cs_strv_contains(&p->deny, "image"))
		cs_strv_push(&p->allow, "image");
	p->has_allow = p->allow.n > 0;
}

void tool_chain_for_entry(const cJSON *cfg, const cJSON *entry, const char *agent_id,
			  struct tool_chain *out)
{
	/* the sandbox side is looked up by normalised id; "" names no agent */
	bool named = agent_id && *agent_id;
	const cJSON *agent = named ? agent_entry(cfg, agent_id) : NULL;

	*out = (struct tool_chain){ 0 };
	if (profile_policy(tool_profile_for(cfg, entry), &out->p[out->n]))
		out->n++;
	/* a scope that restricts nothing allocates nothing and is left out */
	if (scope_policy(cfg_at(cfg, "tools"), &out->p[out->n]))
		out->n++;
	if (entry && scope_policy(obj_get(entry, "tools"), &out->p[out->n]))
		out->n++;
	if (strcmp(sandbox_mode_for(cfg, named ? agent_id : NULL), "all") == 0)
		sandbox_policy(cfg, agent, &out->p[out->n++]);
}

/* pattern may hold '*' wildcards; anything else matches literally. */
static bool glob_match(const char *pat, const char *s)
{
	if (!*pat)
		return !*s;
	if (*pat == '*') {
		for (const char *t = s;; t++) {
			if (glob_match(pat + 1, t))
				return true;
			if (!*t)
				return false;
		}
	}
	return *s == *pat && glob_match(pat + 1, s + 1);
}

static bool list_matches(const struct cs_strv *l, const char *tool)
{
	for (size_t i = 0; i < l->n; i++)
		if (glob_match(l->v[i], tool))
			return true;
	return false;
}

static bool policy_allows(const struct tool_policy *p, const char *tool)
{
	if (list_matches(&p->deny, tool))
		return false;
	if (!p->has_allow)
		return true;
	if (list_matches(&p->allow, tool))
		return true;
	return strcmp(tool, "apply_patch") == 0 && list_matches(&p->allow, "exec");
}

bool tool_chain_allows(const struct tool_chain *c, const char *tool)
{
	_cleanup_free_ char *t = normalize_tool(tool);
	if (!t)
		return false;
	for (unsigned i = 0; i < c->n; i++)
		if (!policy_allows(&c->p[i], t))
			return false;
	return true;
}

void tool_chain_free(struct tool_chain *c)
{
	for (unsigned i = 0; i < TOOL_CHAIN_MAX; i++) {
		cs_strv_free(&c->p[i].allow);
		cs_strv_free(&c->p[i].deny);
	}
	c->n = 0;
}
