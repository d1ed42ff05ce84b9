/* clawpolicy: check a tool against capabilities, compile a SKILL.md into a
 * profile, explain, lint and export profiles; the shared argument handling.
 * infer and list live in clawpolicy_infer.c and clawpolicy_list.c. */
#include "clawpolicy.h"
#include "clawpolicy_openclaw.h"
#include "clawshim/atomicfile.h"
#include "clawshim/caps.h"
#include "clawshim/diag.h"
#include "clawshim/exitcodes.h"
#include "clawshim/frontmatter.h"
#include "clawshim/k8s.h"
#include "clawshim/jsonout.h"
#include "clawshim/oci.h"
#include "clawshim/profile.h"
#include "clawshim/profile_lookup.h"
#include "clawshim/seccomp_rules.h"
#include "clawshim/skillscan.h"
#include "clawshim/tiers.h"
#include "clawshim/util.h"
#include "cs_version.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
	"Usage: clawpolicy COMMAND [OPTION]... [ARG]...\n"
	"Capability policy for OpenClaw skills.\n"
	"\n"
	"Commands:\n"
	"  check (--caps LIST | --skill SKILL | --profile PROFILE) --tool NAME... [--json]\n"
	"        May a skill with these capabilities call tool NAME (--tool repeats)?\n"
	"        LIST is comma-separated and may be empty. Exit 0 all allowed, 1 one\n"
	"        denied (the reasons on stdout), 2 usage or unknown capability.\n"
	"  compile SKILL [-o FILE] [--allow-blocked]\n"
	"        Print the profile JSON a skill gets from its declared capabilities.\n"
	"        A skill with a critical SKILL.md scanner finding is refused (exit 1)\n"
	"        unless --allow-blocked is given; see 'clawaudit skills info'.\n"
	"  explain [--json] PROFILE|SKILL\n"
	"        Show what a tool process may and may not do under a profile.\n"
	"  infer SKILL [--json] [-o FILE]\n"
	"        Propose capabilities and a profile from what SKILL.md says it runs\n"
	"        (requires.bins, install specs, commands in shell code blocks), each\n"
	"        with the line that led to it. -o writes the proposed profile.\n"
	"  lint PROFILE...\n"
	"        Validate profiles; print every problem. Exit 0 all valid, 1 otherwise.\n"
	"  list [--json]\n"
	"        The profile search path and the profiles found in it, by name.\n"
	"  export --oci|--k8s PROFILE|SKILL [-o FILE]\n"
	"        Print the syscall policy as an OCI runtime-spec / Docker seccomp\n"
	"        profile (--oci), or as a Kubernetes SeccompProfile resource of the\n"
	"        Security Profiles Operator (--k8s). What the format cannot express\n"
	"        is listed on stderr.\n"
	"  openclaw --agent ID [--workspace DIR] [--node NODE] [--log FILE] [--oci FILE] SKILLDIR...\n"
	"        Print the openclaw.json agents.list[] entry for an agent bound to these\n"
	"        skills and the matching clawshim-node/clawshim-sh agent table.\n"
	"\n"
	"A SKILL argument is a directory holding SKILL.md or a file ending in .md.\n"
	"A PROFILE is a profile file (JSON, or JSON5 with comments) or a NAME: an\n"
	"argument without '/' that does not end in .json is looked up as NAME.json in\n"
	"$XDG_CONFIG_HOME/clawshim/profiles, /etc/clawshim/profiles, then the\n"
	"installed share/clawshim/profiles ($CLAWSHIM_PROFILE_PATH replaces that list).\n"
	"-o - writes to standard output. JSON is written with two-space indentation.\n"
	"  -h, --help   show this help\n"
	"  --version    print the version\n"
	"\n"
	"Exit status: 0 success (check: allowed), 1 denied or invalid input, 2 usage.\n";

int cs_cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "clawpolicy: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'clawpolicy --help'\n");
	return CS_EXIT_USAGE;
}

int cs_cli_option_error(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];
	const char *eq = strchr(arg, '=');

	if (c == ':')
		return cs_cli_usage_error("%s: option '%s' needs an argument", cmd, arg);
	if (optopt && arg[0] == '-' && arg[1] != '-')
		return cs_cli_usage_error("%s: unknown option '-%c'", cmd, optopt);
	if (optopt && eq)
		return cs_cli_usage_error("%s: option '%.*s' takes no argument", cmd,
					  (int)(eq - arg), arg);
	return cs_cli_usage_error("%s: unknown option '%s'", cmd, arg);
}

