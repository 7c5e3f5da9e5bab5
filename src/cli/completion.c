/*
 * boe completion bash|zsh|fish: the shell completion scripts. Commands come
 * from the command table (main.c), each command's options and formats from
 * the table below; preset names are asked of boe when Tab is pressed
 * (`boe completion --words presets`), since they depend on the search path,
 * and quantity names after --set the same way (with the own quantities of
 * the scenarios the line names: `--words quantities COMMAND WORD...`).
 */
#include <stdlib.h>
#include <string.h>

#include "boe/cards.h"
#include "boe/drill.h"
#include "boe/preset.h"
#include "cli.h"

/* A command's options ("=" after one that takes a value) and formats. */
static const struct {
	const char *cmd;
	const char *options;
	const char *formats;
	bool scenarios;		/* takes preset names or files */
	bool target;		/* first takes NAME=...: sweep's INPUT=LO..HI, solve's NAME=TARGET */
} table[] = {
	{"tui", "--help", NULL, true, false},
	{"list", "--format= --help", "text json", false, false},
	{"calc", "--all --set= --format= -o= --output= --force --iec --bits --charts --samples= --seed= "
		 "--sensitivity= --help", "text markdown json yaml html", true, false},
	{"check", "--all --set= --samples= --seed= --help", NULL, true, false},
	{"eval", "--set= --explain --format= --samples= --seed= --help", "text json", false, false},
	{"practice", "--questions= --seed= --time= --time-each= --calc --strict --no-history --stats "
		     "--difficulty= --skill= --retry --help", NULL, true, false},
	{"cards", "--new= --minutes= --no-save --due --stats --list --help", NULL, false, false},
	{"mock", "--time= --skill= --difficulty= --no-sheet --no-history --trend --help", NULL, true, false},
	{"today", "--help", NULL, false, false},
	{"quantities", "--format= --help", "text markdown json", false, false},
	{"solve", "--for= --set= --format= --help", "text json", true, true},
	{"compare", "--set= --changed --format= --iec --bits --help", "text markdown json", true, false},
	{"sweep", "--steps= --show= --set= --format= --help", "text markdown json csv", true, true},
	{"completion", "--help", NULL, false, false},
	{"help", "", NULL, false, false},
};

static int find(const char *cmd)
{
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (strcmp(table[i].cmd, cmd) == 0)
			return (int)i;
	return -1;
}

/* Options after which the next word is a quantity name. */
static const char quantity_opts[] = "--sensitivity --for --show";

/* Whether the option p[0..w) is one of quantity_opts. */
static bool takes_quantity(const char *p, size_t w)
{
	for (const char *q = quantity_opts; *q;) {
		size_t n = strcspn(q, " ");
		if (n == w && strncmp(p, q, w) == 0)
			return true;
		q += n;
		while (*q == ' ')
			q++;
	}
	return false;
}

/* Each word of a space-separated list on its own line, with "=" dropped (or kept). */
static void words(const char *list, bool keep_eq)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, " ");
		size_t w = !keep_eq && n && p[n - 1] == '=' ? n - 1 : n;
		if (w)
			printf("%.*s\n", (int)w, p);
		p += n;
		while (*p == ' ')
			p++;
	}
}

/* Whether opt, a word of the command line, is one of command t's options that take a value. */
static bool takes_value(int t, const char *opt)
{
	size_t w = strlen(opt);
	for (const char *p = table[t].options; *p;) {
		size_t n = strcspn(p, " ");
		if (n == w + 1 && p[w] == '=' && strncmp(p, opt, w) == 0)
			return true;
		p += n;
		while (*p == ' ')
			p++;
	}
	return false;
}

typedef struct Names {
	char **v;
	size_t n, cap;
	NameIndex index;
} Names;

static const char *names_at(const void *ctx, int i)
{
	return ((const Names *)ctx)->v[i];
}

/*
 * The quantities the scenarios on the command line add to the standard ones
 * (their defines), each name once and followed by suffix: the words that are
 * not options nor an option's value, read as the command reads a preset or a
 * file. One that does not load adds nothing (Tab never prints an error).
 */
