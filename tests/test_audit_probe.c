/* The --deep gateway probe against a small WebSocket server of the test's
 * own on loopback, standing in for the gateway: reachable with the right
 * token, wrong auth, a close frame, a closed port, a server that accepts and
 * never answers, and --token overriding the configured token. The real
 * clawaudit binary runs each time. */
#include "fakegw.h"
#include "proc.h"
#include "tmpdir.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLAWAUDIT CS_BUILDDIR "/bin/clawaudit"

enum behaviour { GW_OK, GW_WRONG_AUTH_CHECK, GW_CLOSE_FRAME, GW_HANG };

struct fake_gateway {
	int listen_fd;
	unsigned short port;
	enum behaviour how;
	const char *token; /* the token it accepts */
	pthread_t thread;
	char seen_auth[256]; /* the connect request's auth, as received */
	int requests;        /* requests answered */
	bool device_ok;      /* the connect carried a valid device proof */
};

/* Runs on the gateway's thread, where a failed assertion would not reach
 * the test: a short write only shows in the log and in what the probe says. */
static void send_frame(int fd, int opcode, const char *payload, size_t n)
{
	if (!fakegw_send_frame(fd, opcode, payload, n))
		cr_log_warn("fake gateway: short write");
}

static void respond(int fd, const char *id, bool ok, const char *payload_or_error)
{
	char buf[1024];
	int n = ok ? snprintf(buf, sizeof(buf), "{\"type\":\"res\",\"id\":\"%s\",\"ok\":true,\"payload\":%s}",
			      id, payload_or_error)
		   : snprintf(buf, sizeof(buf),
			      "{\"type\":\"res\",\"id\":\"%s\",\"ok\":false,\"error\":{\"message\":\"%s\"}}",
			      id, payload_or_error);
	send_frame(fd, 1, buf, (size_t)n);
}

static void serve(struct fake_gateway *g, int fd)
{
	char req[4096];
	size_t len = 0;
	while (len < sizeof(req) - 1 && fakegw_read_exact(fd, req + len, 1)) {
		len++;
		if (len >= 4 && memcmp(req + len - 4, "\r\n\r\n", 4) == 0)
			break;
	}
	req[len] = '\0';
	cr_assert(strstr(req, "Upgrade: websocket"), "not a WebSocket upgrade: %s", req);
	if (g->how == GW_HANG) {
		sleep(5);
		return;
	}
	static const char ok101[] = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
				    "Connection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n";
	if (write(fd, ok101, sizeof(ok101) - 1) < 0)
		return;
	if (g->how == GW_CLOSE_FRAME) {
		send_frame(fd, 8, "\x03\xf0policy violation", 18);
		return;
	}
	static const char challenge[] =
		"{\"type\":\"event\",\"event\":\"connect.challenge\",\"payload\":{\"nonce\":\"n1\",\"ts\":1}}";
	send_frame(fd, 1, challenge, sizeof(challenge) - 1);
	for (char *m; (m = fakegw_read_text(fd));) {
		cJSON *j = cJSON_Parse(m);
		free(m);
		const char *id = cJSON_GetObjectItem(j, "id")->valuestring;
		const char *method = cJSON_GetObjectItem(j, "method")->valuestring;
		if (strcmp(method, "connect") == 0) {
			const cJSON *auth = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "params"), "auth");
			char *a = cJSON_PrintUnformatted(auth);
			snprintf(g->seen_auth, sizeof(g->seen_auth), "%s", a ? a : "");
			free(a);
			const cJSON *tok = cJSON_GetObjectItem(auth, "token");
			bool good = cJSON_IsString(tok) && strcmp(tok->valuestring, g->token) == 0;
			const cJSON *params = cJSON_GetObjectItem(j, "params");
			g->device_ok = good && fakegw_device_proof_valid(params,
									 "cli|probe|operator|operator.read",
									 g->token, "n1");
			if (good && g->device_ok) {
				respond(fd, id, true, "{\"type\":\"hello-ok\",\"protocol\":3}");
			} else {
				respond(fd, id, false, good ? "device signature invalid"
							    : "unauthorized: gateway token mismatch");
				send_frame(fd, 8, "\x03\xf0unauthorized", 14);
			}
		} else {
			respond(fd, id, true, "{}");
		}
		g->requests++;
		cJSON_Delete(j);
	}
}

