/* Every way to change the file system, aimed at TARGET, a directory the test
 * prepares with a file "victim" and an empty directory "victimdir". */
#include "attack.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <utime.h>

static char g_path[4096], g_path2[4096];

static const char *in(const char *dir, const char *name)
{
	snprintf(g_path, sizeof(g_path), "%s/%s", dir ? dir : ".", name);
	return g_path;
}
static const char *in2(const char *dir, const char *name)
{
	snprintf(g_path2, sizeof(g_path2), "%s/%s", dir ? dir : ".", name);
	return g_path2;
}
static int dirfd_of(const char *dir)
{
	int fd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		attack_setup_failed("open the target directory");
	return fd;
}

static void open_wronly(const char *d) { attack_result(open(in(d, "victim"), O_WRONLY)); }
static void open_rdwr(const char *d) { attack_result(open(in(d, "victim"), O_RDWR)); }
static void open_creat(const char *d) { attack_result(open(in(d, "new"), O_WRONLY | O_CREAT, 0600)); }
static void open_trunc(const char *d) { attack_result(open(in(d, "victim"), O_RDONLY | O_TRUNC)); }
/* Truncation without write access: Landlock judges writing only on opens
 * for writing, and access mode 3 (O_ACCMODE) opens for neither. */
static void openat_trunc(const char *d)
{
	attack_result(openat(dirfd_of(d), "victim", O_RDONLY | O_TRUNC));
}
static void open_legacy_trunc(const char *d)
{
	attack_result(syscall(SYS_open, in(d, "victim"), O_RDONLY | O_TRUNC, 0));
}
static void open_accmode_trunc(const char *d)
{
	attack_result(syscall(SYS_openat, AT_FDCWD, in(d, "victim"), O_ACCMODE | O_TRUNC, 0));
}
/* A file handle reopened with O_TRUNC (open_by_handle_at is refused for
 * everyone, whatever the flags). */
static void open_by_handle_trunc(const char *d)
{
	struct {
		struct file_handle fh;
		unsigned char room[MAX_HANDLE_SZ];
	} h;
	int mount_id;

	h.fh.handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, in(d, "victim"), &h.fh, &mount_id, 0) < 0)
		attack_setup_failed("name_to_handle_at");
	attack_result(open_by_handle_at(dirfd_of(d), &h.fh, O_RDONLY | O_TRUNC));
}
/* Truncation the write roots judge: a write open with O_TRUNC, creat of an
 * existing file, ftruncate of a descriptor opened for writing. */
