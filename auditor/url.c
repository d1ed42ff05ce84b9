/* The WHATWG URL Standard's basic URL parser (no base URL, no state override)
 * and its serializer: schemes, credentials, hosts (domains, IPv4 in every
 * number form the standard accepts, IPv6 with embedded IPv4), ports, paths
 * with dot segments, query and fragment with their percent-encode sets. */
#include "url.h"

#include "clawshim/strbuf.h"
#include "clawshim/utf8.h"
#include "clawshim/util.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *scheme;
	int port; /* -1: file, which has none */
} special_schemes[] = {
	{ "ftp", 21 }, { "file", -1 }, { "http", 80 }, { "https", 443 }, { "ws", 80 }, { "wss", 443 },
};

/* The percent-encode sets of the standard, as bit masks over ASCII; every
 * byte outside 0x20..0x7e is in all of them (the C0 control set). */
enum encode_set { ENC_C0, ENC_FRAGMENT, ENC_QUERY, ENC_SPECIAL_QUERY, ENC_PATH, ENC_USERINFO };

static bool in_encode_set(unsigned char c, enum encode_set set)
{
	static const char *const extra[] = {
		[ENC_C0] = "",
		[ENC_FRAGMENT] = " \"<>`",
		[ENC_QUERY] = " \"#<>",
		[ENC_SPECIAL_QUERY] = " \"#<>'",
		[ENC_PATH] = " \"#<>?^`{}",
		[ENC_USERINFO] = " \"#<>?^`{}/:;=@[\\]|",
	};
	if (c < 0x20 || c > 0x7e)
		return true;
	return strchr(extra[set], c) != NULL;
}

static void put_encoded(struct cs_strbuf *b, const char *s, size_t n, enum encode_set set)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (in_encode_set(c, set))
			cs_strbuf_printf(b, "%%%02X", c);
		else
			cs_strbuf_putc(b, (char)c);
	}
}

static int special_port(const char *scheme, bool *special)
{
	for (size_t i = 0; i < ARRAY_SIZE(special_schemes); i++)
		if (strcmp(scheme, special_schemes[i].scheme) == 0) {
			*special = true;
			return special_schemes[i].port;
		}
	*special = false;
	return -1;
}

/* ---- hosts */

/* The standard's IPv4 number parser: decimal, 0x hex, 0 octal; an empty
 * number after its prefix is 0. */
static bool ipv4_number(const char *s, size_t n, uint64_t *out)
{
	int radix = 10;
	if (n == 0)
		return false;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		radix = 16;
		s += 2;
		n -= 2;
	} else if (n >= 2 && s[0] == '0') {
		radix = 8;
		s++;
		n--;
	}
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d;
		if (isdigit((unsigned char)s[i]))
			d = s[i] - '0';
		else if (isxdigit((unsigned char)s[i]))
			d = tolower((unsigned char)s[i]) - 'a' + 10;
		else
			return false;
		if (d >= radix)
			return false;
		/* anything past 2^32 is a failure later; stop growing there */
		if (v <= UINT32_MAX)
			v = v * (uint64_t)radix + (uint64_t)d;
	}
	*out = v;
	return true;
}

/* The labels of a dotted host, a trailing empty label dropped (as the
 * standard does when there is more than one). Returns the count, or -1 when
 * there are more than max. */
static int split_labels(const char *s, const char *lab[], size_t len[], int max)
{
	int n = 0;
	const char *p = s;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t l = dot ? (size_t)(dot - p) : strlen(p);
		if (n == max)
			return -1;
		lab[n] = p;
		len[n++] = l;
		if (!dot)
			break;
		p = dot + 1;
	}
	if (n > 1 && len[n - 1] == 0)
		n--;
	return n;
}

static bool ends_in_number(const char *host)
{
	const char *dot = strrchr(host, '.');
	const char *last = dot ? dot + 1 : host;
	size_t n = strlen(last);
	if (n == 0 && dot) {
		/* "a.b." : the label before the trailing dot */
		const char *prev = dot;
		while (prev > host && prev[-1] != '.')
			prev--;
		last = prev;
		n = (size_t)(dot - prev);
	}
	if (n == 0)
		return false;
	if (strspn(last, "0123456789") >= n)
		return true;
	uint64_t v;
	return ipv4_number(last, n, &v);
}

