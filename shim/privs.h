/* Privileges of the calling thread: no_new_privs and Linux capabilities.
 * Internal to shim/. */
#ifndef CLAWSHIM_SHIM_PRIVS_H
#define CLAWSHIM_SHIM_PRIVS_H

struct cs_diags;

/* Sets no_new_privs, locks the root-privilege securebits when allowed, and
 * drops every capability from the effective, permitted, inheritable, ambient
 * and bounding sets with libcap, then reads them back. Returns 0 or a
 * negative errno after adding the reason to d. */
int cs_privs_drop(struct cs_diags *d);

/* The same with raw system calls only, for a signal handler running in
 * another thread (libcap allocates). Returns 0 or a negative errno. */
int cs_privs_drop_raw(void);

#endif
