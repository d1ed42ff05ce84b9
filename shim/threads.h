/* Confining threads that already run when confinement starts (a library
 * constructor may have started them before libclawshim's). Seccomp has
 * TSYNC; no_new_privs, capabilities and Landlock are per thread, so each
 * other thread applies them itself from a signal handler, the way glibc's
 * setxid broadcast and libpsx do. Internal to shim/. */
#ifndef CLAWSHIM_SHIM_THREADS_H
#define CLAWSHIM_SHIM_THREADS_H

#include <stddef.h>

/* Number of threads in the process, from /proc/self/task; 0 if unknown. */
size_t cs_threads_count(void);

/* Makes every other thread drop its privileges and enter the Landlock domain
 * of ruleset_fd (-1: none). Returns 0, or a negative errno when a thread did
 * not confirm in time (it blocks the signal, or is stuck). */
int cs_threads_confine_others(int ruleset_fd);

#endif
