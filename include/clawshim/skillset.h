/* A set of skills found on disk, loaded and scanned: what `clawaudit skills`
 * reports on. Discovery follows OpenClaw: a skill is a directory holding
 * SKILL.md; a skills root holds skill directories (hidden ones and
 * node_modules skipped, the first max_per_root of them in OpenClaw's order
 * looked at), and a
 * root whose skills live in a "skills" subdirectory is read from there. */
#ifndef CLAWSHIM_SKILLSET_H
#define CLAWSHIM_SKILLSET_H

#include <stdbool.h>
#include <stddef.h>
#include "diag.h"
#include "frontmatter.h"
#include "skillscan.h"

/* The default: OpenClaw's skills.limits.maxCandidatesPerRoot. */
#define CS_SKILLSET_MAX_PER_ROOT 300

/* A file the skill ships that its SKILL.md points to, and what the text
 * rules found in it. */
struct cs_skill_file {
	char *rel;          /* its path inside the skill directory */
	unsigned from_line; /* the SKILL.md line that first points to it */
	struct cs_scan_report scan;
};

/* Which files SKILL.md points to are read. */
enum cs_skill_files_scope {
	CS_SKILL_FILES_FOLDERS, /* those under references/ and scripts/ (the default) */
	CS_SKILL_FILES_ALL,     /* any inside the skill directory */
	CS_SKILL_FILES_NONE,
};

struct cs_skill_files {
	struct cs_skill_file *v;
	size_t n, cap;
	size_t bytes;       /* read in all */
	char *note;         /* what was pointed to but not read, and why; or NULL */
};

struct cs_skill_entry {
	char *dir;          /* the skill directory */
	char *file;         /* its SKILL.md */
	const char *source; /* "argument", "workspace", "managed", "extra" */
	char *name;         /* frontmatter name, else the directory name */
	struct cs_skill skill; /* once scanned: without its text and frontmatter trees */
	bool parsed;        /* skill is valid */
	char *error;        /* why SKILL.md could not be read or parsed; NULL when parsed */
	char *note;         /* how it was read, when not plainly (YAML refused it); or NULL */
	struct cs_scan_report scan;
	struct cs_skill_files files; /* the files SKILL.md points to, scanned */
};

struct cs_skillset {
	struct cs_skill_entry *v;
	size_t n, cap;
	struct cs_diags notes; /* roots skipped, limits reached: not errors */
	size_t max_per_root;   /* directories read per root; 0: CS_SKILLSET_MAX_PER_ROOT,
				* SIZE_MAX: all */
	enum cs_skill_files_scope files; /* which files SKILL.md points to are scanned */
};

/* Adds the skills under path: a skill directory, a SKILL.md file, or a
 * skills root. A missing path is an error when must_exist (returns -ENOENT
 * with the reason in d), otherwise silently skipped. */
int cs_skillset_add(struct cs_skillset *set, const char *path, const char *source,
		    bool must_exist, struct cs_diags *d);

/* Loads and scans every skill. A SKILL.md that cannot be parsed is still
 * scanned as text, and is blocked: its capabilities are unknown. */
int cs_skillset_scan(struct cs_skillset *set);

/* Whether the entry must not load: a critical finding (in SKILL.md or a
 * file it points to), or unparseable. */
bool cs_skill_entry_blocked(const struct cs_skill_entry *e);

/* Its findings of severity s, in SKILL.md and the files it points to. */
unsigned cs_skill_entry_count(const struct cs_skill_entry *e, enum cs_scan_severity s);

void cs_skillset_free(struct cs_skillset *set);

#endif
