/* See device_identity.h. Ed25519 and SHA-256 come from OpenSSL's libcrypto,
 * loaded with dlopen when a probe needs it: linked in, its relocations would
 * cost every plain audit half a millisecond (a third of its run time). */
#include "clawshim/device_identity.h"
#include "clawshim/atomicfile.h"
#include "clawshim/util.h"

#include <cjson/cJSON.h>
#include <dlfcn.h>
#include <errno.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define LIBCRYPTO_FUNCS \
	X(BIO_free) \
	X(BIO_new) \
	X(BIO_new_mem_buf) \
	X(BIO_s_mem) \
	X(BIO_ctrl) \
	X(EVP_Digest) \
	X(EVP_DigestSign) \
	X(EVP_DigestSignInit) \
	X(EVP_MD_CTX_free) \
	X(EVP_MD_CTX_new) \
	X(EVP_PKEY_CTX_free) \
	X(EVP_PKEY_CTX_new_id) \
	X(EVP_PKEY_free) \
	X(EVP_PKEY_get_id) \
	X(EVP_PKEY_get_raw_public_key) \
	X(EVP_PKEY_keygen) \
	X(EVP_PKEY_keygen_init) \
	X(EVP_sha256) \
	X(PEM_read_bio_PrivateKey) \
	X(PEM_write_bio_PUBKEY) \
	X(PEM_write_bio_PrivateKey)

static struct {
	bool loaded;
#define X(name) __typeof__(&name) name;
	LIBCRYPTO_FUNCS
#undef X
} ssl;

/* Resolves every function the identity needs, once; false (with *why) when
 * libcrypto 3 is not installed. */
static bool load_libcrypto(const char **why)
{
	if (ssl.loaded)
		return true;
	void *h = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		*why = "libcrypto.so.3 (OpenSSL 3) is not installed";
		return false;
	}
#define X(name)                                                                                    \
	if (!(ssl.name = (__typeof__(&name))dlsym(h, #name))) {                                    \
		*why = "libcrypto.so.3 lacks " #name;                                              \
		return false;                                                                      \
	}
	LIBCRYPTO_FUNCS
#undef X
	ssl.loaded = true;
	return true;
}

struct cs_device_identity {
	EVP_PKEY *key;
	char id[65];
	char public_key[64];
};

static void b64url(const unsigned char *in, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = in[i] << 16 | (i + 1 < n ? in[i + 1] << 8 : 0) | (i + 2 < n ? in[i + 2] : 0);
		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
		if (i + 1 < n)
			out[o++] = a[v >> 6 & 63];
		if (i + 2 < n)
			out[o++] = a[v & 63];
	}
	out[o] = '\0';
}

/* id and public key text from the key. */
static bool derive(struct cs_device_identity *d)
{
	unsigned char raw[32], digest[32];
	size_t n = sizeof(raw);
	unsigned dn = 0;
	if (ssl.EVP_PKEY_get_raw_public_key(d->key, raw, &n) != 1 || n != 32 ||
	    ssl.EVP_Digest(raw, n, digest, &dn, ssl.EVP_sha256(), NULL) != 1 || dn != 32)
		return false;
	for (int i = 0; i < 32; i++)
		snprintf(d->id + 2 * i, 3, "%02x", digest[i]);
	b64url(raw, 32, d->public_key);
	return true;
}

static char *pem_of(EVP_PKEY *k, bool private_key)
{
	BIO *b = ssl.BIO_new(ssl.BIO_s_mem());
	char *out = NULL;
	if (b && (private_key ? ssl.PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL)
			      : ssl.PEM_write_bio_PUBKEY(b, k))) {
		char *p;
		long n = ssl.BIO_ctrl(b, BIO_CTRL_INFO, 0, (char *)&p);
		out = n > 0 ? strndup(p, (size_t)n) : NULL;
	}
	ssl.BIO_free(b);
	return out;
}

