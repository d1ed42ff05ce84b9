/* The shim's pure parts, in process so the sanitizers see them: log
 * records, details read from a process, ELF interpreters, program lookup,
 * what a kernel cannot enforce, and the supervised arch_prctl rule. */
#include "testutil.h"
#include "clawshim/confine.h"
#include "clawshim/diag.h"
#include "clawshim/elf.h"
#include "clawshim/filters.h"
#include "clawshim/eventlog.h"
#include "clawshim/launch.h"
#include "clawshim/profile.h"
#include "clawshim/seccomp_rules.h"
#include "clawshim/supervisor.h"
#include "../shim/privs.h"
#include "../shim/reaper.h"
#include "../shim/runas.h"
#include "../shim/threads.h"
#include "../shim/tmpdir.h"

#include <arpa/inet.h>
#include <asm/prctl.h>
#include <linux/audit.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static char *detail(int nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	uint64_t args[6] = { a0, a1, a2, a3, 0, 0 };
	return cs_syscall_detail(getpid(), nr, args);
}

Test(detail, paths_and_open_flags)
{
	char *d = detail(SYS_openat, (uint64_t)AT_FDCWD, (uintptr_t) "/etc/shadow",
			 O_WRONLY | O_CREAT, 0);
	cr_expect_str_eq(d, "/etc/shadow O_WRONLY|O_CREAT (0101)");
	free(d);
	d = detail(SYS_open, (uintptr_t) "/tmp/x", O_RDWR | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0, 0);
	cr_expect_str_eq(d, "/tmp/x O_RDWR|O_TRUNC|O_NOFOLLOW|O_CLOEXEC (02401002)");
	free(d);
	d = detail(SYS_openat, (uint64_t)AT_FDCWD, (uintptr_t) "/tmp/y", O_RDONLY | 040000000, 0);
	cr_expect_str_eq(d, "/tmp/y O_RDONLY (040000000)", "an unnamed bit stays in the number");
	free(d);
	d = detail(SYS_openat, (uint64_t)AT_FDCWD, (uintptr_t) "/tmp/z", O_TMPFILE | O_WRONLY, 0);
	cr_expect_str_eq(d, "/tmp/z O_WRONLY|O_DIRECTORY|O_TMPFILE (020200001)");
	free(d);
	d = detail(SYS_unlink, (uintptr_t) "/tmp/x", 0, 0, 0);
	cr_expect_str_eq(d, "/tmp/x");
	free(d);
	d = detail(SYS_unlink, 0, 0, 0, 0);
	cr_expect_null(d, "a NULL path gives no detail");
	d = detail(SYS_getpid, 0, 0, 0, 0);
	cr_expect_null(d);
}

Test(detail, a_string_that_ends_at_an_unmapped_page)
{
	long page = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	cr_assert_neq(m, MAP_FAILED);
	cr_assert_eq(mprotect(m + page, (size_t)page, PROT_NONE), 0);
	char *s = m + page - 5;
	memcpy(s, "/abc", 5);
	char *d = detail(SYS_unlink, (uintptr_t)s, 0, 0, 0);
	cr_expect_str_eq(d, "/abc");
	free(d);
	/* No terminator before the hole: what could be read, nothing more. */
	memset(m, 'a', (size_t)page);
	d = detail(SYS_unlink, (uintptr_t)(m + page - 3), 0, 0, 0);
	cr_expect_str_eq(d, "aaa");
	free(d);
	munmap(m, (size_t)page * 2);
}

Test(detail, socket_addresses)
{
	struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons(18789) };
	inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
	char *d = detail(SYS_connect, 3, (uintptr_t)&in, sizeof(in), 0);
	cr_expect_str_eq(d, "127.0.0.1:18789");
	free(d);

	struct sockaddr_in6 in6 = { .sin6_family = AF_INET6, .sin6_port = htons(443) };
	inet_pton(AF_INET6, "::1", &in6.sin6_addr);
	d = detail(SYS_connect, 3, (uintptr_t)&in6, sizeof(in6), 0);
	cr_expect_str_eq(d, "[::1]:443");
	free(d);

	struct sockaddr_un un = { .sun_family = AF_UNIX, .sun_path = "/run/docker.sock" };
	d = detail(SYS_connect, 3, (uintptr_t)&un, sizeof(un), 0);
	cr_expect_str_eq(d, "unix:/run/docker.sock");
	free(d);
	struct sockaddr_un ab = { .sun_family = AF_UNIX, .sun_path = "\0hidden" };
	d = detail(SYS_connect, 3, (uintptr_t)&ab,
		   offsetof(struct sockaddr_un, sun_path) + 7, 0);
	cr_expect_str_eq(d, "unix:@hidden");
	free(d);

	d = detail(SYS_socket, (1ULL << 32) | AF_INET, SOCK_STREAM, 0, 0);
	cr_expect_str_eq(d, "AF_INET (junk in the upper 32 bits)");
	free(d);
	d = detail(SYS_socket, 4242, SOCK_STREAM, 0, 0);
	cr_expect_str_eq(d, "family 4242");
	free(d);
}

