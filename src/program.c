/*
 * Compiled expressions: a tape of three-address operations over an array of
 * slots (quantities first, then constants and temporaries). Running the tape
 * allocates nothing and checks every result, so a fault names the operation
 * (and through its owner tag, the quantity) that produced it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boe/expr.h"
#include "boe/numeric.h"
#include "boe/sample.h"
#include "expr_impl.h"

static const ExprFunc funcs[FN_COUNT] = {
	[FN_CEIL] = {"ceil", 1, 1, "ceil(x)", "rounds up to a whole number"},
	[FN_FLOOR] = {"floor", 1, 1, "floor(x)", "rounds down to a whole number"},
	[FN_ROUND] = {"round", 1, 1, "round(x)", "rounds to the nearest whole number"},
	[FN_ABS] = {"abs", 1, 1, "abs(x)", "absolute value"},
	[FN_MIN] = {"min", 1, -1, "min(a, b, ...)", "smallest of its arguments"},
	[FN_MAX] = {"max", 1, -1, "max(a, b, ...)", "largest of its arguments"},
	[FN_SQRT] = {"sqrt", 1, 1, "sqrt(x)", "square root"},
	[FN_LN] = {"ln", 1, 1, "ln(x)", "natural logarithm"},
	[FN_LOG10] = {"log10", 1, 1, "log10(x)", "base-10 logarithm"},
	[FN_LOG2] = {"log2", 1, 1, "log2(x)", "base-2 logarithm"},
	[FN_EXP] = {"exp", 1, 1, "exp(x)", "e to the power x"},
	[FN_POW2CEIL] = {"pow2ceil", 1, 1, "pow2ceil(x)", "the next power of two at or above x"},
	[FN_NINES] = {"nines", 1, 1, "nines(a)", "number of nines of availability a: -log10(1 - a)"},
	[FN_DOWNTIME] = {"downtime", 2, 2, "downtime(a, period)",
			 "time down per period at availability a: (1 - a) × period"},
	[FN_PARALLEL] = {"parallel", 2, 2, "parallel(a, n)",
			 "availability of n redundant copies of a: 1 - (1 - a)^n"},
	[FN_BLOOM_BITS] = {"bloom_bits", 2, 2, "bloom_bits(n, p)",
			   "bits a Bloom filter needs for n items at false-positive rate p: ceil(-n ln p / (ln 2)^2), whole bits (a count; multiply by 1 bit for a size)"},
	[FN_BLOOM_HASHES] = {"bloom_hashes", 2, 2, "bloom_hashes(n, p)",
			     "best number of hash functions for false-positive rate p: round(-log2 p)"},
	[FN_ERLANG_C] = {"erlang_c", 2, 2, "erlang_c(offered_erlangs, servers)",
			 "probability that a request waits (Erlang C, M/M/c)"},
	[FN_QUORUM_OVERLAP] = {"quorum_overlap", 3, 3, "quorum_overlap(n, r, w)",
			       "replicas every read and write quorum share: max(0, r + w - n); above 0 means r + w > n"},
};

const ExprFunc *expr_functions(size_t *n)
{
	if (n)
		*n = FN_COUNT;
	return funcs;
}

int expr_func_index(const char *name)
{
	for (int i = 0; i < FN_COUNT; i++)
		if (strcmp(funcs[i].name, name) == 0)
			return i;
	return -1;
}

enum {
	OP_COPY, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG, OP_POW,
	OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_MIN, OP_MAX, OP_FN,
};

typedef struct Op {
	uint8_t code, fn;
	int32_t dst, a, b, c;
} Op;

typedef struct Source {
	int slot, owner;
	Dist dist;
} Source;

struct Program {
	Op *ops;
	int nops, capops;
	int *owner, *pos, *end;
	double *init;
	int nslots, capslots;
	Source *src;
	int nsrc;
	/* after program_mark_ranged: the operations a sample changes, and which slots vary */
	int *rops, nrops;
	bool *ranged;
	int *inputs, ninputs;	/* the slots they read that do not vary, each once */
};

Program *program_new(void)
{
	return xcalloc(1, sizeof(Program));
}

void program_free(Program *p)
{
	if (!p)
		return;
	free(p->ops);
	free(p->owner);
	free(p->pos);
	free(p->end);
	free(p->init);
	free(p->src);
	free(p->rops);
	free(p->ranged);
	free(p->inputs);
	free(p);
}

int program_slot(Program *p, double init)
{
	if (p->nslots == p->capslots) {
		p->capslots = p->capslots ? p->capslots * 2 : 64;
		p->init = xrealloc(p->init, (size_t)p->capslots * sizeof *p->init);
	}
	p->init[p->nslots] = init;
	return p->nslots++;
}

int program_nslots(const Program *p) { return p->nslots; }
int program_nops(const Program *p) { return p->nops; }
const double *program_init(const Program *p) { return p->init; }
void program_set_init(Program *p, int slot, double v) { p->init[slot] = v; }

int program_nsources(const Program *p) { return p->nsrc; }

int program_source(const Program *p, int i, Dist *d, int *owner)
{
	if (d)
		*d = p->src[i].dist;
	if (owner)
		*owner = p->src[i].owner;
	return p->src[i].slot;
}

