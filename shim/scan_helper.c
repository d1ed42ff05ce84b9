/* See scan_helper.h. */
#include "scan_helper.h"
#include "clawshim/diag.h"
#include "clawshim/frontmatter.h"
#include "clawshim/skillscan.h"
#include "clawshim/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <pthread.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool beyond_ascii(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)text[i] >= 0x80)
			return true;
	return false;
}

/* Runs the helper on the text; its report in *out, its exit status the
 * return value (or a negative errno). */
static int run_helper(const char *helper, const struct cs_skill *s, char **out)
{
	int in[2], res[2], st = 0;
	char *argv[] = { (char *)"clawshim-scan", s->path, NULL };
	char *envp[] = { NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int r;

	*out = NULL;
	if (pipe2(in, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(res, O_CLOEXEC) < 0) {
		r = -errno;
		close(in[0]);
		close(in[1]);
		return r;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, res[1], 1);
	r = -posix_spawn(&pid, helper, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(res[1]);
	if (r == 0) {
		/* A helper that dies early must not kill clawrun with SIGPIPE. */
		sigset_t pipe_sig, old;
		sigemptyset(&pipe_sig);
		sigaddset(&pipe_sig, SIGPIPE);
		pthread_sigmask(SIG_BLOCK, &pipe_sig, &old);
		cs_write_all(in[1], s->text, s->text_len);
		close(in[1]);
		if (cs_read_fd(res[0], CS_SKILL_MAX_FILE, 0, out, NULL) < 0)
			*out = NULL;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		struct timespec none = { 0, 0 };
		while (sigtimedwait(&pipe_sig, NULL, &none) > 0)
			;
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		r = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	} else {
		close(in[1]);
	}
	close(res[0]);
	return r;
}

int cs_scan_skill_with_helper(const struct cs_skill *s, struct cs_scan_report *r,
			      struct cs_diags *d)
{
	if (!beyond_ascii(s->text, s->text_len))
		return cs_scan_skill(s, r);

	_cleanup_free_ char *helper = cs_install_path(SCAN_HELPER);
	_cleanup_free_ char *out = NULL;
	int st = helper ? run_helper(helper, s, &out) : -ENOENT;
	cJSON *o = st == 0 && out ? cJSON_Parse(out) : NULL;
	int e = o ? cs_scan_report_from_json(o, r) : -EINVAL;

	cJSON_Delete(o);
	if (e == 0)
		return 0;
	if (st < 0)
		cs_diag_add(d, s->path, 0, 0, NULL,
			    "text beyond ASCII is scanned by %s, which cannot run: %s",
			    helper ? helper : SCAN_HELPER, strerror(-st));
	else
		cs_diag_add(d, s->path, 0, 0, NULL,
			    "text beyond ASCII is scanned by %s, which failed (%s %d)", helper,
			    st ? "status" : "unreadable report", st);
	return -EIO;
}
