/* The code-safety scan of --deep: JavaScript/TypeScript sources of installed
 * plugins and skills checked for shell execution, dynamic code, crypto
 * mining, odd WebSocket ports, exfiltration, obfuscation and credential
 * harvesting, with OpenClaw's rules and limits. */
#ifndef CLAWAUDIT_CODESCAN_H
#define CLAWAUDIT_CODESCAN_H

#include "clawshim/util.h"

#include <stdbool.h>
#include <stddef.h>

#define CODESCAN_MAX_FILES 500
#define CODESCAN_MAX_FILE_BYTES (1u << 20)

struct code_hit {
	const char *rule_id;
	bool critical;
	const char *message;
	char *file;      /* relative to the scanned directory, '/'-separated */
	unsigned line;
};

struct code_scan {
	struct code_hit *v;
	size_t n, cap;
	unsigned scanned_files; /* files actually read */
	int error;              /* 0, or the errno that made the scan fail */
	char *error_path;
};

/* Scans dir; forced (may be NULL) are paths scanned first even when hidden
 * or under node_modules. Returns 0, or -1 with scan->error set. */
int code_scan_dir(const char *dir, const struct cs_strv *forced, struct code_scan *scan);
void code_scan_free(struct code_scan *scan);

#endif
