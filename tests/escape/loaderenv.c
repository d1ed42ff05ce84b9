/* A program on the exec allowlist started with loader variables that make
 * the dynamic loader map a library of the attacker's choosing: Landlock's
 * EXECUTE right covers execve, not the loader's mmap of LD_PRELOAD. The
 * target prints "ran" if it runs at all. */
#include "attack.h"

static void exec_with(const char *target, const char *var)
{
	char *argv[] = { (char *)target, "ran", NULL };
	char *envp[] = { (char *)var, "PATH=/usr/bin:/bin", NULL };

	if (!target)
		attack_setup_failed("no target");
	fflush(stdout);
	execve(target, argv, envp);
	attack_result(-1);
}

/* The payload's path need not exist: the loader reading it is the breach
 * the supervisor must stop before the target's code runs. Under /dev/null
 * the paths cannot exist on any machine, whatever earlier runs left. */
static void ld_preload(const char *t) { exec_with(t, "LD_PRELOAD=/dev/null/clawshim-payload.so"); }
static void ld_audit(const char *t) { exec_with(t, "LD_AUDIT=/dev/null/clawshim-payload.so"); }
static void ld_library_path(const char *t) { exec_with(t, "LD_LIBRARY_PATH=/dev/null/clawshim-lib"); }
static void plain(const char *t) { exec_with(t, "LANG=C"); }

static const struct variant variants[] = {
	{ "ld-preload", ld_preload },
	{ "ld-audit", ld_audit },
	{ "ld-library-path", ld_library_path },
	{ "plain", plain },
};
ATTACK_MAIN(variants)
