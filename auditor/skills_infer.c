/* `clawaudit skills info`: the capabilities a skill's text implies, beside
 * those it declares. The entry keeps no text, so SKILL.md is read again. */
#include "skills_infer.h"
#include "clawshim/diag.h"
#include "clawshim/infer.h"

#include <string.h>

/* Loads e's SKILL.md and infers; 0 or -1 (nothing to say). */
static int infer_entry(const struct cs_skill_entry *e, struct cs_skill *s,
		       struct cs_inference *inf)
{
	struct cs_diags d = { 0 };
	int r = e->parsed ? cs_skill_load(e->file, s, &d) : -1;

	cs_diags_free(&d);
	if (r < 0)
		return -1;
	if (cs_infer_skill(s, NULL, inf) < 0) {
		cs_skill_free(s);
		return -1;
	}
	return 0;
}

void cs_skill_infer_print(FILE *f, const struct cs_skill_entry *e)
{
	struct cs_skill s;
	struct cs_inference inf;

	if (infer_entry(e, &s, &inf) < 0)
		return;
	_cleanup_free_ char *caps = cs_capset_format(inf.caps);
	_cleanup_free_ char *beyond = cs_capset_format(inf.caps & ~s.caps);
	if (!s.declares_caps)
		fprintf(f, "    inferred capabilities (it declares none; from its text, to review): "
			   "%s\n", caps && *caps ? caps : "(none)");
	else
		fprintf(f, "    inferred capabilities (from its text): %s%s%s\n",
			caps && *caps ? caps : "(none)",
			beyond && *beyond ? "; beyond what it declares: " : "",
			beyond && *beyond ? beyond : "");
	for (size_t i = 0; i < inf.n; i++) {
		const struct cs_infer_item *it = &inf.v[i];
		if (it->kind == CS_INFER_CAP)
			continue;
		fprintf(f, "      %-10s %-8s %-26s line %u: %s\n",
			it->cap == CS_CAP_NONE ? "-" : cs_cap_name(it->cap),
			cs_infer_kind_name(it->kind), it->item, it->line, it->why);
	}
	if (inf.caps)
		fprintf(f, "      'clawpolicy infer %s -o FILE' writes a profile from them\n", e->dir);
	cs_inference_free(&inf);
	cs_skill_free(&s);
}

cJSON *cs_skill_infer_json(const struct cs_skill_entry *e)
{
	struct cs_skill s;
	struct cs_inference inf;
	struct cs_profile p;

	if (infer_entry(e, &s, &inf) < 0)
		return NULL;
	cJSON *j = cs_inference_to_json(&inf);
	if (j && cs_infer_profile(&inf, s.name, &p) == 0) {
		cJSON_AddItemToObject(j, "profile", cs_profile_to_json(&p));
		cs_profile_free(&p);
	}
	cs_inference_free(&inf);
	cs_skill_free(&s);
	return j;
}