Test(eventlog, record_fields_and_extra_members)
{
	struct cs_eventlog l = { .fd = -1, .skill = "weather", .session_key = "s1",
				 .agent_id = "a1", .mode = CS_MODE_AUDIT };
	cJSON *extra = cJSON_CreateObject();
	cJSON_AddNumberToObject(extra, "count", 3);
	struct cs_event e = { .event = "syscall_denied", .capability = "network",
			      .syscall = "connect", .detail = "127.0.0.1:18789", .pid = 42,
			      .exe = "/usr/bin/curl", .extra = extra };
	char *line = cs_event_format(&l, &e);
	cJSON_Delete(extra);
	cr_assert_not_null(line);
	cr_expect_eq(line[strlen(line) - 1], '\n');
	cJSON *o = cJSON_Parse(line);
	cr_assert_not_null(o);
	static const char *const keys[] = { "time",   "category", "event", "capability", "syscall",
					    "detail", "pid",	  "exe",   "skill",	 "session",
					    "mode",   "count" };
	size_t i = 0;
	for (cJSON *m = o->child; m; m = m->next, i++)
		cr_expect_str_eq(m->string, keys[i], "member %zu in order", i);
	cr_expect_eq(i, sizeof(keys) / sizeof(keys[0]));
	cr_expect_str_eq(cJSON_GetObjectItem(o, "mode")->valuestring, "audit");
	cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "session"), "agentId")->valuestring,
			 "a1");
	cJSON_Delete(o);
	free(line);
}

Test(eventlog, long_details_are_cut_on_a_character_boundary)
{
	struct cs_eventlog l = { .fd = -1 };
	char big[3000];
	/* Two-byte characters, so an arbitrary cut would split one. */
	for (size_t i = 0; i + 1 < sizeof(big); i += 2)
		memcpy(big + i, "\xc3\xa9", 2);
	big[sizeof(big) - 1] = '\0';
	struct cs_event e = { .event = "syscall_denied", .detail = big };
	char *line = cs_event_format(&l, &e);
	cr_assert_not_null(line);
	cr_expect_lt(strlen(line), 4096, "a record stays under PIPE_BUF");
	cJSON *o = cJSON_Parse(line);
	const char *d = cJSON_GetObjectItem(o, "detail")->valuestring;
	cr_expect(strlen(d) >= 3 && strcmp(d + strlen(d) - 3, "...") == 0);
	cr_expect_eq((strlen(d) - 3) % 2, 0, "cut between characters");
	cJSON_Delete(o);
	free(line);
}

