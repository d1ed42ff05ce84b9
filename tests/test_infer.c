/* Capability inference from SKILL.md: a table of skill snippets and what
 * each must (and must not) propose, the line every proposal names, the
 * bundled skills, and the real corpus (../shared/corpora/skills-real):
 * every proposed profile is one the profile parser accepts. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clawshim/diag.h"
#include "clawshim/frontmatter.h"
#include "clawshim/infer.h"
#include "clawshim/jsonout.h"
#include "clawshim/profile.h"
#include "testutil.h"
#include "tmpdir.h"

#define BUNDLED CS_SRCDIR "/tests/fixtures/skills/openclaw-bundled"
#define CORPUS  CS_SRCDIR "/../shared/corpora/skills-real"

static const char *g_bin;

/* A PATH of our own: programs resolve the same on every machine. */
static void make_bin(void)
{
	static const char *const progs[] = { "curl", "wget", "git", "jq", "mkdir", "tee", "gh",
					     "ffmpeg", "python3", "cp" };
	g_bin = tmpdir_make("/tmp/clawshim-infer-XXXXXX");
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		char *p = cs_asprintf("%s/%s", g_bin, progs[i]);
		FILE *f = fopen(p, "w");
		cr_assert_not_null(f);
		fputs("#!/bin/sh\n", f);
		fclose(f);
		cr_assert_eq(chmod(p, 0755), 0);
		free(p);
	}
}

TestSuite(infer, .init = make_bin, .fini = tmpdir_remove);

static void infer_text(const char *text, struct cs_skill *s, struct cs_inference *inf)
{
	struct cs_diags d = { 0 };
	int r = cs_skill_parse(text, strlen(text), "SKILL.md", s, &d);
	if (r < 0)
		cs_diags_print(&d, stderr, NULL);
	cs_diags_free(&d);
	cr_assert_eq(r, 0, "%s", text);
	cr_assert_eq(cs_infer_skill(s, g_bin, inf), 0);
}

static const struct cs_infer_item *find(const struct cs_inference *inf, enum cs_infer_kind k,
					const char *item)
{
	for (size_t i = 0; i < inf->n; i++)
		if (inf->v[i].kind == k && strcmp(inf->v[i].item, item) == 0)
			return &inf->v[i];
	return NULL;
}

/* The proposed profile goes through the strict parser unchanged. */
static void profile_valid(const struct cs_inference *inf, const char *name)
{
	struct cs_profile p, back;
	struct cs_diags d = { 0 };

	cr_assert_eq(cs_infer_profile(inf, name, &p), 0);
	cJSON *j = cs_profile_to_json(&p);
	char *text = cs_json_print(j);
	cr_assert_not_null(text);
	int r = cs_profile_parse(text, strlen(text), name, &back, &d);
	if (r < 0)
		cs_diags_print(&d, stderr, NULL);
	cr_assert_eq(r, 0, "%s: proposed profile refused:\n%s", name, text);
	cr_assert_eq(back.caps, inf->caps);
	cs_profile_free(&back);
	cs_diags_free(&d);
	free(text);
	cJSON_Delete(j);
	cs_profile_free(&p);
}

#define FM "---\nname: t\ndescription: d\n---\n"

struct row {
	const char *body;
	cs_capset caps;
	const char *want[6];    /* "kind:item", every one must be proposed */
	const char *absent[4];  /* "kind:item", none may be */
};

#define SH CS_CAPSET(CS_CAP_SHELL)
#define NET CS_CAPSET(CS_CAP_NETWORK)
#define FSC CS_CAPSET(CS_CAP_FILESYSTEM)

