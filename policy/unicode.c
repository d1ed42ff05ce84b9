/* See unicode.h. ICU is opened with dlopen, by the soname and versioned
 * symbol names of the headers it was built against: the preload library and
 * clawaudit link no ICU, and map it only when they scan a skill. The static
 * clawrun, which cannot dlopen a C++ library, is built without it
 * (CS_NO_ICU). */
#include "unicode.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unorm2.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>

#define STR_(x) #x
#define STR(x) STR_(x)
/* u_tolower is a macro for u_tolower_72: the exported name. */
#define ICU_SYMBOL(f) STR(f)
#define ICU_LIB(name) "lib" name ".so." STR(U_ICU_VERSION_MAJOR_NUM)

static struct {
	bool ok;
	__typeof__(&u_tolower) tolower;
	__typeof__(&u_charType) char_type;
	__typeof__(&u_hasBinaryProperty) has_property;
	__typeof__(&uscript_getScript) script;
	__typeof__(&u_charName) char_name;
	__typeof__(&unorm2_getNFKCInstance) nfkc_instance;
	__typeof__(&unorm2_getNFDInstance) nfd_instance;
	__typeof__(&unorm2_normalize) normalize;
	__typeof__(&uspoof_open) spoof_open;
	__typeof__(&uspoof_getSkeleton) skeleton;
	const UNormalizer2 *nfkc, *nfd;
	USpoofChecker *spoof;
} icu;

static pthread_once_t icu_once = PTHREAD_ONCE_INIT;

#ifdef CS_NO_ICU
/* The static clawrun: a static program cannot dlopen a C++ library, and
 * text beyond ASCII goes to clawshim-scan (shim/scan_helper.c). */
static bool icu_bind(void)
{
	return false;
}
#else
static bool sym(void *h, void *fp, const char *name)
{
	void *p = h ? dlsym(h, name) : NULL;
	memcpy(fp, &p, sizeof(p)); /* object pointer to function pointer, as dlsym(3) says */
	return p != NULL;
}

static bool icu_bind(void)
{
	/* Kept open for the life of the process: the checker lives in it. */
	void *uc = dlopen(ICU_LIB("icuuc"), RTLD_NOW | RTLD_LOCAL);
	void *i18n = uc ? dlopen(ICU_LIB("icui18n"), RTLD_NOW | RTLD_LOCAL) : NULL;

	return sym(uc, &icu.tolower, ICU_SYMBOL(u_tolower)) &&
	       sym(uc, &icu.char_type, ICU_SYMBOL(u_charType)) &&
	       sym(uc, &icu.has_property, ICU_SYMBOL(u_hasBinaryProperty)) &&
	       sym(uc, &icu.script, ICU_SYMBOL(uscript_getScript)) &&
	       sym(uc, &icu.char_name, ICU_SYMBOL(u_charName)) &&
	       sym(uc, &icu.nfkc_instance, ICU_SYMBOL(unorm2_getNFKCInstance)) &&
	       sym(uc, &icu.nfd_instance, ICU_SYMBOL(unorm2_getNFDInstance)) &&
	       sym(uc, &icu.normalize, ICU_SYMBOL(unorm2_normalize)) &&
	       sym(i18n, &icu.spoof_open, ICU_SYMBOL(uspoof_open)) &&
	       sym(i18n, &icu.skeleton, ICU_SYMBOL(uspoof_getSkeleton));
}
#endif

static void icu_load(void)
{
	UErrorCode e = U_ZERO_ERROR;

	if (!icu_bind())
		return;
	icu.nfkc = icu.nfkc_instance(&e);
	icu.nfd = U_SUCCESS(e) ? icu.nfd_instance(&e) : NULL;
	icu.spoof = U_SUCCESS(e) ? icu.spoof_open(&e) : NULL;
	icu.ok = U_SUCCESS(e) && icu.nfkc && icu.nfd && icu.spoof;
}

bool cs_uni_have_icu(void)
{
	pthread_once(&icu_once, icu_load);
	return icu.ok;
}

/* ---- built-in tables, when ICU is not there ------------------------------------ */

struct fold {
	uint32_t cp;
	char ascii;
};

/* Cyrillic and Greek letters that look like Latin ones, and a few Latin
 * variants. Sorted by code point. */