Test(eventlog, open_creates_private_files_and_refuses_symlinks)
{
	char dir[] = "/tmp/clawshim-log-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[128], link[128];
	snprintf(path, sizeof(path), "%s/a/b/security.jsonl", dir);
	struct cs_diags d = { 0 };
	struct cs_eventlog l;
	cr_assert_eq(cs_eventlog_open(&l, path, &d), 0);
	struct cs_event e = { .event = "x" };
	cr_expect_eq(cs_eventlog_write(&l, &e), 0);
	cs_eventlog_close(&l);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	snprintf(link, sizeof(link), "%s/a/b", dir);
	cr_assert_eq(stat(link, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0700);

	snprintf(link, sizeof(link), "%s/link.jsonl", dir);
	cr_assert_eq(symlink("/etc/passwd", link), 0);
	cr_expect_lt(cs_eventlog_open(&l, link, &d), 0, "a symlinked log is refused");
	cr_expect_geq(d.n, 1);
	cr_expect(strstr(d.v[0].msg, "security log"), "%s", d.v[0].msg);
	cs_diags_free(&d);
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

Test(elf, interpreter_of_dynamic_static_and_scripts)
{
	char *interp = NULL;
	cr_assert_eq(cs_elf_interp("/usr/bin/true", &interp), 0);
	cr_expect_str_eq(interp, "/lib64/ld-linux-x86-64.so.2");
	free(interp);
	cr_expect_eq(cs_elf_interp(CS_BUILDDIR "/escape/static/net", &interp), -ENOENT);
	cr_expect_null(interp);
	cr_expect_eq(cs_elf_interp(CS_SRCDIR "/tests/integration/real-programs.sh", &interp),
		     -ENOENT);
	cr_expect_eq(cs_elf_interp("/no/such/file", &interp), -ENOENT);
	cr_expect_eq(cs_elf_interp("/etc/passwd", &interp), -ENOENT);
}

Test(launch, program_lookup)
{
	setenv("PATH", "/nonexistent:/usr/bin", 1);
	char *p = cs_launch_resolve("true");
	cr_expect_str_eq(p, "/usr/bin/true");
	free(p);
	errno = 0;
	cr_expect_null(cs_launch_resolve("no-such-program-xyz"));
	cr_expect_eq(errno, ENOENT);
	cr_expect_null(cs_launch_resolve("/etc/passwd"));
	cr_expect_eq(errno, EACCES);
	cr_expect_null(cs_launch_resolve(""));
}

Test(launch, loaders_of_an_exec_allowlist)
{
	struct cs_profile p = { .caps = CS_CAPSET(CS_CAP_SHELL) };
	struct cs_strv interps = { 0 }, loaders = { 0 };

	cs_strv_push(&p.exec_allow, "/usr/bin/true");
	cs_strv_push(&p.exec_allow, CS_BUILDDIR "/escape/static/net");
	cr_assert_eq(cs_launch_loaders(&p, &interps, &loaders), 0);
	cr_expect_eq(interps.n, 1);
	cr_expect_eq(loaders.n, 1);
	cr_expect_str_eq(loaders.v[0], "/lib64/ld-linux-x86-64.so.2");
	cs_strv_free(&interps);
	cs_strv_free(&loaders);

	/* A loader the profile allows by name may run as a program. */
	cs_strv_push(&p.exec_allow, "/lib64/ld-linux-x86-64.so.2");
	cr_assert_eq(cs_launch_loaders(&p, &interps, &loaders), 0);
	cr_expect_eq(interps.n, 1);
	cr_expect_eq(loaders.n, 0);
	cs_strv_free(&interps);
	cs_strv_free(&loaders);
	cs_profile_free(&p);
}

Test(confine, what_cannot_be_enforced_without_a_supervisor)
{
	struct cs_profile p = { .caps = CS_CAPSET(CS_CAP_SHELL) };
	struct cs_strv missing = { 0 };
	struct cs_confine_opts o = { .profile = &p, .supervised = true };

	cs_strv_push(&p.exec_allow, "/usr/bin/true");
	cr_assert_eq(cs_confine_check(&o, &missing), 0);
	for (size_t i = 0; i < missing.n; i++)
		cr_expect_null(strstr(missing.v[i], "loader"), "%s", missing.v[i]);
	cs_strv_free(&missing);
	o.supervised = false;
	cr_assert_eq(cs_confine_check(&o, &missing), 0);
	bool loader = false;
	for (size_t i = 0; i < missing.n; i++)
		loader |= strstr(missing.v[i], "dynamic loader") != NULL;
	cr_expect(loader, "preload mode cannot hold an exec allowlist against ld.so");
	cs_strv_free(&missing);
	cs_profile_free(&p);
}

static uint32_t verdict(const struct cs_profile *p, bool supervise, int nr, uint64_t a0)
{
	struct cs_filter_opts o = { .notify = true, .supervise_loader = supervise };
	struct cs_diags d = { 0 };
	scmp_filter_ctx ctx;
	struct sock_filter *prog;

	cr_assert_eq(cs_filter_build(p, &o, &ctx, &d), 0);
	int n = bpf_export(ctx, &prog);
	cr_assert_gt(n, 0);
	struct seccomp_data data = bpf_data(nr, a0, 0, 0, 0);
	uint32_t r = bpf_sim_run(prog, (size_t)n, &data);
	free(prog);
	seccomp_release(ctx);
	return r & SECCOMP_RET_ACTION_FULL;
}

Test(filter, arch_prctl_set_fs_reaches_the_supervisor_only_with_an_allowlist)
{
	struct cs_profile p = { .caps = CS_CAPSET(CS_CAP_SHELL), .gateway_port = 18789 };

	cr_expect_eq(verdict(&p, true, SYS_arch_prctl, ARCH_SET_FS), SECCOMP_RET_ALLOW,
		     "no allowlist: nothing to check");
	cs_strv_push(&p.exec_allow, "/usr/bin/true");
	cr_expect_eq(verdict(&p, true, SYS_arch_prctl, ARCH_SET_FS), SECCOMP_RET_USER_NOTIF);
	cr_expect_eq(verdict(&p, true, SYS_arch_prctl, (1ULL << 32) | ARCH_SET_FS),
		     SECCOMP_RET_USER_NOTIF, "the code is compared on its low 32 bits");
	cr_expect_eq(verdict(&p, true, SYS_arch_prctl, ARCH_GET_FS), SECCOMP_RET_ALLOW);
	cr_expect_eq(verdict(&p, false, SYS_arch_prctl, ARCH_SET_FS), SECCOMP_RET_ALLOW,
		     "without a supervisor the call must not be denied");
	cs_profile_free(&p);
}

/* The whole supervised path in one process tree, under the sanitizers: a
 * child confines itself, and this process answers its notifications. */
Test(supervisor, answers_a_denied_socket_with_eperm_and_logs_it)
{
	struct cs_profile p;
	int num[2], res[2], logp[2];

	cr_assert_eq(cs_profile_from_caps(0, "unit", &p), 0);
	free(p.log);
	p.log = NULL;
	cr_assert_eq(pipe(num), 0);
	cr_assert_eq(pipe(res), 0);
	cr_assert_eq(pipe(logp), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct cs_confine_opts o = { .profile = &p, .supervised = true };
		struct cs_confine_state st;
		struct cs_diags d = { 0 };
		if (cs_confine_apply(&o, &st, &d) < 0)
			_exit(3);
		if (write(num[1], &st.listener, sizeof(int)) != sizeof(int))
			_exit(4);
		int r = socket(AF_INET, SOCK_STREAM, 0);
		int e = r < 0 ? errno : 0;
		if (write(res[1], &e, sizeof(e)) != sizeof(e))
			_exit(5);
		_exit(0);
	}
	int child_fd;
	cr_assert_eq(read(num[0], &child_fd, sizeof(int)), (ssize_t)sizeof(int));
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	int listener = (int)syscall(SYS_pidfd_getfd, pidfd, child_fd, 0);
	cr_assert_geq(listener, 0, "pidfd_getfd: %s", strerror(errno));

	struct cs_eventlog log = { .fd = logp[1], .skill = "unit" };
	struct cs_supervisor s;
	cr_assert_eq(cs_supervisor_init(&s, listener, pid, CS_MODE_ENFORCE, &p, &log, NULL), 0);
	cr_expect_eq(cs_supervisor_handle(&s), 0);
	int e = 0;
	cr_assert_eq(read(res[0], &e, sizeof(e)), (ssize_t)sizeof(e));
	cr_expect_eq(e, EPERM);
	cr_expect_eq(s.denied, 1);
	char buf[1024] = "";
	ssize_t n = read(logp[0], buf, sizeof(buf) - 1);
	cr_assert_gt(n, 0);
	cr_expect(strstr(buf, "\"syscall\":\"socket\"") && strstr(buf, "\"skill\":\"unit\""),
		  "%s", buf);
	int status;
	waitpid(pid, &status, 0);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cs_supervisor_free(&s);
	close(listener);
	close(pidfd);
	cs_profile_free(&p);
}

Test(filter, precompiled_programs_equal_what_libseccomp_builds_now)
{
	cr_assert_eq(cs_filter_progs_len, cs_filter_keys_count());
	for (size_t i = 0; i < cs_filter_keys_count(); i++) {
		struct cs_filter_key k = cs_filter_key_at(i);
		struct cs_profile p;
		struct cs_filter_opts o;
		struct cs_diags d = { 0 };
		scmp_filter_ctx ctx;
		struct sock_filter *prog;

		cr_expect_eq(cs_filter_key_index(&k), i, "key %zu round trip", i);
		cs_filter_key_profile(&k, &p, &o);
		struct cs_filter_key again = cs_filter_key_of(&p, &o);
		cr_expect_eq(cs_filter_key_index(&again), i, "profile of key %zu", i);
		cr_assert_eq(cs_filter_build(&p, &o, &ctx, &d), 0);
		int n = bpf_export(ctx, &prog);
		cr_assert_gt(n, 0);
		/* Every variant allows read-only opens: each that reads openat's
		 * arguments has the fast path in front. */
		struct sock_filter fast[CS_FAST_PATH_LEN];
		size_t nf = cs_filter_fast_path(prog, (size_t)n, fast);
		bool cached = cs_filter_const_allows(prog, (size_t)n, SYS_openat);
		cr_expect_eq(nf, cached ? 0 : CS_FAST_PATH_LEN, "variant %zu: openat fast path", i);
		cr_expect_eq(nf + (size_t)n, cs_filter_progs[i].len, "variant %zu length", i);
		const struct sock_filter *have = cs_filter_prog_insns(&cs_filter_progs[i]);
		cr_expect_eq(memcmp(fast, have, nf * sizeof(struct sock_filter)), 0,
			     "variant %zu: fast path", i);
		cr_expect_eq(memcmp(prog, have + nf,
				    (size_t)n * sizeof(struct sock_filter)),
			     0, "variant %zu differs from libseccomp's", i);
		free(prog);
		seccomp_release(ctx);
		cs_profile_free(&p);
	}
}

/* The fast path answers as libseccomp's program does: for read-only opens
 * (which it allows itself) and for everything it passes on (write flags,
 * O_PATH, a high word, another call or architecture). */
Test(filter, the_openat_fast_path_answers_as_the_program_does)
{
	static const uint64_t flags[] = {
		O_RDONLY, O_RDONLY | O_CLOEXEC, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC,
		O_WRONLY, O_RDWR, O_RDONLY | O_CREAT, O_RDONLY | O_TRUNC, O_RDONLY | O_APPEND,
		O_WRONLY | O_CREAT | O_TRUNC, O_TMPFILE | O_RDWR, O_PATH, O_ACCMODE,
		O_ACCMODE | O_TRUNC, O_RDONLY | O_TRUNC | O_CLOEXEC,
		O_RDONLY | 0x100000000ULL, O_RDONLY | O_CLOEXEC | 0xffffffff00000000ULL,
	};
	static const int calls[] = { SYS_openat, SYS_open, SYS_read };
	size_t with_prefix = 0;

	for (size_t i = 0; i < cs_filter_progs_len; i++) {
		const struct cs_filter_prog *full = &cs_filter_progs[i];
		const struct sock_filter *insns = cs_filter_prog_insns(full);
		struct sock_filter fast[CS_FAST_PATH_LEN];
		if (full->len <= CS_FAST_PATH_LEN ||
		    !cs_filter_fast_path(insns + CS_FAST_PATH_LEN,
					 full->len - CS_FAST_PATH_LEN, fast) ||
		    memcmp(fast, insns, sizeof(fast)) != 0)
			continue;
		with_prefix++;
		const struct sock_filter *bare = insns + CS_FAST_PATH_LEN;
		size_t n = full->len - CS_FAST_PATH_LEN;
		for (size_t c = 0; c < sizeof(calls) / sizeof(calls[0]); c++)
			for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++) {
				uint64_t a1 = calls[c] == SYS_open ? flags[f] : 0x1000;
				struct seccomp_data d = bpf_data(calls[c], (uint64_t)AT_FDCWD, a1,
								 flags[f], 0);
				cr_expect_eq(bpf_sim_run(insns, full->len, &d),
					     bpf_sim_run(bare, n, &d),
					     "variant %zu, call %d, flags %#llx", i, calls[c],
					     (unsigned long long)flags[f]);
				d.arch = AUDIT_ARCH_I386;
				cr_expect_eq(bpf_sim_run(insns, full->len, &d),
					     bpf_sim_run(bare, n, &d), "variant %zu, i386", i);
			}
	}
	cr_expect_gt(with_prefix, 0, "no variant reads openat's arguments any more?");
}

/* Every precompiled program, the fast path in front included, refuses
 * truncation without an open for writing (EPERM, or to the supervisor) and
 * truncate(2), and still allows a plain read-only open. */
Test(filter, precompiled_programs_refuse_truncation_without_write_access)
{
	static const uint64_t trunc_flags[] = {
		O_RDONLY | O_TRUNC, O_ACCMODE | O_TRUNC, O_RDONLY | O_TRUNC | O_CLOEXEC,
		O_RDONLY | O_TRUNC | O_CREAT | 0x100000000ULL,
	};

	for (size_t i = 0; i < cs_filter_progs_len; i++) {
		const struct cs_filter_prog *p = &cs_filter_progs[i];
		const struct sock_filter *insns = cs_filter_prog_insns(p);
		struct cs_filter_key k = cs_filter_key_at(i);
		uint32_t want = k.notify ? SECCOMP_RET_USER_NOTIF : SECCOMP_RET_ERRNO | EPERM;
		for (size_t f = 0; f < sizeof(trunc_flags) / sizeof(trunc_flags[0]); f++) {
			struct seccomp_data d = bpf_data(SYS_openat, (uint64_t)AT_FDCWD, 0x1000,
							 trunc_flags[f], 0);
			cr_expect_eq(bpf_sim_run(insns, p->len, &d) & SECCOMP_RET_ACTION_FULL,
				     want & SECCOMP_RET_ACTION_FULL, "variant %zu openat %#llx", i,
				     (unsigned long long)trunc_flags[f]);
			d = bpf_data(SYS_open, 0x1000, trunc_flags[f], 0, 0);
			cr_expect_eq(bpf_sim_run(insns, p->len, &d) & SECCOMP_RET_ACTION_FULL,
				     want & SECCOMP_RET_ACTION_FULL, "variant %zu open %#llx", i,
				     (unsigned long long)trunc_flags[f]);
		}
		struct seccomp_data d = bpf_data(SYS_truncate, 0x1000, 0, 0, 0);
		cr_expect_eq(bpf_sim_run(insns, p->len, &d) & SECCOMP_RET_ACTION_FULL,
			     want & SECCOMP_RET_ACTION_FULL, "variant %zu truncate", i);
		d = bpf_data(SYS_openat, (uint64_t)AT_FDCWD, 0x1000, O_RDONLY | O_CLOEXEC, 0);
		cr_expect_eq(bpf_sim_run(insns, p->len, &d), SECCOMP_RET_ALLOW,
			     "variant %zu read-only open", i);
	}
}

/* A subreaper kills a double-forked, setsid()ed daemon that its child left
 * behind, and keeps the child's own status. */
Test(reaper, kills_a_detached_daemon_and_keeps_the_main_status)
{
	int p[2];

	cr_assert_eq(pipe(p), 0);
	pid_t boss = fork();
	cr_assert_geq(boss, 0);
	if (boss == 0) {
		if (cs_reaper_claim() < 0)
			_exit(2);
		pid_t main_pid = fork();
		if (main_pid == 0) {
			setsid();
			pid_t d = fork();
			if (d == 0) {
				pid_t self = getpid();
				if (write(p[1], &self, sizeof(self)) != sizeof(self))
					_exit(1);
				for (;;)
					pause();
			}
			_exit(7);
		}
		pid_t d;
		if (read(p[0], &d, sizeof(d)) != sizeof(d))
			_exit(3);
		int status = 0;
		bool done = false;
		cs_reaper_kill_all(main_pid, &status, &done);
		if (!done || !WIFEXITED(status) || WEXITSTATUS(status) != 7)
			_exit(4);
		_exit(kill(d, 0) < 0 && errno == ESRCH ? 0 : 5);
	}
	int status;
	cr_assert_eq(waitpid(boss, &status, 0), boss);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d", status);
	close(p[0]);
	close(p[1]);
}

/* A listener that fails is an error the caller must act on (clawrun kills
 * the tree); it is never taken for "nothing to do". */
Test(supervisor, a_broken_listener_is_an_error)
{
	struct cs_profile p;
	int fds[2];

	cr_assert_eq(cs_profile_from_caps(0, "unit", &p), 0);
	cr_assert_eq(pipe(fds), 0);
	struct cs_eventlog log = { .fd = -1 };
	struct cs_supervisor s;
	cr_assert_eq(cs_supervisor_init(&s, fds[0], getpid(), CS_MODE_ENFORCE, &p, &log, NULL), 0);
	int r = cs_supervisor_handle(&s);
	cr_expect(r < 0 && r != -EINTR && r != -ENOENT, "a pipe is no listener: %d", r);
	cs_supervisor_free(&s);
	close(fds[0]);
	close(fds[1]);
	cs_profile_free(&p);
}

Test(eventlog, bytes_that_are_not_utf8_are_repaired_and_kept_in_hex)
{
	struct cs_eventlog l = { .fd = -1 };
	struct cs_event e = { .event = "syscall_denied", .detail = "/tmp/a\xff\xc0z" };
	char *line = cs_event_format(&l, &e);
	cJSON *o = cJSON_Parse(line);

	cr_assert_not_null(o);
	cr_expect_str_eq(cJSON_GetObjectItem(o, "detail")->valuestring,
			 "/tmp/a\xef\xbf\xbd\xef\xbf\xbdz");
	cr_expect_str_eq(cJSON_GetObjectItem(o, "detail_hex")->valuestring, "2f746d702f61ffc07a");
	cJSON_Delete(o);
	free(line);

	/* A record from elsewhere: bad names are dropped, bad values repaired. */
	cJSON *in = cJSON_Parse("{\"ok\":\"\xe2\x82\xac\",\"b\xffkey\":1,\"v\":\"\xfe\"}");
	cr_assert_not_null(in);
	cs_json_make_utf8(in);
	cr_expect_null(cJSON_GetObjectItem(in, "b\xffkey"));
	cr_expect_str_eq(cJSON_GetObjectItem(in, "ok")->valuestring, "\xe2\x82\xac");
	cr_expect_str_eq(cJSON_GetObjectItem(in, "v_hex")->valuestring, "fe");
	cJSON_Delete(in);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(eventlog, identical_records_are_coalesced_and_the_run_is_capped)
{
	int p[2];
	cr_assert_eq(pipe2(p, O_NONBLOCK), 0);
	struct cs_eventlog l = { .fd = p[1], .cap = 2000 };
	struct cs_event same = { .event = "syscall_denied", .syscall = "socket", .pid = 7 };

	for (int i = 0; i < 5; i++)
		cs_eventlog_write(&l, &same);
	struct cs_event other = { .event = "syscall_denied", .syscall = "connect", .pid = 7 };
	cs_eventlog_write(&l, &other);
	char buf[8192] = "";
	ssize_t n = read(p[0], buf, sizeof(buf) - 1);
	cr_assert_gt(n, 0);
	cr_expect_eq(count_lines(buf), 3, "one, its count, the other: %s", buf);
	cr_expect(strstr(buf, "\"repeats\":4"), "%s", buf);

	for (int i = 0; i < 100; i++) {
		char d[32];
		snprintf(d, sizeof(d), "/path/%d", i);
		struct cs_event v = { .event = "syscall_denied", .detail = d, .pid = 7 };
		cs_eventlog_write(&l, &v);
	}
	cs_eventlog_close(&l);
	memset(buf, 0, sizeof(buf));
	n = read(p[0], buf, sizeof(buf) - 1);
	cr_assert_gt(n, 0);
	cr_expect_leq((size_t)n + 0, 2000 + 400, "capped: %zd bytes", n);
	cr_expect(strstr(buf, "log_truncated") && !strstr(strstr(buf, "log_truncated"), "/path/"),
		  "one log_truncated record, last: %s", buf);
	close(p[0]);
	close(p[1]);
}

/* The choice alone, for a root and a normal clawrun alike: euid is an
 * argument, so this runs the same under any user. */
/* What cs_privs_drop leaves, read back independently of how it checks: no
 * capability in any set, and as root (who holds CAP_SETPCAP) none in the
 * bounding set either, by prctl and by /proc alike. */
Test(privs, no_capability_is_left_not_even_in_the_bounding_set)
{
	bool root = geteuid() == 0;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		struct cs_diags d = { 0 };
		if (cs_privs_drop(&d) < 0)
			_exit(10);
		struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
		struct __user_cap_data_struct c[2];
		if (syscall(SYS_capget, &h, c) < 0)
			_exit(11);
		for (int i = 0; i < 2; i++)
			if (c[i].effective || c[i].permitted || c[i].inheritable)
				_exit(12);
		int left = 0;
		for (unsigned long v = 0; prctl(PR_CAPBSET_READ, v, 0, 0, 0) >= 0; v++)
			left += prctl(PR_CAPBSET_READ, v, 0, 0, 0) > 0;
		char line[256];
		unsigned long long bnd = ~0ull;
		FILE *f = fopen("/proc/self/status", "r");
		while (f && fgets(line, sizeof(line), f))
			sscanf(line, "CapBnd: %llx", &bnd);
		if (f)
			fclose(f);
		if (root && (left || bnd != 0))
			_exit(13);
		if (!root && (!left || bnd == 0))
			_exit(14); /* nothing to drop it with: unchanged */
		_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 15);
	}
	int st;
	cr_assert_eq(waitpid(pid, &st, 0), pid);
	cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %d", WEXITSTATUS(st));
}

