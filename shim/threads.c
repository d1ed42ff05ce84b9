/* See threads.h. A thread is done when it has written its result; the
 * broadcast repeats until a pass over /proc/self/task finds no thread it
 * has not handled, so threads created meanwhile are covered too. */
#include "threads.h"
#include "landlock.h"
#include "privs.h"

#include <fcntl.h>
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
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

/* What getdents64 writes (include/linux/dirent.h). */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static pid_t parse_tid(const char *s)
{
	pid_t tid = 0;

	for (; *s >= '0' && *s <= '9'; s++)
		if (__builtin_mul_overflow(tid, 10, &tid) || __builtin_add_overflow(tid, *s - '0', &tid))
			return 0;
	return *s ? 0 : tid;
}

/* Calls fn for each thread of the process until it returns non-zero, which
 * is returned; -errno when /proc/self/task cannot be read. The entries are
 * read with getdents64 into a small buffer on the stack (an entry is about
 * 24 bytes): opendir would allocate 32 KiB in every process the preload
 * library confines. */
static int for_each_thread(int (*fn)(pid_t tid, void *arg), void *arg)
{
	char buf[1024] __attribute__((aligned(8)));
	int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	long got;
	int r = 0;

	if (fd < 0)
		return -errno;
	while (r == 0 && (got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (long off = 0; r == 0 && off < got;) {
			const struct linux_dirent64 *e = (const void *)(buf + off);
			pid_t tid = parse_tid(e->d_name);
			off += e->d_reclen;
			if (tid > 0)
				r = fn(tid, arg);
		}
	if (r == 0 && got < 0)
		r = -errno;
	close(fd);
	return r;
}

static int count_one(pid_t tid, void *arg)
{
	(void)tid;
	++*(size_t *)arg;
	return 0;
}

size_t cs_threads_count(void)
{
	size_t n = 0;

	return for_each_thread(count_one, &n) < 0 ? 0 : n;
}

struct signalling {
	pid_t self, *done;
	size_t *n_done;
	int sent;
};

static bool seen(const pid_t *done, size_t n, pid_t tid)
{
	for (size_t i = 0; i < n; i++)
		if (done[i] == tid)
			return true;
	return false;
}

static int signal_one(pid_t tid, void *arg)
{
	struct signalling *s = arg;

	if (tid == s->self || seen(s->done, *s->n_done, tid))
		return 0;
	if (*s->n_done == MAX_THREADS)
		return -E2BIG;
	if (syscall(SYS_tgkill, getpid(), tid, CONFINE_SIGNAL) < 0)
		return errno == ESRCH ? 0 : -errno; /* ESRCH: it exited */
	s->done[(*s->n_done)++] = tid;
	s->sent++;
	return 0;
}

/* Signals the threads not yet handled; returns how many were signalled. */
static int signal_new_threads(pid_t *done, size_t *n_done)
{
	struct signalling s = { .self = (pid_t)syscall(SYS_gettid), .done = done,
				.n_done = n_done };
	int r = for_each_thread(signal_one, &s);

	return r < 0 ? r : s.sent;
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
