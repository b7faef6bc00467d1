/*
 * slots.h - the statement-slot registry shared by every engine's store.
 */
#ifndef LJ_SLOTS_H
#define LJ_SLOTS_H

/* Statement slots. Each backend file numbers its own statements from
 * SQ_FIRST(its area) in a file-local enum and checks with SQ_FITS() that
 * they stay inside its range; the connection caches prepared statements by
 * slot. This small registry is the only list shared between the files. */
enum sq_area {
	SQ_AREA_CONN, SQ_AREA_META, SQ_AREA_DIVISION, SQ_AREA_ACCOUNT, SQ_AREA_SESSION, SQ_AREA_AUDIT,
	SQ_AREA_SCOPE, SQ_AREA_ORG, SQ_AREA_ROTATION, SQ_AREA_MATTER, SQ_AREA_MEETING,
	SQ_AREA_INBOX, SQ_AREA_STATS, SQ_AREA_EDU, SQ_AREA_TALENT, SQ_AREA_GEN,
	SQ_AREA_BRIEFING,
	SQ_AREA_ECONOMY,
	SQ_AREA_SIGNIN,
	SQ_AREA_LEDGER,
	SQ_AREA_COUNT
};
#define SQ_AREA_SLOTS 64
#define SQ_FIRST(area) ((area) * SQ_AREA_SLOTS)
#define SQ_FITS(area, last) _Static_assert((int)(last) <= SQ_FIRST((area) + 1), \
					  "too many statements in one area")
#define SQ_MAX_STMTS SQ_FIRST(SQ_AREA_COUNT)

#endif
