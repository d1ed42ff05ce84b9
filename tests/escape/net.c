/* Sockets of every family, through libc, syscall() and an inline syscall
 * instruction; datagram socketpairs; TCP connects to a port on loopback. */
#include "attack.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

static void inet(const char *t) { (void)t; attack_result(socket(AF_INET, SOCK_STREAM, 0)); }
static void inet6(const char *t) { (void)t; attack_result(socket(AF_INET6, SOCK_DGRAM, 0)); }
static void packet(const char *t) { (void)t; attack_result(socket(AF_PACKET, SOCK_RAW, 0)); }
static void netlink(const char *t)
{
	(void)t;
	attack_result(socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE));
}
static void unix_stream(const char *t) { (void)t; attack_result(socket(AF_UNIX, SOCK_STREAM, 0)); }
static void inet_syscall(const char *t)
{
	(void)t;
	attack_result(syscall(SYS_socket, AF_INET, SOCK_STREAM, 0));
}
static void inet_asm(const char *t)
{
	(void)t;
	attack_result(raw_syscall3(SYS_socket, AF_INET, SOCK_STREAM, 0));
}
/* The kernel reads the family as an int: junk above bit 31 must not hide it. */
static void inet_high32(const char *t)
{
	(void)t;
	attack_result(syscall(SYS_socket, (1L << 32) | AF_INET, SOCK_STREAM, 0));
}
static void unix_high32(const char *t)
{
	(void)t;
	attack_result(raw_syscall3(SYS_socket, (1L << 32) | AF_UNIX, SOCK_STREAM, 0));
}
static void dgram_pair(const char *t)
{
	int sv[2];
	(void)t;
	attack_result(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
}
static void stream_pair(const char *t)
{
	int sv[2];
	(void)t;
	attack_result(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
}
static void seqpacket_pair(const char *t)
{
	int sv[2];
	(void)t;
	attack_result(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
}
/* Target: a TCP port on 127.0.0.1. */
static void connect_port(const char *t)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(t ? t : "0")) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		attack_result(fd);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	attack_result(connect(fd, (struct sockaddr *)&a, sizeof(a)));
}
/* Target: the name of an abstract UNIX socket outside the sandbox. */
static void abstract_connect(const char *t)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0)
		attack_result(fd);
	strncpy(a.sun_path + 1, t ? t : "x", sizeof(a.sun_path) - 2);
	attack_result(connect(fd, (struct sockaddr *)&a,
			      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a.sun_path + 1))));
}

static const struct variant variants[] = {
	{ "inet", inet },
	{ "inet6", inet6 },
	{ "packet", packet },
	{ "netlink", netlink },
	{ "unix", unix_stream },
	{ "inet-syscall", inet_syscall },
	{ "inet-asm", inet_asm },
	{ "inet-high32", inet_high32 },
	{ "unix-high32", unix_high32 },
	{ "dgram-pair", dgram_pair },
	{ "stream-pair", stream_pair },
	{ "seqpacket-pair", seqpacket_pair },
	{ "connect", connect_port },
	{ "abstract-connect", abstract_connect },
};
ATTACK_MAIN(variants)
