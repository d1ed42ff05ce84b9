/* clawshim-node against a stand-in gateway: the test speaks the gateway's
 * side of OpenClaw's node protocol over a loopback WebSocket (challenge,
 * connect with a device proof, node.invoke.request → node.invoke.result)
 * and drives the real clawshim-node binary, whose commands run under the
 * real clawrun. */
#include "clawshim/util.h"
#include "fakegw.h"
#include "proc.h"
#include "tmpdir.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NODE_BIN CS_BUILDDIR "/bin/clawshim-node"
#define TOKEN "s3cret-token"
#define WAIT_MS 60000 /* a bound for a hung node, not an expectation */

static const char *g_dir;
static char g_ws[128];
static int g_listen = -1, g_conn = -1;
static unsigned short g_port;
static pid_t g_node;

/* ---- the gateway's side of the wire ------------------------------------------ */

/* Servers do not mask; a short write to the node fails the test. */
static void send_text(int fd, const char *payload)
{
	cr_assert(fakegw_send_frame(fd, 1, payload, strlen(payload)));
}

static cJSON *recv_json(void)
{
	char *t = fakegw_read_text(g_conn);
	cr_assert_not_null(t, "the node closed the connection or went silent");
	cJSON *j = cJSON_Parse(t);
	free(t);
	cr_assert_not_null(j);
	return j;
}

