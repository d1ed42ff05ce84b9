/* The gateway link of clawshim-node: OpenClaw's node protocol, as its own
 * node host speaks it (OpenClaw 2026.2.22): wait for connect.challenge,
 * send connect as role "node" with the commands served and a device proof,
 * then receive node.invoke.request events and answer node.invoke.result
 * requests. Reconnects with backoff; a silent gateway (no tick for two
 * intervals) counts as gone. */
#include "node.h"
#include "clawshim/device_identity.h"
#include "clawshim/ws.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CLIENT_ID "node-host"
#define CLIENT_MODE "node"
#define ROLE "node"
#define CONNECT_WAIT_MS 5000
#define CHALLENGE_WAIT_MS 2000
#define HELLO_WAIT_MS 10000
#define BACKOFF_FIRST_MS 1000
#define BACKOFF_MAX_MS 30000
#define SEND_WAIT_MS 10000
#define READ_WAIT_MS 10000

static long long wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void node_say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("clawshim-node: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static bool send_json(struct link *l, cJSON *msg)
{
	char *text = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
	bool ok = text && cs_ws_send_text(l->fd, text, cs_ws_now_ms() + SEND_WAIT_MS);
	free(text);
	return ok;
}

static cJSON *request(struct link *l, const char *method, char *id_out, size_t idsz)
{
	cJSON *req = cJSON_CreateObject();
	snprintf(id_out, idsz, "clawshim-node-%lu", ++l->seq);
	cJSON_AddStringToObject(req, "type", "req");
	cJSON_AddStringToObject(req, "id", id_out);
	cJSON_AddStringToObject(req, "method", method);
	return req;
}

void link_drop(struct link *l, long now, int code, const char *why)
{
	if (l->fd >= 0) {
		if (code)
			cs_ws_send_close(l->fd, code, why ? why : "", now + 500);
		close(l->fd);
		if (code == 1000)
			node_say("gateway link closed: %s", why ? why : "closed");
		else
			node_say("gateway link down: %s; next attempt in %ld ms", why ? why : "closed",
			    l->backoff_ms);
	}
	l->fd = -1;
	l->state = LINK_DOWN;
	l->next_attempt = now + l->backoff_ms;
	l->backoff_ms = l->backoff_ms * 2 < BACKOFF_MAX_MS ? l->backoff_ms * 2 : BACKOFF_MAX_MS;
}

void link_step(struct link *l, long now)
{
	if (l->state == LINK_CHALLENGE || l->state == LINK_HELLO) {
		if (now >= l->state_deadline)
			link_drop(l, now, 1008,
				  l->state == LINK_CHALLENGE ? "connect challenge timeout" : "connect timeout");
		return;
	}
	if (l->state == LINK_READY) {
		if (now - l->last_rx > 2 * l->tick_ms)
			link_drop(l, now, 4000, "tick timeout");
		return;
	}
	if (now < l->next_attempt)
		return;
	char host[256], port[16];
	const char *path;
	bool tls;
	_cleanup_free_ char *err = NULL;
	if (!cs_ws_parse_url(l->url, host, sizeof(host), port, sizeof(port), &path, &tls) || tls) {
		/* checked in main; kept as a guard */
		link_drop(l, now, 0, "unusable gateway URL");
		return;
	}
	l->fd = cs_ws_connect(host, port, now + CONNECT_WAIT_MS, &err);
	if (l->fd < 0 && !err)
		err = strdup("connect failed");
	if (l->fd >= 0 && !cs_ws_handshake(l->fd, host, port, path, now + CONNECT_WAIT_MS, &err)) {
		close(l->fd);
		l->fd = -1;
	}
	if (l->fd < 0) {
		node_say("gateway %s: %s; next attempt in %ld ms", l->url, err ? err : "failed",
		    l->backoff_ms);
		l->fd = -1;
		link_drop(l, now, 0, NULL);
		return;
	}
	l->state = LINK_CHALLENGE;
	l->state_deadline = cs_ws_now_ms() + CHALLENGE_WAIT_MS;
	l->last_rx = cs_ws_now_ms();
}

long link_wake(const struct link *l)
{
	switch (l->state) {
	case LINK_DOWN:
		return l->next_attempt;
	case LINK_CHALLENGE:
	case LINK_HELLO:
		return l->state_deadline;
	case LINK_READY:
		return l->last_rx + 2 * l->tick_ms + 1;
	}
	return -1;
}

static void send_connect(struct link *l, const char *nonce)
{
	char id[48];
	cJSON *req = request(l, "connect", id, sizeof(id));
	cJSON *p = cJSON_AddObjectToObject(req, "params");
	cJSON_AddNumberToObject(p, "minProtocol", 3);
	cJSON_AddNumberToObject(p, "maxProtocol", 3);
	cJSON *client = cJSON_AddObjectToObject(p, "client");
	cJSON_AddStringToObject(client, "id", CLIENT_ID);
	cJSON_AddStringToObject(client, "displayName", l->name);
	cJSON_AddStringToObject(client, "version", "clawshim-node");
	cJSON_AddStringToObject(client, "platform", "linux");
	cJSON_AddStringToObject(client, "mode", CLIENT_MODE);
	cJSON_AddStringToObject(client, "instanceId", cs_device_identity_id(l->dev));
	cJSON *caps = cJSON_AddArrayToObject(p, "caps");
	cJSON_AddItemToArray(caps, cJSON_CreateString("system"));
	cJSON *cmds = cJSON_AddArrayToObject(p, "commands");
	cJSON_AddItemToArray(cmds, cJSON_CreateString("system.run"));
	cJSON_AddStringToObject(p, "pathEnv", NODE_DEFAULT_PATH);
	if (l->token || l->password) {
		cJSON *auth = cJSON_AddObjectToObject(p, "auth");
		if (l->token)
			cJSON_AddStringToObject(auth, "token", l->token);
		if (l->password)
			cJSON_AddStringToObject(auth, "password", l->password);
	}
	cJSON_AddStringToObject(p, "role", ROLE);
	cJSON_AddArrayToObject(p, "scopes");
	long long at = wall_ms();
	/* a node asks for no scopes: the signed scope list is empty */
	char *sig = cs_device_identity_sign_connect(l->dev, CLIENT_ID, CLIENT_MODE, ROLE, "", at,
						    l->token, nonce);
	if (sig) {
		cJSON *d = cJSON_AddObjectToObject(p, "device");
		cJSON_AddStringToObject(d, "id", cs_device_identity_id(l->dev));
		cJSON_AddStringToObject(d, "publicKey", cs_device_identity_public_key(l->dev));
		cJSON_AddStringToObject(d, "signature", sig);
		cJSON_AddNumberToObject(d, "signedAt", (double)at);
		cJSON_AddStringToObject(d, "nonce", nonce);
		free(sig);
	}
	if (!send_json(l, req)) {
		link_drop(l, cs_ws_now_ms(), 0, "cannot send connect");
		return;
	}
	l->state = LINK_HELLO;
	l->state_deadline = cs_ws_now_ms() + HELLO_WAIT_MS;
}

static const char *str_at(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static void on_response(struct link *l, const cJSON *m, long now)
{
	bool ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "ok"));
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(m, "error");
	const char *msg = str_at(e, "message");
	if (l->state != LINK_HELLO) {
		if (!ok)
			node_say("gateway refused a request: %s", msg ? msg : "(no message)");
		return;
	}
	if (!ok) {
		/* "pairing required" lands here until the operator approves the device */
		node_say("gateway refused the connection: %s", msg ? msg : "(no message)");
		link_drop(l, now, 1008, "connect failed");
		return;
	}
	const cJSON *tick =
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
							 cJSON_GetObjectItemCaseSensitive(m, "payload"),
							 "policy"),
						 "tickIntervalMs");
	l->tick_ms = cJSON_IsNumber(tick) && tick->valuedouble >= 1 ? (long)tick->valuedouble : 30000;
	l->state = LINK_READY;
	l->backoff_ms = BACKOFF_FIRST_MS;
	node_say("connected to %s as node %s (%s)", l->url, cs_device_identity_id(l->dev), l->name);
}