static void scenario_quantities(int t, char **argv, int argc, const char *suffix)
{
	if (t < 0 || !table[t].scenarios)
		return;
	Names seen = {0};
	name_index_init(&seen.index, names_at, &seen);
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (w[0] == '-' || (i > 0 && takes_value(t, argv[i - 1])))
			continue;
		char *path = preset_arg_is_path(w) ? xstrdup(w) : preset_find(w);
		BoeError err;
		Scenario *sc = path ? scenario_load_file(path, &err) : NULL;
		free(path);
		for (size_t k = 0; sc && k < sc->nq; k++) {
			const Quantity *q = &sc->q[k];
			if (q->std || !quantity_listed(q) || name_index_find(&seen.index, q->name) >= 0)
				continue;
			seen.v = xgrow(seen.v, seen.n, &seen.cap, sizeof *seen.v, 32);
			seen.v[seen.n] = xstrdup(q->name);
			name_index_add(&seen.index, (int)seen.n++);
			printf("%s%s\n", q->name, suffix);
		}
		scenario_free(sc);
	}
	for (size_t i = 0; i < seen.n; i++)
		free(seen.v[i]);
	free(seen.v);
	name_index_free(&seen.index);
}

/* The standard quantities, then the scenarios' own (scenario_quantities), each followed by suffix. */
static void quantity_words(int t, char **rest, int nrest, const char *suffix)
{
	size_t n;
	const StdQuantity *q = std_quantities(&n);
	for (size_t i = 0; i < n; i++)
		printf("%s%s\n", q[i].name, suffix);
	scenario_quantities(t, rest, nrest, suffix);
}