static const char *jstr(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static bool array_is(const cJSON *a, const char *only)
{
	return cJSON_IsArray(a) && cJSON_GetArraySize(a) == (only ? 1 : 0) &&
	       (!only || strcmp(cJSON_GetStringValue(cJSON_GetArrayItem(a, 0)), only) == 0);
}

/* Accepts the node's next connection and takes it through the handshake,
 * checking the connect request as a gateway does. */
static void accept_node(void)
{
	cr_assert(fakegw_wait_readable(g_listen), "the node did not connect");
	g_conn = accept(g_listen, NULL, NULL);
	cr_assert_geq(g_conn, 0);
	char req[4096];
	size_t len = 0;
	while (len < 4 || memcmp(req + len - 4, "\r\n\r\n", 4) != 0) {
		cr_assert(len + 1 < sizeof(req) && fakegw_read_exact(g_conn, req + len, 1));
		len++;
	}
	req[len] = '\0';
	cr_assert(strncmp(req, "GET / HTTP/1.1\r\n", 16) == 0, "%s", req);
	cr_assert_not_null(strcasestr(req, "Upgrade: websocket"));
	const char *resp = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
			   "Connection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n";
	cr_assert_eq(write(g_conn, resp, strlen(resp)), (ssize_t)strlen(resp));
	char nonce[40];
	snprintf(nonce, sizeof(nonce), "nonce-%ld", (long)time(NULL) ^ (long)getpid());
	char ev[160];
	snprintf(ev, sizeof(ev),
		 "{\"type\":\"event\",\"event\":\"connect.challenge\",\"payload\":{\"nonce\":\"%s\"}}",
		 nonce);
	send_text(g_conn, ev);
	cJSON *m = recv_json();
	cr_assert_str_eq(jstr(m, "type"), "req");
	cr_assert_str_eq(jstr(m, "method"), "connect");
	const cJSON *p = cJSON_GetObjectItem(m, "params");
	const cJSON *client = cJSON_GetObjectItem(p, "client");
	cr_assert_str_eq(jstr(p, "role"), "node");
	cr_assert_str_eq(jstr(client, "id"), "node-host");
	cr_assert_str_eq(jstr(client, "mode"), "node");
	cr_assert_str_eq(jstr(client, "displayName"), "test-node");
	cr_assert(array_is(cJSON_GetObjectItem(p, "commands"), "system.run"));
	cr_assert(array_is(cJSON_GetObjectItem(p, "caps"), "system"));
	cr_assert(array_is(cJSON_GetObjectItem(p, "scopes"), NULL));
	cr_assert_str_eq(jstr(cJSON_GetObjectItem(p, "auth"), "token"), TOKEN);
	cr_assert(fakegw_device_proof_valid(p, "node-host|node|node|", TOKEN, nonce),
		  "the device proof does not verify");
	char res[256];
	snprintf(res, sizeof(res),
		 "{\"type\":\"res\",\"id\":\"%s\",\"ok\":true,\"payload\":{\"type\":\"hello-ok\","
		 "\"protocol\":3,\"policy\":{\"tickIntervalMs\":30000}}}",
		 jstr(m, "id"));
	cJSON_Delete(m);
	send_text(g_conn, res);
}

static void send_invoke(const char *id, const char *command, cJSON *params)
{
	cJSON *ev = cJSON_CreateObject();
	cJSON_AddStringToObject(ev, "type", "event");
	cJSON_AddStringToObject(ev, "event", "node.invoke.request");
	cJSON *pl = cJSON_AddObjectToObject(ev, "payload");
	cJSON_AddStringToObject(pl, "id", id);
	cJSON_AddStringToObject(pl, "nodeId", "the-node");
	cJSON_AddStringToObject(pl, "command", command);
	char *pj = cJSON_PrintUnformatted(params);
	cJSON_AddStringToObject(pl, "paramsJSON", pj);
	free(pj);
	cJSON_Delete(params);
	char *text = cJSON_PrintUnformatted(ev);
	cJSON_Delete(ev);
	send_text(g_conn, text);
	free(text);
}

/* The params of the node's node.invoke.result for invoke id. */
static cJSON *await_result(const char *id)
{
	for (;;) {
		cJSON *m = recv_json();
		const cJSON *p = cJSON_GetObjectItem(m, "params");
		if (strcmp(jstr(m, "method") ? jstr(m, "method") : "", "node.invoke.result") == 0 &&
		    jstr(p, "id") && strcmp(jstr(p, "id"), id) == 0) {
			cr_assert_str_eq(jstr(p, "nodeId"), "the-node");
			cJSON *out = cJSON_Duplicate(p, true);
			cJSON_Delete(m);
			return out;
		}
		cJSON_Delete(m);
	}
}

static cJSON *run_params(const char *agent, const char *session, const char *sh_cmd)
{
	cJSON *p = cJSON_CreateObject();
	cJSON *c = cJSON_AddArrayToObject(p, "command");
	cJSON_AddItemToArray(c, cJSON_CreateString("/bin/sh"));
	cJSON_AddItemToArray(c, cJSON_CreateString("-lc"));
	cJSON_AddItemToArray(c, cJSON_CreateString(sh_cmd));
	cJSON_AddStringToObject(p, "rawCommand", sh_cmd);
	if (agent)
		cJSON_AddStringToObject(p, "agentId", agent);
	if (session)
		cJSON_AddStringToObject(p, "sessionKey", session);
	return p;
}

/* The decoded payloadJSON of a successful result. */
static cJSON *payload_of(cJSON *res)
{
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(res, "ok")), "invoke failed: %s",
		  jstr(cJSON_GetObjectItem(res, "error"), "message"));
	cJSON *p = cJSON_Parse(jstr(res, "payloadJSON"));
	cr_assert_not_null(p);
	cJSON_Delete(res);
	return p;
}

static cJSON *invoke(cJSON *params)
{
	static int n;
	char id[32];
	snprintf(id, sizeof(id), "inv-%d", ++n);
	send_invoke(id, "system.run", params);
	return await_result(id);
}

/* ---- fixture ------------------------------------------------------------------ */

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	cr_assert_geq(fd, 0, "%s", path);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	chmod(path, mode);
}

static char *slurp(const char *name)
{
	_cleanup_free_ char *p = cs_asprintf("%s/%s", g_dir, name);
	char *s = NULL;
	size_t n;
	if (cs_read_file(p, 1 << 20, &s, &n) < 0)
		return strdup("");
	return s;
}

