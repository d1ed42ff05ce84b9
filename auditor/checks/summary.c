/* summary.attack_surface: what is switched on, in five lines. */
#include "checks.h"

#include <string.h>

static void count_group_policies(const cJSON *cfg, unsigned *open, unsigned *allowlist)
{
	const cJSON *ch;
	const cJSON *channels = cfg_at(cfg, "channels");

	*open = *allowlist = 0;
	cJSON_ArrayForEach(ch, object_or_null(channels)) {
		const char *gp = cfg_str(ch, "groupPolicy");
		if (gp && strcmp(gp, "open") == 0)
			(*open)++;
		else if (gp && strcmp(gp, "allowlist") == 0)
			(*allowlist)++;
	}
}

static const char *on_off(bool on)
{
	return on ? "enabled" : "disabled";
}

void check_attack_surface(struct audit_ctx *a)
{
	unsigned open, allowlist;

	count_group_policies(a->cfg, &open, &allowlist);
	audit_add(a, "summary.attack_surface", SEV_INFO, "Attack surface summary", NULL,
		  "groups: open=%u, allowlist=%u\ntools.elevated: %s\nhooks.webhooks: %s\n"
		  "hooks.internal: %s\nbrowser control: %s",
		  open, allowlist, on_off(!cfg_is_false(a->cfg, "tools.elevated.enabled")),
		  on_off(cfg_is_true(a->cfg, "hooks.enabled")),
		  on_off(cfg_is_true(a->cfg, "hooks.internal.enabled")),
		  on_off(!cfg_is_false(a->cfg, "browser.enabled")));
}