static void *gateway_main(void *arg)
{
	struct fake_gateway *g = arg;
	int fd = accept(g->listen_fd, NULL, NULL);
	if (fd >= 0) {
		serve(g, fd);
		close(fd);
	}
	return NULL;
}

static void start_gateway(struct fake_gateway *g, enum behaviour how, const char *token)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	*g = (struct fake_gateway){ .how = how, .token = token };
	g->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert(g->listen_fd >= 0);
	cr_assert_eq(bind(g->listen_fd, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(listen(g->listen_fd, 4), 0);
	cr_assert_eq(getsockname(g->listen_fd, (struct sockaddr *)&a, &len), 0);
	g->port = ntohs(a.sin_port);
	cr_assert_eq(pthread_create(&g->thread, NULL, gateway_main, g), 0);
}

static void stop_gateway(struct fake_gateway *g)
{
	shutdown(g->listen_fd, SHUT_RDWR);
	pthread_join(g->thread, NULL);
	close(g->listen_fd);
}

/* A port nothing listens on. */
static unsigned short closed_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static const char *dir;

static void setup(void)
{
	dir = tmpdir_make("/tmp/clawaudit-probe-XXXXXX");
	char cfg[128];
	snprintf(cfg, sizeof(cfg), "%s/openclaw.json", dir);
	FILE *f = fopen(cfg, "w");
	cr_assert_not_null(f);
	fputs("{ gateway: { auth: { token: 'configured-token-0123456789abcdef' },"
	      " trustedProxies: ['127.0.0.1'] } }",
	      f);
	fclose(f);
	chmod(cfg, 0600);
	chmod(dir, 0700);
}

TestSuite(probe, .init = setup, .fini = tmpdir_remove);

/* Runs clawaudit --deep --json against port; returns deep.gateway. */
static cJSON *probe(unsigned short port, const char *extra1, const char *extra2, cJSON **doc,
		    int *status)
{
	char env_state[128], env_home[128], env_port[64];
	snprintf(env_state, sizeof(env_state), "OPENCLAW_STATE_DIR=%s", dir);
	snprintf(env_home, sizeof(env_home), "HOME=%s", dir);
	snprintf(env_port, sizeof(env_port), "OPENCLAW_GATEWAY_PORT=%u", port);
	char *argv[] = { CLAWAUDIT, "--deep", "--json", "--probe-timeout", "1500",
			 (char *)extra1, (char *)extra2, NULL };
	char *env[] = { env_state, env_home, env_port, "PATH=/usr/bin:/bin", NULL };
	struct result r = run(argv, env);
	*status = r.status;
	*doc = cJSON_Parse(r.out);
	cr_assert_not_null(*doc, "%s\n%s", r.out, r.err);
	return cJSON_GetObjectItem(cJSON_GetObjectItem(*doc, "deep"), "gateway");
}

static bool has_probe_failed(const cJSON *doc, const char **detail)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(doc, "findings")) {
		if (strcmp(cJSON_GetObjectItem(f, "checkId")->valuestring, "gateway.probe_failed") == 0) {
			*detail = cJSON_GetObjectItem(f, "detail")->valuestring;
			return true;
		}
	}
	return false;
}

Test(probe, a_reachable_gateway_with_the_right_token_is_ok)
{
	struct fake_gateway g;
	cJSON *doc;
	int status;
	const char *detail;
	start_gateway(&g, GW_OK, "configured-token-0123456789abcdef");
	const cJSON *gw = probe(g.port, NULL, NULL, &doc, &status);
	stop_gateway(&g);
	cr_expect_eq(status, 0);
	cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(gw, "ok")), "%s", cJSON_PrintUnformatted(gw));
	cr_expect(cJSON_IsNull(cJSON_GetObjectItem(gw, "error")));
	cr_expect_not(has_probe_failed(doc, &detail));
	cr_expect_eq(g.requests, 5, "connect, then health, status, system-presence, config.get");
	cr_expect(g.device_ok, "the connect proves the device identity");
	char ident[160];
	struct stat st;
	snprintf(ident, sizeof(ident), "%s/identity/device.json", dir);
	cr_expect(stat(ident, &st) == 0 && (st.st_mode & 0777) == 0600,
		  "the identity is kept as OpenClaw keeps it, owner-only");
	cr_expect_str_eq(g.seen_auth, "{\"token\":\"configured-token-0123456789abcdef\"}");
	char url[64];
	snprintf(url, sizeof(url), "ws://127.0.0.1:%u", g.port);
	cr_expect_str_eq(cJSON_GetObjectItem(gw, "url")->valuestring, url);
	cJSON_Delete(doc);
}