Test(runas, who_the_tool_runs_as)
{
	struct cs_runas a;
	struct cs_diags d = { 0 };

	cr_expect_eq(cs_runas_choose(1000, NULL, false, NULL, &a, &d), 0);
	cr_expect(!a.change, "a normal user's tool runs as that user");
	cr_expect_eq(cs_runas_choose(1000, "1000", false, NULL, &a, &d), 0);
	cr_expect(!a.change);
	cr_expect_eq(cs_runas_choose(1000, "65534", false, NULL, &a, &d), -EPERM);

	cr_expect_eq(cs_runas_choose(0, NULL, false, NULL, &a, &d), 0);
	cr_expect(a.change && a.uid == 65534, "root, no workspace: nobody (%u)", (unsigned)a.uid);
	cr_expect(a.n_groups == 1 && a.groups[0] == a.gid, "nobody: its own group, no other");
	cr_expect_eq(cs_runas_choose(0, NULL, true, NULL, &a, &d), 0);
	cr_expect(!a.change, "--allow-root");

	char ws[] = "/tmp/clawshim-runas-XXXXXX";
	cr_assert_not_null(mkdtemp(ws));
	uid_t owner = geteuid();
	cr_expect_eq(cs_runas_choose(0, NULL, false, ws, &a, &d), 0);
	cr_expect(a.change && a.uid == (owner ? owner : 65534),
		  "the workspace's owner, or nobody when root owns it: %u", (unsigned)a.uid);
	rmdir(ws);

	cr_expect_eq(cs_runas_choose(0, "4242", false, NULL, &a, &d), 0);
	cr_expect(a.change && a.uid == 4242 && a.gid == 4242 && a.n_groups == 1 &&
			  a.groups[0] == 4242,
		  "a bare uid: its own number as group, no other");
	cr_expect_eq(cs_runas_choose(0, "root", false, NULL, &a, &d), -EPERM);
	cr_expect_eq(cs_runas_choose(0, "0", true, NULL, &a, &d), 0);
	cr_expect(!a.change);
	cr_expect_eq(cs_runas_choose(0, "no-such-user-xyz", true, NULL, &a, &d), -ENOENT);
	cr_expect_eq(d.n, 3, "each refusal says why");
	cs_diags_free(&d);
}