static int add_source(Program *p, const Dist *d, int owner)
{
	int slot = program_slot(p, dist_quantile(d, 0.5));
	p->src = xrealloc(p->src, (size_t)(p->nsrc + 1) * sizeof *p->src);
	p->src[p->nsrc++] = (Source){slot, owner, *d};
	return slot;
}

static int op_reads(const Op *op, int k)
{
	switch (op->code) {
	case OP_COPY: case OP_NEG: return k == 0 ? op->a : -1;
	case OP_FN: return k == 0 ? op->a : k == 1 ? op->b : op->c;
	default: return k == 0 ? op->a : k == 1 ? op->b : -1;
	}
}

void program_mark_ranged(Program *p)
{
	free(p->ranged);
	free(p->rops);
	p->ranged = xcalloc((size_t)p->nslots + 1, sizeof *p->ranged);
	p->rops = xmalloc(((size_t)p->nops + 1) * sizeof *p->rops);
	p->nrops = 0;
	for (int i = 0; i < p->nsrc; i++)
		p->ranged[p->src[i].slot] = true;
	for (int i = 0; i < p->nops; i++) {
		bool r = false;
		for (int k = 0; k < 3 && !r; k++) {
			int s = op_reads(&p->ops[i], k);
			r = s >= 0 && p->ranged[s];
		}
		if (r) {
			p->ranged[p->ops[i].dst] = true;
			p->rops[p->nrops++] = i;
		}
	}
	free(p->inputs);
	p->inputs = xmalloc(((size_t)3 * (size_t)p->nrops + 1) * sizeof *p->inputs);
	p->ninputs = 0;
	bool *seen = xcalloc((size_t)p->nslots + 1, 1);
	for (int r = 0; r < p->nrops; r++)
		for (int k = 0; k < 3; k++) {
			int s = op_reads(&p->ops[p->rops[r]], k);
			if (s >= 0 && !p->ranged[s] && !seen[s]) {
				seen[s] = true;
				p->inputs[p->ninputs++] = s;
			}
		}
	free(seen);
}

const int *program_inputs(const Program *p, int *n)
{
	*n = p->ninputs;
	return p->inputs;
}

bool program_slot_ranged(const Program *p, int k)
{
	return p->ranged && k >= 0 && k < p->nslots && p->ranged[k];
}

/* Whether fn never decreases as its one ranged argument grows. */
static bool fn_rising(int fn)
{
	switch (fn) {
	case FN_CEIL: case FN_FLOOR: case FN_ROUND: case FN_POW2CEIL:
	case FN_SQRT: case FN_LN: case FN_LOG10: case FN_LOG2: case FN_EXP:
		return true;
	default:
		return false;
	}
}

/*
 * Whether a result is never below zero, in any sample that the tape
 * finishes (every value of those is finite): from its operands, each either
 * such a result (pos) or, unranged, its point value.
 */
static bool op_nonneg(const Op *op, const double *val, const bool *ranged, const bool *pos)
{
	int a = op->a, b = op->b;
	bool pa = a >= 0 && (ranged[a] ? pos[a] : val[a] >= 0);
	bool pb = b >= 0 && (ranged[b] ? pos[b] : val[b] >= 0);
	switch (op->code) {
	case OP_COPY:
		return pa;
	case OP_ADD:
	case OP_MUL:
	case OP_DIV:
	case OP_MIN:
		return pa && pb;
	case OP_MAX:
		return pa || pb;
	case OP_SUB: /* x - c with c <= 0 */
		return pa && !ranged[b] && val[b] <= 0;
	case OP_FN:
		switch (op->fn) {
		case FN_ABS: case FN_EXP: case FN_SQRT:
			return true;
		case FN_CEIL: case FN_FLOOR: case FN_ROUND: case FN_POW2CEIL:
			return pa;
		default:
			return false;
		}
	default:
		return false;
	}
}

/*
 * One operation's anchor: how its result moves with its ranged operands,
 * which are already known (a is the first operand's anchor or -1, da its
 * direction; the same for b). pos says which ranged slots are never below
 * zero. Returns the result's anchor, -1 for none.
 */
