/* Details for the log, read from a denied process: the path or address a
 * call names and its flags. Reads go through process_vm_readv and never
 * fault; what cannot be read is left out. Nothing here decides anything. */
#include "clawshim/supervisor.h"
#include "clawshim/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_PATH_READ 1024

/* Which argument holds the path a call acts on (the first path for calls
 * with two). Sorted by name. */
CS_STRING_TABLE_BEGIN
static const struct path_arg {
	char name[16];
	unsigned arg;
} path_args[] = {
	{ "acct", 0 },        { "chdir", 0 },        { "chmod", 0 },      { "chown", 0 },
	{ "chroot", 0 },      { "creat", 0 },        { "execve", 0 },     { "execveat", 1 },
	{ "fchmodat", 1 },    { "fchmodat2", 1 },    { "fchownat", 1 },   { "futimesat", 1 },
	{ "lchown", 0 },      { "link", 0 },         { "linkat", 1 },     { "lremovexattr", 0 },
	{ "lsetxattr", 0 },   { "mkdir", 0 },        { "mkdirat", 1 },    { "mknod", 0 },
	{ "mknodat", 1 },     { "mount", 1 },        { "open", 0 },       { "openat", 1 },
	{ "pivot_root", 0 },  { "removexattr", 0 },  { "rename", 0 },     { "renameat", 1 },
	{ "renameat2", 1 },   { "rmdir", 0 },        { "setxattr", 0 },   { "swapon", 0 },
	{ "symlink", 1 },     { "symlinkat", 2 },    { "truncate", 0 },   { "umount2", 0 },
	{ "unlink", 0 },      { "unlinkat", 1 },     { "utime", 0 },      { "utimensat", 1 },
	{ "utimes", 0 },
};
CS_STRING_TABLE_END

/* Which arguments hold a socket address and its length. */
static const struct addr_arg {
	const char *name;
	unsigned addr, len;
} addr_args[] = {
	{ "bind", 1, 2 }, { "connect", 1, 2 }, { "sendmsg", 1, 1 }, { "sendto", 4, 5 },
};

static const struct {
	int family;
	const char *name;
} families[] = {
	{ AF_UNIX, "AF_UNIX" },       { AF_INET, "AF_INET" },     { AF_INET6, "AF_INET6" },
	{ AF_NETLINK, "AF_NETLINK" }, { AF_PACKET, "AF_PACKET" }, { AF_BLUETOOTH, "AF_BLUETOOTH" },
	{ AF_VSOCK, "AF_VSOCK" },     { AF_ALG, "AF_ALG" },       { AF_KEY, "AF_KEY" },
};

/* open(2) flags by their kernel values on x86_64 (glibc defines
 * O_LARGEFILE as 0 there, and O_SYNC and O_TMPFILE as two bits each).
 * The access mode, the low two bits, is named apart. */
static const struct {
	unsigned bit;
	const char *name;
} open_flags[] = {
	{ 00000100, "O_CREAT" },     { 00000200, "O_EXCL" },      { 00000400, "O_NOCTTY" },
	{ 00001000, "O_TRUNC" },     { 00002000, "O_APPEND" },    { 00004000, "O_NONBLOCK" },
	{ 00010000, "O_DSYNC" },     { 00020000, "O_ASYNC" },     { 00040000, "O_DIRECT" },
	{ 00100000, "O_LARGEFILE" }, { 00200000, "O_DIRECTORY" }, { 00400000, "O_NOFOLLOW" },
	{ 01000000, "O_NOATIME" },   { 02000000, "O_CLOEXEC" },   { 04000000, "O_SYNC" },
	{ 010000000, "O_PATH" },     { 020000000, "O_TMPFILE" },
};

/* "O_WRONLY|O_CREAT (0101)": the names for a reader, the number for
 * anyone checking; bits without a name stay in the number only. */
static char *format_open_flags(unsigned flags)
{
	static const char *const modes[] = { "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE" };
	char names[512];
	size_t used = (size_t)snprintf(names, sizeof(names), "%s", modes[flags & 3]);

	for (size_t i = 0; i < sizeof(open_flags) / sizeof(open_flags[0]); i++)
		if (flags & open_flags[i].bit)
			used += (size_t)snprintf(names + used, sizeof(names) - used, "|%s",
						 open_flags[i].name);
	return cs_asprintf("%s (0%o)", names, flags);
}

char *cs_proc_link(pid_t pid, const char *what)
{
	char link[64], target[PATH_MAX];

	snprintf(link, sizeof(link), "/proc/%d/%s", (int)pid, what);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return NULL;
	target[n] = '\0';
	return strdup(target);
}

ssize_t cs_remote_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

/* A NUL-terminated string, read page by page so that a string ending just
 * before an unmapped page is still found. */
