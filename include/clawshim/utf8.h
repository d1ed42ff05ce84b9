/* UTF-8, strictly: overlong forms, surrogates and code points above U+10FFFF
 * are malformed, so no character can hide as another. */
#ifndef CLAWSHIM_UTF8_H
#define CLAWSHIM_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one sequence at s[0..n) (n >= 1); sets *used (>= 1). Malformed or
 * truncated input decodes as U+FFFD with *used == 1, which a well-formed
 * U+FFFD (three bytes) never has. */
uint32_t cs_utf8_decode(const unsigned char *s, size_t n, size_t *used);

/* Encodes cp (at most U+10FFFF) into out; returns the byte count (1-4). */
size_t cs_utf8_encode(uint32_t cp, char out[4]);

#endif