/* `boe completion --words KIND [COMMAND [WORD...]]`: what the scripts ask for when Tab is pressed. */
static int print_words(const char *kind, const char *cmd, char **rest, int nrest)
{
	int t = cmd ? find(cmd) : -1;
	if (strcmp(kind, "commands") == 0) {
		size_t n;
		const CliCommand *c = cli_commands(&n);
		for (size_t i = 0; i < n; i++)
			printf("%s\n", c[i].name);
	} else if (strcmp(kind, "presets") == 0) {
		size_t n;
		PresetInfo *list = preset_list_headers(&n);
		for (size_t i = 0; i < n; i++)
			if (!list[i].error) {
				char *name = text_sanitize(list[i].name, 0);
				printf("%s\n", name);
				free(name);
			}
		if (CLI_FREE_AT_EXIT)
			preset_list_free(list, n);
	} else if (strcmp(kind, "quantities") == 0) {
		quantity_words(t, rest, nrest, "");
	} else if (strcmp(kind, "target") == 0) {
		/* sweep's INPUT= and solve's NAME=, until the line has one */
		bool has = t < 0 || !table[t].target;
		for (int i = 0; i < nrest && !has; i++)
			has = rest[i][0] != '-' && strchr(rest[i], '=') && !(i > 0 && takes_value(t, rest[i - 1]));
		if (!has)
			quantity_words(t, rest, nrest, "=");
	} else if (strcmp(kind, "decks") == 0) {
		BoeError err;
		CardSet *set = cards_load(NULL, 0, &err);
		for (size_t i = 0; set && i < set->ndecks; i++) {
			char *name = text_sanitize(set->decks[i].name, 0);
			printf("%s\n", name);
			free(name);
		}
		cards_free(set);
	} else if (strcmp(kind, "options") == 0) {
		words(t >= 0 ? table[t].options : "--help", false);
	} else if (strcmp(kind, "formats") == 0) {
		words(t >= 0 ? table[t].formats : NULL, false);
	} else {
		cli_fail("completion: --words takes commands, presets, quantities, target, decks, options or formats, not '%s'",
			 kind);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* The difficulties, then the skills, space-separated (the core's lists, written into the scripts). */
static void difficulties(void)
{
	for (size_t k = 0; k < SCENARIO_DIFFICULTIES; k++)
		printf("%s%s", k ? " " : "", scenario_difficulty_names[k]);
}

static void skills(void)
{
	for (int k = 0; k < SKILL_COUNT; k++)
		printf("%s%s", k ? " " : "", skill_name((Skill)k));
}

/* The commands that take scenarios, space-separated, for a case pattern or a fish condition. */
static void scenario_commands(const char *sep)
{
	size_t k = 0;
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (table[i].scenarios)
			printf("%s%s", k++ ? sep : "", table[i].cmd);
}

static void bash_script(void)
{
	/*
	 * The words boe gives are matched against the word typed here, never
	 * passed to compgen -W, which expands them: a preset's name comes from
	 * a file, and a name like $(...) would run. File names are read a line
	 * each, never split or globbed.
	 */
	fputs("# bash completion for boe; generated by 'boe completion bash'.\n"
	      "# Load it with: source <(boe completion bash), or put it in\n"
	      "# ~/.local/share/bash-completion/completions/boe (make install does).\n"
	      "# __boe_words SUFFIX KIND [COMMAND [WORD...]]: boe's words of KIND that start\n"
	      "# with $cur, with SUFFIX, each as it is (none is expanded); for quantities, the\n"
	      "# other words of the line name the scenarios whose own quantities join them.\n"
	      "__boe_words() {\n"
	      "\tlocal suffix=$1 w\n"
	      "\tshift\n"
	      "\twhile IFS= read -r w; do\n"
	      "\t\t[[ $w == \"$cur\"* ]] && COMPREPLY+=(\"$w$suffix\")\n"
	      "\tdone < <(\"$boe\" completion --words \"$@\" 2>/dev/null)\n"
	      "}\n"
	      "# __boe_these WORD...: those that start with $cur\n"
	      "__boe_these() {\n"
	      "\tlocal w\n"
	      "\tfor w; do [[ $w == \"$cur\"* ]] && COMPREPLY+=(\"$w\"); done\n"
	      "}\n"
	      "# __boe_files [PATTERN]: the files that start with $cur (with PATTERN, those\n"
	      "# compgen -X keeps, then the directories), a line each, quoted when inserted\n"
	      "__boe_files() {\n"
	      "\tlocal f\n"
	      "\twhile IFS= read -r f; do COMPREPLY+=(\"$f\"); done < <(\n"
	      "\t\tcompgen -f ${1:+-X \"$1\"} -- \"$cur\"\n"
	      "\t\t[ -n \"${1-}\" ] && compgen -d -- \"$cur\")\n"
	      "\tcompopt -o filenames 2>/dev/null\n"
	      "}\n"
	      "_boe() {\n"
	      "\tlocal boe=$1 cur prev words cword\n"
	      "\tif declare -F _init_completion >/dev/null; then\n"
	      "\t\t_init_completion -n = || return\n"
	      "\telse\n"
	      "\t\twords=(\"${COMP_WORDS[@]}\"); cword=$COMP_CWORD\n"
	      "\t\tcur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tfi\n"
	      "\t# --opt=VALUE is completed as --opt VALUE: the whole word (bash-completion\n"
	      "\t# keeps it whole), or split at the '=' (bash alone splits there)\n"
	      "\tif [[ $cur == --*=* ]]; then\n"
	      "\t\tprev=${cur%%=*}; cur=${cur#*=}\n"
	      "\telif [[ $cur == = && $prev == --* ]]; then\n"
	      "\t\tcur=\n"
	      "\telif [[ $prev == = && $cword -ge 3 ]]; then\n"
	      "\t\t[[ ${words[cword-2]} == --* ]] || return\n"
	      "\t\tprev=${words[cword-2]}\n"
	      "\tfi\n"
	      "\tCOMPREPLY=()\n"
	      "\tif [ \"$cword\" -eq 1 ]; then\n"
	      "\t\t__boe_words '' commands\n"
	      "\t\t__boe_these --help --version\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tlocal cmd=${words[1]}\n"
	      "\tlocal others=(\"${words[@]:2:cword-2}\" \"${words[@]:cword+1}\")\n"
	      "\tcase $prev in\n"
	      "\t--format)\n"
	      "\t\t__boe_words '' formats \"$cmd\"\n"
	      "\t\treturn ;;\n"
	      "\t--set)\n"
	      "\t\tcase $cur in *=*) return ;; esac\n"
	      "\t\tcompopt -o nospace 2>/dev/null\n"
	      "\t\t__boe_words = quantities \"$cmd\" \"${others[@]}\"\n"
	      "\t\treturn ;;\n", stdout);
	printf("\t%s)\n", "--sensitivity|--for|--show");
	fputs("\t\t# --show takes a list: the name after the last comma, the others kept\n"
	      "\t\tlocal pre=\n"
	      "\t\tif [[ $prev == --show && $cur == *,* ]]; then pre=${cur%,*},; cur=${cur##*,}; fi\n"
	      "\t\t__boe_words '' quantities \"$cmd\" \"${others[@]}\"\n"
	      "\t\t[ -n \"$pre\" ] && COMPREPLY=(\"${COMPREPLY[@]/#/$pre}\")\n"
	      "\t\treturn ;;\n"
	      "\t-o|--output)\n"
	      "\t\t__boe_files\n"
	      "\t\treturn ;;\n"
	      "\t--samples|--seed|--questions|--time|--time-each|--steps|--new|--minutes)\n"
	      "\t\treturn ;;\n"
	      "\t--difficulty)\n"
	      "\t\t__boe_these ", stdout);
	difficulties();
	fputs("\n"
	      "\t\treturn ;;\n"
	      "\t--skill)\n"
	      "\t\t__boe_these ", stdout);
	skills();
	fputs("\n"
	      "\t\treturn ;;\n"
	      "\tesac\n"
	      "\tcase $cur in\n"
	      "\t-*)\n"
	      "\t\t__boe_words '' options \"$cmd\"\n"
	      "\t\treturn ;;\n"
	      "\tesac\n"
	      "\tcase $cmd in\n"
	      "\thelp)\n"
	      "\t\t__boe_words '' commands ;;\n"
	      "\tcompletion)\n"
	      "\t\t__boe_these bash zsh fish ;;\n"
	      "\tcards)\n"
	      "\t\t__boe_words '' decks ;;\n"
	      "\t", stdout);
	scenario_commands("|");
	fputs(")\n"
	      "\t\t# sweep's INPUT= and solve's NAME= come first, until the line has one\n"
	      "\t\tcase $cur in *=*) return ;; esac\n"
	      "\t\t__boe_words '' target \"$cmd\" \"${others[@]}\"\n"
	      "\t\tif [ ${#COMPREPLY[@]} -gt 0 ]; then compopt -o nospace 2>/dev/null; return; fi\n"
	      "\t\t__boe_words '' presets\n"
	      "\t\t__boe_these -\n"
	      "\t\t__boe_files '!*.y*ml'\n"
	      "\t\t;;\n"
	      "\tesac\n"
	      "}\n"
	      "complete -F _boe boe\n", stdout);
}

static void zsh_script(void)
{
	fputs("#compdef boe\n"
	      "# zsh completion for boe; generated by 'boe completion zsh'.\n"
	      "# Put it in a directory of $fpath as _boe (make install does), or load it\n"
	      "# after compinit with: source <(boe completion zsh)\n"
	      "_boe() {\n"
	      "\tlocal boe=${words[1]} cmd=${words[2]} prev=${words[CURRENT-1]} cur=${words[CURRENT]}\n"
	      "\t# the other words, unquoted: the scenarios whose own quantities join the standard ones\n"
	      "\tlocal -a others=(${(Q)words[3,CURRENT-1]} ${(Q)words[CURRENT+1,-1]})\n"
	      "\t# --opt=VALUE is completed as --opt VALUE, the part up to the '=' kept\n"
	      "\tif [[ $cur == --*=* ]]; then\n"
	      "\t\tprev=${cur%%=*}; cur=${cur#*=}\n"
	      "\t\tcompset -P 1 '*='\n"
	      "\tfi\n"
	      "\tif (( CURRENT == 2 )); then\n"
	      "\t\tcompadd -- ${(f)\"$($boe completion --words commands 2>/dev/null)\"} --help --version\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tcase $prev in\n"
	      "\t--format)\n"
	      "\t\tcompadd -- ${(f)\"$($boe completion --words formats $cmd 2>/dev/null)\"}; return ;;\n"
	      "\t--set)\n"
	      "\t\tcompadd -S = -- ${(f)\"$($boe completion --words quantities $cmd $others 2>/dev/null)\"}; return ;;\n"
	      "\t--sensitivity|--for|--show)\n"
	      "\t\t[[ $prev == --show ]] && compset -P '*,' # a list: the name after the last comma\n"
	      "\t\tcompadd -- ${(f)\"$($boe completion --words quantities $cmd $others 2>/dev/null)\"}; return ;;\n"
	      "\t-o|--output)\n"
	      "\t\t_files; return ;;\n"
	      "\t--difficulty)\n"
	      "\t\tcompadd -- ", stdout);
	difficulties();
	fputs("; return ;;\n"
	      "\t--skill)\n"
	      "\t\tcompadd -- ", stdout);
	skills();
	fputs("; return ;;\n"
	      "\t--samples|--seed|--questions|--time|--time-each|--steps|--new|--minutes)\n"
	      "\t\treturn ;;\n"
	      "\tesac\n"
	      "\tif [[ $cur == -* ]]; then\n"
	      "\t\tcompadd -- ${(f)\"$($boe completion --words options $cmd 2>/dev/null)\"}\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tcase $cmd in\n"
	      "\thelp) compadd -- ${(f)\"$($boe completion --words commands 2>/dev/null)\"} ;;\n"
	      "\tcompletion) compadd -- bash zsh fish ;;\n"
	      "\tcards) compadd -- ${(f)\"$($boe completion --words decks 2>/dev/null)\"} ;;\n"
	      "\t", stdout);
	scenario_commands("|");
	fputs(")\n"
	      "\t\t# sweep's INPUT= and solve's NAME= come first, until the line has one\n"
	      "\t\t[[ $cur == *=* ]] && return\n"
	      "\t\tlocal -a target=(${(f)\"$($boe completion --words target $cmd $others 2>/dev/null)\"})\n"
	      "\t\tif (( ${#target} )); then compadd -S '' -- $target; return; fi\n"
	      "\t\tcompadd -- ${(f)\"$($boe completion --words presets 2>/dev/null)\"}\n"
	      "\t\t_files -g '*.(yaml|yml)'\n"
	      "\t\t;;\n"
	      "\tesac\n"
	      "}\n"
	      "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
	      "\t_boe \"$@\"\n"
	      "else\n"
	      "\tcompdef _boe boe\n"
	      "fi\n", stdout);
}

/* One fish line per option of a command, with -r when it takes a value and its choices. */
static void fish_options(int t)
{
	for (const char *p = table[t].options; *p;) {
		size_t n = strcspn(p, " ");
		bool value = p[n - 1] == '=';
		size_t w = value ? n - 1 : n;
		bool shortopt = w == 2;
		printf("complete -c boe -n '__fish_seen_subcommand_from %s' %s %.*s", table[t].cmd,
		       shortopt ? "-s" : "-l", (int)(w - (shortopt ? 1 : 2)), p + (shortopt ? 1 : 2));
		if (value) {
			printf(" -r");
			if (strncmp(p, "--format=", 9) == 0 && table[t].formats)
				printf(" -f -a '%s'", table[t].formats);
			else if (strncmp(p, "--difficulty=", 13) == 0) {
				printf(" -f -a '");
				difficulties();
				printf("'");
			} else if (strncmp(p, "--skill=", 8) == 0) {
				printf(" -f -a '");
				skills();
				printf("'");
			} else if (strncmp(p, "--set=", 6) == 0)
				printf(" -f -a '(__boe_quantities | string replace -r \\$ =)'");
			else if (strncmp(p, "--show=", 7) == 0)
				printf(" -f -a '(__boe_quantity_list)'");
			else if (takes_quantity(p, w))
				printf(" -f -a '(__boe_quantities)'");
			else if (strncmp(p, "-o=", 3) == 0 || strncmp(p, "--output=", 9) == 0)
				printf(" -F");
			else
				printf(" -f");
		}
		putchar('\n');
		p += n;
		while (*p == ' ')
			p++;
	}
}

static void fish_script(void)
{
	size_t n;
	const CliCommand *c = cli_commands(&n);
	fputs("# fish completion for boe; generated by 'boe completion fish'.\n"
	      "# Load it with: boe completion fish | source, or put it in\n"
	      "# ~/.config/fish/completions/boe.fish (make install puts it where fish looks).\n"
	      "function __boe_words\n"
	      "\tset -l boe (commandline -opc)[1]\n"
	      "\tcommand $boe completion --words $argv 2>/dev/null\n"
	      "end\n"
	      "# the quantities, with the own ones of the scenarios named before the cursor\n"
	      "function __boe_quantities\n"
	      "\tset -l line (commandline -opc)\n"
	      "\tcommand $line[1] completion --words quantities $line[2..-1] 2>/dev/null\n"
	      "end\n"
	      "# the same after the names already in a comma-separated list (--show)\n"
	      "function __boe_quantity_list\n"
	      "\tset -l tok (string replace -r -- '^--[^=]*=' '' (commandline -ct))\n"
	      "\tset -l pre (string match -r -- '.*,' $tok)\n"
	      "\t__boe_quantities | string replace -r -- '^' \"$pre\"\n"
	      "end\n"
	      "# sweep's INPUT= and solve's NAME=, until the line has one\n"
	      "function __boe_target\n"
	      "\tset -l line (commandline -opc)\n"
	      "\tcommand $line[1] completion --words target $line[2..-1] 2>/dev/null\n"
	      "end\n"
	      "complete -c boe -f\n", stdout);
	for (size_t i = 0; i < n; i++) {
		char *h = text_sanitize(c[i].help, 0);
		for (char *p = h; *p; p++)
			if (*p == '\'')
				*p = '`';
		printf("complete -c boe -n __fish_use_subcommand -a %s -d '%s'\n", c[i].name, h);
		free(h);
	}
	fputs("complete -c boe -n __fish_use_subcommand -l help -d 'the usage'\n"
	      "complete -c boe -n __fish_use_subcommand -l version -d 'the version'\n", stdout);
	printf("complete -c boe -n '__fish_seen_subcommand_from ");
	scenario_commands(" ");
	printf("' -a '(__boe_words presets)' -d preset\n");
	printf("complete -c boe -n '__fish_seen_subcommand_from ");
	scenario_commands(" ");
	printf("' -a '(__fish_complete_suffix .yaml; __fish_complete_suffix .yml)'\n");
	printf("complete -c boe -n '__fish_seen_subcommand_from help' -a '(__boe_words commands)'\n");
	printf("complete -c boe -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n");
	printf("complete -c boe -n '__fish_seen_subcommand_from cards' -a '(__boe_words decks)' -d deck\n");
	printf("complete -c boe -n '__fish_seen_subcommand_from sweep solve' -a '(__boe_target)'\n");
	for (size_t t = 0; t < ARRAY_LEN(table); t++)
		fish_options((int)t);
}

static const char usage[] =
	"usage: boe completion bash|zsh|fish\n"
	"\n"
	"Prints the shell completion script: commands, options, preset names,\n"
	"quantity names after --set (with those of the presets and files on the\n"
	"line), formats, difficulties, skills, card decks, and the NAME= that\n"
	"sweep and solve take first.\n"
	"  bash   source <(boe completion bash)        (in ~/.bashrc)\n"
	"  zsh    source <(boe completion zsh)         (in ~/.zshrc, after compinit)\n"
	"  fish   boe completion fish | source         (in ~/.config/fish/config.fish)\n"
	"'make install' puts each where its shell looks by itself.\n";

int cmd_completion(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (argc >= 3 && strcmp(argv[1], "--words") == 0 &&
	    (argc <= 4 || strcmp(argv[2], "quantities") == 0 || strcmp(argv[2], "target") == 0))
		return print_words(argv[2], argc >= 4 ? argv[3] : NULL, argv + 4, argc > 4 ? argc - 4 : 0);
	if (argc != 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "bash") == 0)
		bash_script();
	else if (strcmp(argv[1], "zsh") == 0)
		zsh_script();
	else if (strcmp(argv[1], "fish") == 0)
		fish_script();
	else {
		cli_fail("completion: unknown shell '%s' (bash, zsh or fish)", argv[1]);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}
