/* The audit report: JSON exactly as OpenClaw prints it, or text for people. */
#include "audit_run.h"

#include <string.h>

/* A JSON string as JavaScript's JSON.stringify writes it. */
static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\b':
			fputs("\\b", out);
			break;
		case '\f':
			fputs("\\f", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

static void json_field(FILE *out, const char *indent, const char *key, const char *value,
		       bool last)
{
	fprintf(out, "%s\"%s\": ", indent, key);
	json_string(out, value);
	fputs(last ? "\n" : ",\n", out);
}

void report_json(FILE *out, const struct findings *f, long long ts_ms)
{
	unsigned c[3];

	audit_summary(f, c);
	fprintf(out,
		"{\n  \"ts\": %lld,\n  \"summary\": {\n    \"critical\": %u,\n    \"warn\": %u,\n"
		"    \"info\": %u\n  },\n  \"findings\": [",
		ts_ms, c[SEV_CRITICAL], c[SEV_WARN], c[SEV_INFO]);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		fputs(i ? ",\n    {\n" : "\n    {\n", out);
		json_field(out, "      ", "checkId", x->check_id, false);
		json_field(out, "      ", "severity", audit_severity_name(x->severity), false);
		json_field(out, "      ", "title", x->title, false);
		json_field(out, "      ", "detail", x->detail, !x->remediation);
		if (x->remediation)
			json_field(out, "      ", "remediation", x->remediation, true);
		fputs("    }", out);
	}
	fputs(f->n ? "\n  ]\n}\n" : "]\n}\n", out);
}

/* OpenClaw's palette. */
#define C_ACCENT "\033[1;38;2;255;90;45m"
#define C_WARN "\033[38;2;255;176;32m"
#define C_ERROR "\033[38;2;226;61;45m"
#define C_MUTED "\033[38;2;139;127;119m"
#define C_RESET "\033[0m"

struct palette {
	const char *accent, *warn, *error, *muted, *reset;
};

/* Each detail line indented under its finding. */
static void print_indented(FILE *out, const char *text, const char *prefix,
			   const struct palette *p, bool muted)
{
	const char *line = text;
	while (line) {
		const char *nl = strchr(line, '\n');
		int n = nl ? (int)(nl - line) : (int)strlen(line);
		fprintf(out, "  %s%s%.*s%s\n", muted ? p->muted : "", line == text ? prefix : "", n,
			line, muted ? p->reset : "");
		line = nl ? nl + 1 : NULL;
	}
}

void report_text(FILE *out, const struct findings *f, bool color)
{
	static const struct palette on = { C_ACCENT, C_WARN, C_ERROR, C_MUTED, C_RESET };
	static const struct palette off = { "", "", "", "", "" };
	const struct palette *p = color ? &on : &off;
	static const enum audit_severity order[] = { SEV_CRITICAL, SEV_WARN, SEV_INFO };
	static const char *const label[] = { [SEV_CRITICAL] = "CRITICAL", [SEV_WARN] = "WARN",
					     [SEV_INFO] = "INFO" };
	unsigned c[3];

	audit_summary(f, c);
	fprintf(out, "%sOpenClaw security audit%s\n", p->accent, p->reset);
	fprintf(out, "%sSummary: %s%u critical%s%s \u00b7 %s%u warn%s%s \u00b7 %u info%s\n",
		p->muted, p->error, c[SEV_CRITICAL], p->reset, p->muted, p->warn, c[SEV_WARN],
		p->reset, p->muted, c[SEV_INFO], p->reset);
	for (size_t s = 0; s < 3; s++) {
		enum audit_severity sev = order[s];
		if (!c[sev])
			continue;
		const char *col = sev == SEV_CRITICAL ? p->error : sev == SEV_WARN ? p->warn : p->muted;
		fprintf(out, "\n%s%s%s\n", col, label[sev], p->reset);
		for (size_t i = 0; i < f->n; i++) {
			const struct finding *x = &f->v[i];
			if (x->severity != sev)
				continue;
			fprintf(out, "%s%s%s %s\n", p->muted, x->check_id, p->reset, x->title);
			print_indented(out, x->detail, "", p, false);
			if (x->remediation)
				print_indented(out, x->remediation, "Fix: ", p, true);
		}
	}
}
