/* The security log against its own writers: a confined process that forges
 * and floods records through the preload logger's inherited socket, and one
 * that floods clawrun's log with denials. */
#include "attack.h"

#include <sys/socket.h>

static void send_record(int fd, const char *text)
{
	while (send(fd, text, strlen(text), MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

/* Records that lie about pid and exe, hold bytes that are not UTF-8 in
 * values and in names, garbage, then many identical ones. */
static void forge(const char *t)
{
	const char *var = getenv("CLAWSHIM_LOG_FD");
	char rec[512];

	(void)t;
	if (!var)
		attack_setup_failed("no CLAWSHIM_LOG_FD");
	int fd = atoi(var);
	for (int i = 0; i < 8000; i++) {
		snprintf(rec, sizeof(rec),
			 "{\"event\":\"syscall_denied\",\"pid\":1,\"exe\":\"/usr/sbin/sshd\","
			 "\"detail\":\"/etc/\xff\xfe%d\",\"bad\xc0name\":\"x\",\"n\":%d}",
			 i, i);
		send_record(fd, rec);
		send_record(fd, "not json at all \xff");
	}
	for (int i = 0; i < 5000; i++)
		send_record(fd, "{\"event\":\"syscall_denied\",\"pid\":1,\"detail\":\"same\"}");
	printf("pid=%d\n", (int)getpid());
	attack_result(0);
}

/* Denied execs, each with another path, then many identical ones. */
static void exec_flood(const char *t)
{
	char path[64];
	char *argv[] = { path, NULL };

	(void)t;
	for (int i = 0; i < 200; i++) {
		snprintf(path, sizeof(path), "/nonexistent/same");
		execve(path, argv, NULL);
	}
	for (int i = 0; i < 6000; i++) {
		snprintf(path, sizeof(path), "/nonexistent/\xff%d", i);
		execve(path, argv, NULL);
	}
	printf("pid=%d\n", (int)getpid());
	attack_result(0);
}

static const struct variant variants[] = {
	{ "forge", forge },
	{ "exec-flood", exec_flood },
};
ATTACK_MAIN(variants)
