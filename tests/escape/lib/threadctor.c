/* A library whose constructor starts a thread before libclawshim's
 * constructor runs (dependencies initialise first). The thread waits until
 * main releases it, then makes its attempt: the filter must hold for it
 * although it existed before confinement (seccomp TSYNC, and the thread
 * broadcast for Landlock and privileges). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static sem_t go, done;
static const char *g_variant, *g_target;
static long g_result;
static int g_errno;

static void *early_thread(void *arg)
{
	(void)arg;
	/* Confinement signals this thread; sem_wait returns EINTR then. */
	while (sem_wait(&go) < 0 && errno == EINTR)
		;
	if (strcmp(g_variant, "socket") == 0) {
		g_result = socket(AF_INET, SOCK_STREAM, 0);
	} else {
		char path[4096];
		snprintf(path, sizeof(path), "%s/from-thread", g_target ? g_target : ".");
		g_result = open(path, O_WRONLY | O_CREAT, 0600);
	}
	g_errno = errno;
	sem_post(&done);
	return NULL;
}

__attribute__((constructor)) static void start_early_thread(void)
{
	pthread_t th;

	sem_init(&go, 0, 0);
	sem_init(&done, 0, 0);
	if (pthread_create(&th, NULL, early_thread, NULL) == 0)
		pthread_detach(th);
}

/* Runs the attempt in the early thread; returns its result, errno in *err. */
long threadctor_attempt(const char *variant, const char *target, int *err);
long threadctor_attempt(const char *variant, const char *target, int *err)
{
	g_variant = variant;
	g_target = target;
	sem_post(&go);
	while (sem_wait(&done) < 0 && errno == EINTR)
		;
	*err = g_errno;
	return g_result;
}
