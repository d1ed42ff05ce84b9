#!/bin/sh
# What a user meets first: --version of every tool (from the Makefile's
# VERSION), `make install` placing the man pages and the bash and zsh
# completions, `man clawrun` and `clawrun --<TAB>` working from there, and
# every example in the man pages and the README printing what the page shows
# (tests/integration/doc_examples.py).
#   BUILD=/abs/build sh tests/integration/docs.sh
set -eu
B=${BUILD:?set BUILD to the build directory}
here=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d /tmp/clawshim-docs-XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL docs: $*"; exit 1; }

version=$(sed -n 's/^VERSION := *//p' "$here/Makefile")
[ -n "$version" ] || fail "no VERSION in the Makefile"
for t in clawrun clawpolicy clawaudit json5fmt clawshim-node; do
	first=$("$B/bin/$t" --version | head -n 1)
	[ "$first" = "$t $version" ] || fail "$t --version printed '$first', not '$t $version'"
done
"$B/bin/clawrun" --version | grep -q '^libseccomp [0-9]' || fail "clawrun --version: no libseccomp version"
"$B/bin/clawrun" --version | grep -Eq '^Landlock (ABI [0-9]+|not available) \(running kernel\)$' ||
	fail "clawrun --version: no Landlock ABI"
echo "docs: --version of every tool is $version"

# make install into a staging root
make -s -C "$here" install BUILD="$B" DESTDIR="$T/root" PREFIX=/usr > "$T/install.log" 2>&1 ||
	{ cat "$T/install.log"; fail "make install"; }
P=$T/root/usr
# The installed clawrun finds its scanner helper under its own prefix.
[ -x "$P/libexec/clawshim/clawshim-scan" ] || fail "make install did not install libexec/clawshim/clawshim-scan"
"$P/bin/clawrun" --version | grep -qx "skill scanner: text beyond ASCII by $P/libexec/clawshim/clawshim-scan" ||
	fail "the installed clawrun does not name its installed helper"
for m in man1/clawrun.1 man1/clawpolicy.1 man1/clawaudit.1 man1/json5fmt.1 \
	 man5/clawshim-profile.5 man7/libclawshim.7 man8/clawshim-node.8 man1/clawshim-sh.1; do
	[ -s "$P/share/man/$m" ] || fail "make install did not install share/man/$m"
done
for c in clawrun clawpolicy clawaudit json5fmt clawshim-node; do
	[ -s "$P/share/bash-completion/completions/$c" ] || fail "no bash completion for $c"
	[ -s "$P/share/zsh/site-functions/_$c" ] || fail "no zsh completion for $c"
done
if command -v man > /dev/null 2>&1; then
	MANPATH=$P/share/man MANWIDTH=80 man clawrun 2> "$T/man.err" | grep -q 'clawrun - run a program confined' ||
		{ cat "$T/man.err"; fail "man clawrun does not show the installed page"; }
	echo "docs: man clawrun shows the installed page"
else
	echo "SKIP docs: man is not installed (apt-get install man-db); pages checked as files only"
fi

# clawrun --<TAB>: the installed bash completion, called as bash calls it
cat > "$T/complete.bash" <<'BASH'
source "$1/share/bash-completion/completions/clawrun"
source "$1/share/bash-completion/completions/clawaudit"
complete -p clawrun | grep -q -- '-F _clawrun clawrun' || exit 1
COMP_WORDS=(clawrun --); COMP_CWORD=1; COMPREPLY=(); _clawrun
echo "${COMPREPLY[*]}"
COMP_WORDS=(clawrun --caps shell,net); COMP_CWORD=2; COMPREPLY=(); _clawrun
echo "${COMPREPLY[*]}"
COMP_WORDS=(clawaudit --format s); COMP_CWORD=2; COMPREPLY=(); _clawaudit
echo "${COMPREPLY[*]}"
BASH
PATH="$P/bin:$PATH" bash "$T/complete.bash" "$P" > "$T/complete.out" || fail "bash completion"
opts=$(sed -n 1p "$T/complete.out")
for o in --skill --profile --caps --workspace --log --mode --help --version --; do
	case " $opts " in *" $o "*) ;; *) fail "clawrun --<TAB> lacks $o: $opts" ;; esac
done
[ "$(sed -n 2p "$T/complete.out")" = "shell,network" ] || fail "clawrun --caps shell,net<TAB>"
[ "$(sed -n 3p "$T/complete.out")" = "sarif" ] || fail "clawaudit --format s<TAB>"
echo "docs: clawrun --<TAB> offers $opts"
if command -v zsh > /dev/null 2>&1; then
	for f in "$P"/share/zsh/site-functions/_*; do zsh -n "$f" || fail "zsh syntax: $f"; done
fi

python3 "$here/tests/integration/doc_examples.py" "$here" "$B" "$here"/man/*.scd "$here/README.md"
