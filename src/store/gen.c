/* gen.c - the answer-cache generations a commit bumps (gen.h). */
#include "store/gen.h"

#include "store/store.h"

void gen_declare(struct gen_writes *w, int64_t alliance_id, int64_t unit_id)
{
	if (alliance_id <= 0 || unit_id < 0) {
		w->global = 1; /* not an alliance: nothing to narrow to */
		return;
	}
	for (size_t i = 0; i < w->n_alliances && i < GEN_ALLIANCES; i++)
		if (w->alliances[i] == alliance_id && w->units[i] == unit_id)
			return;
	if (w->n_alliances < GEN_ALLIANCES) {
		w->alliances[w->n_alliances] = alliance_id;
		w->units[w->n_alliances] = unit_id;
	}
	if (w->n_alliances <= GEN_ALLIANCES)
		w->n_alliances++;
}

int gen_pending(const struct gen_writes *w)
{
	return w->global || w->alliance_rows || w->sessions;
}

size_t gen_scopes(const struct gen_writes *w, int64_t *out)
{
	size_t n = 0;
	/* rows of a partitioned table without a (listable) declaration: the
	 * alliances are unknown */
	if (w->global || (w->alliance_rows && (w->n_alliances == 0 ||
						w->n_alliances > GEN_ALLIANCES))) {
		out[n++] = STORE_GEN_GLOBAL;
		return n;
	}
	if (w->sessions)
		out[n++] = STORE_GEN_SESSIONS;
	if (!w->alliance_rows)
		return n;
	out[n++] = STORE_GEN_ANY_ALLIANCE;
	/* a scope declared twice (two units of one alliance) is bumped twice:
	 * harmless, it only has to move */
	for (size_t i = 0; i < w->n_alliances; i++) {
		out[n++] = w->alliances[i];
		out[n++] = w->units[i] ? STORE_GEN_UNIT(w->units[i])
				       : STORE_GEN_ALLIANCE_UNITS(w->alliances[i]);
		if (w->stat_rows)
			out[n++] = STORE_GEN_ALLIANCE_STATS(w->alliances[i]);
	}
	return n;
}
