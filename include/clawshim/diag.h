/* Diagnostics: parsers fill these instead of printing, so that only main()
 * decides how an error reaches the user. */
#ifndef CLAWSHIM_DIAG_H
#define CLAWSHIM_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct cs_diag {
	char *file;    /* may be NULL */
	unsigned line; /* 1-based; 0 when unknown */
	unsigned col;  /* 1-based; 0 when unknown */
	char *where;   /* JSON path ("$.network.connect_tcp[2]") or key name; may be NULL */
	char *msg;
};

/* An ordered list of diagnostics; parsers append, callers print them all. */
struct cs_diags {
	struct cs_diag *v;
	size_t n;
	size_t cap;
};

/* Appends one diagnostic; strings are copied. Allocation failures are
 * swallowed after recording as much as possible: diagnostics never fail. */
void cs_diag_add(struct cs_diags *d, const char *file, unsigned line, unsigned col,
		 const char *where, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* "file:line:col: where: msg" with the unknown parts left out. Caller frees. */
char *cs_diag_format(const struct cs_diag *d);

/* Prints every diagnostic, one formatted line each, to f (main() only),
 * each after prefix ("clawaudit: "; NULL for none). */
void cs_diags_print(const struct cs_diags *d, FILE *f, const char *prefix);

void cs_diags_free(struct cs_diags *d);

#endif
