/* URLs as JavaScript's `new URL()` parses them (the expected values are what
 * Node 22, the reference's runtime, printed for the same input), and the
 * loopback test of a parsed URL's host. */
#include "../auditor/url.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

struct url_case {
	const char *in;
	const char *href; /* NULL: a failure */
	const char *host; /* "" for a URL without a host */
	int port;
};

static const struct url_case url_cases[] = {
	{ "http://127.0.0.1:9222", "http://127.0.0.1:9222/", "127.0.0.1", 9222 },
	{ "HTTP://Example.COM:80/json/", "http://example.com/json/", "example.com", -1 },
	{ "http://127.evil.example:9222", "http://127.evil.example:9222/", "127.evil.example", 9222 },
	{ "http://[::ffff:127.0.0.1]:9222", "http://[::ffff:7f00:1]:9222/", "[::ffff:7f00:1]", 9222 },
	{ "http://[::0:1]:9222/", "http://[::1]:9222/", "[::1]", 9222 },
	{ "http://0x7f.0.0.1:9222", "http://127.0.0.1:9222/", "127.0.0.1", 9222 },
	{ "http://2130706433:9222", "http://127.0.0.1:9222/", "127.0.0.1", 9222 },
	{ "http://%31%32%37.0.0.1:9222", "http://127.0.0.1:9222/", "127.0.0.1", 9222 },
	{ "http://127.1", "http://127.0.0.1/", "127.0.0.1", -1 },
	{ "http://0177.0.0.1", "http://127.0.0.1/", "127.0.0.1", -1 },
	{ "http://127.0.0.1.:9222", "http://127.0.0.1:9222/", "127.0.0.1", 9222 },
	{ "http://ex ample.com:9222", NULL, NULL, -1 },
	{ "http://example.com:99999", NULL, NULL, -1 },
	{ "http://", NULL, NULL, -1 },
	{ "http:example.com", "http://example.com/", "example.com", -1 },
	{ "http:/example.com:9222/json", "http://example.com:9222/json", "example.com", 9222 },
	{ "https://example.com:443/", "https://example.com/", "example.com", -1 },
	{ "https://user:pa:ss@h@example.com/x", "https://user:pa%3Ass%40h@example.com/x", "example.com", -1 },
	{ "http://@example.com", "http://example.com/", "example.com", -1 },
	{ "http://user@/x", NULL, NULL, -1 },
	{ "http://1.2.3.4.5/", NULL, NULL, -1 },
	{ "http://foo.09/", NULL, NULL, -1 },
	{ "http://foo.0x/", NULL, NULL, -1 },
	{ "http://foo.0xg/", "http://foo.0xg/", "foo.0xg", -1 },
	{ "http://[1:2:3:4:5:6:7:8]/", "http://[1:2:3:4:5:6:7:8]/", "[1:2:3:4:5:6:7:8]", -1 },
	{ "http://[1::]/", "http://[1::]/", "[1::]", -1 },
	{ "http://[::]/", "http://[::]/", "[::]", -1 },
	{ "http://[1:0:0:2:0:0:0:3]/", "http://[1:0:0:2::3]/", "[1:0:0:2::3]", -1 },
	{ "http://[0:0:1:0:0:1:0:0]/", "http://[::1:0:0:1:0:0]/", "[::1:0:0:1:0:0]", -1 },
	{ "http://[::1.2.3.4]/", "http://[::102:304]/", "[::102:304]", -1 },
	{ "http://[::127.0.0.1]/", "http://[::7f00:1]/", "[::7f00:1]", -1 },
	{ "http://[1:2:3:4:5:6:7:8:9]/", NULL, NULL, -1 },
	{ "http://[1:2/", NULL, NULL, -1 },
	{ "http://exa%mple.com/", NULL, NULL, -1 },
	{ "http://exa%25mple.com/", NULL, NULL, -1 },
	{ "http://example.com/a/./b/../c/%2e%2E/d", "http://example.com/a/d", "example.com", -1 },
	{ "http://example.com/a b?c d#e f", "http://example.com/a%20b?c%20d#e%20f", "example.com", -1 },
	{ "http://example.com/?'q'", "http://example.com/?%27q%27", "example.com", -1 },
	{ "http://example.com\\foo\\bar", "http://example.com/foo/bar", "example.com", -1 },
	{ "http://example.com:0080/", "http://example.com/", "example.com", -1 },
	{ "http://example.com:0/", "http://example.com:0/", "example.com", 0 },
	{ "http://example.com:/", "http://example.com/", "example.com", -1 },
	{ "ws://example.com:80/", "ws://example.com/", "example.com", -1 },
	{ "foo://example.com:80/x", "foo://example.com:80/x", "example.com", 80 },
	{ "foo:bar baz", "foo:bar baz", "", -1 },
	{ "mailto:me@example.com", "mailto:me@example.com", "", -1 },
	{ "file:///etc/passwd", "file:///etc/passwd", "", -1 },
	{ "javascript:alert(1)", "javascript:alert(1)", "", -1 },
	{ "http://b\xc3\xbc" "cher.de/", "http://xn--bcher-kva.de/", "xn--bcher-kva.de", -1 },
	{ "http://EXAMPLE.com./", "http://example.com./", "example.com.", -1 },
	{ "http://a..b/", "http://a..b/", "a..b", -1 },
	{ "http://0x100000000/", NULL, NULL, -1 },
	{ "http://4294967295/", "http://255.255.255.255/", "255.255.255.255", -1 },
	{ "http://4294967296/", NULL, NULL, -1 },
	{ "http://256.0.0.1/", NULL, NULL, -1 },
	{ "http://1.256/", "http://1.0.1.0/", "1.0.1.0", -1 },
	{ "http://1.65536/", "http://1.1.0.0/", "1.1.0.0", -1 },
	{ "http://[::FFFF:7F00:1]/", "http://[::ffff:7f00:1]/", "[::ffff:7f00:1]", -1 },
	{ "  http://example.com/  ", "http://example.com/", "example.com", -1 },
	{ "http://exa\tmple.com/", "http://example.com/", "example.com", -1 },
	{ "http://example.com/{x}^`|", "http://example.com/%7Bx%7D%5E%60|", "example.com", -1 },
	{ "http://u%40@example.com/", "http://u%40@example.com/", "example.com", -1 },
	{ "http://localhost:9222", "http://localhost:9222/", "localhost", 9222 },
	{ "http://LOCALHOST./", "http://localhost./", "localhost.", -1 },
	{ "http://0x/", "http://0.0.0.0/", "0.0.0.0", -1 },
	{ "http://0/", "http://0.0.0.0/", "0.0.0.0", -1 },
	{ "http://example.com:65535", "http://example.com:65535/", "example.com", 65535 },
	{ "http://example.com:65536", NULL, NULL, -1 },
	{ "1http://x", NULL, NULL, -1 },
	{ "http://[::ffff:192.168.0.1]", "http://[::ffff:c0a8:1]/", "[::ffff:c0a8:1]", -1 },
	{ "http://[2001:db8::1]:9222/json", "http://[2001:db8::1]:9222/json", "[2001:db8::1]", 9222 },
	{ "http://example.com#frag`<>", "http://example.com/#frag%60%3C%3E", "example.com", -1 },
};

