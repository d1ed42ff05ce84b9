/* URLs as the WHATWG URL Standard parses them (what JavaScript's `new URL()`
 * does, without a base URL), and the loopback test OpenClaw applies to a
 * parsed URL's canonical host. */
#ifndef CLAWAUDIT_URL_H
#define CLAWAUDIT_URL_H

#include <stdbool.h>

struct cs_url {
	char *scheme;   /* lowercase, without the ':' */
	char *host;     /* serialized: a domain, dotted-decimal IPv4 or "[ipv6]";
			 * NULL for a URL without a host ("mailto:x") */
	int port;       /* -1 when absent or the scheme's default */
	char *href;     /* the whole URL serialized */
};

/* Parses input (which the caller has trimmed as it wants; the parser itself
 * drops leading and trailing C0 controls and spaces, and tabs and newlines
 * anywhere, as the standard says). Returns 0 and fills out (free it with
 * cs_url_free), -EINVAL when the standard calls input a failure, -ENOMEM. */
int cs_url_parse(const char *input, struct cs_url *out);
void cs_url_free(struct cs_url *u);

/* Whether the host of a parsed URL is loopback: "localhost", 127.0.0.0/8,
 * ::1 or an IPv4-mapped ::ffff:127.x.y.z (a canonical serialization as
 * cs_url_parse gives; case and brackets do not matter). */
bool cs_url_host_is_loopback(const char *host);

#endif
