/* clawshim-node: a headless OpenClaw node host that serves system.run and
 * nothing else. Each command runs under clawrun with the line of the agent
 * table that the gateway-sent agentId names; the request's environment,
 * working directory and command text never choose the confinement. */
#include "node.h"
#include "clawshim/device_identity.h"
#include "clawshim/diag.h"
#include "clawshim/ws.h"
#include "cs_version.h"

#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_JOBS 32

static const char usage_text[] =
	"Usage: clawshim-node --policy FILE [OPTION]...\n"
	"A headless OpenClaw node host: serves system.run from the gateway, each\n"
	"command confined by clawrun under the policy line of the agent that\n"
	"the gateway names (agentId), read from FILE (an agent table, writable\n"
	"by its owner only). Agents without a line get \"default\", or are refused.\n"
	"\n"
	"Options:\n"
	"  --policy FILE         the agent table (JSON5; see README)\n"
	"  --gateway URL         the gateway (default ws://127.0.0.1:18789)\n"
	"  --token-file FILE     gateway token (default $OPENCLAW_GATEWAY_TOKEN)\n"
	"  --password-file FILE  gateway password (default $OPENCLAW_GATEWAY_PASSWORD)\n"
	"  --state-dir DIR       where the device identity is kept (identity/device.json;\n"
	"                        default ~/.openclaw/clawshim-node)\n"
	"  --name NAME           display name (default clawshim-node)\n"
	"  --print-node-id       print the node id (the device id) and exit\n"
	"  -h, --help            show this help\n"
	"  --version             print the version\n"
	"\n"
	"Secrets are never taken from the command line.\n"
	"Exit status: 0 after SIGTERM or SIGINT (every running tool ended); 1 when\n"
	"it cannot start (agent table, identity, secrets); 2 on a usage error.\n";

struct node {
	struct cs_agent_table table;
	struct link link;
	struct job *jobs[MAX_JOBS];
	size_t n_jobs;
	const char *self;
	char *home;
};

