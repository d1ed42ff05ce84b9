/* Accounts read from /etc/passwd and /etc/group alone, never through NSS:
 * clawrun and clawaudit are static programs, and a static program that
 * loads NSS modules needs the shared libc of exactly the version it was
 * linked with. An account that only a directory service knows is given to
 * clawrun --user as a number. */
#ifndef CLAWSHIM_ACCOUNTS_H
#define CLAWSHIM_ACCOUNTS_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

struct cs_account {
	uid_t uid;
	gid_t gid;
	char name[64];
	char home[PATH_MAX];
};

/* 0 and *a filled, -ENOENT when no line names it, or another negative errno
 * when the file cannot be read. The first matching line wins, as with
 * NSS's "files". */
int cs_account_by_name(const char *name, struct cs_account *a);
int cs_account_by_uid(uid_t uid, struct cs_account *a);

/* The groups of user NAME: primary first, then every group of /etc/group
 * that lists NAME, each once. -E2BIG when more than max. */
int cs_account_groups(const char *name, gid_t primary, gid_t *groups, size_t max, size_t *n);

/* $HOME when absolute, else the home of the real uid's account; NULL when
 * neither is an absolute path. The result is static storage or the
 * environment's: copy it before the next call. */
const char *cs_account_home(void);

#endif
