/* libFuzzer target: the JSON5 reader, with the value callback (paths and
 * spans) switched on, and every accepted tree printed back. */
#include "clawshim/diag.h"
#include "clawshim/json5.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void on_value(void *ctx, const char *path, const cJSON *v, struct cs_json5_pos start,
		     struct cs_json5_pos end)
{
	size_t *n = ctx;
	(void)v;
	/* spans must lie inside the input and be ordered */
	if (start.offset > end.offset || strlen(path) == 0)
		abort();
	(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cs_diags d = { 0 };
	size_t values = 0;
	struct cs_json5_opts opts = { .max_depth = 64, .on_value = on_value, .ctx = &values };
	cJSON *t = cs_json5_parse((const char *)data, size, "fuzz.json5", &opts, &d);
	if (t) {
		char *s = cJSON_PrintUnformatted(t);
		free(s);
		cJSON_Delete(t);
	} else if (d.n == 0) {
		abort(); /* a refusal always says why */
	}
	cs_diags_free(&d);
	return 0;
}
