/* A thread that existed before confinement tries a socket or a write
 * (variants "socket" and "write"; TARGET: the directory to write in). In the
 * dynamic build the thread comes from a shared library's constructor, which
 * runs before libclawshim's; the static build starts it from its own
 * constructor. */
#include "attack.h"

long threadctor_attempt(const char *variant, const char *target, int *err);

#ifdef ATTACK_STATIC_THREADCTOR
#include "lib/threadctor.c"
#endif

int main(int argc, char **argv)
{
	int err = 0;

	if (argc < 2 || (strcmp(argv[1], "socket") != 0 && strcmp(argv[1], "write") != 0)) {
		fprintf(stderr, "usage: %s socket|write [TARGET]\n", argv[0]);
		return ATTACK_SETUP;
	}
	long r = threadctor_attempt(argv[1], argc > 2 ? argv[2] : NULL, &err);
	errno = err;
	attack_result(r);
}
