/* The SKILL.md scanner for the static clawrun: text that is ASCII alone is
 * scanned here (ICU changes nothing for it); other text by clawshim-scan,
 * which has ICU, from <prefix>/libexec/clawshim. Internal to shim/. */
#ifndef CLAWSHIM_SHIM_SCAN_HELPER_H
#define CLAWSHIM_SHIM_SCAN_HELPER_H

#define SCAN_HELPER "libexec/clawshim/clawshim-scan"

struct cs_skill;
struct cs_scan_report;
struct cs_diags;

/* As cs_scan_skill. When the helper is missing, fails or says something
 * unreadable: -EIO after adding the reason to d, and the skill must not
 * run. */
int cs_scan_skill_with_helper(const struct cs_skill *s, struct cs_scan_report *r,
			      struct cs_diags *d);

#endif
