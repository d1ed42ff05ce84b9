/* libFuzzer target: SKILL.md frontmatter (YAML, metadata JSON5), and the
 * command-dispatch gate on what it accepts. */
#include "clawshim/diag.h"
#include "clawshim/frontmatter.h"
#include "clawshim/tiers.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cs_diags d = { 0 };
	struct cs_skill s;
	if (cs_skill_parse((const char *)data, size, "SKILL.md", &s, &d) == 0) {
		struct cs_gate_verdict v;
		(void)cs_skill_dispatch_gate(&s, &v);
		cs_skill_free(&s);
	} else if (d.n == 0) {
		abort();
	}
	cs_diags_free(&d);
	return 0;
}