static const struct fold homoglyphs[] = {
	{ 0x0131, 'i' }, { 0x0251, 'a' }, { 0x0261, 'g' }, { 0x0391, 'a' }, { 0x0392, 'b' },
	{ 0x0395, 'e' }, { 0x0396, 'z' }, { 0x0397, 'h' }, { 0x0399, 'i' }, { 0x039A, 'k' },
	{ 0x039C, 'm' }, { 0x039D, 'n' }, { 0x039F, 'o' }, { 0x03A1, 'p' }, { 0x03A4, 't' },
	{ 0x03A5, 'y' }, { 0x03A7, 'x' }, { 0x03B1, 'a' }, { 0x03B5, 'e' }, { 0x03B9, 'i' },
	{ 0x03BA, 'k' }, { 0x03BD, 'v' }, { 0x03BF, 'o' }, { 0x03C1, 'p' }, { 0x03C4, 't' },
	{ 0x03C5, 'u' }, { 0x03C7, 'x' }, { 0x0405, 's' }, { 0x0406, 'i' }, { 0x0408, 'j' },
	{ 0x0410, 'a' }, { 0x0412, 'b' }, { 0x0415, 'e' }, { 0x041A, 'k' }, { 0x041C, 'm' },
	{ 0x041D, 'h' }, { 0x041E, 'o' }, { 0x0420, 'p' }, { 0x0421, 'c' }, { 0x0422, 't' },
	{ 0x0423, 'y' }, { 0x0425, 'x' }, { 0x0430, 'a' }, { 0x0435, 'e' }, { 0x043E, 'o' },
	{ 0x0440, 'p' }, { 0x0441, 'c' }, { 0x0443, 'y' }, { 0x0445, 'x' }, { 0x0455, 's' },
	{ 0x0456, 'i' }, { 0x0458, 'j' }, { 0x04BB, 'h' }, { 0x04CF, 'l' }, { 0x0501, 'd' },
	{ 0x051B, 'q' }, { 0x051D, 'w' },
};

static char homoglyph_ascii(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(homoglyphs) / sizeof(homoglyphs[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < homoglyphs[mid].cp)
			hi = mid;
		else if (cp > homoglyphs[mid].cp)
			lo = mid + 1;
		else
			return homoglyphs[mid].ascii;
	}
	return 0;
}

/* Styled Latin letters and digits: fullwidth, mathematical alphanumerics,
 * circled and squared letters. Returns the lowercase ASCII, or 0. */
static char styled_ascii(uint32_t cp)
{
	static const uint32_t letter_runs[] = { 0x24B6, 0x24D0, 0x1F130, 0x1F150, 0x1F170 };

	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (char)('0' + (cp - 0xFF10));
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		return (char)('a' + (cp - 0xFF21));
	if (cp >= 0xFF41 && cp <= 0xFF5A)
		return (char)('a' + (cp - 0xFF41));
	/* thirteen styles of 52 letters: bold, italic, script, fraktur, ... */
	if (cp >= 0x1D400 && cp <= 0x1D6A3)
		return (char)('a' + (cp - 0x1D400) % 52 % 26);
	if (cp >= 0x1D7CE && cp <= 0x1D7FF)
		return (char)('0' + (cp - 0x1D7CE) % 10);
	for (size_t i = 0; i < sizeof(letter_runs) / sizeof(letter_runs[0]); i++)
		if (cp >= letter_runs[i] && cp < letter_runs[i] + 26)
			return (char)('a' + (cp - letter_runs[i]));
	return 0;
}

static enum cs_uni_letter classify_builtin(uint32_t cp, char out[CS_UNI_FOLD_MAX + 1])
{
	char a = styled_ascii(cp);

	if (cp >= 0xFF01 && cp <= 0xFF5E && !a) { /* fullwidth punctuation */
		out[0] = (char)(cp - 0xFEE0);
		out[1] = '\0';
		return CS_UNI_NOT_LETTER;
	}

	if (!a)
		a = homoglyph_ascii(cp);
	if (a) {
		out[0] = a;
		out[1] = '\0';
		return CS_UNI_LOOKALIKE;
	}
	if (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && cp < 0x2000 && !cs_uni_is_mark(cp))
		return CS_UNI_OTHER;
	return CS_UNI_NOT_LETTER;
}

/* ---- with ICU ----------------------------------------------------------------------- */

/* Runs one normalizer or the skeleton over the UTF-16 in s; returns the
 * length of the result in d, or -1. */
static int32_t transform(int which, const UChar *s, int32_t n, UChar *d, int32_t cap)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t len = which == 2   ? icu.skeleton(icu.spoof, 0, s, n, d, cap, &e)
		      : which == 1 ? icu.normalize(icu.nfkc, s, n, d, cap, &e)
				   : icu.normalize(icu.nfd, s, n, d, cap, &e);
	return U_SUCCESS(e) ? len : -1;
}

