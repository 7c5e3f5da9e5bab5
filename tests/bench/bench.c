/*
 * make bench: speed and memory figures, printed (never asserted).
 *   - evaluations per second of the compiled standard chain on one core
 *   - wall time and peak resident memory of whole boe runs (fork/exec, wait4)
 * Usage: bench BOE_BINARY FLOOR_BINARY [QALC_BINARY]
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/time.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <signal.h>
#include <fcntl.h>
#include <unistd.h>

#include "boe/scenario.h"

static double chain_evals_per_second(Scenario *s, double *nops)
{
	BoeError err;
	int n = program_nslots(s->prog);
	double *init = xmalloc((size_t)n * sizeof *init);
	memcpy(init, program_init(s->prog), (size_t)n * sizeof *init);
	int dau = scenario_find(s, "dau");
	long iters = 0;
	double t0 = now_seconds(), t1;
	do {
		for (int k = 0; k < 10000; k++) {
			/* vary an input, as a Monte Carlo run would */
			s->slots[dau] = init[dau] * (1 + (double)(k & 7) * 0.01);
			if (!scenario_rerun(s, &err)) {
				fprintf(stderr, "bench: %s\n", err.msg);
				exit(1);
			}
		}
		iters += 10000;
		t1 = now_seconds();
	} while (t1 - t0 < 1.0);
	*nops = program_nops(s->prog);
	free(init);
	return (double)iters / (t1 - t0);
}

/*
 * Monte Carlo: the url-shortener chain with five ranged inputs, 100,000
 * samples, the 5th/50th/95th percentiles and mean of every quantity that
 * varies, timed as one scenario_compute (binding and compiling included).
 */
static int cmp_double_ms(const void *a, const void *b);

/* CPU time of the calling thread: what one core spends, whatever else the machine runs. */
static double cpu_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A figure against its target: "  MISS" after it when it misses (bench.sh counts them all). */
static const char *miss_flag(bool miss)
{
	return miss ? "  MISS" : "";
}

static void bench_ranges(void)
{
	static const char *sets[] = {
		"peak_factor=2..5", "object_size=300B..1KB", "server_rps=500..2000/s",
		"reads_per_write=50..200", "cache_hit_ratio=70%..95%",
	};
	BoeError err;
	Scenario *s = scenario_load_file("presets/url-shortener.yaml", &err);
	if (!s || !scenario_compute(s, &err)) {
		printf("  (url-shortener did not load: %s)\n", err.msg);
		scenario_free(s);
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(sets); i++)
		if (!scenario_override_arg(s, sets[i], &err)) {
			printf("  (--set %s: %s)\n", sets[i], err.msg);
			scenario_free(s);
			return;
		}
	double t[15], cpu[15];
	for (int i = 0; i < 15; i++) {
		/* a seed of its own each time: the draws are made, not read from the thread's table of the run before */
		scenario_set_sampling(s, 100000, 1 + (uint64_t)i);
		double t0 = now_seconds(), c0 = cpu_seconds();
		if (!scenario_compute(s, &err)) {
			printf("  (compute failed: %s)\n", err.msg);
			scenario_free(s);
			return;
		}
		/* the summaries are made when first asked for: ask for every one inside the timing */
		double sink = 0;
		for (size_t k = 0; k < s->nq; k++) {
			const Summary *r = scenario_range(s, (int)k);
			sink += r ? r->p5 + r->p95 : 0;
		}
		t[i] = (now_seconds() - t0) * 1000;
		cpu[i] = (cpu_seconds() - c0) * 1000;
		if (sink < 0)
			printf("  (negative percentiles?)\n");
	}
	double best = t[0];
	for (int i = 1; i < 15; i++)
		best = t[i] < best ? t[i] : best;
	qsort(t, 15, sizeof *t, cmp_double_ms);
	qsort(cpu, 15, sizeof *cpu, cmp_double_ms);
	size_t varying = 0;
	for (size_t i = 0; i < s->nq; i++)
		varying += scenario_range(s, (int)i) != NULL;
	printf("\nranges (Monte Carlo through the tape)\n");
	printf("  url-shortener, 5 ranged inputs, 100,000 samples, percentiles of all %zu varying quantities\n",
	       varying);
	printf("  one compute (bind, compile, sample, summarise)  median %6.2f ms  best %6.2f ms   target < 20 ms%s\n",
	       t[7], best, miss_flag(t[7] >= 20));
	printf("  the same in CPU time of this thread           median %6.2f ms  best %6.2f ms   (other processes on the machine excluded)\n",
	       cpu[7], cpu[0]);
	/* 10,000 samples, the count of an edit in the interface: with a new seed each time, then with the same one (an edit: the draws kept) */
	for (int same = 0; same < 2; same++) {
		for (int i = 0; i < 15; i++) {
			scenario_set_sampling(s, 10000, same ? 1 : 100 + (uint64_t)i);
			double t0 = now_seconds();
			scenario_compute(s, &err);
			for (size_t k = 0; k < s->nq; k++)
				scenario_range(s, (int)k);
			t[i] = (now_seconds() - t0) * 1000;
		}
		qsort(t, 15, sizeof *t, cmp_double_ms);
		printf(same ? "  the same seed again (an edit in the interface: the draws kept)  median %6.2f ms\n"
			    : "  the same at 10,000 samples, a new seed each time      median %6.2f ms\n",
		       t[7]);
	}
	scenario_free(s);
}

