/* demo_education.c - the demo's 联育平台 and 人才 record (see demo_education.h).
 *
 * Built through the same domain operations as the API (as the command-line
 * principal), so every rule that holds for users holds for the demo. The
 * figures a briefing reads from it: 1 training class with 64 trainees, 3
 * study tours with 219 person-times, 3 red-education routes. */
#include "domain/demo_education.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "domain/education.h"
#include "domain/org.h"
#include "domain/talent.h"
#include "domain/user.h"
#include "store/store_org.h"

#include "core/banned.h"

struct ctx {
	struct store *st;
	struct principal cli;
	int64_t alliance_id;
	int32_t today;
	int32_t first;               /* the earliest day used */
	int32_t span;                /* days from first to today */
};

/* A day before today: frac 0 is the earliest day used, frac → 1 yesterday.
 * The year so far when it has a month in it, else the last 30 days. */
static int32_t day_at(const struct ctx *c, double frac)
{
	int32_t d = c->first + (int32_t)(frac * (double)c->span);
	return d < c->today ? d : c->today - 1;
}

/* The organisation at exactly this division and its secretary. */
static enum err_code org_at(struct ctx *c, const char *division, int64_t *org_id,
			    int64_t *person_id, struct err *e)
{
	struct org_filter f = { .division_prefix = division };
	struct page pg = { .after = NULL, .limit = 100 };
	struct org *o = NULL;
	size_t n = 0;
	enum err_code rc = c->st->org->org_list(c->st, &f, pg, &o, &n, e);
	if (rc)
		return rc;
	*org_id = 0;
	for (size_t i = 0; i < n && !*org_id; i++)
		if (strcmp(o[i].division_code, division) == 0)
			*org_id = o[i].id;
	free(o);
	if (!*org_id)
		return err_set(e, ERR_INTERNAL, NULL, "演示数据缺少党组织 %s", division);
	if (!person_id)
		return ERR_OK;
	struct person_filter pf = { .org_id = *org_id };
	struct person *p = NULL;
	if ((rc = c->st->org->person_list(c->st, &pf, pg, &p, &n, e)))
		return rc;
	*person_id = n ? p[0].id : 0;
	free(p);
	return *person_id ? ERR_OK
			  : err_set(e, ERR_INTERNAL, NULL, "演示数据缺少 %s 的书记", division);
}

static enum err_code person_of(struct ctx *c, const char *division, int64_t *out, struct err *e)
{
	int64_t org;
	return org_at(c, division, &org, out, e);
}

struct demo_site {
	const char *kind, *name, *division, *description;
	int64_t id;
};

static struct demo_site sites[] = {
	{ "education_base", "广东南路革命化州教育基地（演示）", "440982",
	  "化州市红色教育基地，联建党性教育现场教学点", 0 },
	{ "education_base", "廉江市干部人才教育基地（演示）", "440881",
	  "廉江市委组织部干部人才教育培训基地", 0 },
	{ "education_base", "陆川县干部人才教育基地（演示）", "450922",
	  "陆川县委组织部干部人才教育培训基地", 0 },
	{ "demo_village", "陆川县古城镇符竹山新村（演示）", "450922111",
	  "乡村振兴示范点；自然村，登记在古城镇", 0 },
	{ "demo_village", "廉江市河唇镇新屋仔村（演示）", "440881104205",
	  "乡村振兴示范点，边界课堂", 0 },
	{ "demo_village", "化州市笪桥镇柑村（演示）", "440982104204",
	  "乡村振兴示范点，边界课堂", 0 },
	{ "red_site", "坡子村边界党建陈列室（演示）", "450922108216",
	  "坡子—那楼边界党建联建小组的红色资源点", 0 },
};
#define N_SITES (sizeof(sites) / sizeof(sites[0]))
enum { S_HZ_BASE, S_LJ_BASE, S_LC_BASE, S_FUZHU, S_XINWU, S_GANCUN, S_POZI };

struct demo_route {
	const char *name;
	int stops[4];                /* indexes into sites[], -1 ends */
	int64_t id;
};

static struct demo_route routes[] = {
	{ "粤桂边党性教育红色路线（演示）", { S_POZI, S_XINWU, S_HZ_BASE, -1 }, 0 },
	{ "边界乡村振兴示范研学线（演示）", { S_FUZHU, S_GANCUN, S_XINWU, -1 }, 0 },
	{ "陆廉化干部人才教育基地联学线（演示）", { S_LC_BASE, S_LJ_BASE, S_HZ_BASE, -1 }, 0 },
};
#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

