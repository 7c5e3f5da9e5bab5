/*
 * The units language: parsing to a tree, name binding with dimension checks,
 * compilation to a flat program over an array of values, and rendering a tree
 * back to text (as written, or with the numbers substituted).
 *
 * A Program is a tape of three-address operations over slots; running it does
 * no allocation, so a scenario can be evaluated many times (Monte Carlo).
 */
#ifndef BOE_EXPR_H
#define BOE_EXPR_H

#include <stdbool.h>
#include <stdint.h>
#include "boe/units.h"
#include "boe/util.h"

typedef enum NodeKind {
	N_NUM,		/* number literal, count suffix applied */
	N_UNIT,		/* unit word: value of one unit */
	N_VAR,		/* a named quantity */
	N_PCT,		/* postfix %: child / 100 */
	N_NEG,
	N_ADD, N_SUB, N_MUL, N_DIV, N_POW,
	N_LT, N_LE, N_GT, N_GE, N_EQ, N_NE,
	N_CALL,
	N_CONVERT,	/* child -> unit: display only */
	N_RANGE,	/* an uncertain value: LO..HI, normal(), lognormal(), uniform(), triangular();
			   fn holds the DistKind, kid[] the parameters, num the scale a bare LO takes
			   from HI's unit ("1..4 KB"), slot its source slot once compiled */
} NodeKind;

enum {
	NF_JUXT = 1u << 0,	/* N_MUL written without an operator: "5 year" */
	NF_GLUED = 1u << 1,	/* N_NUM with a glued count suffix: "100M" */
	NF_SEP = 1u << 2,	/* N_NUM with thousands separators: "1,500" */
	NF_PAREN = 1u << 3,	/* written inside parentheses */
	NF_PER = 1u << 4,	/* N_DIV written as "per" */
	NF_DOLLAR = 1u << 5,	/* "$5": money before the number */
	NF_PCTLIT = 1u << 6,	/* N_PCT of a plain literal: num holds the exact fraction */
	NF_TIGHT = 1u << 7,	/* N_DIV inside a unit written without spaces: "MB/s" */
	NF_CONST = 1u << 8,	/* set by the compiler: the subtree reads no variable */
	NF_FRACTION = 1u << 9,	/* N_RANGE of a fraction (0-100%): logit-normal */
	NF_ARENA = 1u << 10,	/* parsed into an ExprArena: it goes with the arena, not with expr_free */
};

/*
 * A distribution (spec §7). LO..HI is a 90% interval: lognormal when 0 < LO <
 * HI, logit-normal for a fraction, normal otherwise. Parameters: NORMAL,
 * LOGNORMAL and LOGITNORMAL a = mean and b = standard deviation of the value,
 * its log or its logit; UNIFORM a..b; TRIANGULAR a (low), b (high), c (mode).
 */
typedef enum DistKind {
	DIST_AUTO, DIST_NORMAL, DIST_LOGNORMAL, DIST_LOGITNORMAL, DIST_UNIFORM, DIST_TRIANGULAR
} DistKind;

typedef struct Dist {
	DistKind kind;
	double a, b, c;
} Dist;


typedef struct Node {
	NodeKind kind;
	unsigned flags;
	int pos, end;		/* byte span in the source */
	int oppos;		/* operator or name position, for messages */
	char *text;		/* source text of literals, unit and variable names */
	double num;		/* N_NUM / N_UNIT value in base units */
	const Unit *unit;	/* N_UNIT */
	int fn;			/* N_CALL: function index */
	int slot;		/* N_VAR: bound slot (-1 before binding) */
	Dim dim;		/* after binding */
	struct Node *kid[3];	/* operands; N_CALL uses args */
	struct Node **args;
	int nargs;
	Display *disp;		/* N_CONVERT target (owned), NULL otherwise */
	int height;		/* levels from this node down to its deepest leaf */
} Node;

/*
 * The parser refuses a tree taller than this, and nesting (parentheses, signs,
 * calls, exponents) deeper than this: every walker of a tree recurses, and
 * 1000 levels stay far inside an 8 MB stack, with AddressSanitizer's frames too.
 * A chain of binary operators is as deep as it is long ("1+1+...+1").
 */