static int cmp_double_ms(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

enum { REPS = 41 };

typedef struct Run {
	double best_ms, median_ms;
	long maxrss_kb;
} Run;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Runs argv `reps` times with stdout to /dev/null; best and median wall time, peak RSS. */
static Run time_command(char *const argv[], int reps)
{
	Run r = {1e9, 0, 0};
	double *t = xmalloc((size_t)reps * sizeof *t);
	for (int i = 0; i < reps; i++) {
		double t0 = now_seconds();
		pid_t pid = fork();
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			dup2(fd, 2);
			execv(argv[0], argv);
			_exit(127);
		}
		int status;
		struct rusage ru;
		wait4(pid, &status, 0, &ru);
		t[i] = (now_seconds() - t0) * 1000;
		if (!WIFEXITED(status) || WEXITSTATUS(status) == 127) {
			r.best_ms = -1;
			break;
		}
		if (ru.ru_maxrss > r.maxrss_kb)
			r.maxrss_kb = ru.ru_maxrss;
	}
	if (r.best_ms >= 0) {
		qsort(t, (size_t)reps, sizeof *t, cmp_double);
		r.best_ms = t[0];
		r.median_ms = t[reps / 2];
	}
	free(t);
	return r;
}

/*
 * A scenario of n defines, each reading the one before (reverse: each reading
 * the one after, so binding goes n deep), written to dir. Returns its path.
 */
static char *write_defines(const char *dir, int n, bool reverse)
{
	char *path = xasprintf("%s/defines-%d%s.yaml", dir, n, reverse ? "-reverse" : "");
	FILE *f = fopen(path, "w");
	if (!f)
		return path;
	fputs("boe: 1\ndefine:\n", f);
	for (int i = 0; i < n; i++) {
		if (reverse)
			i < n - 1 ? fprintf(f, "  q%d: q%d + 1\n", i, i + 1) : fprintf(f, "  q%d: 1\n", i);
		else
			i ? fprintf(f, "  q%d: q%d + 1\n", i, i - 1) : fprintf(f, "  q%d: 1\n", i);
	}
	fclose(f);
	return path;
}

/* Loading and compiling grow linearly: 40,000 defines against 10,000 in the same run. */
static void bench_loading(char *boe)
{
	char dir[] = "/tmp/boe-bench-XXXXXX";
	if (!mkdtemp(dir)) {
		printf("  (no temporary directory)\n");
		return;
	}
	printf("\nloading and compiling large scenarios (10 runs each)\n");
	double t[2] = {0, 0};
	int sizes[2] = {10000, 40000};
	for (int k = 0; k < 2; k++) {
		char *path = write_defines(dir, sizes[k], false);
		char *argv[] = {boe, "calc", path, "--format", "json", NULL};
		Run r = time_command(argv, 10);
		t[k] = r.median_ms;
		printf("  %6d defines (%4.0f KB)                     median %7.1f ms  peak RSS %5.1f MB\n",
		       sizes[k], sizes[k] * 20.0 / 1024, r.median_ms, r.maxrss_kb / 1024.0);
		unlink(path);
		free(path);
	}
	/* linear is 4x, n log n about 4.6x, quadratic 16x: more than 8x is flagged (a noisy machine has shown 5.9x) */
	if (t[0] > 0)
		printf("  40,000 / 10,000 defines: %.1fx the time     target: well under 1 s, and ~4x (linear)%s\n",
		       t[1] / t[0], miss_flag(t[1] >= 1000 || t[1] / t[0] > 8));
	char *path = write_defines(dir, 40000, true);
	char *argv[] = {boe, "calc", path, "--format", "json", NULL};
	Run r = time_command(argv, 10);
	printf("  40,000 defines written in reverse order       median %7.1f ms  (binding 40,000 deep)\n",
	       r.median_ms);
	unlink(path);
	free(path);
	rmdir(dir);
}

