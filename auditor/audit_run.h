/* Running the configuration audit and printing its report. */
#ifndef CLAWAUDIT_AUDIT_RUN_H
#define CLAWAUDIT_AUDIT_RUN_H

#include "audit.h"

#include <stdio.h>

struct audit_input {
	const cJSON *cfg;
	const char *state_dir;
	const char *config_path;
	const struct cs_strv *includes;
	const char *home;
	bool deep;
	const struct probe_opts *probe;    /* --deep: how to probe the gateway */
	struct probe_result *probe_out;    /* --deep: what the probe found */
};

/* `clawaudit [audit] ARGS...` (argv[0] is the command name). Returns the
 * exit status. */
int cs_cmd_audit(int argc, char **argv);

/* Runs every check; out holds the findings in report order. -1 when memory
 * ran out (the findings are then incomplete and must not be reported). */
int audit_run(const struct audit_input *in, struct findings *out);

/* counts[SEV_INFO], counts[SEV_WARN], counts[SEV_CRITICAL]. */
void audit_summary(const struct findings *f, unsigned counts[3]);

/* {"ts", "summary", "findings", "deep"?} as OpenClaw prints it (2-space JSON);
 * deep (the probe) may be NULL. */
void report_json(FILE *out, const struct findings *f, long long ts_ms,
		 const struct probe_result *deep);
/* The same document as a tree, to nest it (--fix prints {"fix", "report"}). */
cJSON *report_tree(const struct findings *f, long long ts_ms, const struct probe_result *deep);
/* v as JavaScript's JSON.stringify(v, null, 2) writes it, and a newline. */
void json_write(FILE *out, const cJSON *v);
/* The human report, grouped by severity; colour escapes when color;
 * preamble (may be NULL) printed after the summary line. */
void report_text(FILE *out, const struct findings *f, bool color, const char *preamble);

#endif
