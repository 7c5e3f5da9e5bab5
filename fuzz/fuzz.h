/*
 * What the fuzz targets share: the input as a NUL-terminated string, and a
 * failure that libFuzzer reports as a finding (with the input saved).
 */
#ifndef BOE_FUZZ_H
#define BOE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* data as a C string (cut at its first NUL, as a command line or a line of text is). Caller frees. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A property that must hold: abort (a finding) with what broke. */
#define FUZZ_ASSERT(cond, ...)                                                       \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(stderr, "fuzz: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                \
			fputc('\n', stderr);                                         \
			abort();                                                     \
		}                                                                    \
	} while (0)

#endif