static const char *str_at(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static char *trimmed(const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return n ? strndup(s, n) : NULL;
}

/* ---- the environment a tool gets -------------------------------------------- */

/* As the stock node host does for `sh -lc` (sanitizeSystemRunEnvOverrides),
 * the request may set only these; everything else (OPENCLAW_*, CLAWSHIM_*,
 * LD_*, PATH, HOME) is dropped. */
static bool override_allowed(const char *k)
{
	static const char *const keys[] = { "TERM", "LANG", "COLORTERM", "NO_COLOR", "FORCE_COLOR" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return strncmp(k, "LC_", 3) == 0 && k[3] && strspn(k + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") ==
						     strlen(k + 3);
}

static void build_env(const struct node *n, const cJSON *req_env, struct cs_strv *env)
{
	cs_strv_push_owned(env, cs_asprintf("PATH=%s", NODE_DEFAULT_PATH));
	cs_strv_push_owned(env, cs_asprintf("HOME=%s", n->home));
	if (n->table.state)
		cs_strv_push_owned(env, cs_asprintf("OPENCLAW_STATE_DIR=%s", n->table.state));
	const cJSON *kv;
	if (!cJSON_IsObject(req_env))
		return;
	cJSON_ArrayForEach(kv, req_env) {
		if (cJSON_IsString(kv) && override_allowed(kv->string) && !strchr(kv->string, '='))
			cs_strv_push_owned(env, cs_asprintf("%s=%s", kv->string, kv->valuestring));
	}
}

/* The requested directory when it lies in the agent's workspace, else the
 * workspace: a model's workdir must not move the tool elsewhere. */
static const char *pick_cwd(const struct cs_agent_policy *p, const char *asked)
{
	if (cs_agent_path_in_workspace(p, asked))
		return asked;
	if (p->workspaces.n)
		return p->workspaces.v[0];
	return "/";
}

/* ---- system.run ------------------------------------------------------------- */

static void refuse(struct node *n, const char *id, const char *node_id, const char *code,
		   const char *msg)
{
	node_say("refused invoke %s: %s", id, msg);
	link_send_result(&n->link, id, node_id, NULL, code, msg);
}

static bool command_argv(const cJSON *cmd, struct cs_strv *out)
{
	const cJSON *a;
	if (!cJSON_IsArray(cmd) || cJSON_GetArraySize(cmd) == 0)
		return false;
	cJSON_ArrayForEach(a, cmd) {
		if (!cJSON_IsString(a))
			return false;
		cs_strv_push(out, a->valuestring);
	}
	return true;
}

static void run_params(struct node *n, const char *id, const char *node_id, const cJSON *params)
{
	_cleanup_strv_ struct cs_strv cmd = { 0 }, env = { 0 }, argv = { 0 };
	if (!command_argv(cJSON_GetObjectItemCaseSensitive(params, "command"), &cmd)) {
		refuse(n, id, node_id, "INVALID_REQUEST", "command required");
		return;
	}
	_cleanup_free_ char *agent = trimmed(str_at(params, "agentId"));
	_cleanup_free_ char *session = trimmed(str_at(params, "sessionKey"));
	const struct cs_agent_policy *line = cs_agent_table_find(&n->table, agent);
	if (!line) {
		_cleanup_free_ char *msg = cs_asprintf(
			"clawshim-node: agent '%s' has no line in %s and the default is to refuse",
			agent ? agent : "", n->table.file);
		refuse(n, id, node_id, "UNAVAILABLE", msg);
		return;
	}
	if (n->n_jobs == MAX_JOBS) {
		refuse(n, id, node_id, "UNAVAILABLE", "clawshim-node: too many commands running");
		return;
	}
	const char *cwd = pick_cwd(line, str_at(params, "cwd"));
	build_env(n, cJSON_GetObjectItemCaseSensitive(params, "env"), &env);
	const char *sk = session ? session : "node";
	if (cs_agent_clawrun_argv(&n->table, line, n->self, sk, agent, cmd.v, &argv) < 0) {
		refuse(n, id, node_id, "UNAVAILABLE", "clawshim-node: out of memory");
		return;
	}
	_cleanup_free_ char *shown = NULL;
	{
		cJSON *a = cJSON_CreateStringArray((const char *const *)cmd.v, (int)cmd.n);
		shown = cJSON_PrintUnformatted(a);
		cJSON_Delete(a);
	}
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(params, "timeoutMs");
	struct run_request rq = {
		.argv = argv.v,
		.cwd = cwd,
		.envp = env.v,
		.timeout_ms = cJSON_IsNumber(t) && t->valuedouble > 0 ? (long)t->valuedouble : 0,
	};
	node_say("system.run id=%s agent=%s session=%s line=%s cwd=%s argv=%s", id, agent ? agent : "",
	    sk, line->name, cwd, shown ? shown : "?");
	_cleanup_free_ char *why = NULL;
	struct job *j = job_start(&rq, id, node_id, cs_ws_now_ms(), &why);
	if (!j) {
		refuse(n, id, node_id, "UNAVAILABLE", why ? why : "cannot start");
		return;
	}
	n->jobs[n->n_jobs++] = j;
}

static void on_invoke(struct node *n, cJSON *p)
{
	_cleanup_free_ char *id = trimmed(str_at(p, "id"));
	_cleanup_free_ char *node_id = trimmed(str_at(p, "nodeId"));
	_cleanup_free_ char *command = trimmed(str_at(p, "command"));
	if (!id || !node_id || !command)
		return; /* not an invoke the stock node host would answer either */
	if (strcmp(command, "system.run") != 0) {
		refuse(n, id, node_id, "UNAVAILABLE", "command not supported");
		return;
	}
	const char *pj = str_at(p, "paramsJSON");
	cJSON *params = pj ? cJSON_Parse(pj) : NULL;
	if (!params && !pj)
		params = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(p, "params"), true);
	if (!cJSON_IsObject(params))
		refuse(n, id, node_id, "INVALID_REQUEST", "INVALID_REQUEST: paramsJSON required");
	else
		run_params(n, id, node_id, params);
	cJSON_Delete(params);
}

/* ---- jobs ------------------------------------------------------------------- */

static void reap(struct node *n)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (size_t i = 0; i < n->n_jobs; i++) {
			if (n->jobs[i]->pid == pid) {
				n->jobs[i]->pid = 0;
				n->jobs[i]->status = st;
			}
		}
	}
}

static void finish_jobs(struct node *n, long now)
{
	for (size_t i = 0; i < n->n_jobs;) {
		struct job *j = n->jobs[i];
		if (j->pid > 0 && j->deadline >= 0 && now >= j->deadline && !j->timed_out) {
			j->timed_out = true;
			job_kill(j);
		}
		/* The command has exited, but something it started still holds its
		 * output open: system.run is synchronous, so the rest of its group
		 * ends with it (the stock node host answers at exit, too). */
		if (j->pid == 0 && (j->out >= 0 || j->err >= 0) && j->pgid > 0) {
			job_kill(j);
			j->pgid = 0;
		}
		if (!job_done(j)) {
			i++;
			continue;
		}
		_cleanup_free_ char *payload = job_payload(j);
		if (WIFEXITED(j->status))
			node_say("system.run id=%s exit=%d timedOut=%s", j->invoke_id, WEXITSTATUS(j->status),
			    j->timed_out ? "true" : "false");
		else
			node_say("system.run id=%s signal=%d timedOut=%s", j->invoke_id,
			    WIFSIGNALED(j->status) ? WTERMSIG(j->status) : 0,
			    j->timed_out ? "true" : "false");
		link_send_result(&n->link, j->invoke_id, j->node_id, payload, NULL, NULL);
		job_free(j);
		n->jobs[i] = n->jobs[--n->n_jobs];
	}
}

