/* A scan report as JSON and back: how clawshim-scan, which has ICU, hands its
 * report to the static clawrun, which has not. Reading it back trusts
 * nothing: every rule must be known, every severity valid, and a critical
 * finding blocks whatever the "blocked" member says. */
#include "clawshim/skillscan.h"
#include "clawshim/util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

cJSON *cs_scan_report_json(const struct cs_scan_report *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(o, "findings");

	if (!cJSON_AddBoolToObject(o, "blocked", r->blocked) || !list) {
		cJSON_Delete(o);
		return NULL;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct cs_scan_finding *f = &r->v[i];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddItemToArray(list, x);
		if (!cJSON_AddStringToObject(x, "rule", f->rule->id) ||
		    !cJSON_AddStringToObject(x, "severity", cs_scan_severity_name(f->severity)) ||
		    !cJSON_AddNumberToObject(x, "line", f->line) ||
		    !cJSON_AddStringToObject(x, "excerpt", f->excerpt) ||
		    !cJSON_AddStringToObject(x, "message", f->message)) {
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
}

static int finding_from_json(const cJSON *x, struct cs_scan_finding *f)
{
	const cJSON *rule = cJSON_GetObjectItemCaseSensitive(x, "rule");
	const cJSON *sev = cJSON_GetObjectItemCaseSensitive(x, "severity");
	const cJSON *line = cJSON_GetObjectItemCaseSensitive(x, "line");
	const cJSON *excerpt = cJSON_GetObjectItemCaseSensitive(x, "excerpt");
	const cJSON *message = cJSON_GetObjectItemCaseSensitive(x, "message");

	if (!cJSON_IsString(rule) || !cJSON_IsString(sev) || !cJSON_IsNumber(line) ||
	    !cJSON_IsString(excerpt) || !cJSON_IsString(message) || line->valuedouble < 0 ||
	    line->valuedouble > 1e9 || !(f->rule = cs_scan_rule_lookup(rule->valuestring)) ||
	    cs_scan_severity_from_name(sev->valuestring, &f->severity) < 0)
		return -EINVAL;
	f->line = (unsigned)line->valuedouble;
	f->excerpt = strdup(excerpt->valuestring);
	f->message = strdup(message->valuestring);
	if (!f->excerpt || !f->message) {
		free(f->excerpt);
		free(f->message);
		return -ENOMEM;
	}
	return 0;
}

int cs_scan_report_from_json(const cJSON *o, struct cs_scan_report *r)
{
	const cJSON *blocked = cJSON_GetObjectItemCaseSensitive(o, "blocked");
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "findings");
	const cJSON *x;
	int e = 0;

	memset(r, 0, sizeof(*r));
	if (!cJSON_IsBool(blocked) || !cJSON_IsArray(list))
		return -EINVAL;
	cJSON_ArrayForEach(x, list) {
		struct cs_scan_finding *v = cs_grow(r->v, &r->cap, r->n, sizeof(*v), 8);
		if (!v) {
			e = -ENOMEM;
			break;
		}
		r->v = v;
		if ((e = finding_from_json(x, &r->v[r->n])) < 0)
			break;
		r->count[r->v[r->n].severity]++;
		r->blocked |= r->v[r->n].severity == CS_SCAN_CRITICAL;
		r->n++;
	}
	if (e < 0) {
		cs_scan_report_free(r);
		return e;
	}
	r->blocked |= cJSON_IsTrue(blocked);
	return 0;
}
