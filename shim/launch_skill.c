/* See launch.h: a skill directory as a policy source, with the SKILL.md
 * parser and the scanner, apart from launch.c so that libclawshim.so (which
 * takes no skill) links neither. */
#include "clawshim/launch.h"
#include "clawshim/caps.h"
#include "clawshim/diag.h"
#include "clawshim/frontmatter.h"
#include "clawshim/infer.h"
#include "clawshim/profile.h"
#include "clawshim/profile_lookup.h"
#include "clawshim/skillscan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Declared capabilities win; a skill that declares none (nearly all of
 * them) gets the profile named after it, or the always-allowed tier only.
 * An inferred profile is a proposal, used only when asked for. */
static int skill_profile(const struct cs_launch_cfg *cfg, const struct cs_skill *s,
			 struct cs_profile *p, struct cs_diags *d)
{
	const char *name = s->name ? s->name : cfg->skill_dir;
	_cleanup_free_ char *path = NULL;
	enum cs_profile_origin origin;
	int r;

	if (s->declares_caps)
		return cs_profile_from_skill(s, p);
	if (cfg->infer) {
		struct cs_inference inf;
		r = cs_infer_skill(s, NULL, &inf);
		if (r == 0)
			r = cs_infer_profile(&inf, s->name, p);
		cs_inference_free(&inf);
		_cleanup_free_ char *caps = r == 0 ? cs_capset_format(p->caps) : NULL;
		cs_launch_notice(cfg,
				 "skill '%s' declares no capabilities; --infer: using those its "
				 "SKILL.md suggests: %s ('clawpolicy infer %s' shows why)",
				 name, caps && *caps ? caps : "none", cfg->skill_dir);
		return r;
	}
	r = cs_profile_find_for_skill(s->name, cfg->skill_dir, &path, &origin);
	if (r == -ENOENT) {
		cs_launch_notice(
		    cfg,
		    "skill '%s' declares no capabilities and no profile is named after "
		    "it: it gets the always-allowed tier only ('clawpolicy infer %s' "
		    "proposes a profile)",
		    name, cfg->skill_dir);
		return cs_profile_from_skill(s, p);
	}
	if (r < 0)
		return r;
	cs_launch_notice(cfg, "skill '%s' declares no capabilities; using the %s profile %s", name,
			 cs_profile_origin_name(origin), path);
	r = cs_profile_load(path, p, d);
	if (r == 0 && !p->skill && s->name && !(p->skill = strdup(s->name)))
		r = -ENOMEM;
	return r;
}

int cs_launch_skill(const struct cs_launch_cfg *cfg, struct cs_profile *p, struct cs_diags *d)
{
	struct cs_skill s;
	struct cs_scan_report scan = {0};
	int r = cs_skill_load(cfg->skill_dir, &s, d);
	if (r < 0)
		return r;
	/* The scanner judges the skill whatever profile it ends up with. */
	r = cfg->scan_skill ? cfg->scan_skill(&s, &scan, d) : cs_scan_skill(&s, &scan);
	if (r == 0)
		r = skill_profile(cfg, &s, p, d);
	cs_skill_free(&s);
	if (r < 0) {
		cs_scan_report_free(&scan);
		return r;
	}
	cs_scan_report_sort(&scan);
	bool blocked = scan.blocked;
	if (cfg->scan)
		*cfg->scan = scan;
	else
		cs_scan_report_free(&scan);
	return blocked ? -EPERM : 0;
}
