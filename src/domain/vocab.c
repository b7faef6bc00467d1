/* vocab.c - the domain's vocabularies (see vocab.h). Order is display order. */
#include "domain/vocab.h"

const struct vocab_term vocab_statuses[] = {
	{ .key = "proposed", .label = "提出", .next = "studying escalated closed", .open = 1 },
	{ .key = "studying", .label = "研判", .next = "in_progress escalated closed", .open = 1 },
	{ .key = "in_progress", .label = "推进", .next = "resolved escalated closed", .open = 1 },
	{ .key = "resolved", .label = "已解决", .next = "" },
	{ .key = "escalated", .label = "上报",
	  .next = "studying in_progress resolved escalated closed", .open = 1 },
	{ .key = "closed", .label = "已关闭", .next = "" },
	{ 0 }
};

const struct vocab_term vocab_categories[] = {
	{ .key = "org", .label = "共建红色组织" },
	{ .key = "revival", .label = "共推乡村振兴" },
	{ .key = "talent", .label = "共架人才桥梁" },
	{ .key = "education", .label = "共设联育平台" },
	{ .key = "economy", .label = "共兴实体经济" },
	{ 0 }
};

const struct vocab_term vocab_priorities[] = {
	{ .key = "low", .label = "低" },
	{ .key = "normal", .label = "中" },
	{ .key = "high", .label = "高" },
	{ 0 }
};

const struct vocab_term vocab_tiers[] = {
	{ .key = "county", .label = "县级专班" },
	{ .key = "town", .label = "镇级工作站" },
	{ .key = "village", .label = "村级联建小组" },
	{ 0 }
};

const struct vocab_term vocab_org_kinds[] = {
	{ .key = "town_committee", .label = "镇党委" },
	{ .key = "village_branch", .label = "村党组织" },
	{ .key = "other", .label = "其他" },
	{ 0 }
};

const struct vocab_term vocab_terms[] = {
	{ .key = "week", .label = "每周" },
	{ .key = "month", .label = "每月" },
	{ .key = "quarter", .label = "每季度" },
	{ 0 }
};

const struct vocab_term vocab_decision_actions[] = {
	{ .key = "assign", .label = "指派责任人" },
	{ .key = "set_due", .label = "调整期限" },
	{ .key = "resolve", .label = "办结" },
	{ .key = "escalate", .label = "上报" },
	{ .key = "close", .label = "关闭" },
	{ 0 }
};
