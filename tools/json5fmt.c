/* json5fmt FILE: prints a JSON5 file's value as JSON with two-space
 * indentation (exit 0), or the parse error as FILE:LINE:COL: message
 * (exit 2). "-" reads standard input. */
#include "clawshim/diag.h"
#include "clawshim/json5.h"
#include "clawshim/jsonout.h"
#include "clawshim/util.h"
#include "cs_version.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* JSON has no Infinity or NaN; JSON.stringify writes them as null. */
static void nonfinite_to_null(cJSON *v)
{
	cJSON *c;

	if (cJSON_IsNumber(v) && (v->valuedouble != v->valuedouble ||
				  v->valuedouble - v->valuedouble != 0)) {
		v->type = cJSON_NULL;
		return;
	}
	cJSON_ArrayForEach(c, v) nonfinite_to_null(c);
}

static int read_stdin(char **out, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, stdin);
		n += r;
		if (r == 0)
			break;
	}
	*out = buf;
	*len = n;
	return ferror(stdin) ? -EIO : 0;
}

int main(int argc, char **argv)
{
	_cleanup_free_ char *text = NULL;
	struct cs_diags d = { 0 };
	size_t len = 0;
	int r;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("Usage: json5fmt [--] FILE\n"
		       "Prints the JSON5 value in FILE (or standard input for '-') as JSON,\n"
		       "indented by two spaces. FILE must be a regular file: a FIFO or device is\n"
		       "refused (pipe it to standard input with '-').\n"
		       "Exit status: 0 parsed, 2 usage, unreadable file or parse error\n"
		       "(printed as FILE:LINE:COL: message on standard error).\n"
		       "  --version   print the version\n");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("json5fmt %s\n", CS_VERSION);
		return 0;
	}
	/* "--" ends the options, so that a file named "-x" can be read. */
	int first = argc > 1 && strcmp(argv[1], "--") == 0 ? 2 : 1;
	if (first == 1 && argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		fprintf(stderr, "json5fmt: unknown option '%s'\nTry 'json5fmt --help'\n", argv[1]);
		return 2;
	}
	if (argc != first + 1) {
		fprintf(stderr, "json5fmt: expected one FILE\nTry 'json5fmt --help'\n");
		return 2;
	}
	const char *file = argv[first];
	r = strcmp(file, "-") == 0 ? read_stdin(&text, &len)
				   : cs_read_file(file, (size_t)1 << 30, &text, &len);
	if (r < 0) {
		fprintf(stderr, "json5fmt: %s: %s\n", file, cs_read_strerror(r));
		return 2;
	}
	cJSON *v = cs_json5_parse(text, len, strcmp(file, "-") ? file : "<stdin>", NULL, &d);
	if (!v) {
		cs_diags_print(&d, stderr, NULL);
		cs_diags_free(&d);
		return 2;
	}
	nonfinite_to_null(v);
	_cleanup_free_ char *out = cs_json_print(v);
	cJSON_Delete(v);
	if (!out) {
		fprintf(stderr, "json5fmt: out of memory\n");
		return 2;
	}
	fputs(out, stdout);
	return fflush(stdout) == 0 ? 0 : 2;
}