static int op_anchor(const Op *op, const double *val, const int *anc, const signed char *dir,
		     const bool *ranged, const bool *pos, signed char *d)
{
	int a = op->a, b = op->b;
	bool ra = a >= 0 && ranged[a], rb = b >= 0 && ranged[b];
	switch (op->code) {
	case OP_COPY:
		*d = dir[a];
		return anc[a];
	case OP_NEG:
		*d = (signed char)-dir[a];
		return anc[a];
	case OP_ADD:
	case OP_SUB: {
		int sb = op->code == OP_SUB ? -1 : 1;
		if (ra && rb) { /* both from one anchor, moving the same way once signed */
			if (anc[a] < 0 || anc[a] != anc[b] || dir[a] != sb * dir[b])
				return -1;
			*d = dir[a];
			return anc[a];
		}
		*d = (signed char)(ra ? dir[a] : sb * dir[b]);
		return ra ? anc[a] : anc[b];
	}
	case OP_MUL:
	case OP_DIV: {
		if (ra && rb) {
			/* two of one anchor, rising together and never below zero: so does their product */
			if (op->code == OP_DIV || anc[a] < 0 || anc[a] != anc[b] || dir[a] != dir[b] || !pos[a] ||
			    !pos[b])
				return -1;
			*d = dir[a];
			return anc[a];
		}
		double c = ra ? val[b] : val[a];
		if (!isfinite(c))
			return -1;
		if (op->code == OP_DIV && rb) {
			/* c / x, x above zero in every sample that finishes (zero would fault): it falls as x rises when c > 0 */
			if (!pos[b])
				return -1;
			*d = (signed char)(c > 0 ? -dir[b] : dir[b]);
			return anc[b];
		}
		int r = ra ? a : b;
		*d = (signed char)(c < 0 ? -dir[r] : dir[r]);
		return anc[r];
	}
	case OP_MIN:
	case OP_MAX:
		if (ra && rb) {
			if (anc[a] < 0 || anc[a] != anc[b] || dir[a] != dir[b])
				return -1;
			*d = dir[a];
			return anc[a];
		}
		*d = ra ? dir[a] : dir[b];
		return ra ? anc[a] : anc[b];
	case OP_FN: {
		if (!fn_rising(op->fn))
			return -1;
		*d = dir[a];
		return anc[a];
	}
	default:
		return -1;
	}
}

/* A source that is never below zero: lognormal, logit-normal, or uniform or triangular from 0 up. */
static bool dist_nonneg(const Dist *d)
{
	switch (d->kind) {
	case DIST_LOGNORMAL:
	case DIST_LOGITNORMAL:
		return true;
	case DIST_UNIFORM:
	case DIST_TRIANGULAR:
		return d->a >= 0;
	default:
		return false;
	}
}

void program_anchors(const Program *p, const double *val, int *anchor, signed char *dir)
{
	bool *written = xcalloc((size_t)p->nslots + 1, 1), *pos = xcalloc((size_t)p->nslots + 1, 1);
	for (int k = 0; k < p->nslots; k++) {
		anchor[k] = -1;
		dir[k] = 1;
	}
	for (int i = 0; i < p->nsrc; i++) {
		anchor[p->src[i].slot] = p->src[i].slot;
		written[p->src[i].slot] = true;
		pos[p->src[i].slot] = dist_nonneg(&p->src[i].dist);
	}
	for (int r = 0; r < p->nrops; r++) {
		const Op *op = &p->ops[p->rops[r]];
		int dst = op->dst;
		signed char d = 1;
		int a = written[dst] ? -1 : op_anchor(op, val, anchor, dir, p->ranged, pos, &d);
		/* a result that follows nothing is an anchor of its own */
		anchor[dst] = a >= 0 && !written[dst] ? a : dst;
		dir[dst] = a >= 0 && !written[dst] ? d : 1;
		pos[dst] = !written[dst] && op_nonneg(op, val, p->ranged, pos);
		if (written[dst]) /* written twice: nothing can be said of it */
			anchor[dst] = -1;
		written[dst] = true;
	}
	free(written);
	free(pos);
}

static void emit(Program *p, int code, int fn, int dst, int a, int b, int c, int owner,
		 const Node *n)
{
	if (p->nops == p->capops) {
		p->capops = p->capops ? p->capops * 2 : 64;
		p->ops = xrealloc(p->ops, (size_t)p->capops * sizeof *p->ops);
		p->owner = xrealloc(p->owner, (size_t)p->capops * sizeof *p->owner);
		p->pos = xrealloc(p->pos, (size_t)p->capops * sizeof *p->pos);
		p->end = xrealloc(p->end, (size_t)p->capops * sizeof *p->end);
	}
	p->ops[p->nops] = (Op){(uint8_t)code, (uint8_t)fn, dst, a, b, c};
	p->owner[p->nops] = owner;
	p->pos[p->nops] = n ? n->pos : 0;
	p->end[p->nops] = n ? n->end : 0;
	p->nops++;
}

/* ---- the functions ---- */

static double erlang_c(double a, double servers, bool *ok)
{
	double n = floor(servers);
	if (n < 1 || n != servers || a < 0 || n > 1e6) {
		*ok = false;
		return 0;
	}
	if (a >= n)
		return 1; /* overloaded: every request waits */
	double b = 1; /* Erlang B by recurrence */
	for (double k = 1; k <= n; k++)
		b = a * b / (k + a * b);
	return n * b / (n - a * (1 - b));
}