int cs_cli_json_option(const char *cmd, int argc, char **argv, bool *json)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'j' },
					      { NULL, 0, NULL, 0 } };
	int c;

	*json = false;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c != 'j')
			return cs_cli_option_error(cmd, c, argv);
		*json = true;
	}
	return 0;
}

bool cs_cli_is_skill_path(const char *path)
{
	struct stat st;
	size_t n = strlen(path);

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	return n >= 3 && strcmp(path + n - 3, ".md") == 0;
}

int cs_cli_load_skill(const char *cmd, const char *path, bool allow_bare, struct cs_skill *s)
{
	struct cs_diags d = { 0 };

	if (cs_skill_load(path, s, &d) < 0) {
		cs_diags_print(&d, stderr, NULL);
		cs_diags_free(&d);
		return -1;
	}
	/* No frontmatter would compile to the empty profile without a word;
	 * say so instead of guessing. */
	if (!allow_bare && !s->frontmatter) {
		fprintf(stderr,
			"clawpolicy: %s: %s: no frontmatter (a SKILL.md starts with a '---' line, "
			"YAML with name, description and metadata, and a closing '---' line), so "
			"it declares nothing; 'clawpolicy infer %s' proposes capabilities\n",
			cmd, s->path, path);
		cs_skill_free(s);
		return -1;
	}
	return 0;
}

int cs_cli_load_input(const char *cmd, const char *arg, struct cs_cli_input *in)
{
	struct cs_diags d = { 0 };
	int r;

	*in = (struct cs_cli_input){ 0 };
	if (cs_cli_is_skill_path(arg)) {
		struct cs_skill s;
		if (cs_cli_load_skill(cmd, arg, false, &s) < 0)
			return -1;
		in->is_skill = true;
		r = cs_scan_skill(&s, &in->scan);
		if (r == 0)
			r = cs_profile_from_skill(&s, &in->profile);
		cs_skill_free(&s);
		if (r < 0) {
			fprintf(stderr, "clawpolicy: %s: %s: %s\n", cmd, arg, strerror(-r));
			cs_cli_input_free(in);
			return -1;
		}
		cs_scan_report_sort(&in->scan);
		return 0;
	}
	const char *file = arg;
	if (cs_profile_arg_is_name(arg)) {
		r = cs_profile_find_by_name(arg, &in->resolved, NULL);
		if (r == -ENOENT || r == -EINVAL) {
			/* A name never falls back to a file here: a file dropped in the
			 * working directory must not stand in for a named profile. */
			struct stat st;
			bool here = lstat(arg, &st) == 0;
			fprintf(stderr,
				"clawpolicy: %s: %s: %s (a NAME is looked up as NAME.json in the "
				"profile search path, see 'clawpolicy list')%s%s\n",
				cmd, arg, r == -EINVAL ? "not a valid profile name" : "no such profile",
				here ? "; for the file here, write ./" : "", here ? arg : "");
			return -1;
		}
		if (r < 0) {
			fprintf(stderr, "clawpolicy: %s: %s: %s\n", cmd, arg, strerror(-r));
			return -1;
		}
		file = in->resolved;
	}
	if (cs_profile_load(file, &in->profile, &d) < 0) {
		cs_diags_print(&d, stderr, NULL);
		cs_diags_free(&d);
		cs_cli_input_free(in);
		return -1;
	}
	return 0;
}

void cs_cli_input_free(struct cs_cli_input *in)
{
	cs_profile_free(&in->profile);
	cs_scan_report_free(&in->scan);
	free(in->resolved);
	*in = (struct cs_cli_input){ 0 };
}

int cs_cli_emit(const char *out, const char *text)
{
	if (!out || strcmp(out, "-") == 0) {
		fputs(text, stdout);
		return fflush(stdout) == 0 ? 0 : -EIO;
	}
	return cs_write_file_atomic(out, text, strlen(text), 0644);
}

/* The critical findings of a blocked skill, one line each. */
static void print_blocked(FILE *f, const char *indent, const struct cs_scan_report *scan)
{
	for (size_t i = 0; i < scan->n && scan->v[i].severity == CS_SCAN_CRITICAL; i++)
		fprintf(f, "%sline %u: %s: %s\n", indent, scan->v[i].line, scan->v[i].rule->id,
			scan->v[i].message);
}

