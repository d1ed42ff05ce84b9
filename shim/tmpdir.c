/* See tmpdir.h. The removal walks the tree by descriptor: every name is
 * looked up in the directory descriptor it was listed from, without
 * following links, so nothing outside the directory can be reached. */
#include "tmpdir.h"
#include "clawshim/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Deeper trees are left for the user rather than risk running out of
 * descriptors (one per level). */
#define MAX_DEPTH 256

int cs_tmpdir_create(const char *parent, bool chown, uid_t uid, gid_t gid,
		     struct cs_tmpdir *t)
{
	char *path = cs_asprintf("%s/.clawshim-tmp-XXXXXX", parent);
	struct stat st;

	*t = (struct cs_tmpdir){ 0 };
	if (!path)
		return -ENOMEM;
	if (!mkdtemp(path)) {
		int e = errno;
		free(path);
		return -e;
	}
	/* mkdtemp makes it 0700 whatever the umask; the owner is what the
	 * tool must be to use it. */
	if ((chown && lchown(path, uid, gid) < 0) || lstat(path, &st) < 0) {
		int e = errno;
		rmdir(path);
		free(path);
		return -e;
	}
	*t = (struct cs_tmpdir){ .path = path, .dev = st.st_dev, .ino = st.st_ino };
	return 0;
}

static int first_error(int r, int e)
{
	return r < 0 ? r : e;
}

/* Empties the directory open as dfd (which it closes). */
static int empty_dir(int dfd, int depth)
{
	DIR *dir = fdopendir(dfd);
	int r = 0;

	if (!dir) {
		r = -errno;
		close(dfd);
		return r;
	}
	for (struct dirent *de; (de = readdir(dir));) {
		const char *name = de->d_name;
		struct stat st;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (fstatat(dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			r = first_error(r, -errno);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (depth >= MAX_DEPTH) {
				r = first_error(r, -ELOOP);
				continue;
			}
			/* The tool may have taken away its own access. */
			if ((st.st_mode & 0700) != 0700)
				fchmodat(dirfd(dir), name, 0700, AT_SYMLINK_NOFOLLOW);
			int sub = openat(dirfd(dir), name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0) {
				r = first_error(r, -errno);
				continue;
			}
			r = first_error(r, empty_dir(sub, depth + 1));
			/* Rewinding is not needed: entries are only removed. */
			if (unlinkat(dirfd(dir), name, AT_REMOVEDIR) < 0)
				r = first_error(r, -errno);
		} else if (unlinkat(dirfd(dir), name, 0) < 0) {
			r = first_error(r, -errno);
		}
	}
	closedir(dir);
	return r;
}

int cs_tmpdir_remove(struct cs_tmpdir *t)
{
	struct stat st;
	int fd, r;

	if (!t->path)
		return 0;
	fd = open(t->path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
	} else if (fstat(fd, &st) < 0 || st.st_dev != t->dev || st.st_ino != t->ino) {
		close(fd);
		r = -ESTALE;
	} else {
		r = empty_dir(fd, 0);
		if (rmdir(t->path) < 0)
			r = first_error(r, -errno);
	}
	free(t->path);
	t->path = NULL;
	return r;
}