static double apply_fn(int fn, double x, double y, double z, const char **why)
{
	bool ok = true;
	double r = 0;
	switch (fn) {
	/* exact, except that float noise of a few ulps (0.1 * 3 * 10) is the whole number */
	case FN_CEIL: return num_ceil(x);
	case FN_FLOOR: return num_floor(x);
	case FN_ROUND: return num_round(x);
	case FN_ABS: return fabs(x);
	case FN_SQRT:
		if (x < 0) { *why = "square root of a negative number"; return NAN; }
		return sqrt(x);
	case FN_LN: case FN_LOG10: case FN_LOG2:
		if (x <= 0) { *why = "logarithm of a number that is not positive"; return NAN; }
		return fn == FN_LN ? log(x) : fn == FN_LOG10 ? log10(x) : log2(x);
	case FN_EXP: return exp(x);
	case FN_POW2CEIL: return num_pow2ceil(x);
	case FN_NINES:
		if (x >= 1) { *why = "nines of 100% or more is infinite"; return NAN; }
		return -log10(1 - x);
	case FN_DOWNTIME: return (1 - x) * y;
	case FN_PARALLEL:
		if (y < 0) { *why = "parallel needs a non-negative number of copies"; return NAN; }
		return 1 - pow(1 - x, y);
	case FN_BLOOM_BITS:
	case FN_BLOOM_HASHES:
		if (y <= 0 || y >= 1) { *why = "a false-positive rate lies strictly between 0 and 100%"; return NAN; }
		if (x < 0) { *why = "a Bloom filter holds a non-negative number of items"; return NAN; }
		if (fn == FN_BLOOM_BITS)
			return num_ceil(-x * log(y) / (M_LN2 * M_LN2));
		r = num_round(-log2(y));
		return r < 1 ? 1 : r;
	case FN_ERLANG_C:
		r = erlang_c(x, y, &ok);
		if (!ok) { *why = "erlang_c needs a whole number of servers (at least 1) and non-negative load"; return NAN; }
		return r;
	case FN_QUORUM_OVERLAP:
		r = y + z - x;
		return r > 0 ? r : 0;
	default:
		*why = "unknown function";
		return NAN;
	}
}

bool program_run(const Program *p, double *s, Fault *f)
{
	const Op *op = p->ops;
	for (int i = 0; i < p->nops; i++, op++) {
		double r;
		const char *why = NULL;
		switch (op->code) {
		case OP_COPY: r = s[op->a]; break;
		case OP_ADD: r = s[op->a] + s[op->b]; break;
		case OP_SUB: r = s[op->a] - s[op->b]; break;
		case OP_MUL: r = s[op->a] * s[op->b]; break;
		case OP_DIV:
			if (s[op->b] == 0) {
				why = "division by zero";
				r = NAN;
				break;
			}
			r = s[op->a] / s[op->b];
			break;
		case OP_NEG: r = -s[op->a]; break;
		case OP_POW: r = pow(s[op->a], s[op->b]); break;
		/* values within NUM_CMP_REL of each other are equal: 1 - 99% == 1% */
		case OP_LT: r = num_cmp(s[op->a], s[op->b]) < 0; break;
		case OP_LE: r = num_cmp(s[op->a], s[op->b]) <= 0; break;
		case OP_GT: r = num_cmp(s[op->a], s[op->b]) > 0; break;
		case OP_GE: r = num_cmp(s[op->a], s[op->b]) >= 0; break;
		case OP_EQ: r = num_cmp(s[op->a], s[op->b]) == 0; break;
		case OP_NE: r = num_cmp(s[op->a], s[op->b]) != 0; break;
		case OP_MIN: r = s[op->a] < s[op->b] ? s[op->a] : s[op->b]; break;
		case OP_MAX: r = s[op->a] > s[op->b] ? s[op->a] : s[op->b]; break;
		default:
			/* the rounding of every sizing step inline, as program_run_lanes has it; the rest through apply_fn */
			if (op->fn == FN_CEIL)
				r = num_ceil(s[op->a]);
			else if (op->fn == FN_FLOOR)
				r = num_floor(s[op->a]);
			else
				r = apply_fn(op->fn, s[op->a], s[op->b], s[op->c], &why);
			break;
		}
		if (__builtin_expect(!isfinite(r), 0)) {
			if (f) {
				f->kind = why ? (strcmp(why, "division by zero") == 0 ? FAULT_DIV_ZERO
						 : FAULT_DOMAIN) : FAULT_NONFINITE;
				f->what = why ? why : "the result is too large (overflow) or not a number";
				f->owner = p->owner[i];
				f->pos = p->pos[i];
				f->end = p->end[i];
			}
			return false;
		}
		s[op->dst] = r;
	}
	return true;
}

/* Operation i of p on the values x, y, z, through program_run: its fault report too. */
static bool run_one(const Program *p, int i, double x, double y, double z, double *out, Fault *f)
{
	double v[4] = {x, y, z, 0};
	Op one = p->ops[i];
	one.a = 0, one.b = 1, one.c = 2, one.dst = 3;
	Program tmp = {.ops = &one, .nops = 1, .owner = &p->owner[i], .pos = &p->pos[i], .end = &p->end[i]};
	if (!program_run(&tmp, v, f))
		return false;
	*out = v[3];
	return true;
}

/*
 * One operation over every lane. Plain IEEE arithmetic in the loops (so that
 * they vectorise); a result that is not finite is looked at afterwards, and
 * the scalar path above says why.
 */
/*
 * Lane loops, W lanes at a time in vector registers (GCC and Clang vectors:
 * two in SSE2 on x86-64 or NEON on arm64, four in AVX2 where the processor
 * has it, plain code elsewhere), then the lanes left one by one. d may be a
 * or b: each group is loaded before it is stored. Every operation here is
 * IEEE arithmetic lane by lane, so the width changes no result.
 */
typedef double V2 __attribute__((vector_size(16)));
typedef long long M2 __attribute__((vector_size(16)));