/* Parses host (known to end in a number) as IPv4 into dotted decimal. */
static int ipv4_parse(const char *host, char out[16])
{
	const char *lab[5];
	size_t len[5];
	uint64_t num[4];
	int n = split_labels(host, lab, len, 5);
	if (n < 1 || n > 4)
		return -EINVAL;
	for (int i = 0; i < n; i++)
		if (!ipv4_number(lab[i], len[i], &num[i]))
			return -EINVAL;
	for (int i = 0; i < n - 1; i++)
		if (num[i] > 255)
			return -EINVAL;
	if (num[n - 1] >= (1ULL << (8 * (5 - n))))
		return -EINVAL;
	uint64_t v = num[n - 1];
	for (int i = 0; i < n - 1; i++)
		v += num[i] << (8 * (3 - i));
	snprintf(out, 16, "%u.%u.%u.%u", (unsigned)(v >> 24) & 255, (unsigned)(v >> 16) & 255,
		 (unsigned)(v >> 8) & 255, (unsigned)v & 255);
	return 0;
}

/* The standard's IPv6 parser (with an embedded dotted IPv4 tail). */
static int ipv6_parse(const char *s, uint16_t a[8])
{
	int piece = 0, compress = -1;
	const char *p = s;
	memset(a, 0, 8 * sizeof(*a));
	if (*p == ':') {
		if (p[1] != ':')
			return -EINVAL;
		p += 2;
		compress = ++piece;
	}
	while (*p) {
		if (piece == 8)
			return -EINVAL;
		if (*p == ':') {
			if (compress >= 0)
				return -EINVAL;
			p++;
			compress = ++piece;
			continue;
		}
		unsigned v = 0;
		int len = 0;
		while (len < 4 && isxdigit((unsigned char)*p)) {
			v = v * 16 + (unsigned)(isdigit((unsigned char)*p) ? *p - '0'
								 : tolower((unsigned char)*p) - 'a' + 10);
			p++;
			len++;
		}
		if (*p == '.') {
			if (len == 0)
				return -EINVAL;
			p -= len;
			if (piece > 6)
				return -EINVAL;
			int seen = 0;
			while (*p) {
				int value = -1;
				if (seen > 0) {
					if (*p == '.' && seen < 4)
						p++;
					else
						return -EINVAL;
				}
				if (!isdigit((unsigned char)*p))
					return -EINVAL;
				while (isdigit((unsigned char)*p)) {
					int d = *p - '0';
					if (value == -1)
						value = d;
					else if (value == 0)
						return -EINVAL;
					else
						value = value * 10 + d;
					if (value > 255)
						return -EINVAL;
					p++;
				}
				a[piece] = (uint16_t)(a[piece] * 0x100 + value);
				seen++;
				if (seen == 2 || seen == 4)
					piece++;
			}
			if (seen != 4)
				return -EINVAL;
			break;
		}
		if (*p == ':') {
			p++;
			if (!*p)
				return -EINVAL;
		} else if (*p) {
			return -EINVAL;
		}
		a[piece++] = (uint16_t)v;
	}
	if (compress >= 0) {
		int swaps = piece - compress;
		piece = 7;
		while (piece != 0 && swaps > 0) {
			uint16_t t = a[piece];
			a[piece] = a[compress + swaps - 1];
			a[compress + swaps - 1] = t;
			piece--;
			swaps--;
		}
	} else if (piece != 8) {
		return -EINVAL;
	}
	return 0;
}

/* "[...]" with the longest run (two or more) of zero pieces compressed. */
static void ipv6_serialize(const uint16_t a[8], struct cs_strbuf *b)
{
	int best = -1, best_len = 1;
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && a[j] == 0)
			j++;
		if (j - i > best_len) {
			best = i;
			best_len = j - i;
		}
		i = j > i ? j : i + 1;
	}
	cs_strbuf_putc(b, '[');
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			cs_strbuf_puts(b, i == 0 ? "::" : ":");
			i += best_len - 1;
			continue;
		}
		cs_strbuf_printf(b, "%x", a[i]);
		if (i < 7)
			cs_strbuf_putc(b, ':');
	}
	cs_strbuf_putc(b, ']');
}

