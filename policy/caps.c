/* Capability names and comma-separated capability lists. */
#include "clawshim/caps.h"
#include "clawshim/diag.h"
#include "clawshim/util.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

static const char *const cap_names[CS_CAP_COUNT] = {
	[CS_CAP_SHELL] = "shell",
	[CS_CAP_FILESYSTEM] = "filesystem",
	[CS_CAP_NETWORK] = "network",
	[CS_CAP_BROWSER] = "browser",
	[CS_CAP_SESSIONS] = "sessions",
	[CS_CAP_MESSAGING] = "messaging",
	[CS_CAP_SCHEDULING] = "scheduling",
};

const char *cs_cap_name(enum cs_cap c)
{
	return (c >= 0 && c < CS_CAP_COUNT) ? cap_names[c] : "?";
}

int cs_cap_from_name(const char *name, enum cs_cap *out)
{
	for (int c = 0; c < CS_CAP_COUNT; c++) {
		if (strcmp(name, cap_names[c]) == 0) {
			*out = (enum cs_cap)c;
			return 0;
		}
	}
	return -EINVAL;
}

const char *cs_cap_suggest(const char *name)
{
	for (int c = 0; c < CS_CAP_COUNT; c++)
		if (strcasecmp(name, cap_names[c]) == 0)
			return cap_names[c];
	return NULL;
}

static int parse_one(const char *start, size_t len, cs_capset *set, struct cs_diags *d)
{
	while (len && (*start == ' ' || *start == '\t'))
		start++, len--;
	while (len && (start[len - 1] == ' ' || start[len - 1] == '\t'))
		len--;
	_cleanup_free_ char *name = strndup(start, len);
	enum cs_cap c;

	if (!name)
		return -ENOMEM;
	if (len == 0) {
		cs_diag_add(d, NULL, 0, 0, NULL, "empty capability name in the list");
		return -EINVAL;
	}
	if (cs_cap_from_name(name, &c) < 0) {
		const char *hint = cs_cap_suggest(name);
		if (hint)
			cs_diag_add(d, NULL, 0, 0, NULL,
				    "unknown capability '%s' (did you mean '%s'?)", name, hint);
		else
			cs_diag_add(d, NULL, 0, 0, NULL,
				    "unknown capability '%s' (known: " CS_CAP_NAMES_HELP ")",
				    name);
		return -EINVAL;
	}
	if (cs_capset_has(*set, c)) {
		cs_diag_add(d, NULL, 0, 0, NULL, "capability '%s' is listed twice", name);
		return -EINVAL;
	}
	*set |= CS_CAPSET(c);
	return 0;
}

int cs_capset_parse(const char *list, cs_capset *out, struct cs_diags *d)
{
	cs_capset set = 0;
	int ret = 0;

	/* An empty or all-blank list is the empty set, not an empty name. */
	if (strspn(list, " \t") == strlen(list)) {
		*out = 0;
		return 0;
	}
	for (const char *p = list;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		int r = parse_one(p, len, &set, d);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			ret = r;
		if (!comma)
			break;
		p = comma + 1;
	}
	if (ret == 0)
		*out = set;
	return ret;
}

char *cs_capset_format(cs_capset s)
{
	size_t n = 1;

	for (int c = 0; c < CS_CAP_COUNT; c++)
		if (cs_capset_has(s, (enum cs_cap)c))
			n += strlen(cap_names[c]) + 1;
	char *out = malloc(n), *w = out;
	if (!out)
		return NULL;
	*w = '\0';
	for (int c = 0; c < CS_CAP_COUNT; c++) {
		if (!cs_capset_has(s, (enum cs_cap)c))
			continue;
		if (w != out)
			*w++ = ',';
		w = stpcpy(w, cap_names[c]);
	}
	return out;
}
