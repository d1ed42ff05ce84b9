/* Small pure helpers shared by every module: scope-bound cleanup, growable
 * string vectors, whole-file reading. Nothing here touches process state. */
#ifndef CLAWSHIM_UTIL_H
#define CLAWSHIM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

/* Ownership is visible in the declaration, as in bubblewrap and systemd. */
#define _cleanup_(f)       __attribute__((cleanup(f)))
#define _cleanup_free_     _cleanup_(cs_freep)
#define _cleanup_close_    _cleanup_(cs_closep)
#define _cleanup_strv_     _cleanup_(cs_strv_freep)

void cs_freep(void *p);
void cs_closep(int *fd);

/* Hands ownership of *pp to the caller and leaves NULL behind. */
#define steal_ptr(pp)                                                                              \
	({                                                                                         \
		__typeof__(*(pp)) _p = *(pp);                                                      \
		*(pp) = NULL;                                                                      \
		_p;                                                                                \
	})

/* A NULL-terminated, heap-owned vector of heap-owned strings. */
struct cs_strv {
	char **v;
	size_t n;
	size_t cap;
};

/* Appends a copy of s. Returns 0 or -ENOMEM. */
int cs_strv_push(struct cs_strv *sv, const char *s);
/* Appends s itself, taking ownership (freed on failure). Returns 0 or -ENOMEM. */
int cs_strv_push_owned(struct cs_strv *sv, char *s);
bool cs_strv_contains(const struct cs_strv *sv, const char *s);
/* Whether path is dir or lies beneath it, compared as text: both absolute
 * and resolved (or both carrying the same placeholder); "/" holds all. */
bool cs_path_is_under(const char *path, const char *dir);
/* Sorts the strings bytewise (strcmp order, as JavaScript's default sort
 * orders ASCII). */
void cs_strv_sort(struct cs_strv *sv);
void cs_strv_free(struct cs_strv *sv);
void cs_strv_freep(struct cs_strv *sv);

/* Room for one more element in a growable array of n elements of size
 * elem, capacity *cap (doubling; first when empty). Returns the array,
 * reallocated if needed (store it back), or NULL with v untouched. */
void *cs_grow(void *v, size_t *cap, size_t n, size_t elem, size_t first);

/* Reads a whole regular file of at most max bytes into a NUL-terminated buffer
 * that the caller frees. Returns 0 or a negative errno (-EFBIG when larger). */
int cs_read_file(const char *path, size_t max, char **out, size_t *len);

/* The same for what a descriptor gives until its end (a pipe), starting
 * with a buffer of hint bytes (0: a page). */
int cs_read_fd(int fd, size_t max, size_t hint, char **out, size_t *len);

/* Writes all of data, again after a short write or EINTR. 0 or -errno. */
int cs_write_all(int fd, const char *data, size_t len);

/* Why cs_read_file failed, for messages: "not a regular file" for the
 * -EINVAL it returns for FIFOs, devices and sockets, else strerror. */
const char *cs_read_strerror(int err);

/* printf into a fresh heap string (caller frees); NULL on allocation failure. */
char *cs_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same from a va_list, for functions that take printf arguments. */
char *cs_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Around a table that holds its strings in place (char name[N]) rather than
 * pointers, which a position-independent program relocates, page by page,
 * at every start: a string exactly as long as its field would silently lose
 * its NUL, and -Wc++-compat makes that an error. */
#define CS_STRING_TABLE_BEGIN                                                                      \
	_Pragma("GCC diagnostic push") _Pragma("GCC diagnostic error \"-Wc++-compat\"")
#define CS_STRING_TABLE_END _Pragma("GCC diagnostic pop")

/* The strings joined into a fresh heap string (caller frees); NULL on
 * allocation failure: cs_concat(home, "/.openclaw"). For the paths and
 * NAME=VALUE pairs built on every launch and in every preloaded process:
 * printf's machinery is code a small tool never touches otherwise, and each
 * page of it is a fault. */
#define cs_concat(...)                                                                             \
	cs_concat_n((const char *const[]){ __VA_ARGS__ },                                           \
		    sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
char *cs_concat_n(const char *const *parts, size_t n);

/* src into dst of size bytes, NUL-terminated; false (and dst truncated)
 * when it does not fit. The bounded copy snprintf(dst, size, "%s", src)
 * makes, without printf on the launch path (see cs_concat). */
bool cs_copy_str(char *dst, size_t size, const char *src);

/* <prefix>/REL for the running program, installed as <prefix>/bin/PROGRAM
 * (the build tree is laid out the same). NULL when /proc is not mounted.
 * Caller frees. */
char *cs_install_path(const char *rel);

#endif
