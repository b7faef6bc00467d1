/*
 * routes.c - the list of route tables. Each api_<area>.c owns its endpoints
 * (schemas and a table terminated by { 0 }); adding a module means one line
 * here and one extern in api.h (the http layer's own /metrics table is
 * listed too). The dispatcher (http/server.c) checks each
 * row's permission, schema and limit before the handler runs; it matches
 * against one flat table joined from these at first use.
 */
#include "api/api.h"

#include <pthread.h>

const struct route *const api_route_tables[] = {
	http_metrics_routes,
	api_session_routes,
	api_user_routes,
	api_division_routes,
	api_audit_routes,
	api_dictionary_routes,
	api_org_routes,
	api_rotation_routes,
	api_matter_routes,
	api_meeting_routes,
	api_stats_routes,
	api_inbox_routes,
	api_education_routes,
	api_talent_routes,
	api_briefing_routes,
	api_economy_routes,
	api_signin_routes,
	api_enterprise_routes,
	api_ledger_routes,
	NULL
};

static struct route *joined;
static pthread_once_t joined_once = PTHREAD_ONCE_INIT;

static void join_tables(void)
{
	joined = router_join(api_route_tables);
}

const struct route *api_routes(void)
{
	pthread_once(&joined_once, join_tables);
	return joined;
}
