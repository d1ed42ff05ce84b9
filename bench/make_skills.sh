#!/bin/sh
# Writes N skills under DIR for the scanner benchmark: copies of the bundled
# OpenClaw skills and of the malicious corpus (one in ten), in roots of 250
# skill directories each (OpenClaw reads at most 300 per root).
#   sh bench/make_skills.sh SRC_DIR DIR N     (prints the root directories)
set -eu
src=${1:?repository}; dir=${2:?output dir}; n=${3:?count}
bundled="$src/tests/fixtures/skills/openclaw-bundled"
malicious="$src/tests/fixtures/skills/malicious"
set -- $(ls -d "$bundled"/*/ "$bundled"/*/ "$bundled"/*/ "$bundled"/*/ "$bundled"/*/ \
	"$bundled"/*/ "$bundled"/*/ "$bundled"/*/ "$bundled"/*/ "$malicious"/*/ | head -n 500)
i=0
while [ "$i" -lt "$n" ]; do
	for s in "$@"; do
		[ "$i" -lt "$n" ] || break
		root="$dir/root$((i / 250))"
		mkdir -p "$root/skill$i"
		cp "$s/SKILL.md" "$root/skill$i/SKILL.md"
		i=$((i + 1))
	done
done
ls -d "$dir"/root*
