/* The files a skill ships that its SKILL.md points to: the paths SKILL.md
 * writes (link targets, reference definitions, and paths in prose or code
 * such as references/api.md, scripts/setup.sh, {baseDir}/scripts/run.py),
 * kept when they name a file inside the skill directory, then scanned with
 * the text rules. A payload moved out of SKILL.md is still read. */
#include "skillfiles.h"
#include "clawshim/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Never read: formats that hold no text a model is told to follow. */
static const char *const binary_exts[] = {
	".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp", ".pdf", ".zip", ".gz",
	".tgz", ".tar", ".xz", ".bz2", ".7z", ".mp3", ".mp4", ".wav", ".mov", ".woff",
	".woff2", ".ttf", ".otf", ".exe", ".dll", ".so", ".dylib", ".class", ".jar", ".wasm",
	".pyc", ".o", ".a",
};

/* The default scope: the folders the Agent Skills layout gives to files a
 * skill's instructions send the agent to. */
static const char *const skill_folders[] = { "references/", "scripts/" };

struct finder {
	enum cs_skill_files_scope scope;
	const char *dir;  /* the skill directory, resolved */
	size_t dir_len;
	struct cs_skill_files *out;
	struct cs_strv seen;    /* resolved paths already taken or refused */
	unsigned notes;
	int err;
};

static bool has_ext(const char *name, const char *const *exts, size_t n)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < n; i++) {
		size_t el = strlen(exts[i]);
		if (len > el && strcasecmp(name + len - el, exts[i]) == 0)
			return true;
	}
	return false;
}

static void note(struct finder *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds one line to the note; after a few, only counts. */
static void note(struct finder *f, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (f->notes++ >= 8)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	char *n = f->out->note ? cs_asprintf("%s; %s", f->out->note, line) : strdup(line);
	if (!n) {
		f->err = -ENOMEM;
		return;
	}
	free(f->out->note);
	f->out->note = n;
}

/* Line endings as in SKILL.md: CRLF and CR read as LF. */
static size_t lf_only(char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		s[n++] = s[i] == '\r' ? '\n' : s[i];
	}
	s[n] = '\0';
	return n;
}

/* Reads and scans one file, whose resolved path is real. */
static void scan_file(struct finder *f, const char *rel, const char *real, unsigned line)
{
	struct cs_skill_files *out = f->out;
	_cleanup_close_ int fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;

	if (out->n >= CS_SKILL_FILES_MAX) {
		note(f, "%s: more than %d files pointed to; not read", rel, CS_SKILL_FILES_MAX);
		return;
	}
	if (fd < 0 || fstat(fd, &st) < 0) {
		note(f, "%s: cannot read: %s", rel, strerror(errno));
		return;
	}
	if (!S_ISREG(st.st_mode))
		return;
	if (st.st_size > CS_SKILL_FILE_MAX_BYTES) {
		note(f, "%s: larger than %d bytes; not read", rel, CS_SKILL_FILE_MAX_BYTES);
		return;
	}
	if (out->bytes + (size_t)st.st_size > CS_SKILL_FILES_MAX_BYTES) {
		note(f, "%s: past %u bytes read for this skill; not read", rel,
		     CS_SKILL_FILES_MAX_BYTES);
		return;
	}
	_cleanup_free_ char *text = malloc((size_t)st.st_size + 1);
	size_t len = 0;
	ssize_t got = 1;
	if (!text) {
		f->err = -ENOMEM;
		return;
	}
	while (len < (size_t)st.st_size &&
	       (got = read(fd, text + len, (size_t)st.st_size - len)) > 0)
		len += (size_t)got;
	if (got < 0) {
		note(f, "%s: cannot read: %s", rel, strerror(errno));
		return;
	}
	if (memchr(text, '\0', len))
		return; /* not text */
	out->bytes += len;
	len = lf_only(text, len);

	struct cs_skill_file *v = cs_grow(out->v, &out->cap, out->n, sizeof(*v), 4);
	if (!v) {
		f->err = -ENOMEM;
		return;
	}
	out->v = v;
	struct cs_skill_file *sf = &out->v[out->n];
	*sf = (struct cs_skill_file){ .rel = strdup(rel), .from_line = line };
	if (!sf->rel || cs_scan_text(text, len, &sf->scan) < 0) {
		free(sf->rel);
		cs_scan_report_free(&sf->scan);
		f->err = -ENOMEM;
		return;
	}
	cs_scan_report_sort(&sf->scan);
	out->n++;
}

/* rel names a path in the skill directory: resolved, kept inside, read (a
 * directory: the files directly in it). */
