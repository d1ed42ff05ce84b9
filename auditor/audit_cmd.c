/* `clawaudit [audit]`: find the OpenClaw config and state, load the config,
 * run every check, print the report. */
#include "audit_run.h"
#include "dotenv.h"
#include "fix.h"
#include "fix_report.h"
#include "probe.h"
#include "occonfig.h"
#include "configpos.h"
#include "sarif.h"
#include "clawshim/diag.h"
#include "clawshim/exitcodes.h"
#include "clawshim/openclaw_paths.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char audit_usage[] =
	"Usage: clawaudit [audit] [OPTION]...\n"
	"Audit an OpenClaw config and state directory for security foot-guns, check for\n"
	"check as `openclaw security audit` does: gateway exposure and auth, browser\n"
	"control, hooks, tools and sandboxing, models, open groups, plugins and install\n"
	"records, and the permissions of every file that holds secrets.\n"
	"\n"
	"Options:\n"
	"  --format FORMAT      text (the default), json (as openclaw security audit\n"
	"                       --json) or sarif (SARIF 2.1.0, for code scanning; results\n"
	"                       at the config key or file they concern)\n"
	"  --json               the same as --format json\n"
	"  --deep               also scan installed plugins' and skills' code for\n"
	"                       dangerous patterns, and probe the live gateway (its\n"
	"                       WebSocket on loopback, or gateway.remote.url in remote\n"
	"                       mode; at most 5 s)\n"
	"  --token TOKEN        gateway token for the --deep probe (this run only)\n"
	"  --password PASSWORD  gateway password for the --deep probe (this run only)\n"
	"  --probe-timeout MS   give the --deep probe at most MS milliseconds (default 5000)\n"
	"  --fix                apply OpenClaw's safe fixes first, then audit: logging\n"
	"                       redaction back on, open groups to allowlist (WhatsApp\n"
	"                       seeded from its pairing store), 0700/0600 on the state\n"
	"                       dir, config, includes, credentials, agent and session\n"
	"                       files. Config values are edited in place (comments and\n"
	"                       formatting kept; FILE.bak keeps the previous text);\n"
	"                       symlinks are reported, never followed or changed\n"
	"  --fail-on LEVEL      exit 1 when a finding at LEVEL (critical or warn) or\n"
	"                       worse exists\n"
	"  --config PATH        the OpenClaw config (default: $OPENCLAW_CONFIG_PATH, else\n"
	"                       openclaw.json in the state directory, or a legacy name)\n"
	"  --state-dir DIR      the OpenClaw state directory (default: $OPENCLAW_STATE_DIR,\n"
	"                       else ~/.openclaw or a legacy ~/.clawdbot, ~/.moldbot,\n"
	"                       ~/.moltbot)\n"
	"                       A PATH or DIR given here must exist; only the defaults\n"
	"                       may be missing (an empty config is audited then)\n"
	"  --no-color           no colours (also: NO_COLOR set, or output not a terminal)\n"
	"  -h, --help           show this help\n"
	"\n"
	"The config is read as OpenClaw reads it: JSON5, $include files merged in, the\n"
	"config's env block and the .env files (working directory, state directory)\n"
	"applied, ${VAR} references substituted.\n"
	"\n"
	"Exit status: 0 the audit ran (whatever it found), 1 --fail-on matched,\n"
	"2 usage error or a config that cannot be read or parsed (FILE:LINE:COL).\n";

struct audit_opts {
	bool json;
	bool sarif;
	bool fix;
	bool deep;
	const char *token;
	const char *password;
	unsigned probe_timeout_ms;
	bool color;
	int fail_on; /* -1: none, else the lowest severity that fails */
	const char *config;
	const char *state_dir;
};

static int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("clawaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (status == CS_EXIT_USAGE)
		fputs("Try 'clawaudit --help'\n", stderr);
	return status;
}

enum { OPT_JSON = 256, OPT_FIX, OPT_DEEP, OPT_TOKEN, OPT_PASSWORD, OPT_PROBE_TIMEOUT, OPT_FAIL_ON, OPT_CONFIG, OPT_STATE_DIR, OPT_NO_COLOR, OPT_FORMAT };

