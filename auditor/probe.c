/* See probe.h. A minimal WebSocket client (RFC 6455: client frames masked,
 * text frames, close frames) is all the probe needs; TLS (wss://) is not
 * spoken, and such a gateway is reported as not probed. */
#include "probe.h"
#include "audit.h"
#include "device_identity.h"
#include "clawshim/strbuf.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_GATEWAY_PORT 18789
#define CHALLENGE_WAIT_MS 2000
#define FRAME_MAX (1u << 20)

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void set_error(struct probe_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_error(struct probe_result *r, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	free(r->error);
	r->error = s;
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

/* ws://host:port/path split; false for anything else. */
static bool parse_ws_url(const char *url, char *host, size_t hostsz, char *port, size_t portsz,
			 const char **path, bool *tls)
{
	const char *p;
	if (strncmp(url, "ws://", 5) == 0) {
		p = url + 5;
		*tls = false;
	} else if (strncmp(url, "wss://", 6) == 0) {
		p = url + 6;
		*tls = true;
	} else {
		return false;
	}
	size_t n = strcspn(p, "/?#");
	*path = p[n] ? p + n : "/";
	const char *end = p + n, *colon = NULL;
	if (*p == '[') {
		const char *rb = memchr(p, ']', n);
		if (!rb)
			return false;
		snprintf(host, hostsz, "%.*s", (int)(rb - p - 1), p + 1);
		colon = rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(p, ':', n);
		snprintf(host, hostsz, "%.*s", (int)((colon ? colon : end) - p), p);
	}
	if (colon)
		snprintf(port, portsz, "%.*s", (int)(end - colon - 1), colon + 1);
	else
		snprintf(port, portsz, "%s", *tls ? "443" : "80");
	return *host != '\0';
}

/* ---- connection ---------------------------------------------------------------- */

static const char *errno_name(int e)
{
	const char *n = strerrorname_np(e);
	return n ? n : "EIO";
}

/* Connects, retrying refused connections with backoff until the deadline,
 * as OpenClaw's client does. Returns the socket or -1 with r->error set. */
static int connect_until(const char *host, const char *port, long deadline, struct probe_result *r)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai = NULL;
	long backoff = 100;
	int last = ETIMEDOUT;

	if (getaddrinfo(host, port, &hints, &ai) != 0 || !ai) {
		set_error(r, "connect failed: getaddrinfo ENOTFOUND %s", host);
		return -1;
	}
	while (now_ms() < deadline) {
		int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0) {
			last = errno;
			break;
		}
		int c = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (c < 0 && errno == EINPROGRESS) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			long left = deadline - now_ms();
			int err = 0;
			socklen_t len = sizeof(err);
			if (left > 0 && poll(&pfd, 1, (int)left) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0)
				c = 0;
			else
				errno = err ? err : ETIMEDOUT;
		}
		if (c == 0) {
			freeaddrinfo(ai);
			return fd;
		}
		last = errno;
		close(fd);
		long left = deadline - now_ms();
		if (left <= 0)
			break;
		struct timespec ts = { 0, (backoff < left ? backoff : left) * 1000000L };
		nanosleep(&ts, NULL);
		backoff = backoff < 1000 ? backoff * 2 : 1000;
	}
	freeaddrinfo(ai);
	set_error(r, "connect failed: connect %s %s:%s", errno_name(last), host, port);
	return -1;
}

static int wait_io(int fd, short ev, long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = ev };
	long left = deadline - now_ms();
	if (left <= 0)
		return 0;
	return poll(&pfd, 1, (int)left);
}

