/* See proc.h. */
#include "proc.h"

#include <criterion/criterion.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct sink {
	int fd;
	char *buf;
	size_t size, used;
};

/* Reads a stream into its buffer; returns false at end of stream. Bytes
 * past the buffer are read and dropped, so the child never blocks. */
static bool drain(struct sink *s)
{
	char scratch[4096];
	size_t room = s->size - 1 - s->used;
	ssize_t n = read(s->fd, room ? s->buf + s->used : scratch, room ? room : sizeof(scratch));

	if (n <= 0)
		return false;
	if (room)
		s->used += (size_t)n;
	s->buf[s->used] = '\0';
	return true;
}

struct result run(char *const argv[], char *const env[])
{
	struct result r = { 0 };
	int out[2], err[2];

	cr_assert_eq(pipe(out), 0);
	cr_assert_eq(pipe(err), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		close(out[1]);
		close(err[1]);
		if (env)
			execve(argv[0], argv, env);
		else
			execv(argv[0], argv);
		_exit(99);
	}
	close(out[1]);
	close(err[1]);
	struct sink sinks[2] = { { out[0], r.out, sizeof(r.out), 0 },
				 { err[0], r.err, sizeof(r.err), 0 } };
	struct pollfd p[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
	int open_streams = 2;
	while (open_streams) {
		if (poll(p, 2, -1) < 0)
			break;
		for (int i = 0; i < 2; i++)
			if (p[i].fd >= 0 && p[i].revents && !drain(&sinks[i])) {
				close(p[i].fd);
				p[i].fd = -1;
				open_streams--;
			}
	}
	int status;
	waitpid(pid, &status, 0);
	r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	return r;
}

void proc_workspace_for_the_tool(const char *parent, const char *ws)
{
	if (geteuid() != 0)
		return;
	cr_assert_eq(chmod(parent, 0755), 0, "chmod %s", parent);
	cr_assert_eq(chown(ws, 65534, 65534), 0, "chown %s", ws);
}