/* ---- check ---------------------------------------------------------------- */

static cJSON *verdict_json(const char *tool, const struct cs_gate_verdict *v)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "tool", tool);
	cJSON_AddBoolToObject(o, "allowed", v->allowed);
	cJSON_AddStringToObject(o, "tier", cs_tier_name(v->tier));
	if (v->missing != CS_CAP_NONE)
		cJSON_AddStringToObject(o, "missingCapability", cs_cap_name(v->missing));
	else
		cJSON_AddNullToObject(o, "missingCapability");
	cJSON_AddStringToObject(o, "reason", v->reason);
	return o;
}

/* The capabilities to check against: --caps, or those of a skill or profile. */
static int check_caps(const char *caps_arg, const char *skill, const char *profile,
		      cs_capset *caps)
{
	if (caps_arg) {
		struct cs_diags d = { 0 };
		int r = cs_capset_parse(caps_arg, caps, &d);
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "clawpolicy: check: --caps: %s\n", d.v[i].msg);
		cs_diags_free(&d);
		return r < 0 ? CS_EXIT_USAGE : 0;
	}
	struct cs_cli_input in;
	const char *arg = skill ? skill : profile;
	if (!arg)
		return CS_EXIT_USAGE;
	if (cs_cli_load_input("check", arg, &in) < 0)
		return CS_EXIT_DENIED;
	if (skill && !in.is_skill) {
		cs_cli_input_free(&in);
		return cs_cli_usage_error("check: --skill %s: not a skill directory or .md file",
					  skill);
	}
	if (profile && in.is_skill) {
		cs_cli_input_free(&in);
		return cs_cli_usage_error("check: --profile %s: a skill; use --skill", profile);
	}
	*caps = in.profile.caps;
	cs_cli_input_free(&in);
	return 0;
}

static int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = { { "caps", required_argument, NULL, 'c' },
					      { "skill", required_argument, NULL, 's' },
					      { "profile", required_argument, NULL, 'p' },
					      { "tool", required_argument, NULL, 't' },
					      { "json", no_argument, NULL, 'j' },
					      { NULL, 0, NULL, 0 } };
	const char *caps_arg = NULL, *skill = NULL, *profile = NULL;
	_cleanup_free_ const char **tools = calloc((size_t)argc + 1, sizeof(*tools));
	size_t n_tools = 0;
	bool json = false;
	int c, sources = 0;

	if (!tools)
		return CS_EXIT_USAGE;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case 'c': caps_arg = optarg, sources++; break;
		case 's': skill = optarg, sources++; break;
		case 'p': profile = optarg, sources++; break;
		case 't': tools[n_tools++] = optarg; break;
		case 'j': json = true; break;
		default: return cs_cli_option_error("check", c, argv);
		}
	}
	if (sources != 1)
		return cs_cli_usage_error("check: %s", sources ? "give only one of --caps, --skill "
								 "and --profile"
							       : "--caps LIST, --skill SKILL or "
								 "--profile PROFILE is required");
	if (!n_tools)
		return cs_cli_usage_error("check: %s", "--tool NAME is required");
	if (optind != argc)
		return cs_cli_usage_error("check: unexpected argument '%s'", argv[optind]);

	cs_capset caps = 0;
	int r = check_caps(caps_arg, skill, profile, &caps);
	if (r)
		return r;
	bool all = true;
	cJSON *arr = json && n_tools > 1 ? cJSON_CreateArray() : NULL;
	for (size_t i = 0; i < n_tools; i++) {
		struct cs_gate_verdict v;
		cs_tool_gate(caps, tools[i], &v);
		all = all && v.allowed;
		if (!json) {
			puts(v.reason);
			continue;
		}
		cJSON *o = verdict_json(tools[i], &v);
		if (arr) {
			cJSON_AddItemToArray(arr, o);
			continue;
		}
		_cleanup_free_ char *text = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		if (text)
			puts(text);
	}
	if (arr) {
		_cleanup_free_ char *text = cJSON_PrintUnformatted(arr);
		cJSON_Delete(arr);
		if (text)
			puts(text);
	}
	return all ? CS_EXIT_OK : CS_EXIT_DENIED;
}

/* ---- compile ---------------------------------------------------------------- */