static void check_case(const struct url_case *c)
{
	struct cs_url u;
	int r = cs_url_parse(c->in, &u);
	if (!c->href) {
		cr_expect_eq(r, -EINVAL, "%s: want a failure, got %d (%s)", c->in, r,
			     r == 0 ? u.href : "");
		if (r == 0)
			cs_url_free(&u);
		return;
	}
	cr_expect_eq(r, 0, "%s: %d", c->in, r);
	if (r != 0)
		return;
	cr_expect_str_eq(u.href, c->href, "%s", c->in);
	cr_expect_str_eq(u.host ? u.host : "", c->host, "%s", c->in);
	cr_expect_eq(u.port, c->port, "%s", c->in);
	cs_url_free(&u);
}

Test(url, parse)
{
	for (size_t i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++)
		check_case(&url_cases[i]);
}

/* Hosts as URLs serialize them; what OpenClaw's isLoopbackHost says. */
static const struct {
	const char *host;
	bool loopback;
} loopback_cases[] = {
	{ "localhost", true },        { "LOCALHOST", true },         { "127.0.0.1", true },
	{ "127.255.0.9", true },      { "[::1]", true },             { "::1", true },
	{ "[::ffff:7f00:1]", true },  { "[::ffff:7fff:ffff]", true }, { "localhost.", false },
	{ "128.0.0.1", false },       { "[::7f00:1]", false },       { "[::ffff:c0a8:1]", false },
	{ "127.evil.example", false }, { "[::]", false },            { "0.0.0.0", false },
	{ "[2001:db8::1]", false },   { "", false },                 { "127.0.0.01", false },
};

Test(url, host_is_loopback)
{
	for (size_t i = 0; i < sizeof(loopback_cases) / sizeof(loopback_cases[0]); i++)
		cr_expect_eq(cs_url_host_is_loopback(loopback_cases[i].host), loopback_cases[i].loopback,
			     "%s", loopback_cases[i].host);
}
