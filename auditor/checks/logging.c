/* Logging: secrets must not reach the logs. */
#include "checks.h"

#include <string.h>

void check_logging_redaction(struct audit_ctx *a)
{
	const char *r = cfg_str(a->cfg, "logging.redactSensitive");

	if (r && strcmp(r, "off") == 0)
		audit_add(a, "logging.redact_off", SEV_WARN, "Tool summary redaction is disabled",
			  "Set logging.redactSensitive=\"tools\".",
			  "logging.redactSensitive=\"off\" can leak secrets into logs and status output.");
}
