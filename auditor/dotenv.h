/* .env files as OpenClaw reads them: with the dotenv package (version 17),
 * whose rules are one regular expression applied across the whole file. */
#ifndef CLAWAUDIT_DOTENV_H
#define CLAWAUDIT_DOTENV_H

#include "clawshim/util.h"

#include <stddef.h>

/* Parses text[0..len) into keys and values (parallel lists, each key once,
 * in first-seen order, the last value written for it): KEY=value,
 * KEY: value, `export KEY=value`, values in '', "" or `` quotes spanning
 * lines ("\n" and "\r" expanded inside double quotes), # comments, CRLF.
 * Returns 0 or -ENOMEM. */
int oc_dotenv_parse(const char *text, size_t len, struct cs_strv *keys, struct cs_strv *values);

/* Reads a dotenv file into the environment without overriding what is set
 * (even to an empty value). A missing or unreadable file is not an error. */
void oc_dotenv_load(const char *path);

#endif
