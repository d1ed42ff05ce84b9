/* The "inferred capabilities" section of `clawaudit skills info`: what a
 * skill's SKILL.md says it runs (policy/infer.c), for one that declares
 * no capabilities or fewer than its text uses. */
#ifndef CLAWAUDIT_SKILLS_INFER_H
#define CLAWAUDIT_SKILLS_INFER_H

#include <stdio.h>
#include <cjson/cJSON.h>
#include "clawshim/skillset.h"

/* Prints the section for e (nothing when it could not be parsed). */
void cs_skill_infer_print(FILE *f, const struct cs_skill_entry *e);

/* The same as JSON: cs_inference_to_json plus "profile"; NULL when e could
 * not be parsed or memory ran out. The caller frees. */
cJSON *cs_skill_infer_json(const struct cs_skill_entry *e);

#endif
