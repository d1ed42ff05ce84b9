/* The one thing clawshim needs from an ELF file: its program interpreter. */
#ifndef CLAWSHIM_ELF_H
#define CLAWSHIM_ELF_H

/* The PT_INTERP path of a 64-bit ELF executable. Returns 0 and a string the
 * caller frees, -ENOENT when the file has none (static, or not ELF: a
 * script), or another negative errno when it cannot be read. */
int cs_elf_interp(const char *path, char **interp);

#endif
