/* The live gateway probe of --deep: connect to the gateway's WebSocket, wait
 * for its connect challenge, authenticate as a read-only operator, and ask
 * for health, status, presence and config. Bounded in time; never more
 * than one connection at a time. */
#ifndef CLAWAUDIT_PROBE_H
#define CLAWAUDIT_PROBE_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#define PROBE_TIMEOUT_MS 5000

struct probe_opts {
	const char *state_dir; /* where the device identity lives (identity/device.json) */
	const char *token;     /* --token: replaces the resolved token */
	const char *password;  /* --password: replaces the resolved password */
	unsigned timeout_ms;   /* 0: PROBE_TIMEOUT_MS */
};

struct probe_result {
	bool attempted;
	char *url;
	bool ok;
	char *error;           /* NULL when ok */
	bool closed;           /* a close is known: */
	int close_code;
	char *close_reason;
};

/* Probes the gateway cfg names (gateway.mode/remote.url/port/tls, the
 * environment's OPENCLAW_GATEWAY_*), with opts. */
void gateway_probe(const cJSON *cfg, const struct probe_opts *opts, struct probe_result *out);
void probe_result_free(struct probe_result *r);
/* {"gateway": {"attempted", "url", "ok", "error", "close"}} */
cJSON *probe_tree(const struct probe_result *r);

#endif
