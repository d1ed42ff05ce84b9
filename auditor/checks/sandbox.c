/* Docker sandbox: settings that do nothing while the sandbox is off, host
 * paths and isolation switches that defeat it, the browser container's CDP
 * and published ports. */
#include "checks.h"
#include "../runcmd.h"
#include "clawshim/openclaw_paths.h"
#include "clawshim/strbuf.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Host paths a sandbox must never see, in OpenClaw's order (first match wins). */
static const char *const blocked_host_paths[] = {
	"/etc",	     "/private/etc",	 "/proc",		 "/sys",
	"/dev",	     "/root",		 "/boot",		 "/run",
	"/var/run",  "/private/var/run", "/var/run/docker.sock", "/private/var/run/docker.sock",
	"/run/docker.sock",
};

#define BROWSER_CONFIG_EPOCH "2026-02-21-novnc-auth-default"
#define DOCKER_TIMEOUT_MS 5000
#define DOCKER_MAX_OUT (1u << 20)

static bool docker_configured(const cJSON *docker)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, object_or_null(docker))
		return true;
	return false;
}

static bool any_agent_sandboxed(const cJSON *cfg)
{
	const cJSON *list = cfg_at(cfg, "agents.list");
	const cJSON *agent;
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		if (id && strcmp(sandbox_mode_for(cfg, id), "off") != 0)
			return true;
	}
	return false;
}

void check_sandbox_docker_mode_off(struct audit_ctx *a)
{
	const cJSON *list = cfg_at(a->cfg, "agents.list");
	const cJSON *agent;
	struct cs_strbuf lines = { 0 };

	if (docker_configured(cfg_at(a->cfg, "agents.defaults.sandbox.docker")) &&
	    strcmp(sandbox_mode_for(a->cfg, NULL), "off") == 0 && !any_agent_sandboxed(a->cfg))
		cs_strbuf_puts(&lines, "\n- agents.defaults.sandbox.docker");
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		if (id && docker_configured(cfg_at(agent, "sandbox.docker")) &&
		    strcmp(sandbox_mode_for(a->cfg, id), "off") == 0)
			cs_strbuf_printf(&lines, "\n- agents.list.%s.sandbox.docker", id);
	}
	if (!lines.len)
		return;
	_cleanup_free_ char *body = cs_strbuf_steal(&lines);
	audit_add(a, "sandbox.docker_config_mode_off", SEV_WARN,
		  "Sandbox docker settings configured while sandbox mode is off",
		  "Enable sandbox mode (`agents.defaults.sandbox.mode=\"non-main\"` or `\"all\"`) "
		  "where needed, or remove unused docker settings.",
		  "These docker settings will not take effect until sandbox mode is enabled:%s",
		  body ? body : "");
}

/* The host side of a bind ("/src:/dst:ro" → "/src"), trimmed. */
static char *bind_source(const char *bind)
{
	const char *colon = strchr(bind, ':');
	_cleanup_free_ char *src = colon && colon != bind ? strndup(bind, (size_t)(colon - bind))
							   : strdup(bind);
	return src ? str_trim(src) : NULL;
}

static const char *blocked_prefix(const char *path)
{
	for (size_t i = 0; i < sizeof(blocked_host_paths) / sizeof(blocked_host_paths[0]); i++) {
		size_t n = strlen(blocked_host_paths[i]);
		if (strncmp(path, blocked_host_paths[i], n) == 0 && (!path[n] || path[n] == '/'))
			return blocked_host_paths[i];
	}
	return NULL;
}

