#!/bin/sh
# clawpolicy export --k8s against the Security Profiles Operator's
# SeccompProfile CRD (v1beta1, deploy/base-crds/crds/seccompprofile.yaml in
# kubernetes-sigs/security-profiles-operator): the schema's required fields,
# types, enums and bounds, checked for every shipped profile; and the same
# rules and the same stderr notes as the OCI export.
#   BUILD=/abs/build sh tests/integration/k8s.sh
set -eu
B=${BUILD:?set BUILD to the build directory}
here=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d /tmp/clawshim-k8s-XXXXXX)
trap 'rm -rf "$T"' EXIT

n=0
for p in "$here"/policy/profiles/*.json "$here/tests/fixtures/skills/openclaw-bundled/session-logs"; do
	n=$((n + 1))
	"$B/bin/clawpolicy" export --k8s "$p" -o "$T/$n.k8s.json" 2> "$T/$n.k8s.err"
	"$B/bin/clawpolicy" export --oci "$p" -o "$T/$n.oci.json" 2> "$T/$n.oci.err"
	python3 - "$T/$n.k8s.json" "$T/$n.oci.json" "$T/$n.k8s.err" "$T/$n.oci.err" <<'PY' || { echo "FAIL k8s: $p"; exit 1; }
import json, re, sys
k8s, oci = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ACTIONS = {"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
           "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"}
ARCHES = {"SCMP_ARCH_NATIVE", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM",
          "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32",
          "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
          "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X",
          "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64"}
OPS = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT",
       "SCMP_CMP_MASKED_EQ"}
# the CRD is structural: the API server drops fields it does not list, so
# an unknown field would silently lose a rule
SPEC_FIELDS = {"architectures", "baseProfileName", "defaultAction", "disabled", "flags",
               "listenerMetadata", "listenerPath", "syscalls"}
def integer(v, lo=0, hi=2**63 - 1):
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi
assert set(k8s) == {"apiVersion", "kind", "metadata", "spec"}, set(k8s)
assert k8s["apiVersion"] == "security-profiles-operator.x-k8s.io/v1beta1"
assert k8s["kind"] == "SeccompProfile"
name = k8s["metadata"]["name"]
assert len(name) <= 253 and re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*", name), name
spec = k8s["spec"]
assert set(spec) <= SPEC_FIELDS, set(spec) - SPEC_FIELDS
assert spec["defaultAction"] in ACTIONS and spec["disabled"] is False   # both required
assert all(a in ARCHES for a in spec["architectures"])
for sc in spec["syscalls"]:
    assert set(sc) <= {"action", "args", "errnoRet", "names"}, sc
    assert sc["action"] in ACTIONS and sc["names"] and all(isinstance(x, str) for x in sc["names"])
    if "errnoRet" in sc:
        assert integer(sc["errnoRet"], 0, 2**32 - 1), sc
    args = sc.get("args", [])
    assert len(args) <= 6
    for a in args:
        assert set(a) <= {"index", "op", "value", "valueTwo"} and {"index", "op"} <= set(a), a
        assert integer(a["index"], 0, 5) and a["op"] in OPS, a
        assert all(integer(a[k]) for k in ("value", "valueTwo") if k in a), a
# the same rules as the OCI export, the default errno aside (EPERM in both)
assert oci.pop("defaultErrnoRet") == 1
assert spec["syscalls"] == oci["syscalls"] and spec["defaultAction"] == oci["defaultAction"]
assert spec["architectures"] == oci["architectures"]
notes = lambda f, label: [l.split(label, 1)[1] for l in open(f) if label in l]
kn, on = notes(sys.argv[3], "not in the SeccompProfile: "), notes(sys.argv[4], "not in the OCI profile: ")
assert kn == on and kn, (kn, on)
assert "localhostProfile" in open(sys.argv[3]).read()
PY
done
# one format at a time, and only for export
for args in "export --oci --k8s" "export" "compile --k8s"; do
	st=0; "$B/bin/clawpolicy" $args "$here/policy/profiles/notes.json" > /dev/null 2>&1 || st=$?
	[ $st = 2 ] || { echo "FAIL k8s: clawpolicy $args exited $st, not 2"; exit 1; }
done
echo "k8s: $n exports match the SeccompProfile CRD and the OCI export's rules"