#define EXPR_MAX_DEPTH 1000

/* Something legal but probably not meant, found while parsing: where and why. */
typedef struct ExprWarning {
	int pos;		/* byte offset into the source */
	char msg[200];
} ExprWarning;

#define EXPR_MAX_WARNINGS 8

/*
 * A parse or bind error: byte offset into the source and a message. The
 * parser also leaves its warnings here, on success too ("max(1,500)" reads
 * 1,500 as one number): the faces show them, the core never prints.
 */
typedef struct ExprError {
	int pos;
	char msg[400];
	int nwarn;		/* warnings kept (the first EXPR_MAX_WARNINGS) */
	ExprWarning warn[EXPR_MAX_WARNINGS];
} ExprError;

/* An ExprError with no error and no warning (cheaper than zeroing its 2 KB). */
static inline void expr_error_clear(ExprError *e)
{
	e->pos = 0;
	e->msg[0] = '\0';
	e->nwarn = 0;
}

/* Parses src. Returns NULL and fills err on failure; err->warn lists warnings either way. Free with expr_free. */
Node *expr_parse(const char *src, ExprError *err);
void expr_free(Node *n);

/*
 * Room for trees that go together: a scenario parses its formulas again at
 * each compute and lets them all go at once, so their nodes are cut from a
 * few large blocks instead of each being allocated and freed (a tenth of
 * `boe check --all`). expr_free leaves a tree parsed there alone. Zeroed is
 * empty.
 */
typedef struct ExprArena {
	struct ArenaBlock *blocks;	/* the newest first */
	size_t used;			/* bytes given out of the newest */
} ExprArena;

/* expr_parse, with every node of the tree (and what it holds) in a. */
Node *expr_parse_in(ExprArena *a, const char *src, ExprError *err);
/* Every tree parsed into a goes; its newest block is kept for the next ones. */
void expr_arena_clear(ExprArena *a);
void expr_arena_free(ExprArena *a);
/* The bytes of the blocks a holds. */
size_t expr_arena_size(const ExprArena *a);

/*
 * Name resolution for binding: returns the slot of name (and its dimension),
 * -1 when unknown, or -2 when the name is known but has no value (its own
 * formula failed): binding then fails too. cands lists known names for suggestions.
 */
typedef struct ExprEnv {
	int (*lookup)(void *ctx, const char *name, Dim *dim);
	const char *const *(*names)(void *ctx, size_t *n);
	void *ctx;
} ExprEnv;

/* Resolves names and infers and checks dimensions over the whole tree. */
bool expr_bind(Node *n, const ExprEnv *env, ExprError *err);
/* True when the tree refers to no variable. */
bool expr_is_const(const Node *n);
/* True when the tree holds a range (its value is uncertain). */
bool expr_has_range(const Node *n);
/*
 * The distribution of a bound N_RANGE node, from its (constant) parameters.
 * False with err filled when they make no distribution (LO not below HI...).
 */
bool expr_range_dist(const Node *n, Dist *d, ExprError *err);
/* Calls fn for each variable slot the tree reads (after binding). */
void expr_each_var(const Node *n, void (*fn)(void *ctx, int slot, const Node *var), void *ctx);

/*
 * Parses a display unit as written after "->" ("GB/day", "Mbps", "%", "/min")
 * into a fixed display and its dimension. False with err filled when it is not a unit.
 */
bool expr_parse_display(const char *unit, Display *d, Dim *dim, ExprError *err);

/* How the result of a bound tree is best shown (percent, bits, a conversion target). */
Display expr_display(const Node *n);

/* ---- functions ---- */
typedef struct ExprFunc {
	const char *name;
	int min_args, max_args;	/* max -1: any number */
	const char *sig;	/* "nines(a)" */
	const char *meaning;
} ExprFunc;
const ExprFunc *expr_functions(size_t *n);

/* ---- programs ---- */
typedef struct Program Program;

typedef enum FaultKind { FAULT_NONE, FAULT_DIV_ZERO, FAULT_DOMAIN, FAULT_NONFINITE } FaultKind;
typedef struct Fault {
	FaultKind kind;
	int owner;		/* owner tag of the failing operation */
	int pos, end;		/* source span of the failing operation */
	const char *what;	/* "division by zero", "ln of a non-positive number"... */
} Fault;

