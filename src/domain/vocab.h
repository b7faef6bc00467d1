/*
 * vocab.h - the domain's closed vocabularies, each defined once (vocab.c):
 * the schemas check requests against them, the domain validates and labels
 * with them, GET /api/v1/dictionaries serves them to the web. Roles and
 * scope types belong to auth (auth/perm.h: perm_roles, perm_scope_types).
 */
#ifndef LJ_DOMAIN_VOCAB_H
#define LJ_DOMAIN_VOCAB_H

#include "core/vocab.h"

/* matter statuses in lifecycle order, with the allowed next statuses and
 * whether the status is open (resolved and closed are final) */
extern const struct vocab_term vocab_statuses[];
/* "五共": the five joint lines of work (DESIGN.md §1.1) */
extern const struct vocab_term vocab_categories[];
extern const struct vocab_term vocab_priorities[];
/* unit tiers, county → village */
extern const struct vocab_term vocab_tiers[];
extern const struct vocab_term vocab_org_kinds[];
/* rotation terms */
extern const struct vocab_term vocab_terms[];
/* what a meeting decision does to an agenda matter */
extern const struct vocab_term vocab_decision_actions[];
/* 联育平台: kinds of sites (阵地), routes (线路) and activities */
extern const struct vocab_term vocab_site_kinds[];
extern const struct vocab_term vocab_route_kinds[];
extern const struct vocab_term vocab_activity_kinds[];
/* 人才: secondments (党校教师下挂 / 蹲点) */
extern const struct vocab_term vocab_secondment_kinds[];
/* 人才: kinds of talents brought in */
extern const struct vocab_term vocab_talent_kinds[];
/* 共兴实体经济: enterprise industries, project kinds, project stages (in
 * order), sources of project funds, financing statuses */
extern const struct vocab_term vocab_industries[];
extern const struct vocab_term vocab_project_kinds[];
extern const struct vocab_term vocab_project_stages[];
extern const struct vocab_term vocab_fund_sources[];
extern const struct vocab_term vocab_financing_statuses[];

#endif
