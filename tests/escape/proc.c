/* New processes: fork, vfork, clone without CLONE_THREAD, clone3; and
 * threads, which stay allowed. */
#include "attack.h"

#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static void reap(pid_t pid)
{
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, __WALL);
	attack_result(pid);
}

static void do_fork(const char *t) { (void)t; reap(fork()); }
static void do_vfork(const char *t) { (void)t; reap(vfork()); }
static void clone_process(const char *t)
{
	(void)t;
	reap((pid_t)syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0));
}
static void do_clone3(const char *t)
{
	struct clone_args a = { .exit_signal = SIGCHLD };
	(void)t;
	reap((pid_t)syscall(SYS_clone3, &a, sizeof(a)));
}
static void *thread_main(void *arg) { return arg; }
static void thread(const char *t)
{
	pthread_t th;
	(void)t;
	int e = pthread_create(&th, NULL, thread_main, NULL);
	if (e == 0)
		pthread_join(th, NULL);
	attack_result_err(e);
}

static const struct variant variants[] = {
	{ "fork", do_fork },
	{ "vfork", do_vfork },
	{ "clone-process", clone_process },
	{ "clone3", do_clone3 },
	{ "thread", thread },
};
ATTACK_MAIN(variants)
