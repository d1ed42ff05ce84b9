/* See ws.h. Client frames are masked, server frames are not; fragmented
 * messages are not reassembled (OpenClaw's gateway sends each JSON message
 * as one frame). */
#include "clawshim/ws.h"
#include "clawshim/util.h"

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

long cs_ws_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void set_err(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(char **err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(*err);
	*err = cs_vasprintf(fmt, ap);
	va_end(ap);
}

bool cs_ws_parse_url(const char *url, char *host, size_t hostsz, char *port, size_t portsz,
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

static const char *errno_name(int e)
{
	const char *n = strerrorname_np(e);
	return n ? n : "EIO";
}

int cs_ws_connect(const char *host, const char *port, long deadline, char **err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai = NULL;
	long backoff = 100;
	int last = ETIMEDOUT;

	if (getaddrinfo(host, port, &hints, &ai) != 0 || !ai) {
		set_err(err, "connect failed: getaddrinfo ENOTFOUND %s", host);
		return -1;
	}
	while (cs_ws_now_ms() < deadline) {
		int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0) {
			last = errno;
			break;
		}
		int c = connect(fd, ai->ai_addr, ai->ai_addrlen);
		if (c < 0 && errno == EINPROGRESS) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };
			long left = deadline - cs_ws_now_ms();
			int e = 0;
			socklen_t len = sizeof(e);
			if (left > 0 && poll(&pfd, 1, (int)left) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) == 0 && e == 0)
				c = 0;
			else
				errno = e ? e : ETIMEDOUT;
		}
		if (c == 0) {
			freeaddrinfo(ai);
			return fd;
		}
		last = errno;
		close(fd);
		long left = deadline - cs_ws_now_ms();
		if (left <= 0)
			break;
		struct timespec ts = { 0, (backoff < left ? backoff : left) * 1000000L };
		nanosleep(&ts, NULL);
		backoff = backoff < 1000 ? backoff * 2 : 1000;
	}
	freeaddrinfo(ai);
	set_err(err, "connect failed: connect %s %s:%s", errno_name(last), host, port);
	return -1;
}

static int wait_io(int fd, short ev, long deadline)
{
	struct pollfd pfd = { .fd = fd, .events = ev };
	long left = deadline - cs_ws_now_ms();
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

bool cs_ws_handshake(int fd, const char *host, const char *port, const char *path, long deadline,
		     char **err)
{
	unsigned char nonce[16];
	char key[32];
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (getrandom(nonce, sizeof(nonce), 0) != (ssize_t)sizeof(nonce)) {
		set_err(err, "no randomness for the WebSocket key");
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
		set_err(err, "timeout");
		return false;
	}
	char resp[4096];
	size_t len = 0;
	while (len + 1 < sizeof(resp)) {
		if (!recv_exact(fd, resp + len, 1, deadline)) {
			set_err(err, "timeout");
			return false;
		}
		len++;
		if (len >= 4 && memcmp(resp + len - 4, "\r\n\r\n", 4) == 0)
			break;
	}
	resp[len] = '\0';
	if (strncmp(resp, "HTTP/1.1 101", 12) != 0) {
		size_t line = strcspn(resp, "\r\n");
		set_err(err, "unexpected server response: %.*s", (int)line, resp);
		return false;
	}
	return true;
}

static bool send_frame(int fd, unsigned opcode, const void *data, size_t n, long deadline)
{
	unsigned char hdr[14];
	size_t h = 0;
	unsigned char mask[4];
	if (getrandom(mask, 4, 0) != 4)
		return false;
	hdr[h++] = (unsigned char)(0x80 | opcode);
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
		body[i] = ((const unsigned char *)data)[i] ^ mask[i & 3];
	bool ok = send_all(fd, hdr, h, deadline) && send_all(fd, body, n, deadline);
	free(body);
	return ok;
}

bool cs_ws_send_text(int fd, const char *text, long deadline)
{
	return send_frame(fd, 0x1, text, strlen(text), deadline);
}

void cs_ws_send_close(int fd, int code, const char *reason, long deadline)
{
	char buf[125];
	size_t n = strnlen(reason, sizeof(buf) - 2);
	buf[0] = (char)(code >> 8);
	buf[1] = (char)code;
	memcpy(buf + 2, reason, n);
	send_frame(fd, 0x8, buf, n + 2, deadline);
}

enum cs_ws_frame cs_ws_read(int fd, long deadline, char **payload, size_t *len)
{
	unsigned char h[2];
	*payload = NULL;
	*len = 0;
	if (!recv_exact(fd, h, 2, deadline))
		return CS_WS_NONE;
	uint64_t n = h[1] & 0x7f;
	if (n == 126 || n == 127) {
		unsigned char ext[8];
		size_t k = n == 126 ? 2 : 8;
		if (!recv_exact(fd, ext, k, deadline))
			return CS_WS_NONE;
		n = 0;
		for (size_t i = 0; i < k; i++)
			n = n << 8 | ext[i];
	}
	unsigned char mask[4] = { 0 };
	bool masked = h[1] & 0x80;
	if (n > CS_WS_FRAME_MAX || (masked && !recv_exact(fd, mask, 4, deadline)))
		return CS_WS_NONE;
	char *buf = malloc((size_t)n + 1);
	if (!buf || !recv_exact(fd, buf, (size_t)n, deadline)) {
		free(buf);
		return CS_WS_NONE;
	}
	for (size_t i = 0; masked && i < n; i++)
		buf[i] ^= (char)mask[i & 3];
	buf[n] = '\0';
	*payload = buf;
	*len = (size_t)n;
	switch (h[0] & 0x0f) {
	case 0x1:
		return CS_WS_TEXT;
	case 0x8:
		return CS_WS_CLOSE;
	case 0x9:
		/* The gateway's ws server may ping; an unanswered ping ends the link. */
		send_frame(fd, 0xA, buf, (size_t)n, deadline);
		return CS_WS_OTHER;
	default:
		return CS_WS_OTHER;
	}
}

int cs_ws_close_code(const char *payload, size_t len)
{
	return len >= 2 ? ((unsigned char)payload[0] << 8 | (unsigned char)payload[1]) : 1005;
}
