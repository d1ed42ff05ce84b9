/* See openclaw_paths.h. */
#include "clawshim/openclaw_paths.h"
#include "clawshim/accounts.h"
#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Largest config file read. */
#define CONFIG_MAX (16u << 20)

/* The variable's value with blanks trimmed, or NULL when unset or blank. */
static char *env_trimmed(const char *name)
{
	const char *v = getenv(name);
	if (!v)
		return NULL;
	while (isspace((unsigned char)*v))
		v++;
	size_t n = strlen(v);
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	return n ? strndup(v, n) : NULL;
}

static bool exists(const char *path)
{
	struct stat st;
	return path && stat(path, &st) == 0;
}

char *cs_oc_expand(const char *path, const char *home)
{
	if (path[0] == '~' && (path[1] == '\0' || path[1] == '/'))
		return cs_asprintf("%s%s", home, path + 1);
	return strdup(path);
}

char *cs_oc_normalize(const char *path)
{
	char *out = malloc(strlen(path) + 2);
	size_t o = 0;

	if (!out)
		return NULL;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (!n)
			break;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else if (!(n == 1 && p[0] == '.')) {
			out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	if (!o)
		out[o++] = '/';
	out[o] = '\0';
	return out;
}

char *cs_oc_resolve(const char *path, const char *home)
{
	_cleanup_free_ char *e = cs_oc_expand(path, home);
	char cwd[4096];
	_cleanup_free_ char *abs = !e ? NULL
			     : e[0] == '/' ? strdup(e)
			     : getcwd(cwd, sizeof(cwd)) ? cs_asprintf("%s/%s", cwd, e)
							: strdup(e);
	return abs ? cs_oc_normalize(abs) : NULL;
}

static char *plain_home(void)
{
	_cleanup_free_ char *h = env_trimmed("HOME");
	if (h)
		return steal_ptr(&h);
	struct cs_account self;
	return strdup(cs_account_by_uid(getuid(), &self) == 0 ? self.home : "/");
}

char *cs_oc_home(void)
{
	_cleanup_free_ char *oc = env_trimmed("OPENCLAW_HOME");
	_cleanup_free_ char *h = plain_home();
	if (!oc || !h)
		return steal_ptr(&h);
	return cs_oc_expand(oc, h);
}

/* A directory named by the environment, ~-expanded against OpenClaw's home. */
static char *env_dir(const char *name)
{
	_cleanup_free_ char *v = env_trimmed(name);
	_cleanup_free_ char *home = v ? cs_oc_home() : NULL;
	return v && home ? cs_oc_expand(v, home) : NULL;
}

char *cs_oc_state_dir(void)
{
	static const char *const legacy[] = { ".clawdbot", ".moldbot", ".moltbot" };
	char *dir = env_dir("OPENCLAW_STATE_DIR");

	if (!dir)
		dir = env_dir("CLAWDBOT_STATE_DIR");
	if (dir)
		return dir;
	_cleanup_free_ char *home = cs_oc_home();
	if (!home)
		return NULL;
	_cleanup_free_ char *main_dir = cs_asprintf("%s/.openclaw", home);
	if (exists(main_dir))
		return steal_ptr(&main_dir);
	for (size_t i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++) {
		char *l = cs_asprintf("%s/%s", home, legacy[i]);
		if (exists(l))
			return l;
		free(l);
	}
	return steal_ptr(&main_dir);
}

char *cs_oc_config_path(const char *state_dir)
{
	static const char *const names[] = { "openclaw.json", "clawdbot.json", "moldbot.json",
					     "moltbot.json" };
	char *p = env_dir("OPENCLAW_CONFIG_PATH");

	if (p)
		return p;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		p = cs_asprintf("%s/%s", state_dir, names[i]);
		if (exists(p))
			return p;
		free(p);
	}
	return cs_asprintf("%s/openclaw.json", state_dir);
}

char *cs_oc_credentials_dir(const char *state_dir, const char *home)
{
	_cleanup_free_ char *v = env_trimmed("OPENCLAW_OAUTH_DIR");
	return v ? cs_oc_expand(v, home) : cs_asprintf("%s/credentials", state_dir);
}

char *cs_oc_managed_skills_dir(void)
{
	_cleanup_free_ char *state = env_dir("OPENCLAW_STATE_DIR");
	if (state)
		return cs_asprintf("%s/skills", state);
	_cleanup_free_ char *home = cs_oc_home();
	return home ? cs_asprintf("%s/.openclaw/skills", home) : NULL;
}

char *cs_oc_workspace(const cJSON *config)
{
	const cJSON *agents = cJSON_GetObjectItemCaseSensitive(config, "agents");
	const cJSON *defaults = cJSON_GetObjectItemCaseSensitive(agents, "defaults");
	const cJSON *ws = cJSON_GetObjectItemCaseSensitive(defaults, "workspace");
	_cleanup_free_ char *home = cs_oc_home();
	_cleanup_free_ char *profile = env_trimmed("OPENCLAW_PROFILE");

	if (!home)
		return NULL;
	if (cJSON_IsString(ws) && ws->valuestring[0])
		return cs_oc_expand(ws->valuestring, home);
	if (profile && strcmp(profile, "default") != 0)
		return cs_asprintf("%s/.openclaw/workspace-%s", home, profile);
	return cs_asprintf("%s/.openclaw/workspace", home);
}

cJSON *cs_oc_config_load(const char *path, int *missing, struct cs_diags *d)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int r = cs_read_file(path, CONFIG_MAX, &text, &len);

	*missing = r == -ENOENT;
	if (r < 0) {
		if (!*missing)
			cs_diag_add(d, path, 0, 0, NULL, "cannot read the config: %s", strerror(-r));
		return NULL;
	}
	return cs_json5_parse(text, len, path, NULL, d);
}
