/* clawpolicy openclaw: from an agent id and the skill folders bound to it,
 * print both halves of the configuration: the agents.list[] entry to merge
 * into openclaw.json (skills, tools.allow from the tier table, exec routed
 * to the clawshim node, elevated off, optionally a Docker sandbox with the
 * OCI seccomp profile) and the agent table line for clawshim-node and
 * clawshim-sh. The agent's capabilities are the union of its skills'. */
#include "clawpolicy_openclaw.h"
#include "clawshim/atomicfile.h"
#include "clawshim/diag.h"
#include "clawshim/exitcodes.h"
#include "clawshim/frontmatter.h"
#include "clawshim/oci.h"
#include "clawshim/profile.h"
#include "clawshim/tiers.h"
#include "clawshim/util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOOLS 64

struct oc_opts {
	const char *agent;
	const char *workspace;
	const char *node;
	const char *log;
	const char *oci;
};

static int usage(const char *msg)
{
	fprintf(stderr, "clawpolicy: openclaw: %s\nTry 'clawpolicy --help'.\n", msg);
	return CS_EXIT_USAGE;
}

/* The name OpenClaw knows the skill by: its frontmatter name, else its
 * folder's name. */
static char *skill_name(const struct cs_skill *s, const char *dir)
{
	if (s->name && *s->name)
		return strdup(s->name);
	_cleanup_free_ char *copy = strdup(dir);
	return copy ? strdup(basename(copy)) : NULL;
}

static cJSON *agent_entry(const struct oc_opts *o, const struct cs_strv *names, cs_capset caps,
			  const char *oci_file)
{
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "id", o->agent);
	cJSON *skills = cJSON_AddArrayToObject(a, "skills");
	for (size_t i = 0; i < names->n; i++)
		cJSON_AddItemToArray(skills, cJSON_CreateString(names->v[i]));
	cJSON *tools = cJSON_AddObjectToObject(a, "tools");
	const char *allowed[MAX_TOOLS];
	size_t n = cs_tools_unlocked(caps, allowed, MAX_TOOLS);
	cJSON *allow = cJSON_AddArrayToObject(tools, "allow");
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(allow, cJSON_CreateString(allowed[i]));
	if (cs_capset_has(caps, CS_CAP_SHELL)) {
		cJSON *exec = cJSON_AddObjectToObject(tools, "exec");
		cJSON_AddStringToObject(exec, "host", "node");
		if (o->node)
			cJSON_AddStringToObject(exec, "node", o->node);
	}
	cJSON_AddBoolToObject(cJSON_AddObjectToObject(tools, "elevated"), "enabled", false);
	if (oci_file) {
		cJSON *sb = cJSON_AddObjectToObject(a, "sandbox");
		cJSON *docker = cJSON_AddObjectToObject(sb, "docker");
		cJSON_AddStringToObject(docker, "seccompProfile", oci_file);
		cJSON_AddBoolToObject(docker, "readOnlyRoot", true);
		cJSON *drop = cJSON_AddArrayToObject(docker, "capDrop");
		cJSON_AddItemToArray(drop, cJSON_CreateString("ALL"));
		if (!cs_capset_has(caps, CS_CAP_NETWORK))
			cJSON_AddStringToObject(docker, "network", "none");
	}
	return a;
}

/* One skill keeps its own profile (clawrun --skill: ports, exec allow-list);
 * several share the union of their capabilities. */
static cJSON *table_line(const struct oc_opts *o, const struct cs_strv *dirs, cs_capset caps)
{
	cJSON *line = cJSON_CreateObject();
	if (dirs->n == 1) {
		cJSON_AddStringToObject(line, "skill", dirs->v[0]);
	} else {
		cJSON *c = cJSON_AddArrayToObject(line, "caps");
		for (int i = 0; i < CS_CAP_COUNT; i++)
			if (cs_capset_has(caps, (enum cs_cap)i))
				cJSON_AddItemToArray(c, cJSON_CreateString(cs_cap_name((enum cs_cap)i)));
	}
	if (o->workspace)
		cJSON_AddStringToObject(line, "workspace", o->workspace);
	return line;
}

static int write_oci(const char *file, cs_capset caps, const char *agent)
{
	struct cs_profile p;
	struct cs_strv notes = { 0 };
	if (cs_profile_from_caps(caps, agent, &p) < 0)
		return -1;
	cJSON *oci = cs_oci_export(&p, &notes);
	cs_profile_free(&p);
	char *text = oci ? cJSON_Print(oci) : NULL;
	cJSON_Delete(oci);
	_cleanup_free_ char *with_nl = text ? cs_asprintf("%s\n", text) : NULL;
	free(text);
	int r = with_nl ? cs_write_file_atomic(file, with_nl, strlen(with_nl), 0644) : -1;
	for (size_t i = 0; i < notes.n; i++)
		fprintf(stderr, "clawpolicy: openclaw: not in the OCI profile: %s\n", notes.v[i]);
	cs_strv_free(&notes);
	return r;
}

int clawpolicy_openclaw(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "agent", required_argument, NULL, 'a' }, { "workspace", required_argument, NULL, 'w' },
		{ "node", required_argument, NULL, 'n' },  { "log", required_argument, NULL, 'l' },
		{ "oci", required_argument, NULL, 'O' },   { 0 },
	};
	struct oc_opts o = { 0 };
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'a': o.agent = optarg; break;
		case 'w': o.workspace = optarg; break;
		case 'n': o.node = optarg; break;
		case 'l': o.log = optarg; break;
		case 'O': o.oci = optarg; break;
		default: return usage("unknown option or missing argument");
		}
	}
	if (!o.agent || !*o.agent)
		return usage("--agent ID is required");
	if (optind >= argc)
		return usage("at least one SKILLDIR is required");
	if ((o.workspace && o.workspace[0] != '/') || (o.log && o.log[0] != '/'))
		return usage("--workspace and --log take absolute paths");

	_cleanup_strv_ struct cs_strv names = { 0 }, dirs = { 0 };
	cs_capset caps = 0;
	struct cs_diags d = { 0 };
	for (int i = optind; i < argc; i++) {
		struct cs_skill s;
		char real[PATH_MAX];
		if (!realpath(argv[i], real) || cs_skill_load(real, &s, &d) < 0) {
			if (!d.n)
				fprintf(stderr, "clawpolicy: openclaw: %s: no such skill folder\n", argv[i]);
			cs_diags_print(&d, stderr, "clawpolicy: ");
			cs_diags_free(&d);
			return CS_EXIT_DENIED;
		}
		caps |= s.caps;
		cs_strv_push_owned(&names, skill_name(&s, real));
		cs_strv_push(&dirs, real);
		cs_skill_free(&s);
	}
	if (o.oci && write_oci(o.oci, caps, o.agent) < 0) {
		fprintf(stderr, "clawpolicy: openclaw: cannot write %s\n", o.oci);
		return CS_EXIT_DENIED;
	}
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddItemToObject(doc, "agent", agent_entry(&o, &names, caps, o.oci));
	cJSON *table = cJSON_AddObjectToObject(doc, "clawshim");
	if (o.log)
		cJSON_AddStringToObject(table, "log", o.log);
	cJSON *agents = cJSON_AddObjectToObject(table, "agents");
	cJSON_AddItemToObject(agents, o.agent, table_line(&o, &dirs, caps));
	cJSON_AddStringToObject(table, "default", "refuse");
	char *text = cJSON_Print(doc);
	cJSON_Delete(doc);
	if (!text)
		return CS_EXIT_DENIED;
	puts(text);
	free(text);
	return CS_EXIT_OK;
}