/* -1 to go on, else the exit status. */
static int parse_opts(int argc, char **argv, struct audit_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fix", no_argument, NULL, OPT_FIX },
		{ "deep", no_argument, NULL, OPT_DEEP },
		{ "token", required_argument, NULL, OPT_TOKEN },
		{ "password", required_argument, NULL, OPT_PASSWORD },
		{ "probe-timeout", required_argument, NULL, OPT_PROBE_TIMEOUT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "no-color", no_argument, NULL, OPT_NO_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *nc = getenv("NO_COLOR");
	int c;

	*o = (struct audit_opts){ .fail_on = -1 };
	o->color = isatty(STDOUT_FILENO) && !(nc && *nc);
	optind = 1;
	opterr = 0;
	/* ':' first: a missing argument comes back as ':', not as '?' */
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_FORMAT:
			if (sarif_parse_format(optarg, &o->json, &o->sarif) < 0)
				return fail(CS_EXIT_USAGE, "--format: '%s' is not text, json or sarif",
					    optarg);
			break;
		case OPT_FIX:
			o->fix = true;
			break;
		case OPT_DEEP:
			o->deep = true;
			break;
		case OPT_TOKEN:
			o->token = optarg;
			break;
		case OPT_PASSWORD:
			o->password = optarg;
			break;
		case OPT_PROBE_TIMEOUT: {
			char *end;
			unsigned long ms = strtoul(optarg, &end, 10);
			if (!*optarg || *end || ms == 0 || ms > 600000)
				return fail(CS_EXIT_USAGE,
					    "--probe-timeout: '%s' is not a number of milliseconds "
					    "(1-600000)",
					    optarg);
			o->probe_timeout_ms = (unsigned)ms;
			break;
		}
		case OPT_FAIL_ON:
			if (strcmp(optarg, "critical") == 0)
				o->fail_on = SEV_CRITICAL;
			else if (strcmp(optarg, "warn") == 0)
				o->fail_on = SEV_WARN;
			else
				return fail(CS_EXIT_USAGE, "--fail-on: '%s' is not critical or warn",
					    optarg);
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case OPT_STATE_DIR:
			o->state_dir = optarg;
			break;
		case OPT_NO_COLOR:
			o->color = false;
			break;
		case 'h':
			fputs(audit_usage, stdout);
			return CS_EXIT_OK;
		case ':':
			return fail(CS_EXIT_USAGE, "option '%s' needs an argument", argv[optind - 1]);
		default:
			if (optopt && strncmp(argv[optind - 1], "--", 2) == 0 &&
			    strchr(argv[optind - 1], '='))
				return fail(CS_EXIT_USAGE, "option '%.*s' takes no argument",
					    (int)(strchr(argv[optind - 1], '=') - argv[optind - 1]),
					    argv[optind - 1]);
			if (optopt && c == '?' && argv[optind - 1][0] == '-' &&
			    argv[optind - 1][1] != '-')
				return fail(CS_EXIT_USAGE, "unknown option '-%c'", optopt);
			return fail(CS_EXIT_USAGE, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return fail(CS_EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
	return -1;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool fails(const struct findings *f, int level)
{
	for (size_t i = 0; level >= 0 && i < f->n; i++)
		if ((int)f->v[i].severity >= level)
			return true;
	return false;
}

/* Loads the config; on failure prints why (FILE:LINE:COL) and returns -1. */
static int load_config(const char *path, struct oc_config *cfg)
{
	struct cs_diags d = { 0 };
	int r = oc_config_load(path, cfg, &d);
	if (r < 0)
		cs_diags_print(&d, stderr, "clawaudit: ");
	cs_diags_free(&d);
	return r;
}

/* The SARIF log, its results at the config keys (config and $include files)
 * they concern. Returns 0 or a negative errno. */
static int print_sarif(const struct findings *f, const struct oc_config *cfg, const char *config)
{
	struct config_positions keys = { 0 };
	int r = config_positions_add(&keys, config, "$");

	for (size_t i = 0; r == 0 && i < cfg->includes.n; i++)
		r = config_positions_add(&keys, cfg->includes.v[i], cfg->include_at.v[i]);
	struct sarif_audit_source src = { config, &keys };
	if (r == 0)
		r = sarif_print(stdout, sarif_audit_log(f, &src));
	config_positions_free(&keys);
	return r;
}

static void print_report(const struct audit_opts *o, const struct findings *f,
			 const struct fix_result *fx, const struct probe_result *deep,
			 const char *state, const char *config, const char *home)
{
	if (o->json && fx) {
		cJSON *doc = cJSON_CreateObject();
		cJSON_AddItemToObject(doc, "fix", fix_tree(fx, state, config));
		cJSON_AddItemToObject(doc, "report", report_tree(f, now_ms(), deep));
		json_write(stdout, doc);
		cJSON_Delete(doc);
	} else if (o->json) {
		report_json(stdout, f, now_ms(), deep);
	} else {
		_cleanup_free_ char *pre = fx ? fix_text(fx, home) : NULL;
		report_text(stdout, f, o->color, pre);
	}
}

int cs_cmd_audit(int argc, char **argv)
{
	struct audit_opts o;
	int r = parse_opts(argc, argv, &o);
	if (r >= 0)
		return r;

	/* OpenClaw reads .env from the working directory first, then from its
	 * state directory; neither overrides what is already set */
	oc_dotenv_load(".env");
	_cleanup_free_ char *home = cs_oc_home();
	_cleanup_free_ char *state = o.state_dir ? cs_oc_resolve(o.state_dir, home ? home : "/")
						 : cs_oc_state_dir();
	if (!home || !state)
		return fail(CS_EXIT_USAGE, "cannot determine the home or state directory");
	/* only the implicit defaults may be missing: a path given on the
	 * command line that is not there is a typo, not an empty config */
	struct stat st;
	if (o.state_dir) {
		int err = stat(state, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
		if (err)
			return fail(CS_EXIT_USAGE, "--state-dir %s: %s", o.state_dir, strerror(err));
	}
	_cleanup_free_ char *dotenv = cs_asprintf("%s/.env", state);
	if (dotenv)
		oc_dotenv_load(dotenv);
	_cleanup_free_ char *config = o.config ? cs_oc_resolve(o.config, home)
					       : cs_oc_config_path(state);
	if (!config)
		return fail(CS_EXIT_USAGE, "out of memory");
	if (o.config && stat(config, &st) < 0)
		return fail(CS_EXIT_USAGE, "--config %s: %s", o.config, strerror(errno));

	struct oc_config cfg;
	if (load_config(config, &cfg) < 0)
		return CS_EXIT_USAGE;

	struct fix_result fx = { 0 };
	if (o.fix) {
		struct fix_input fin = { state, config, &cfg, home };
		fix_run(&fin, &fx);
		/* the report is the audit of what the fix left */
		oc_config_free(&cfg);
		if (load_config(config, &cfg) < 0) {
			fix_result_free(&fx);
			return CS_EXIT_USAGE;
		}
	}
	struct probe_opts popts = { .state_dir = state, .token = o.token, .password = o.password,
				    .timeout_ms = o.probe_timeout_ms };
	struct probe_result probe = { 0 };
	struct audit_input in = { cfg.root, state, config, &cfg.includes, home, o.deep, &popts,
				  o.deep ? &probe : NULL };
	struct findings f;
	if (audit_run(&in, &f) < 0) {
		findings_free(&f);
		oc_config_free(&cfg);
		fix_result_free(&fx);
		probe_result_free(&probe);
		return fail(CS_EXIT_USAGE, "out of memory");
	}
	if (o.sarif && print_sarif(&f, &cfg, config) < 0) {
		probe_result_free(&probe);
		findings_free(&f);
		oc_config_free(&cfg);
		fix_result_free(&fx);
		return fail(CS_EXIT_USAGE, "cannot write the report");
	}
	if (!o.sarif)
		print_report(&o, &f, o.fix ? &fx : NULL, o.deep ? &probe : NULL, state, config,
			     home);
	probe_result_free(&probe);
	r = fails(&f, o.fail_on) ? CS_EXIT_DENIED : CS_EXIT_OK;
	findings_free(&f);
	oc_config_free(&cfg);
	fix_result_free(&fx);
	if (fflush(stdout) != 0 || ferror(stdout))
		return fail(CS_EXIT_USAGE, "cannot write the report");
	return r;
}
