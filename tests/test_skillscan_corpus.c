/* The SKILL.md scanner on real skills as they are published: none of the
 * 1,330 benign skills in ../shared/corpora/skills-real is blocked. The corpus
 * lives beside the repository (CI has it at the same relative path); without
 * it the test is skipped and says so. The near-miss fixtures in
 * tests/fixtures/skills/benign keep the causes of past false blocks covered
 * either way (test_skillscan.c). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clawshim/skillset.h"
#include "clawshim/util.h"

static const char *const corpus_candidates[] = {
	CS_SRCDIR "/../shared/corpora/skills-real",
	CS_SRCDIR "/../../shared/corpora/skills-real",
};

static char *corpus_root(void)
{
	const char *env = getenv("CLAWSHIM_SKILLS_CORPUS");
	struct stat st;

	if (env && *env)
		return strdup(env);
	for (size_t i = 0; i < sizeof(corpus_candidates) / sizeof(corpus_candidates[0]); i++)
		if (stat(corpus_candidates[i], &st) == 0 && S_ISDIR(st.st_mode))
			return realpath(corpus_candidates[i], NULL);
	return NULL;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Adds every <root>/<repository>/<skill> holding a SKILL.md, one by one:
 * a repository folder holds more skills than OpenClaw reads from one root. */
static size_t add_corpus(struct cs_skillset *set, const char *root)
{
	struct dirent **repos;
	int n_repos = scandir(root, &repos, NULL, by_name);
	size_t added = 0;

	cr_assert_geq(n_repos, 0, "%s: cannot list", root);
	for (int i = 0; i < n_repos; i++) {
		_cleanup_free_ char *repo = cs_asprintf("%s/%s", root, repos[i]->d_name);
		struct dirent **skills;
		int n = repos[i]->d_name[0] == '.' ? -1 : scandir(repo, &skills, NULL, by_name);
		for (int k = 0; k < n; k++) {
			_cleanup_free_ char *dir = cs_asprintf("%s/%s", repo, skills[k]->d_name);
			_cleanup_free_ char *md = cs_asprintf("%s/SKILL.md", dir);
			struct stat st;
			struct cs_diags d = { 0 };
			if (skills[k]->d_name[0] != '.' && stat(md, &st) == 0) {
				cr_assert_eq(cs_skillset_add(set, dir, "argument", true, &d), 0, "%s",
					     dir);
				added++;
			}
			cs_diags_free(&d);
			free(skills[k]);
		}
		if (n >= 0)
			free(skills);
		free(repos[i]);
	}
	free(repos);
	return added;
}

Test(skillscan_corpus, no_real_benign_skill_is_blocked)
{
	_cleanup_free_ char *root = corpus_root();
	if (!root) {
		cr_skip_test("the real-skills corpus is not here (looked for ../shared/corpora/"
			     "skills-real beside the source tree, or $CLAWSHIM_SKILLS_CORPUS)");
		return;
	}

	struct cs_skillset set = { 0 };
	size_t added = add_corpus(&set, root);
	cr_assert_geq(added, 1000, "%s holds %zu skills: not the corpus", root, added);
	cr_assert_eq(cs_skillset_scan(&set), 0);

	size_t blocked = 0, warned = 0, cap = 8192, at = 0;
	char *list = calloc(1, cap);
	cr_assert_not_null(list);
	for (size_t i = 0; i < set.n; i++) {
		const struct cs_skill_entry *e = &set.v[i];
		warned += e->scan.count[CS_SCAN_WARN] > 0;
		if (!cs_skill_entry_blocked(e))
			continue;
		blocked++;
		const struct cs_scan_finding *f = e->scan.n ? &e->scan.v[0] : NULL;
		if (at + 400 < cap)
			at += (size_t)snprintf(list + at, cap - at, "\n  %s: %s", e->dir,
					       e->error ? e->error
					       : f	? f->message
							: "?");
	}
	cr_log_info("%zu real skills scanned: %zu blocked, %zu with warnings", set.n, blocked,
		    warned);
	cr_expect_eq(blocked, 0, "%zu of %zu real, benign skills blocked:%s", blocked, set.n, list);
	free(list);
	cs_skillset_free(&set);
}
