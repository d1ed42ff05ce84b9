/* Pure helpers: cleanup functions, string vectors, bounded file reading. */
#include "clawshim/util.h"
#include "clawshim/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cs_freep(void *p)
{
	free(*(void **)p);
}

void cs_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

void *cs_grow(void *v, size_t *cap, size_t n, size_t elem, size_t first)
{
	if (n < *cap)
		return v;
	size_t want = *cap ? *cap * 2 : first;
	if (want < n + 1 || want > SIZE_MAX / elem)
		return NULL;
	void *nv = realloc(v, want * elem);
	if (nv)
		*cap = want;
	return nv;
}

int cs_strv_push_owned(struct cs_strv *sv, char *s)
{
	if (!s)
		return -ENOMEM;
	if (sv->n + 2 > sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 8;
		char **v = realloc(sv->v, cap * sizeof(*v));
		if (!v) {
			free(s);
			return -ENOMEM;
		}
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
	return 0;
}

int cs_strv_push(struct cs_strv *sv, const char *s)
{
	return cs_strv_push_owned(sv, strdup(s));
}

bool cs_strv_contains(const struct cs_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

bool cs_path_is_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strcmp(dir, "/") == 0 ||
	       (strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0'));
}

static int strv_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

void cs_strv_sort(struct cs_strv *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof(*sv->v), strv_cmp);
}

void cs_strv_free(struct cs_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	*sv = (struct cs_strv){ 0 };
}

void cs_strv_freep(struct cs_strv *sv)
{
	cs_strv_free(sv);
}

const char *cs_read_strerror(int err)
{
	return err == -EINVAL ? "not a regular file" : strerror(err < 0 ? -err : err);
}

int cs_read_file(const char *path, size_t max, char **out, size_t *len)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; it is
	 * refused below like every other file that is not regular. */
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	if (fcntl(fd, F_SETFL, 0) < 0)
		return -errno;
	if ((size_t)st.st_size > max)
		return -EFBIG;

	/* Read up to max+1 so that a file that grew since fstat is still caught. */
	return cs_read_fd(fd, max, (size_t)st.st_size + 1, out, len);
}

int cs_read_fd(int fd, size_t max, size_t hint, char **out, size_t *len)
{
	size_t cap = hint ? hint : 4096, n = 0;
	_cleanup_free_ char *buf = malloc(cap + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (n > max)
				return -EFBIG;
			char *nb = realloc(buf, cap * 2 + 1);
			if (!nb)
				return -ENOMEM;
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > max)
		return -EFBIG;
	buf[n] = '\0';
	*out = steal_ptr(&buf);
	if (len)
		*len = n;
	return 0;
}

int cs_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

char *cs_vasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;

	/* vasprintf leaves s undefined on failure */
	return vasprintf(&s, fmt, ap) < 0 ? NULL : s;
}

char *cs_asprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *s = cs_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *cs_concat_n(const char *const *parts, size_t n)
{
	struct cs_strbuf b = { 0 };

	for (size_t i = 0; i < n; i++)
		cs_strbuf_puts(&b, parts[i]);
	return cs_strbuf_steal(&b); /* NULL, and nothing kept, when out of memory */
}

bool cs_copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size);

	if (size == 0)
		return false;
	if (n == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

char *cs_install_path(const char *rel)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	for (int up = 0; up < 2; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
	}
	return cs_asprintf("%s/%s", exe, rel);
}
