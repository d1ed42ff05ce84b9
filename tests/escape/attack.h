/* Shared by the escape suite's attackers. Each attacker takes a variant
 * name (and sometimes a target) and makes exactly one attempt, then reports
 * on stdout and through its exit status:
 *   exit 0,  "result=ok"        the attempt succeeded
 *   exit 10, "result=errno:N"   the attempt failed with errno N
 *   exit 20, "setup: ..."       the attacker could not prepare the attempt
 * Built twice, dynamic and -static, so the filter is shown to hold for
 * binaries that never load libclawshim. */
#ifndef CLAWSHIM_ATTACK_H
#define CLAWSHIM_ATTACK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ATTACK_OK 0
#define ATTACK_BLOCKED 10
#define ATTACK_SETUP 20

static inline void __attribute__((noreturn)) attack_result(long r)
{
	if (r >= 0) {
		printf("result=ok\n");
		fflush(stdout);
		_exit(ATTACK_OK);
	}
	printf("result=errno:%d\n", errno);
	fflush(stdout);
	_exit(ATTACK_BLOCKED);
}

/* For calls that return an error number instead of setting errno. */
static inline void __attribute__((noreturn)) attack_result_err(int err)
{
	if (err == 0)
		attack_result(0);
	errno = err;
	attack_result(-1);
}

static inline void __attribute__((noreturn)) attack_setup_failed(const char *what)
{
	printf("setup: %s: %s\n", what, strerror(errno));
	fflush(stdout);
	_exit(ATTACK_SETUP);
}

/* A raw syscall instruction, so neither libc nor a preloaded library sees
 * the call. */
static inline long raw_syscall3(long nr, long a, long b, long c)
{
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	if (ret < 0 && ret > -4096) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

struct variant {
	const char *name;
	void (*run)(const char *target);
};

static inline int attack_main(const struct variant *v, size_t n, int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s VARIANT [TARGET]\n", argv[0]);
		return ATTACK_SETUP;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, argv[1]) == 0) {
			v[i].run(argc > 2 ? argv[2] : NULL);
			return ATTACK_SETUP; /* run() always exits */
		}
	fprintf(stderr, "%s: unknown variant %s\n", argv[0], argv[1]);
	return ATTACK_SETUP;
}

#define ATTACK_MAIN(table)                                                                         \
	int main(int argc, char **argv)                                                            \
	{                                                                                          \
		return attack_main(table, sizeof(table) / sizeof(table[0]), argc, argv);           \
	}

#endif
