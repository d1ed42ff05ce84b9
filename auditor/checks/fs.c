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

static bool world_writable(struct perms p) { return p.bits & 0002; }
static bool group_writable(struct perms p) { return p.bits & 0020; }
static bool world_readable(struct perms p) { return p.bits & 0004; }
static bool group_readable(struct perms p) { return p.bits & 0040; }

/* A permission finding: "<path> mode=<octal>; <why>" with a chmod fix. */
static void perm_finding(struct audit_ctx *a, const char *id, enum audit_severity sev,
			 const char *title, const char *path, struct perms p, unsigned want,
			 const char *why)
{
	_cleanup_free_ char *fix = cs_asprintf("chmod %o %s", want, path);
	audit_add(a, id, sev, title, fix, "%s mode=%03o; %s", path, p.bits, why);
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

static void check_state_dir(struct audit_ctx *a)
{
	struct perms p = inspect(a->state_dir);
	const char *d = a->state_dir;

	if (!p.ok)
		return;
	if (p.symlink)
		audit_add(a, "fs.state_dir.symlink", SEV_WARN, "State dir is a symlink", NULL,
			  "%s is a symlink; treat this as an extra trust boundary.", d);
	if (world_writable(p))
		perm_finding(a, "fs.state_dir.perms_world_writable", SEV_CRITICAL,
			     "State dir is world-writable", d, p, 0700,
			     "other users can write into your OpenClaw state.");
	else if (group_writable(p))
		perm_finding(a, "fs.state_dir.perms_group_writable", SEV_WARN,
			     "State dir is group-writable", d, p, 0700,
			     "group users can write into your OpenClaw state.");
	else if (group_readable(p) || world_readable(p))
		perm_finding(a, "fs.state_dir.perms_readable", SEV_WARN,
			     "State dir is readable by others", d, p, 0700,
			     "consider restricting to 700.");
}

static void check_config_file(struct audit_ctx *a)
{
	struct perms p = inspect(a->config_path);
	const char *c = a->config_path;

	if (!p.ok)
		return;
	if (p.symlink)
		audit_add(a, "fs.config.symlink", SEV_WARN, "Config file is a symlink", NULL,
			  "%s is a symlink; make sure you trust its target.", c);
	if (world_writable(p) || group_writable(p))
		perm_finding(a, "fs.config.perms_writable", SEV_CRITICAL,
			     "Config file is writable by others", c, p, 0600,
			     "another user could change gateway/auth/tool policies.");
	else if (p.symlink)
		return; /* whoever can read the target is the target's business */
	else if (world_readable(p))
		perm_finding(a, "fs.config.perms_world_readable", SEV_CRITICAL,
			     "Config file is world-readable", c, p, 0600,
			     "config can contain tokens and private settings.");
	else if (group_readable(p))
		perm_finding(a, "fs.config.perms_group_readable", SEV_WARN,
			     "Config file is group-readable", c, p, 0600,
			     "config can contain tokens and private settings.");
}

void check_state_and_config_perms(struct audit_ctx *a)
{
	check_state_dir(a);
	check_config_file(a);
}

void check_include_perms(struct audit_ctx *a)
{
	for (size_t i = 0; a->includes && i < a->includes->n; i++) {
		const char *f = a->includes->v[i];
		struct perms p = inspect(f);
		if (!p.ok)
			continue;
		if (world_writable(p) || group_writable(p))
			perm_finding(a, "fs.config_include.perms_writable", SEV_CRITICAL,
				     "Config include file is writable by others", f, p, 0600,
				     "another user could influence your effective config.");
		else if (world_readable(p))
			perm_finding(a, "fs.config_include.perms_world_readable", SEV_CRITICAL,
				     "Config include file is world-readable", f, p, 0600,
				     "include files can contain tokens and private settings.");
		else if (group_readable(p))
			perm_finding(a, "fs.config_include.perms_group_readable", SEV_WARN,
				     "Config include file is group-readable", f, p, 0600,
				     "include files can contain tokens and private settings.");
	}
}

static void check_credentials_dir(struct audit_ctx *a)
{
	_cleanup_free_ char *dir = cs_oc_credentials_dir(a->state_dir, a->home);
	struct perms p = inspect(dir);

	if (!p.ok || !p.is_dir)
		return;
	if (world_writable(p) || group_writable(p))
		perm_finding(a, "fs.credentials_dir.perms_writable", SEV_CRITICAL,
			     "Credentials dir is writable by others", dir, p, 0700,
			     "another user could drop/modify credential files.");
	else if (group_readable(p) || world_readable(p))
		perm_finding(a, "fs.credentials_dir.perms_readable", SEV_WARN,
			     "Credentials dir is readable by others", dir, p, 0700,
			     "credentials and allowlists can be sensitive.");
}

static void check_agent_files(struct audit_ctx *a, const char *agent)
{
	_cleanup_free_ char *auth =
		cs_asprintf("%s/agents/%s/agent/auth-profiles.json", a->state_dir, agent);
	_cleanup_free_ char *sessions =
		cs_asprintf("%s/agents/%s/sessions/sessions.json", a->state_dir, agent);
	struct perms p = inspect(auth);

	if (p.ok && (world_writable(p) || group_writable(p)))
		perm_finding(a, "fs.auth_profiles.perms_writable", SEV_CRITICAL,
			     "auth-profiles.json is writable by others", auth, p, 0600,
			     "another user could inject credentials.");
	else if (p.ok && (group_readable(p) || world_readable(p)))
		perm_finding(a, "fs.auth_profiles.perms_readable", SEV_WARN,
			     "auth-profiles.json is readable by others", auth, p, 0600,
			     "auth-profiles.json contains API keys and OAuth tokens.");
	p = inspect(sessions);
	if (p.ok && (group_readable(p) || world_readable(p)))
		perm_finding(a, "fs.sessions_store.perms_readable", SEV_WARN,
			     "sessions.json is readable by others", sessions, p, 0600,
			     "routing and transcript metadata can be sensitive.");
}

static void check_log_file(struct audit_ctx *a)
{
	const char *f = cfg_str(a->cfg, "logging.file");
	_cleanup_free_ char *t = f ? str_trim(f) : NULL;
	if (!t || !*t)
		return;
	_cleanup_free_ char *path = cs_oc_resolve(t, a->home);
	struct perms p = inspect(path);
	if (p.ok && (group_readable(p) || world_readable(p)))
		perm_finding(a, "fs.log_file.perms_readable", SEV_WARN, "Log file is readable by others",
			     path, p, 0600, "logs can contain private messages and tool output.");
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
