/* libFuzzer target: the SKILL.md scanner on arbitrary text (decoding,
 * normalised views, every rule). */
#include "clawshim/skillscan.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cs_scan_report r = { 0 };
	(void)cs_scan_text((const char *)data, size, &r);
	cs_scan_report_free(&r);
	return 0;
}
