/* What clawrun and libclawshim.so do before confining: find the profile the
 * user asked for, expand it for the workspaces, and find the dynamic loaders
 * an exec allowlist needs. */
#ifndef CLAWSHIM_LAUNCH_H
#define CLAWSHIM_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include "util.h"

struct cs_profile;
struct cs_diags;
struct cs_scan_report;
struct cs_skill;

struct cs_launch_cfg {
	const char *skill_dir;    /* --skill */
	const char *profile_path; /* --profile: a file, or a NAME (profile_lookup.h) */
	const char *caps;         /* --caps; "" is no capabilities */
	const char *const *workspaces;
	size_t n_workspaces;
	/* A skill that declares no capabilities gets the profile named after
	 * it, else nothing beyond the always-allowed tier; with infer, the
	 * profile infer.h proposes instead. */
	bool infer;
	/* Where the profile came from, when not plain (a name looked up, a
	 * skill that declares nothing): one line on stderr after this prefix
	 * ("clawrun"); NULL says nothing. */
	const char *notice;
	/* The skill source is always scanned (skillscan.h); its findings go
	 * here when not NULL. */
	struct cs_scan_report *scan;
	/* Reads a skill_dir source: cs_launch_skill. Set by whoever accepts
	 * skills (clawrun), so that libclawshim.so, which does not, links no
	 * SKILL.md parser or scanner; a skill_dir without it is refused. */
	int (*load_skill)(const struct cs_launch_cfg *cfg, struct cs_profile *p,
			  struct cs_diags *d);
	/* Scans the skill for cs_launch_skill: cs_scan_skill when NULL; a
	 * failure (negative errno, reason in d) refuses the skill. */
	int (*scan_skill)(const struct cs_skill *s, struct cs_scan_report *r, struct cs_diags *d);
};

/* Loads the one profile source named in cfg and expands it ({home} and
 * {state} as cs_launch_home and cs_launch_state_dir); workspaces must be
 * existing directories and are made absolute, and with 'filesystem' one
 * that is /, the home directory or holds the state directory is said on
 * cfg->notice. Returns 0, or -EINVAL after
 * adding every reason to d. A skill the scanner blocks returns -EPERM with
 * *out filled all the same (for its name and log; the caller frees it) and
 * the findings in cfg->scan: its tools must not run. */
int cs_launch_profile(const struct cs_launch_cfg *cfg, struct cs_profile *out,
		      struct cs_diags *d);

/* One line on stderr after cfg->notice, nothing when that is NULL. */
void cs_launch_notice(const struct cs_launch_cfg *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A skill's profile, unexpanded (shim/launch_skill.c): the capabilities
 * its SKILL.md declares, else the profile named after it (or, with
 * cfg->infer, the one inferred), after the scanner has judged it. -EPERM
 * when the scanner blocks it, with p filled and the findings in cfg->scan. */
int cs_launch_skill(const struct cs_launch_cfg *cfg, struct cs_profile *p, struct cs_diags *d);

/* The home directory {home} stands for: $HOME when absolute, else the
 * password database's for the effective user. Caller frees. */
char *cs_launch_home(void);

/* OpenClaw's state directory {state} stands for, always absolute:
 * $OPENCLAW_STATE_DIR (a relative one against the working directory, '~'
 * against the home directory), else HOME/.openclaw. Caller frees; NULL
 * when out of memory. */
char *cs_launch_state_dir(void);

/* Whether Landlock lets the tool run path under p (expanded): true
 * without an exec allowlist, else when path's real file is an entry's or
 * lies beneath an entry that is a directory. */
bool cs_launch_exec_allowed(const struct cs_profile *p, const char *path);

/* The program interpreters (dynamic loaders) of the exec allowlist's
 * programs: all of them into interps (they need EXECUTE), and those that are
 * not themselves allowed into loaders (they must not run as programs). */
int cs_launch_loaders(const struct cs_profile *p, struct cs_strv *interps,
		      struct cs_strv *loaders);

/* The absolute path execvp would run for cmd, or NULL with errno set
 * (ENOENT: not found; EACCES: found but not executable). Caller frees. */
char *cs_launch_resolve(const char *cmd);

#endif