Test(probe, wrong_auth_is_reported_with_the_gateways_reason)
{
	struct fake_gateway g;
	cJSON *doc;
	int status;
	const char *detail = NULL;
	start_gateway(&g, GW_WRONG_AUTH_CHECK, "some-other-token");
	const cJSON *gw = probe(g.port, NULL, NULL, &doc, &status);
	stop_gateway(&g);
	cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(gw, "ok")));
	cr_assert(has_probe_failed(doc, &detail));
	cr_expect_str_eq(detail, "connect failed: unauthorized: gateway token mismatch");
	const cJSON *close = cJSON_GetObjectItem(gw, "close");
	cr_expect_eq(cJSON_GetObjectItem(close, "code")->valueint, 1008, "the gateway's close");
	cr_expect_str_eq(cJSON_GetObjectItem(close, "reason")->valuestring, "unauthorized");
	cJSON_Delete(doc);
}

Test(probe, token_option_replaces_the_configured_token_for_this_run)
{
	struct fake_gateway g;
	cJSON *doc;
	int status;
	start_gateway(&g, GW_OK, "from-the-command-line");
	const cJSON *gw = probe(g.port, "--token", "from-the-command-line", &doc, &status);
	stop_gateway(&g);
	cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(gw, "ok")));
	cr_expect_str_eq(g.seen_auth, "{\"token\":\"from-the-command-line\"}");
	cJSON_Delete(doc);
}

Test(probe, a_close_frame_is_reported_with_its_code_and_reason)
{
	struct fake_gateway g;
	cJSON *doc;
	int status;
	const char *detail = NULL;
	start_gateway(&g, GW_CLOSE_FRAME, "x");
	const cJSON *gw = probe(g.port, NULL, NULL, &doc, &status);
	stop_gateway(&g);
	const cJSON *close = cJSON_GetObjectItem(gw, "close");
	cr_expect_eq(cJSON_GetObjectItem(close, "code")->valueint, 1008);
	cr_expect_str_eq(cJSON_GetObjectItem(close, "reason")->valuestring, "policy violation");
	cr_assert(has_probe_failed(doc, &detail));
	cr_expect_str_eq(detail, "gateway closed (1008): policy violation");
	cJSON_Delete(doc);
}

Test(probe, a_closed_port_fails_as_openclaw_says)
{
	cJSON *doc;
	int status;
	const char *detail = NULL;
	unsigned short port = closed_port();
	const cJSON *gw = probe(port, NULL, NULL, &doc, &status);
	char want[96];
	snprintf(want, sizeof(want), "connect failed: connect ECONNREFUSED 127.0.0.1:%u", port);
	cr_expect_str_eq(cJSON_GetObjectItem(gw, "error")->valuestring, want);
	cr_expect_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(gw, "close"), "code")->valueint, 1006);
	cr_assert(has_probe_failed(doc, &detail));
	cr_expect_str_eq(detail, want);
	cr_expect_eq(status, 0, "the audit ran: exit 0 whatever it found");
	cJSON_Delete(doc);
}

Test(probe, a_gateway_that_never_answers_times_out_within_the_bound)
{
	struct fake_gateway g;
	cJSON *doc;
	int status;
	start_gateway(&g, GW_HANG, "x");
	/* "timeout" is only said when the probe's deadline passed with the
	 * server still silent */
	const cJSON *gw = probe(g.port, NULL, NULL, &doc, &status);
	cr_expect_str_eq(cJSON_GetObjectItem(gw, "error")->valuestring, "timeout");
	cr_expect(cJSON_IsFalse(cJSON_GetObjectItem(gw, "ok")));
	stop_gateway(&g);
	cJSON_Delete(doc);
}
