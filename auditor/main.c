/* clawaudit: the security auditor for OpenClaw. Only main() prints usage;
 * each command lives in its own module. */
#include "skills.h"
#include "clawshim/exitcodes.h"

#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"Usage: clawaudit COMMAND [OPTION]... [ARG]...\n"
	"Security auditor for OpenClaw.\n"
	"\n"
	"Commands:\n"
	"  skills check [DIR]...   scan skills for prompt injection, boundary spoofing\n"
	"                          and capability inflation; show what they may use\n"
	"  skills info NAME|PATH   one skill in detail, with its tool enforcement matrix\n"
	"  skills rules            the scanner's rules\n"
	"\n"
	"'clawaudit skills --help' describes the options.\n"
	"  -h, --help   show this help\n";

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage_text, stderr);
		return CS_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return CS_EXIT_OK;
	}
	if (strcmp(argv[1], "skills") == 0)
		return cs_cmd_skills(argc - 1, argv + 1);
	fprintf(stderr, "clawaudit: unknown command '%s'\nTry 'clawaudit --help'\n", argv[1]);
	return CS_EXIT_USAGE;
}