static void take(struct finder *f, const char *rel, unsigned line, bool list_dir)
{
	_cleanup_free_ char *path = cs_asprintf("%s/%s", f->dir, rel);
	_cleanup_free_ char *real = path ? realpath(path, NULL) : NULL;
	struct stat st;

	if (!path) {
		f->err = -ENOMEM;
		return;
	}
	if (!real || cs_strv_contains(&f->seen, real))
		return;
	if (cs_strv_push(&f->seen, real) < 0) {
		f->err = -ENOMEM;
		return;
	}
	if (strncmp(real, f->dir, f->dir_len) != 0 || real[f->dir_len] != '/') {
		if (strcmp(real, f->dir) != 0)
			note(f, "%s: outside the skill directory; not read", rel);
		return;
	}
	if (stat(real, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		if (!list_dir)
			return;
		DIR *d = opendir(real);
		struct dirent *de;
		struct cs_strv names = { 0 };
		while (d && (de = readdir(d)))
			if (de->d_name[0] != '.' && cs_strv_push(&names, de->d_name) < 0)
				f->err = -ENOMEM;
		if (d)
			closedir(d);
		cs_strv_sort(&names);
		/* one past the bound, so that the note says files were left */
		for (size_t i = 0; f->err == 0 && i < names.n && i <= CS_SKILL_FILES_MAX; i++) {
			_cleanup_free_ char *sub = cs_asprintf("%s%s%s", rel,
							       rel[strlen(rel) - 1] == '/' ? "" : "/",
							       names.v[i]);
			if (!sub)
				f->err = -ENOMEM;
			else if (!has_ext(sub, binary_exts,
					  sizeof(binary_exts) / sizeof(binary_exts[0])))
				take(f, sub, line, false);
		}
		cs_strv_free(&names);
		return;
	}
	if (strcmp(real + f->dir_len, "/SKILL.md") == 0)
		return;
	if (!has_ext(rel, binary_exts, sizeof(binary_exts) / sizeof(binary_exts[0])))
		scan_file(f, rel, real, line);
}

static bool is_path_char(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '/' || c == '~' ||
	       c == '%' || c == '+' || c == '@';
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* One run of path characters at text[a, b), as SKILL.md wrote it: made a
 * path relative to the skill directory, or skipped (URLs, absolute paths,
 * home paths, words without a '/' or an extension). */
static void consider(struct finder *f, const char *text, size_t a, size_t b, unsigned line)
{
	while (b > a && (text[b - 1] == '.' || text[b - 1] == '-'))
		b--;
	if (b - a < 2 || b - a > 1024)
		return;
	const char *s = text + a;
	size_t n = b - a;
	char before = a > 0 ? text[a - 1] : '\0';
	if (s[0] == '/' && s[1] == '/')
		return; /* a URL's host */
	if (before == '$') {
		/* $SKILL_DIR/scripts/x.sh: the variable stands for the skill */
		const char *slash = memchr(s, '/', n);
		if (!slash)
			return;
		n -= (size_t)(slash - s);
		s = slash;
	}
	if (s[0] == '/') {
		if (before != '}' && before != '$')
			return; /* absolute, unless {baseDir}/... */
		s++, n--;
	}
	if (n == 0 || s[0] == '~' || memchr(s, '@', n))
		return;
	while (n > 2 && s[0] == '.' && s[1] == '/')
		s += 2, n -= 2;
	const char *slash = memchr(s, '/', n), *dot = NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '.')
			dot = s + i;
	if (!slash && !(dot && dot > s && dot < s + n - 1))
		return;
	char rel[1025];
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
			rel[m++] = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
			i += 2;
		} else {
			rel[m++] = s[i];
		}
	}
	rel[m] = '\0';
	if (memchr(rel, '\0', m))
		return;
	if (f->scope == CS_SKILL_FILES_FOLDERS) {
		bool in = false;
		for (size_t i = 0; i < sizeof(skill_folders) / sizeof(skill_folders[0]); i++)
			in |= strncmp(rel, skill_folders[i], strlen(skill_folders[i])) == 0;
		if (!in)
			return;
	}
	take(f, rel, line, rel[m - 1] == '/' || slash);
}

int cs_skill_files_scan(const char *dir, const char *text, size_t len,
			enum cs_skill_files_scope scope, struct cs_skill_files *out)
{
	struct finder f = { .scope = scope, .dir = dir, .dir_len = strlen(dir), .out = out };
	unsigned line = 1;

	for (size_t i = 0; scope != CS_SKILL_FILES_NONE && i < len && f.err == 0;) {
		if (!is_path_char((unsigned char)text[i])) {
			line += text[i] == '\n';
			i++;
			continue;
		}
		size_t a = i;
		while (i < len && is_path_char((unsigned char)text[i]))
			i++;
		consider(&f, text, a, i, line);
	}
	if (f.notes > 8 && f.err == 0) {
		char *n = cs_asprintf("%s; and %u more", out->note, f.notes - 8);
		if (n) {
			free(out->note);
			out->note = n;
		}
	}
	cs_strv_free(&f.seen);
	return f.err;
}

void cs_skill_files_free(struct cs_skill_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].rel);
		cs_scan_report_free(&f->v[i].scan);
	}
	free(f->v);
	free(f->note);
	*f = (struct cs_skill_files){ 0 };
}
