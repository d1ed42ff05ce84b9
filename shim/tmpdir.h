/* The private temporary directory of one clawrun run: made before the tool
 * starts, owned by the tool's user, removed when the run ends without ever
 * following a link the tool left in it. Internal to shim/. */
#ifndef CLAWSHIM_SHIM_TMPDIR_H
#define CLAWSHIM_SHIM_TMPDIR_H

#include <stdbool.h>
#include <sys/types.h>

struct cs_tmpdir {
	char *path;     /* NULL: none */
	dev_t dev;      /* the directory made, to know it again at removal */
	ino_t ino;
};

/* Makes PARENT/.clawshim-tmp-XXXXXX, mode 0700, and when chown is set gives
 * it to uid:gid. Returns 0, or a negative errno with *t empty. */
int cs_tmpdir_create(const char *parent, bool chown, uid_t uid, gid_t gid,
		     struct cs_tmpdir *t);

/* Removes the directory and everything below it, and frees t->path.
 * Symbolic links are removed, never followed; each directory is entered
 * through a descriptor opened with O_NOFOLLOW relative to its parent's;
 * and a directory that is no longer the one made (the tool renamed another
 * in its place) is left alone. Returns 0, or the first negative errno met
 * (removal goes on past it). */
int cs_tmpdir_remove(struct cs_tmpdir *t);

#endif
