/* A profile's syscall policy as a Kubernetes SeccompProfile resource of the
 * Security Profiles Operator (security-profiles-operator.x-k8s.io/v1beta1),
 * so a cluster can confine a pod with the same policy. */
#ifndef CLAWSHIM_K8S_H
#define CLAWSHIM_K8S_H

#include <cjson/cJSON.h>
#include "util.h"

struct cs_profile;

/* The operator's API group and version, and the kind. */
#define CS_K8S_API_VERSION "security-profiles-operator.x-k8s.io/v1beta1"
#define CS_K8S_KIND "SeccompProfile"

/* Builds {apiVersion, kind, metadata: {name, labels}, spec: {...}} with the
 * spec holding the same syscall rules as cs_oci_export (the same tables),
 * shaped for the operator's CRD. What the resource cannot express is
 * appended to notes, as for the OCI export. The caller frees the tree.
 * Returns NULL on allocation failure. */
cJSON *cs_k8s_export(const struct cs_profile *p, struct cs_strv *notes);

/* The resource's metadata.name for a profile: "clawshim-" and the skill name
 * made a DNS-1123 subdomain (lowercase letters, digits, '-', '.'), or
 * "clawshim-profile" for an unnamed profile. Caller frees; NULL on
 * allocation failure. */
char *cs_k8s_name(const struct cs_profile *p);

#endif
