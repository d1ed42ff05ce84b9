/* --deep: gateway.probe_failed, from the live probe (probe.c). */
#include "checks.h"
#include "../probe.h"

void check_gateway_probe(struct audit_ctx *a)
{
	if (!a->probe_out)
		return;
	gateway_probe(a->cfg, a->probe, a->probe_out);
	if (a->probe_out->ok)
		return;
	audit_add(a, "gateway.probe_failed", SEV_WARN, "Gateway probe failed (deep)",
		  "Run \"openclaw status --all\" to debug connectivity/auth, then re-run \"openclaw "
		  "security audit --deep\".",
		  "%s", a->probe_out->error ? a->probe_out->error : "gateway unreachable");
}
