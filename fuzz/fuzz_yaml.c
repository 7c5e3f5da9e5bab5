/*
 * The YAML readers: whatever the subset reader (src/yamlfast.c) takes,
 * libyaml must take too and read as the same tree, node for node: kind,
 * value, style, line and column. What it declines is libyaml's alone.
 * The subset's header reader stops where libyaml's does, with the same
 * tree. And the header reader (ytree_header, what boe list reads) takes what
 * libyaml takes, giving the start of the same tree: the same root, with the
 * root's first keys and values, up to a pair that completes its keys, or
 * the whole tree when they are not all there.
 */
#include "fuzz.h"
#include "yamltree.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static bool has_key(const YNode *map, const char *key)
{
	return ytree_get(map, key) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	BoeError err;
	YNode *slow = ytree_parse_libyaml(text, size, "fuzz.yaml", &err);
	YNode *fast;
	if (ytree_parse_subset(text, size, &fast)) {
		FUZZ_ASSERT(slow, "the subset reader took what libyaml refuses: %s", err.msg);
		FUZZ_ASSERT(ytree_same(fast, slow, NULL, NULL), "the subset reader's tree differs from libyaml's");
		ytree_free(fast);
	}
	static const char *const keys[] = {"boe", "name", "title"};
	BoeError herr;
	YNode *head = ytree_header(text, size, "fuzz.yaml", keys, 3, &herr);
	/* the subset's header, where it takes one, is libyaml's header reader's exactly */
	YNode *fast_head;
	if (ytree_header_subset(text, size, keys, 3, &fast_head)) {
		YNode *slow_head = ytree_header_libyaml(text, size, "fuzz.yaml", keys, 3, &herr);
		FUZZ_ASSERT(slow_head, "the subset's header reader took what libyaml's refuses: %s", herr.msg);
		FUZZ_ASSERT(ytree_same(fast_head, slow_head, NULL, NULL),
			    "the subset's header differs from libyaml's header reader's");
		ytree_free(slow_head);
		ytree_free(fast_head);
	}
	if (slow) {
		FUZZ_ASSERT(head, "the header reader refused what libyaml takes: %s", herr.msg);
		FUZZ_ASSERT(head->kind == slow->kind && head->line == slow->line && head->col == slow->col,
			    "the header reader's root differs from libyaml's");
		bool all = slow->kind == Y_MAP;
		for (size_t i = 0; i < 3; i++)
			all = all && has_key(slow, keys[i]);
		if (!all) {
			FUZZ_ASSERT(ytree_same(head, slow, NULL, NULL),
				    "without every key the header reader must read the whole tree");
		} else {
			FUZZ_ASSERT(head->nkids % 2 == 0 && head->nkids <= slow->nkids,
				    "the header reader stopped inside a pair");
			for (size_t i = 0; i < head->nkids; i++)
				FUZZ_ASSERT(ytree_same(head->kids[i], slow->kids[i], NULL, NULL),
					    "the header reader's pair %zu differs from libyaml's", i / 2);
			for (size_t i = 0; i < 3; i++)
				FUZZ_ASSERT(has_key(head, keys[i]), "the header reader stopped before '%s'", keys[i]);
			/* and no later than the pair that completed them */
			bool last_needed = false;
			for (size_t i = 0; head->nkids >= 2 && i < 3; i++) {
				const YNode *k = head->kids[head->nkids - 2];
				bool seen_before = false;
				for (size_t j = 0; j + 2 < head->nkids; j += 2)
					seen_before = seen_before || (head->kids[j]->kind == Y_SCALAR &&
								      strcmp(head->kids[j]->value, keys[i]) == 0);
				last_needed = last_needed || (k->kind == Y_SCALAR && strcmp(k->value, keys[i]) == 0 &&
							      !seen_before);
			}
			FUZZ_ASSERT(last_needed, "the header reader read past the pair that completed its keys");
		}
	}
	ytree_free(head);
	ytree_free(slow);
	return 0;
}
