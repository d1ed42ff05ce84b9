/* SARIF 2.1.0 (OASIS) logs of clawaudit's findings, for code-scanning
 * services such as GitHub code scanning: the configuration audit, its results
 * at the config key they concern, and the SKILL.md scan, its results at the
 * line in SKILL.md. */
#ifndef CLAWAUDIT_SARIF_H
#define CLAWAUDIT_SARIF_H

#include "audit.h"
#include "clawshim/skillset.h"

#include <cjson/cJSON.h>
#include <stdio.h>

/* The value of --format, which both clawaudit commands take: text, json
 * or sarif; -EINVAL for anything else. */
int sarif_parse_format(const char *name, bool *json, bool *sarif);

struct config_positions;

/* What the audit read, for the results' locations. */
struct sarif_audit_source {
	const char *config_path;             /* the config file (may not exist) */
	const struct config_positions *keys; /* where its keys are written; may be NULL */
};

/* A SARIF log with one run of the audit: a rule per checkId reported (its
 * title, remediation and severity), a result per finding. The caller frees
 * it with cJSON_Delete; NULL when memory ran out. */
cJSON *sarif_audit_log(const struct findings *f, const struct sarif_audit_source *src);

/* A SARIF log with one run of the skill scan: every scanner rule, a result
 * per finding and one for each SKILL.md that cannot be parsed. The caller
 * frees it; NULL when memory ran out. */
cJSON *sarif_skills_log(const struct cs_skillset *set);

/* Writes the log (2-space indented JSON and a newline) and frees it.
 * Returns 0, or -ENOMEM / -EIO. */
int sarif_print(FILE *out, cJSON *log);

#endif