/* ---- the private temporary directory ------------------------------------------ */

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
}

Test(tmpdir, removal_never_follows_links_out_of_the_directory)
{
	char root[] = "/tmp/clawshim-tmpdir-XXXXXX";
	cr_assert_not_null(mkdtemp(root));
	struct cs_tmpdir t;
	cr_assert_eq(cs_tmpdir_create(root, false, 0, 0, &t), 0);
	struct stat st;
	cr_assert_eq(stat(t.path, &st), 0);
	cr_expect_eq(st.st_mode & 07777, 0700);
	cr_expect(strncmp(t.path, root, strlen(root)) == 0 &&
		  strstr(t.path, "/.clawshim-tmp-"), "%s", t.path);

	/* Outside: a file and a directory the links point at. */
	sh("mkdir %s/outside && touch %s/outside/precious", root, root);
	sh("ln -s %s/outside %s/link-to-dir", root, t.path);
	sh("ln -s %s/outside/precious %s/link-to-file", root, t.path);
	sh("mkdir -p %s/a/b/c && touch %s/a/b/c/f", t.path, t.path);
	sh("ln -s %s/outside %s/a/b/inner-link", root, t.path);
	sh("chmod 0 %s/a/b", t.path);
	char *path = strdup(t.path);
	cr_expect_eq(cs_tmpdir_remove(&t), 0);
	cr_expect_null(t.path);
	cr_expect_neq(access(path, F_OK), 0, "the directory is gone");
	char precious[128];
	snprintf(precious, sizeof(precious), "%s/outside/precious", root);
	cr_expect_eq(access(precious, F_OK), 0, "what the links point at is untouched");
	free(path);

	/* A directory renamed into its place is not the one made: left alone. */
	cr_assert_eq(cs_tmpdir_create(root, false, 0, 0, &t), 0);
	path = strdup(t.path);
	sh("mv %s %s/moved", t.path, root);
	sh("mkdir %s && touch %s/kept", path, path);
	cr_expect_eq(cs_tmpdir_remove(&t), -ESTALE);
	char kept[160];
	snprintf(kept, sizeof(kept), "%s/kept", path);
	cr_expect_eq(access(kept, F_OK), 0);
	free(path);

	/* Nor is a link put in its place followed. */
	cr_assert_eq(cs_tmpdir_create(root, false, 0, 0, &t), 0);
	path = strdup(t.path);
	char outside[128];
	snprintf(outside, sizeof(outside), "%s/outside", root);
	cr_assert_eq(rmdir(path), 0);
	cr_assert_eq(symlink(outside, path), 0);
	cr_expect_lt(cs_tmpdir_remove(&t), 0);
	cr_expect_eq(access(precious, F_OK), 0, "what the link points at is untouched");
	free(path);
	sh("rm -rf %s", root);
}