char *cs_remote_string(pid_t pid, uint64_t addr)
{
	char *buf = malloc(MAX_PATH_READ + 1);
	size_t got = 0;
	long page = sysconf(_SC_PAGESIZE);

	if (!buf || addr == 0) {
		free(buf);
		return NULL;
	}
	while (got < MAX_PATH_READ) {
		uint64_t at = addr + got;
		size_t chunk = (size_t)(page - (long)(at % (uint64_t)page));
		if (chunk > MAX_PATH_READ - got)
			chunk = MAX_PATH_READ - got;
		ssize_t n = cs_remote_read(pid, at, buf + got, chunk);
		if (n <= 0)
			break;
		if (memchr(buf + got, '\0', (size_t)n))
			return buf;
		got += (size_t)n;
	}
	if (got == 0) {
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	return buf;
}

static const char *family_name(int family)
{
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (families[i].family == family)
			return families[i].name;
	return NULL;
}

static char *format_family(uint64_t family, const char *suffix)
{
	const char *n = family_name((int)(uint32_t)family);
	if (n)
		return cs_asprintf("%s%s", n, suffix);
	return cs_asprintf("family %u%s", (unsigned)(uint32_t)family, suffix);
}

static char *format_sockaddr(const void *raw, size_t len)
{
	const struct sockaddr *sa = raw;
	char host[INET6_ADDRSTRLEN];

	if (len < sizeof(sa_family_t))
		return NULL;
	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *in = raw;
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		return cs_asprintf("%s:%u", host, ntohs(in->sin_port));
	}
	if (sa->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *in6 = raw;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		return cs_asprintf("[%s]:%u", host, ntohs(in6->sin6_port));
	}
	if (sa->sa_family == AF_UNIX && len > offsetof(struct sockaddr_un, sun_path)) {
		const struct sockaddr_un *un = raw;
		size_t n = len - offsetof(struct sockaddr_un, sun_path);
		if (un->sun_path[0] == '\0')
			return cs_asprintf("unix:@%.*s", (int)strnlen(un->sun_path + 1, n - 1),
					   un->sun_path + 1);
		return cs_asprintf("unix:%.*s", (int)strnlen(un->sun_path, n), un->sun_path);
	}
	return format_family(sa->sa_family, "");
}

static char *address_detail(pid_t pid, const struct addr_arg *a, const uint64_t args[6])
{
	struct sockaddr_storage ss;
	uint64_t addr = args[a->addr];
	size_t len = (size_t)(uint32_t)args[a->len];

	if (strcmp(a->name, "sendmsg") == 0) {
		/* The address sits in the struct msghdr the argument points to. */
		struct msghdr mh = { 0 };
		if (cs_remote_read(pid, args[1], &mh, sizeof(mh)) != (ssize_t)sizeof(mh))
			return NULL;
		addr = (uint64_t)(uintptr_t)mh.msg_name;
		len = mh.msg_namelen;
	}
	if (addr == 0)
		return NULL;
	if (len > sizeof(ss))
		len = sizeof(ss);
	memset(&ss, 0, sizeof(ss));
	ssize_t n = cs_remote_read(pid, addr, &ss, len);
	return n > 0 ? format_sockaddr(&ss, (size_t)n) : NULL;
}

static char *path_detail(pid_t pid, const char *name, unsigned arg, const uint64_t args[6])
{
	_cleanup_free_ char *path = cs_remote_string(pid, args[arg]);

	if (!path)
		return NULL;
	if (strcmp(name, "open") == 0 || strcmp(name, "openat") == 0) {
		unsigned flags_arg = strcmp(name, "open") == 0 ? 1 : 2;
		_cleanup_free_ char *flags = format_open_flags((unsigned)(uint32_t)args[flags_arg]);
		return flags ? cs_asprintf("%s %s", path, flags) : NULL;
	}
	return steal_ptr(&path);
}

char *cs_syscall_detail(pid_t pid, int nr, const uint64_t args[6])
{
	_cleanup_free_ char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_X86_64, nr);

	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(path_args) / sizeof(path_args[0]); i++)
		if (strcmp(path_args[i].name, name) == 0)
			return path_detail(pid, name, path_args[i].arg, args);
	for (size_t i = 0; i < sizeof(addr_args) / sizeof(addr_args[0]); i++)
		if (strcmp(addr_args[i].name, name) == 0)
			return address_detail(pid, &addr_args[i], args);
	if (strcmp(name, "socket") == 0)
		return format_family(args[0], args[0] >> 32 ? " (junk in the upper 32 bits)" : "");
	if (strcmp(name, "socketpair") == 0)
		return cs_asprintf("type %u", (unsigned)(uint32_t)args[1]);
	if (strcmp(name, "clone") == 0)
		return cs_asprintf("flags 0x%llx", (unsigned long long)args[0]);
	if (strcmp(name, "ioctl") == 0)
		return cs_asprintf("request 0x%x", (unsigned)(uint32_t)args[1]);
	if (strcmp(name, "personality") == 0)
		return cs_asprintf("persona 0x%x", (unsigned)(uint32_t)args[0]);
	return NULL;
}
