/* Writing a file so that readers see the old or the new content, never a
 * torn one: a temporary file in the same directory, fsync, rename. */
#ifndef CLAWSHIM_ATOMICFILE_H
#define CLAWSHIM_ATOMICFILE_H

#include <stddef.h>
#include <sys/types.h>

/* Replaces path with data. mode is used for a new file; an existing file
 * keeps its mode and, when permitted, its owner. Returns 0 or -errno. */
int cs_write_file_atomic(const char *path, const char *data, size_t len, mode_t mode);

/* Same, but the file gets exactly mode, also when it existed (backups of
 * secrets must not inherit a looser mode). */
int cs_write_file_atomic_mode(const char *path, const char *data, size_t len, mode_t mode);

#endif
