/* inbox.c - notifications and delivery channels (see inbox.h). */
#include "domain/inbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/log.h"
#include "store/store_inbox.h"
#include "store/store_matter.h"
#include "store/store_rotation.h"

#define MAX_CHANNELS 4

static const struct inbox_channel *channels[MAX_CHANNELS];
static int n_channels;

void inbox_register_channel(const struct inbox_channel *ch)
{
	if (n_channels < MAX_CHANNELS)
		channels[n_channels++] = ch;
}

enum err_code inbox_notify(struct store *st, int64_t person_id, const char *kind,
			   const char *object_type, int64_t object_id, const char *dedup,
			   const char *title, const char *body, struct err *e)
{
	if (!person_id)
		return ERR_OK;
	struct notification n;
	memset(&n, 0, sizeof(n));
	n.person_id = person_id;
	snprintf(n.kind, sizeof(n.kind), "%s", kind);
	snprintf(n.object_type, sizeof(n.object_type), "%s", object_type ? object_type : "");
	n.object_id = object_id;
	snprintf(n.dedup_key, sizeof(n.dedup_key), "%s", dedup ? dedup : "");
	snprintf(n.title, sizeof(n.title), "%s", title);
	snprintf(n.body, sizeof(n.body), "%s", body ? body : "");
	n.created_at_ms = date_now_ms();
	enum err_code rc = st->inbox->insert(st, &n, e);
	if (rc)
		return rc;
	for (int i = 0; i < n_channels; i++)
		channels[i]->deliver(&n);
	return ERR_OK;
}

enum err_code inbox_refresh(struct store *st, int64_t person_id, int32_t today, struct err *e)
{
	enum err_code rc;
	struct duty_term *t = NULL;
	size_t nt = 0;
	struct matter *m = NULL;
	size_t nm = 0;
	if (!person_id)
		return ERR_OK;
	if ((rc = st->rotation->terms_of_person(st, person_id, today + 1, today + 7, &t, &nt, e)))
		return rc;
	struct matter_filter f = { .overdue = 1, .today = today, .assignee_person_id = person_id };
	struct page pg = { .after = NULL, .limit = 100 };
	if ((rc = st->matter->list(st, &f, pg, &m, &nm, e))) {
		free(t);
		return rc;
	}
	if (nt + nm == 0)
		goto out;
	if ((rc = st->ops->begin_write(st, e)))
		goto out;
	for (size_t i = 0; i < nt && !rc; i++) {
		char key[96], title[512], d[11];
		snprintf(key, sizeof(key), "duty:%lld:%lld:%lld", (long long)t[i].unit_id,
			 (long long)t[i].idx, (long long)person_id);
		date_format(t[i].starts_on, d);
		snprintf(title, sizeof(title), "您将于 %s 起担任“%s”轮值书记", d, t[i].org_name);
		rc = inbox_notify(st, person_id, "duty_soon", "unit", t[i].unit_id, key, title,
				  "请提前了解本单位待办事项与上次会议决定。", e);
	}
	for (size_t i = 0; i < nm && !rc; i++) {
		char key[96], title[1024], d[11];
		snprintf(key, sizeof(key), "overdue:%lld:%lld", (long long)m[i].id, (long long)person_id);
		date_format(m[i].due_on, d);
		snprintf(title, sizeof(title), "事项已逾期（应于 %s 前完成）：%s", d, m[i].title);
		rc = inbox_notify(st, person_id, "matter_overdue", "matter", m[i].id, key, title, "", e);
	}
	if (rc || (rc = st->ops->commit(st, e)))
		st->ops->rollback(st);
out:
	free(t);
	free(m);
	return rc;
}

enum err_code inbox_list(struct store *st, int64_t person_id, int32_t today, struct page pg,
			 struct notification **out, size_t *out_n, int64_t *out_unread,
			 struct err *e)
{
	enum err_code rc;
	*out = NULL;
	*out_n = 0;
	*out_unread = 0;
	if ((rc = inbox_refresh(st, person_id, today, e)) ||
	    (rc = st->inbox->list(st, person_id, pg, out, out_n, e)) ||
	    (rc = st->inbox->unread(st, person_id, out_unread, e))) {
		free(*out);
		*out = NULL;
		*out_n = 0;
	}
	return rc;
}

enum err_code inbox_mark_read(struct store *st, int64_t person_id, int64_t id,
			      int64_t *out_unread, struct err *e)
{
	enum err_code rc;
	*out_unread = 0;
	if ((rc = st->ops->begin_write(st, e)))
		return rc;
	if ((rc = st->inbox->read(st, id, person_id, date_now_ms(), e)) ||
	    (rc = st->ops->commit(st, e))) {
		st->ops->rollback(st);
		return rc;
	}
	return st->inbox->unread(st, person_id, out_unread, e);
}
