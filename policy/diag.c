/* Diagnostics lists: filled by parsers, printed by main(). */
#include "clawshim/diag.h"
#include "clawshim/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Keeps a pathological input from producing millions of messages. */
#define MAX_DIAGS 200

void cs_diag_add(struct cs_diags *d, const char *file, unsigned line, unsigned col,
		 const char *where, const char *fmt, ...)
{
	if (!d || d->n >= MAX_DIAGS)
		return;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 4;
		struct cs_diag *v = realloc(d->v, cap * sizeof(*v));
		if (!v)
			return;
		d->v = v;
		d->cap = cap;
	}
	struct cs_diag *e = &d->v[d->n++];
	va_list ap;

	*e = (struct cs_diag){ .line = line, .col = col };
	e->file = file ? strdup(file) : NULL;
	e->where = where ? strdup(where) : NULL;
	va_start(ap, fmt);
	e->msg = cs_vasprintf(fmt, ap);
	va_end(ap);
}

char *cs_diag_format(const struct cs_diag *d)
{
	char pos[64] = "";

	if (d->line && d->col)
		snprintf(pos, sizeof(pos), ":%u:%u", d->line, d->col);
	else if (d->line)
		snprintf(pos, sizeof(pos), ":%u", d->line);
	return cs_asprintf("%s%s%s%s%s%s", d->file ? d->file : "", pos,
			   d->file || pos[0] ? ": " : "", d->where ? d->where : "",
			   d->where ? ": " : "", d->msg ? d->msg : "out of memory");
}

void cs_diags_print(const struct cs_diags *d, FILE *f, const char *prefix)
{
	for (size_t i = 0; i < d->n; i++) {
		_cleanup_free_ char *m = cs_diag_format(&d->v[i]);
		fprintf(f, "%s%s\n", prefix ? prefix : "", m ? m : "out of memory");
	}
}

void cs_diags_free(struct cs_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].where);
		free(d->v[i].msg);
	}
	free(d->v);
	*d = (struct cs_diags){ 0 };
}