static void open_wronly_trunc(const char *d)
{
	attack_result(open(in(d, "victim"), O_WRONLY | O_TRUNC));
}
static void creat_victim(const char *d) { attack_result(creat(in(d, "victim"), 0600)); }
static void open_write_ftruncate(const char *d)
{
	int fd = open(in(d, "victim"), O_WRONLY);
	if (fd < 0)
		attack_result(fd);
	attack_result(ftruncate(fd, 0));
}
static void open_append(const char *d) { attack_result(open(in(d, "victim"), O_WRONLY | O_APPEND)); }
static void open_tmpfile(const char *d) { attack_result(open(d, O_TMPFILE | O_WRONLY, 0600)); }
static void open_high32(const char *d)
{
	attack_result(syscall(SYS_open, in(d, "victim"), (1UL << 32) | O_WRONLY, 0));
}
static void openat_wronly(const char *d)
{
	attack_result(openat(dirfd_of(d), "victim", O_WRONLY));
}
static void do_openat2(const char *d)
{
	struct open_how how = { .flags = O_WRONLY };
	attack_result(syscall(SYS_openat2, dirfd_of(d), "victim", &how, sizeof(how)));
}
static void proc_self_mem(const char *d)
{
	(void)d;
	attack_result(open("/proc/self/mem", O_RDWR));
}
static void do_creat(const char *d) { attack_result(creat(in(d, "new"), 0600)); }
static void do_unlink(const char *d) { attack_result(unlink(in(d, "victim"))); }
static void do_unlinkat(const char *d) { attack_result(unlinkat(dirfd_of(d), "victim", 0)); }
static void do_rmdir(const char *d) { attack_result(rmdir(in(d, "victimdir"))); }
static void do_rename(const char *d) { attack_result(rename(in(d, "victim"), in2(d, "new"))); }
static void do_renameat(const char *d)
{
	int fd = dirfd_of(d);
	attack_result(renameat(fd, "victim", fd, "new"));
}
static void do_renameat2(const char *d)
{
	int fd = dirfd_of(d);
	attack_result(syscall(SYS_renameat2, fd, "victim", fd, "new", 0));
}
static void do_mkdir(const char *d) { attack_result(mkdir(in(d, "new"), 0700)); }
static void do_mkdirat(const char *d) { attack_result(mkdirat(dirfd_of(d), "new", 0700)); }
static void do_link(const char *d) { attack_result(link(in(d, "victim"), in2(d, "new"))); }
static void do_linkat(const char *d)
{
	int fd = dirfd_of(d);
	attack_result(linkat(fd, "victim", fd, "new", 0));
}
static void do_symlink(const char *d) { attack_result(symlink("/etc/passwd", in(d, "new"))); }
static void do_symlinkat(const char *d)
{
	attack_result(symlinkat("/etc/passwd", dirfd_of(d), "new"));
}
static void do_truncate(const char *d) { attack_result(truncate(in(d, "victim"), 0)); }
static void do_ftruncate(const char *d)
{
	/* Writable when the policy allows, so that only the filter can refuse. */
	int fd = open(in(d, "victim"), O_RDWR);
	if (fd < 0)
		fd = open(in(d, "victim"), O_RDONLY);
	if (fd < 0)
		attack_setup_failed("open");
	attack_result(ftruncate(fd, 0));
}
static void do_chmod(const char *d) { attack_result(chmod(in(d, "victim"), 0777)); }
static void do_fchmod(const char *d)
{
	int fd = open(in(d, "victim"), O_RDONLY);
	if (fd < 0)
		attack_setup_failed("open");
	attack_result(fchmod(fd, 0777));
}
static void do_fchmodat(const char *d) { attack_result(fchmodat(dirfd_of(d), "victim", 0777, 0)); }
static void do_chown(const char *d) { attack_result(chown(in(d, "victim"), getuid(), getgid())); }
static void do_lchown(const char *d) { attack_result(lchown(in(d, "victim"), getuid(), getgid())); }
static void do_fchown(const char *d)
{
	int fd = open(in(d, "victim"), O_RDONLY);
	if (fd < 0)
		attack_setup_failed("open");
	attack_result(fchown(fd, getuid(), getgid()));
}
static void do_fchownat(const char *d)
{
	attack_result(fchownat(dirfd_of(d), "victim", getuid(), getgid(), 0));
}
static void do_utime(const char *d) { attack_result(utime(in(d, "victim"), NULL)); }
static void do_utimes(const char *d) { attack_result(utimes(in(d, "victim"), NULL)); }
static void do_utimensat(const char *d)
{
	attack_result(utimensat(dirfd_of(d), "victim", NULL, 0));
}
static void do_futimesat(const char *d)
{
	attack_result(syscall(SYS_futimesat, dirfd_of(d), "victim", NULL));
}
static void do_mknod(const char *d) { attack_result(mknod(in(d, "new"), S_IFIFO | 0600, 0)); }
static void do_mknodat(const char *d)
{
	attack_result(mknodat(dirfd_of(d), "new", S_IFIFO | 0600, 0));
}
static void do_setxattr(const char *d)
{
	attack_result(setxattr(in(d, "victim"), "user.x", "1", 1, 0));
}
static void do_lsetxattr(const char *d)
{
	attack_result(lsetxattr(in(d, "victim"), "user.x", "1", 1, 0));
}
static void do_fsetxattr(const char *d)
{
	int fd = open(in(d, "victim"), O_RDONLY);
	if (fd < 0)
		attack_setup_failed("open");
	attack_result(fsetxattr(fd, "user.x", "1", 1, 0));
}
static void do_removexattr(const char *d) { attack_result(removexattr(in(d, "victim"), "user.x")); }
static void do_lremovexattr(const char *d)
{
	attack_result(lremovexattr(in(d, "victim"), "user.x"));
}
static void do_fremovexattr(const char *d)
{
	int fd = open(in(d, "victim"), O_RDONLY);
	if (fd < 0)
		attack_setup_failed("open");
	attack_result(fremovexattr(fd, "user.x"));
}
/* The grant side: a plain new file written in TARGET. */
static void write_new(const char *d)
{
	int fd = open(in(d, "written"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		attack_result(fd);
	attack_result(write(fd, "data\n", 5) == 5 ? 0 : -1);
}

static const struct variant variants[] = {
	{ "open-wronly", open_wronly },   { "open-rdwr", open_rdwr },
	{ "open-creat", open_creat },     { "open-trunc", open_trunc },
	{ "open-append", open_append },   { "open-tmpfile", open_tmpfile },
	{ "open-high32", open_high32 },   { "openat-wronly", openat_wronly },
	{ "openat2", do_openat2 },        { "proc-self-mem", proc_self_mem },
	{ "creat", do_creat },            { "unlink", do_unlink },
	{ "unlinkat", do_unlinkat },      { "rmdir", do_rmdir },
	{ "rename", do_rename },          { "renameat", do_renameat },
	{ "renameat2", do_renameat2 },    { "mkdir", do_mkdir },
	{ "mkdirat", do_mkdirat },        { "link", do_link },
	{ "linkat", do_linkat },          { "symlink", do_symlink },
	{ "symlinkat", do_symlinkat },    { "truncate", do_truncate },
	{ "ftruncate", do_ftruncate },    { "chmod", do_chmod },
	{ "fchmod", do_fchmod },          { "fchmodat", do_fchmodat },
	{ "chown", do_chown },            { "lchown", do_lchown },
	{ "fchown", do_fchown },          { "fchownat", do_fchownat },
	{ "utime", do_utime },            { "utimes", do_utimes },
	{ "utimensat", do_utimensat },    { "futimesat", do_futimesat },
	{ "mknod", do_mknod },            { "mknodat", do_mknodat },
	{ "setxattr", do_setxattr },      { "lsetxattr", do_lsetxattr },
	{ "fsetxattr", do_fsetxattr },    { "removexattr", do_removexattr },
	{ "lremovexattr", do_lremovexattr }, { "fremovexattr", do_fremovexattr },
	{ "write-new", write_new },
	{ "openat-trunc", openat_trunc }, { "open-legacy-trunc", open_legacy_trunc },
	{ "open-accmode-trunc", open_accmode_trunc }, { "open-wronly-trunc", open_wronly_trunc },
	{ "creat-victim", creat_victim }, { "open-write-ftruncate", open_write_ftruncate },
	{ "open-by-handle-trunc", open_by_handle_trunc },
};
ATTACK_MAIN(variants)
