/* The steady-state loop of the filter-cost goal: N read-only openat, fstat
 * and close of one file, the calls a tool reading its inputs makes most.
 * Prints nothing; the caller measures its CPU time.
 *   open_loop [N (600000)] [FILE (/etc/hostname)] */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 600000;
	const char *path = argc > 2 ? argv[2] : "/etc/hostname";
	struct stat st;

	for (long i = 0; i < n; i++) {
		int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0 || close(fd) < 0)
			return 1;
	}
	return 0;
}
