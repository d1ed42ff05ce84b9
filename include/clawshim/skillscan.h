/* The SKILL.md scanner: reads a skill's frontmatter and Markdown body the way
 * a model would (invisible characters removed, look-alike letters folded,
 * entities decoded) and reports prompt injection, boundary spoofing,
 * capability inflation and dangerous actions (commands judged by their
 * effect) from a table of rules. A critical finding blocks the skill. The
 * rules and their explanations are data (policy/skillscan_rules.c). */
#ifndef CLAWSHIM_SKILLSCAN_H
#define CLAWSHIM_SKILLSCAN_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

struct cs_skill;

enum cs_scan_category {
	CS_SCAN_PROMPT_INJECTION,
	CS_SCAN_BOUNDARY_SPOOFING,
	CS_SCAN_CAPABILITY_INFLATION,
	CS_SCAN_DANGEROUS_ACTION, /* a command judged by its effect, whatever the wording */
	CS_SCAN_CATEGORY_COUNT,
};

/* Ordered: a higher value is worse. */
enum cs_scan_severity {
	CS_SCAN_INFO,
	CS_SCAN_WARN,
	CS_SCAN_CRITICAL,
	CS_SCAN_SEVERITY_COUNT,
};

struct cs_scan_rule {
	const char *id;       /* "injection.ignore-instructions" */
	enum cs_scan_category category;
	enum cs_scan_severity severity;
	const char *explanation; /* one line: why this is dangerous */
};

/* The rule table, in report order. */
size_t cs_scan_rule_count(void);
const struct cs_scan_rule *cs_scan_rule_at(size_t i);

/* The rule with this id, or NULL. */
const struct cs_scan_rule *cs_scan_rule_lookup(const char *id);

const char *cs_scan_category_name(enum cs_scan_category c);   /* "prompt_injection" */
const char *cs_scan_severity_name(enum cs_scan_severity s);   /* "critical" */
/* Returns 0 and fills *out, or -EINVAL for a name that is not a severity. */
int cs_scan_severity_from_name(const char *name, enum cs_scan_severity *out);

struct cs_scan_finding {
	const struct cs_scan_rule *rule;
	enum cs_scan_severity severity; /* the rule's, or lower when context softens it */
	unsigned line;                  /* 1-based line in SKILL.md; 0 for the skill as a whole */
	char *excerpt;  /* the offending line, trimmed, invisible characters shown as <U+XXXX> */
	char *message;  /* what was found, specifically */
};

struct cs_scan_report {
	struct cs_scan_finding *v;
	size_t n;
	size_t cap;
	unsigned count[CS_SCAN_SEVERITY_COUNT];
	bool blocked; /* any critical finding */
};

/* Scans SKILL.md text alone (no frontmatter semantics): the text rules.
 * Returns 0 or -ENOMEM; findings are appended to r in line order per rule. */
int cs_scan_text(const char *text, size_t len, struct cs_scan_report *r);

/* Scans a parsed skill: the text rules over the whole file plus every string
 * value of its frontmatter and metadata, and the rules that need its
 * declared capabilities (tools outside them, command dispatch). */
int cs_scan_skill(const struct cs_skill *s, struct cs_scan_report *r);

/* The report as {"blocked": B, "findings": [{"rule", "severity", "line",
 * "excerpt", "message"}]}, and back: -EINVAL for an unknown rule, a bad
 * severity or a missing member (r is then empty). A critical finding
 * blocks when read back, whatever "blocked" says. */
cJSON *cs_scan_report_json(const struct cs_scan_report *r);
int cs_scan_report_from_json(const cJSON *o, struct cs_scan_report *r);

/* Whether look-alike letters of any script are folded with ICU's data;
 * without ICU, only those of the scanner's own table are. */
bool cs_scan_has_icu(void);

/* Findings sorted by severity (worst first), then line, then rule id. */
void cs_scan_report_sort(struct cs_scan_report *r);

void cs_scan_report_free(struct cs_scan_report *r);

#endif