static bool forbidden_host_cp(unsigned char c)
{
	return c == 0 || (c && strchr("\t\n\r #/:<>?@[\\]^|", c) != NULL);
}

static bool forbidden_domain_cp(unsigned char c)
{
	return forbidden_host_cp(c) || c < 0x20 || c == '%' || c == 0x7f;
}

/* RFC 3492 Punycode of the code points cp[0..n), appended to b. */
static void punycode(const uint32_t *cp, size_t n, struct cs_strbuf *b)
{
	enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700 };
	uint32_t code = 0x80, delta = 0, bias = 72;
	size_t h = 0;
	for (size_t i = 0; i < n; i++)
		if (cp[i] < 0x80) {
			cs_strbuf_putc(b, (char)cp[i]);
			h++;
		}
	size_t basic = h;
	if (basic)
		cs_strbuf_putc(b, '-');
	while (h < n) {
		uint32_t m = UINT32_MAX;
		for (size_t i = 0; i < n; i++)
			if (cp[i] >= code && cp[i] < m)
				m = cp[i];
		delta += (m - code) * (uint32_t)(h + 1);
		code = m;
		for (size_t i = 0; i < n; i++) {
			if (cp[i] < code)
				delta++;
			if (cp[i] != code)
				continue;
			uint32_t q = delta;
			for (uint32_t k = BASE;; k += BASE) {
				uint32_t t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
				if (q < t)
					break;
				uint32_t d = t + (q - t) % (BASE - t);
				cs_strbuf_putc(b, (char)(d < 26 ? 'a' + d : '0' + d - 26));
				q = (q - t) / (BASE - t);
			}
			cs_strbuf_putc(b, (char)(q < 26 ? 'a' + q : '0' + q - 26));
			/* adapt the bias */
			uint32_t dl = h == basic ? delta / DAMP : delta / 2;
			dl += dl / (uint32_t)(h + 1);
			uint32_t k = 0;
			while (dl > ((BASE - TMIN) * TMAX) / 2) {
				dl /= BASE - TMIN;
				k += BASE;
			}
			bias = k + (BASE - TMIN + 1) * dl / (dl + SKEW);
			delta = 0;
			h++;
		}
		delta++;
		code++;
	}
}

/* Domain to ASCII, the part of UTS #46 that URLs of a config meet: ASCII
 * lowercased; other labels lowercased (Unicode simple case mapping, with
 * the ideographic full stops as dots) and Punycode-encoded. */
static char *domain_to_ascii(const char *d)
{
	static locale_t utf8;
	struct cs_strbuf b = { 0 };
	const unsigned char *p = (const unsigned char *)d;
	size_t n = strlen(d);

	if (!utf8)
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	while (n > 0) {
		/* one label: up to a dot (or an ideographic one) */
		uint32_t cp[256];
		size_t k = 0, used = 1;
		bool ascii = true;
		while (n > 0) {
			uint32_t c = cs_utf8_decode(p, n, &used);
			p += used;
			n -= used;
			if (c == '.' || c == 0x3002 || c == 0xff0e || c == 0xff61)
				break;
			if (c == 0xad || c == 0x200b || c == 0x2060 || c == 0xfeff)
				continue; /* mapped to nothing */
			if (c >= 0x80) {
				ascii = false;
				if (utf8)
					c = (uint32_t)towlower_l((wint_t)c, utf8);
			} else {
				c = (uint32_t)tolower((int)c);
			}
			if (k == ARRAY_SIZE(cp)) {
				cs_strbuf_free(&b);
				return NULL;
			}
			cp[k++] = c;
			used = 0;
		}
		if (ascii) {
			for (size_t i = 0; i < k; i++)
				cs_strbuf_putc(&b, (char)cp[i]);
		} else {
			cs_strbuf_puts(&b, "xn--");
			punycode(cp, k, &b);
		}
		/* used != 0 here: the loop ended on a separator, not on the end */
		if (used != 0)
			cs_strbuf_putc(&b, '.');
	}
	return cs_strbuf_steal(&b);
}

static int percent_decode(const char *s, size_t n, struct cs_strbuf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = { s[i + 1], s[i + 2], 0 };
			cs_strbuf_putc(out, (char)strtol(hex, NULL, 16));
			i += 2;
		} else {
			cs_strbuf_putc(out, s[i]);
		}
	}
	return out->oom ? -ENOMEM : 0;
}

