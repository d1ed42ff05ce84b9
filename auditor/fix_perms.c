/* --fix, permissions: the state dir, config, includes, credentials, agent
 * and session files, each tightened to 0700 or 0600. A path is examined
 * through an O_PATH|O_NOFOLLOW descriptor and changed through that same
 * descriptor, so a symlink is reported and never followed, and a path
 * swapped between the check and the change is not the one changed. */
#include "fix.h"
#include "audit.h"
#include "clawshim/openclaw_paths.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum kind { WANT_DIR, WANT_FILE };

static struct fix_action *new_action(struct fix_result *r, const char *path, mode_t mode)
{
	struct fix_action *v = cs_grow(r->actions, &r->cap_actions, r->n_actions, sizeof(*v), 16);
	if (!v)
		return NULL;
	r->actions = v;
	struct fix_action *a = &r->actions[r->n_actions];
	*a = (struct fix_action){ .path = strdup(path), .mode = mode };
	if (!a->path)
		return NULL;
	r->n_actions++;
	return a;
}

/* chmod through the O_PATH descriptor: /proc/self/fd names exactly the inode
 * it holds. Without /proc, a second no-follow open must reach the same inode
 * before fchmod. */
static int chmod_fd(int fd, const char *path, const struct stat *st, mode_t mode)
{
	char proc[64];
	struct stat again;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (fchmodat(AT_FDCWD, proc, mode, 0) == 0)
		return 0;
	if (errno != ENOENT)
		return -errno;
	_cleanup_close_ int fd2 = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd2 < 0)
		return -errno;
	if (fstat(fd2, &again) < 0)
		return -errno;
	if (again.st_dev != st->st_dev || again.st_ino != st->st_ino)
		return -ESTALE; /* replaced since it was examined: leave it */
	return fchmod(fd2, mode) < 0 ? -errno : 0;
}

static void chmod_action(struct fix_result *r, const char *path, mode_t mode, enum kind want)
{
	struct fix_action *a = new_action(r, path, mode);
	struct stat st;

	if (!a)
		return;
	_cleanup_close_ int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			a->skipped = "missing";
		else
			a->error = strdup(strerror(errno));
		return;
	}
	if (fstat(fd, &st) < 0) {
		a->error = strdup(strerror(errno));
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		a->skipped = "symlink";
		return;
	}
	if (want == WANT_DIR && !S_ISDIR(st.st_mode)) {
		a->skipped = "not-a-directory";
		return;
	}
	if (want == WANT_FILE && !S_ISREG(st.st_mode)) {
		a->skipped = "not-a-file";
		return;
	}
	if ((st.st_mode & 0777) == mode) {
		a->skipped = "already";
		return;
	}
	int e = chmod_fd(fd, path, &st, mode);
	if (e < 0)
		a->error = strdup(strerror(-e));
	else
		a->ok = true;
}

/* Regular files named *suffix directly in dir, sorted (symlinks are not). */
static void regular_files(const char *dir, const char *suffix, struct cs_strv *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t sl = strlen(suffix);

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		struct stat st;
		if (n <= sl || strcmp(e->d_name + n - sl, suffix) != 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
			cs_strv_push(out, e->d_name);
	}
	closedir(d);
	cs_strv_sort(out);
}

static void chmod_listed(struct fix_result *r, const char *dir, const char *suffix)
{
	_cleanup_strv_ struct cs_strv files = { 0 };
	regular_files(dir, suffix, &files);
	for (size_t i = 0; i < files.n; i++) {
		_cleanup_free_ char *p = cs_asprintf("%s/%s", dir, files.v[i]);
		if (p)
			chmod_action(r, p, 0600, WANT_FILE);
	}
}

void fix_perms(const struct fix_input *in, struct fix_result *r)
{
	_cleanup_free_ char *creds = cs_oc_credentials_dir(in->state_dir, in->home);
	_cleanup_strv_ struct cs_strv agents = { 0 };

	chmod_action(r, in->state_dir, 0700, WANT_DIR);
	chmod_action(r, in->config_path, 0600, WANT_FILE);
	for (size_t i = 0; i < in->cfg->includes.n; i++)
		chmod_action(r, in->cfg->includes.v[i], 0600, WANT_FILE);
	if (creds) {
		chmod_action(r, creds, 0700, WANT_DIR);
		chmod_listed(r, creds, ".json");
	}
	oc_agent_ids(in->cfg->root, &agents);
	for (size_t i = 0; i < agents.n; i++) {
		_cleanup_free_ char *base = cs_asprintf("%s/agents/%s", in->state_dir, agents.v[i]);
		_cleanup_free_ char *agent = cs_asprintf("%s/agent", base);
		_cleanup_free_ char *auth = cs_asprintf("%s/agent/auth-profiles.json", base);
		_cleanup_free_ char *sessions = cs_asprintf("%s/sessions", base);
		_cleanup_free_ char *store = cs_asprintf("%s/sessions/sessions.json", base);
		if (!base || !agent || !auth || !sessions || !store)
			continue;
		chmod_action(r, base, 0700, WANT_DIR);
		chmod_action(r, agent, 0700, WANT_DIR);
		chmod_action(r, auth, 0600, WANT_FILE);
		chmod_action(r, sessions, 0700, WANT_DIR);
		chmod_action(r, store, 0600, WANT_FILE);
		chmod_listed(r, sessions, ".jsonl");
	}
}
