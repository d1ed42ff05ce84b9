/* clawpolicy: check a tool against capabilities, compile a SKILL.md into a
 * profile, explain, lint and export profiles. Only main() prints and exits. */
#include "clawpolicy_openclaw.h"
#include "clawshim/atomicfile.h"
#include "clawshim/caps.h"
#include "clawshim/diag.h"
#include "clawshim/exitcodes.h"
#include "clawshim/frontmatter.h"
#include "clawshim/k8s.h"
#include "clawshim/oci.h"
#include "clawshim/profile.h"
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
	"  check --caps LIST --tool NAME [--json]\n"
	"        May a skill with capabilities LIST (comma-separated, may be empty) call\n"
	"        tool NAME? Exit 0 allowed, 1 denied (the reason on stdout), 2 usage or\n"
	"        unknown capability.\n"
	"  compile SKILL.md|DIR [-o FILE] [--allow-blocked]\n"
	"        Print the profile JSON a skill gets from its declared capabilities.\n"
	"        A skill with a critical SKILL.md scanner finding is refused (exit 1)\n"
	"        unless --allow-blocked is given; see 'clawaudit skills info'.\n"
	"  explain PROFILE|SKILL\n"
	"        Show what a tool process may and may not do under a profile.\n"
	"  lint PROFILE...\n"
	"        Validate profiles; print every problem. Exit 0 all valid, 1 otherwise.\n"
	"  export --oci|--k8s PROFILE|SKILL [-o FILE]\n"
	"        Print the syscall policy as an OCI runtime-spec / Docker seccomp\n"
	"        profile (--oci), or as a Kubernetes SeccompProfile resource of the\n"
	"        Security Profiles Operator (--k8s). What the format cannot express\n"
	"        is listed on stderr.\n"
	"  openclaw --agent ID [--workspace DIR] [--node NODE] [--log FILE] [--oci FILE] SKILLDIR...\n"
	"        Print the openclaw.json agents.list[] entry for an agent bound to these\n"
	"        skills and the matching clawshim-node/clawshim-sh agent table.\n"
	"\n"
	"A SKILL argument is a directory holding SKILL.md or a file ending in .md;\n"
	"anything else is read as profile JSON.\n"
	"  -h, --help   show this help\n"
	"  --version    print the version\n"
	"\n"
	"Exit status: 0 success (check: allowed), 1 denied or invalid input, 2 usage.\n";

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "clawpolicy: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'clawpolicy --help'\n");
	return CS_EXIT_USAGE;
}

static bool is_skill_path(const char *path)
{
	struct stat st;
	size_t n = strlen(path);

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return true;
	return n >= 3 && strcmp(path + n - 3, ".md") == 0;
}

/* Loads a profile from profile JSON, or compiles one from a skill. */
static int load_any(const char *path, struct cs_profile *p, struct cs_diags *d)
{
	if (!is_skill_path(path))
		return cs_profile_load(path, p, d);
	struct cs_skill s;
	int r = cs_skill_load(path, &s, d);
	if (r < 0)
		return r;
	r = cs_profile_from_skill(&s, p);
	cs_skill_free(&s);
	return r;
}

/* Writes text to -o FILE atomically, or to stdout. */
static int emit(const char *out, const char *text)
{
	if (!out) {
		fputs(text, stdout);
		return fflush(stdout) == 0 ? 0 : -EIO;
	}
	return cs_write_file_atomic(out, text, strlen(text), 0644);
}

/* ---- check ---------------------------------------------------------------- */

static int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = { { "caps", required_argument, NULL, 'c' },
					      { "tool", required_argument, NULL, 't' },
					      { "json", no_argument, NULL, 'j' },
					      { NULL, 0, NULL, 0 } };
	const char *caps_arg = NULL, *tool = NULL;
	bool json = false;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'c': caps_arg = optarg; break;
		case 't': tool = optarg; break;
		case 'j': json = true; break;
		default: return usage_error("check: %s", "bad option");
		}
	}
	if (!caps_arg || !tool)
		return usage_error("check: %s", "--caps LIST and --tool NAME are required");
	if (optind != argc)
		return usage_error("check: unexpected argument '%s'", argv[optind]);

	struct cs_diags d = { 0 };
	cs_capset caps;
	if (cs_capset_parse(caps_arg, &caps, &d) < 0) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "clawpolicy: check: %s\n", d.v[i].msg);
		cs_diags_free(&d);
		return CS_EXIT_USAGE;
	}
	struct cs_gate_verdict v;
	cs_tool_gate(caps, tool, &v);
	if (json) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "tool", tool);
		cJSON_AddBoolToObject(o, "allowed", v.allowed);
		cJSON_AddStringToObject(o, "tier", cs_tier_name(v.tier));
		if (v.missing != CS_CAP_NONE)
			cJSON_AddStringToObject(o, "missingCapability", cs_cap_name(v.missing));
		else
			cJSON_AddNullToObject(o, "missingCapability");
		cJSON_AddStringToObject(o, "reason", v.reason);
		_cleanup_free_ char *s = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
		if (s)
			puts(s);
	} else {
		puts(v.reason);
	}
	return v.allowed ? CS_EXIT_OK : CS_EXIT_DENIED;
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
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': *out = optarg; break;
		case 'O': oci = true; break;
		case 'K':
			if (!k8s)
				return usage_error("%s: --k8s belongs to 'export'", cmd);
			*k8s = true;
			break;
		case 'B':
			if (!allow_blocked)
				return usage_error("%s: --allow-blocked belongs to 'compile'", cmd);
			*allow_blocked = true;
			break;
		default: return usage_error("%s: bad option", cmd);
		}
	}
	if (want_oci && oci && k8s && *k8s)
		return usage_error("%s: give one of --oci and --k8s", cmd);
	if (want_oci && !oci && !(k8s && *k8s))
		return usage_error("%s: --oci or --k8s is required (the export format)", cmd);
	if (!want_oci && oci)
		return usage_error("%s: --oci belongs to 'export'", cmd);
	if (optind + 1 != argc)
		return usage_error("%s: expected exactly one input", cmd);
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