static const struct row rows[] = {
	/* URLs give their ports; the scheme's default otherwise */
	{ "```bash\ncurl -s https://api.example.com:8443/v1 -H 'X: y'\n```\n", SH | NET,
	  { "port:8443", "program:curl" }, { "port:443", "port:80" } },
	{ "```sh\ncurl \"wttr.in/London?format=3\"\n```\n", SH | NET, { "port:80" }, { "port:443" } },
	{ "```bash\ngit clone git@github.com:o/r.git\n```\n", SH | NET | FSC,
	  { "port:22", "write:{workspace}" }, { "port:443" } },
	{ "```bash\ngh pr list\n```\n", SH | NET, { "port:443" }, { NULL } },
	/* wget to stdout writes nothing; to a file it does */
	{ "```bash\nwget -qO- http://localhost:8765/x\n```\n", SH | NET, { "port:8765" },
	  { "write:{workspace}" } },
	{ "```bash\nwget http://example.org/f.tgz\n```\n", SH | NET | FSC,
	  { "port:80", "write:{workspace}" }, { NULL } },
	/* redirections, mkdir, tee, curl -o: where the writes go */
	{ "```bash\necho hi > notes.md\n```\n", FSC, { "write:{workspace}" }, { NULL } },
	{ "```bash\nmkdir -p ~/.config/foo\n```\n", SH | FSC, { "write:{home}/.config/foo" }, { NULL } },
	{ "```bash\njq . a.json | tee /tmp/out/log.txt\n```\n", SH | FSC, { "write:/tmp" }, { NULL } },
	{ "```bash\ncurl -sSLo /var/cache/x/f.bin https://e.com/f\n```\n", SH | NET | FSC,
	  { "write:/var/cache/x", "port:443" }, { NULL } },
	{ "```bash\ncurl https://e.com/f -o -\n```\n", SH | NET, { "port:443" },
	  { "write:{workspace}" } },
	{ "```bash\njq . x.json > /dev/null 2>&1\n```\n", SH, { "program:jq" },
	  { "write:{workspace}" } },
	/* placeholders are words, not redirections */
	{ "```bash\njq . <session>.jsonl\n```\n", SH, { "program:jq" }, { "write:{workspace}" } },
	/* heredoc bodies and other languages are not commands */
	{ "```bash\ncat <<EOF\ncurl https://e.com\nEOF\n```\n", SH, { "note:cat" },
	  { "port:443", "program:curl" } },
	{ "```python\nimport os\ncurl = 1\n```\n", 0, { NULL }, { "program:curl" } },
	/* an unlabelled block counts only programs that exist or are known */
	{ "```\nSome output line\ncurl https://e.com\n```\n", SH | NET,
	  { "port:443" }, { "note:Some" } },
	/* a prompt marks a command */
	{ "```text\n$ curl https://e.com:9000/\n```\n", SH | NET, { "port:9000" }, { NULL } },
	/* installs are for a person, not the skill */
	{ "```bash\nbrew install foo\npip install bar\n```\n", 0, { "note:brew install" },
	  { "program:brew" } },
	/* the gateway's port is never proposed */
	{ "```bash\ncurl http://127.0.0.1:18789/\n```\n", SH | NET, { "note:18789" },
	  { "port:18789" } },
	/* a program that is not installed is a note, not an exec.allow entry */
	{ "```bash\nrg foo\n```\n", SH, { "note:rg" }, { NULL } },
	/* a jq program across lines is one command */
	{ "```bash\njq '{\n  a: .b,\n  c: .d\n}' f.json\n```\n", SH, { "program:jq" },
	  { "note:a:" } },
	/* chmod MODE FILE: the file is written, not the mode */
	{ "```bash\nchmod 644 ~/Music/album/*.mp3\n```\n", SH | FSC,
	  { "write:{home}/Music/album" }, { "write:{workspace}" } },
	/* a crontab line is not a command named 30 */
	{ "```bash\n30 23 * * * backup\n```\n", 0, { NULL }, { "note:30" } },
	/* inline code and prose are not run */
	{ "Run `curl https://e.com` to see.\n", 0, { NULL }, { "port:443" } },
};

