/* See reaper.h. Only direct children are signalled: their pids cannot be
 * reused before this process reaps them, so a kill never reaches a stranger.
 * A killed process's own children become direct children in turn. */
#include "reaper.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int cs_reaper_claim(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0 ? -errno : 0;
}

static void note(pid_t pid, int st, pid_t main, int *status, bool *main_done)
{
	if (pid == main) {
		*status = st;
		*main_done = true;
	}
}

void cs_reaper_collect(pid_t main, int *status, bool *main_done)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG | __WALL)) > 0)
		note(pid, st, main, status, main_done);
}

/* The parent pid in /proc/PID/stat, after the command name, which may itself
 * hold spaces and parentheses. */
static pid_t parent_of(const char *pid)
{
	char path[64], buf[512];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *close_paren = strrchr(buf, ')');
	int ppid;
	if (!close_paren || sscanf(close_paren + 1, " %*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

/* Signals every direct child (the kernel has no CONFIG_PROC_CHILDREN list
 * everywhere, so /proc is scanned). */
static void kill_children(void)
{
	pid_t self = getpid();
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		if (parent_of(e->d_name) == self)
			kill((pid_t)atoi(e->d_name), SIGKILL);
	}
	closedir(d);
}

/* Whether any child is left, reaped or not: with none there is no
 * descendant either (orphans come to this subreaper), and the /proc scan,
 * a few hundred syscalls, is skipped. */
static bool has_children(void)
{
	siginfo_t si;

	return waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) == 0 || errno != ECHILD;
}

void cs_reaper_kill_all(pid_t main, int *status, bool *main_done)
{
	for (;;) {
		int st;
		if (!has_children())
			return;
		kill_children();
		pid_t pid = waitpid(-1, &st, __WALL);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			return; /* ECHILD: the tree is gone */
		note(pid, st, main, status, main_done);
		cs_reaper_collect(main, status, main_done);
	}
}
