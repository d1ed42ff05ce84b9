/* The gateway's side of OpenClaw's WebSocket protocol, for suites that stand
 * in for a gateway on loopback: RFC 6455 framing as a server speaks it and
 * the check a gateway makes of a client's device proof. */
#ifndef CLAWSHIM_TEST_FAKEGW_H
#define CLAWSHIM_TEST_FAKEGW_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* How long to wait for a peer before calling it hung: a bound, not an
 * expectation of how fast it is. */
#define FAKEGW_WAIT_MS 60000

/* True when fd has something to read within FAKEGW_WAIT_MS. */
bool fakegw_wait_readable(int fd);
/* Reads exactly n bytes; false when the peer closes or goes silent. */
bool fakegw_read_exact(int fd, void *buf, size_t n);
/* Sends one frame, unmasked as a server's must be; false on a short write. */
bool fakegw_send_frame(int fd, int opcode, const void *payload, size_t n);
/* The payload of the client's next text frame, NUL-terminated (the caller
 * frees it), skipping other frames; NULL when the connection ends or the
 * client closes it. A frame the client did not mask fails the test. */
char *fakegw_read_text(int fd);
/* A gateway's check of the device proof in a connect request's params: the
 * id is the public key's SHA-256, the nonce is the challenge's, and the
 * Ed25519 signature covers v2|id|FIELDS|signedAt|token|nonce, FIELDS being
 * the client id, mode, role and scopes the client connected with. */
bool fakegw_device_proof_valid(const cJSON *params, const char *fields, const char *token,
			       const char *nonce);

#endif