/*
 * v - v is +0 for a finite v (no bits set) and NaN otherwise: the bits of
 * every group's are or-ed together (a chain of one-cycle steps, where adding
 * them would wait on the adder's latency each group).
 */
/*
 * After the groups of W: whether any lane of them was not finite (nan_'s
 * bits), then the lanes left one by one, SEXPR of x and y, and *finite for
 * the whole op.
 */
#define LANES_TAIL(W, SEXPR)                                   \
	do {                                                   \
		long long bits_ = 0;                           \
		for (int k_ = 0; k_ < (W); k_++)               \
			bits_ |= nan_[k_];                     \
		double left_ = 0;                              \
		for (; j < lanes; j++) {                       \
			double x = a[j], y = b[j];             \
			(void)y;                               \
			d[j] = (SEXPR);                        \
			left_ += d[j] - d[j];                  \
		}                                              \
		*finite = !bits_ && left_ == left_;            \
	} while (0)

#define LANES_OF(V, M, W, VEXPR, SEXPR)                        \
	do {                                                   \
		M nan_ = {0};                                  \
		int j = 0;                                     \
		for (; j + (W) - 1 < lanes; j += (W)) {        \
			V x, y, v;                             \
			memcpy(&x, a + j, sizeof x);           \
			memcpy(&y, b + j, sizeof y);           \
			v = (VEXPR);                           \
			memcpy(d + j, &v, sizeof v);           \
			nan_ |= (M)(v - v);                    \
		}                                              \
		LANES_TAIL(W, SEXPR);                          \
	} while (0)

/*
 * num_ceil (FLOOR 0) or num_floor (FLOOR 1) of every lane, the same bits as
 * those give one by one. The whole part of |x| below 2^52 is (|x| + 2^52) -
 * 2^52, one less when that rounded up; a group holding a number so small
 * that its ulp is subnormal (below 2^-970, 1e-292), or zero, goes one by
 * one. Only operations SSE2 has on 64-bit lanes (no shift right, no
 * compare of whole numbers): the exponent is masked, not shifted.
 */
#define ROUND_LANES(V, M, W, PICK, FLOOR)                                                          \
	do {                                                                                       \
		const V two52 = (V){0} + 4503599627370496.0, one = (V){0} + 1, none = {0};          \
		const V subnormal_ulp = (V){0} + 0x1p-970; /* below it the ulp is subnormal */    \
		const M sign = (M){0} + (long long)0x8000000000000000ull;                         \
		const M expo = (M){0} + 0x7ff0000000000000ll, step52 = (M){0} + (52ll << 52);    \
		M nan_ = {0};                                                                      \
		int j = 0;                                                                         \
		for (; j + (W) - 1 < lanes; j += (W)) {                                            \
			V x, v;                                                                    \
			memcpy(&x, a + j, sizeof x);                                               \
			V ax = (V)((M)x & ~sign);                                                  \
			M whole = ~(M)(ax < two52); /* 2^52 and beyond, and NaN: as they are */    \
			M tiny = (M)(ax < subnormal_ulp);                                          \
			long long any_tiny = 0;                                                    \
			for (int k_ = 0; k_ < (W); k_++)                                           \
				any_tiny |= tiny[k_];                                              \
			if (any_tiny) {                                                            \
				for (int k_ = 0; k_ < (W); k_++)                                   \
					d[j + k_] = (FLOOR) ? num_floor(x[k_]) : num_ceil(x[k_]);  \
				memcpy(&v, d + j, sizeof v);                                       \
			} else {                                                                   \
				V r = (ax + two52) - two52;                                        \
				r -= PICK((M)(r > ax), one, none);                                 \
				V t = (V)((M)r | ((M)x & sign)), c, gap;                           \
				if (FLOOR) {                                                       \
					c = t - PICK((M)(t > x), one, none);                       \
					gap = (c + 1) - x;                                         \
				} else {                                                           \
					c = t + PICK((M)(t < x), one, none);                       \
					gap = x - (c - 1);                                         \
				}                                                                  \
				/* 4 ulps: 2^(exponent - 52) from the exponent's bits, times 4 */   \
				V window = (V)(((M)ax & expo) - step52) * 4;                       \
				M snap = (M)(gap <= 0.125) & (M)(gap <= window);                   \
				c = (FLOOR) ? c + PICK(snap, one, none) : c - PICK(snap, one, none); \
				c = PICK((M)(c == 0), (V)((M)x & sign), c);                        \
				v = PICK(whole, x, c);                                             \
				memcpy(d + j, &v, sizeof v);                                       \
			}                                                                          \
			nan_ |= (M)(v - v);                                                        \
		}                                                                                  \
		LANES_TAIL(W, (FLOOR) ? num_floor(x) : num_ceil(x));                             \
	} while (0)