static enum cs_infer_kind kind_of(const char *spec, const char **item)
{
	static const struct {
		const char *prefix;
		enum cs_infer_kind k;
	} kinds[] = { { "port:", CS_INFER_PORT },
		      { "program:", CS_INFER_PROGRAM },
		      { "write:", CS_INFER_WRITE },
		      { "note:", CS_INFER_NOTE } };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strncmp(spec, kinds[i].prefix, strlen(kinds[i].prefix)) == 0) {
			*item = spec + strlen(kinds[i].prefix);
			return kinds[i].k;
		}
	cr_assert_fail("bad spec %s", spec);
	return CS_INFER_CAP;
}

Test(infer, snippets)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		_cleanup_free_ char *text = cs_asprintf(FM "%s", r->body);
		struct cs_skill s;
		struct cs_inference inf;
		infer_text(text, &s, &inf);
		cr_expect_eq(inf.caps, r->caps, "%s: caps %#x, want %#x", r->body, inf.caps, r->caps);
		for (size_t k = 0; k < 6 && r->want[k]; k++) {
			const char *item;
			enum cs_infer_kind kind = kind_of(r->want[k], &item);
			char path[128];
			if (kind == CS_INFER_PROGRAM) {
				snprintf(path, sizeof(path), "%s/%s", g_bin, item);
				item = path;
			}
			cr_expect_not_null(find(&inf, kind, item), "%s: missing %s", r->body,
					   r->want[k]);
		}
		for (size_t k = 0; k < 4 && r->absent[k]; k++) {
			const char *item;
			enum cs_infer_kind kind = kind_of(r->absent[k], &item);
			char path[128];
			if (kind == CS_INFER_PROGRAM) {
				snprintf(path, sizeof(path), "%s/%s", g_bin, item);
				item = path;
			}
			cr_expect_null(find(&inf, kind, item), "%s: unexpected %s", r->body,
				       r->absent[k]);
		}
		profile_valid(&inf, "t");
		cs_inference_free(&inf);
		cs_skill_free(&s);
	}
}

/* requires.bins and install specs: shell and exec.allow, with the
 * frontmatter line that names each program. */
Test(infer, requires_bins_and_install_specs)
{
	const char *text = "---\n"
			   "name: t\n"
			   "description: uses curl and jq\n"
			   "metadata:\n"
			   "  {\n"
			   "    \"openclaw\": {\n"
			   "      \"requires\": { \"bins\": [\"jq\"] },\n"
			   "      \"install\": [{ \"kind\": \"brew\", \"bins\": [\"gh\"] }],\n"
			   "    },\n"
			   "  }\n"
			   "---\n"
			   "body\n";
	struct cs_skill s;
	struct cs_inference inf;
	infer_text(text, &s, &inf);
	cr_assert_eq(inf.caps, SH);
	_cleanup_free_ char *jq = cs_asprintf("%s/jq", g_bin), *gh = cs_asprintf("%s/gh", g_bin);
	const struct cs_infer_item *it = find(&inf, CS_INFER_PROGRAM, jq);
	cr_assert_not_null(it);
	cr_expect_eq(it->line, 7);
	cr_expect_str_eq(it->why, "requires.bins: jq");
	cr_expect_str_eq(it->text, "\"requires\": { \"bins\": [\"jq\"] },");
	it = find(&inf, CS_INFER_PROGRAM, gh);
	cr_assert_not_null(it);
	cr_expect_eq(it->line, 8);
	cr_expect_str_eq(it->why, "install (brew): gh");
	cr_assert_eq(inf.exec_allow.n, 2);

	struct cs_profile p;
	cr_assert_eq(cs_infer_profile(&inf, "t", &p), 0);
	cr_assert_eq(p.exec_allow.n, 2);
	cr_assert_str_eq(p.exec_allow.v[0], gh);
	cs_profile_free(&p);
	cs_inference_free(&inf);
	cs_skill_free(&s);
}