static bool send_all(int fd, const void *buf, size_t n, long deadline)
{
	const char *p = buf;
	while (n) {
		if (wait_io(fd, POLLOUT, deadline) <= 0)
			return false;
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static bool recv_exact(int fd, void *buf, size_t n, long deadline)
{
	char *p = buf;
	while (n) {
		if (wait_io(fd, POLLIN, deadline) <= 0)
			return false;
		ssize_t r = recv(fd, p, n, 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

static bool ws_handshake(int fd, const char *host, const char *port, const char *path,
			 long deadline, struct probe_result *r)
{
	unsigned char nonce[16];
	char key[32];
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (getrandom(nonce, sizeof(nonce), 0) != (ssize_t)sizeof(nonce)) {
		set_error(r, "no randomness for the WebSocket key");
		return false;
	}
	size_t k = 0;
	for (size_t i = 0; i < 16; i += 3) {
		unsigned v = nonce[i] << 16 | (i + 1 < 16 ? nonce[i + 1] << 8 : 0) |
			     (i + 2 < 16 ? nonce[i + 2] : 0);
		key[k++] = b64[v >> 18 & 63];
		key[k++] = b64[v >> 12 & 63];
		key[k++] = i + 1 < 16 ? b64[v >> 6 & 63] : '=';
		key[k++] = i + 2 < 16 ? b64[v & 63] : '=';
	}
	key[k] = '\0';
	char req[1024];
	int n = snprintf(req, sizeof(req),
			 "GET %s HTTP/1.1\r\nHost: %s:%s\r\nUpgrade: websocket\r\n"
			 "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
			 "Sec-WebSocket-Version: 13\r\n\r\n",
			 path, host, port, key);
	if (n < 0 || (size_t)n >= sizeof(req) || !send_all(fd, req, (size_t)n, deadline)) {
		set_error(r, "timeout");
		return false;
	}
	char resp[4096];
	size_t len = 0;
	while (len + 1 < sizeof(resp)) {
		if (!recv_exact(fd, resp + len, 1, deadline)) {
			set_error(r, "timeout");
			return false;
		}
		len++;
		if (len >= 4 && memcmp(resp + len - 4, "\r\n\r\n", 4) == 0)
			break;
	}
	resp[len] = '\0';
	if (strncmp(resp, "HTTP/1.1 101", 12) != 0) {
		size_t line = strcspn(resp, "\r\n");
		set_error(r, "unexpected server response: %.*s", (int)line, resp);
		return false;
	}
	return true;
}

static bool ws_send_text(int fd, const char *text, long deadline)
{
	size_t n = strlen(text);
	unsigned char hdr[14];
	size_t h = 0;
	unsigned char mask[4];
	if (getrandom(mask, 4, 0) != 4)
		return false;
	hdr[h++] = 0x81;
	if (n < 126) {
		hdr[h++] = (unsigned char)(0x80 | n);
	} else if (n < 65536) {
		hdr[h++] = 0x80 | 126;
		hdr[h++] = (unsigned char)(n >> 8);
		hdr[h++] = (unsigned char)n;
	} else {
		hdr[h++] = 0x80 | 127;
		for (int i = 7; i >= 0; i--)
			hdr[h++] = (unsigned char)((uint64_t)n >> (8 * i));
	}
	memcpy(hdr + h, mask, 4);
	h += 4;
	unsigned char *body = malloc(n ? n : 1);
	if (!body)
		return false;
	for (size_t i = 0; i < n; i++)
		body[i] = (unsigned char)text[i] ^ mask[i & 3];
	bool ok = send_all(fd, hdr, h, deadline) && send_all(fd, body, n, deadline);
	free(body);
	return ok;
}

enum frame_kind { FRAME_TEXT, FRAME_CLOSE, FRAME_OTHER, FRAME_NONE };

/* Reads one frame (server frames are unmasked). Text and close payloads
 * come back in *payload (heap, NUL-terminated). */
static enum frame_kind ws_read(int fd, long deadline, char **payload, size_t *len)
{
	unsigned char h[2];
	*payload = NULL;
	*len = 0;
	if (!recv_exact(fd, h, 2, deadline))
		return FRAME_NONE;
	uint64_t n = h[1] & 0x7f;
	if (n == 126 || n == 127) {
		unsigned char ext[8];
		size_t k = n == 126 ? 2 : 8;
		if (!recv_exact(fd, ext, k, deadline))
			return FRAME_NONE;
		n = 0;
		for (size_t i = 0; i < k; i++)
			n = n << 8 | ext[i];
	}
	unsigned char mask[4] = { 0 };
	bool masked = h[1] & 0x80;
	if (n > FRAME_MAX || (masked && !recv_exact(fd, mask, 4, deadline)))
		return FRAME_NONE;
	char *buf = malloc((size_t)n + 1);
	if (!buf || !recv_exact(fd, buf, (size_t)n, deadline)) {
		free(buf);
		return FRAME_NONE;
	}
	for (size_t i = 0; masked && i < n; i++)
		buf[i] ^= (char)mask[i & 3];
	buf[n] = '\0';
	*payload = buf;
	*len = (size_t)n;
	switch (h[0] & 0x0f) {
	case 0x1:
		return FRAME_TEXT;
	case 0x8:
		return FRAME_CLOSE;
	default:
		return FRAME_OTHER;
	}
}

/* The next JSON frame, or NULL (closed: r->close set; timeout: error set). */
static cJSON *next_message(int fd, long deadline, struct probe_result *r)
{
	for (;;) {
		char *p;
		size_t n;
		enum frame_kind k = ws_read(fd, deadline, &p, &n);
		if (k == FRAME_NONE) {
			free(p);
			if (!r->error)
				set_error(r, now_ms() >= deadline ? "timeout" : "gateway closed the connection");
			return NULL;
		}
		if (k == FRAME_CLOSE) {
			r->closed = true;
			r->close_code = n >= 2 ? ((unsigned char)p[0] << 8 | (unsigned char)p[1]) : 1005;
			r->close_reason = strdup(n > 2 ? p + 2 : "");
			set_error(r, "gateway closed (%d): %s", r->close_code,
				  r->close_reason ? r->close_reason : "");
			free(p);
			return NULL;
		}
		if (k == FRAME_TEXT) {
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
	long until = now_ms() + 500 < deadline ? now_ms() + 500 : deadline;
	for (;;) {
		char *p;
		size_t n;
		enum frame_kind k = ws_read(fd, until, &p, &n);
		if (k == FRAME_CLOSE) {
			r->closed = true;
			r->close_code = n >= 2 ? ((unsigned char)p[0] << 8 | (unsigned char)p[1]) : 1005;
			r->close_reason = strdup(n > 2 ? p + 2 : "");
		}
		free(p);
		if (k == FRAME_CLOSE || k == FRAME_NONE)
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
	if (!text || !ws_send_text(fd, text, deadline)) {
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
static void add_device(cJSON *params, const struct device_identity *dev, const struct target *t,
		       const char *nonce)
{
	long long at = wall_ms();
	_cleanup_free_ char *sig = device_identity_sign_connect(
		dev, PROBE_CLIENT_ID, PROBE_CLIENT_MODE, PROBE_ROLE, PROBE_SCOPES, at, t->token, nonce);
	if (!sig)
		return;
	cJSON *d = cJSON_AddObjectToObject(params, "device");
	cJSON_AddStringToObject(d, "id", device_identity_id(dev));
	cJSON_AddStringToObject(d, "publicKey", device_identity_public_key(dev));
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

static void talk(int fd, const struct target *t, const struct device_identity *dev,
		 long deadline, struct probe_result *r)
{
	_cleanup_free_ char *nonce = NULL;
	static const char *const reads[] = { "health", "status", "system-presence", "config.get" };
	long challenge_by = now_ms() + CHALLENGE_WAIT_MS < deadline ? now_ms() + CHALLENGE_WAIT_MS
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
	long deadline = now_ms() + (o && o->timeout_ms ? o->timeout_ms : PROBE_TIMEOUT_MS);

	*r = (struct probe_result){ .attempted = true };
	resolve_target(cfg, o, &t);
	r->url = t.url ? strdup(t.url) : NULL;
	if (!t.url || !parse_ws_url(t.url, host, sizeof(host), port, sizeof(port), &path, &tls)) {
		set_error(r, "invalid gateway URL: %s", t.url ? t.url : "(none)");
	} else if (tls) {
		set_error(r, "wss:// is not probed by clawaudit (no TLS client): %s", t.url);
	} else if (!host_is_loopback(host)) {
		set_error(r, "refusing to send gateway credentials over plaintext ws:// to %s; use "
			     "wss:// for a remote gateway", host);
	} else {
		int fd = connect_until(host, port, deadline, r);
		if (fd >= 0) {
			const char *why = NULL;
			struct device_identity *dev =
				o && o->state_dir ? device_identity_load(o->state_dir, &why) : NULL;
			if (ws_handshake(fd, host, port, path, deadline, r))
				talk(fd, &t, dev, deadline, r);
			if (!r->ok && !dev && why && r->error) {
				_cleanup_free_ char *e = steal_ptr(&r->error);
				set_error(r, "%s (no device identity: %s)", e, why);
			}
			device_identity_free(dev);
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