/* The host parser: s[0..n) into its serialization (appended to out). */
static int host_parse(const char *s, size_t n, bool special, struct cs_strbuf *out)
{
	if (n > 0 && s[0] == '[') {
		if (s[n - 1] != ']')
			return -EINVAL;
		_cleanup_free_ char *in = strndup(s + 1, n - 2);
		uint16_t a[8];
		if (!in)
			return -ENOMEM;
		if (ipv6_parse(in, a) < 0)
			return -EINVAL;
		ipv6_serialize(a, out);
		return 0;
	}
	if (!special) {
		for (size_t i = 0; i < n; i++)
			if (forbidden_host_cp((unsigned char)s[i]))
				return -EINVAL;
		put_encoded(out, s, n, ENC_C0);
		return 0;
	}
	struct cs_strbuf dec = { 0 };
	if (percent_decode(s, n, &dec) < 0) {
		cs_strbuf_free(&dec);
		return -ENOMEM;
	}
	size_t raw_len = dec.len;
	_cleanup_free_ char *raw = cs_strbuf_steal(&dec);
	if (!raw)
		return -ENOMEM;
	if (strlen(raw) != raw_len)
		return -EINVAL; /* a decoded NUL, a forbidden domain code point */
	_cleanup_free_ char *ascii = domain_to_ascii(raw);
	if (!ascii || !*ascii)
		return -EINVAL;
	for (const char *c = ascii; *c; c++)
		if (forbidden_domain_cp((unsigned char)*c))
			return -EINVAL;
	if (ends_in_number(ascii)) {
		char v4[16];
		if (ipv4_parse(ascii, v4) < 0)
			return -EINVAL;
		cs_strbuf_puts(out, v4);
		return 0;
	}
	cs_strbuf_puts(out, ascii);
	return 0;
}

/* ---- the parser */

struct parsed {
	char *scheme;
	bool special;
	int default_port;
	struct cs_strbuf user, pass, host, path, query, frag;
	bool has_host, has_query, has_frag, opaque;
	int port;
	struct cs_strv segs;
};

static bool is_sep(char c, bool special)
{
	return c == '/' || (special && c == '\\');
}

static bool single_dot(const char *s, size_t n)
{
	return (n == 1 && s[0] == '.') || (n == 3 && strncasecmp(s, "%2e", 3) == 0);
}

static bool double_dot(const char *s, size_t n)
{
	static const char *const forms[] = { "..", ".%2e", "%2e.", "%2e%2e" };
	for (size_t i = 0; i < ARRAY_SIZE(forms); i++)
		if (n == strlen(forms[i]) && strncasecmp(s, forms[i], n) == 0)
			return true;
	return false;
}

/* The path of a hierarchical URL from p (at its leading separator, if any)
 * up to '?', '#' or the end; returns where it stopped. */
static const char *parse_path(struct parsed *u, const char *p)
{
	if (is_sep(*p, u->special))
		p++;
	else if (!u->special)
		return p; /* "foo://h", "foo://h?q": no path at all */
	for (;;) {
		size_t n = 0;
		while (p[n] && p[n] != '?' && p[n] != '#' && !is_sep(p[n], u->special))
			n++;
		bool more = is_sep(p[n], u->special);
		if (double_dot(p, n)) {
			if (u->segs.n > 0) {
				free(u->segs.v[--u->segs.n]);
				u->segs.v[u->segs.n] = NULL;
			}
			if (!more)
				cs_strv_push(&u->segs, "");
		} else if (single_dot(p, n)) {
			if (!more)
				cs_strv_push(&u->segs, "");
		} else {
			struct cs_strbuf seg = { 0 };
			put_encoded(&seg, p, n, ENC_PATH);
			char *s = cs_strbuf_steal(&seg);
			cs_strv_push(&u->segs, s ? s : "");
			free(s);
		}
		p += n;
		if (!more)
			return p;
		p++;
	}
}

