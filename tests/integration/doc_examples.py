#!/usr/bin/env python3
"""Runs the examples in the man pages (man/*.scd) and README.md and compares
what they print with what the page shows.

An example is a fenced block (``` in scdoc, ```console in Markdown) whose
lines start with "$ ": each such line is a command, run with sh in a fresh
sandbox (below), standard error merged into standard output; the lines after
it, up to the next command, are its output. In an output line "..." matches
any text, and a line holding only "..." any number of lines. A command ends
with "# exit N" when it must exit with N (0 otherwise).

The sandbox is a temporary directory that is also $HOME and the working
directory: ~/.openclaw is examples/openclaw-insecure, skills/ is
examples/skills, weather/ is the bundled weather skill, profiles/ holds the
shipped profiles and work/ is an empty directory. Installed paths in commands
(/usr/local/lib, /usr/local/share/clawshim) stand for the build's and the
source tree's.

usage: doc_examples.py SRCDIR BUILDDIR FILE...
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def blocks(path):
    """Yields (first line number, [lines]) of each fenced example block."""
    fence = re.compile(r"^\s*```(console)?\s*$")
    lines = open(path, encoding="utf-8").read().split("\n")
    md = path.endswith(".md")
    i = 0
    while i < len(lines):
        m = fence.match(lines[i])
        if m and (not md or m.group(1)):
            start, body = i + 2, []
            i += 1
            while i < len(lines) and not fence.match(lines[i]):
                body.append(lines[i])
                i += 1
            if any(l.startswith("$ ") for l in body):
                yield start, body
        i += 1


def steps(body):
    """[(command, expected exit status, [expected output lines])]"""
    out = []
    for line in body:
        if line.startswith("$ "):
            cmd, status = line[2:], 0
            m = re.search(r"\s+# exit (\d+)$", cmd)
            if m:
                cmd, status = cmd[: m.start()], int(m.group(1))
            out.append((cmd, status, []))
        elif out:
            out[-1][2].append(line.rstrip())
    return out


def line_re(expected):
    return re.compile("^" + ".*".join(re.escape(p) for p in re.split(r"\.\.\.|…", expected)) + "$")


def matches(expected, actual):
    """Whether actual lines match the expected ones (with "..." wildcards)."""
    if not expected:
        return not actual
    head = expected[0]
    if head.strip() in ("...", "…"):
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and bool(line_re(head).match(actual[0].rstrip())) and \
        matches(expected[1:], actual[1:])


def installed(text, src, build):
    """Installed paths as the build's and the source tree's."""
    return (text.replace("/usr/local/lib/", os.path.join(build, "lib") + "/")
            .replace("/usr/local/share/clawshim/profiles", os.path.join(src, "policy/profiles")))


def sandbox(src):
    t = tempfile.mkdtemp(prefix="clawshim-doc-")
    shutil.copytree(os.path.join(src, "examples/openclaw-insecure"), os.path.join(t, ".openclaw"))
    shutil.copytree(os.path.join(src, "examples/skills"), os.path.join(t, "skills"))
    shutil.copytree(os.path.join(src, "tests/fixtures/skills/openclaw-bundled/weather"),
                    os.path.join(t, "weather"))
    shutil.copytree(os.path.join(src, "policy/profiles"), os.path.join(t, "profiles"))
    os.mkdir(os.path.join(t, "work"))
    # As root, clawrun runs a tool as its workspace's owner, or nobody: what a
    # root user following the pages does is hand the workspace to that user.
    if os.geteuid() == 0:
        os.chmod(t, 0o755)
        os.chown(os.path.join(t, "work"), 65534, 65534)
        # the preload shim keeps uid 0 but no capabilities: others may write
        os.chmod(os.path.join(t, "work"), 0o777)
    # the modes git gives a checkout, whatever the umask of this one
    for root, dirs, files in os.walk(os.path.join(t, ".openclaw")):
        os.chmod(root, 0o755)
        for f in files:
            os.chmod(os.path.join(root, f), 0o644)
    return t


def main():
    src, build, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    failures = ran = 0
    for path in files:
        for start, body in blocks(path):
            t = sandbox(src)
            env = {"HOME": t, "PATH": os.path.join(build, "bin") + ":/usr/bin:/bin",
                   "LANG": "C.UTF-8"}
            try:
                for cmd, status, expected in steps(body):
                    ran += 1
                    cmd = installed(cmd, src, build)
                    p = subprocess.run(["sh", "-c", cmd + " 2>&1"], cwd=t, env=env,
                                       stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
                    actual = p.stdout.decode("utf-8", "replace").rstrip("\n")
                    actual = actual.split("\n") if actual else []
                    expected = [installed(l, src, build) for l in expected]
                    if p.returncode != status or not matches(expected, actual):
                        failures += 1
                        print(f"FAIL {path}:{start}: $ {cmd}\n  exit {p.returncode} "
                              f"(expected {status}); it printed:")
                        print("\n".join("  | " + l for l in actual))
                        print("  the page shows:")
                        print("\n".join("  | " + l for l in expected))
            finally:
                shutil.rmtree(t)
    print(f"doc examples: {ran} commands run, {failures} differ from their page")
    return 1 if failures or not ran else 0


if __name__ == "__main__":
    sys.exit(main())
