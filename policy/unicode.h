/* Unicode character properties the skill scanner reads text by: how a letter
 * reads in ASCII (NFKC, then the UTS #39 confusable skeleton), emoji, marks,
 * case. From ICU, loaded when first needed so that only the programs that
 * scan skills ever map it; built-in tables for the common cases when ICU
 * cannot be loaded. */
#ifndef CLAWSHIM_UNICODE_H
#define CLAWSHIM_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest ASCII reading of one code point ("ﬃ" reads "ffi"). */
#define CS_UNI_FOLD_MAX 4

/* What a letter is to a reader of Latin text. */
enum cs_uni_letter {
	CS_UNI_NOT_LETTER, /* punctuation, space, symbol, CJK punctuation */
	CS_UNI_ASCII,      /* a-z, A-Z, 0-9 */
	CS_UNI_ACCENTED,   /* a Latin letter with diacritics: "é" is e + U+0301 */
	CS_UNI_LOOKALIKE,  /* not ASCII and not accented, yet reads as ASCII: Cyrillic "а",
			    * fullwidth "ａ", Cherokee "Ꭺ", small capital "ᴀ" */
	CS_UNI_OTHER,      /* a letter of another script that reads as itself */
};

/* Classifies cp and, for ACCENTED and LOOKALIKE, writes its lowercase ASCII
 * reading to out (NUL-terminated); for punctuation that reads as ASCII
 * punctuation ("＜", "〈"), that character; otherwise out is "". */
enum cs_uni_letter cs_uni_classify(uint32_t cp, char out[CS_UNI_FOLD_MAX + 1]);

/* A combining mark (general category Mn, Me or Mc): drawn on the letter
 * before it. */
bool cs_uni_is_mark(uint32_t cp);

/* Has the Unicode Emoji property (so U+FE0F after it asks for its emoji
 * form); includes 0-9, # and * (keycap bases). */
bool cs_uni_is_emoji(uint32_t cp);

/* Simple lowercase mapping. */
uint32_t cs_uni_tolower(uint32_t cp);

/* Whether ICU was loaded (otherwise the built-in tables answer). */
bool cs_uni_have_icu(void);

#endif
