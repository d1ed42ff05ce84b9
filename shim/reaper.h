/* The tool's whole process tree. clawrun makes itself a child subreaper, so
 * every descendant, however often it forks and setsid()s, is reparented to
 * clawrun rather than to init and can be killed and reaped before clawrun
 * returns. Internal to shim/. */
#ifndef CLAWSHIM_SHIM_REAPER_H
#define CLAWSHIM_SHIM_REAPER_H

#include <stdbool.h>
#include <sys/types.h>

/* Makes the calling process the subreaper of its future descendants.
 * Returns 0 or a negative errno. */
int cs_reaper_claim(void);

/* Reaps the children that have already ended, without blocking; when main
 * is among them, its wait status goes to *status and *main_done is set. */
void cs_reaper_collect(pid_t main, int *status, bool *main_done);

/* SIGKILLs every descendant of the calling subreaper and reaps them all, a
 * generation at a time (the orphans of a killed process become its direct
 * children), until none is left. main's status is kept as above. */
void cs_reaper_kill_all(pid_t main, int *status, bool *main_done);

#endif