/* allow_blocked is NULL for commands without --allow-blocked. */
static int parse_input_and_output(int argc, char **argv, const char *cmd, bool want_oci,
				  const char **in, const char **out, bool *allow_blocked, bool *k8s)
{
	static const struct option opts[] = { { "output", required_argument, NULL, 'o' },
					      { "oci", no_argument, NULL, 'O' },
					      { "k8s", no_argument, NULL, 'K' },
					      { "allow-blocked", no_argument, NULL, 'B' },
					      { NULL, 0, NULL, 0 } };
	bool oci = false;
	int c;

	*out = NULL;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': *out = optarg; break;
		case 'O': oci = true; break;
		case 'K':
			if (!k8s)
				return cs_cli_usage_error("%s: --k8s belongs to 'export'", cmd);
			*k8s = true;
			break;
		case 'B':
			if (!allow_blocked)
				return cs_cli_usage_error("%s: --allow-blocked belongs to 'compile'",
							  cmd);
			*allow_blocked = true;
			break;
		default: return cs_cli_option_error(cmd, c, argv);
		}
	}
	if (want_oci && oci && k8s && *k8s)
		return cs_cli_usage_error("%s: give one of --oci and --k8s", cmd);
	if (want_oci && !oci && !(k8s && *k8s))
		return cs_cli_usage_error("%s: --oci or --k8s is required (the export format)", cmd);
	if (!want_oci && oci)
		return cs_cli_usage_error("%s: --oci belongs to 'export'", cmd);
	if (optind + 1 != argc)
		return cs_cli_usage_error("%s: expected exactly one input", cmd);
	*in = argv[optind];
	return 0;
}

/* A skill the scanner blocks gets no profile: compiling one would let its
 * tools run. Prints the critical findings. */
static int refuse_if_blocked(const struct cs_skill *s)
{
	struct cs_scan_report scan = { 0 };
	int r = cs_scan_skill(s, &scan);

	if (r < 0) {
		fprintf(stderr, "clawpolicy: compile: %s: cannot scan: %s\n", s->path, strerror(-r));
		return -1;
	}
	if (scan.blocked) {
		cs_scan_report_sort(&scan);
		fprintf(stderr, "clawpolicy: compile: %s: blocked by the SKILL.md scanner "
				"(--allow-blocked compiles it anyway):\n", s->path);
		for (size_t i = 0; i < scan.n && scan.v[i].severity == CS_SCAN_CRITICAL; i++)
			fprintf(stderr, "  %s:%u: %s: %s\n", s->path, scan.v[i].line,
				scan.v[i].rule->id, scan.v[i].message);
	}
	r = scan.blocked ? -1 : 0;
	cs_scan_report_free(&scan);
	return r;
}

/* Writes j as two-space JSON to out (NULL or "-": stdout). */
static int emit_json(const char *cmd, const char *out, const cJSON *j)
{
	_cleanup_free_ char *text = j ? cs_json_print(j) : NULL;
	int r = text ? cs_cli_emit(out, text) : -ENOMEM;

	if (r < 0) {
		fprintf(stderr, "clawpolicy: %s: %s: %s\n", cmd,
			out && strcmp(out, "-") ? out : "stdout", strerror(-r));
		return CS_EXIT_DENIED;
	}
	return CS_EXIT_OK;
}

static int cmd_compile(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	bool allow_blocked = false;
	int r = parse_input_and_output(argc, argv, "compile", false, &in, &out, &allow_blocked,
				       NULL);
	if (r)
		return r;

	struct cs_skill s;
	struct cs_profile p;
	if (cs_cli_load_skill("compile", in, false, &s) < 0)
		return CS_EXIT_DENIED;
	if (!allow_blocked && refuse_if_blocked(&s) != 0) {
		cs_skill_free(&s);
		return CS_EXIT_DENIED;
	}
	r = cs_profile_from_skill(&s, &p);
	cs_skill_free(&s);
	if (r < 0) {
		fprintf(stderr, "clawpolicy: compile: %s\n", strerror(-r));
		return CS_EXIT_DENIED;
	}
	cJSON *j = cs_profile_to_json(&p);
	cs_profile_free(&p);
	r = emit_json("compile", out, j);
	cJSON_Delete(j);
	return r;
}

/* ---- explain ---------------------------------------------------------------- */

static void print_list(const char *label, const char *const *items, size_t n)
{
	printf("  %-9s", label);
	if (n == 0)
		printf(" (none)");
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : " ", items[i]);
	printf("\n");
}

