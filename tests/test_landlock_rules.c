/* The Landlock plan for each ABI: which rights are handled and which paths
 * are granted, in particular the devices every tool may write to and use
 * ioctls on, and who judges write opens (Landlock from ABI 5, the seccomp
 * fallback below). */
#include <criterion/criterion.h>
#include <string.h>

#include "clawshim/landlock_rules.h"
#include "clawshim/profile.h"
#include "testutil.h"

static const struct cs_ll_path_rule *rule_for(const struct cs_landlock_plan *plan,
					      const char *path)
{
	for (size_t i = 0; i < plan->n_paths; i++)
		if (strcmp(plan->paths[i].path, path) == 0)
			return &plan->paths[i];
	return NULL;
}

Test(landlock_rules, abi5_judges_writes_and_device_ioctls_without_filesystem)
{
	struct cs_profile p;
	struct cs_landlock_plan plan;

	cr_assert_eq(cs_profile_from_caps(0, "t", &p), 0);
	cr_assert_eq(cs_landlock_plan(&p, 5, NULL, &plan), 0);
	cr_expect(cs_landlock_judges(5));
	cr_expect_eq(plan.handled_fs & cs_landlock_write_rights(5), cs_landlock_write_rights(5),
		     "every write right is handled");
	cr_expect(plan.handled_fs & CS_LL_FS_IOCTL_DEV);
	for (const char *const *dev = cs_landlock_devices; *dev; dev++) {
		const struct cs_ll_path_rule *r = rule_for(&plan, *dev);
		cr_assert_not_null(r, "%s is granted", *dev);
		cr_expect_eq(r->access, CS_LL_FS_WRITE_FILE | CS_LL_FS_IOCTL_DEV,
			     "%s: write and ioctl only", *dev);
	}
	cr_expect_eq(plan.n_paths, 8, "nothing but the devices");
	cr_expect_null(rule_for(&plan, "/dev/loop-control"));
	cr_expect_null(rule_for(&plan, "/dev/userfaultfd"));
	cr_expect_null(rule_for(&plan, "/dev/kvm"));

	cr_assert_eq(cs_landlock_plan_add_terminal(&plan, "/dev/tty3"), 0);
	const struct cs_ll_path_rule *tty = rule_for(&plan, "/dev/tty3");
	cr_assert_not_null(tty);
	cr_expect(tty->access & CS_LL_FS_IOCTL_DEV);
	cs_landlock_plan_free(&plan);
	cs_profile_free(&p);
}

Test(landlock_rules, below_abi5_the_seccomp_fallback_judges)
{
	struct cs_profile p;
	struct cs_landlock_plan plan;

	cr_assert_eq(cs_profile_from_caps(0, "t", &p), 0);
	for (int abi = 1; abi < 5; abi++) {
		cr_expect_not(cs_landlock_judges(abi), "ABI %d", abi);
		cr_assert_eq(cs_landlock_plan(&p, abi, NULL, &plan), 0);
		cr_expect_eq(plan.handled_fs & CS_LL_FS_IOCTL_DEV, 0, "ABI %d has no IOCTL_DEV", abi);
		cr_expect_eq(plan.handled_fs & CS_LL_FS_TRUNCATE, 0,
			     "ABI %d: truncation is the filter's", abi);
		cs_landlock_plan_free(&plan);
	}
	/* No Landlock at all: nothing planned, the seccomp rules judge. */
	cr_assert_eq(cs_landlock_plan(&p, 0, NULL, &plan), 0);
	cr_expect_not(plan.needed);
	cs_landlock_plan_free(&plan);
	cs_profile_free(&p);
}

Test(landlock_rules, filesystem_grants_the_roots_and_the_devices)
{
	struct cs_profile p;
	struct cs_landlock_plan plan;

	cr_assert_eq(cs_profile_from_caps(CS_CAPSET(CS_CAP_FILESYSTEM), "t", &p), 0);
	cs_strv_free(&p.write);
	cs_strv_push(&p.write, "/srv/ws");
	cr_assert_eq(cs_landlock_plan(&p, 7, NULL, &plan), 0);
	const struct cs_ll_path_rule *ws = rule_for(&plan, "/srv/ws");
	cr_assert_not_null(ws);
	cr_expect_eq(ws->access, cs_landlock_write_rights(7), "every write right in the root");
	cr_expect(plan.handled_fs & CS_LL_FS_IOCTL_DEV);
	cr_expect_not_null(rule_for(&plan, "/dev/null"));
	cs_landlock_plan_free(&plan);
	cs_profile_free(&p);
}

/* Handling TRUNCATE costs a walk to / on every open of a regular file, even a
 * read-only one; truncation by path is the seccomp filter's in every mode
 * (O_TRUNC without write access, truncate(2)), and a write open with O_TRUNC
 * needs WRITE_FILE. No ABI, no capability set handles or grants it. */
Test(landlock_rules, truncate_is_never_handled)
{
	for (cs_capset caps = 0; caps <= CS_CAPSET_ALL; caps++) {
		struct cs_profile p;
		cr_assert_eq(cs_profile_from_caps(caps, "t", &p), 0);
		cs_strv_free(&p.write);
		cs_strv_push(&p.write, "/srv/ws");
		for (int abi = 1; abi <= 7; abi++) {
			struct cs_landlock_plan plan;
			cr_assert_eq(cs_landlock_plan(&p, abi, NULL, &plan), 0);
			cr_assert_eq(cs_landlock_plan_add_terminal(&plan, "/dev/tty3"), 0);
			cr_expect_eq(cs_landlock_write_rights(abi) & CS_LL_FS_TRUNCATE, 0);
			cr_expect_eq(plan.handled_fs & CS_LL_FS_TRUNCATE, 0, "caps %#x ABI %d",
				     caps, abi);
			for (size_t i = 0; i < plan.n_paths; i++)
				cr_expect_eq(plan.paths[i].access & CS_LL_FS_TRUNCATE, 0, "%s",
					     plan.paths[i].path);
			for (size_t i = 0; i < plan.missing.n; i++)
				cr_expect_null(strstr(plan.missing.v[i], "truncate"), "%s",
					       plan.missing.v[i]);
			cs_landlock_plan_free(&plan);
		}
		cs_profile_free(&p);
	}
}