cJSON *link_read(struct link *l, long now)
{
	char *p = NULL;
	size_t n = 0;
	enum cs_ws_frame k = cs_ws_read(l->fd, now + READ_WAIT_MS, &p, &n);
	cJSON *m = k == CS_WS_TEXT ? cJSON_Parse(p) : NULL;
	if (k == CS_WS_NONE || k == CS_WS_CLOSE) {
		char why[160];
		if (k == CS_WS_CLOSE)
			snprintf(why, sizeof(why), "gateway closed (%d): %s", cs_ws_close_code(p, n),
				 n > 2 ? p + 2 : "");
		else
			snprintf(why, sizeof(why), "connection lost");
		free(p);
		link_drop(l, now, 0, why);
		return NULL;
	}
	free(p);
	l->last_rx = now;
	if (!m)
		return NULL;
	const char *type = str_at(m, "type"), *event = str_at(m, "event");
	cJSON *out = NULL;
	if (type && strcmp(type, "event") == 0 && event) {
		const cJSON *payload = cJSON_GetObjectItemCaseSensitive(m, "payload");
		const char *nonce = str_at(payload, "nonce");
		if (strcmp(event, "connect.challenge") == 0 && l->state == LINK_CHALLENGE) {
			if (nonce && *nonce)
				send_connect(l, nonce);
			else
				link_drop(l, now, 1008, "connect challenge missing nonce");
		} else if (strcmp(event, "node.invoke.request") == 0 && l->state == LINK_READY &&
			   cJSON_IsObject(payload)) {
			out = cJSON_DetachItemFromObjectCaseSensitive(m, "payload");
		}
	} else if (type && strcmp(type, "res") == 0) {
		on_response(l, m, now);
	}
	cJSON_Delete(m);
	return out;
}

void link_send_result(struct link *l, const char *id, const char *node_id, const char *payload_json,
		      const char *err_code, const char *err_msg)
{
	if (l->state != LINK_READY)
		return;
	char rid[48];
	cJSON *req = request(l, "node.invoke.result", rid, sizeof(rid));
	cJSON *p = cJSON_AddObjectToObject(req, "params");
	cJSON_AddStringToObject(p, "id", id);
	cJSON_AddStringToObject(p, "nodeId", node_id);
	cJSON_AddBoolToObject(p, "ok", err_code == NULL);
	if (payload_json)
		cJSON_AddStringToObject(p, "payloadJSON", payload_json);
	if (err_code) {
		cJSON *e = cJSON_AddObjectToObject(p, "error");
		cJSON_AddStringToObject(e, "code", err_code);
		cJSON_AddStringToObject(e, "message", err_msg ? err_msg : err_code);
	}
	if (!send_json(l, req))
		link_drop(l, cs_ws_now_ms(), 0, "cannot send a result");
}
