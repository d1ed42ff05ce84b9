/* Running another program: execve, execveat on a descriptor, a memfd with
 * fexecve, posix_spawn, and the dynamic loader run directly. Target: the
 * program (default /usr/bin/echo), run with the argument "result=ok" so that
 * a program that really ran reports success itself. */
#include "attack.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

extern char **environ;

static const char *prog(const char *t) { return t ? t : "/usr/bin/echo"; }

static void do_execve(const char *t)
{
	char *argv[] = { (char *)prog(t), "result=ok", NULL };
	attack_result(execve(prog(t), argv, environ));
}

static void do_execveat(const char *t)
{
	char *argv[] = { (char *)prog(t), "result=ok", NULL };
	int fd = open(prog(t), O_PATH | O_CLOEXEC);
	if (fd < 0)
		attack_setup_failed("open");
	attack_result(syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH));
}

static void memfd_fexecve(const char *t)
{
	char *argv[] = { (char *)prog(t), "result=ok", NULL };
	int in = open(prog(t), O_RDONLY | O_CLOEXEC);
	struct stat st;

	if (in < 0 || fstat(in, &st) < 0)
		attack_setup_failed("open");
	int fd = memfd_create("payload", 0);
	if (fd < 0)
		attack_result(fd);
	if (sendfile(fd, in, NULL, (size_t)st.st_size) != st.st_size)
		attack_setup_failed("sendfile");
	attack_result(fexecve(fd, argv, environ));
}

static void spawn(const char *t)
{
	char *argv[] = { (char *)prog(t), "result=ok", NULL };
	pid_t pid;
	int status, e = posix_spawn(&pid, prog(t), NULL, NULL, argv, environ);

	if (e == 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 127)
		e = EPERM; /* glibc's child reports a failed exec as status 127 */
	attack_result_err(e);
}

/* "ld.so PROGRAM": a way around an exec allowlist that Landlock alone lets
 * through, since the loader must be executable for every dynamic program. */
static void ldso(const char *t)
{
	char *argv[] = { "ld.so", (char *)prog(t), "result=ok", NULL };
	attack_result(execve("/lib64/ld-linux-x86-64.so.2", argv, environ));
}

static const struct variant variants[] = {
	{ "execve", do_execve },
	{ "execveat", do_execveat },
	{ "memfd-fexecve", memfd_fexecve },
	{ "posix_spawn", spawn },
	{ "ldso", ldso },
};
ATTACK_MAIN(variants)