static void check_binds(struct audit_ctx *a, const cJSON *docker, const char *where)
{
	const cJSON *binds = obj_get(docker, "binds");
	const cJSON *b;

	cJSON_ArrayForEach(b, array_or_null(binds)) {
		if (!cJSON_IsString(b))
			continue;
		_cleanup_free_ char *src = bind_source(b->valuestring);
		if (!src)
			continue;
		if (src[0] != '/') {
			_cleanup_free_ char *fix =
				cs_asprintf("Use an absolute host path in %s.binds.", where);
			audit_add(a, "sandbox.bind_mount_non_absolute", SEV_WARN,
				  "Sandbox bind mount uses a non-absolute source path", fix,
				  "%s.binds contains \"%s\" whose source \"%s\" is not an absolute "
				  "path; Docker may resolve it somewhere you did not intend.",
				  where, b->valuestring, src);
			continue;
		}
		_cleanup_free_ char *norm = cs_oc_normalize(src);
		const char *blocked = norm && strcmp(norm, "/") == 0 ? "/" : norm ? blocked_prefix(norm)
										   : NULL;
		if (!blocked)
			continue;
		_cleanup_free_ char *fix = cs_asprintf(
			"Remove \"%s\" from %s.binds. Use project-specific paths instead.",
			b->valuestring, where);
		audit_add(a, "sandbox.dangerous_bind_mount", SEV_CRITICAL,
			  "Dangerous bind mount in sandbox config", fix,
			  "%s.binds contains \"%s\" which %s blocked path \"%s\". This can expose host "
			  "system directories or the Docker socket to sandbox containers.",
			  where, b->valuestring, strcmp(blocked, "/") == 0 ? "covers" : "targets",
			  blocked);
	}
}

/* docker.<key>, trimmed and lowercased, equals value. */
static bool docker_setting_is(const cJSON *docker, const char *key, const char *value)
{
	const char *v = cfg_str(docker, key);
	_cleanup_free_ char *t = v ? str_trim(v) : NULL;
	_cleanup_free_ char *l = t ? str_lower(t) : NULL;
	return l && strcmp(l, value) == 0;
}

/* Docker settings that switch an isolation layer off. */
struct isolation_switch {
	const char *key;
	const char *value;    /* trimmed, lowercased */
	const char *check_id;
	const char *title;
	const char *fix_verb; /* "<verb> <where>.<key><fix_rest>" */
	const char *fix_rest;
	const char *effect;   /* "<where>.<key> is \"<value>\": <effect>" */
};

static const struct isolation_switch isolation_switches[] = {
	{ "network", "host", "sandbox.dangerous_network_mode",
	  "Dangerous network mode in sandbox config", "Set",
	  " to \"none\" or a dedicated bridge network.",
	  "sandbox containers share the host network stack and can reach every local service." },
	{ "seccompProfile", "unconfined", "sandbox.dangerous_seccomp_profile",
	  "Seccomp is disabled in sandbox config", "Remove",
	  " or point it at a restrictive profile.",
	  "sandbox containers run without a syscall filter." },
	{ "apparmorProfile", "unconfined", "sandbox.dangerous_apparmor_profile",
	  "AppArmor is disabled in sandbox config", "Remove",
	  " or point it at a restrictive profile.",
	  "sandbox containers run without mandatory access control." },
};

static void check_isolation(struct audit_ctx *a, const cJSON *docker, const char *where)
{
	for (size_t i = 0; i < sizeof(isolation_switches) / sizeof(isolation_switches[0]); i++) {
		const struct isolation_switch *sw = &isolation_switches[i];
		if (!docker_setting_is(docker, sw->key, sw->value))
			continue;
		_cleanup_free_ char *fix =
			cs_asprintf("%s %s.%s%s", sw->fix_verb, where, sw->key, sw->fix_rest);
		audit_add(a, sw->check_id, SEV_CRITICAL, sw->title, fix, "%s.%s is \"%s\": %s", where,
			  sw->key, sw->value, sw->effect);
	}
}

/* The agent's sandbox setting key, falling back to agents.defaults; an agent
 * under a shared sandbox scope has no settings of its own. */
static const cJSON *sandbox_setting(const cJSON *cfg, const cJSON *agent, const char *section,
				    const char *key)
{
	const cJSON *defaults = cfg_at(cfg, "agents.defaults.sandbox");
	const char *scope = cfg_str(agent, "sandbox.scope");
	const cJSON *per_session = cfg_at(agent, "sandbox.perSession");

	if (!scope)
		scope = cfg_str(defaults, "scope");
	if (!per_session)
		per_session = obj_get(defaults, "perSession");
	bool shared = scope ? strcmp(scope, "shared") == 0 : cJSON_IsFalse(per_session);
	const cJSON *v = agent && !shared ? obj_get(cfg_at(agent, "sandbox"), section) : NULL;
	v = obj_get(v, key);
	return v ? v : obj_get(obj_get(defaults, section), key);
}