static void explain_tools(const struct cs_profile *p)
{
	const char *allowed[64], *denied[64];
	size_t na = 0, nd = 0;

	for (size_t i = 0; i < cs_tool_matrix_len; i++) {
		struct cs_gate_verdict v;
		cs_tool_gate(p->caps, cs_tool_matrix[i].tool, &v);
		if (v.allowed)
			allowed[na++] = cs_tool_matrix[i].tool;
		else
			denied[nd++] = cs_tool_matrix[i].tool;
	}
	printf("OpenClaw tools\n");
	print_list("allowed", allowed, na);
	print_list("denied", denied, nd);
}

static void print_set(const char *label, const char *name)
{
	for (size_t i = 0; i < cs_syscall_sets_len; i++) {
		const struct cs_syscall_set *s = &cs_syscall_sets[i];
		if (strcmp(s->name, name) != 0)
			continue;
		printf("  %-14s", label);
		CS_FOR_EACH_CALL(c, s->calls)
			printf("%s%s", c == s->calls ? " " : ", ", c);
		printf("\n");
	}
}

static void explain_process(const struct cs_profile *p)
{
	bool shell = cs_capset_has(p->caps, CS_CAP_SHELL);
	bool fs = cs_capset_has(p->caps, CS_CAP_FILESYSTEM);
	bool net = cs_capset_has(p->caps, CS_CAP_NETWORK);

	printf("\nTool process (enforced by the kernel)\n");
	if (!shell)
		printf("  %-14s no: only the tool itself starts; execve/execveat after it, fork,\n"
		       "  %-14s vfork and clone of processes fail with EPERM (threads are fine)\n",
		       "run programs", "");
	else if (p->exec_allow.n)
		for (size_t i = 0; i < p->exec_allow.n; i++)
			printf("  %-14s %s%s\n", i ? "" : "run programs", p->exec_allow.v[i],
			       i ? "" : " (Landlock execute; nothing else)");
	else
		printf("  %-14s yes, any program, and new processes\n", "run programs");
	if (!fs)
		printf("  %-14s no: opening for writing, creating, removing, renaming, linking,\n"
		       "  %-14s truncating, chmod/chown/utimes and xattr changes fail with EPERM\n"
		       "  %-14s (EACCES where Landlock judges write opens); writes to /dev/null,\n"
		       "  %-14s zero, full, random, tty and the tool's terminal always work\n",
		       "change files", "", "", "");
	else {
		for (size_t i = 0; i < p->write.n; i++)
			printf("  %-14s %s%s\n", i ? "" : "change files", p->write.v[i],
			       i ? "" : " (Landlock; writes elsewhere fail with EACCES)");
		if (!p->write.n)
			printf("  %-14s nowhere (no write roots)\n", "change files");
	}
	printf("  %-14s yes, anything the user may read\n", "read files");
	if (!net) {
		printf("  %-14s no: socket() fails with EPERM for every family; stream and\n"
		       "  %-14s seqpacket socketpairs stay available\n",
		       "network", "");
	} else {
		printf("  %-14s TCP connect to port", "network");
		for (size_t i = 0; i < p->n_ports; i++)
			printf("%s %u", i ? "," : (p->n_ports > 1 ? "s" : ""), p->ports[i]);
		printf(" only (Landlock); never the gateway port %u;\n"
		       "  %-14s TCP and UDP over IPv4/IPv6 and route netlink only (no MPTCP, raw,\n"
		       "  %-14s ICMP, fast open or listening sockets)\n",
		       p->gateway_port, "", "");
		printf("  %-14s %s\n", "UNIX sockets",
		       p->unix_sockets ? "yes, by path and abstract name (\"unix\": true)"
				       : "no: only socketpairs (add \"network\": {\"unix\": true})");
	}
	printf("\nAlways\n");
	print_set("denied", "@baseline-deny");
	print_set("denied", "@host-ipc");
	print_set("ENOSYS", "@fallback");
	printf("  %-14s TIOCSTI/TIOCLINUX ioctls, device ioctls but on terminals and null/zero/\n"
	       "  %-14s full/random, a seccomp listener of the tool's own, personality changes,\n"
	       "  %-14s limits, priorities and scheduling of other processes, signals and\n"
	       "  %-14s abstract sockets outside the sandbox%s\n",
	       "also denied", "", "", "", fs ? "" : ", chattr (inode flags)");
	printf("  %-14s truncate(2) of a path and O_TRUNC on an open not for writing (EPERM;\n"
	       "  %-14s open the file for writing and use ftruncate: the write roots judge it)\n",
	       "truncation", "");
	printf("  %-14s no_new_privs, all Linux capabilities dropped, foreign ABIs killed\n",
	       "process");
	if (p->log)
		printf("  %-14s %s\n", "security log", p->log);
}

