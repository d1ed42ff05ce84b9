/* A stand-in gateway's wire: server-side WebSocket frames (RFC 6455) and the
 * verification of a client's device proof, as OpenClaw's gateway does it. */
#include "fakegw.h"

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool fakegw_wait_readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, FAKEGW_WAIT_MS) == 1;
}

bool fakegw_read_exact(int fd, void *buf, size_t n)
{
	char *p = buf;
	while (n) {
		if (!fakegw_wait_readable(fd))
			return false;
		ssize_t r = read(fd, p, n);
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

bool fakegw_send_frame(int fd, int opcode, const void *payload, size_t n)
{
	unsigned char h[10] = { (unsigned char)(0x80 | opcode) };
	size_t hl = 2;
	if (n < 126) {
		h[1] = (unsigned char)n;
	} else if (n < 65536) {
		h[1] = 126;
		h[2] = (unsigned char)(n >> 8);
		h[3] = (unsigned char)n;
		hl = 4;
	} else {
		h[1] = 127;
		for (int i = 0; i < 8; i++)
			h[2 + i] = (unsigned char)((uint64_t)n >> (56 - 8 * i));
		hl = 10;
	}
	return write(fd, h, hl) == (ssize_t)hl && write(fd, payload, n) == (ssize_t)n;
}

char *fakegw_read_text(int fd)
{
	for (;;) {
		unsigned char h[2], mask[4];
		if (!fakegw_read_exact(fd, h, 2))
			return NULL;
		cr_assert(h[1] & 0x80, "client frames must be masked");
		uint64_t n = h[1] & 0x7f;
		if (n >= 126) {
			unsigned char e[8];
			size_t k = n == 126 ? 2 : 8;
			if (!fakegw_read_exact(fd, e, k))
				return NULL;
			n = 0;
			for (size_t i = 0; i < k; i++)
				n = n << 8 | e[i];
		}
		if (!fakegw_read_exact(fd, mask, 4))
			return NULL;
		char *p = malloc((size_t)n + 1);
		cr_assert_not_null(p);
		if (!fakegw_read_exact(fd, p, (size_t)n)) {
			free(p);
			return NULL;
		}
		for (uint64_t i = 0; i < n; i++)
			p[i] ^= (char)mask[i & 3];
		p[n] = '\0';
		if ((h[0] & 0x0f) == 0x1)
			return p;
		bool closing = (h[0] & 0x0f) == 0x8;
		free(p);
		if (closing)
			return NULL;
	}
}

static size_t b64url_decode(const char *in, unsigned char *out, size_t max)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t n = 0, bits = 0;
	unsigned acc = 0;
	for (; *in; in++) {
		const char *p = strchr(a, *in);
		if (!p)
			return 0;
		acc = acc << 6 | (unsigned)(p - a);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == max)
				return 0;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return n;
}

static const char *jstr(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

bool fakegw_device_proof_valid(const cJSON *params, const char *fields, const char *token,
			       const char *nonce)
{
	const cJSON *d = cJSON_GetObjectItem(params, "device");
	const char *id = jstr(d, "id"), *pk = jstr(d, "publicKey"), *sig = jstr(d, "signature");
	const char *n = jstr(d, "nonce");
	const cJSON *at = cJSON_GetObjectItem(d, "signedAt");
	unsigned char raw[64], s[128], digest[32];
	unsigned dl = 0;
	char hex[65], msg[1024];
	if (!id || !pk || !sig || !n || !cJSON_IsNumber(at) || strcmp(n, nonce) != 0)
		return false;
	size_t rl = b64url_decode(pk, raw, sizeof(raw)), sl = b64url_decode(sig, s, sizeof(s));
	if (rl != 32 || sl != 64 || EVP_Digest(raw, 32, digest, &dl, EVP_sha256(), NULL) != 1)
		return false;
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", digest[i]);
	if (strcmp(hex, id) != 0)
		return false;
	snprintf(msg, sizeof(msg), "v2|%s|%s|%.0f|%s|%s", id, fields, at->valuedouble, token,
		 nonce);
	EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw, 32);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = key && ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 &&
		  EVP_DigestVerify(ctx, s, 64, (const unsigned char *)msg, strlen(msg)) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
	return ok;
}
