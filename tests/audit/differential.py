#!/usr/bin/env python3
"""Differential test of clawaudit against the reference `openclaw security audit`.

A seeded generator writes state directories nobody wrote by hand: configs in
many JSON5 spellings (comments, quotes, trailing commas, hex and signed
numbers, escapes), $include files, ${VAR} references, env blocks and .env
files, odd agent ids, CDP URLs, tool lists with blank entries, models,
channels, file modes. Each case is laid out as an audit fixture (state/,
setup, env) and run through tests/audit/oracle.sh and tests/audit/clawaudit.sh;
every difference is printed. A config the reference rejects (its schema) is
counted, not compared.

Usage: differential.py [--seed N] [--count N] [--keep DIR] [--fix] [--quiet] [--ref-cache DIR]
--ref-cache keeps the reference's reports by case content, so that runs of
clawaudit builds against the same seed need the reference only once.
Exit status: 0 no difference, 1 some difference, 2 usage or setup error.
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# ---- JSON5 in many spellings

IDENT_START = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
IDENT_REST = IDENT_START | set("0123456789")


def j5_string(r, s):
    q = r.choice(['"', "'"])
    out = []
    for ch in s:
        o = ord(ch)
        if ch == q or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif o < 0x20 or o in (0x2028, 0x2029):
            out.append("\\u%04x" % o)
        elif o > 0x7E and r.random() < 0.3:
            if o > 0xFFFF:
                v = o - 0x10000
                out.append("\\u%04x\\u%04x" % (0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)))
            else:
                out.append("\\u%04x" % o)
        elif ch.isalpha() and r.random() < 0.03:
            out.append("\\u%04X" % o)
        else:
            out.append(ch)
    return q + "".join(out) + q


def j5_key(r, k):
    if k and k[0] in IDENT_START and all(c in IDENT_REST for c in k) and r.random() < 0.7:
        return k
    return j5_string(r, k)


def j5_number(r, v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int) and v >= 0:
        c = r.random()
        if c < 0.15:
            return hex(v) if r.random() < 0.5 else "0X%X" % v
        if c < 0.25:
            return "+%d" % v
        if c < 0.3:
            return "%d.0" % v
    return json.dumps(v)


def j5(r, v, ind=""):
    if v is None:
        return "null"
    if isinstance(v, bool) or isinstance(v, (int, float)):
        return j5_number(r, v)
    if isinstance(v, str):
        return j5_string(r, v)
    pretty = r.random() < 0.5
    nl = "\n" + ind + "  " if pretty else " "
    end = "\n" + ind if pretty else " "
    sep = ","
    if isinstance(v, list):
        items = [j5(r, x, ind + "  ") for x in v]
        if not items:
            return "[]"
        trail = "," if r.random() < 0.4 else ""
        return "[" + nl + (sep + nl).join(items) + trail + end + "]"
    items = []
    for k, x in v.items():
        item = j5_key(r, k) + ":" + (" " if r.random() < 0.8 else "") + j5(r, x, ind + "  ")
        if r.random() < 0.08:
            item = "// note\n" + ind + "  " + item if pretty else "/* note */ " + item
        items.append(item)
    if not items:
        return "{}"
    trail = "," if r.random() < 0.4 else ""
    return "{" + nl + (sep + nl).join(items) + trail + end + "}"


# ---- pools

URLS = [
    "http://127.0.0.1:9222", "http://localhost:9222", "http://10.0.0.5:9222",
    "https://cdp.example.com", "http://127.evil.example:9222", "http://[::ffff:127.0.0.1]:9222",
    "http://[::0:1]:9222/", "http://0x7f.0.0.1:9222", "http://2130706433:9222",
    "http://%31%32%37.0.0.1:9222", "HTTP://Example.COM:80/json/", "http:example.com",
    "http://[2001:db8::1]:9222/json", "http://127.1:9222", " http://example.com:9222 ",
    "http://user:pw@example.com:9222/x?y=1#z", "http://example.com:0/",
    "http://ex ample.com:9222", "http://example.com:99999", "http://", "ftp://example.com",
    "ws://example.com:9222", "http://[::1]:9222", "http://0177.0.0.1/",
]
AGENT_IDS = [
    "main", "Main", "ops", "ops team", " ops ", "İstanbul", "\u212aelvin", "kelvin", "a.b",
    "", "  ", "research", "RESEARCH", "x" * 70, "über", "dev_1", "-lead-", "a/b", "Ops",
]
MODELS = [
    "anthropic/claude-opus-4-5", "anthropic/claude-3-haiku-20240307", "openai/gpt-4o-mini",
    "openai/gpt-3.5-turbo", "ollama/llama3:8b", "ollama/qwen2.5:7b", "anthropic/claude\u00a0haiku",
    "anthropic/claude-sonnet-4-5", "openrouter/mistral-7b-instruct", "google/gemini-2.0-flash",
    "anthropic/claude-instant-1.2", "ollama/phi3:3.8b", "openai/gpt-5",
]
TOOLS = [
    "exec", "read", "write", "edit", "apply_patch", "browser", "web_fetch", "web_search",
    "group:fs", "group:runtime", "group:web", "group:ui", "", " ", "*", "Bash", "image",
    "process", "sessions_spawn", "gateway", "nodes", "cron",
]
SAFE_BINS = ["jq", "python3", "/usr/bin/python3", "node", "bash", "/bin/bash", "sed", "awk",
             "grep", "sort", "perl", "ruby", "head"]
ENV_NAMES = ["OC_TOKEN", "OC_PASS", "TG_TOKEN", "DISCORD_BOT_TOKEN", "SLACK_BOT_TOKEN",
             "TELEGRAM_BOT_TOKEN", "OPENCLAW_GATEWAY_TOKEN", "OPENCLAW_GATEWAY_PASSWORD"]
TOKENS = ["0123456789abcdef0123456789abcdef", "short", "hunter2", "  padded-token-value-123456  "]


def maybe(r, p=0.5):
    return r.random() < p


def gen_tools_list(r, n=3):
    return [r.choice(TOOLS) for _ in range(r.randint(0, n))]


def gen_config(r, env, dotenv):
    cfg = {}
    if maybe(r, 0.7):
        gw = {}
        if maybe(r):
            gw["bind"] = r.choice(["loopback", "lan", "tailnet", "auto"])
        if maybe(r, 0.7):
            auth = {}
            mode = r.choice(["token", "password", None])
            if mode:
                auth["mode"] = mode
            if maybe(r, 0.7):
                key = "token" if mode != "password" else "password"
                if maybe(r, 0.4):
                    name = r.choice(ENV_NAMES)
                    auth[key] = "${%s}" % name
                    if maybe(r, 0.7):
                        (env if maybe(r) else dotenv)[name] = r.choice(TOKENS)
                else:
                    auth[key] = r.choice(TOKENS)
            gw["auth"] = auth
        if maybe(r, 0.3):
            gw["port"] = r.choice([18789, 19000, 8080])
        if maybe(r, 0.2):
            gw["trustedProxies"] = ["127.0.0.1"]
        cfg["gateway"] = gw
    if maybe(r, 0.5):
        br = {}
        if maybe(r, 0.2):
            br["enabled"] = maybe(r)
        if maybe(r, 0.6):
            br["cdpUrl"] = r.choice(URLS)
        if maybe(r, 0.5):
            profs = {}
            for i in range(r.randint(1, 3)):
                name = r.choice(["work", "remote", "7", "lab", "openclaw", "x-1"])
                p = {"color": "#FF0000"}
                if maybe(r, 0.6):
                    p["cdpUrl"] = r.choice([u for u in URLS if "ex ample" not in u and "99999" not in u
                                            and u not in ("http://", "ftp://example.com",
                                                          "ws://example.com:9222")])
                else:
                    p["cdpPort"] = r.choice([9222, 9333, 18800])
                profs[name] = p
            br["profiles"] = profs
        cfg["browser"] = br
    tools = {}
    if maybe(r, 0.35):
        tools["allow"] = gen_tools_list(r)
    elif maybe(r, 0.15):
        tools["alsoAllow"] = gen_tools_list(r)
    if maybe(r, 0.3):
        tools["deny"] = gen_tools_list(r)
    if maybe(r, 0.25):
        tools["profile"] = r.choice(["minimal", "coding", "messaging", "full"])
    if maybe(r, 0.25):
        tools["sandbox"] = {"tools": {"allow": gen_tools_list(r)}}
    if maybe(r, 0.25):
        tools["elevated"] = {"enabled": maybe(r)}
    if maybe(r, 0.25):
        tools["exec"] = {"safeBins": [r.choice(SAFE_BINS) for _ in range(r.randint(1, 4))]}
    if maybe(r, 0.2):
        tools["fs"] = {"workspaceOnly": maybe(r)}
    if tools:
        cfg["tools"] = tools
    agents = {}
    if maybe(r, 0.5):
        d = {}
        if maybe(r, 0.6):
            d["model"] = {"primary": r.choice(MODELS)}
            if maybe(r, 0.3):
                d["model"]["fallbacks"] = [r.choice(MODELS)]
        if maybe(r, 0.4):
            d["sandbox"] = {"mode": r.choice(["off", "all", "non-main"])}
        agents["defaults"] = d
    if maybe(r, 0.5):
        lst = []
        for i in range(r.randint(1, 4)):
            a = {"id": r.choice(AGENT_IDS)}
            if maybe(r, 0.3):
                a["model"] = r.choice(MODELS)
            if maybe(r, 0.3):
                a["tools"] = {"allow": gen_tools_list(r)} if maybe(r) else {"deny": gen_tools_list(r)}
            if maybe(r, 0.2):
                a["sandbox"] = {"mode": r.choice(["off", "all"])}
            if maybe(r, 0.15):
                a["default"] = True
            lst.append(a)
        agents["list"] = lst
    if agents:
        cfg["agents"] = agents
    if maybe(r, 0.5):
        ch = {}
        for name in r.sample(["telegram", "discord", "slack", "whatsapp", "signal", "irc"],
                             r.randint(1, 3)):
            c = {}
            if maybe(r, 0.7):
                c["groupPolicy"] = r.choice(["open", "allowlist", "disabled"])
            if maybe(r, 0.3):
                c["dmPolicy"] = r.choice(["pairing", "open", "allowlist"])
                if c["dmPolicy"] == "open":
                    c["allowFrom"] = ["*"]
            ch[name] = c
        cfg["channels"] = ch
    if maybe(r, 0.15):
        ch = cfg.setdefault("channels", {})
        ch[r.choice(["mattermost", "modelByChannel", "defaults"])] = (
            {"groupPolicy": r.choice(["open", "allowlist"])} if maybe(r) else {})
        ch.setdefault("slack", {})["accounts"] = {
            r.choice(["work", "2", "10"]): {"groupPolicy": r.choice(["open", "allowlist"])}
            for _ in range(r.randint(1, 3))}
    if maybe(r, 0.15):
        installs = {}
        for _ in range(r.randint(1, 3)):
            rec = {"source": r.choice(["npm", "npm", "path"]),
                   "spec": r.choice(["pkg@1.2.3", " pkg@ 1.2.3 ", "pkg@latest", "@s/p@^1"])}
            if maybe(r):
                rec["integrity"] = r.choice(["sha512-x", "", "  "])
            if maybe(r):
                rec["resolvedVersion"] = r.choice(["", "1.2.3"])
            if maybe(r):
                rec["version"] = "1.0.0"
            installs[r.choice(["voice", "1", "22", "x-y"])] = rec
        cfg["plugins"] = {"installs": installs}
    for name in ("TELEGRAM_BOT_TOKEN", "DISCORD_BOT_TOKEN", "SLACK_BOT_TOKEN"):
        if maybe(r, 0.1):
            env[name] = r.choice(TOKENS)
    if maybe(r, 0.2):
        cfg["logging"] = {"redactSensitive": r.choice(["off", "tools"])}
    if maybe(r, 0.2):
        cfg["hooks"] = {"enabled": True, "token": r.choice(TOKENS + ["${HOOK_TOKEN}"])}
        if maybe(r):
            env["HOOK_TOKEN"] = r.choice(TOKENS)
    if maybe(r, 0.25):
        e = {}
        if maybe(r):
            e["vars"] = {r.choice(ENV_NAMES): r.choice(TOKENS)}
        if maybe(r):
            e[r.choice(ENV_NAMES + [" PADDED ", "PATH", "NODE_OPTIONS"])] = r.choice(TOKENS + [""])
        cfg["env"] = e
    return cfg


def gen_dotenv(r, values):
    lines = []
    for k, v in values.items():
        form = r.choice(["plain", "dq", "sq", "export", "colon", "spaced", "comment"])
        if form == "plain":
            lines.append("%s=%s" % (k, v.strip()))
        elif form == "dq":
            lines.append('%s="%s"' % (k, v))
        elif form == "sq":
            lines.append("%s='%s'" % (k, v))
        elif form == "export":
            lines.append("export %s=%s" % (k, v.strip()))
        elif form == "colon":
            lines.append("%s: %s" % (k, v.strip()))
        elif form == "spaced":
            lines.append("  %s = %s  " % (k, v.strip()))
        else:
            lines.append("%s=%s # a comment" % (k, v.strip()))
        if maybe(r, 0.1):
            lines.append("# " + k)
    eol = "\r\n" if maybe(r, 0.2) else "\n"
    return eol.join(lines) + eol


def split_include(r, cfg, state):
    """Moves one top-level section into an $include file; returns its files."""
    keys = [k for k in cfg if isinstance(cfg[k], dict)]
    if not keys or not maybe(r, 0.25):
        return
    k = r.choice(keys)
    name = r.choice(["inc.json5", "conf.d/%s.json5" % k, "./part.json"])
    path = os.path.join(state, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(j5(r, cfg[k]) + "\n")
    cfg[k] = {"$include": name}


def gen_case(r, fx):
    state = os.path.join(fx, "state")
    os.makedirs(state)
    env, dotenv = {}, {}
    cfg = gen_config(r, env, dotenv)
    split_include(r, cfg, state)
    with open(os.path.join(state, "openclaw.json"), "w") as f:
        f.write(j5(r, cfg) + "\n")
    if dotenv:
        with open(os.path.join(state, ".env"), "w") as f:
            f.write(gen_dotenv(r, dotenv))
    if env:
        with open(os.path.join(fx, "env"), "w") as f:
            for k, v in env.items():
                if "\n" not in v:
                    f.write("%s=%s\n" % (k, v))
    setup = []
    if maybe(r, 0.2):
        setup.append("chmod %s state" % r.choice(["755", "700", "775"]))
    if maybe(r, 0.2):
        setup.append("chmod %s state/openclaw.json" % r.choice(["644", "600", "640", "666"]))
    if setup:
        with open(os.path.join(fx, "setup"), "w") as f:
            f.write("\n".join(setup) + "\n")


def case_key(fx, extra):
    h = hashlib.sha256(" ".join(extra).encode())
    for dirpath, dirs, files in sorted(os.walk(fx)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            h.update(os.path.relpath(path, fx).encode() + b"\0")
            with open(path, "rb") as f:
                h.update(f.read() + b"\0")
    return h.hexdigest()


def reference(fx, extra, cache):
    """(status, report, stderr) of oracle.sh, from the cache when it has it."""
    key = case_key(fx, extra) if cache else None
    if key and os.path.exists(os.path.join(cache, key + ".json")):
        with open(os.path.join(cache, key + ".json")) as f:
            return json.load(f)
    res = list(run([os.path.join(HERE, "oracle.sh"), fx] + extra))
    if key and (res[0] == 0 or "no report" in res[2]):
        os.makedirs(cache, exist_ok=True)
        with open(os.path.join(cache, key + ".json"), "w") as f:
            json.dump(res, f)
    return res


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--keep", help="copy each differing case here as a fixture directory")
    ap.add_argument("--fix", action="store_true", help="compare --fix runs too")
    ap.add_argument("--quiet", action="store_true", help="print only the differing cases' names")
    ap.add_argument("--ref-cache", help="keep the reference's reports here, by case content")
    a = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    install = os.path.join(HERE, "../lib/install-reference.sh")
    if subprocess.run([install], stdout=subprocess.DEVNULL).returncode != 0:
        print("differential: cannot install the reference CLI", file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix="clawaudit-diff-")
    same = differ = rejected = 0
    try:
        for i in range(a.count):
            r = random.Random("%d/%d" % (a.seed, i))
            fx = os.path.join(work, "case-%d-%d" % (a.seed, i))
            gen_case(r, fx)
            for extra in ([[]] + ([["--fix"]] if a.fix else [])):
                rc, ref, err = reference(fx, extra, a.ref_cache)
                if rc != 0:
                    if "no report" in err:
                        rejected += 1
                        break
                    print("differential: oracle failed: %s" % err, file=sys.stderr)
                    return 2
                rc, ours, err2 = run([os.path.join(HERE, "clawaudit.sh"), fx] + extra)
                if ours == ref:
                    same += 1
                    continue
                differ += 1
                name = os.path.basename(fx) + ("".join(extra))
                print("DIFF %s" % name)
                if not a.quiet:
                    with open(os.path.join(fx, "state", "openclaw.json")) as f:
                        print("  config: " + f.read().replace("\n", "\n  "))
                    with tempfile.NamedTemporaryFile("w") as x, tempfile.NamedTemporaryFile("w") as y:
                        x.write(ref)
                        x.flush()
                        y.write(ours if rc == 0 else ours + err2)
                        y.flush()
                        _, d, _ = run(["diff", "-u", "--label", "reference", "--label",
                                       "clawaudit", x.name, y.name])
                        print("  " + d.replace("\n", "\n  "))
                if a.keep:
                    os.makedirs(a.keep, exist_ok=True)
                    dst = os.path.join(a.keep, os.path.basename(fx))
                    if not os.path.exists(dst):
                        shutil.copytree(fx, dst, symlinks=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("differential: seed %d, %d cases: %d same, %d differ, %d rejected by the reference"
          % (a.seed, a.count, same, differ, rejected))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
