/* A profile's syscall policy as an OCI runtime-spec / Docker seccomp profile,
 * so container runtimes can enforce the same policy. */
#ifndef CLAWSHIM_OCI_H
#define CLAWSHIM_OCI_H

#include <cjson/cJSON.h>
#include "util.h"

struct cs_profile;

/* Builds {defaultAction, defaultErrnoRet, architectures, syscalls[...]} from
 * the same tables the filter is built from. What the format cannot express
 * (Landlock paths and ports, the exec-once rule, scopes) is appended to
 * notes, one sentence each. The caller frees the tree with cJSON_Delete.
 * Returns NULL on allocation failure. */
cJSON *cs_oci_export(const struct cs_profile *p, struct cs_strv *notes);

#endif
