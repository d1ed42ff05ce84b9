/* IP networking as 'network' grants it, and what it must not reach: MPTCP,
 * ICMP and raw sockets beside TCP and UDP, TCP fast open (a connect without
 * the connect hook), listening sockets (listen() on an unbound socket binds
 * a port on every address), and the host's UNIX sockets. */
#include "attack.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif

static struct sockaddr_in loopback(const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons((uint16_t)atoi(port ? port : "0")) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static void mptcp(const char *t)
{
	(void)t;
	attack_result(socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP));
}
static void mptcp6(const char *t)
{
	(void)t;
	attack_result(socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_MPTCP));
}
static void icmp(const char *t)
{
	(void)t;
	attack_result(socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP));
}
static void raw_udp(const char *t)
{
	(void)t;
	attack_result(socket(AF_INET, SOCK_RAW, IPPROTO_UDP));
}
/* The controls: the sockets 'network' is for, with the flags libc adds. */
static void tcp_flags(const char *t)
{
	(void)t;
	attack_result(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP));
}
static void udp6(const char *t)
{
	(void)t;
	attack_result(socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP));
}
/* Target: a listening TCP port on loopback outside the profile's ports. */
static void fastopen_sendto(const char *t)
{
	struct sockaddr_in a = loopback(t);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		attack_setup_failed("socket");
	attack_result(sendto(fd, "x", 1, MSG_FASTOPEN, (struct sockaddr *)&a, sizeof(a)));
}
static void fastopen_sendmsg(const char *t)
{
	struct sockaddr_in a = loopback(t);
	struct iovec iov = { "x", 1 };
	struct msghdr mh = { .msg_name = &a, .msg_namelen = sizeof(a), .msg_iov = &iov,
			     .msg_iovlen = 1 };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		attack_setup_failed("socket");
	attack_result(sendmsg(fd, &mh, MSG_FASTOPEN));
}
static void fastopen_sendmmsg(const char *t)
{
	struct sockaddr_in a = loopback(t);
	struct iovec iov = { "x", 1 };
	struct mmsghdr mm = { .msg_hdr = { .msg_name = &a, .msg_namelen = sizeof(a),
					   .msg_iov = &iov, .msg_iovlen = 1 } };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		attack_setup_failed("socket");
	attack_result(sendmmsg(fd, &mm, 1, MSG_FASTOPEN));
}
static void fastopen_high32(const char *t)
{
	struct sockaddr_in a = loopback(t);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		attack_setup_failed("socket");
	attack_result(syscall(SYS_sendto, fd, "x", 1, (1L << 32) | MSG_FASTOPEN, &a, sizeof(a)));
}
/* An unbound TCP socket that listens gets a port on 0.0.0.0. */
static void listen_unbound(const char *t)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)t;
	if (fd < 0)
		attack_setup_failed("socket");
	attack_result(listen(fd, 1));
}
/* Target: a path UNIX socket outside the sandbox (a host daemon). */
static void unix_path_connect(const char *t)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0)
		attack_result(fd);
	strncpy(a.sun_path, t ? t : "/nonexistent", sizeof(a.sun_path) - 1);
	attack_result(connect(fd, (struct sockaddr *)&a, sizeof(a)));
}
static void unix_dgram(const char *t)
{
	(void)t;
	attack_result(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
}

static const struct variant variants[] = {
	{ "mptcp", mptcp },
	{ "mptcp6", mptcp6 },
	{ "icmp", icmp },
	{ "raw-udp", raw_udp },
	{ "tcp-flags", tcp_flags },
	{ "udp6", udp6 },
	{ "fastopen-sendto", fastopen_sendto },
	{ "fastopen-sendmsg", fastopen_sendmsg },
	{ "fastopen-sendmmsg", fastopen_sendmmsg },
	{ "fastopen-high32", fastopen_high32 },
	{ "listen-unbound", listen_unbound },
	{ "unix-path-connect", unix_path_connect },
	{ "unix-dgram", unix_dgram },
};
ATTACK_MAIN(variants)
