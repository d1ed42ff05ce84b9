/* See threads.h. A thread is done when it has written its result; the
 * broadcast repeats until a pass over /proc/self/task finds no thread it
 * has not handled, so threads created meanwhile are covered too. */
#include "threads.h"
#include "landlock.h"
#include "privs.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 1024
#define CONFINE_SIGNAL (SIGRTMAX - 2)
#define WAIT_NS (2L * 1000 * 1000 * 1000)

static int g_ruleset = -1;
static atomic_int g_done;
static atomic_int g_failed;

static void confine_this_thread(int sig)
{
	int saved = errno;
	int r = cs_privs_drop_raw();

	(void)sig;
	if (r == 0 && g_ruleset >= 0)
		r = cs_landlock_restrict_self(g_ruleset);
	if (r < 0)
		atomic_store(&g_failed, -r);
	atomic_fetch_add(&g_done, 1);
	errno = saved;
}

size_t cs_threads_count(void)
{
	DIR *d = opendir("/proc/self/task");
	size_t n = 0;

	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static bool seen(const pid_t *done, size_t n, pid_t tid)
{
	for (size_t i = 0; i < n; i++)
		if (done[i] == tid)
			return true;
	return false;
}

/* Signals the threads not yet handled; returns how many were signalled. */
static int signal_new_threads(pid_t *done, size_t *n_done)
{
	DIR *d = opendir("/proc/self/task");
	pid_t self = (pid_t)syscall(SYS_gettid);
	int sent = 0;

	if (!d)
		return -errno;
	for (struct dirent *e; (e = readdir(d));) {
		pid_t tid = (pid_t)atoi(e->d_name);
		if (tid <= 0 || tid == self || seen(done, *n_done, tid))
			continue;
		if (*n_done == MAX_THREADS) {
			closedir(d);
			return -E2BIG;
		}
		if (syscall(SYS_tgkill, getpid(), tid, CONFINE_SIGNAL) < 0) {
			if (errno == ESRCH)
				continue; /* it exited */
			closedir(d);
			return -errno;
		}
		done[(*n_done)++] = tid;
		sent++;
	}
	closedir(d);
	return sent;
}

static int wait_for(int expected)
{
	struct timespec start, now, nap = { 0, 100000 };

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (atomic_load(&g_done) < expected) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000000000L + (now.tv_nsec - start.tv_nsec) >
		    WAIT_NS)
			return -ETIMEDOUT;
		nanosleep(&nap, NULL);
	}
	return 0;
}

int cs_threads_confine_others(int ruleset_fd)
{
	static pid_t done[MAX_THREADS];
	size_t n_done = 0;
	/* SA_RESTART: most interrupted calls resume; a few (sem_wait, poll)
	 * report EINTR, as with any signal. */
	struct sigaction sa = { .sa_handler = confine_this_thread, .sa_flags = SA_RESTART }, old;
	int total = 0, r = 0;

	g_ruleset = ruleset_fd;
	atomic_store(&g_done, 0);
	atomic_store(&g_failed, 0);
	sigfillset(&sa.sa_mask);
	if (sigaction(CONFINE_SIGNAL, &sa, &old) < 0)
		return -errno;
	for (;;) {
		int sent = signal_new_threads(done, &n_done);
		if (sent < 0) {
			r = sent;
			break;
		}
		if (sent == 0)
			break;
		total += sent;
		if ((r = wait_for(total)) < 0)
			break;
	}
	if (r == 0 && atomic_load(&g_failed))
		r = -atomic_load(&g_failed);
	/* A late handler must still find a valid signal disposition: keep ours
	 * installed when a thread did not answer. */
	if (r == 0)
		sigaction(CONFINE_SIGNAL, &old, NULL);
	return r;
}