/* The arithmetic operations and the rounding of a sizing step, each over every lane; false for another operation. */
#define ARITH_LANES(V, M, W, PICK)                                                                 \
	if (code == OP_FN && (fn == FN_CEIL || fn == FN_FLOOR)) {                                  \
		if (fn == FN_CEIL)                                                                 \
			ROUND_LANES(V, M, W, PICK, 0);                                             \
		else                                                                               \
			ROUND_LANES(V, M, W, PICK, 1);                                             \
		return true;                                                                       \
	}                                                                                          \
	switch (code) {                                                                            \
	case OP_ADD: LANES_OF(V, M, W, x + y, x + y); return true;                                 \
	case OP_SUB: LANES_OF(V, M, W, x - y, x - y); return true;                                 \
	case OP_MUL: LANES_OF(V, M, W, x * y, x * y); return true;                                 \
	/* a zero divisor gives a value that is not finite: the check after names the fault */    \
	case OP_DIV: LANES_OF(V, M, W, x / y, y == 0 ? NAN : x / y); return true;                  \
	case OP_MIN: LANES_OF(V, M, W, PICK((M)(x < y), x, y), x < y ? x : y); return true;        \
	case OP_MAX: LANES_OF(V, M, W, PICK((M)(x > y), x, y), x > y ? x : y); return true;        \
	default: return false;                                                                     \
	}

static inline V2 v2_pick(M2 m, V2 x, V2 y)
{
	return (V2)(((M2)x & m) | ((M2)y & ~m));
}

static bool arith_lanes2(int code, int fn, double *d, const double *a, const double *b, int lanes, bool *finite)
{
	ARITH_LANES(V2, M2, 2, v2_pick)
}

/* 1: four lanes at a time, 0: two; -1 until asked (the processor decides) */
static int wide = -1;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define WIDE_LANES 1
#if defined(__GLIBC__) && defined(__has_include)
#if __has_include(<sys/platform/x86.h>)
#include <sys/platform/x86.h>
#define GLIBC_CPU_FEATURES 1
#endif
#endif
typedef double V4 __attribute__((vector_size(32)));
typedef long long M4 __attribute__((vector_size(32)));

__attribute__((target("avx2"))) static inline V4 v4_pick(M4 m, V4 x, V4 y)
{
	return (V4)(((M4)x & m) | ((M4)y & ~m));
}

__attribute__((target("avx2"))) static bool arith_lanes4(int code, int fn, double *d, const double *a,
							 const double *b, int lanes, bool *finite)
{
	ARITH_LANES(V4, M4, 4, v4_pick)
}

/* Whether the processor has AVX2 (and the system keeps its registers). */
static bool avx2_here(void)
{
#ifdef GLIBC_CPU_FEATURES
	/* what the C library found as it started: no CPUID of our own, each a trap to the hypervisor in a VM */
	return CPU_FEATURE_ACTIVE(AVX2);
#else
	return __builtin_cpu_supports("avx2");
#endif
}

bool program_wide_lanes(int want)
{
	bool on = want != 0 && avx2_here();
	__atomic_store_n(&wide, on ? 1 : 0, __ATOMIC_RELAXED);
	return on;
}
#else
bool program_wide_lanes(int want)
{
	(void)want;
	__atomic_store_n(&wide, 0, __ATOMIC_RELAXED);
	return false;
}
#endif

bool program_lanes_wide(void)
{
	int w = __atomic_load_n(&wide, __ATOMIC_RELAXED);
	return w < 0 ? program_wide_lanes(-1) : w != 0;
}

static bool arith_lanes(int code, int fn, double *d, const double *a, const double *b, int lanes, bool *finite)
{
#ifdef WIDE_LANES
	if (program_lanes_wide())
		return arith_lanes4(code, fn, d, a, b, lanes, finite);
#endif
	return arith_lanes2(code, fn, d, a, b, lanes, finite);
}

/* Whether every one of x[0..n-1] is finite: x - x is 0 for those, NaN for the rest. */
static bool lanes_finite(const double *x, int n)
{
	V2 acc0 = {0, 0}, acc1 = {0, 0};
	int j = 0;
	for (; j + 3 < n; j += 4) {
		V2 u, v;
		memcpy(&u, x + j, sizeof u);
		memcpy(&v, x + j + 2, sizeof v);
		acc0 += u - u;
		acc1 += v - v;
	}
	acc0 += acc1;
	double bad = acc0[0] + acc0[1];
	for (; j < n; j++)
		bad += x[j] - x[j];
	return bad == bad;
}

