/* `clawaudit skills`: the command (skills_cmd.c) and its reports
 * (skills_report.c). */
#ifndef CLAWAUDIT_SKILLS_H
#define CLAWAUDIT_SKILLS_H

#include <stdbool.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "clawshim/skillset.h"
#include "clawshim/util.h"

/* Runs `clawaudit skills ARGS...` (argv[0] is "skills"). Returns the exit
 * status. */
int cs_cmd_skills(int argc, char **argv);

struct cs_skills_report_opts {
	bool color;
	bool detail; /* skills info: explanations and the tool matrix */
};

/* One skill as the JSON object of `skills check --json` (with detail: the
 * description, source, command dispatch, tool matrix, explanations). */
cJSON *cs_skill_entry_json(const struct cs_skill_entry *e, bool detail);

/* {"skills":[...], "summary":{...}} for the whole set. Returns 0 or a
 * negative errno. */
int cs_skillset_print_json(FILE *f, const struct cs_skillset *set,
			   const struct cs_strv *locations);

void cs_skillset_print(FILE *f, const struct cs_skillset *set, const struct cs_strv *locations,
		       const struct cs_skills_report_opts *o);
void cs_skill_entry_print(FILE *f, const struct cs_skill_entry *e,
			  const struct cs_skills_report_opts *o);

#endif
