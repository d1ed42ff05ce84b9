/* How --fix reports what it did (fix_report.c). */
#ifndef CLAWAUDIT_FIX_REPORT_H
#define CLAWAUDIT_FIX_REPORT_H

#include "fix.h"

#include <cjson/cJSON.h>

/* {"ok", "stateDir", "configPath", "configWritten", "changes", "actions",
 * "errors"} */
cJSON *fix_tree(const struct fix_result *r, const char *state_dir, const char *config_path);
/* The FIX block of the text report (or "Fixes: no changes applied"). */
char *fix_text(const struct fix_result *r, const char *home);

#endif