static int cmd_compile(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	bool allow_blocked = false;
	int r = parse_input_and_output(argc, argv, "compile", false, &in, &out, &allow_blocked,
				       NULL);
	if (r)
		return r;

	struct cs_diags d = { 0 };
	struct cs_skill s;
	struct cs_profile p;
	if (cs_skill_load(in, &s, &d) < 0) {
		cs_diags_print(&d, stderr, NULL);
		cs_diags_free(&d);
		return CS_EXIT_DENIED;
	}
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
	_cleanup_free_ char *text = j ? cJSON_Print(j) : NULL;
	cJSON_Delete(j);
	cs_profile_free(&p);
	_cleanup_free_ char *line = text ? cs_asprintf("%s\n", text) : NULL;
	if (!line || (r = emit(out, line)) < 0) {
		fprintf(stderr, "clawpolicy: compile: %s: %s\n", out ? out : "stdout",
			strerror(line ? -r : ENOMEM));
		return CS_EXIT_DENIED;
	}
	return CS_EXIT_OK;
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
		for (const char *const *c = s->calls; *c; c++)
			printf("%s%s", c == s->calls ? " " : ", ", *c);
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
	printf("  %-14s no_new_privs, all Linux capabilities dropped, foreign ABIs killed\n",
	       "process");
	if (p->log)
		printf("  %-14s %s\n", "security log", p->log);
}

static int cmd_explain(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-')
		return usage_error("explain: %s", "expected one PROFILE or SKILL");
	struct cs_diags d = { 0 };
	struct cs_profile p;
	if (load_any(argv[1], &p, &d) < 0) {
		cs_diags_print(&d, stderr, NULL);
		cs_diags_free(&d);
		return CS_EXIT_DENIED;
	}
	_cleanup_free_ char *caps = cs_capset_format(p.caps);
	printf("Skill:        %s\n", p.skill ? p.skill : "(unnamed)");
	printf("Source:       %s\n", argv[1]);
	printf("Capabilities: %s\n\n", caps && *caps ? caps : "(none)");
	explain_tools(&p);
	explain_process(&p);
	cs_profile_free(&p);
	return CS_EXIT_OK;
}

/* ---- lint ----------------------------------------------------------------- */

static int cmd_lint(int argc, char **argv)
{
	int bad = 0;

	if (argc < 2)
		return usage_error("lint: %s", "expected at least one PROFILE");
	for (int i = 1; i < argc; i++) {
		struct cs_diags d = { 0 };
		struct cs_profile p;
		if (cs_profile_load(argv[i], &p, &d) < 0) {
			cs_diags_print(&d, stderr, NULL);
			bad++;
		} else {
			printf("%s: ok\n", argv[i]);
			cs_profile_free(&p);
		}
		cs_diags_free(&d);
	}
	return bad ? CS_EXIT_DENIED : CS_EXIT_OK;
}

/* ---- export --------------------------------------------------------------- */

static int cmd_export(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	bool k8s = false;
	int r = parse_input_and_output(argc, argv, "export", true, &in, &out, NULL, &k8s);
	if (r)
		return r;
	struct cs_diags d = { 0 };
	struct cs_profile p;
	if (load_any(in, &p, &d) < 0) {
		cs_diags_print(&d, stderr, NULL);
		cs_diags_free(&d);
		return CS_EXIT_DENIED;
	}
	_cleanup_strv_ struct cs_strv notes = { 0 };
	cJSON *j = k8s ? cs_k8s_export(&p, &notes) : cs_oci_export(&p, &notes);
	_cleanup_free_ char *name = k8s ? cs_k8s_name(&p) : NULL;
	cs_profile_free(&p);
	_cleanup_free_ char *text = j ? cJSON_Print(j) : NULL;
	cJSON_Delete(j);
	_cleanup_free_ char *line = text ? cs_asprintf("%s\n", text) : NULL;
	if (!line || (r = emit(out, line)) < 0) {
		fprintf(stderr, "clawpolicy: export: %s: %s\n", out ? out : "stdout",
			strerror(line ? -r : ENOMEM));
		return CS_EXIT_DENIED;
	}
	for (size_t i = 0; i < notes.n; i++)
		fprintf(stderr, "clawpolicy: export: not in the %s: %s\n",
			k8s ? "SeccompProfile" : "OCI profile", notes.v[i]);
	if (k8s && name)
		fprintf(stderr,
			"clawpolicy: export: apply it with 'kubectl apply -n NAMESPACE -f FILE'; a pod\n"
			"  refers to it with securityContext.seccompProfile {type: Localhost,\n"
			"  localhostProfile: the resource's status.localhostProfile}, shown by\n"
			"  kubectl get seccompprofile %s -n NAMESPACE "
			"-o jsonpath='{.status.localhostProfile}'\n"
			"  (without the operator: the --oci export in /var/lib/kubelet/seccomp/ on\n"
			"  every node, and localhostProfile: its path there)\n",
			name);
	return CS_EXIT_OK;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} commands[] = {
		{ "check", cmd_check },     { "compile", cmd_compile }, { "explain", cmd_explain },
		{ "lint", cmd_lint },       { "export", cmd_export },
		{ "openclaw", clawpolicy_openclaw },
	};

	if (argc < 2)
		return usage_error("%s", "missing COMMAND");
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
	return usage_error("unknown command '%s'", argv[1]);
}
