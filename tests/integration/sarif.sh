#!/bin/sh
# clawaudit --format sarif and clawaudit skills check --format sarif through
# the official SARIF validator (@microsoft/sarif-multitool, installed from npm
# into the build directory), plus what the validator does not know: every
# result has a location, rule indexes match, config findings sit at the key.
#   BUILD=/abs/build sh tests/integration/sarif.sh
set -eu
B=${BUILD:?set BUILD to the build directory}
here=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d /tmp/clawshim-sarif-XXXXXX)
trap 'rm -rf "$T"' EXIT

# The inputs: the insecure example state dir (copied: the audit reads modes)
# and the example and malicious skills, plus one SKILL.md that cannot be read
# (YAML refuses it and the line reader sees its dispatch twice).
cp -a "$here/examples/openclaw-insecure" "$T/state"
chmod 755 "$T/state"; chmod 644 "$T/state/openclaw.json"
mkdir -p "$T/home" "$T/skills/broken"
printf -- '---\nname: broken\nmetadata: [unclosed\ncommand-dispatch: tool\ncommand-dispatch: none\n---\nbody\n' \
	> "$T/skills/broken/SKILL.md"
cd "$T"
export HOME="$T/home"
"$B/bin/clawaudit" --state-dir "$T/state" --format sarif > audit.sarif
"$B/bin/clawaudit" skills check --format sarif "$here/examples/skills" \
	"$here/tests/fixtures/skills/malicious" "$T/skills" > skills.sarif

# --format: json is --json (ts aside), a bad name is a usage error.
"$B/bin/clawaudit" --state-dir "$T/state" --json | grep -v '"ts"' > json1
"$B/bin/clawaudit" --state-dir "$T/state" --format json | grep -v '"ts"' > json2
cmp -s json1 json2 || { echo "FAIL sarif: --format json differs from --json"; exit 1; }
st=0; "$B/bin/clawaudit" --state-dir "$T/state" --format xml > /dev/null 2> err || st=$?
[ $st = 2 ] && grep -q "is not text, json or sarif" err || { echo "FAIL sarif: --format xml"; exit 1; }
st=0; "$B/bin/clawaudit" skills info --format sarif "$here/examples/skills/notes-sync" > /dev/null 2> err || st=$?
[ $st = 2 ] && grep -q "for check only" err || { echo "FAIL sarif: skills info --format sarif"; exit 1; }

# Our own checks (they hold without the validator).
python3 - "$T/state/openclaw.json" <<'PY'
import json, re, sys
cfg = sys.argv[1]
for name in ("audit.sarif", "skills.sarif"):
    log = json.load(open(name))
    assert log["version"] == "2.1.0", name
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"], name + ": no results"
    for r in rules:
        for k in ("shortDescription", "fullDescription", "help"):
            assert r[k]["text"], (name, r["id"], k)
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"], (name, res["ruleId"])
        assert res["level"] in ("error", "warning", "note"), res
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], res
# config findings point at the key: logging.redact_off at "redactSensitive"
lines = open(cfg).read().split("\n")
want = next(i for i, l in enumerate(lines, 1) if "redactSensitive" in l)
col = lines[want - 1].index("redactSensitive") + 1
res = [r for r in json.load(open("audit.sarif"))["runs"][0]["results"]
       if r["ruleId"] == "logging.redact_off"][0]
reg = res["locations"][0]["physicalLocation"]["region"]
assert (reg["startLine"], reg["startColumn"]) == (want, col), (reg, want, col)
assert res["level"] == "warning"
# skill findings sit on their SKILL.md line; the unparseable one is an error
sk = json.load(open("skills.sarif"))["runs"][0]["results"]
assert any(r["ruleId"] == "skill.unparseable" and r["level"] == "error" for r in sk)
assert any(r["level"] == "error" and r["locations"][0]["physicalLocation"]["region"]["startLine"] > 0
           for r in sk if r["ruleId"] != "skill.unparseable")
print("sarif: structure and positions ok")
PY

# The official validator, when npm can install it: kept in the build
# directory, or for this run only when that belongs to someone else.
cache="$B/cache/sarif-multitool"
tool="$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$tool" ] && ! { mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ]; }; then
	cache="$T/sarif-multitool"
	tool="$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
fi
if [ ! -x "$tool" ]; then
	if ! command -v npm >/dev/null 2>&1 || ! mkdir -p "$cache" 2>/dev/null ||
	   ! npm install --prefix "$cache" --no-audit --no-fund --loglevel=error \
		@microsoft/sarif-multitool > "$T/npm.log" 2>&1 || [ ! -x "$tool" ]; then
		echo "SKIP sarif validator: cannot install @microsoft/sarif-multitool from npm into $cache"
		[ -f "$T/npm.log" ] && sed 's/^/  /' "$T/npm.log" | tail -5
		exit 0
	fi
fi
# validate FILE: the validator's own log must hold its analysis and no error.
validate() {
	"$tool" validate "$1" -o "$1.val" --log ForceOverwrite --level "Error;Warning;Note" \
		> "$1.out" 2>&1 || { cat "$1.out"; return 1; }
	python3 - "$1.val" <<'PY'
import json, sys
res = json.load(open(sys.argv[1]))["runs"][0].get("results", [])
# a log the validator could not read yields no analysis results at all
if not any(r["ruleId"].startswith("SARIF") for r in res):
    sys.exit("validator did not analyse the log")
errors = [r for r in res if r.get("level") == "error"]
for r in errors:
    print(r["ruleId"], r["message"].get("arguments"))
sys.exit(1 if errors else 0)
PY
}
# A control: a log the schema rejects must fail, or the check proves nothing.
sed 's/"version": "2.1.0"/"version": "2.1.0", "unknownProperty": 1/' audit.sarif > broken.sarif
if validate broken.sarif > /dev/null; then
	echo "FAIL sarif: the validator accepted a log with an unknown property"; exit 1
fi
for f in audit.sarif skills.sarif; do
	validate "$f" || { echo "FAIL sarif: $f does not pass the SARIF validator"; exit 1; }
	echo "sarif: $f passes @microsoft/sarif-multitool validate"
done
