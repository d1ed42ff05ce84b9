/* Processes that try to outlive or outlast the supervisor: a double-forked,
 * setsid()ed daemon that waits for clawrun to go and then acts, and a tool
 * that interrupts its own notifications with signals to make the
 * supervisor fail. */
#include "attack.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* The daemon: detached from the tool's session and standard streams, it
 * writes its pid to DIR/daemon.pid, waits until its parent (clawrun, the
 * subreaper, or init) changes, then tries to act: a socket and a file. */
static void __attribute__((noreturn)) daemon_body(const char *dir, int ready)
{
	char path[512];
	int null = open("/dev/null", O_RDWR);

	for (int fd = 0; fd < 3 && null >= 0; fd++)
		dup2(null, fd);
	snprintf(path, sizeof(path), "%s/daemon.pid", dir);
	FILE *f = fopen(path, "w");
	if (!f)
		_exit(1);
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	pid_t parent = getppid();
	if (write(ready, "r", 1) != 1)
		_exit(1);
	close(ready);
	for (int i = 0; i < 600 && getppid() == parent; i++)
		pause_ms(50);
	snprintf(path, sizeof(path), "%s/escaped", dir);
	f = fopen(path, "w");
	if (f) {
		int s = socket(AF_INET, SOCK_DGRAM, 0);
		fprintf(f, "acted; socket %s\n", s >= 0 ? "allowed" : "denied");
		fclose(f);
	}
	_exit(0);
}

static void setsid_daemon(const char *dir)
{
	int p[2];
	char c;

	if (!dir || pipe(p) < 0)
		attack_setup_failed("pipe");
	pid_t mid = fork();
	if (mid < 0)
		attack_setup_failed("fork");
	if (mid == 0) {
		close(p[0]);
		setsid();
		pid_t d = fork();
		if (d == 0)
			daemon_body(dir, p[1]);
		_exit(d < 0);
	}
	close(p[1]);
	waitpid(mid, NULL, 0);
	attack_result(read(p[0], &c, 1) == 1 ? 0 : -1);
}

/* ---- interrupted notifications -------------------------------------------- */

static atomic_bool g_stop;
static pthread_t g_main;

static void on_signal(int sig) { (void)sig; }

static void *interrupter(void *arg)
{
	while (!atomic_load(&g_stop))
		pthread_kill(g_main, SIGUSR1);
	return arg;
}

/* Each exec after the first reaches the supervisor (without 'shell'); a
 * signal without SA_RESTART interrupts it while it waits for the answer. A
 * last call with no signals must still be answered: EPERM. */
static void interrupted_notifications(const char *t)
{
	struct sigaction sa = { .sa_handler = on_signal };
	pthread_t th;
	char *argv[] = { "/nonexistent-clawshim-target", NULL };

	(void)t;
	sigaction(SIGUSR1, &sa, NULL);
	g_main = pthread_self();
	if (pthread_create(&th, NULL, interrupter, NULL) != 0)
		attack_setup_failed("pthread_create");
	for (int i = 0; i < 3000; i++)
		execve(argv[0], argv, NULL);
	atomic_store(&g_stop, true);
	pthread_join(th, NULL);
	attack_result(execve(argv[0], argv, NULL));
}

static const struct variant variants[] = {
	{ "setsid-daemon", setsid_daemon },
	{ "interrupted-notifications", interrupted_notifications },
};
ATTACK_MAIN(variants)
