/* Code that runs before any library constructor: a .preinit_array entry of
 * the program itself tries a socket; main reports what it got. An
 * LD_PRELOAD library's constructor comes too late for it, an LD_AUDIT
 * module's does not; a static binary loads neither. */
#include "attack.h"

#include <sys/socket.h>

static long g_result = 1;
static int g_errno;

static void early(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	g_result = socket(AF_INET, SOCK_DGRAM, 0);
	g_errno = errno;
}
__attribute__((section(".preinit_array"), used)) static void (*const preinit)(int, char **,
									     char **) = early;

static void socket_in_preinit(const char *t)
{
	(void)t;
	if (g_result == 1)
		attack_setup_failed("the .preinit_array entry did not run");
	errno = g_errno;
	attack_result(g_result);
}

static const struct variant variants[] = {
	{ "socket", socket_in_preinit },
};
ATTACK_MAIN(variants)
