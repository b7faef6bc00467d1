/* cmd_demo.c - `lianjian demo` (filled in by the organisation system). */
#include <stdio.h>

#include "cli/cli.h"

int cmd_demo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "error: demo data is not available yet\n");
	return 1;
}
