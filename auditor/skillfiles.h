/* The files a skill ships that its SKILL.md points to (links, reference
 * definitions, paths such as references/api.md or scripts/setup.sh written in
 * prose or code): found, read within bounds, scanned with the text rules. */
#ifndef CLAWAUDIT_SKILLFILES_H
#define CLAWAUDIT_SKILLFILES_H

#include <stddef.h>
#include "clawshim/skillset.h"

/* Bounds, so that a skill cannot make a scan slow or large: files read per
 * skill, bytes per file (OpenClaw's own limit on SKILL.md), bytes in all,
 * and entries taken from a directory SKILL.md names. */
#define CS_SKILL_FILES_MAX       64
#define CS_SKILL_FILE_MAX_BYTES  256000
#define CS_SKILL_FILES_MAX_BYTES (4u << 20)

/* Finds what text (the SKILL.md of the skill in dir, LF line endings) points
 * to inside dir, within scope, and scans each file. A path that leaves dir (by '..' or a
 * symbolic link), a file that is not regular or not text, and anything past
 * the bounds is not read; out->note says so. Returns 0 or -ENOMEM. */
int cs_skill_files_scan(const char *dir, const char *text, size_t len,
			enum cs_skill_files_scope scope, struct cs_skill_files *out);

void cs_skill_files_free(struct cs_skill_files *f);

#endif
