/* Running a real program from a test and capturing what it says. */
#ifndef CLAWSHIM_TEST_PROC_H
#define CLAWSHIM_TEST_PROC_H

struct result {
	int status; /* exit status, or 128+N for signal N */
	char out[65536];
	char err[16384];
};

/* Runs argv with env (NULL: inherit), capturing both streams (each cut at
 * its buffer's size). */
struct result run(char *const argv[], char *const env[]);

/* As root, clawrun runs a tool as its first workspace's owner, or nobody
 * when that is root: a workspace made by a test running as root is handed
 * to nobody, and the directory above it opened to others so the tool can
 * enter it. Does nothing for any other user. */
void proc_workspace_for_the_tool(const char *parent, const char *ws);

#endif