/* Ends every running tool and waits for it: on shutdown, and when the link
 * drops (the gateway has already failed those invokes; nobody would read
 * their results). */
static void end_all_jobs(struct node *n)
{
	for (size_t i = 0; i < n->n_jobs; i++) {
		struct job *j = n->jobs[i];
		job_kill(j);
		if (j->pid > 0) {
			waitpid(j->pid, NULL, 0);
			node_say("system.run id=%s ended (link down or shutdown)", j->invoke_id);
		}
		job_free(j);
	}
	n->n_jobs = 0;
}

/* ---- the loop --------------------------------------------------------------- */

static int serve(struct node *n, int sfd)
{
	for (;;) {
		long now = cs_ws_now_ms();
		enum link_state before = n->link.state;
		link_step(&n->link, now);
		if (before == LINK_READY && n->link.state != LINK_READY)
			end_all_jobs(n);

		struct pollfd pf[2 + 2 * MAX_JOBS];
		struct job *owner[2 + 2 * MAX_JOBS];
		size_t k = 0;
		pf[k++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		pf[k++] = (struct pollfd){ .fd = n->link.fd, .events = POLLIN };
		long wake = link_wake(&n->link);
		for (size_t i = 0; i < n->n_jobs; i++) {
			struct job *j = n->jobs[i];
			if (j->out >= 0) {
				owner[k] = j;
				pf[k++] = (struct pollfd){ .fd = j->out, .events = POLLIN };
			}
			if (j->err >= 0) {
				owner[k] = j;
				pf[k++] = (struct pollfd){ .fd = j->err, .events = POLLIN };
			}
			if (j->deadline >= 0 && !j->timed_out && (wake < 0 || j->deadline < wake))
				wake = j->deadline;
		}
		int timeout = wake < 0 ? -1 : wake <= now ? 0 : (int)(wake - now);
		if (poll(pf, k, timeout) < 0 && errno != EINTR)
			return 1;
		if (pf[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
				if (si.ssi_signo == SIGCHLD)
					continue;
				node_say("signal %u: ending %zu running tool(s) and leaving", si.ssi_signo,
				    n->n_jobs);
				end_all_jobs(n);
				link_drop(&n->link, cs_ws_now_ms(), 1000, "node shutting down");
				return 0;
			}
		}
		for (size_t i = 2; i < k; i++)
			if (pf[i].revents)
				job_pump(owner[i], pf[i].fd);
		reap(n);
		if (n->link.fd >= 0 && (pf[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			before = n->link.state;
			cJSON *inv = link_read(&n->link, cs_ws_now_ms());
			if (inv)
				on_invoke(n, inv);
			cJSON_Delete(inv);
			if (before == LINK_READY && n->link.state != LINK_READY)
				end_all_jobs(n);
		}
		finish_jobs(n, cs_ws_now_ms());
	}
}

/* ---- start ------------------------------------------------------------------ */

static int usage_error(const char *msg)
{
	fprintf(stderr, "clawshim-node: %s\nTry 'clawshim-node --help'.\n", msg);
	return 2;
}

static char *secret(const char *file, const char *env, const char **why)
{
	if (!file)
		return trimmed(getenv(env));
	char *text = NULL;
	size_t len;
	if (cs_read_file(file, 65536, &text, &len) < 0) {
		*why = file;
		return NULL;
	}
	char *t = trimmed(text);
	free(text);
	if (!t)
		*why = file;
	return t;
}

static bool loopback(const char *host)
{
	return strncmp(host, "127.", 4) == 0 || strcmp(host, "localhost") == 0 ||
	       strcmp(host, "::1") == 0;
}

int main(int argc, char **argv)
{
	enum { O_POLICY = 256, O_GATEWAY, O_TOKEN_FILE, O_PASSWORD_FILE, O_STATE, O_NAME, O_PRINT,
	       O_VERSION };
	static const struct option opts[] = {
		{ "policy", required_argument, NULL, O_POLICY },
		{ "gateway", required_argument, NULL, O_GATEWAY },
		{ "token-file", required_argument, NULL, O_TOKEN_FILE },
		{ "password-file", required_argument, NULL, O_PASSWORD_FILE },
		{ "state-dir", required_argument, NULL, O_STATE },
		{ "name", required_argument, NULL, O_NAME },
		{ "print-node-id", no_argument, NULL, O_PRINT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, O_VERSION },
		{ 0 },
	};
	const char *policy = NULL, *url = "ws://127.0.0.1:18789", *token_file = NULL;
	const char *password_file = NULL, *state = NULL, *name = "clawshim-node";
	bool print_id = false;
	int c;
	/* no abbreviations: "--token" must not quietly mean --token-file */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		size_t len = strcspn(argv[i] + 2, "=");
		bool known = false;
		for (const struct option *o = opts; o->name; o++)
			known |= strlen(o->name) == len && strncmp(o->name, argv[i] + 2, len) == 0;
		if (!known)
			return usage_error("unknown option (secrets come from the environment or a file)");
		if (i + 1 < argc && strcmp(argv[i], "--print-node-id") && strcmp(argv[i], "--help") &&
		    strcmp(argv[i], "--version") && !strchr(argv[i], '='))
			i++; /* its value */
	}
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case O_POLICY: policy = optarg; break;
		case O_GATEWAY: url = optarg; break;
		case O_TOKEN_FILE: token_file = optarg; break;
		case O_PASSWORD_FILE: password_file = optarg; break;
		case O_STATE: state = optarg; break;
		case O_NAME: name = optarg; break;
		case O_PRINT: print_id = true; break;
		case 'h': fputs(usage_text, stdout); return 0;
		case O_VERSION: printf("clawshim-node %s\n", CS_VERSION); return 0;
		default: return usage_error("unknown option or missing argument");
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument");
	const char *home = getenv("HOME");
	_cleanup_free_ char *state_default = NULL;
	if (!state) {
		if (!home || *home != '/')
			return usage_error("--state-dir is needed when HOME is not set");
		state_default = cs_asprintf("%s/.openclaw/clawshim-node", home);
		state = state_default;
	}
	const char *why = NULL;
	if (mkdir(state, 0700) < 0 && errno != EEXIST) {
		node_say("cannot create the state dir %s: %s", state, strerror(errno));
		return 1;
	}
	struct cs_device_identity *dev = cs_device_identity_load(state, &why);
	if (!dev) {
		node_say("device identity in %s: %s", state, why ? why : "cannot load");
		return 1;
	}
	if (print_id) {
		puts(cs_device_identity_id(dev));
		cs_device_identity_free(dev);
		return 0;
	}
	if (!policy) {
		cs_device_identity_free(dev);
		return usage_error("--policy FILE is required");
	}
	char host[256], port[16];
	const char *path;
	bool tls;
	if (!cs_ws_parse_url(url, host, sizeof(host), port, sizeof(port), &path, &tls) || tls ||
	    !loopback(host)) {
		cs_device_identity_free(dev);
		return usage_error("--gateway must be a ws:// URL on loopback (no TLS client; a "
				   "remote gateway is reached through an SSH tunnel)");
	}
	struct node n = { .self = argv[0], .home = strdup(home && *home == '/' ? home : "/") };
	struct cs_diags d = { 0 };
	if (cs_agent_table_load(policy, &n.table, &d) < 0) {
		cs_diags_print(&d, stderr, "clawshim-node: ");
		cs_diags_free(&d);
		cs_device_identity_free(dev);
		free(n.home);
		return 1;
	}
	_cleanup_free_ char *token = secret(token_file, "OPENCLAW_GATEWAY_TOKEN", &why);
	_cleanup_free_ char *password = secret(password_file, "OPENCLAW_GATEWAY_PASSWORD", &why);
	if ((token_file && !token) || (password_file && !password)) {
		node_say("cannot read a secret from %s", why);
		cs_agent_table_free(&n.table);
		cs_device_identity_free(dev);
		free(n.home);
		return 1;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	int sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	n.link = (struct link){ .url = url, .token = token, .password = password, .name = name,
				.dev = dev, .fd = -1, .backoff_ms = 1000, .tick_ms = 30000 };
	node_say("node %s (%s) for %s, agent table %s", cs_device_identity_id(dev), name, url, policy);
	int rc = sfd < 0 ? 1 : serve(&n, sfd);
	cs_agent_table_free(&n.table);
	cs_device_identity_free(dev);
	free(n.home);
	return rc;
}
