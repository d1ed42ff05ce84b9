/* The device identity an OpenClaw client proves at connect: an Ed25519 key
 * pair kept in <state>/identity/device.json (OpenClaw's file, shared with
 * it), the device id (SHA-256 of the public key, hex), and the signature of
 * the gateway's challenge. */
#ifndef CLAWSHIM_DEVICE_IDENTITY_H
#define CLAWSHIM_DEVICE_IDENTITY_H

struct cs_device_identity;

/* Loads <state_dir>/identity/device.json, creating it (0600, directory
 * 0700) when missing, as OpenClaw does. NULL with *why set on failure. */
struct cs_device_identity *cs_device_identity_load(const char *state_dir, const char **why);
void cs_device_identity_free(struct cs_device_identity *d);

const char *cs_device_identity_id(const struct cs_device_identity *d);
/* The raw public key, base64url without padding. */
const char *cs_device_identity_public_key(const struct cs_device_identity *d);
/* base64url signature of "v2|id|client|mode|role|scopes|signedAt|token|nonce",
 * the connect proof OpenClaw gateways check. Caller frees; NULL on failure. */
char *cs_device_identity_sign_connect(const struct cs_device_identity *d, const char *client_id,
				   const char *client_mode, const char *role, const char *scopes,
				   long long signed_at_ms, const char *token, const char *nonce);

#endif
