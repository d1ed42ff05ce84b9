/* Host-wide channels: System V shared memory, message queues and
 * semaphores, and POSIX message queues. Target (shmat): the id of a 0600
 * segment another process owns. */
#include "attack.h"

#include <fcntl.h>
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>

static void do_shmget(const char *t)
{
	(void)t;
	attack_result(shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600));
}
static void do_shmat(const char *t)
{
	void *p = shmat(atoi(t ? t : "0"), NULL, 0);

	if (p == (void *)-1)
		attack_result(-1);
	*(volatile char *)p = 'x';
	attack_result(0);
}
static void do_shmctl(const char *t)
{
	attack_result(shmctl(atoi(t ? t : "0"), IPC_RMID, NULL));
}
static void do_msgget(const char *t)
{
	(void)t;
	attack_result(msgget(IPC_PRIVATE, IPC_CREAT | 0600));
}
static void do_semget(const char *t)
{
	(void)t;
	attack_result(semget(IPC_PRIVATE, 1, IPC_CREAT | 0600));
}
static void do_mq_open(const char *t)
{
	char name[64];
	(void)t;
	snprintf(name, sizeof(name), "/clawshim-escape-%d", (int)getpid());
	long r = syscall(SYS_mq_open, name + 1, O_CREAT | O_RDWR, 0600, NULL);
	if (r >= 0)
		syscall(SYS_mq_unlink, name + 1);
	attack_result(r);
}

static const struct variant variants[] = {
	{ "shmget", do_shmget }, { "shmat", do_shmat },   { "shmctl-rmid", do_shmctl },
	{ "msgget", do_msgget }, { "semget", do_semget }, { "mq_open", do_mq_open },
};
ATTACK_MAIN(variants)
