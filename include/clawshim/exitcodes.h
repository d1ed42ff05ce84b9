/* Exit statuses of the clawshim binaries, documented in README.md. */
#ifndef CLAWSHIM_EXITCODES_H
#define CLAWSHIM_EXITCODES_H

enum cs_exit {
	CS_EXIT_OK = 0,        /* success; clawpolicy check: allowed */
	CS_EXIT_DENIED = 1,    /* clawpolicy check: denied; lint/compile: invalid input */
	CS_EXIT_USAGE = 2,     /* bad command line, unknown capability */
	CS_EXIT_SETUP = 125,   /* clawrun/libclawshim could not confine: the tool never ran */
	CS_EXIT_NOEXEC = 126,  /* clawrun: the program exists but could not be executed */
	CS_EXIT_NOTFOUND = 127 /* clawrun: the program was not found */
};

#endif
