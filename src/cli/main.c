/* boe: back-of-envelope capacity calculator. Dispatches to the commands. */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static int cmd_help(int argc, char **argv);
static void usage(FILE *f);

static const CliCommand commands[] = {
	{"tui", cmd_tui, "open the interactive interface on a preset or file"},
	{"list", cmd_list, "list the presets: name, difficulty, title, scope"},
	{"calc", cmd_calc, "compute scenarios: a text, markdown, json, yaml or html report"},
	{"check", cmd_check, "compare scenarios with the figures their source states"},
	{"eval", cmd_eval, "evaluate expressions in the units language"},
	{"practice", cmd_practice, "interview drill: estimate each quantity, get graded"},
	{"cards", cmd_cards, "flashcards of the numbers to know, with spaced repetition"},
	{"mock", cmd_mock, "a timed estimation mock scored on the guide's rubric"},
	{"today", cmd_today, "the day's practice plan, with the command for each step"},
	{"quantities", cmd_quantities, "list the standard quantities and their formulas"},
	{"solve", cmd_solve, "find the input value at which a result reaches a target"},
	{"compare", cmd_compare, "scenarios side by side, with each value's ratio to the first"},
	{"sweep", cmd_sweep, "a result at each step of an input across a range"},
	{"completion", cmd_completion, "shell completion script: bash, zsh or fish"},
	{"help", cmd_help, "the help of a command: boe help calc"},
};

const CliCommand *cli_commands(size_t *n)
{
	*n = ARRAY_LEN(commands);
	return commands;
}

/* boe help COMMAND is boe COMMAND --help; boe help alone, the usage. */
static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc > 2) {
		cli_fail("help: one command at a time ('boe help %s')", argv[1]);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0 && commands[i].fn != cmd_help) {
			char *args[] = {argv[1], "--help", NULL};
			return commands[i].fn(2, args);
		}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	const char *names[ARRAY_LEN(commands)];
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		names[i] = commands[i].name;
	const char *sugg = suggest_name(argv[1], names, ARRAY_LEN(commands));
	if (sugg)
		cli_fail("help: unknown command '%s' (did you mean '%s'?)", argv[1], sugg);
	else
		cli_fail("help: unknown command '%s'; 'boe --help' lists them", argv[1]);
	return EXIT_USAGE;
}

static void usage(FILE *f)
{
	fputs("usage: boe [COMMAND] [ARGS]\n"
	      "\n"
	      "Back-of-envelope capacity estimates for system design: from daily users\n"
	      "to QPS, storage, bandwidth, concurrency, servers, cache and availability,\n"
	      "with every step shown. With no command, opens the interactive interface.\n"
	      "\n"
	      "commands:\n", f);
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].help);
	fputs("\n"
	      "examples:\n"
	      "  boe eval '50M * 20 / day'\n"
	      "  boe calc url-shortener --set peak_factor=5\n"
	      "  boe check --all\n"
	      "\n"
	      "'boe help COMMAND' (or 'boe COMMAND --help') tells more; 'man boe' has the\n"
	      "units language, the file format and the environment.\n",
	      f);
}

/*
 * Results reach stdout through a buffer: a full disk or a closed pipe shows
 * only when it is flushed and closed. Either failing is an error (exit 2),
 * never a silent success. The reason given is the failing call's own errno:
 * the flush's or the close's, else the first failed cli_out's (a worker
 * thread may have written), else none is claimed, for errno by then may tell
 * of anything since.
 */
static int finish(int rc)
{
	errno = 0;
	int e = 0;
	bool bad = fflush(stdout) != 0;
	if (bad)
		e = errno;
	else if (ferror(stdout)) {
		bad = true;
		e = cli_out_errno();
	}
	errno = 0;
	if (fclose(stdout) != 0 && !bad) {
		bad = true;
		e = errno;
	}
	if (bad) {
		cli_fail("write error: %s", e > 0 ? strerror(e) : "output could not be written");
		return EXIT_USAGE;
	}
	return rc;
}

static int run(int argc, char **argv);

int main(int argc, char **argv)
{
#ifdef __GLIBC__
	/*
	 * Heaps grow 4 MB at a time (address space; pages count only once
	 * touched). Growing one takes the process's memory map for writing, which
	 * stalls the other threads' page faults: --all on two cores spent a
	 * quarter of its time so (6.0 -> 5.4 ms).
	 */
	mallopt(M_TOP_PAD, 4 << 20);
#endif
	return finish(run(argc, argv));
}

static int run(int argc, char **argv)
{
	if (argc < 2)
		return cmd_tui(argc, argv);
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("boe %s\n", BOE_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	const char *names[ARRAY_LEN(commands)];
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		names[i] = commands[i].name;
	const char *sugg = suggest_name(cmd, names, ARRAY_LEN(commands));
	if (sugg)
		cli_fail("unknown command '%s' (did you mean '%s'?)", cmd, sugg);
	else
		cli_fail("unknown command '%s'; 'boe --help' lists them", cmd);
	return EXIT_USAGE;
}