static pid_t start_node(bool token_in_file)
{
	_cleanup_free_ char *url = cs_asprintf("ws://127.0.0.1:%u", g_port);
	_cleanup_free_ char *policy = cs_asprintf("%s/agents.json5", g_dir);
	_cleanup_free_ char *state = cs_asprintf("%s/state", g_dir);
	_cleanup_free_ char *tokfile = cs_asprintf("%s/token", g_dir);
	_cleanup_free_ char *errlog = cs_asprintf("%s/node.err", g_dir);
	_cleanup_free_ char *home = cs_asprintf("HOME=%s", g_dir);
	write_file(tokfile, TOKEN "\n", 0600);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int fd = open(errlog, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(fd, 2);
		char *env_tok[] = { home, "OPENCLAW_GATEWAY_TOKEN=" TOKEN, NULL };
		char *env_file[] = { home, NULL };
		char *argv[] = { NODE_BIN, "--gateway", url, "--policy", policy, "--state-dir", state,
				 "--name", "test-node", token_in_file ? "--token-file" : NULL, tokfile, NULL };
		execve(NODE_BIN, argv, token_in_file ? env_file : env_tok);
		_exit(127);
	}
	return pid;
}

static void setup(void)
{
	g_dir = tmpdir_make("/tmp/clawshim-node-XXXXXX");
	snprintf(g_ws, sizeof(g_ws), "%s/ws", g_dir);
	cr_assert_eq(mkdir(g_ws, 0755), 0);
	proc_workspace_for_the_tool(g_dir, g_ws);
	_cleanup_free_ char *policy = cs_asprintf("%s/agents.json5", g_dir);
	_cleanup_free_ char *table = cs_asprintf(
		"{\n  clawrun: \"%s/bin/clawrun\",\n  log: \"%s/security.jsonl\",\n"
		"  agents: {\n    community: { caps: [\"shell\", \"filesystem\"], workspace: \"%s\" },\n"
		"    ops: { caps: [\"shell\", \"network\", \"filesystem\"] },\n  },\n"
		"  default: \"refuse\",\n}\n",
		CS_BUILDDIR, g_dir, g_ws);
	write_file(policy, table, 0600);

	g_listen = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof(a);
	cr_assert_eq(bind(g_listen, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(listen(g_listen, 4), 0);
	cr_assert_eq(getsockname(g_listen, (struct sockaddr *)&a, &al), 0);
	g_port = ntohs(a.sin_port);
	signal(SIGPIPE, SIG_IGN);
	g_node = 0;
	g_conn = -1;
}

static void teardown(void)
{
	if (g_node > 0) {
		kill(g_node, SIGTERM);
		waitpid(g_node, NULL, 0);
	}
	if (g_conn >= 0)
		close(g_conn);
	close(g_listen);
	tmpdir_remove();
}

TestSuite(node, .init = setup, .fini = teardown);

static void start_and_pair(void)
{
	g_node = start_node(false);
	accept_node();
}

/* ---- waiting on processes ------------------------------------------------------- */

static int pidfd_of(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* The pid a command wrote to name in the workspace, once it is there. */
static pid_t pid_written(const char *name)
{
	_cleanup_free_ char *p = cs_asprintf("%s/%s", g_ws, name);
	for (int i = 0; i < WAIT_MS / 10; i++) {
		char *s = NULL;
		size_t n;
		if (cs_read_file(p, 64, &s, &n) == 0 && n && s[n - 1] == '\n') {
			pid_t pid = atoi(s);
			free(s);
			return pid;
		}
		free(s);
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
	cr_assert_fail("no %s appeared", name);
	return -1;
}

static void assert_ends(int pfd, pid_t pid)
{
	struct pollfd p = { .fd = pfd, .events = POLLIN };
	cr_assert_eq(poll(&p, 1, WAIT_MS), 1, "process %d is still running", pid);
	close(pfd);
}

/* The process whose pid a command wrote to name ends, if it has not
 * already (then there is nothing left to open). */
static void assert_background_ends(const char *name)
{
	pid_t bg = pid_written(name);
	int pfd = pidfd_of(bg);
	if (pfd >= 0)
		assert_ends(pfd, bg);
	else
		cr_assert_eq(errno, ESRCH);
}

/* ---- tests ------------------------------------------------------------------------ */

Test(node, pairs_as_a_node_with_a_valid_device_proof)
{
	start_and_pair();
	cJSON *p = payload_of(invoke(run_params("community", "s", "echo paired")));
	cr_assert_str_eq(jstr(p, "stdout"), "paired\n");
	cJSON_Delete(p);
	char *err = slurp("node.err");
	cr_assert_not_null(strstr(err, "connected to ws://127.0.0.1:"), "%s", err);
	free(err);
}

Test(node, a_known_agents_command_runs_with_output_and_exit_status)
{
	start_and_pair();
	cJSON *p = payload_of(invoke(run_params("community", "agent:community:main",
					     "echo out; echo err >&2; exit 3")));
	cr_assert_eq(cJSON_GetObjectItem(p, "exitCode")->valueint, 3);
	cr_assert_str_eq(jstr(p, "stdout"), "out\n");
	cr_assert_str_eq(jstr(p, "stderr"), "err\n");
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(p, "success")));
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(p, "timedOut")));
	cr_assert(cJSON_IsNull(cJSON_GetObjectItem(p, "error")));
	cJSON_Delete(p);
	p = payload_of(invoke(run_params("community", "agent:community:main", "echo ok")));
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(p, "success")));
	cJSON_Delete(p);
}

