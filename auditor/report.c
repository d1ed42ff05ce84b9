/* The audit report: JSON exactly as OpenClaw prints it, or text for people. */
#include "audit_run.h"
#include "probe.h"

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

static void indent(FILE *out, int depth)
{
	for (int i = 0; i < depth; i++)
		fputs("  ", out);
}

/* v as JavaScript's JSON.stringify(v, null, 2) writes it. */
static void json_write_value(FILE *out, const cJSON *v, int depth)
{
	const cJSON *c;
	bool obj = cJSON_IsObject(v);

	if (cJSON_IsString(v)) {
		json_string(out, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		fprintf(out, "%.15g", v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		fputs(cJSON_IsTrue(v) ? "true" : "false", out);
	} else if (obj || cJSON_IsArray(v)) {
		if (!v->child) {
			fputs(obj ? "{}" : "[]", out);
			return;
		}
		fputc(obj ? '{' : '[', out);
		cJSON_ArrayForEach(c, v) {
			fputs(c == v->child ? "\n" : ",\n", out);
			indent(out, depth + 1);
			if (obj) {
				json_string(out, c->string);
				fputs(": ", out);
			}
			json_write_value(out, c, depth + 1);
		}
		fputc('\n', out);
		indent(out, depth);
		fputc(obj ? '}' : ']', out);
	} else {
		fputs("null", out);
	}
}

void json_write(FILE *out, const cJSON *v)
{
	json_write_value(out, v, 0);
	fputc('\n', out);
}

cJSON *report_tree(const struct findings *f, long long ts_ms, const struct probe_result *deep)
{
	unsigned c[3];
	cJSON *r = cJSON_CreateObject();
	cJSON *sum = cJSON_CreateObject();
	cJSON *list = cJSON_CreateArray();

	audit_summary(f, c);
	cJSON_AddNumberToObject(r, "ts", (double)ts_ms);
	cJSON_AddNumberToObject(sum, "critical", c[SEV_CRITICAL]);
	cJSON_AddNumberToObject(sum, "warn", c[SEV_WARN]);
	cJSON_AddNumberToObject(sum, "info", c[SEV_INFO]);
	cJSON_AddItemToObject(r, "summary", sum);
	for (size_t i = 0; i < f->n; i++) {
		const struct finding *x = &f->v[i];
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "checkId", x->check_id);
		cJSON_AddStringToObject(o, "severity", audit_severity_name(x->severity));
		cJSON_AddStringToObject(o, "title", x->title);
		cJSON_AddStringToObject(o, "detail", x->detail);
		if (x->remediation)
			cJSON_AddStringToObject(o, "remediation", x->remediation);
		cJSON_AddItemToArray(list, o);
	}
	cJSON_AddItemToObject(r, "findings", list);
	if (deep)
		cJSON_AddItemToObject(r, "deep", probe_tree(deep));
	return r;
}

void report_json(FILE *out, const struct findings *f, long long ts_ms,
		 const struct probe_result *deep)
{
	cJSON *r = report_tree(f, ts_ms, deep);
	if (r)
		json_write(out, r);
	cJSON_Delete(r);
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

void report_text(FILE *out, const struct findings *f, bool color, const char *preamble)
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
	if (preamble)
		fprintf(out, "%s%s%s", p->muted, preamble, p->reset);
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