/* A new key pair written the way OpenClaw writes it. */
static EVP_PKEY *create_identity(const char *dir, const char *file, const char **why)
{
	EVP_PKEY *k = NULL;
	EVP_PKEY_CTX *ctx = ssl.EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	if (!ctx || ssl.EVP_PKEY_keygen_init(ctx) != 1 || ssl.EVP_PKEY_keygen(ctx, &k) != 1) {
		ssl.EVP_PKEY_CTX_free(ctx);
		*why = "cannot generate a device key";
		return NULL;
	}
	ssl.EVP_PKEY_CTX_free(ctx);
	struct cs_device_identity tmp = { .key = k };
	_cleanup_free_ char *pub = pem_of(k, false);
	_cleanup_free_ char *priv = pem_of(k, true);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	cJSON *j = cJSON_CreateObject();
	if (!derive(&tmp) || !pub || !priv || !j) {
		cJSON_Delete(j);
		ssl.EVP_PKEY_free(k);
		*why = "cannot encode the device key";
		return NULL;
	}
	cJSON_AddNumberToObject(j, "version", 1);
	cJSON_AddStringToObject(j, "deviceId", tmp.id);
	cJSON_AddStringToObject(j, "publicKeyPem", pub);
	cJSON_AddStringToObject(j, "privateKeyPem", priv);
	cJSON_AddNumberToObject(j, "createdAtMs", (double)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
	_cleanup_free_ char *text = cJSON_Print(j);
	cJSON_Delete(j);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		ssl.EVP_PKEY_free(k);
		*why = "cannot create the identity directory";
		return NULL;
	}
	if (!text || cs_write_file_atomic_mode(file, text, strlen(text), 0600) < 0) {
		ssl.EVP_PKEY_free(k);
		*why = "cannot write the device identity";
		return NULL;
	}
	return k;
}

static EVP_PKEY *read_identity(const char *file, const char **why)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	if (cs_read_file(file, 1u << 16, &text, &len) < 0) {
		*why = "cannot read the device identity";
		return NULL;
	}
	cJSON *j = cJSON_ParseWithLength(text, len);
	const cJSON *pem = cJSON_GetObjectItemCaseSensitive(j, "privateKeyPem");
	EVP_PKEY *k = NULL;
	if (cJSON_IsString(pem)) {
		BIO *b = ssl.BIO_new_mem_buf(pem->valuestring, -1);
		k = b ? ssl.PEM_read_bio_PrivateKey(b, NULL, NULL, NULL) : NULL;
		ssl.BIO_free(b);
	}
	cJSON_Delete(j);
	if (!k || ssl.EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
		ssl.EVP_PKEY_free(k);
		*why = "the device identity holds no Ed25519 key";
		return NULL;
	}
	return k;
}

struct cs_device_identity *cs_device_identity_load(const char *state_dir, const char **why)
{
	_cleanup_free_ char *dir = cs_asprintf("%s/identity", state_dir);
	_cleanup_free_ char *file = cs_asprintf("%s/identity/device.json", state_dir);
	struct stat st;

	*why = "out of memory";
	if (!dir || !file || !load_libcrypto(why))
		return NULL;
	EVP_PKEY *k = lstat(file, &st) == 0 ? read_identity(file, why)
					    : create_identity(dir, file, why);
	if (!k)
		return NULL;
	struct cs_device_identity *d = calloc(1, sizeof(*d));
	if (!d) {
		ssl.EVP_PKEY_free(k);
		return NULL;
	}
	d->key = k;
	if (!derive(d)) {
		cs_device_identity_free(d);
		*why = "cannot derive the device id";
		return NULL;
	}
	return d;
}

void cs_device_identity_free(struct cs_device_identity *d)
{
	if (!d)
		return;
	ssl.EVP_PKEY_free(d->key);
	free(d);
}

const char *cs_device_identity_id(const struct cs_device_identity *d)
{
	return d->id;
}

const char *cs_device_identity_public_key(const struct cs_device_identity *d)
{
	return d->public_key;
}

char *cs_device_identity_sign_connect(const struct cs_device_identity *d, const char *client_id,
				   const char *client_mode, const char *role, const char *scopes,
				   long long signed_at_ms, const char *token, const char *nonce)
{
	_cleanup_free_ char *msg = cs_asprintf("v2|%s|%s|%s|%s|%s|%lld|%s|%s", d->id, client_id,
					       client_mode, role, scopes, signed_at_ms,
					       token ? token : "", nonce);
	unsigned char sig[64];
	size_t n = sizeof(sig);
	EVP_MD_CTX *ctx = ssl.EVP_MD_CTX_new();
	bool ok = msg && ctx && ssl.EVP_DigestSignInit(ctx, NULL, NULL, NULL, d->key) == 1 &&
		  ssl.EVP_DigestSign(ctx, sig, &n, (const unsigned char *)msg, strlen(msg)) == 1;
	ssl.EVP_MD_CTX_free(ctx);
	if (!ok)
		return NULL;
	char *out = malloc(90);
	if (out)
		b64url(sig, n, out);
	return out;
}
