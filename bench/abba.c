/* Commands timed in mirrored rounds (A B C, then C B A: ABBA for two), so
 * that a machine whose speed drifts (shared cores, frequency, neighbours)
 * weighs on every command alike. Each run is a fresh process; its wall
 * time runs from fork to wait4, its CPU time is the user+system time wait4
 * reports for it and every descendant it waited for (the process tree:
 * clawrun's supervisor and the tool). Prints one line per run:
 *   ROUND<TAB>COMMAND<TAB>WALL_MS<TAB>CPU_MS
 * with COMMAND the command's index from 0.
 *   abba ROUNDS CMD... [::: CMD...]... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 16

static double ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

static void run(int round, int i, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int st;

	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0)
		exit(2);
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "abba: %s failed\n", argv[0]);
		exit(1);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%d\t%d\t%.4f\t%.4f\n", round, i, ms(&t0, &t1),
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 0, n = 0;
	char **cmd[MAX_CMDS] = { 0 };

	if (argc > 2)
		cmd[n++] = argv + 2;
	for (int i = 2; i < argc && n < MAX_CMDS; i++)
		if (strcmp(argv[i], ":::") == 0) {
			argv[i] = NULL;
			cmd[n++] = argv + i + 1;
		}
	for (int i = 0; i < n; i++)
		if (!cmd[i][0])
			n = 0;
	if (rounds < 1 || n < 1) {
		fprintf(stderr, "usage: abba ROUNDS CMD... [::: CMD...]...\n");
		return 2;
	}
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < n; i++)
			run(r, i, cmd[i]);
		for (int i = n - 1; i >= 0; i--)
			run(r, i, cmd[i]);
	}
	return 0;
}