bool program_run_lanes(const Program *p, double *const *slot, int lanes, Fault *f, int *lane)
{
	for (int r = 0; r < p->nrops; r++) {
		int i = p->rops[r];
		const Op *op = &p->ops[i];
		double *d = slot[op->dst];
		const double *a = slot[op->a];
		const double *b = op->b >= 0 ? slot[op->b] : a;
		const double *c = op->c >= 0 ? slot[op->c] : a;
		/* the vector loops check as they go; the others after */
		bool finite = true;
		if (!arith_lanes(op->code, op->fn, d, a, b, lanes, &finite)) {
			switch (op->code) {
			case OP_COPY: memmove(d, a, (size_t)lanes * sizeof *d); break;
			case OP_NEG: for (int j = 0; j < lanes; j++) d[j] = -a[j]; break;
			case OP_LT: for (int j = 0; j < lanes; j++) d[j] = num_cmp(a[j], b[j]) < 0; break;
			case OP_LE: for (int j = 0; j < lanes; j++) d[j] = num_cmp(a[j], b[j]) <= 0; break;
			case OP_GT: for (int j = 0; j < lanes; j++) d[j] = num_cmp(a[j], b[j]) > 0; break;
			case OP_GE: for (int j = 0; j < lanes; j++) d[j] = num_cmp(a[j], b[j]) >= 0; break;
			case OP_EQ: for (int j = 0; j < lanes; j++) d[j] = num_cmp(a[j], b[j]) == 0; break;
			case OP_NE: for (int j = 0; j < lanes; j++) d[j] = num_cmp(a[j], b[j]) != 0; break;
			case OP_POW: for (int j = 0; j < lanes; j++) d[j] = pow(a[j], b[j]); break;
			default:
				/* functions (ceil and floor went above): a domain error makes NaN, and the check below says why */
				for (int j = 0; j < lanes; j++) {
					const char *why = NULL;
					d[j] = apply_fn(op->fn, a[j], b[j], c[j], &why);
				}
				break;
			}
			finite = lanes_finite(d, lanes);
		}
		if (__builtin_expect(!finite, 0)) {
			for (int j = 0; j < lanes; j++) {
				double ignored;
				if (!isfinite(d[j]) && !run_one(p, i, a[j], b[j], c[j], &ignored, f)) {
					if (lane)
						*lane = j;
					return false;
				}
			}
		}
	}
	return true;
}

/* ---- compilation ---- */

static int compile_node(Program *p, const Node *n, int owner, ExprError *err, bool *ok);

/*
 * Marks every subtree that reads no variable (NF_CONST), bottom up in one
 * pass, so that compiling asks each node once instead of walking its subtree
 * again at every level (quadratic on a long chain of terms).
 */
static bool mark_consts(Node *n)
{
	bool c = n->kind != N_VAR && n->kind != N_RANGE; /* a range differs from sample to sample */
	for (int i = 0; i < 3; i++)
		if (n->kid[i] && !mark_consts(n->kid[i]))
			c = false;
	for (int i = 0; i < n->nargs; i++)
		if (!mark_consts(n->args[i]))
			c = false;
	/* written only when it changes: a tree marked once is only read (shared trees, on several threads) */
	unsigned flags = c ? n->flags | NF_CONST : n->flags & ~(unsigned)NF_CONST;
	if (flags != n->flags)
		n->flags = flags;
	return c;
}

void expr_mark_consts(Node *n)
{
	mark_consts(n);
}

static int fold_const(Program *p, const Node *n, int owner, ExprError *err, bool *ok)
{
	double v;
	Fault f;
	if (!expr_eval_const(n, NULL, &v, &f)) {
		err->pos = f.pos;
		snprintf(err->msg, sizeof err->msg, "%s", f.what);
		*ok = false;
		return 0;
	}
	(void)owner;
	return program_slot(p, v);
}

static int compile_node(Program *p, const Node *n, int owner, ExprError *err, bool *ok)
{
	if (!*ok)
		return 0;
	switch (n->kind) {
	case N_NUM:
	case N_UNIT:
		return program_slot(p, n->num);
	case N_VAR:
		return n->slot;
	case N_CONVERT:
		return compile_node(p, n->kid[0], owner, err, ok);
	case N_RANGE: {
		Dist d;
		if (!expr_range_dist(n, &d, err)) {
			*ok = false;
			return 0;
		}
		return add_source(p, &d, owner);
	}
	default:
		break;
	}
	/* constant subtrees are computed once, here */
	if ((n->flags & NF_CONST) && n->kind != N_CALL) {
		Fault f;
		double v;
		if (expr_eval_const(n, NULL, &v, &f))
			return program_slot(p, v);
	}
	if (n->kind == N_PCT) {
		int a = compile_node(p, n->kid[0], owner, err, ok);
		int c = program_slot(p, 0.01);
		int t = program_slot(p, 0);
		emit(p, OP_MUL, 0, t, a, c, 0, owner, n);
		return t;
	}
	if (n->kind == N_NEG) {
		int a = compile_node(p, n->kid[0], owner, err, ok);
		int t = program_slot(p, 0);
		emit(p, OP_NEG, 0, t, a, 0, 0, owner, n);
		return t;
	}
	if (n->kind == N_CALL) {
		if (n->flags & NF_CONST)
			return fold_const(p, n, owner, err, ok);
		int a[3] = {0, 0, 0};
		if (n->fn == FN_MIN || n->fn == FN_MAX) {
			int acc = compile_node(p, n->args[0], owner, err, ok);
			for (int i = 1; i < n->nargs; i++) {
				int b = compile_node(p, n->args[i], owner, err, ok);
				int t = program_slot(p, 0);
				emit(p, n->fn == FN_MIN ? OP_MIN : OP_MAX, 0, t, acc, b, 0, owner, n);
				acc = t;
			}
			return acc;
		}
		for (int i = 0; i < n->nargs && i < 3; i++)
			a[i] = compile_node(p, n->args[i], owner, err, ok);
		int t = program_slot(p, 0);
		emit(p, OP_FN, n->fn, t, a[0], a[1], a[2], owner, n);
		return t;
	}
	static const int codes[] = {
		[N_ADD] = OP_ADD, [N_SUB] = OP_SUB, [N_MUL] = OP_MUL, [N_DIV] = OP_DIV,
		[N_POW] = OP_POW, [N_LT] = OP_LT, [N_LE] = OP_LE, [N_GT] = OP_GT, [N_GE] = OP_GE,
		[N_EQ] = OP_EQ, [N_NE] = OP_NE,
	};
	int a = compile_node(p, n->kid[0], owner, err, ok);
	int b = compile_node(p, n->kid[1], owner, err, ok);
	int t = program_slot(p, 0);
	emit(p, codes[n->kind], 0, t, a, b, 0, owner, n);
	return t;
}

