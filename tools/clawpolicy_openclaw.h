/* clawpolicy openclaw: the two sides of an OpenClaw agent confined by
 * clawshim (see clawpolicy_openclaw.c). */
#ifndef CLAWPOLICY_OPENCLAW_H
#define CLAWPOLICY_OPENCLAW_H

/* argv[0] is "openclaw". Returns the exit status. */
int clawpolicy_openclaw(int argc, char **argv);

#endif
