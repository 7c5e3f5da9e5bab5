/*
 * A small JSON reader for boe's own files (the practice history, the card
 * schedule, the mock sheets): what boe writes is read back, nothing more
 * (nesting is limited to 16 levels). The writer is json_string in boe/report.h.
 *
 * Core module: no printing.
 */
#ifndef BOE_JSON_H
#define BOE_JSON_H

#include <stdbool.h>
#include <stddef.h>

typedef enum JType { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } JType;

typedef struct JVal {
	JType t;
	bool b;
	double num;
	char *str;
	struct JVal *items;	/* array items or object values */
	char **keys;		/* object keys */
	size_t n;
} JVal;

/* Parses text[0..n) as exactly one JSON value (white space aside). False when it is not one; *out is then empty. Free with json_free. */
bool json_parse(const char *text, size_t n, JVal *out);
void json_free(JVal *v);
/* The member key of object o, or NULL (also when o is not an object). */
const JVal *json_get(const JVal *o, const char *key);
/* Member key as a string, or NULL when it is missing or not a string. */
const char *json_str(const JVal *o, const char *key);
/* Member key as a finite number, or def. */
double json_num(const JVal *o, const char *key, double def);
/* Member key is true. */
bool json_bool(const JVal *o, const char *key);

/*
 * Calls each(value, ctx) for every non-blank line of text that is one JSON
 * value;
 * each returns false when the value is not a record of the file. Returns the number of lines that were not read (not JSON, or
 * refused by each).
 */
size_t json_lines(const char *text, size_t n, bool (*each)(const JVal *v, void *ctx), void *ctx);

#endif
