/* Shared between the parser and the program: function identities. */
#ifndef BOE_EXPR_IMPL_H
#define BOE_EXPR_IMPL_H

enum {
	FN_CEIL, FN_FLOOR, FN_ROUND, FN_ABS, FN_MIN, FN_MAX, FN_SQRT, FN_LN, FN_LOG10, FN_LOG2,
	FN_EXP, FN_POW2CEIL, FN_NINES, FN_DOWNTIME, FN_PARALLEL, FN_BLOOM_BITS, FN_BLOOM_HASHES,
	FN_ERLANG_C, FN_QUORUM_OVERLAP, FN_COUNT
};

/* Index of the function called name, or -1. */
int expr_func_index(const char *name);

#endif
