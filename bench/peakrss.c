/* peakrss CMD [ARG]...: runs CMD and prints the peak resident set size, in
 * KiB, of it and its waited-for descendants (wait4's ru_maxrss). A small C
 * parent, because a forked interpreter would lend the child its own size. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status;

	if (argc < 2) {
		fprintf(stderr, "usage: peakrss CMD [ARG]...\n");
		return 2;
	}
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return 1;
	printf("%ld\n", ru.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
