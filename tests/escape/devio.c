/* ioctls on descriptors opened read-only: devices whose drivers act on the
 * host (loop-control, loop devices, userfaultfd, KVM), inode flags of a
 * file (chattr), and the controls: a terminal's ioctls and writes to the
 * devices every tool may write to. Target: a device path or a file. */
#include "attack.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <termios.h>

#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#define KVM_GET_API_VERSION _IO(0xAE, 0x00)

static int open_ro(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		attack_setup_failed(path);
	return fd;
}

static void loop_ctl_get_free(const char *t)
{
	attack_result(ioctl(open_ro(t ? t : "/dev/loop-control"), LOOP_CTL_GET_FREE));
}
static void loop_get_status(const char *t)
{
	struct loop_info64 info;
	attack_result(ioctl(open_ro(t ? t : "/dev/loop0"), LOOP_GET_STATUS64, &info));
}
static void uffd_new(const char *t)
{
	attack_result(ioctl(open_ro(t ? t : "/dev/userfaultfd"), USERFAULTFD_IOC_NEW, O_CLOEXEC));
}
static void kvm_version(const char *t)
{
	attack_result(ioctl(open_ro(t ? t : "/dev/kvm"), KVM_GET_API_VERSION, 0));
}
/* Target: a file; its flags are written back unchanged, so only the
 * permission to change them is tested. */
static void chattr(const char *t)
{
	int fd = open_ro(t);
	long flags = 0;

	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0)
		flags = 0;
	attack_result(ioctl(fd, FS_IOC_SETFLAGS, &flags));
}
static void fsxattr_set(const char *t)
{
	struct fsxattr fa = { 0 };
	int fd = open_ro(t);

	if (ioctl(fd, FS_IOC_FSGETXATTR, &fa) < 0)
		memset(&fa, 0, sizeof(fa));
	attack_result(ioctl(fd, FS_IOC_FSSETXATTR, &fa));
}
/* A new pseudo-terminal: its device ioctls must work under any policy. */
static void pty(const char *t)
{
	unsigned n;
	int fd = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	(void)t;
	if (fd < 0)
		attack_result(fd);
	attack_result(ioctl(fd, TIOCGPTN, &n));
}
/* Redirections of every shell: open for writing with O_TRUNC, then write. */
static void write_dev(const char *t)
{
	int fd = open(t ? t : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		attack_result(fd);
	attack_result(write(fd, "x", 1) == 1 || errno == ENOSPC ? 0 : -1);
}

static const struct variant variants[] = {
	{ "loop-control", loop_ctl_get_free },
	{ "loop-status", loop_get_status },
	{ "userfaultfd", uffd_new },
	{ "kvm", kvm_version },
	{ "chattr", chattr },
	{ "fsxattr", fsxattr_set },
	{ "pty", pty },
	{ "write-dev", write_dev },
};
ATTACK_MAIN(variants)
