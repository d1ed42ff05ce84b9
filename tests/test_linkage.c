/* What the built clawrun and libclawshim.so bring into a process: read from
 * their ELF dynamic sections. The preload library goes into every confined
 * program, so it must need libc alone and export only the functions it
 * wraps (a cJSON or libseccomp symbol of its own could take the place of
 * the program's); clawrun is a static PIE so that a launch pays no dynamic
 * loading at all. */
#include <criterion/criterion.h>
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CLAWRUN CS_BUILDDIR "/bin/clawrun"
#define SHIM	CS_BUILDDIR "/lib/libclawshim.so"

struct elf {
	const unsigned char *base;
	size_t size;
	const Elf64_Shdr *sh;
	size_t n_sh;
};

static void elf_open(const char *path, struct elf *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	cr_assert_geq(fd, 0, "%s: not built", path);
	cr_assert_eq(fstat(fd, &st), 0);
	e->size = (size_t)st.st_size;
	e->base = mmap(NULL, e->size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	cr_assert_neq(e->base, MAP_FAILED);
	const Elf64_Ehdr *h = (const Elf64_Ehdr *)e->base;
	cr_assert_eq(memcmp(h->e_ident, ELFMAG, SELFMAG), 0, "%s: not ELF", path);
	cr_assert_eq(h->e_ident[EI_CLASS], ELFCLASS64);
	cr_assert_leq(h->e_shoff + (size_t)h->e_shnum * sizeof(Elf64_Shdr), e->size);
	e->sh = (const Elf64_Shdr *)(e->base + h->e_shoff);
	e->n_sh = h->e_shnum;
}

static const Elf64_Shdr *section_of_type(const struct elf *e, uint32_t type)
{
	for (size_t i = 0; i < e->n_sh; i++)
		if (e->sh[i].sh_type == type)
			return &e->sh[i];
	return NULL;
}

static const char *str_at(const struct elf *e, const Elf64_Shdr *strtab, size_t off)
{
	cr_assert_lt(off, strtab->sh_size);
	return (const char *)e->base + strtab->sh_offset + off;
}

/* DT_NEEDED entries, joined by spaces. */
static void needed(const struct elf *e, char *out, size_t n)
{
	const Elf64_Shdr *dyn = section_of_type(e, SHT_DYNAMIC);

	cr_assert_not_null(dyn, "no dynamic section");
	const Elf64_Shdr *strtab = &e->sh[dyn->sh_link];
	const Elf64_Dyn *d = (const Elf64_Dyn *)(e->base + dyn->sh_offset);
	out[0] = '\0';
	for (size_t i = 0; i < dyn->sh_size / sizeof(*d) && d[i].d_tag != DT_NULL; i++)
		if (d[i].d_tag == DT_NEEDED) {
			size_t used = strlen(out);
			snprintf(out + used, n - used, "%s%s", used ? " " : "",
				 str_at(e, strtab, d[i].d_un.d_val));
		}
}

/* The preload library (in every confined program) loads nothing but libc;
 * clawrun (on every launch) nothing at all: its dynamic section, there for
 * its own relocation, names no library. */
Test(linkage, the_preload_library_needs_libc_alone_and_clawrun_nothing)
{
	static const struct {
		const char *file, *needs;
	} files[] = { { SHIM, "libc.so.6" }, { CLAWRUN, "" } };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct elf e;
		char libs[512];

		elf_open(files[i].file, &e);
		needed(&e, libs, sizeof(libs));
		cr_expect_str_eq(libs, files[i].needs, "%s needs: %s", files[i].file, libs);
		munmap((void *)e.base, e.size);
	}
}

/* The wrapped libc functions and la_version (the LD_AUDIT entry point):
 * every symbol the library defines for others, and nothing else. */
Test(linkage, the_preload_library_exports_only_what_it_wraps)
{
	static const char *const want[] = {
	    "execl",   "execle", "execlp",     "execv",	      "execve",	      "execvp", "execvpe",
	    "fexecve", "fork",	 "la_version", "posix_spawn", "posix_spawnp", "socket",
	};
	bool seen[sizeof(want) / sizeof(want[0])] = {0};
	struct elf e;

	elf_open(SHIM, &e);
	const Elf64_Shdr *dynsym = section_of_type(&e, SHT_DYNSYM);
	cr_assert_not_null(dynsym);
	const Elf64_Shdr *strtab = &e.sh[dynsym->sh_link];
	const Elf64_Sym *sym = (const Elf64_Sym *)(e.base + dynsym->sh_offset);
	size_t n = dynsym->sh_size / sizeof(*sym), defined = 0;
	for (size_t i = 1; i < n; i++) {
		unsigned bind = ELF64_ST_BIND(sym[i].st_info);
		if (sym[i].st_shndx == SHN_UNDEF || bind == STB_LOCAL)
			continue;
		const char *name = str_at(&e, strtab, sym[i].st_name);
		bool known = false;
		for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
			if (strcmp(name, want[k]) == 0)
				known = seen[k] = true;
		cr_expect(known, "libclawshim.so exports %s", name);
		defined++;
	}
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		cr_expect(seen[k], "libclawshim.so does not export %s", want[k]);
	cr_expect_eq(defined, sizeof(want) / sizeof(want[0]));
	munmap((void *)e.base, e.size);
}