bool expr_compile(Program *p, const Node *n, int dst, int owner, ExprError *err)
{
	ExprError dummy;
	if (!err)
		err = &dummy;
	bool ok = true;
	int before = p->nops;
	mark_consts((Node *)n); /* a cache in the tree's flags, not a change of what it means */
	int r = compile_node(p, n, owner, err, &ok);
	if (!ok)
		return false;
	if (p->nops > before && p->ops[p->nops - 1].dst == r) {
		/* the last operation computed the result: let it write dst directly */
		p->ops[p->nops - 1].dst = dst;
	} else if (r != dst) {
		emit(p, OP_COPY, 0, dst, r, 0, 0, owner, n);
	}
	return true;
}

/* A tree with no variables (or with values given): compiled into a scratch program and run. */
bool expr_eval_const(const Node *n, const double *vals, double *out, Fault *f)
{
	Fault dummy;
	if (!f)
		f = &dummy;
	if (n->kind == N_NUM || n->kind == N_UNIT) {
		*out = n->num;
		return true;
	}
	if (n->kind == N_VAR && vals) {
		*out = vals[n->slot];
		return true;
	}
	/* evaluate directly, without folding, to avoid recursion through compile */
	double a = 0, b = 0, c = 0;
	const char *why = NULL;
	double r;
	switch (n->kind) {
	case N_CONVERT:
		return expr_eval_const(n->kid[0], vals, out, f);
	case N_RANGE: {
		/* the point value: the median */
		Dist d;
		ExprError e;
		if (!expr_range_dist(n, &d, &e)) {
			f->kind = FAULT_DOMAIN;
			f->what = "a range that makes no distribution";
			f->pos = n->pos;
			f->end = n->end;
			f->owner = -1;
			return false;
		}
		r = dist_quantile(&d, 0.5);
		break;
	}
	case N_PCT:
		if (n->flags & NF_PCTLIT) {
			r = n->num;
			break;
		}
		if (!expr_eval_const(n->kid[0], vals, &a, f))
			return false;
		r = a / 100;
		break;
	case N_NEG:
		if (!expr_eval_const(n->kid[0], vals, &a, f))
			return false;
		r = -a;
		break;
	case N_CALL:
		if (n->fn == FN_MIN || n->fn == FN_MAX) {
			if (!expr_eval_const(n->args[0], vals, &r, f))
				return false;
			for (int i = 1; i < n->nargs; i++) {
				if (!expr_eval_const(n->args[i], vals, &a, f))
					return false;
				r = n->fn == FN_MIN ? (a < r ? a : r) : (a > r ? a : r);
			}
			break;
		}
		if ((n->nargs > 0 && !expr_eval_const(n->args[0], vals, &a, f)) ||
		    (n->nargs > 1 && !expr_eval_const(n->args[1], vals, &b, f)) ||
		    (n->nargs > 2 && !expr_eval_const(n->args[2], vals, &c, f)))
			return false;
		r = apply_fn(n->fn, a, b, c, &why);
		break;
	case N_VAR:
		f->kind = FAULT_DOMAIN;
		f->what = "a name has no value here";
		f->pos = n->pos;
		f->end = n->end;
		f->owner = -1;
		return false;
	default:
		if (!expr_eval_const(n->kid[0], vals, &a, f) || !expr_eval_const(n->kid[1], vals, &b, f))
			return false;
		switch (n->kind) {
		case N_ADD: r = a + b; break;
		case N_SUB: r = a - b; break;
		case N_MUL: r = a * b; break;
		case N_DIV:
			if (b == 0) {
				why = "division by zero";
				r = NAN;
			} else {
				r = a / b;
			}
			break;
		case N_POW: r = pow(a, b); break;
		case N_LT: r = num_cmp(a, b) < 0; break;
		case N_LE: r = num_cmp(a, b) <= 0; break;
		case N_GT: r = num_cmp(a, b) > 0; break;
		case N_GE: r = num_cmp(a, b) >= 0; break;
		case N_EQ: r = num_cmp(a, b) == 0; break;
		case N_NE: r = num_cmp(a, b) != 0; break;
		default: r = NAN; break;
		}
	}
	if (!isfinite(r)) {
		f->kind = why ? (strcmp(why, "division by zero") == 0 ? FAULT_DIV_ZERO : FAULT_DOMAIN)
			      : FAULT_NONFINITE;
		f->what = why ? why : "the result is too large (overflow) or not a number";
		f->pos = n->pos;
		f->end = n->end;
		f->owner = -1;
		return false;
	}
	*out = r;
	return true;
}
