/* Placeholders until the interface and the drill land (issues 4 and 5). */
#include "cli.h"

int cmd_tui(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_fail("the interactive interface is not built yet; use 'boe calc'");
	return EXIT_USAGE;
}

int cmd_practice(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_fail("practice is not built yet");
	return EXIT_USAGE;
}