Program *program_new(void);
void program_free(Program *p);
/* A new slot holding init; returns its index. */
int program_slot(Program *p, double init);
int program_nslots(const Program *p);
int program_nops(const Program *p);
const double *program_init(const Program *p);
void program_set_init(Program *p, int slot, double v);
/*
 * Appends operations computing bound tree n into slot dst. owner tags the
 * operations for fault reports. Returns false (err filled) when n cannot be
 * compiled (e.g. a non-constant exponent).
 */
bool expr_compile(Program *p, const Node *n, int dst, int owner, ExprError *err);
/*
 * Marks the subtrees of a bound tree that read no variable, as expr_compile
 * does first. Marked once, a tree that does not change is only read by
 * expr_compile after: it can be compiled on several threads at once.
 */
void expr_mark_consts(Node *n);
/*
 * Sources: slots that hold a draw of a range. Compiling an N_RANGE adds one,
 * initialised to the distribution's median (the point value); a Monte Carlo
 * run writes a fresh draw into each before running the tape again.
 */
int program_nsources(const Program *p);
/* Source i: its slot, distribution and owner tag (the quantity it was written in). */
int program_source(const Program *p, int i, Dist *d, int *owner);
/*
 * Runs the program over slots (initialised by the caller from program_init).
 * Returns true, or false with *f describing the first fault.
 */
bool program_run(const Program *p, double *slots, Fault *f);

/*
 * Finds the operations that read a source, directly or through earlier ones;
 * the others give the same result in every sample. Call once after compiling.
 */
void program_mark_ranged(Program *p);
/*
 * The slots the ranged operations read that hold the same value in every
 * sample, each once (after program_mark_ranged): what a run over lanes
 * needs set besides the sources.
 */
const int *program_inputs(const Program *p, int *n);
/* Whether slot k holds a different value from one sample to the next (after program_mark_ranged). */
bool program_slot_ranged(const Program *p, int k);
/*
 * How each ranged slot moves with the others (after program_mark_ranged):
 * anchor[k] is a slot that slot k is a monotone function of, sample for
 * sample, rising with it when dir[k] is 1 and falling when it is -1. A
 * source, and a result of two ranges that move apart, are their own anchors;
 * -1 says nothing is known. val holds the point values (the unranged slots'
 * values in every sample). Then slot k's order statistics sit at the samples
 * that hold its anchor's.
 */
void program_anchors(const Program *p, const double *val, int *anchor, signed char *dir);
/*
 * Runs the ranged operations over `lanes` independent copies of the slots at
 * once, slot k's lanes at slot[k][0..lanes-1]: Monte Carlo in blocks, one
 * pass over the tape serving every lane. The other slots must already hold
 * their values (from one program_run). Allocates nothing. Returns true, or
 * false with *f (and *lane) naming the first fault.
 */
bool program_run_lanes(const Program *p, double *const *slot, int lanes, Fault *f, int *lane);
/*
 * The lanes' arithmetic, and the sampler's draws, four at a time (AVX2) or
 * two: want 1 (where the processor has AVX2) or 0, or -1 for what the
 * processor has (what the first run takes). The results are the same bits
 * either way; tests compare the two. Whether four it is.
 */
bool program_wide_lanes(int want);
/* Whether the lanes run four at a time. */
bool program_lanes_wide(void);

/*
 * Evaluates a tree that refers to no variables (or whose slots are in vals).
 * Returns false with f filled on a fault.
 */
bool expr_eval_const(const Node *n, const double *vals, double *out, Fault *f);

/* ---- rendering ---- */
typedef void (*VarFormatter)(void *ctx, int slot, Buf *out);
/* Writes the tree as a formula, names as written, × for multiplication. */
void expr_render(const Node *n, Buf *out);
/* Same, with each variable replaced by fmt's text (its value). */
void expr_render_values(const Node *n, Buf *out, VarFormatter fmt, void *ctx);
/* Writes a fully parenthesised reading of the tree with notes on ambiguous tokens. */
void expr_explain(const Node *n, Buf *out);

#endif
