/* JSON text for files people read and edit: two-space indentation, as the
 * shipped profiles are written, instead of cJSON's tabs. */
#ifndef CLAWSHIM_JSONOUT_H
#define CLAWSHIM_JSONOUT_H

#include <cjson/cJSON.h>

/* j printed with cJSON's layout, each indenting tab as two spaces and the
 * tab after a key's colon as one space, ending in a newline. NULL on
 * allocation failure; the caller frees. */
char *cs_json_print(const cJSON *j);

#endif