/* One run of argv with stdout and stderr to /dev/null: wall ms; peak RSS (KB) in *rss. -1 when it could not run. */
/* In a forked child: argv with its output thrown away and env ("NAME=value", or NULL) added. */
static void exec_quiet(char *const argv[], char *env)
{
	int fd = open("/dev/null", O_WRONLY);
	dup2(fd, 1);
	dup2(fd, 2);
	if (env)
		putenv(env);
	execv(argv[0], argv);
	_exit(127);
}

static double run_once(char *const argv[], char *env, long *rss)
{
	double t0 = now_seconds();
	pid_t pid = fork();
	if (pid == 0)
		exec_quiet(argv, env);
	int status;
	struct rusage ru;
	wait4(pid, &status, 0, &ru);
	double t = (now_seconds() - t0) * 1000;
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
		return -1;
	if (ru.ru_maxrss > *rss)
		*rss = ru.ru_maxrss;
	return t;
}

/*
 * The peak resident memory of one run of argv, in KB (-1 when unknown). The
 * kernel's ru_maxrss of a child counts the forked copy of this process from
 * before exec, so it is read instead from the child's own VmHWM, stopped
 * by ptrace at its exit (PTRACE_O_TRACEEXIT) before its memory goes.
 */
static long peak_rss_kb(char *const argv[], char *env)
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		exec_quiet(argv, env);
	}
	int st;
	long kb = -1;
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st) ||
	    ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)PTRACE_O_TRACEEXIT) != 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return -1;
	}
	ptrace(PTRACE_CONT, pid, NULL, NULL);
	while (waitpid(pid, &st, 0) == pid && WIFSTOPPED(st)) {
		if ((st >> 8) == (SIGTRAP | (PTRACE_EVENT_EXIT << 8))) {
			char path[64], line[256];
			snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
			FILE *f = fopen(path, "r");
			while (f && fgets(line, sizeof line, f))
				if (strncmp(line, "VmHWM:", 6) == 0)
					kb = atol(line + 6);
			if (f)
				fclose(f);
			ptrace(PTRACE_CONT, pid, NULL, NULL);
		} else {
			ptrace(PTRACE_CONT, pid, NULL, (void *)(long)WSTOPSIG(st));
		}
	}
	return kb;
}

typedef struct Cmd {
	const char *label;
	char *argv[8];
	char *env;		/* added to its environment, or NULL */
	double target;		/* ratio of the median to the floor's; 0: none */
	double rss_target_mb;	/* 0: none */
	double t[REPS];
	long rss;
	bool failed;
	bool absent;		/* not built on this machine: left out, and said so */
} Cmd;

/* The floor's parts are built beside it: floor-static and bare in its directory. */
static char *beside(const char *floor_bin, const char *name)
{
	const char *slash = strrchr(floor_bin, '/');
	int dir = slash ? (int)(slash - floor_bin + 1) : 0;
	return xasprintf("%.*s%s", dir, floor_bin, name);
}

/* Microseconds one CPUID instruction takes here (0 where there is none): on a virtual machine it traps to the hypervisor. */
static double cpuid_us(void)
{
#if defined(__x86_64__) || defined(__i386__)
	double best = 1e9;
	for (int round = 0; round < 5; round++) {
		double t0 = now_seconds();
		for (int i = 0; i < 40; i++) {
			unsigned a = 0, b, c = 0, d;
			__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
		}
		double us = (now_seconds() - t0) * 1e6 / 40;
		if (us < best)
			best = us;
	}
	return best;
#else
	return 0;
#endif
}

static double eval_median_ms; /* boe eval '1+2' in the whole runs, for the comparison with qalc */

/*
 * The whole runs, each as a ratio to the process floor (a C program that
 * only exits) measured in the same run. The commands are interleaved, one
 * run of each in turn, so that a machine busy for a while slows them all
 * alike; min and median of REPS runs each. A figure that misses its target
 * is flagged MISS.
 */
