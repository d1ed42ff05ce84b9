/* PT_INTERP lookup with bounds checks on every offset: the file may be
 * anything the profile names. */
#include "clawshim/elf.h"
#include "clawshim/util.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_at(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -ENOENT;
}

int cs_elf_interp(const char *path, char **interp)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf64_Ehdr eh;

	*interp = NULL;
	if (fd < 0)
		return -errno;
	if (read_at(fd, &eh, sizeof(eh), 0) < 0 || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr))
		return -ENOENT;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		int r = read_at(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + i * sizeof(ph)));
		if (r < 0)
			return r;
		if (ph.p_type != PT_INTERP)
			continue;
		if (ph.p_filesz < 2 || ph.p_filesz > PATH_MAX)
			return -ENOENT;
		char *s = malloc(ph.p_filesz + 1);
		if (!s)
			return -ENOMEM;
		if ((r = read_at(fd, s, ph.p_filesz, (off_t)ph.p_offset)) < 0) {
			free(s);
			return r;
		}
		s[ph.p_filesz] = '\0';
		if (strlen(s) == 0) {
			free(s);
			return -ENOENT;
		}
		*interp = s;
		return 0;
	}
	return -ENOENT;
}