Test(node, undeclared_network_is_denied_and_logged_with_the_session)
{
	start_and_pair();
	cJSON *p = payload_of(invoke(run_params("community", "agent:community:main",
					     "python3 -c 'import socket; socket.socket()'")));
	cr_assert_neq(cJSON_GetObjectItem(p, "exitCode")->valueint, 0);
	cr_assert_not_null(strstr(jstr(p, "stderr"), "PermissionError"), "%s", jstr(p, "stderr"));
	cJSON_Delete(p);
	char *log = slurp("security.jsonl");
	cr_assert_not_null(strstr(log, "\"capability\":\"network\""), "%s", log);
	cr_assert_not_null(
		strstr(log, "\"session\":{\"key\":\"agent:community:main\",\"agentId\":\"community\"}"),
		"%s", log);
	free(log);
	char *err = slurp("node.err");
	cr_assert_not_null(strstr(err, "agent=community session=agent:community:main"), "%s", err);
	free(err);
}

Test(node, an_unknown_agent_is_refused_and_nothing_runs)
{
	start_and_pair();
	_cleanup_free_ char *cmd = cs_asprintf("touch %s/ran", g_ws);
	cJSON *r = invoke(run_params("stranger", "agent:stranger:main", cmd));
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(r, "ok")));
	cr_assert_str_eq(jstr(cJSON_GetObjectItem(r, "error"), "code"), "UNAVAILABLE");
	cJSON_Delete(r);
	/* no agent id at all: the default line, which refuses */
	r = invoke(run_params(NULL, NULL, cmd));
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(r, "ok")));
	cJSON_Delete(r);
	_cleanup_free_ char *ran = cs_asprintf("%s/ran", g_ws);
	cr_assert_eq(access(ran, F_OK), -1, "the refused command ran");
}

Test(node, a_forged_agent_id_in_the_environment_changes_nothing)
{
	start_and_pair();
	cJSON *p = run_params("community", "agent:community:main",
			      "echo \"a=$OPENCLAW_AGENT_ID c=$CLAWSHIM_CAPS l=$LD_PRELOAD t=$TERM\"; "
			      "pwd; python3 -c 'import socket; socket.socket()' 2>/dev/null || "
			      "echo socket-refused");
	cJSON *env = cJSON_AddObjectToObject(p, "env");
	cJSON_AddStringToObject(env, "OPENCLAW_AGENT_ID", "ops");
	cJSON_AddStringToObject(env, "CLAWSHIM_CAPS", "shell,network,filesystem");
	cJSON_AddStringToObject(env, "LD_PRELOAD", "/nonexistent.so");
	cJSON_AddStringToObject(env, "TERM", "xterm-test");
	cJSON_AddStringToObject(p, "cwd", "/");
	cJSON *out = payload_of(invoke(p));
	_cleanup_free_ char *want = cs_asprintf("a= c= l= t=xterm-test\n%s\nsocket-refused\n", g_ws);
	cr_assert_str_eq(jstr(out, "stdout"), want, "%s", jstr(out, "stderr"));
	cJSON_Delete(out);
}