/* The ASCII letters and digits of d, marks skipped; false when anything else
 * is there or the result is longer than CS_UNI_FOLD_MAX. */
static bool ascii_of(const UChar *d, int32_t n, char out[CS_UNI_FOLD_MAX + 1])
{
	size_t at = 0;

	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(d, i, n, c);
		if (cs_uni_is_mark((uint32_t)c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) || at == CS_UNI_FOLD_MAX)
			return false;
		out[at++] = (char)c;
	}
	out[at] = '\0';
	/* One character whose skeleton is "rn" looks like an m; "vv" a w. */
	if (!strcmp(out, "rn") || !strcmp(out, "vv")) {
		out[0] = out[0] == 'r' ? 'm' : 'w';
		out[1] = '\0';
	}
	return at > 0;
}

static bool is_letterlike(int8_t t)
{
	return (t >= U_UPPERCASE_LETTER && t <= U_OTHER_LETTER) || t == U_DECIMAL_DIGIT_NUMBER ||
	       t == U_LETTER_NUMBER || t == U_OTHER_NUMBER || t == U_OTHER_SYMBOL;
}

/* "⁵", "②": read as digits, but nobody spells a word with them. */
static bool digits_only(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* A letter of the Latin script used in ordinary writing ("ł", "ø", "ı"):
 * read as its ASCII base, but not a look-alike. Small capitals and IPA
 * letters are Latin too, and only ever used to imitate. */
static bool latin_letter(uint32_t cp)
{
	UErrorCode e = U_ZERO_ERROR;
	if ((cp >= 0x0250 && cp <= 0x02AF) || (cp >= 0x1D00 && cp <= 0x1DBF) ||
	    (cp >= 0xA720 && cp <= 0xA7FF))
		return false;
	return icu.script((UChar32)cp, &e) == USCRIPT_LATIN && U_SUCCESS(e);
}

/* Punctuation that reads as ASCII punctuation ("＜", "〈", "∕"): its NFKC
 * form, else its skeleton, when that is one printable ASCII character. */
static enum cs_uni_letter punct_icu(uint32_t cp, char out[CS_UNI_FOLD_MAX + 1])
{
	UChar s[4], d[32];
	int32_t n = 0, len;
	UBool err = 0;

	U16_APPEND((UChar *)s, n, 4, (UChar32)cp, err);
	if (err || cs_uni_is_mark(cp))
		return CS_UNI_NOT_LETTER;
	len = transform(1, s, n, d, 32);
	if (len != 1 || d[0] >= 0x80)
		len = transform(2, s, n, d, 32);
	if (len == 1 && d[0] > ' ' && d[0] < 0x7F && !((d[0] >= 'a' && d[0] <= 'z') ||
	     (d[0] >= 'A' && d[0] <= 'Z') || (d[0] >= '0' && d[0] <= '9'))) {
		out[0] = (char)d[0];
		out[1] = '\0';
	}
	return CS_UNI_NOT_LETTER;
}

/* Small capitals ("ᴀ", "ʀ", "ɴ") look like capital letters, and UTS #39
 * maps most of them to nothing in ASCII: their Unicode names say which
 * letter they are ("LATIN LETTER SMALL CAPITAL R"). */
static bool small_capital(uint32_t cp, char out[CS_UNI_FOLD_MAX + 1])
{
	static const char prefix[] = "LATIN LETTER SMALL CAPITAL ";
	char name[96];
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = icu.char_name((UChar32)cp, U_UNICODE_CHAR_NAME, name, sizeof(name), &e);

	if (U_FAILURE(e) || n != (int32_t)sizeof(prefix) || strncmp(name, prefix, n - 1) != 0 ||
	    name[n - 1] < 'A' || name[n - 1] > 'Z')
		return false;
	out[0] = (char)(name[n - 1] + ('a' - 'A'));
	out[1] = '\0';
	return true;
}

/* What a character that reads as the ASCII in out is: a number that reads
 * as digits ("⁵") is no trick, a letter that does ("б" as 6) is no digit;
 * compatibility ligatures ("ﬁ") and ordinary Latin letters ("ł") are honest
 * spelling; the rest imitates. */
static enum cs_uni_letter reading(uint32_t cp, int8_t t, char out[CS_UNI_FOLD_MAX + 1],
				  bool compat)
{
	bool number = t == U_DECIMAL_DIGIT_NUMBER || t == U_LETTER_NUMBER || t == U_OTHER_NUMBER;

	if (digits_only(out)) {
		if (number)
			return CS_UNI_ACCENTED;
		out[0] = '\0';
		return CS_UNI_OTHER;
	}
	if ((compat && cp >= 0xFB00 && cp <= 0xFB06) || (!compat && latin_letter(cp)))
		return CS_UNI_ACCENTED;
	return CS_UNI_LOOKALIKE;
}

static enum cs_uni_letter classify_icu(uint32_t cp, char out[CS_UNI_FOLD_MAX + 1])
{
	int8_t t = icu.char_type((UChar32)cp);
	UChar s[4], d[32];
	int32_t n = 0, len;
	UBool err = 0;

	if (!is_letterlike(t))
		return punct_icu(cp, out);
	U16_APPEND((UChar *)s, n, 4, (UChar32)icu.tolower((UChar32)cp), err);
	if (err)
		return CS_UNI_NOT_LETTER;
	/* an accented Latin letter: the letter and its marks */
	len = transform(0, s, n, d, 32);
	if (len > 1 && d[0] < 0x80 && ascii_of(d, len, out) && out[1] == '\0')
		return CS_UNI_ACCENTED;
	/* a compatibility form (fullwidth, mathematical, ligature), then a
	 * look-alike of any script by its confusable skeleton */
	len = transform(1, s, n, d, 32);
	if (len > 0 && ascii_of(d, len, out))
		return reading(cp, t, out, true);
	if (len > 0 && len <= 4)
		len = transform(2, d, len, d + 8, 24);
	if (len > 0 && ascii_of(d + 8, len, out))
		return reading(cp, t, out, false);
	if (small_capital(cp, out))
		return CS_UNI_LOOKALIKE;
	return t == U_OTHER_SYMBOL ? CS_UNI_NOT_LETTER : CS_UNI_OTHER;
}

/* Per BMP code point, computed once: class + 1 in the low byte, the ASCII
 * reading in the next four. Relaxed atomics: racing writers store the same
 * value. */
static _Atomic uint64_t bmp_cache[0x10000];

enum cs_uni_letter cs_uni_classify(uint32_t cp, char out[CS_UNI_FOLD_MAX + 1])
{
	out[0] = '\0';
	if (cp < 0x80) {
		bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			     (cp >= '0' && cp <= '9');
		return alnum ? CS_UNI_ASCII : CS_UNI_NOT_LETTER;
	}
	if (!cs_uni_have_icu())
		return classify_builtin(cp, out);
	if (cp >= 0x10000) {
		enum cs_uni_letter k = classify_icu(cp, out);
		return k;
	}
	uint64_t v = atomic_load_explicit(&bmp_cache[cp], memory_order_relaxed);
	if (!v) {
		enum cs_uni_letter k = classify_icu(cp, out);
		v = (uint64_t)k + 1;
		for (size_t i = 0; i < CS_UNI_FOLD_MAX && out[i]; i++)
			v |= (uint64_t)(unsigned char)out[i] << (8 * (i + 1));
		atomic_store_explicit(&bmp_cache[cp], v, memory_order_relaxed);
		return k;
	}
	for (size_t i = 0; i < CS_UNI_FOLD_MAX; i++)
		out[i] = (char)(v >> (8 * (i + 1)));
	out[CS_UNI_FOLD_MAX] = '\0';
	return (enum cs_uni_letter)((v & 0xff) - 1);
}

bool cs_uni_is_mark(uint32_t cp)
{
	if (cp < 0x300)
		return false;
	if (cs_uni_have_icu()) {
		int8_t t = icu.char_type((UChar32)cp);
		return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
	}
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F);
}

bool cs_uni_is_emoji(uint32_t cp)
{
	if (cs_uni_have_icu())
		return icu.has_property((UChar32)cp, UCHAR_EMOJI) ||
		       icu.has_property((UChar32)cp, UCHAR_EXTENDED_PICTOGRAPHIC);
	return cp >= 0x1F000 || (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x2100 && cp <= 0x214F) ||
	       cp == 0x00A9 || cp == 0x00AE || cp == 0x203C || cp == 0x2049 || cp == 0x3030 ||
	       cp == 0x303D || cp == 0x3297 || cp == 0x3299 || (cp >= '0' && cp <= '9') ||
	       cp == '#' || cp == '*';
}

uint32_t cs_uni_tolower(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
	if (cs_uni_have_icu())
		return (uint32_t)icu.tolower((UChar32)cp);
	if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3AB) ||
	    (cp >= 0x410 && cp <= 0x42F))
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 0x50;
	return cp;
}
