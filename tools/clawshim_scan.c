/* clawshim-scan: the SKILL.md scanner with ICU, for the static clawrun, which
 * cannot load ICU (a static program cannot dlopen a C++ library). clawrun
 * runs it only for text beyond ASCII, the only text ICU changes anything
 * for, and passes the text it parsed itself on standard input, so the two
 * never read different files. Prints the report as JSON (skillscan.h).
 *   clawshim-scan FILE < TEXT      (FILE names the text in messages) */
#include "clawshim/diag.h"
#include "clawshim/frontmatter.h"
#include "clawshim/skillscan.h"
#include "clawshim/util.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	struct cs_diags d = { 0 };
	struct cs_skill s;
	struct cs_scan_report r = { 0 };
	size_t len;
	_cleanup_free_ char *text = NULL;

	if (argc != 2) {
		fputs("usage: clawshim-scan FILE < TEXT (clawrun runs it)\n", stderr);
		return 2;
	}
	if (cs_read_fd(0, CS_SKILL_MAX_FILE, 0, &text, &len) < 0) {
		fprintf(stderr, "clawshim-scan: %s: cannot read the text\n", argv[1]);
		return 1;
	}
	if (cs_skill_parse(text, len, argv[1], &s, &d) < 0) {
		cs_diags_print(&d, stderr, "clawshim-scan: ");
		cs_diags_free(&d);
		return 1;
	}
	int e = cs_scan_skill(&s, &r);
	cs_skill_free(&s);
	cJSON *o = e == 0 ? cs_scan_report_json(&r) : NULL;
	char *out = o ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	cs_scan_report_free(&r);
	if (!out) {
		fprintf(stderr, "clawshim-scan: %s: out of memory\n", argv[1]);
		return 1;
	}
	int ok = puts(out) >= 0 && fflush(stdout) == 0;
	free(out);
	return ok ? 0 : 1;
}
