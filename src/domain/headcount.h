/*
 * headcount.h - how many people an activity (or a set of activities)
 * reached: persons (人数) and person-times (人次), in total and per county.
 * Pure counting over caller-owned arrays; no storage, no I/O.
 *
 * The rules (API.md, "Counting"):
 *  - People on record (named) of an activity = the distinct person ids of
 *    its participant list and of every sitting's attendance (someone who
 *    checked in to a sitting is on record even if the participant list was
 *    not updated).
 *  - An activity's persons = its named people + its counted headcount
 *    (people counted without names, per county).
 *  - Its person_times = the sum over its sittings of each sitting's distinct
 *    attendees when it has at least one sitting; otherwise its persons.
 *    (A sitting records named attendance only: counted-without-names people
 *    add to persons, and to person_times only for an activity without
 *    sittings.)
 *  - Across a set of activities: person_times add up; named people count
 *    once each however many activities they joined (distinct ids across the
 *    set); counted headcount adds up (nobody can tell two unnamed people
 *    apart).
 *  - Per county: a named person counts for their county (the caller's
 *    person table; a person missing from it counts for the county code ""),
 *    a headcount row for its county, an attendance for the attendee's
 *    county. The groups add up to the totals.
 *
 * Preconditions: headcount persons >= 0 (the API rejects negatives); county
 * codes are 6-digit strings (at most HEADCOUNT_CODE_SIZE - 1 bytes; longer
 * ones are cut). Duplicate ids in a list are harmless; duplicate headcount
 * rows for a county add up.
 *
 * Memory: inputs belong to the caller and are not kept; the result's
 * by_county array is malloc'd and freed by headcount_result_release().
 * Out of memory aborts.
 */
#ifndef LJ_DOMAIN_HEADCOUNT_H
#define LJ_DOMAIN_HEADCOUNT_H

#include <stddef.h>
#include <stdint.h>

#define HEADCOUNT_CODE_SIZE 8

/* People counted without names: `persons` from county `county_code`. */
struct headcount_row {
	char county_code[HEADCOUNT_CODE_SIZE];
	int64_t persons;
};

/* person → county, as the caller knows it (the county of the person's
 * organisation). In any order; ids need not be unique (the first wins). */
struct headcount_person {
	int64_t person_id;
	char county_code[HEADCOUNT_CODE_SIZE];
};

/* One sitting (课次): the people marked present. */
struct headcount_sitting {
	const int64_t *person_ids;
	size_t n_person_ids;
};

struct headcount_activity {
	const int64_t *person_ids;                 /* participants on record */
	size_t n_person_ids;
	const struct headcount_row *headcount;     /* counted without names */
	size_t n_headcount;
	const struct headcount_sitting *sittings;
	size_t n_sittings;
};

struct headcount_county {
	char code[HEADCOUNT_CODE_SIZE];
	int64_t persons;
	int64_t person_times;
};

struct headcount_result {
	int64_t persons;          /* named + counted */
	int64_t named_persons;    /* distinct people on record */
	int64_t counted_persons;  /* headcount without names */
	int64_t person_times;
	struct headcount_county *by_county;   /* malloc'd, ascending by code */
	size_t n_by_county;
};

/* Counts one activity. out is overwritten (release it first if reused). */
void headcount_activity(const struct headcount_activity *a,
			const struct headcount_person *people, size_t n_people,
			struct headcount_result *out);

/* Counts the set acts[0..n) as one whole (n = 0 gives all zeros). */
void headcount_set(const struct headcount_activity *acts, size_t n,
		   const struct headcount_person *people, size_t n_people,
		   struct headcount_result *out);

/* Frees by_county and zeroes r; harmless on a zeroed result. */
void headcount_result_release(struct headcount_result *r);

#endif
