/* A minimal WebSocket client (RFC 6455) for talking to an OpenClaw gateway:
 * connect with retries, the upgrade handshake, masked text frames out,
 * server frames in. Plain ws:// only (no TLS). Used by clawaudit's --deep
 * probe and by clawshim-node. */
#ifndef CLAWSHIM_WS_H
#define CLAWSHIM_WS_H

#include <stdbool.h>
#include <stddef.h>

/* Largest server frame accepted. */
#define CS_WS_FRAME_MAX (25u << 20)

/* CLOCK_MONOTONIC in milliseconds: every deadline below is on this clock. */
long cs_ws_now_ms(void);

/* ws://host:port/path split into its parts (*path points into url); *tls is
 * set for wss://. False for anything else. */
bool cs_ws_parse_url(const char *url, char *host, size_t hostsz, char *port, size_t portsz,
		     const char **path, bool *tls);

/* Connects, retrying refused connections with backoff (100 ms doubling to
 * 1 s) until the deadline, as OpenClaw's client does. Returns a non-blocking
 * socket, or -1 with *err set ("connect failed: ..."; caller frees). */
int cs_ws_connect(const char *host, const char *port, long deadline, char **err);

/* The HTTP upgrade. False with *err set ("timeout" or "unexpected server
 * response: <status line>"; caller frees). */
bool cs_ws_handshake(int fd, const char *host, const char *port, const char *path, long deadline,
		     char **err);

/* One masked text frame. */
bool cs_ws_send_text(int fd, const char *text, long deadline);
/* A masked close frame with code and reason (best effort). */
void cs_ws_send_close(int fd, int code, const char *reason, long deadline);

enum cs_ws_frame { CS_WS_TEXT, CS_WS_CLOSE, CS_WS_OTHER, CS_WS_NONE };

/* Reads one frame; a ping is answered with a pong and comes back as
 * CS_WS_OTHER. Text and close payloads come back in *payload (heap,
 * NUL-terminated; caller frees, also for the other kinds). CS_WS_NONE: the
 * connection ended, or the deadline passed. */
enum cs_ws_frame cs_ws_read(int fd, long deadline, char **payload, size_t *len);

/* Close code and reason of a close frame's payload (1005 when absent). */
int cs_ws_close_code(const char *payload, size_t len);

#endif