static bool browser_bridge_unrestricted(const cJSON *cfg, const cJSON *agent)
{
	const cJSON *enabled = sandbox_setting(cfg, agent, "browser", "enabled");
	const cJSON *network = sandbox_setting(cfg, agent, "browser", "network");
	const cJSON *range = sandbox_setting(cfg, agent, "browser", "cdpSourceRange");

	if (!cJSON_IsTrue(enabled) || !cJSON_IsString(network))
		return false;
	_cleanup_free_ char *t = str_trim(network->valuestring);
	_cleanup_free_ char *l = t ? str_lower(t) : NULL;
	return l && strcmp(l, "bridge") == 0 &&
	       !(cJSON_IsString(range) && !str_blank(range->valuestring));
}

void check_sandbox_dangerous_config(struct audit_ctx *a)
{
	const cJSON *list = cfg_at(a->cfg, "agents.list");
	const cJSON *agent;
	const cJSON *docker = cfg_at(a->cfg, "agents.defaults.sandbox.docker");
	struct cs_strbuf lines = { 0 };

	if (cJSON_IsObject(docker)) {
		check_binds(a, docker, "agents.defaults.sandbox.docker");
		check_isolation(a, docker, "agents.defaults.sandbox.docker");
	}
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		docker = cfg_at(agent, "sandbox.docker");
		if (!id || !cJSON_IsObject(docker))
			continue;
		_cleanup_free_ char *where = cs_asprintf("agents.list.%s.sandbox.docker", id);
		if (!where)
			continue;
		check_binds(a, docker, where);
		check_isolation(a, docker, where);
	}
	if (browser_bridge_unrestricted(a->cfg, NULL))
		cs_strbuf_puts(&lines, "\n- agents.defaults.sandbox.browser");
	cJSON_ArrayForEach(agent, array_or_null(list)) {
		const char *id = cfg_str(agent, "id");
		if (id && browser_bridge_unrestricted(a->cfg, agent))
			cs_strbuf_printf(&lines, "\n- agents.list.%s.sandbox.browser", id);
	}
	if (!lines.len)
		return;
	_cleanup_free_ char *body = cs_strbuf_steal(&lines);
	audit_add(a, "sandbox.browser_cdp_bridge_unrestricted", SEV_WARN,
		  "Sandbox browser CDP may be reachable by peer containers",
		  "Set sandbox.browser.network to a dedicated bridge network (recommended default: "
		  "openclaw-sandbox-browser), or set sandbox.browser.cdpSourceRange (for example "
		  "172.21.0.1/32) to restrict container-edge CDP ingress.",
		  "These sandbox browser configs use Docker bridge networking with no CDP source "
		  "restriction:%s",
		  body ? body : "");
}

/* ---- running browser containers -------------------------------------------- */

/* Whether a Docker daemon could answer at all. Asking the docker CLI costs
 * ~80 ms even when it only reports that no daemon runs, so it is asked only
 * when an endpoint is configured or a local socket exists. */
static bool docker_reachable(void)
{
	static const char *const sockets[] = { "/var/run/docker.sock", "/run/docker.sock" };
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	if (!in_path("docker"))
		return false;
	if (getenv("DOCKER_HOST") || getenv("DOCKER_CONTEXT"))
		return true;
	for (size_t i = 0; i < sizeof(sockets) / sizeof(sockets[0]); i++)
		if (access(sockets[i], F_OK) == 0)
			return true;
	_cleanup_free_ char *rootless = xdg ? cs_asprintf("%s/docker.sock", xdg) : NULL;
	_cleanup_free_ char *home = getenv("HOME") ? cs_asprintf("%s/.docker/config.json",
								  getenv("HOME"))
						   : NULL;
	return (rootless && access(rootless, F_OK) == 0) || (home && access(home, F_OK) == 0);
}

