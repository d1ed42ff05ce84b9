/* Priorities of other processes: a process group, a user (the gateway runs
 * as the same user), another process by pid. Target: the pid of a victim
 * outside the sandbox. The tool's own priority stays its to change. */
#include "attack.h"

#include <sys/resource.h>
#include <sys/syscall.h>

#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_WHO_PGRP    2
#define IOPRIO_WHO_USER    3
#define IOPRIO_IDLE        ((3 << 13) | 0)

static void prio_user(const char *t)
{
	(void)t;
	attack_result(setpriority(PRIO_USER, 0, 19));
}
static void prio_pgrp(const char *t)
{
	(void)t;
	attack_result(setpriority(PRIO_PGRP, 0, 19));
}
static void prio_victim(const char *t)
{
	attack_result(setpriority(PRIO_PROCESS, (id_t)atoi(t ? t : "1"), 19));
}
static void prio_self(const char *t)
{
	(void)t;
	attack_result(setpriority(PRIO_PROCESS, 0, 5));
}
static void ioprio_user(const char *t)
{
	(void)t;
	attack_result(syscall(SYS_ioprio_set, IOPRIO_WHO_USER, 0, IOPRIO_IDLE));
}
static void ioprio_pgrp(const char *t)
{
	(void)t;
	attack_result(syscall(SYS_ioprio_set, IOPRIO_WHO_PGRP, 0, IOPRIO_IDLE));
}
static void ioprio_victim(const char *t)
{
	attack_result(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, atoi(t ? t : "1"), IOPRIO_IDLE));
}
static void ioprio_self(const char *t)
{
	(void)t;
	attack_result(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_IDLE));
}

static const struct variant variants[] = {
	{ "setpriority-user", prio_user },   { "setpriority-pgrp", prio_pgrp },
	{ "setpriority-victim", prio_victim }, { "setpriority-self", prio_self },
	{ "ioprio-user", ioprio_user },      { "ioprio-pgrp", ioprio_pgrp },
	{ "ioprio-victim", ioprio_victim },  { "ioprio-self", ioprio_self },
};
ATTACK_MAIN(variants)