/* The authority: [userinfo@]host[:port], up to the end of authority. */
static int parse_authority(struct parsed *u, const char *a, size_t n)
{
	const char *at = NULL;
	for (size_t i = 0; i < n; i++)
		if (a[i] == '@')
			at = a + i;
	if (at) {
		size_t un = (size_t)(at - a);
		const char *colon = memchr(a, ':', un);
		size_t ulen = colon ? (size_t)(colon - a) : un;
		put_encoded(&u->user, a, ulen, ENC_USERINFO);
		if (colon)
			put_encoded(&u->pass, colon + 1, un - ulen - 1, ENC_USERINFO);
		n -= un + 1;
		a = at + 1;
		if (n == 0)
			return -EINVAL;
	}
	/* the port separator is the first ':' outside brackets */
	size_t hn = 0;
	bool inside = false;
	while (hn < n && (a[hn] != ':' || inside)) {
		if (a[hn] == '[')
			inside = true;
		else if (a[hn] == ']')
			inside = false;
		hn++;
	}
	if (hn == 0 && u->special)
		return -EINVAL;
	if (hn == 0 && (at || hn < n))
		return -EINVAL;
	u->has_host = true;
	int r = host_parse(a, hn, u->special, &u->host);
	if (r < 0)
		return r;
	u->port = -1;
	if (hn < n) {
		const char *pp = a + hn + 1;
		size_t pn = n - hn - 1;
		if (pn > 0) {
			long v = 0;
			for (size_t i = 0; i < pn; i++) {
				if (!isdigit((unsigned char)pp[i]))
					return -EINVAL;
				v = v * 10 + (pp[i] - '0');
				if (v > 65535)
					return -EINVAL;
			}
			u->port = (int)v == u->default_port ? -1 : (int)v;
		}
	}
	return 0;
}

static void parsed_free(struct parsed *u)
{
	free(u->scheme);
	cs_strbuf_free(&u->user);
	cs_strbuf_free(&u->pass);
	cs_strbuf_free(&u->host);
	cs_strbuf_free(&u->path);
	cs_strbuf_free(&u->query);
	cs_strbuf_free(&u->frag);
	cs_strv_free(&u->segs);
}

/* Input with leading and trailing C0 controls and spaces removed, and tabs
 * and newlines removed everywhere. */
static char *preprocess(const char *in)
{
	size_t n = strlen(in);
	while (n > 0 && (unsigned char)*in <= 0x20) {
		in++;
		n--;
	}
	while (n > 0 && (unsigned char)in[n - 1] <= 0x20)
		n--;
	char *s = calloc(n + 1, 1), *o = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (in[i] != '\t' && in[i] != '\n' && in[i] != '\r')
			*o++ = in[i];
	*o = '\0';
	return s;
}

static int parse(const char *s, struct parsed *u)
{
	const char *p = s;
	if (!isalpha((unsigned char)*p))
		return -EINVAL;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':')
		return -EINVAL;
	u->scheme = strndup(s, (size_t)(p - s));
	if (!u->scheme)
		return -ENOMEM;
	for (char *c = u->scheme; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	u->default_port = special_port(u->scheme, &u->special);
	p++;

	bool authority = false;
	if (u->special) {
		/* "http:h", "http:/h" and "http:\\\h" all have an authority */
		while (is_sep(*p, true))
			p++;
		authority = true;
		if (strcmp(u->scheme, "file") == 0) {
			authority = false;
			u->has_host = true;
			const char *q = s + strlen(u->scheme) + 1;
			if (is_sep(q[0], true) && is_sep(q[1], true)) {
				q += 2;
				size_t n = strcspn(q, "/\\?#");
				if (n > 0 && !(n == 9 && strncasecmp(q, "localhost", 9) == 0)) {
					int r = host_parse(q, n, true, &u->host);
					if (r < 0)
						return r;
					if (strcmp(u->host.s, "localhost") == 0) {
						u->host.len = 0;
						u->host.s[0] = '\0';
					}
				}
				p = q + n;
			} else {
				p = q;
			}
			u->port = -1;
		}
	} else if (p[0] == '/' && p[1] == '/') {
		p += 2;
		authority = true;
	} else if (*p != '/') {
		u->opaque = true;
	}
	if (authority) {
		size_t n = 0;
		while (p[n] && p[n] != '?' && p[n] != '#' && !is_sep(p[n], u->special))
			n++;
		int r = parse_authority(u, p, n);
		if (r < 0)
			return r;
		p += n;
	}
	if (u->opaque) {
		size_t n = strcspn(p, "?#");
		put_encoded(&u->path, p, n, ENC_C0);
		p += n;
	} else {
		p = parse_path(u, p);
	}
	if (*p == '?') {
		size_t n = strcspn(++p, "#");
		u->has_query = true;
		put_encoded(&u->query, p, n, u->special ? ENC_SPECIAL_QUERY : ENC_QUERY);
		p += n;
	}
	if (*p == '#') {
		u->has_frag = true;
		p++;
		put_encoded(&u->frag, p, strlen(p), ENC_FRAGMENT);
	}
	return 0;
}

