/* Files that hold secrets: who else may read or change the state dir, the
 * config and its includes, credentials, auth profiles, sessions and the log,
 * and state kept in folders that sync to other machines. Every path is
 * examined with lstat first; a symlink is reported, never followed blindly. */
#include "checks.h"
#include "clawshim/openclaw_paths.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct perms {
	bool ok;          /* the path exists and could be examined */
	bool symlink;
	bool is_dir;
	unsigned bits;    /* mode & 0777 of the file the path leads to */
};

static struct perms inspect(const char *path)
{
	struct perms p = { 0 };
	struct stat st;

	if (!path || lstat(path, &st) < 0)
		return p;
	p.ok = true;
	p.symlink = S_ISLNK(st.st_mode);
	if (p.symlink) {
		struct stat target;
		/* a dangling link keeps the link's own mode, as OpenClaw does */
		if (stat(path, &target) == 0)
			st = target;
	}
	p.is_dir = S_ISDIR(st.st_mode);
	p.bits = st.st_mode & 0777;
	return p;
}

/* Who besides the owner may touch the file. */
enum exposure { WORLD_WRITABLE, GROUP_WRITABLE, WRITABLE, WORLD_READABLE, GROUP_READABLE, READABLE };

static bool exposed(struct perms p, enum exposure e)
{
	switch (e) {
	case WORLD_WRITABLE:
		return p.bits & 0002;
	case GROUP_WRITABLE:
		return p.bits & 0020;
	case WRITABLE:
		return p.bits & 0022;
	case WORLD_READABLE:
		return p.bits & 0004;
	case GROUP_READABLE:
		return p.bits & 0040;
	case READABLE:
		break;
	}
	return p.bits & 0044;
}

/* One finding a path may earn; a target's rules are tried in order and the
 * first that applies is the one reported, as OpenClaw reports them. */
struct perm_rule {
	enum exposure when;
	const char *check;      /* checkId after the target's prefix */
	enum audit_severity sev;
	const char *title;
	const char *why;        /* after "<path> mode=<octal>; " */
	bool not_for_symlinks;  /* who can read a link's target is the target's business */
};

struct perm_target {
	const char *prefix;     /* "fs.config" */
	unsigned want;          /* the mode the fix sets */
	const struct perm_rule *rules;
	size_t n_rules;
};

#define RULES(r) (r), sizeof(r) / sizeof((r)[0])

static const struct perm_rule state_dir_rules[] = {
	{ WORLD_WRITABLE, "perms_world_writable", SEV_CRITICAL, "State dir is world-writable",
	  "other users can write into your OpenClaw state.", false },
	{ GROUP_WRITABLE, "perms_group_writable", SEV_WARN, "State dir is group-writable",
	  "group users can write into your OpenClaw state.", false },
	{ READABLE, "perms_readable", SEV_WARN, "State dir is readable by others",
	  "consider restricting to 700.", false },
};
static const struct perm_rule config_rules[] = {
	{ WRITABLE, "perms_writable", SEV_CRITICAL, "Config file is writable by others",
	  "another user could change gateway/auth/tool policies.", false },
	{ WORLD_READABLE, "perms_world_readable", SEV_CRITICAL, "Config file is world-readable",
	  "config can contain tokens and private settings.", true },
	{ GROUP_READABLE, "perms_group_readable", SEV_WARN, "Config file is group-readable",
	  "config can contain tokens and private settings.", true },
};
static const struct perm_rule include_rules[] = {
	{ WRITABLE, "perms_writable", SEV_CRITICAL, "Config include file is writable by others",
	  "another user could influence your effective config.", false },
	{ WORLD_READABLE, "perms_world_readable", SEV_CRITICAL, "Config include file is world-readable",
	  "include files can contain tokens and private settings.", false },
	{ GROUP_READABLE, "perms_group_readable", SEV_WARN, "Config include file is group-readable",
	  "include files can contain tokens and private settings.", false },
};
static const struct perm_rule credentials_rules[] = {
	{ WRITABLE, "perms_writable", SEV_CRITICAL, "Credentials dir is writable by others",
	  "another user could drop/modify credential files.", false },
	{ READABLE, "perms_readable", SEV_WARN, "Credentials dir is readable by others",
	  "credentials and allowlists can be sensitive.", false },
};
static const struct perm_rule auth_profiles_rules[] = {
	{ WRITABLE, "perms_writable", SEV_CRITICAL, "auth-profiles.json is writable by others",
	  "another user could inject credentials.", false },
	{ READABLE, "perms_readable", SEV_WARN, "auth-profiles.json is readable by others",
	  "auth-profiles.json contains API keys and OAuth tokens.", false },
};
static const struct perm_rule sessions_rules[] = {
	{ READABLE, "perms_readable", SEV_WARN, "sessions.json is readable by others",
	  "routing and transcript metadata can be sensitive.", false },
};
static const struct perm_rule log_rules[] = {
	{ READABLE, "perms_readable", SEV_WARN, "Log file is readable by others",
	  "logs can contain private messages and tool output.", false },
};

