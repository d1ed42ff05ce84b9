/* A syscall-heavy loop for the steady-state filter cost: open/fstat/close,
 * write/read on a pipe, getpid. Prints nothing; the caller times it. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000;
	int p[2];
	char c = 'x';
	struct stat st;

	if (pipe(p) < 0)
		return 1;
	for (long i = 0; i < n; i++) {
		int fd = open("/etc/hostname", O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0 || close(fd) < 0)
			return 1;
		if (write(p[1], &c, 1) != 1 || read(p[0], &c, 1) != 1)
			return 1;
		syscall(SYS_getpid);
	}
	return 0;
}
