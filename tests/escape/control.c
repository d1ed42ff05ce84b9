/* What every tool must keep being able to do under any policy. */
#include "attack.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/wait.h>

static void read_file(const char *t)
{
	char buf[64];
	int fd = open(t ? t : "/etc/passwd", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		attack_result(fd);
	attack_result(read(fd, buf, sizeof(buf)));
}
static void to_stdout(const char *t)
{
	(void)t;
	attack_result(write(STDOUT_FILENO, "", 0));
}
static void through_pipe(const char *t)
{
	int p[2];
	char c;
	(void)t;
	if (pipe(p) < 0)
		attack_result(-1);
	if (write(p[1], "x", 1) != 1)
		attack_result(-1);
	attack_result(read(p[0], &c, 1));
}
static void anon_mmap(const char *t)
{
	(void)t;
	void *m = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	attack_result(m == MAP_FAILED ? -1 : 0);
}
static void random_bytes(const char *t)
{
	char buf[16];
	(void)t;
	attack_result(getrandom(buf, sizeof(buf), 0));
}
static void dev_null(const char *t)
{
	(void)t;
	attack_result(open("/dev/null", O_RDONLY));
}

/* Target: a descriptor number the launcher may have let through. */
static void write_fd(const char *t)
{
	attack_result(write(atoi(t ? t : "3"), "x", 1));
}

static const struct variant variants[] = {
	{ "write-fd", write_fd },
	{ "read-file", read_file },   { "stdout", to_stdout },         { "pipe", through_pipe },
	{ "mmap", anon_mmap },        { "getrandom", random_bytes },   { "read-dev-null", dev_null },
};
ATTACK_MAIN(variants)
