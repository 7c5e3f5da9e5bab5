/*
 * The two YAML readers: whatever the subset reader (src/yamlfast.c) takes,
 * libyaml must take too and read as the same tree, node for node: kind,
 * value, style, line and column. What it declines is libyaml's alone.
 */
#include "fuzz.h"
#include "yamltree.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	YNode *fast;
	if (!ytree_parse_subset(text, size, &fast))
		return 0;
	BoeError err;
	YNode *slow = ytree_parse_libyaml(text, size, "fuzz.yaml", &err);
	FUZZ_ASSERT(slow, "the subset reader took what libyaml refuses: %s", err.msg);
	FUZZ_ASSERT(ytree_same(fast, slow, NULL, NULL), "the subset reader's tree differs from libyaml's");
	ytree_free(fast);
	ytree_free(slow);
	return 0;
}
