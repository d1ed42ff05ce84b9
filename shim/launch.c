/* See launch.h. */
#include "clawshim/launch.h"
#include "clawshim/accounts.h"
#include "clawshim/caps.h"
#include "clawshim/diag.h"
#include "clawshim/elf.h"
#include "clawshim/profile.h"
#include "clawshim/profile_lookup.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cs_launch_notice(const struct cs_launch_cfg *cfg, const char *fmt, ...)
{
	va_list ap;

	if (!cfg->notice)
		return;
	fprintf(stderr, "%s: ", cfg->notice);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* --profile takes a file or a NAME; a name that is found nowhere says where
 * to look rather than "cannot read". */
static int load_profile_arg(const char *arg, struct cs_profile *p, struct cs_diags *d)
{
	_cleanup_free_ char *path = NULL;
	int r;

	if (!cs_profile_arg_is_name(arg))
		return cs_profile_load(arg, p, d);
	r = cs_profile_find_by_name(arg, &path, NULL);
	if (r == -EINVAL)
		cs_diag_add(d, arg, 0, 0, NULL,
			    "not a profile name (1-64 of A-Za-z0-9._-); a file needs a '/': ./%s",
			    arg);
	else if (r == -ENOENT)
		cs_diag_add(d, arg, 0, 0, NULL,
			    "no profile of that name ('clawpolicy list' shows those found); "
			    "a file in this directory is ./%s", arg);
	if (r < 0)
		return r == -ENOMEM ? r : -EINVAL;
	return cs_profile_load(path, p, d);
}

static int load_source(const struct cs_launch_cfg *cfg, struct cs_profile *p, struct cs_diags *d)
{
	int sources = !!cfg->skill_dir + !!cfg->profile_path + !!cfg->caps;

	if (sources != 1) {
		cs_diag_add(d, NULL, 0, 0, NULL,
			    sources ? "give only one of a skill, a profile or a capability list"
				    : "no policy: give a skill, a profile or a capability list");
		return -EINVAL;
	}
	if (cfg->profile_path)
		return load_profile_arg(cfg->profile_path, p, d);
	if (cfg->caps) {
		cs_capset caps;
		if (cs_capset_parse(cfg->caps, &caps, d) < 0)
			return -EINVAL;
		return cs_profile_from_caps(caps, NULL, p);
	}
	if (!cfg->load_skill) {
		cs_diag_add(d, cfg->skill_dir, 0, 0, NULL, "a skill is not a policy source here");
		return -EINVAL;
	}
	return cfg->load_skill(cfg, p, d);
}

char *cs_launch_home(void)
{
	/* A service started without HOME: /etc/passwd, never "/". */
	const char *h = cs_account_home();

	return strdup(h ? h : "/");
}

/* A relative state directory against the working directory once, here,
 * rather than again in every process that changed directory. Apart from
 * cs_launch_state_dir so that its PATH_MAX buffer is on the stack only
 * then: every confined process runs that one. */
static char *__attribute__((noinline)) against_cwd(const char *rel)
{
	char cwd[PATH_MAX];

	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	return cs_concat(strcmp(cwd, "/") ? cwd : "", "/", rel);
}

char *cs_launch_state_dir(void)
{
	const char *s = getenv("OPENCLAW_STATE_DIR");
	_cleanup_free_ char *home = cs_launch_home();

	if (!home)
		return NULL;
	if (!s || !*s)
		return cs_concat(home, "/.openclaw");
	if (s[0] == '/')
		return strdup(s);
	if (s[0] == '~' && (s[1] == '/' || !s[1]))
		return cs_concat(home, s + 1);
	return against_cwd(s);
}

/* A workspace is a write root: one that spans the system, the user's
 * dotfiles or OpenClaw's own configuration and log is allowed, since the
 * user asked for it, but said. OpenClaw's agent workspace inside the state
 * directory is the usual case and says nothing. */
static void warn_wide_workspace(const struct cs_launch_cfg *cfg, const char *ws,
				const char *home, const char *state)
{
	_cleanup_free_ char *real_home = home ? realpath(home, NULL) : NULL;
	_cleanup_free_ char *real_state = state ? realpath(state, NULL) : NULL;

	if (strcmp(ws, "/") == 0)
		cs_launch_notice(cfg, "warning: workspace / is the whole file system: the tool may write "
			    "wherever its user can");
	else if (real_home && strcmp(ws, real_home) == 0)
		cs_launch_notice(cfg, "warning: workspace %s is the home directory: the tool may write "
			    "its dotfiles (~/.bashrc, ~/.ssh) and OpenClaw's state", ws);
	else if (real_state && cs_path_is_under(real_state, ws))
		cs_launch_notice(cfg, "warning: workspace %s holds OpenClaw's state directory %s: the "
			    "tool may write its configuration and security log", ws, real_state);
}

static int absolute_workspaces(const struct cs_launch_cfg *cfg, bool writes,
			       const char *home, const char *state, struct cs_strv *out,
			       struct cs_diags *d)
{
	int err = 0;

	for (size_t i = 0; i < cfg->n_workspaces; i++) {
		char *real = realpath(cfg->workspaces[i], NULL);
		struct stat st;
		if (!real || stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
			cs_diag_add(d, cfg->workspaces[i], 0, 0, NULL,
				    "workspace: %s", real ? "not a directory" : strerror(errno));
			free(real);
			err = -EINVAL;
			continue;
		}
		if (writes)
			warn_wide_workspace(cfg, real, home, state);
		if (cs_strv_push_owned(out, real) < 0)
			return -ENOMEM;
	}
	return err;
}

int cs_launch_profile(const struct cs_launch_cfg *cfg, struct cs_profile *out,
		      struct cs_diags *d)
{
	struct cs_profile raw = { 0 };
	_cleanup_strv_ struct cs_strv ws = { 0 };
	_cleanup_free_ char *home = cs_launch_home();
	_cleanup_free_ char *state = cs_launch_state_dir();
	int r = load_source(cfg, &raw, d);
	int blocked = r == -EPERM;

	memset(out, 0, sizeof(*out));
	if (blocked)
		r = 0;
	if (r == 0 && (!home || !state))
		r = -ENOMEM;
	if (r == 0)
		r = absolute_workspaces(cfg, cs_capset_has(raw.caps, CS_CAP_FILESYSTEM), home,
					state, &ws, d);
	if (r == 0) {
		struct cs_paths paths = { .workspaces = (const char *const *)ws.v,
					  .n_workspaces = ws.n, .home = home, .state = state };
		r = cs_profile_expand(&raw, &paths, out);
	}
	cs_profile_free(&raw);
	return r == 0 && blocked ? -EPERM : r;
}

bool cs_launch_exec_allowed(const struct cs_profile *p, const char *path)
{
	_cleanup_free_ char *real = NULL;

	if (!cs_capset_has(p->caps, CS_CAP_SHELL) || !p->exec_allow.n)
		return true;
	/* Landlock judges the file reached, so links are followed on both
	 * sides; an entry that is a directory covers what lies beneath. */
	if (!(real = realpath(path, NULL)))
		return false;
	for (size_t i = 0; i < p->exec_allow.n; i++) {
		_cleanup_free_ char *entry = realpath(p->exec_allow.v[i], NULL);
		if (entry && cs_path_is_under(real, entry))
			return true;
	}
	return false;
}

int cs_launch_loaders(const struct cs_profile *p, struct cs_strv *interps,
		      struct cs_strv *loaders)
{
	if (!cs_capset_has(p->caps, CS_CAP_SHELL))
		return 0;
	for (size_t i = 0; i < p->exec_allow.n; i++) {
		_cleanup_free_ char *interp = NULL;
		if (cs_elf_interp(p->exec_allow.v[i], &interp) < 0 ||
		    cs_strv_contains(interps, interp))
			continue;
		if (cs_strv_push(interps, interp) < 0)
			return -ENOMEM;
		if (!cs_strv_contains(&p->exec_allow, interp) && cs_strv_push(loaders, interp) < 0)
			return -ENOMEM;
	}
	return 0;
}

static char *try_dir(const char *dir, size_t dlen, const char *cmd, bool *found_noexec)
{
	char *path = cs_asprintf("%.*s/%s", (int)dlen, dlen ? dir : ".", cmd);
	struct stat st;

	if (!path)
		return NULL;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
		if (access(path, X_OK) == 0)
			return path;
		*found_noexec = true;
	}
	free(path);
	return NULL;
}

char *cs_launch_resolve(const char *cmd)
{
	bool noexec = false;

	if (!*cmd) {
		errno = ENOENT;
		return NULL;
	}
	if (strchr(cmd, '/')) {
		struct stat st;
		if (stat(cmd, &st) < 0)
			return NULL;
		if (!S_ISREG(st.st_mode) || access(cmd, X_OK) < 0) {
			errno = EACCES;
			return NULL;
		}
		return strdup(cmd);
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;; p++) {
		const char *end = strchrnul(p, ':');
		char *hit = try_dir(p, (size_t)(end - p), cmd, &noexec);
		if (hit)
			return hit;
		if (!*end)
			break;
		p = end;
	}
	errno = noexec ? EACCES : ENOENT;
	return NULL;
}
