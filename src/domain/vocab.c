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

const struct vocab_term vocab_site_kinds[] = {
	{ .key = "education_base", .label = "教育基地" },
	{ .key = "demo_village", .label = "乡村振兴示范点" },
	{ .key = "red_site", .label = "红色资源点" },
	{ .key = "scenic", .label = "景点" },
	{ .key = "other", .label = "其他" },
	{ 0 }
};

const struct vocab_term vocab_route_kinds[] = {
	{ .key = "red_education", .label = "红色教育路线" },
	{ .key = "tourism", .label = "文旅线路" },
	{ 0 }
};

const struct vocab_term vocab_activity_kinds[] = {
	{ .key = "party_lesson", .label = "联党课" },
	{ .key = "training_class", .label = "专题培训班" },
	{ .key = "study_tour", .label = "红色研学" },
	{ .key = "border_classroom", .label = "边界课堂" },
	{ .key = "fair", .label = "特色产品展销会" },
	{ .key = "other", .label = "其他" },
	{ 0 }
};

const struct vocab_term vocab_secondment_kinds[] = {
	{ .key = "xiagua", .label = "下挂" },
	{ .key = "dundian", .label = "蹲点" },
	{ 0 }
};

const struct vocab_term vocab_talent_kinds[] = {
	{ .key = "entrepreneur", .label = "经济能人" },
	{ .key = "technician", .label = "技术人才" },
	{ .key = "returnee", .label = "返乡人才" },
	{ .key = "expert", .label = "专家学者" },
	{ .key = "other", .label = "其他" },
	{ 0 }
};

/* ---- 共兴实体经济 (economy) ---- */

const struct vocab_term vocab_industries[] = {
	{ .key = "agriculture", .label = "种养殖业" },
	{ .key = "processing", .label = "农产品加工" },
	{ .key = "manufacturing", .label = "制造业" },
	{ .key = "tourism", .label = "文旅" },
	{ .key = "commerce", .label = "商贸电商" },
	{ .key = "logistics", .label = "物流" },
	{ .key = "services", .label = "服务业" },
	{ .key = "other", .label = "其他" },
	{ 0 }
};

const struct vocab_term vocab_project_kinds[] = {
	{ .key = "infrastructure", .label = "基础设施" },
	{ .key = "industry", .label = "产业项目" },
	{ .key = "chain", .label = "产业链" },
	{ .key = "other", .label = "其他" },
	{ 0 }
};

/* In order: a move to an earlier one goes backwards and needs a reason. */
const struct vocab_term vocab_project_stages[] = {
	{ .key = "planned", .label = "谋划" },
	{ .key = "signed", .label = "签约" },
	{ .key = "building", .label = "在建" },
	{ .key = "operating", .label = "投产/投用" },
	{ .key = "completed", .label = "完工" },
	{ 0 }
};

const struct vocab_term vocab_fund_sources[] = {
	{ .key = "government", .label = "财政资金" },
	{ .key = "social", .label = "社会资金" },
	{ .key = "enterprise", .label = "企业投入" },
	{ .key = "donation", .label = "捐赠" },
	{ .key = "bank", .label = "银行贷款" },
	{ 0 }
};

const struct vocab_term vocab_financing_statuses[] = {
	{ .key = "applied", .label = "已申请" },
	{ .key = "granted", .label = "已获批" },
	{ .key = "declined", .label = "未获批" },
	{ 0 }
};