/* ---- {home} and {state} for clawrun ---------------------------------------------- */

Test(launch_paths, a_missing_home_comes_from_the_password_database)
{
	struct passwd *pw = getpwuid(geteuid());
	cr_assert_not_null(pw);
	unsetenv("HOME");
	char *home = cs_launch_home();
	cr_expect_str_eq(home, pw->pw_dir);
	free(home);
	setenv("HOME", "relative/home", 1);
	home = cs_launch_home();
	cr_expect_str_eq(home, pw->pw_dir, "a relative HOME is no home");
	free(home);
	unsetenv("OPENCLAW_STATE_DIR");
	char *state = cs_launch_state_dir();
	char want[PATH_MAX + 16];
	snprintf(want, sizeof(want), "%s/.openclaw", pw->pw_dir);
	cr_expect_str_eq(state, want, "never /.openclaw");
	free(state);
}

Test(launch_paths, a_relative_state_dir_is_made_absolute)
{
	char cwd[PATH_MAX], want[PATH_MAX + 16];
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	setenv("HOME", "/nonexistent-home", 1);
	setenv("OPENCLAW_STATE_DIR", "rel/state", 1);
	char *s = cs_launch_state_dir();
	snprintf(want, sizeof(want), "%s/rel/state", cwd);
	cr_expect_str_eq(s, want);
	free(s);
	setenv("OPENCLAW_STATE_DIR", "~/oc", 1);
	s = cs_launch_state_dir();
	cr_expect_str_eq(s, "/nonexistent-home/oc");
	free(s);
}