static cJSON *explain_json(const char *source, const struct cs_cli_input *in)
{
	const struct cs_profile *p = &in->profile;
	cJSON *o = cJSON_CreateObject(), *caps = cJSON_CreateArray();

	if (p->skill)
		cJSON_AddStringToObject(o, "skill", p->skill);
	else
		cJSON_AddNullToObject(o, "skill");
	cJSON_AddStringToObject(o, "source", in->resolved ? in->resolved : source);
	for (int c = 0; c < CS_CAP_COUNT; c++)
		if (cs_capset_has(p->caps, (enum cs_cap)c))
			cJSON_AddItemToArray(caps, cJSON_CreateString(cs_cap_name((enum cs_cap)c)));
	cJSON_AddItemToObject(o, "capabilities", caps);
	cJSON_AddBoolToObject(o, "blocked", in->scan.blocked);
	cJSON *tools = cJSON_AddObjectToObject(o, "tools");
	cJSON *allowed = cJSON_AddArrayToObject(tools, "allowed");
	cJSON *denied = cJSON_AddArrayToObject(tools, "denied");
	for (size_t i = 0; i < cs_tool_matrix_len; i++) {
		struct cs_gate_verdict v;
		cs_tool_gate(p->caps, cs_tool_matrix[i].tool, &v);
		cJSON_AddItemToArray(v.allowed ? allowed : denied,
				     cJSON_CreateString(cs_tool_matrix[i].tool));
	}
	/* What the kernel enforces; null lists mean "not allowed at all". */
	cJSON *proc = cJSON_AddObjectToObject(o, "process");
	bool shell = cs_capset_has(p->caps, CS_CAP_SHELL);
	cJSON_AddBoolToObject(proc, "runPrograms", shell);
	if (shell && p->exec_allow.n)
		cJSON_AddItemToObject(proc, "execAllow",
				      cJSON_CreateStringArray((const char *const *)p->exec_allow.v,
							      (int)p->exec_allow.n));
	else
		cJSON_AddNullToObject(proc, "execAllow");
	if (cs_capset_has(p->caps, CS_CAP_FILESYSTEM))
		cJSON_AddItemToObject(proc, "write",
				      cJSON_CreateStringArray((const char *const *)p->write.v,
							      (int)p->write.n));
	else
		cJSON_AddNullToObject(proc, "write");
	if (cs_capset_has(p->caps, CS_CAP_NETWORK)) {
		cJSON *ports = cJSON_AddArrayToObject(proc, "connectTcp");
		for (size_t i = 0; i < p->n_ports; i++)
			cJSON_AddItemToArray(ports, cJSON_CreateNumber(p->ports[i]));
	} else {
		cJSON_AddNullToObject(proc, "connectTcp");
	}
	cJSON_AddNumberToObject(proc, "gatewayPort", p->gateway_port);
	if (p->log)
		cJSON_AddStringToObject(o, "log", p->log);
	else
		cJSON_AddNullToObject(o, "log");
	return o;
}

static int cmd_explain(int argc, char **argv)
{
	bool json;
	int rc = cs_cli_json_option("explain", argc, argv, &json);

	if (rc)
		return rc;
	if (optind + 1 != argc)
		return cs_cli_usage_error("explain: %s", "expected one PROFILE or SKILL");
	const char *arg = argv[optind];
	struct cs_cli_input in;
	if (cs_cli_load_input("explain", arg, &in) < 0)
		return CS_EXIT_DENIED;
	if (json) {
		cJSON *j = explain_json(arg, &in);
		int r = emit_json("explain", NULL, j);
		cJSON_Delete(j);
		cs_cli_input_free(&in);
		return r;
	}
	const struct cs_profile *p = &in.profile;
	_cleanup_free_ char *caps = cs_capset_format(p->caps);
	printf("Skill:        %s\n", p->skill ? p->skill : "(unnamed)");
	printf("Source:       %s\n", in.resolved ? in.resolved : arg);
	printf("Capabilities: %s\n", caps && *caps ? caps : "(none)");
	if (in.scan.blocked) {
		printf("Blocked:      yes, by the SKILL.md scanner: clawrun --skill refuses to run\n"
		       "              its tools and compile refuses it; critical findings:\n");
		print_blocked(stdout, "                ", &in.scan);
	}
	printf("\n");
	explain_tools(p);
	explain_process(p);
	cs_cli_input_free(&in);
	return CS_EXIT_OK;
}