static void bench_whole_runs(char *boe, char *floor_bin)
{
	static char one_thread[] = "BOE_THREADS=1";
	char *floor_static = floor_bin ? beside(floor_bin, "floor-static") : NULL;
	char *bare = floor_bin ? beside(floor_bin, "bare") : NULL;
	enum { FLOOR, FLOOR_STATIC, BARE }; /* the first rows: the floor, then its parts */
	Cmd cmds[] = {
		{"process floor (a C program that only exits)", {floor_bin}, NULL, 0, 0, {0}, 0, false, false},
		/* what the floor is made of: the C library's start (dynamic or static), and the rest */
		{"  the same linked statically, as boe is", {floor_static}, NULL, 0, 0, {0}, 0, false, false},
		{"  a process with no C library at all", {bare}, NULL, 0, 0, {0}, 0, false, false},
		{"boe eval '1+2'", {boe, "eval", "1+2"}, NULL, 1.2, 2.0, {0}, 0, false, false},
		{"boe calc (default scenario, text)", {boe, "calc"}, NULL, 1.2, 0, {0}, 0, false, false},
		{"boe calc url-shortener", {boe, "calc", "url-shortener"}, NULL, 1.2, 0, {0}, 0, false, false},
		{"boe calc url-shortener --format json", {boe, "calc", "url-shortener", "--format", "json"}, NULL, 1.2, 0,
		 {0}, 0, false, false},
		{"boe list", {boe, "list"}, NULL, 1.5, 0, {0}, 0, false, false},
		{"boe calc --all --format json", {boe, "calc", "--all", "--format", "json"}, NULL, 3, 0, {0}, 0, false, false},
		/* the --all commands again on one thread: what the second core adds */
		{"  the same on one thread (BOE_THREADS=1)", {boe, "calc", "--all", "--format", "json"}, one_thread, 0, 0,
		 {0}, 0, false, false},
		{"boe check --all", {boe, "check", "--all"}, NULL, 3, 0, {0}, 0, false, false},
		{"  the same on one thread (BOE_THREADS=1)", {boe, "check", "--all"}, one_thread, 0, 0, {0}, 0, false, false},
	};
	size_t nc = ARRAY_LEN(cmds);
	if (!floor_bin) {
		printf("\nwhole runs: no floor program given\n");
		return;
	}
	/* the floor's parts may not be built here (another architecture, no static C library) */
	for (size_t c = FLOOR_STATIC; c <= BARE; c++)
		cmds[c].absent = access(cmds[c].argv[0], X_OK) != 0;
	/* a few runs of each first, so that every file is in the page cache */
	for (size_t c = 0; c < nc; c++)
		for (int w = 0; w < 3 && !cmds[c].absent; w++) {
			long rss = 0;
			run_once(cmds[c].argv, cmds[c].env, &rss);
		}
	for (int i = 0; i < REPS; i++)
		for (size_t c = 0; c < nc; c++) {
			if (cmds[c].absent)
				continue;
			double t = cmds[c].failed ? -1 : run_once(cmds[c].argv, cmds[c].env, &cmds[c].rss);
			if (t < 0)
				cmds[c].failed = true;
			cmds[c].t[i] = t;
		}
	for (size_t c = 0; c < nc; c++)
		if (!cmds[c].failed && !cmds[c].absent)
			cmds[c].rss = peak_rss_kb(cmds[c].argv, cmds[c].env);
	printf("\nwhole runs (%s; %d runs each, interleaved; ratios to the floor's min and median)\n", boe, REPS);
	double fmin = 0, fmed = 0;
	for (size_t c = 0; c < nc; c++) {
		Cmd *k = &cmds[c];
		if (k->absent) {
			printf("  %-44s (not built on this machine)\n", k->label);
			continue;
		}
		if (k->failed) {
			printf("  %-44s (could not run)  MISS\n", k->label);
			continue;
		}
		qsort(k->t, REPS, sizeof *k->t, cmp_double);
		double mn = k->t[0], med = k->t[REPS / 2];
		if (c == FLOOR) {
			fmin = mn;
			fmed = med;
			printf("  %-44s min %6.2f ms  median %6.2f ms  peak RSS %5.1f MB\n", k->label, mn, med,
			       k->rss / 1024.0);
			continue;
		}
		double rmin = mn / fmin, rmed = med / fmed;
		bool miss = k->target > 0 && rmed > k->target;
		bool rss_miss = k->rss_target_mb > 0 && k->rss / 1024.0 > k->rss_target_mb;
		char tgt[64] = "";
		if (k->target > 0)
			snprintf(tgt, sizeof tgt, "target <= %.1fx", k->target);
		if (k->rss_target_mb > 0)
			snprintf(tgt + strlen(tgt), sizeof tgt - strlen(tgt), ", RSS <= %.0f MB", k->rss_target_mb);
		printf("  %-44s min %6.2f ms  median %6.2f ms  %5.2fx / %5.2fx  peak RSS %5.1f MB  %s%s%s\n",
		       k->label, mn, med, rmin, rmed, k->rss / 1024.0, tgt, miss ? "  MISS" : "",
		       rss_miss ? "  MISS (RSS)" : "");
		if (strcmp(k->argv[1] ? k->argv[1] : "", "eval") == 0)
			eval_median_ms = med;
	}
	printf("  (ratios: min / min and median / median; the target applies to the median;\n"
	       "   peak RSS: the process's own high-water mark, read at its exit)\n");
	if (!cmds[BARE].absent && !cmds[BARE].failed)
		printf("  the floor less a process with no C library: %.2f ms, the C library's start-up (its loading included)\n",
		       fmed - cmds[BARE].t[REPS / 2]);
	double cpuid = cpuid_us();
	if (cpuid > 0)
		printf("  one CPUID instruction: %.2f us here (a virtual machine traps it to its hypervisor;\n"
		       "   the C library runs it dozens of times as it starts, in the floor and in boe alike)\n",
		       cpuid);
	free(floor_static);
	free(bare);
}