static char *docker_out(const char *const *argv)
{
	char *out = NULL;
	if (run_capture(argv, DOCKER_MAX_OUT, DOCKER_TIMEOUT_MS, &out) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static bool label_missing(const char *v)
{
	_cleanup_free_ char *t = str_trim(v);
	return !t || !*t || strcmp(t, "<no value>") == 0;
}

/* "6080/tcp -> 0.0.0.0:49101" publishes beyond loopback? */
static bool publishes_beyond_loopback(const char *line)
{
	const char *arrow = NULL;
	for (const char *p = strstr(line, "->"); p; p = strstr(p + 2, "->"))
		arrow = p;
	if (!arrow)
		return false;
	_cleanup_free_ char *hp = str_trim(arrow + 2);
	if (!hp || !*hp)
		return false;
	char *host = hp;
	if (*host == '[') {
		char *end = strchr(host, ']');
		if (!end)
			return false;
		*end = '\0';
		host++;
	} else {
		char *colon = strrchr(host, ':');
		if (colon)
			*colon = '\0';
	}
	return strcmp(host, "127.0.0.1") != 0 && strcmp(host, "::1") != 0 &&
	       strcmp(host, "localhost") != 0;
}

static void container_ports(const char *name, struct cs_strbuf *published)
{
	const char *argv[] = { "docker", "port", name, NULL };
	_cleanup_free_ char *out = docker_out(argv);
	struct cs_strbuf lines = { 0 };

	for (char *line = out; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		_cleanup_free_ char *t = str_trim(line);
		if (t && *t && publishes_beyond_loopback(t))
			cs_strbuf_printf(&lines, "%s%s", lines.len ? "; " : "", t);
		line = nl ? nl + 1 : NULL;
	}
	if (lines.len)
		cs_strbuf_printf(published, "%s%s (%s)", published->len ? ", " : "", name, lines.s);
	cs_strbuf_free(&lines);
}

static void inspect_container(const char *name, struct cs_strbuf *missing, struct cs_strbuf *stale)
{
	const char *argv[] = { "docker", "inspect", "-f",
			       "{{ index .Config.Labels \"openclaw.configHash\" }}\t"
			       "{{ index .Config.Labels \"openclaw.browserConfigEpoch\" }}",
			       name, NULL };
	_cleanup_free_ char *out = docker_out(argv);
	if (!out)
		return;
	char *tab = strchr(out, '\t');
	if (tab)
		*tab = '\0';
	const char *epoch = tab ? tab + 1 : "";
	_cleanup_free_ char *epoch_t = str_trim(epoch);
	if (label_missing(out))
		cs_strbuf_printf(missing, "%s%s", missing->len ? ", " : "", name);
	if (label_missing(epoch) || !epoch_t || strcmp(epoch_t, BROWSER_CONFIG_EPOCH) != 0)
		cs_strbuf_printf(stale, "%s%s", stale->len ? ", " : "", name);
}

void check_sandbox_browser_containers(struct audit_ctx *a)
{
	const char *argv[] = { "docker", "ps", "-a", "--filter", "label=openclaw.sandboxBrowser=1",
			       "--format", "{{.Names}}", NULL };
	if (!docker_reachable())
		return;
	_cleanup_free_ char *names = docker_out(argv);
	struct cs_strbuf missing = { 0 }, stale = { 0 }, published = { 0 };

	for (char *line = names; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		_cleanup_free_ char *name = str_trim(line);
		if (name && *name) {
			inspect_container(name, &missing, &stale);
			container_ports(name, &published);
		}
		line = nl ? nl + 1 : NULL;
	}
	static const char fix[] = "openclaw sandbox recreate --browser --all (add --force to skip "
				  "prompt).";
	if (missing.len)
		audit_add(a, "sandbox.browser_container.hash_label_missing", SEV_WARN,
			  "Sandbox browser container missing config hash label", fix,
			  "Containers: %s. These browser containers predate hash-based drift checks "
			  "and may miss security remediations until recreated.",
			  missing.s);
	if (stale.len)
		audit_add(a, "sandbox.browser_container.hash_epoch_stale", SEV_WARN,
			  "Sandbox browser container hash epoch is stale", fix,
			  "Containers: %s. Expected openclaw.browserConfigEpoch=" BROWSER_CONFIG_EPOCH ".",
			  stale.s);
	if (published.len)
		audit_add(a, "sandbox.browser_container.non_loopback_publish", SEV_CRITICAL,
			  "Sandbox browser container publishes ports on non-loopback interfaces",
			  "openclaw sandbox recreate --browser --all (add --force to skip prompt), then "
			  "verify published ports are bound to 127.0.0.1.",
			  "Containers: %s. Sandbox browser observer/control ports should stay "
			  "loopback-only to avoid unintended remote access.",
			  published.s);
	cs_strbuf_free(&missing);
	cs_strbuf_free(&stale);
	cs_strbuf_free(&published);
}