static enum err_code make_places(struct ctx *c, struct err *e)
{
	enum err_code rc;
	for (size_t i = 0; i < N_SITES; i++) {
		struct site_input in = { c->alliance_id, sites[i].kind, sites[i].name,
					 sites[i].division, sites[i].description };
		struct site s;
		if ((rc = site_create(c->st, &c->cli, &in, &s, e)))
			return rc;
		sites[i].id = s.id;
	}
	for (size_t i = 0; i < N_ROUTES; i++) {
		struct route_input in = { .alliance_id = c->alliance_id, .kind = "red_education",
					  .name = routes[i].name };
		for (size_t k = 0; k < 4 && routes[i].stops[k] >= 0; k++)
			in.stops[in.n_stops++] = sites[routes[i].stops[k]].id;
		struct route_rec r;
		if ((rc = route_create(c->st, &c->cli, &in, c->today, &r, e)))
			return rc;
		routes[i].id = r.id;
	}
	return ERR_OK;
}

/* One activity with its people: named secretaries (by the division of
 * their organisation) and counted headcount per county. */
struct demo_activity {
	const char *kind, *title;
	double when;                 /* day_at() fraction */
	int days;                    /* extra days after the first */
	const char *place, *host;    /* divisions */
	int site, route;             /* -1: none */
	const char *named[14];       /* NULL-terminated */
	struct { const char *county; int64_t persons; } counted[3];
};

static const struct demo_activity activities[] = {
	{ "training_class", "陆廉化党建联建专题培训班（演示）", 0.55, 3, "440881", "450922",
	  S_LJ_BASE, -1,
	  { "450922108216", "450922108215", "440982117213", "440982117216", "450922109210",
	    "450922109201", "440881104205", "440881104204", "450922111201", "440982104204",
	    "450922108", "440982117", NULL },
	  { { "450922", 18 }, { "440881", 17 }, { "440982", 17 } } },
	{ "study_tour", "粤桂边红色研学·第一期（演示）", 0.2, 1, "440982", "450922108", -1, 0,
	  { "450922108216", "450922108215", "440982117213", "440982117216", NULL },
	  { { "450922", 30 }, { "440982", 31 }, { NULL, 0 } } },
	{ "study_tour", "边界乡村振兴红色研学·第二期（演示）", 0.45, 1, "440982104204", "450922111",
	  S_GANCUN, 1,
	  { "450922108216", "450922111201", "440982104204", NULL },
	  { { "450922", 35 }, { "440982", 32 }, { NULL, 0 } } },
	{ "study_tour", "干部人才教育基地联学研学·第三期（演示）", 0.75, 2, "440982", "440881",
	  S_HZ_BASE, 2,
	  { "440982117213", "440881104205", "440881104204", "450922109210", "440881104", NULL },
	  { { "440881", 40 }, { "450922", 20 }, { "440982", 15 } } },
	{ "party_lesson", "党课开讲啦·边界联党课（演示）", 0.3, 0, "450922108216", "450922108",
	  S_POZI, -1,
	  { "450922108216", "450922108215", "440982117213", "440982117216", NULL },
	  { { "450922", 26 }, { "440982", 22 }, { NULL, 0 } } },
	{ "party_lesson", "党课开讲啦·乡村振兴专题党课（演示）", 0.65, 0, "440881104205", "440881104",
	  S_XINWU, -1,
	  { "440881104205", "440881104204", "450922109210", "450922109201", NULL },
	  { { "440881", 28 }, { "450922", 19 }, { NULL, 0 } } },
	{ "border_classroom", "边界课堂·符竹山新村（演示）", 0.35, 0, "450922111", "450922111",
	  S_FUZHU, -1,
	  { "450922111201", "440982104204", NULL },
	  { { "450922", 23 }, { "440982", 12 }, { NULL, 0 } } },
	{ "border_classroom", "边界课堂·新屋仔村（演示）", 0.5, 0, "440881104205", "440881104205",
	  S_XINWU, -1,
	  { "440881104205", "450922109210", NULL },
	  { { "440881", 21 }, { "450922", 14 }, { NULL, 0 } } },
	{ "border_classroom", "边界课堂·柑村（演示）", 0.7, 0, "440982104204", "440982104204",
	  S_GANCUN, -1,
	  { "440982104204", "450922111201", NULL },
	  { { "440982", 25 }, { "450922", 11 }, { NULL, 0 } } },
};
#define N_ACTIVITIES (sizeof(activities) / sizeof(activities[0]))

/* The class's sittings: title, day offset, hours, how many of the named
 * trainees attended (the first n). */
static const struct {
	const char *title;
	int day;
	double hours;
	size_t present;
} class_sittings[] = {
	{ "开班式暨党的创新理论专题辅导", 0, 3, 12 },
	{ "现场教学：边界党建联建经验交流", 1, 4, 11 },
	{ "专题研讨：跨省乡村振兴协作", 2, 3, 10 },
	{ "结业式暨学员交流", 3, 2, 12 },
};