/* ---- lint ----------------------------------------------------------------- */

static int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = { { NULL, 0, NULL, 0 } };
	int bad = 0, c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1)
		return cs_cli_option_error("lint", c, argv);
	if (optind >= argc)
		return cs_cli_usage_error("lint: %s", "expected at least one PROFILE");
	for (int i = optind; i < argc; i++) {
		struct cs_cli_input in;
		if (cs_cli_is_skill_path(argv[i])) {
			fprintf(stderr, "clawpolicy: lint: %s: a skill, not a profile ('clawpolicy "
					"compile' makes its profile)\n", argv[i]);
			bad++;
		} else if (cs_cli_load_input("lint", argv[i], &in) < 0) {
			bad++;
		} else {
			printf("%s: ok\n", in.resolved ? in.resolved : argv[i]);
			cs_cli_input_free(&in);
		}
	}
	return bad ? CS_EXIT_DENIED : CS_EXIT_OK;
}

/* ---- export --------------------------------------------------------------- */

static int cmd_export(int argc, char **argv)
{
	const char *arg = NULL, *out = NULL;
	bool k8s = false;
	int r = parse_input_and_output(argc, argv, "export", true, &arg, &out, NULL, &k8s);
	if (r)
		return r;
	struct cs_cli_input in;
	if (cs_cli_load_input("export", arg, &in) < 0)
		return CS_EXIT_DENIED;
	_cleanup_strv_ struct cs_strv notes = { 0 };
	cJSON *j = k8s ? cs_k8s_export(&in.profile, &notes) : cs_oci_export(&in.profile, &notes);
	_cleanup_free_ char *name = k8s ? cs_k8s_name(&in.profile) : NULL;
	r = emit_json("export", out, j);
	cJSON_Delete(j);
	if (r == CS_EXIT_OK && in.scan.blocked) {
		fprintf(stderr, "clawpolicy: export: %s: blocked by the SKILL.md scanner: clawrun "
				"--skill refuses to run its tools; critical findings:\n", arg);
		print_blocked(stderr, "  ", &in.scan);
	}
	for (size_t i = 0; r == CS_EXIT_OK && i < notes.n; i++)
		fprintf(stderr, "clawpolicy: export: not in the %s: %s\n",
			k8s ? "SeccompProfile" : "OCI profile", notes.v[i]);
	if (r == CS_EXIT_OK && k8s && name)
		fprintf(stderr,
			"clawpolicy: export: apply it with 'kubectl apply -n NAMESPACE -f FILE'; a pod\n"
			"  refers to it with securityContext.seccompProfile {type: Localhost,\n"
			"  localhostProfile: the resource's status.localhostProfile}, shown by\n"
			"  kubectl get seccompprofile %s -n NAMESPACE "
			"-o jsonpath='{.status.localhostProfile}'\n"
			"  (without the operator: the --oci export in /var/lib/kubelet/seccomp/ on\n"
			"  every node, and localhostProfile: its path there)\n",
			name);
	cs_cli_input_free(&in);
	return r;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} commands[] = {
		{ "check", cmd_check },     { "compile", cmd_compile }, { "explain", cmd_explain },
		{ "infer", cs_cli_infer },  { "lint", cmd_lint },       { "list", cs_cli_list },
		{ "export", cmd_export },
		{ "openclaw", clawpolicy_openclaw },
	};

	if (argc < 2)
		return cs_cli_usage_error("%s", "missing COMMAND");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage_text, stdout);
		return CS_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("clawpolicy %s\n", CS_VERSION);
		return CS_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		for (int a = 2; a < argc && strcmp(argv[a], "--"); a++)
			if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
				fputs(usage_text, stdout);
				return CS_EXIT_OK;
			}
		return commands[i].fn(argc - 1, argv + 1);
	}
	return cs_cli_usage_error("unknown command '%s'", argv[1]);
}
