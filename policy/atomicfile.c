/* Atomic file replacement: temp file beside the target, fsync, rename,
 * fsync of the directory. */
#include "clawshim/atomicfile.h"
#include "clawshim/util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_atomic(const char *path, const char *data, size_t len, mode_t mode,
			bool keep_existing)
{
	_cleanup_free_ char *dircopy = strdup(path);
	_cleanup_free_ char *tmp = cs_asprintf("%s.tmp.XXXXXX", path);
	struct stat st;
	bool exists = keep_existing && stat(path, &st) == 0;
	int r;

	if (!dircopy || !tmp)
		return -ENOMEM;
	_cleanup_close_ int fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	r = cs_write_all(fd, data, len);
	if (!r && fchmod(fd, exists ? (st.st_mode & 07777) : mode) < 0)
		r = -errno;
	if (!r && exists && (st.st_uid != getuid() || st.st_gid != getgid()))
		(void)!fchown(fd, st.st_uid, st.st_gid); /* best effort: needs privilege */
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r) {
		unlink(tmp);
		return r;
	}
	_cleanup_close_ int dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0)
		fsync(dfd);
	return 0;
}

int cs_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode)
{
	return write_atomic(path, data, len, mode, true);
}

int cs_write_file_atomic_mode(const char *path, const char *data, size_t len, mode_t mode)
{
	return write_atomic(path, data, len, mode, false);
}