static char *serialize(const struct parsed *u)
{
	struct cs_strbuf b = { 0 };
	cs_strbuf_printf(&b, "%s:", u->scheme);
	if (u->has_host) {
		cs_strbuf_puts(&b, "//");
		if (u->user.len || u->pass.len) {
			cs_strbuf_put(&b, u->user.s ? u->user.s : "", u->user.len);
			if (u->pass.len)
				cs_strbuf_printf(&b, ":%s", u->pass.s);
			cs_strbuf_putc(&b, '@');
		}
		cs_strbuf_put(&b, u->host.s ? u->host.s : "", u->host.len);
		if (u->port >= 0)
			cs_strbuf_printf(&b, ":%d", u->port);
	}
	if (u->opaque) {
		cs_strbuf_put(&b, u->path.s ? u->path.s : "", u->path.len);
	} else {
		if (!u->has_host && u->segs.n > 1 && !*u->segs.v[0])
			cs_strbuf_puts(&b, "/.");
		for (size_t i = 0; i < u->segs.n; i++)
			cs_strbuf_printf(&b, "/%s", u->segs.v[i]);
	}
	if (u->has_query)
		cs_strbuf_printf(&b, "?%s", u->query.s ? u->query.s : "");
	if (u->has_frag)
		cs_strbuf_printf(&b, "#%s", u->frag.s ? u->frag.s : "");
	return cs_strbuf_steal(&b);
}

int cs_url_parse(const char *input, struct cs_url *out)
{
	struct parsed u = { .port = -1 };
	_cleanup_free_ char *s = preprocess(input);
	memset(out, 0, sizeof(*out));
	if (!s)
		return -ENOMEM;
	int r = parse(s, &u);
	if (r == 0) {
		out->href = serialize(&u);
		out->scheme = steal_ptr(&u.scheme);
		out->host = u.has_host ? strndup(u.host.s ? u.host.s : "", u.host.len) : NULL;
		out->port = u.port;
		if (!out->href || (u.has_host && !out->host) || u.user.oom || u.pass.oom ||
		    u.host.oom || u.query.oom || u.frag.oom || u.path.oom)
			r = -ENOMEM;
	}
	parsed_free(&u);
	if (r < 0)
		cs_url_free(out);
	return r;
}

void cs_url_free(struct cs_url *u)
{
	free(u->scheme);
	free(u->host);
	free(u->href);
	memset(u, 0, sizeof(*u));
	u->port = -1;
}

bool cs_url_host_is_loopback(const char *host)
{
	char h[64];
	size_t n = strlen(host);
	uint16_t a[8];

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	if (n >= sizeof(h))
		return false;
	memcpy(h, host, n);
	h[n] = '\0';
	if (strchr(h, ':')) {
		if (ipv6_parse(h, a) < 0)
			return false;
		static const uint16_t zero[5];
		if (memcmp(a, zero, sizeof(zero)) != 0)
			return false;
		/* ::1, or ::ffff:127.x.y.z */
		if (a[5] == 0)
			return a[6] == 0 && a[7] == 1;
		return a[5] == 0xffff && (a[6] >> 8) == 127;
	}
	/* canonical dotted decimal only: four numbers up to 255, no leading 0 */
	const char *p = h;
	unsigned first = 0;
	for (int i = 0; i < 4; i++) {
		unsigned v = 0;
		size_t d = strspn(p, "0123456789");
		if (d == 0 || d > 3 || (d > 1 && *p == '0'))
			return false;
		for (size_t k = 0; k < d; k++)
			v = v * 10 + (unsigned)(p[k] - '0');
		if (v > 255 || p[d] != (i < 3 ? '.' : '\0'))
			return false;
		if (i == 0)
			first = v;
		p += d + 1;
	}
	return first == 127;
}
