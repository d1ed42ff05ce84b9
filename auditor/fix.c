/* --fix: config edits first, then permissions (see fix.h). */
#include "fix.h"

#include <stdlib.h>

void fix_run(const struct fix_input *in, struct fix_result *out)
{
	*out = (struct fix_result){ 0 };
	fix_config(in, out);
	fix_perms(in, out);
}

void fix_result_free(struct fix_result *r)
{
	for (size_t i = 0; i < r->n_actions; i++) {
		free(r->actions[i].path);
		free(r->actions[i].error);
	}
	free(r->actions);
	cs_strv_free(&r->changes);
	cs_strv_free(&r->errors);
	cs_strv_free(&r->written);
	*r = (struct fix_result){ 0 };
}