static void *wait_on_pipe(void *arg)
{
	char c;
	ssize_t r = read(*(int *)arg, &c, 1);
	(void)r;
	return NULL;
}

Test(threads, each_thread_of_the_process_is_counted)
{
	size_t before = cs_threads_count();
	pthread_t t[3];
	int p[2];

	cr_assert(before >= 1);
	cr_assert_eq(pipe(p), 0);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, wait_on_pipe, &p[0]), 0);
	cr_expect_eq(cs_threads_count(), before + 3);
	cr_assert_eq(write(p[1], "xxx", 3), 3);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	cr_expect_eq(cs_threads_count(), before);
	close(p[0]);
	close(p[1]);
}

Test(util, concat_joins_and_copy_str_says_when_it_cut)
{
	char *s = cs_concat("/home/a", "/.openclaw");
	char buf[5];

	cr_assert_str_eq(s, "/home/a/.openclaw");
	free(s);
	s = cs_concat("");
	cr_assert_str_eq(s, "");
	free(s);
	cr_expect(cs_copy_str(buf, sizeof(buf), "abcd"));
	cr_expect_str_eq(buf, "abcd");
	cr_expect(!cs_copy_str(buf, sizeof(buf), "abcde"));
	cr_expect_str_eq(buf, "abcd");
	cr_expect(cs_copy_str(buf, sizeof(buf), ""));
	cr_expect_str_eq(buf, "");
	cr_expect(!cs_copy_str(buf, 0, "a"));
}
