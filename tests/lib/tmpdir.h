/* A test's own temporary directory: made fresh for each test so nothing
 * depends on what earlier runs left in /tmp, and removed with all it holds.
 * Criterion runs each test in its own process, so one directory at a time. */
#ifndef CLAWSHIM_TEST_TMPDIR_H
#define CLAWSHIM_TEST_TMPDIR_H

/* Makes a fresh directory from template (ending in XXXXXX) and returns its
 * path, which stays valid until tmpdir_remove; fails the test when it
 * cannot. */
const char *tmpdir_make(const char *template);
/* Removes the directory and everything under it; a failure is only
 * logged, since the test itself has already passed or failed. */
void tmpdir_remove(void);
/* dir/rel as a fresh string (the caller frees it). */
char *tmpdir_path(const char *rel);
/* Writes text to dir/rel, making the directories above it. */
void tmpdir_put(const char *rel, const char *text);

#endif
