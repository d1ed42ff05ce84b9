/* Two-space JSON: cJSON's formatted output with its tabs rewritten. cJSON
 * escapes a tab inside a string as \t, so every raw tab in its output is
 * layout and can be replaced without looking at the grammar. */
#include "clawshim/jsonout.h"
#include "clawshim/strbuf.h"

#include <stdbool.h>
#include <stdlib.h>

char *cs_json_print(const cJSON *j)
{
	char *raw = cJSON_Print(j);
	struct cs_strbuf b = { 0 };
	bool line_start = true;

	if (!raw)
		return NULL;
	for (const char *p = raw; *p; p++) {
		if (*p == '\t')
			cs_strbuf_puts(&b, line_start ? "  " : " ");
		else
			cs_strbuf_putc(&b, *p);
		line_start = *p == '\n' || (line_start && *p == '\t');
	}
	cs_strbuf_putc(&b, '\n');
	free(raw);
	return cs_strbuf_steal(&b);
}
