/* What a supervised call needs and whether enforce mode refuses it: the
 * capability from the syscall tables, and the part Landlock judges (the
 * program run against exec.allow, the TCP port against connect_tcp, the
 * path written against the write roots), read from the caller's memory and
 * /proc for the record only. Nothing here answers a notification. */
#ifndef CLAWSHIM_OBSERVE_H
#define CLAWSHIM_OBSERVE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "clawshim/seccomp_rules.h"
#include "clawshim/suggest.h"
#include "clawshim/util.h"

struct cs_profile;

struct cs_observer {
	const struct cs_profile *profile; /* the run's, expanded; borrowed */
	/* As enforce mode applies them on this kernel: */
	struct cs_sc_policy bare;  /* no capabilities */
	struct cs_sc_policy real;  /* the profile's */
	struct cs_sc_policy full;  /* every capability, UNIX sockets included */
	struct cs_strv roots;      /* write roots, resolved */
	struct cs_strv workspaces; /* resolved */
	char *tmpdir;              /* the run's private TMPDIR (NULL: none) */
	struct cs_needs needs;
	bool launched;             /* the tool's own exec was seen */
	bool landlock;             /* Landlock judges write opens on this kernel */
};

/* How enforce mode treats one call. */
struct cs_judgement {
	bool deny;        /* refused (by the filter or by Landlock) */
	const char *cap;  /* the capability that would allow it; NULL: none */
	const char *key;  /* the profile key that would allow it; NULL: none */
	const char *why;  /* why no capability allows it, when the tables say */
	char *detail;     /* what it names (path, address, program); caller frees */
};

/* Prepares an observer for an expanded profile, its workspaces and the
 * private TMPDIR (may be NULL). Returns 0 or -ENOMEM. */
int cs_observer_init(struct cs_observer *ob, const struct cs_profile *p,
		     const char *const *workspaces, size_t n_workspaces, const char *tmpdir);

void cs_observer_free(struct cs_observer *ob);

/* The tool's own launch: records the program. */
void cs_observe_launch(struct cs_observer *ob, pid_t pid, int nr, const uint64_t args[6]);

/* A call of an audit run: records what it needs into ob->needs and judges
 * it as enforce mode would. */
void cs_observe_call(struct cs_observer *ob, pid_t pid, int nr, const uint64_t args[6],
		     struct cs_judgement *j);

/* A call the enforce filter hands over for the record while Landlock
 * decides: judges only Landlock's part (port, written path). */
void cs_observe_landlock(struct cs_observer *ob, pid_t pid, int nr, const uint64_t args[6],
			 struct cs_judgement *j);

#endif