static const struct perm_target state_dir_target = { "fs.state_dir", 0700, RULES(state_dir_rules) };
static const struct perm_target config_target = { "fs.config", 0600, RULES(config_rules) };
static const struct perm_target include_target = { "fs.config_include", 0600,
						   RULES(include_rules) };
static const struct perm_target credentials_target = { "fs.credentials_dir", 0700,
						       RULES(credentials_rules) };
static const struct perm_target auth_profiles_target = { "fs.auth_profiles", 0600,
							 RULES(auth_profiles_rules) };
static const struct perm_target sessions_target = { "fs.sessions_store", 0600,
						    RULES(sessions_rules) };
static const struct perm_target log_target = { "fs.log_file", 0600, RULES(log_rules) };

/* Reports the first rule of t that path's permissions meet: "<path>
 * mode=<octal>; <why>", with the chmod that fixes it. */
static void judge(struct audit_ctx *a, const char *path, struct perms p,
		  const struct perm_target *t)
{
	for (size_t i = 0; p.ok && i < t->n_rules; i++) {
		const struct perm_rule *r = &t->rules[i];
		if (!exposed(p, r->when) || (r->not_for_symlinks && p.symlink))
			continue;
		_cleanup_free_ char *id = cs_asprintf("%s.%s", t->prefix, r->check);
		_cleanup_free_ char *fix = cs_asprintf("chmod %o %s", t->want, path);
		if (id)
			audit_add(a, id, r->sev, r->title, fix, "%s mode=%03o; %s", path, p.bits,
				  r->why);
		return;
	}
}

static const char *const synced_markers[] = { "icloud", "dropbox", "google drive", "googledrive",
					      "onedrive" };

static bool looks_synced(const char *path)
{
	_cleanup_free_ char *l = path ? str_lower(path) : NULL;
	for (size_t i = 0; l && i < sizeof(synced_markers) / sizeof(synced_markers[0]); i++)
		if (strstr(l, synced_markers[i]))
			return true;
	return false;
}

void check_synced_dir(struct audit_ctx *a)
{
	if (!looks_synced(a->state_dir) && !looks_synced(a->config_path))
		return;
	audit_add(a, "fs.synced_dir", SEV_WARN, "State/config path looks like a synced folder",
		  "Keep OPENCLAW_STATE_DIR on a local-only volume and re-run \"openclaw security "
		  "audit --fix\".",
		  "stateDir=%s, configPath=%s. Synced folders (iCloud/Dropbox/OneDrive/Google Drive) "
		  "can leak tokens and transcripts onto other devices.",
		  a->state_dir, a->config_path);
}

void check_state_and_config_perms(struct audit_ctx *a)
{
	struct perms p = inspect(a->state_dir);

	if (p.symlink)
		audit_add(a, "fs.state_dir.symlink", SEV_WARN, "State dir is a symlink", NULL,
			  "%s is a symlink; treat this as an extra trust boundary.", a->state_dir);
	judge(a, a->state_dir, p, &state_dir_target);
	p = inspect(a->config_path);
	if (p.symlink)
		audit_add(a, "fs.config.symlink", SEV_WARN, "Config file is a symlink", NULL,
			  "%s is a symlink; make sure you trust its target.", a->config_path);
	judge(a, a->config_path, p, &config_target);
}

void check_include_perms(struct audit_ctx *a)
{
	for (size_t i = 0; a->includes && i < a->includes->n; i++)
		judge(a, a->includes->v[i], inspect(a->includes->v[i]), &include_target);
}

static void check_credentials_dir(struct audit_ctx *a)
{
	_cleanup_free_ char *dir = cs_oc_credentials_dir(a->state_dir, a->home);
	struct perms p = inspect(dir);

	if (p.is_dir)
		judge(a, dir, p, &credentials_target);
}

static void check_agent_files(struct audit_ctx *a, const char *agent)
{
	_cleanup_free_ char *auth =
		cs_asprintf("%s/agents/%s/agent/auth-profiles.json", a->state_dir, agent);
	_cleanup_free_ char *sessions =
		cs_asprintf("%s/agents/%s/sessions/sessions.json", a->state_dir, agent);

	judge(a, auth, inspect(auth), &auth_profiles_target);
	judge(a, sessions, inspect(sessions), &sessions_target);
}

static void check_log_file(struct audit_ctx *a)
{
	_cleanup_free_ char *t = str_trim_nonblank(cfg_str(a->cfg, "logging.file"));
	_cleanup_free_ char *path = t ? cs_oc_resolve(t, a->home) : NULL;

	judge(a, path, inspect(path), &log_target);
}

void check_secret_file_perms(struct audit_ctx *a)
{
	_cleanup_strv_ struct cs_strv agents = { 0 };

	check_credentials_dir(a);
	oc_agent_ids(a->cfg, &agents);
	for (size_t i = 0; i < agents.n; i++)
		check_agent_files(a, agents.v[i]);
	check_log_file(a);
}