static enum err_code make_activity(struct ctx *c, const struct demo_activity *d, struct err *e)
{
	enum err_code rc;
	int64_t host_org;
	if ((rc = org_at(c, d->host, &host_org, NULL, e)))
		return rc;
	int32_t on = day_at(c, d->when);
	int32_t last = on + d->days < c->today ? on + d->days : c->today - 1;
	struct activity_input in = {
		.alliance_id = c->alliance_id, .kind = d->kind, .title = d->title, .starts_on = on,
		.ends_on = last > on ? last : 0, .place_division = d->place,
		.site_id = d->site >= 0 ? sites[d->site].id : 0,
		.route_id = d->route >= 0 ? routes[d->route].id : 0, .host_org_id = host_org,
	};
	struct activity a;
	if ((rc = activity_create(c->st, &c->cli, &in, c->today, &a, e)))
		return rc;
	struct participants_input *p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	for (size_t i = 0; d->named[i] && !rc; i++)
		rc = person_of(c, d->named[i], &p->person_ids[p->n_person_ids++], e);
	for (size_t i = 0; i < 3 && d->counted[i].county; i++) {
		p->headcount[p->n_headcount].county_code = d->counted[i].county;
		p->headcount[p->n_headcount++].persons = d->counted[i].persons;
	}
	if (!rc)
		rc = activity_set_participants(c->st, &c->cli, a.id, p, e);
	if (!rc && strcmp(d->kind, "training_class") == 0) {
		for (size_t i = 0; i < sizeof(class_sittings) / sizeof(class_sittings[0]) && !rc; i++) {
			int32_t held = on + class_sittings[i].day;
			struct sitting_input si = { held <= last ? held : last, class_sittings[i].title,
						    class_sittings[i].hours };
			struct sitting *s = calloc(1, sizeof(*s));
			if (!s)
				abort();
			size_t n = class_sittings[i].present < p->n_person_ids
				? class_sittings[i].present : p->n_person_ids;
			if (!(rc = activity_add_sitting(c->st, &c->cli, a.id, &si, s, e)))
				rc = activity_set_attendance(c->st, &c->cli, a.id, s->id, p->person_ids,
							     n, c->today, e);
			free(s);
		}
	}
	free(p);
	return rc;
}

/* Two 党校 teachers sent to the border villages, and the talents. */
static enum err_code make_talent(struct ctx *c, struct err *e)
{
	static const struct {
		const char *name, *from_org, *position, *kind, *to_org;
		double when;
	} teachers[] = {
		{ "覃明理（演示）", "450922", "陆川县委党校教师", "xiagua", "440881104205", 0.15 },
		{ "邹学文（演示）", "440982", "化州市委党校教师", "dundian", "450922108216", 0.4 },
	};
	enum err_code rc;
	for (size_t i = 0; i < sizeof(teachers) / sizeof(teachers[0]); i++) {
		int64_t from, to;
		if ((rc = org_at(c, teachers[i].from_org, &from, NULL, e)) ||
		    (rc = org_at(c, teachers[i].to_org, &to, NULL, e)))
			return rc;
		struct person_input pi = { .name = teachers[i].name, .org_id = from,
					   .position = teachers[i].position, .phone = "",
					   .is_demo = 1 };
		struct person p;
		if ((rc = person_create(c->st, &c->cli, &pi, &p, e)))
			return rc;
		struct secondment_input si = {
			.alliance_id = c->alliance_id, .person_id = p.id, .kind = teachers[i].kind,
			.from_org_id = from, .to_org_id = to, .starts_on = day_at(c, teachers[i].when),
		};
		struct secondment s;
		if ((rc = secondment_create(c->st, &c->cli, &si, c->today, &s, e)))
			return rc;
	}
	static const struct talent_input talents[] = {
		{ "钟德富（演示）", "entrepreneur", "440881", "450922109210", 0, 0,
		  "廉江经济能人，把化橘红种植项目带到石垌村（演示）" },
		{ "黄嘉禾（演示）", "technician", "440982", "440982104204", 0, 0,
		  "化州农技人员，到柑村指导果蔬种植（演示）" },
		{ "庞春燕（演示）", "returnee", "450922", "450922111", 0, 0,
		  "返乡创业人才，在古城镇发展电商（演示）" },
	};
	for (size_t i = 0; i < sizeof(talents) / sizeof(talents[0]); i++) {
		struct talent_input ti = talents[i];
		struct talent t;
		ti.introduced_on = day_at(c, 0.1 + 0.25 * (double)i);
		if ((rc = talent_create(c->st, &c->cli, &ti, c->today, &t, e)))
			return rc;
	}
	return ERR_OK;
}

enum err_code demo_education(struct store *st, int64_t alliance_id, int32_t today,
			     struct err *e)
{
	struct ctx c = { .st = st, .alliance_id = alliance_id, .today = today };
	int y, m, d;
	enum err_code rc;
	user_cli_principal(&c.cli);
	date_to_ymd(today, &y, &m, &d);
	c.first = date_from_ymd(y, 1, 1);
	if (today - c.first < 30)
		c.first = today - 30;
	c.span = today - c.first;
	if ((rc = make_places(&c, e)))
		return rc;
	for (size_t i = 0; i < N_ACTIVITIES; i++)
		if ((rc = make_activity(&c, &activities[i], e)))
			return rc;
	return make_talent(&c, e);
}