Test(node, a_timeout_kills_the_command_and_its_children)
{
	start_and_pair();
	cJSON *p = run_params("community", "s", "sleep 1000 & echo $! > bg.pid; wait");
	cJSON_AddNumberToObject(p, "timeoutMs", 300);
	cJSON *out = payload_of(invoke(p));
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(out, "timedOut")));
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(out, "success")));
	cr_assert_null(cJSON_GetObjectItem(out, "exitCode"), "a killed command has no exit code");
	cJSON_Delete(out);
	assert_background_ends("bg.pid");
}

Test(node, what_a_command_leaves_running_ends_with_it)
{
	start_and_pair();
	cJSON *out = payload_of(invoke(run_params("community", "s", "sleep 1000 & echo $! > bg.pid; echo done")));
	cr_assert_str_eq(jstr(out, "stdout"), "done\n");
	cr_assert_eq(cJSON_GetObjectItem(out, "exitCode")->valueint, 0);
	cJSON_Delete(out);
	assert_background_ends("bg.pid");
}

Test(node, other_commands_are_refused)
{
	start_and_pair();
	cJSON *p = cJSON_CreateObject();
	cJSON_AddItemToObject(p, "bins", cJSON_CreateStringArray((const char *[]){ "sh" }, 1));
	send_invoke("which-1", "system.which", p);
	cJSON *r = await_result("which-1");
	cr_assert(cJSON_IsFalse(cJSON_GetObjectItem(r, "ok")));
	cr_assert_str_eq(jstr(cJSON_GetObjectItem(r, "error"), "code"), "UNAVAILABLE");
	cJSON_Delete(r);
}

Test(node, a_gateway_disconnect_ends_running_tools_and_the_node_reconnects)
{
	start_and_pair();
	send_invoke("long-1", "system.run", run_params("community", "s", "echo $$ > run.pid; exec sleep 1000"));
	pid_t tool = pid_written("run.pid");
	int pfd = pidfd_of(tool);
	cr_assert_geq(pfd, 0);
	close(g_conn);
	g_conn = -1;
	assert_ends(pfd, tool);
	accept_node(); /* after its backoff */
	cJSON *p = payload_of(invoke(run_params("community", "s", "echo again")));
	cr_assert_str_eq(jstr(p, "stdout"), "again\n");
	cJSON_Delete(p);
	char *err = slurp("node.err");
	cr_assert_not_null(strstr(err, "next attempt in 1000 ms"), "%s", err);
	free(err);
}

Test(node, shutdown_ends_every_running_tool)
{
	start_and_pair();
	send_invoke("long-2", "system.run", run_params("community", "s", "echo $$ > run.pid; exec sleep 1000"));
	pid_t tool = pid_written("run.pid");
	int pfd = pidfd_of(tool);
	cr_assert_geq(pfd, 0);
	cr_assert_eq(kill(g_node, SIGTERM), 0);
	int st;
	cr_assert_eq(waitpid(g_node, &st, 0), g_node);
	g_node = 0;
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d", st);
	assert_ends(pfd, tool);
}

Test(node, the_token_can_come_from_a_file)
{
	g_node = start_node(true);
	accept_node(); /* checks the token */
}

Test(node, secrets_are_not_taken_from_the_command_line)
{
	char *argv[] = { NODE_BIN, "--token", TOKEN, NULL };
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		execv(NODE_BIN, argv);
		_exit(127);
	}
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2);
}

Test(node, a_table_others_can_write_stops_the_node_before_it_connects)
{
	_cleanup_free_ char *policy = cs_asprintf("%s/agents.json5", g_dir);
	cr_assert_eq(chmod(policy, 0646), 0);
	g_node = start_node(false);
	int st;
	cr_assert_eq(waitpid(g_node, &st, 0), g_node);
	g_node = 0;
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "status %d", st);
	char *err = slurp("node.err");
	cr_assert_not_null(strstr(err, "writable by group or others"), "%s", err);
	free(err);
	struct pollfd p = { .fd = g_listen, .events = POLLIN };
	cr_assert_eq(poll(&p, 1, 0), 0, "it connected anyway");
}
