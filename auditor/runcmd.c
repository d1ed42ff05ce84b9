/* See runcmd.h. */
#include "runcmd.h"
#include "clawshim/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

bool in_path(const char *name)
{
	const char *path = getenv("PATH");
	if (!path)
		return false;
	while (*path) {
		size_t n = strcspn(path, ":");
		_cleanup_free_ char *p = cs_asprintf("%.*s/%s", (int)n, n ? path : ".", name);
		if (p && access(p, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Reads the child's stdout until EOF, the limit or the deadline. */
static int read_all(int fd, unsigned max_out, long deadline, char **out)
{
	char *buf = malloc(max_out + 1);
	size_t len = 0;

	if (!buf)
		return -1;
	for (;;) {
		long left = deadline - now_ms();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
			free(buf);
			return -1;
		}
		ssize_t r = read(fd, buf + len, max_out - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (r > 0 && len + (size_t)r >= max_out)) {
			free(buf);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

int run_capture(const char *const *argv, unsigned max_out, unsigned timeout_ms, char **out)
{
	int pipefd[2];
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status;

	*out = NULL;
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	int r = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (r != 0) {
		close(pipefd[0]);
		return -1;
	}
	int rr = read_all(pipefd[0], max_out, now_ms() + timeout_ms, out);
	close(pipefd[0]);
	if (rr < 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rr < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
