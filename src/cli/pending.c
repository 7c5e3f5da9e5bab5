/* Placeholder until the interface lands (issue 4). */
#include "cli.h"

int cmd_tui(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_fail("the interactive interface is not built yet; use 'boe calc'");
	return EXIT_USAGE;
}