/* No port named: the defaults, and the profile says 80 and 443. */
Test(infer, network_without_a_port_keeps_the_defaults)
{
	struct cs_skill s;
	struct cs_inference inf;
	struct cs_profile p;

	infer_text(FM "```bash\ncurl \"$URL\"\n```\n", &s, &inf);
	cr_assert_eq(inf.caps, SH | NET);
	cr_assert(inf.ports_unknown);
	cr_assert_eq(cs_infer_profile(&inf, NULL, &p), 0);
	cr_assert_eq(p.n_ports, 2);
	cs_profile_free(&p);
	cs_inference_free(&inf);
	cs_skill_free(&s);
}

/* The bundled weather skill, end to end: the lines named are the lines in
 * the file. */
Test(infer, bundled_weather)
{
	struct cs_skill s;
	struct cs_diags d = { 0 };
	struct cs_inference inf;

	cr_assert_eq(cs_skill_load(BUNDLED "/weather", &s, &d), 0);
	cr_assert_eq(cs_infer_skill(&s, g_bin, &inf), 0);
	cr_assert_eq(inf.caps, SH | NET);
	cr_assert_eq(inf.n_ports, 1);
	cr_assert_eq(inf.ports[0], 80);
	const struct cs_infer_item *it = find(&inf, CS_INFER_PORT, "80");
	cr_assert_not_null(it);
	cr_expect_eq(it->line, 42);
	cr_expect_str_eq(it->text, "curl \"wttr.in/London?format=3\"");
	_cleanup_free_ char *curl = cs_asprintf("%s/curl", g_bin);
	it = find(&inf, CS_INFER_PROGRAM, curl);
	cr_assert_not_null(it);
	cr_expect_eq(it->line, 5);
	cs_inference_free(&inf);
	cs_skill_free(&s);
}

/* Every item's text is its line of the file, and the profile is valid. */
static void check_skill(const char *file, size_t *with_caps)
{
	struct cs_skill s;
	struct cs_diags d = { 0 };
	struct cs_inference inf;

	if (cs_skill_load(file, &s, &d) < 0) {
		cs_diags_free(&d); /* an unparseable SKILL.md is the scanner's business */
		return;
	}
	cr_assert_eq(cs_infer_skill(&s, NULL, &inf), 0, "%s", file);
	for (size_t i = 0; i < inf.n; i++) {
		const struct cs_infer_item *it = &inf.v[i];
		cr_assert(it->line >= 1, "%s: item %s has no line", file, it->item);
		/* the line's text, trimmed, starts the recorded text */
		const char *p = s.text;
		for (unsigned l = 1; l < it->line; l++) {
			p = strchr(p, '\n');
			cr_assert_not_null(p, "%s: line %u past the end", file, it->line);
			p++;
		}
		p += strspn(p, " \t");
		cr_assert_eq(strncmp(p, it->text, strlen(it->text)), 0, "%s:%u: '%s'", file,
			     it->line, it->text);
	}
	*with_caps += inf.caps != 0;
	profile_valid(&inf, file);
	cs_inference_free(&inf);
	cs_skill_free(&s);
}

static size_t walk(const char *dir, size_t *with_caps)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	if (!dp)
		return 0;
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue;
		_cleanup_free_ char *p = cs_asprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(p, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			n += walk(p, with_caps);
		} else if (strcmp(de->d_name, "SKILL.md") == 0) {
			check_skill(p, with_caps);
			n++;
		}
	}
	closedir(dp);
	return n;
}

Test(infer, every_bundled_skill)
{
	size_t with_caps = 0, n = walk(BUNDLED, &with_caps);
	cr_assert_eq(n, 52);
	cr_log_info("bundled: %zu of %zu skills get a capability proposal", with_caps, n);
	cr_assert_geq(with_caps, 40);
}

Test(infer, real_corpus)
{
	struct stat st;
	if (stat(CORPUS, &st) < 0)
		cr_skip_test("the corpus ../shared/corpora/skills-real is absent");
	size_t with_caps = 0, n = walk(CORPUS, &with_caps);
	cr_log_info("real corpus: %zu of %zu skills get a capability proposal", with_caps, n);
	cr_assert_geq(n, 1000);
}
