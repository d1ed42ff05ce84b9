/* SeccompProfile export: the OCI export's rules (cs_oci_export walks the
 * filter tables) moved under a Kubernetes resource. The operator's CRD
 * differs from the OCI format in two places: it has no defaultErrnoRet (the
 * operator's default errno is EPERM, which is what clawshim denies with) and
 * it requires spec.disabled. */
#include "clawshim/k8s.h"
#include "clawshim/oci.h"
#include "clawshim/profile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* DNS-1123 subdomains are at most 253 characters. */
#define NAME_MAX_LEN 253

char *cs_k8s_name(const struct cs_profile *p)
{
	const char *skill = p->skill && *p->skill ? p->skill : "profile";
	char *name = cs_asprintf("clawshim-%s", skill);
	size_t n = 0;

	if (!name)
		return NULL;
	for (char *s = name; *s; s++) {
		char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.';
		/* one '-' for every run of other characters */
		if (!ok && (n == 0 || name[n - 1] == '-'))
			continue;
		name[n++] = ok ? c : '-';
	}
	if (n > NAME_MAX_LEN)
		n = NAME_MAX_LEN;
	while (n > 0 && (name[n - 1] == '-' || name[n - 1] == '.'))
		n--;
	name[n] = '\0';
	return name;
}

cJSON *cs_k8s_export(const struct cs_profile *p, struct cs_strv *notes)
{
	cJSON *spec = cs_oci_export(p, notes);
	cJSON *root = cJSON_CreateObject();
	char *name = cs_k8s_name(p);

	if (!spec || !root || !name) {
		cJSON_Delete(spec);
		cJSON_Delete(root);
		free(name);
		return NULL;
	}
	cJSON *def = cJSON_DetachItemFromObject(spec, "defaultErrnoRet");
	if (def && def->valuedouble != EPERM)
		cs_strv_push_owned(notes, cs_asprintf("defaultErrnoRet %g: the operator's "
						      "default errno is EPERM",
						      def->valuedouble));
	cJSON_Delete(def);
	cJSON_AddBoolToObject(spec, "disabled", false);
	cJSON_AddStringToObject(root, "apiVersion", CS_K8S_API_VERSION);
	cJSON_AddStringToObject(root, "kind", CS_K8S_KIND);
	cJSON *meta = cJSON_AddObjectToObject(root, "metadata");
	cJSON_AddStringToObject(meta, "name", name);
	cJSON *labels = cJSON_AddObjectToObject(meta, "labels");
	cJSON_AddStringToObject(labels, "app.kubernetes.io/managed-by", "clawpolicy");
	cJSON_AddItemToObject(root, "spec", spec);
	free(name);
	return root;
}
