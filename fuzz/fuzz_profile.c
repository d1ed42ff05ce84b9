/* libFuzzer target: the profile parser (JSON, every field validated). */
#include "clawshim/diag.h"
#include "clawshim/profile.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cs_diags d = { 0 };
	struct cs_profile p;
	int r = cs_profile_parse((const char *)data, size, "fuzz.json", &p, &d);
	if (r == 0) {
		cJSON *j = cs_profile_to_json(&p);
		cJSON_Delete(j);
		cs_profile_free(&p);
	} else if (d.n == 0) {
		abort();
	}
	cs_diags_free(&d);
	return 0;
}
