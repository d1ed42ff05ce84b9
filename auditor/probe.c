/* See probe.h. The WebSocket client (clawshim/ws.h) speaks no TLS, so a
 * wss:// gateway is reported as not probed. */
#include "probe.h"
#include "audit.h"
#include "clawshim/device_identity.h"
#include "clawshim/strbuf.h"
#include "clawshim/ws.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_GATEWAY_PORT 18789
#define CHALLENGE_WAIT_MS 2000

static void set_error(struct probe_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_error(struct probe_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(r->error);
	r->error = cs_vasprintf(fmt, ap);
	va_end(ap);
}

/* ---- where and with what ------------------------------------------------------ */

static unsigned gateway_port(const cJSON *cfg)
{
	static const char *const envs[] = { "OPENCLAW_GATEWAY_PORT", "CLAWDBOT_GATEWAY_PORT" };
	for (size_t i = 0; i < 2; i++) {
		const char *v = getenv(envs[i]);
		char *end;
		long p = v ? strtol(v, &end, 10) : 0;
		if (v && *v && !*end && p > 0 && p < 65536)
			return (unsigned)p;
	}
	const cJSON *p = cfg_at(cfg, "gateway.port");
	if (cJSON_IsNumber(p) && p->valuedouble > 0 && p->valuedouble < 65536)
		return (unsigned)p->valuedouble;
	return DEFAULT_GATEWAY_PORT;
}

struct target {
	char *url;
	char *token;
	char *password;
};

/* OpenClaw's choice: a remote gateway's URL and token when gateway.mode is
 * remote and a URL is set, else loopback with the environment's secrets
 * first. */
static void resolve_target(const cJSON *cfg, const struct probe_opts *o, struct target *t)
{
	const char *mode = cfg_str(cfg, "gateway.mode");
	_cleanup_free_ char *remote = str_trim_nonblank(cfg_str(cfg, "gateway.remote.url"));
	char *env_pw = str_trim_nonblank(getenv("OPENCLAW_GATEWAY_PASSWORD"));

	if (mode && strcmp(mode, "remote") == 0 && remote) {
		t->url = steal_ptr(&remote);
		t->token = str_trim_nonblank(cfg_str(cfg, "gateway.remote.token"));
		t->password = env_pw ? env_pw : str_trim_nonblank(cfg_str(cfg, "gateway.remote.password"));
		if (!t->password)
			t->password = str_trim_nonblank(cfg_str(cfg, "gateway.auth.password"));
	} else {
		t->url = cs_asprintf("%s://127.0.0.1:%u",
				     cfg_is_true(cfg, "gateway.tls.enabled") ? "wss" : "ws",
				     gateway_port(cfg));
		t->token = str_trim_nonblank(getenv("OPENCLAW_GATEWAY_TOKEN"));
		if (!t->token)
			t->token = str_trim_nonblank(cfg_str(cfg, "gateway.auth.token"));
		t->password = env_pw ? env_pw : str_trim_nonblank(cfg_str(cfg, "gateway.auth.password"));
	}
	if (t->password != env_pw)
		free(env_pw);
	if (o && o->token) {
		free(t->token);
		t->token = strdup(o->token);
	}
	if (o && o->password) {
		free(t->password);
		t->password = strdup(o->password);
	}
}

/* ---- connection ---------------------------------------------------------------- */

/* The next JSON frame, or NULL (closed: r->close set; timeout: error set). */
static cJSON *next_message(int fd, long deadline, struct probe_result *r)
{
	for (;;) {
		char *p;
		size_t n;
		enum cs_ws_frame k = cs_ws_read(fd, deadline, &p, &n);
		if (k == CS_WS_NONE) {
			free(p);
			if (!r->error)
				set_error(r, cs_ws_now_ms() >= deadline ? "timeout" : "gateway closed the connection");
			return NULL;
		}
		if (k == CS_WS_CLOSE) {
			r->closed = true;
			r->close_code = cs_ws_close_code(p, n);
			r->close_reason = strdup(n > 2 ? p + 2 : "");
			set_error(r, "gateway closed (%d): %s", r->close_code,
				  r->close_reason ? r->close_reason : "");
			free(p);
			return NULL;
		}
		if (k == CS_WS_TEXT) {
			cJSON *j = cJSON_Parse(p);
			free(p);
			if (j)
				return j;
			continue;
		}
		free(p);
	}
}

/* After a refusal the gateway closes the socket with a code and reason:
 * wait briefly for that close frame and record it. */
static void await_close(int fd, long deadline, struct probe_result *r)
{
	long until = cs_ws_now_ms() + 500 < deadline ? cs_ws_now_ms() + 500 : deadline;
	for (;;) {
		char *p;
		size_t n;
		enum cs_ws_frame k = cs_ws_read(fd, until, &p, &n);
		if (k == CS_WS_CLOSE) {
			r->closed = true;
			r->close_code = cs_ws_close_code(p, n);
			r->close_reason = strdup(n > 2 ? p + 2 : "");
		}
		free(p);
		if (k == CS_WS_CLOSE || k == CS_WS_NONE)
			return;
	}
}

static bool is_type(const cJSON *j, const char *type)
{
	const char *t = cfg_str(j, "type");
	return t && strcmp(t, type) == 0;
}

/* Sends one request and waits for its response; true when ok. */
static bool request(int fd, const char *id, const char *method, cJSON *params, long deadline,
		    struct probe_result *r)
{
	cJSON *req = cJSON_CreateObject();
	cJSON_AddStringToObject(req, "type", "req");
	cJSON_AddStringToObject(req, "id", id);
	cJSON_AddStringToObject(req, "method", method);
	cJSON_AddItemToObject(req, "params", params ? params : cJSON_CreateObject());
	_cleanup_free_ char *text = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	if (!text || !cs_ws_send_text(fd, text, deadline)) {
		set_error(r, "timeout");
		return false;
	}
	for (;;) {
		cJSON *m = next_message(fd, deadline, r);
		if (!m)
			return false;
		const char *rid = cfg_str(m, "id");
		if (is_type(m, "res") && rid && strcmp(rid, id) == 0) {
			bool ok = cJSON_IsTrue(cJSON_GetObjectItem(m, "ok"));
			if (!ok) {
				const char *msg = cfg_str(m, "error.message");
				set_error(r, "%s failed: %s", method, msg ? msg : "rejected");
			}
			cJSON_Delete(m);
			if (!ok)
				await_close(fd, deadline, r);
			return ok;
		}
		cJSON_Delete(m);
	}
}

#define PROBE_CLIENT_ID "cli"
#define PROBE_CLIENT_MODE "probe"
#define PROBE_ROLE "operator"
#define PROBE_SCOPES "operator.read"

static long long wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The device proof: the identity's id and key, and its signature over the
 * connect parameters and the gateway's nonce. */
static void add_device(cJSON *params, const struct cs_device_identity *dev, const struct target *t,
		       const char *nonce)
{
	long long at = wall_ms();
	_cleanup_free_ char *sig = cs_device_identity_sign_connect(
		dev, PROBE_CLIENT_ID, PROBE_CLIENT_MODE, PROBE_ROLE, PROBE_SCOPES, at, t->token, nonce);
	if (!sig)
		return;
	cJSON *d = cJSON_AddObjectToObject(params, "device");
	cJSON_AddStringToObject(d, "id", cs_device_identity_id(dev));
	cJSON_AddStringToObject(d, "publicKey", cs_device_identity_public_key(dev));
	cJSON_AddStringToObject(d, "signature", sig);
	cJSON_AddNumberToObject(d, "signedAt", (double)at);
	cJSON_AddStringToObject(d, "nonce", nonce);
}

static cJSON *connect_params(const struct target *t)
{
	cJSON *p = cJSON_CreateObject();
	cJSON_AddNumberToObject(p, "minProtocol", 3);
	cJSON_AddNumberToObject(p, "maxProtocol", 3);
	cJSON *client = cJSON_AddObjectToObject(p, "client");
	cJSON_AddStringToObject(client, "id", PROBE_CLIENT_ID);
	cJSON_AddStringToObject(client, "version", "clawaudit");
	cJSON_AddStringToObject(client, "platform", "linux");
	cJSON_AddStringToObject(client, "mode", PROBE_CLIENT_MODE);
	cJSON_AddArrayToObject(p, "caps");
	cJSON *auth = cJSON_AddObjectToObject(p, "auth");
	if (t->token)
		cJSON_AddStringToObject(auth, "token", t->token);
	if (t->password)
		cJSON_AddStringToObject(auth, "password", t->password);
	cJSON_AddStringToObject(p, "role", PROBE_ROLE);
	cJSON *scopes = cJSON_AddArrayToObject(p, "scopes");
	cJSON_AddItemToArray(scopes, cJSON_CreateString(PROBE_SCOPES));
	return p;
}

static void talk(int fd, const struct target *t, const struct cs_device_identity *dev,
		 long deadline, struct probe_result *r)
{
	_cleanup_free_ char *nonce = NULL;
	static const char *const reads[] = { "health", "status", "system-presence", "config.get" };
	long challenge_by = cs_ws_now_ms() + CHALLENGE_WAIT_MS < deadline ? cs_ws_now_ms() + CHALLENGE_WAIT_MS
								   : deadline;
	for (;;) {
		cJSON *m = next_message(fd, challenge_by, r);
		if (!m)
			return;
		const char *ev = cfg_str(m, "event");
		bool challenge = is_type(m, "event") && ev && strcmp(ev, "connect.challenge") == 0;
		const char *n = cfg_str(m, "payload.nonce");
		if (challenge && n)
			nonce = strdup(n);
		cJSON_Delete(m);
		if (challenge)
			break;
	}
	cJSON *params = connect_params(t);
	if (dev && nonce)
		add_device(params, dev, t, nonce);
	if (!request(fd, "probe-connect", "connect", params, deadline, r))
		return;
	for (size_t i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		char id[32];
		snprintf(id, sizeof(id), "probe-%zu", i);
		if (!request(fd, id, reads[i], NULL, deadline, r))
			return;
	}
	r->ok = true;
	free(r->error);
	r->error = NULL;
}

void gateway_probe(const cJSON *cfg, const struct probe_opts *o, struct probe_result *r)
{
	struct target t = { 0 };
	char host[256], port[16];
	const char *path;
	bool tls;
	long deadline = cs_ws_now_ms() + (o && o->timeout_ms ? o->timeout_ms : PROBE_TIMEOUT_MS);

	*r = (struct probe_result){ .attempted = true };
	resolve_target(cfg, o, &t);
	r->url = t.url ? strdup(t.url) : NULL;
	if (!t.url || !cs_ws_parse_url(t.url, host, sizeof(host), port, sizeof(port), &path, &tls)) {
		set_error(r, "invalid gateway URL: %s", t.url ? t.url : "(none)");
	} else if (tls) {
		set_error(r, "wss:// is not probed by clawaudit (no TLS client): %s", t.url);
	} else if (!host_is_loopback(host)) {
		set_error(r, "refusing to send gateway credentials over plaintext ws:// to %s; use "
			     "wss:// for a remote gateway", host);
	} else {
		int fd = cs_ws_connect(host, port, deadline, &r->error);
		if (fd >= 0) {
			const char *why = NULL;
			struct cs_device_identity *dev =
				o && o->state_dir ? cs_device_identity_load(o->state_dir, &why) : NULL;
			if (cs_ws_handshake(fd, host, port, path, deadline, &r->error))
				talk(fd, &t, dev, deadline, r);
			if (!r->ok && !dev && why && r->error) {
				_cleanup_free_ char *e = steal_ptr(&r->error);
				set_error(r, "%s (no device identity: %s)", e, why);
			}
			cs_device_identity_free(dev);
			close(fd);
		}
	}
	if (!r->ok && !r->closed) {
		r->closed = true;
		r->close_code = 1006; /* closed without a close frame */
		r->close_reason = strdup("");
	}
	free(t.url);
	free(t.token);
	free(t.password);
}

void probe_result_free(struct probe_result *r)
{
	free(r->url);
	free(r->error);
	free(r->close_reason);
	*r = (struct probe_result){ 0 };
}

cJSON *probe_tree(const struct probe_result *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *g = cJSON_AddObjectToObject(o, "gateway");
	cJSON_AddBoolToObject(g, "attempted", r->attempted);
	if (r->url)
		cJSON_AddStringToObject(g, "url", r->url);
	else
		cJSON_AddNullToObject(g, "url");
	cJSON_AddBoolToObject(g, "ok", r->ok);
	if (r->error)
		cJSON_AddStringToObject(g, "error", r->error);
	else
		cJSON_AddNullToObject(g, "error");
	if (r->closed && !r->ok) {
		cJSON *c = cJSON_AddObjectToObject(g, "close");
		cJSON_AddNumberToObject(c, "code", r->close_code);
		cJSON_AddStringToObject(c, "reason", r->close_reason ? r->close_reason : "");
	} else {
		cJSON_AddNullToObject(g, "close");
	}
	return o;
}
