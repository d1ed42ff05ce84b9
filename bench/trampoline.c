/* The floor for any launcher that keeps a process outside the tool (a
 * supervisor): fork, exec the command, wait, pass its status on. Static, so
 * that it pays no dynamic loading of its own.
 *   trampoline CMD [ARG]... */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int st;

	if (argc < 2)
		return 2;
	pid_t pid = fork();
	if (pid < 0)
		return 125;
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return 125;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