/*
 * The machine the figures were taken on, from /proc/cpuinfo where there is
 * one: its processor, its clock and its cores. The absolute targets (the
 * engine's, the samples') move with it; the ratios to the floor less so.
 */
static void print_machine(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512], model[256] = "", family[32] = "", number[32] = "";
	double mhz = 0;
	int cpus = 0;
	while (f && fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		char *v = colon + 1 + strspn(colon + 1, " \t");
		v[strcspn(v, "\n")] = '\0';
		if (strncmp(line, "processor", 9) == 0)
			cpus++;
		else if (!model[0] && strncmp(line, "model name", 10) == 0)
			snprintf(model, sizeof model, "%s", v);
		else if (!family[0] && strncmp(line, "cpu family", 10) == 0)
			snprintf(family, sizeof family, "%s", v);
		else if (!number[0] && strncmp(line, "model\t", 6) == 0)
			snprintf(number, sizeof number, "%s", v);
		else if (mhz == 0 && strncmp(line, "cpu MHz", 7) == 0)
			mhz = atof(v);
	}
	if (f)
		fclose(f);
	if (!model[0] && !cpus)
		return;
	char *shown = text_sanitize(model[0] ? model : "a processor", 0); /* (text from a file, neutralised) */
	printf("machine: %s", shown);
	free(shown);
	if (family[0] && number[0])
		printf(" (family %s, model %s)", family, number);
	if (mhz > 0)
		printf(", %.0f MHz", mhz);
	printf(", %d logical CPU%s\n", cpus, cpus == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: bench BOE FLOOR [QALC]\n");
		return 2;
	}
	print_machine();
	BoeError err;
	Scenario *s = scenario_new_default();
	if (!scenario_compute(s, &err)) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	double nops;
	double eps = chain_evals_per_second(s, &nops);
	printf("engine\n");
	printf("  compiled standard chain: %zu quantities, %.0f operations on the tape\n", s->nq, nops);
	printf("  evaluations per second (one core)         %.2f million        target >= 5 million%s\n",
	       eps / 1e6, miss_flag(eps < 5e6));
	printf("  time per evaluation                        %.0f ns\n", 1e9 / eps);
	scenario_free(s);
	bench_ranges();

	char *boe = argv[1];
	char *floor_bin = argc > 2 ? argv[2] : NULL;
	bench_whole_runs(boe, floor_bin);
	bench_loading(boe);
	if (argc > 3 && access(argv[3], X_OK) == 0) {
		char *qalc[] = {argv[3], "-t", "1+2", NULL};
		Run r = time_command(qalc, 20);
		if (r.best_ms < 0 || eval_median_ms <= 0)
			printf("  qalc -t '1+2': could not be compared\n");
		else
			printf("  qalc -t '1+2' (for comparison)              median %6.2f ms: %.0fx boe eval's   target: boe 10x faster%s\n",
			       r.median_ms, r.median_ms / eval_median_ms, miss_flag(r.median_ms < 10 * eval_median_ms));
	} else {
		printf("  qalc not installed: no comparison\n");
	}
	return 0;
}
