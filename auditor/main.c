/* clawaudit: the security auditor for OpenClaw. Only main() prints usage;
 * each command lives in its own module. */
#include "audit_run.h"
#include "skills.h"
#include "clawshim/exitcodes.h"
#include "cs_version.h"

#include <stdio.h>
#include <string.h>

static const char usage_text[] =
	"Usage: clawaudit [OPTION]...\n"
	"       clawaudit COMMAND [OPTION]... [ARG]...\n"
	"Security auditor for OpenClaw.\n"
	"\n"
	"Commands:\n"
	"  audit                   (the default) audit the OpenClaw config and state\n"
	"                          directory, check for check as `openclaw security audit`\n"
	"  skills check [DIR]...   scan skills for prompt injection, boundary spoofing,\n"
	"                          capability inflation and dangerous actions; show\n"
	"                          what they may use\n"
	"  skills info NAME|PATH   one skill in detail, with its tool enforcement matrix\n"
	"  skills rules            the scanner's rules\n"
	"\n"
	"'clawaudit audit --help' and 'clawaudit skills --help' describe the options.\n"
	"  -h, --help   show this help\n"
	"  --version    print the version\n";

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("clawaudit %s\n", CS_VERSION);
		return CS_EXIT_OK;
	}
	if (argc < 2 || (argv[1][0] == '-' && strcmp(argv[1], "-h") != 0 &&
			  strcmp(argv[1], "--help") != 0))
		return cs_cmd_audit(argc, argv);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return CS_EXIT_OK;
	}
	if (strcmp(argv[1], "audit") == 0)
		return cs_cmd_audit(argc - 1, argv + 1);
	if (strcmp(argv[1], "skills") == 0)
		return cs_cmd_skills(argc - 1, argv + 1);
	fprintf(stderr, "clawaudit: unknown command '%s'\nTry 'clawaudit --help'\n", argv[1]);
	return CS_EXIT_USAGE;
}
