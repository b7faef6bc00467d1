-- matters.sql - the large-data benchmark database (bench/matters.sh).
--
-- Run by the sqlite3 CLI on a database freshly made by `lianjian init` and
-- `lianjian import-divisions DIR --provinces 44,45` (bench/gen/matters-gen.sh
-- does all three). Deterministic: no random(), no clock. Every "random"
-- choice comes from the table rnd below, a fixed hash of the row number
-- (seed in prm.seed), and every date from the fixed anchor prm.anchor
-- (2026-11-01, Asia/Shanghai): running it twice gives identical rows.
--
-- What it makes (all on REAL Guangxi (45) / Guangdong (44) division codes):
--  * one alliance per pair of counties: the i-th county of 45 with the i-th
--    county of 44, both in code order (111 pairs). Real adjacency is not in
--    the division data, so most pairs are not neighbours in reality; the
--    shape (two counties, their towns and villages) is what matters here;
--  * per alliance a county task force (both counties), town workstations
--    (the j-th town of one county with the j-th town of the other, up to 4
--    towns per side and unit) and village groups (under each workstation,
--    villages of its towns from both sides, up to 3 per side and group);
--  * a party organisation per member division (县委/市委, 镇党委, 村党支部),
--    its secretary (org_secretaries), unit members and unit leaders;
--  * exactly 100,000 people, 1,000,000 matters, 5,000,000 timeline entries
--    (matter_events), two matter_divisions per matter, assignees for ~30%;
--  * the statistics tables filled from the generated rows with
--    INSERT ... SELECT ... GROUP BY, with the server's attribution rules
--    (src/domain/stats.h, src/domain/matter.c): raised on the raising day,
--    resolved (+ days to resolve) on the resolving day, one "escalated" per
--    escalation entry on its day (Asia/Shanghai), all for the ORIGIN unit,
--    the raising organisation's county and the category; stat_open_due holds
--    the open matters by due date.
-- Status mix: 60% resolved, 10% closed, 30% open (proposed, studying,
-- in_progress, escalated); ~11% of the matters were escalated once or twice
-- (origin_unit_id != unit_id); open matters are recent and many are overdue.
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
PRAGMA foreign_keys=OFF;
PRAGMA temp_store=MEMORY;
PRAGMA cache_size=-1048576;
PRAGMA threads=2;
BEGIN;

CREATE TEMP TABLE prm AS SELECT
  20261101 AS seed,
  CAST(julianday('2026-11-01') - 2440587.5 AS INTEGER) AS anchor,   -- unix day
  1000000 AS n_matters,
  5000000 AS n_events,
  100000 AS n_people,
  2147483647 AS p;
-- day number (days since 1970-01-01) -> 'YYYY-MM-DD', for the dates of the rows
CREATE TEMP TABLE days(d INTEGER PRIMARY KEY, s TEXT NOT NULL);
INSERT INTO days SELECT value, date(value * 86400, 'unixepoch')
  FROM generate_series((SELECT anchor - 800 FROM prm), (SELECT anchor + 400 FROM prm));
-- A fixed integer hash of i (0 <= value < 2^31-1): an affine step mod the
-- Mersenne prime, then two quadratic steps x -> x*x + c (all products stay
-- below 2^62, so SQLite never leaves integer arithmetic).
CREATE TEMP TABLE rnd(i INTEGER PRIMARY KEY, x INTEGER NOT NULL);
INSERT INTO rnd
SELECT i, ((b * b) + 40503) % 2147483647 FROM (
  SELECT i, ((a * a) + 9973) % 2147483647 AS b FROM (
    SELECT value AS i, (value * 48271 + (SELECT seed FROM prm)) % 2147483647 AS a
    FROM generate_series(0, 4 * 1000000 + 3)));

-- ---- alliances ----
CREATE TEMP TABLE ca AS SELECT row_number() OVER (ORDER BY code) AS i, code, name
  FROM divisions WHERE level = 3 AND code LIKE '45%';
CREATE TEMP TABLE cb AS SELECT row_number() OVER (ORDER BY code) AS i, code, name
  FROM divisions WHERE level = 3 AND code LIKE '44%';
CREATE TEMP TABLE al AS SELECT ca.i AS id, ca.code AS a, ca.name AS an, cb.code AS b, cb.name AS bn
  FROM ca JOIN cb USING (i);
CREATE TEMP TABLE ms AS SELECT (anchor - 800) * 86400000 AS setup_ms FROM prm;

INSERT INTO alliances(id, name, description, created_at_ms)
SELECT id, printf('桂粤边界党建联建 %03d（%s—%s）', id, an, bn),
       printf('广西%s与广东%s跨省党建联建。基准测试数据：两省县级区划按代码顺序配对，并非真实相邻。', an, bn),
       (SELECT setup_ms FROM ms)
FROM al ORDER BY id;
INSERT INTO alliance_counties(alliance_id, county_code)
SELECT id, a FROM al UNION ALL SELECT id, b FROM al;

-- ---- units ----
-- towns of each side, numbered per alliance
CREATE TEMP TABLE tw AS
SELECT al.id AS aid, 0 AS side, d.code, d.name,
       row_number() OVER (PARTITION BY al.id ORDER BY d.code) - 1 AS j
  FROM al JOIN divisions d ON d.parent_code = al.a AND d.level = 4
UNION ALL
SELECT al.id, 1, d.code, d.name, row_number() OVER (PARTITION BY al.id ORDER BY d.code) - 1
  FROM al JOIN divisions d ON d.parent_code = al.b AND d.level = 4;
CREATE TEMP TABLE tm AS SELECT aid, min(sum(side = 0), sum(side = 1)) AS m FROM tw GROUP BY aid;
-- town unit k of an alliance holds the towns j with j % m = k (at most 4 a side)
CREATE TEMP TABLE tdiv AS SELECT tw.aid, tw.j % tm.m AS k, tw.side, tw.j, tw.code, tw.name
  FROM tw JOIN tm USING (aid) WHERE tw.j < 4 * tm.m;
CREATE TEMP TABLE tu(uid INTEGER PRIMARY KEY, aid, k, name);
INSERT INTO tu
SELECT (SELECT count(*) FROM al) + row_number() OVER (ORDER BY x.aid, x.k), x.aid, x.k,
       x.name || '—' || y.name || '党建联建工作站'
  FROM tdiv x JOIN tdiv y ON y.aid = x.aid AND y.k = x.k AND y.side = 1 AND y.j = y.k
 WHERE x.side = 0 AND x.j = x.k
 ORDER BY x.aid, x.k;
CREATE UNIQUE INDEX temp.tu_ak ON tu(aid, k);

-- villages of each town unit, per side; G = ceil(min(VA, VB) / 2) groups,
-- village i in group i % G, at most 3 a side
CREATE TEMP TABLE vw AS
SELECT tu.uid AS tuid, tu.aid, t.side, d.code, d.name,
       row_number() OVER (PARTITION BY tu.uid, t.side ORDER BY d.code) - 1 AS i
  FROM tu JOIN tdiv t ON t.aid = tu.aid AND t.k = tu.k
  JOIN divisions d ON d.parent_code = t.code AND d.level = 5;
CREATE TEMP TABLE vg AS SELECT tuid, (min(sum(side = 0), sum(side = 1)) + 1) / 2 AS g
  FROM vw GROUP BY tuid;
CREATE TEMP TABLE vdiv AS SELECT vw.tuid, vw.aid, vw.i % vg.g AS k, vw.side, vw.i, vw.code, vw.name
  FROM vw JOIN vg USING (tuid) WHERE vg.g > 0 AND vw.i < 3 * vg.g;
-- short village names: 坡子村委会 -> 坡子村, 翠洲社区居民委员会 -> 翠洲社区
CREATE TEMP TABLE vshort AS SELECT code,
  replace(replace(replace(replace(replace(name, '村民委员会', '村'), '村委会', '村'),
    '社区居民委员会', '社区'), '居民委员会', '社区'), '居委会', '社区') AS s
  FROM divisions WHERE level = 5 AND (code LIKE '44%' OR code LIKE '45%');
CREATE UNIQUE INDEX temp.vshort_code ON vshort(code);
CREATE TEMP TABLE vu(uid INTEGER PRIMARY KEY, tuid, aid, k, name);
INSERT INTO vu
SELECT (SELECT max(uid) FROM tu) + row_number() OVER (ORDER BY x.tuid, x.k), x.tuid, x.aid, x.k,
       (SELECT s FROM vshort WHERE code = x.code) || '—' ||
       (SELECT s FROM vshort WHERE code = y.code) || '边界党建联建小组'
  FROM vdiv x JOIN vdiv y ON y.tuid = x.tuid AND y.k = x.k AND y.side = 1 AND y.i = y.k
 WHERE x.side = 0 AND x.i = x.k
 ORDER BY x.tuid, x.k;
CREATE UNIQUE INDEX temp.vu_tk ON vu(tuid, k);

INSERT INTO units(id, alliance_id, tier, name, parent_id, created_at_ms)
SELECT id, id, 'county', an || '—' || bn || '县级党建联建工作专班', NULL, (SELECT setup_ms FROM ms) FROM al
UNION ALL
SELECT uid, aid, 'town', name, aid, (SELECT setup_ms FROM ms) + 86400000 FROM tu
UNION ALL
SELECT uid, aid, 'village', name, tuid, (SELECT setup_ms FROM ms) + 2 * 86400000 FROM vu
ORDER BY 1;

CREATE TEMP TABLE ud(unit_id, side, code, PRIMARY KEY (unit_id, code)) WITHOUT ROWID;
INSERT INTO ud
SELECT id, 0, a FROM al UNION ALL SELECT id, 1, b FROM al
UNION ALL SELECT tu.uid, t.side, t.code FROM tu JOIN tdiv t ON t.aid = tu.aid AND t.k = tu.k
UNION ALL SELECT vu.uid, v.side, v.code FROM vu JOIN vdiv v ON v.tuid = vu.tuid AND v.k = vu.k;
INSERT INTO unit_divisions(unit_id, code) SELECT unit_id, code FROM ud ORDER BY unit_id, code;

-- ---- organisations, people, secretaries, members, leaders ----
CREATE TEMP TABLE og(id INTEGER PRIMARY KEY, code UNIQUE, side, level, short);
INSERT INTO og
SELECT row_number() OVER (ORDER BY d.code), d.code, substr(d.code, 1, 2) = '44', d.level,
       CASE d.level WHEN 5 THEN (SELECT s FROM vshort WHERE code = d.code) ELSE d.name END
  FROM divisions d WHERE d.code IN (SELECT code FROM ud) ORDER BY d.code;
INSERT INTO orgs(id, name, division_code, kind, created_at_ms)
SELECT og.id,
       CASE og.level
         WHEN 3 THEN '中共' || og.short || '委员会'
         WHEN 4 THEN '中共' || c.name || og.short || '委员会'
         ELSE og.short || CASE WHEN r.x % 3 = 0 THEN '党总支部' ELSE '党支部' END END,
       og.code,
       CASE og.level WHEN 3 THEN 'other' WHEN 4 THEN 'town_committee' ELSE 'village_branch' END,
       (SELECT setup_ms FROM ms) - 86400000
  FROM og JOIN divisions c ON c.code = substr(og.code, 1, 6)
  JOIN rnd r ON r.i = og.id
 ORDER BY og.id;

-- people 1..n_orgs are the secretaries (person id = org id), the rest are
-- spread over the organisations by the hash
CREATE TEMP TABLE surnames AS SELECT '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤农蒙' AS s,
  '建国志强海涛振华文斌国平永康德胜立新家明坡生旺才那福双喜石安三和新宇良田古城柑林秀英桂兰玉梅丽娟春生福全金水伟明小红晓东' AS g;
INSERT INTO people(id, name, org_id, position, phone, is_demo, created_at_ms)
SELECT v.value,
       substr(s.s, 1 + r.x % length(s.s), 1) || substr(s.g, 1 + (r.x / 101) % length(s.g), 1) ||
         CASE WHEN (r.x / 7) % 3 = 0 THEN '' ELSE substr(s.g, 1 + (r.x / 9973) % length(s.g), 1) END,
       CASE WHEN v.value <= n.o THEN v.value ELSE 1 + r.x % n.o END,
       CASE WHEN v.value <= n.o THEN
              CASE o.level WHEN 3 THEN '县（市）委副书记' WHEN 4 THEN '镇党委书记' ELSE '村党组织书记' END
            ELSE CASE (r.x / 13) % 6 WHEN 0 THEN '党组织委员' WHEN 1 THEN '组织委员' WHEN 2 THEN '宣传委员'
                   ELSE '党员' END END,
       CASE WHEN (r.x / 17) % 5 = 0 THEN NULL
            ELSE '1' || substr('3578', 1 + (r.x / 19) % 4, 1) || printf('%09d', (r.x / 23) % 1000000000) END,
       0, (SELECT setup_ms FROM ms)
  FROM generate_series(1, (SELECT n_people FROM prm)) v
  JOIN (SELECT count(*) AS o FROM og) n
  JOIN surnames s
  JOIN rnd r ON r.i = 2000000 + v.value
  LEFT JOIN og o ON o.id = v.value
 ORDER BY v.value;
INSERT INTO org_secretaries(id, org_id, person_id, since_ms, until_ms)
SELECT id, id, id, (SELECT setup_ms FROM ms), NULL FROM og ORDER BY id;

INSERT INTO unit_members(unit_id, org_id, added_at_ms)
SELECT ud.unit_id, og.id, (SELECT setup_ms FROM ms) + 3 * 86400000
  FROM ud JOIN og ON og.code = ud.code ORDER BY ud.unit_id, og.id;
-- member k of a unit, per side (for picking the raising org and the other side)
CREATE TEMP TABLE um(unit_id, side, k, org_id, code, PRIMARY KEY (unit_id, side, k)) WITHOUT ROWID;
INSERT INTO um
SELECT ud.unit_id, ud.side, row_number() OVER (PARTITION BY ud.unit_id, ud.side ORDER BY og.id) - 1,
       og.id, og.code
  FROM ud JOIN og ON og.code = ud.code;
CREATE TEMP TABLE un(id INTEGER PRIMARY KEY, alliance_id, tier, parent_id, n0, n1, ti, leader);
INSERT INTO un
SELECT u.id, u.alliance_id, u.tier, u.parent_id, c.n0, c.n1,
       row_number() OVER (PARTITION BY u.tier ORDER BY u.id) - 1, c.leader
  FROM units u
  JOIN (SELECT unit_id, sum(side = 0) AS n0, sum(side = 1) AS n1, min(org_id) AS leader
          FROM um GROUP BY unit_id) c ON c.unit_id = u.id
 ORDER BY u.id;
CREATE UNIQUE INDEX temp.un_tier ON un(tier, ti);
INSERT INTO unit_leaders(unit_id, person_id, since_ms, until_ms)
SELECT id, leader, (SELECT setup_ms FROM ms) + 3 * 86400000, NULL FROM un ORDER BY id;
CREATE TEMP TABLE tiers AS SELECT tier, count(*) AS n FROM un GROUP BY tier;
CREATE TEMP TABLE uname(id INTEGER PRIMARY KEY, name, leader_name);
INSERT INTO uname SELECT u.id, u.name, p.name FROM units u JOIN un ON un.id = u.id
  JOIN people p ON p.id = un.leader ORDER BY u.id;

-- ---- the matters, planned ----
CREATE TEMP TABLE phrases(type, k, phrase, PRIMARY KEY (type, k)) WITHOUT ROWID;
INSERT INTO phrases VALUES
 ('traffic', 0, '跨界断头路打通'), ('traffic', 1, '边界道路维修'), ('traffic', 2, '跨省客运班线加密'), ('traffic', 3, '边界桥梁加固'),
 ('water', 0, '跨界河道清淤'), ('water', 1, '灌溉水渠共建'), ('water', 2, '饮水工程联通'), ('water', 3, '汛期联防联排'),
 ('border_dispute', 0, '山林权属纠纷调处'), ('border_dispute', 1, '耕地边界争议调解'), ('border_dispute', 2, '水源使用纠纷化解'), ('border_dispute', 3, '界碑维护协商'),
 ('industry', 0, '特色农产品联合展销'), ('industry', 1, '产业园区共建'), ('industry', 2, '电商服务站共建'), ('industry', 3, '养殖基地招商'),
 ('security', 0, '边界治安联防巡逻'), ('security', 1, '跨界矛盾联合排查'), ('security', 2, '禁毒宣传联合行动'), ('security', 3, '森林防火联防'),
 ('livelihood', 0, '跨省就医结算协调'), ('livelihood', 1, '留守儿童关爱联动'), ('livelihood', 2, '跨界垃圾清运'), ('livelihood', 3, '养老服务互通'),
 ('other', 0, '联合党课进边界课堂'), ('other', 1, '干部双向挂职交流'), ('other', 2, '红色研学路线共建'), ('other', 3, '党建阵地共享');
CREATE TEMP TABLE types AS SELECT key, row_number() OVER (ORDER BY rowid) - 1 AS i FROM matter_types;

-- r1: tier, unit, side, member | r2: status, escalation, priority, type |
-- r3: days (raised, resolved, activity) | r4: due date, figures, assignee
CREATE TEMP TABLE mp0(id INTEGER PRIMARY KEY, r1, r2, r3, r4, origin, tier, status, esc);
INSERT INTO mp0
SELECT h.id, h.r1, h.r2, h.r3, h.r4, un.id, un.tier,
       CASE WHEN h.r2 % 1000 < 600 THEN 'resolved' WHEN h.r2 % 1000 < 700 THEN 'closed'
            WHEN h.r2 % 1000 < 760 THEN 'proposed' WHEN h.r2 % 1000 < 840 THEN 'studying'
            WHEN h.r2 % 1000 < 930 THEN 'in_progress' ELSE 'escalated' END,
       0
  FROM (SELECT v.value AS id, a.x AS r1, b.x AS r2, c.x AS r3, d.x AS r4,
               CASE WHEN a.x % 100 < 72 THEN 'village' WHEN a.x % 100 < 93 THEN 'town' ELSE 'county' END AS tier
          FROM generate_series(1, (SELECT n_matters FROM prm)) v
          JOIN rnd a ON a.i = 4 * v.value
          JOIN rnd b ON b.i = 4 * v.value + 1
          JOIN rnd c ON c.i = 4 * v.value + 2
          JOIN rnd d ON d.i = 4 * v.value + 3) h
  JOIN tiers t ON t.tier = h.tier
  JOIN un ON un.tier = t.tier AND un.ti = (h.r1 / 100) % t.n
 ORDER BY h.id;
-- escalations: every "escalated" matter, and 1 in 16 of the others that got
-- past "studying"; a village matter goes up two tiers one time in five.
-- County task forces have no parent: their "escalated" become in_progress.
UPDATE mp0 SET status = 'in_progress' WHERE tier = 'county' AND status = 'escalated';
UPDATE mp0 SET esc = CASE WHEN tier = 'village' AND (r2 / 1000) % 5 = 0 THEN 2 ELSE 1 END
 WHERE tier <> 'county' AND status NOT IN ('proposed', 'studying')
   AND (status = 'escalated' OR (r2 / 5000) % 16 = 0);

-- Each matter's plan, one statement, in stages (inner to outer):
--  h: units, organisations, category/type/priority, raising day;
--  d: end day (resolved 0-119 days after raising, closed 0-59, never after
--     the anchor; open matters were last touched between raising and the
--     anchor) and due day (3 in 4 have one: 15-194 days after raising);
--  outer: times in ms UTC (raised 09:00-17:59 Asia/Shanghai, last entry
--     10:00-17:59) and the structural timeline, one letter per entry: R
--     raised, S studying, E/F escalated (1st/2nd), I/J in progress (from
--     studying/escalated), Z resolved, C/D closed (from studying/escalated);
--     progress notes (P) go between pre and post.
CREATE TEMP TABLE mp(id INTEGER PRIMARY KEY, alliance_id, unit_id, origin, esc, esc1, esc2, org_id,
  org_code, other_org, other_code, category, type, priority, status, raised_day, end_day, due_day,
  t0, t1, pre, post, n_base, w, r4);
INSERT INTO mp
SELECT id, alliance_id, unit_id, origin, esc, esc1, esc2, org_id, org_code, other_org, other_code,
       category, type, priority, status, raised_day, end_day, due_day,
       (raised_day * 86400 + 3600 + (r4 / 11) % 32400) * 1000,
       max((end_day * 86400 + 7200 + (r4 / 13) % 28800) * 1000,
           (raised_day * 86400 + 3600 + (r4 / 11) % 32400) * 1000 + 60000),
       pre, post, length(pre) + length(post), (r4 / 17) % 4, r4
FROM (
SELECT d.*,
  CASE status
    WHEN 'proposed' THEN 'R'
    WHEN 'studying' THEN 'RS'
    WHEN 'in_progress' THEN CASE WHEN esc = 0 THEN 'RSI' ELSE 'RS' || substr('EF', 1, esc) || 'J' END
    WHEN 'escalated' THEN 'RS' || substr('EF', 1, esc)
    WHEN 'resolved' THEN CASE WHEN esc = 0 THEN 'RSI' ELSE 'RS' || substr('EF', 1, esc) || 'J' END
    WHEN 'closed' THEN 'RS' || substr('EF', 1, esc) END AS pre,
  CASE status WHEN 'resolved' THEN 'Z' WHEN 'closed' THEN CASE WHEN esc = 0 THEN 'C' ELSE 'D' END
    ELSE '' END AS post
FROM (
SELECT h.*,
  min(h.anchor, h.raised_day + CASE h.status WHEN 'resolved' THEN (h.r4 / 3) % 120
    WHEN 'closed' THEN (h.r4 / 3) % 60
    ELSE (h.anchor - h.raised_day) * (30 + (h.r4 / 3) % 71) / 100 END) AS end_day,
  CASE WHEN h.r4 % 4 <> 0 THEN h.raised_day + 15 + (h.r4 / 7) % 180 END AS due_day
FROM (
SELECT m.id, un.alliance_id,
       CASE m.esc WHEN 0 THEN m.origin WHEN 1 THEN un.parent_id ELSE p.parent_id END AS unit_id,
       m.origin, m.esc,
       CASE WHEN m.esc >= 1 THEN un.parent_id END AS esc1,
       CASE WHEN m.esc = 2 THEN p.parent_id END AS esc2,
       o.org_id, o.code AS org_code, x.org_id AS other_org, x.code AS other_code,
       rtrim(substr('org      revival  talent   educationeconomy  ', 1 + 9 * ((m.r2 / 97) % 5), 9)) AS category,
       t.key AS type,
       CASE WHEN (m.r2 / 11) % 5 = 0 THEN 'low' WHEN (m.r2 / 11) % 5 = 4 THEN 'high' ELSE 'normal' END AS priority,
       m.status,
       -- raised: open matters in the last 240 days, the rest in the last 730
       prm.anchor - CASE WHEN m.status IN ('resolved', 'closed') THEN m.r3 % 730 ELSE m.r3 % 240 END AS raised_day,
       prm.anchor, m.r4
  FROM mp0 m JOIN prm
  JOIN un ON un.id = m.origin
  LEFT JOIN un p ON p.id = un.parent_id
  JOIN types t ON t.i = (m.r2 / 89) % 7
  JOIN um o ON o.unit_id = m.origin AND o.side = (m.r1 / 1000) % 2
         AND o.k = (m.r1 / 2000) % CASE (m.r1 / 1000) % 2 WHEN 0 THEN un.n0 ELSE un.n1 END
  JOIN um x ON x.unit_id = m.origin AND x.side = 1 - (m.r1 / 1000) % 2
         AND x.k = (m.r1 / 7000) % CASE (m.r1 / 1000) % 2 WHEN 0 THEN un.n1 ELSE un.n0 END
) h) d)
 ORDER BY id;
CREATE TEMP TABLE descr(id INTEGER PRIMARY KEY, title, description);
INSERT INTO descr
SELECT mp.id, a.short || ph.phrase,
       '群众反映：' || a.short || '与' || b.short || '交界处需要' || ph.phrase ||
       '，涉及两省边界群众切身利益，提请联建单位共同研判推进。'
  FROM mp JOIN og a ON a.id = mp.org_id JOIN og b ON b.id = mp.other_org
  JOIN phrases ph ON ph.type = mp.type AND ph.k = (mp.r4 / 29) % 4
 ORDER BY mp.id;

-- progress notes: exactly n_events - sum(n_base), spread by the weights w
-- (0-3) through cumulative sums, so that the total is exact
CREATE TEMP TABLE mc(id INTEGER PRIMARY KEY, n);
INSERT INTO mc
SELECT id, n_base + (cw * pn / tw) - ((cw - w) * pn / tw) FROM (
  SELECT id, n_base, w, sum(w) OVER (ORDER BY id) AS cw,
         (SELECT n_events FROM prm) - (SELECT sum(n_base) FROM mp) AS pn,
         (SELECT sum(w) FROM mp) AS tw
    FROM mp) ORDER BY id;

-- ---- the matters ----
INSERT INTO matters(id, alliance_id, unit_id, origin_unit_id, county_code, title, description,
  category, type, priority, status, due_on, raised_by_org_id, raised_by_user, raised_on,
  raised_at_ms, resolved_on, resolution, closed_reason, funds_fen, people_count, length_m, jobs,
  updated_at_ms)
SELECT mp.id, alliance_id, unit_id, origin, substr(org_code, 1, 6), dd.title, dd.description,
       category, type, priority, status,
       (SELECT s FROM days WHERE d = due_day),
       org_id, NULL, (SELECT s FROM days WHERE d = raised_day), t0,
       CASE WHEN status = 'resolved' THEN (SELECT s FROM days WHERE d = end_day) END,
       CASE WHEN status = 'resolved' THEN '经两地联建单位协调推进，' ||
         (SELECT phrase FROM phrases WHERE phrases.type = mp.type AND phrases.k = (mp.r4 / 29) % 4) ||
         '已完成，群众满意。' END,
       CASE WHEN status = 'closed' THEN CASE (r4 / 31) % 3 WHEN 0 THEN '经研判不属于跨界事项，转属地办理'
         WHEN 1 THEN '与已有事项重复，合并办理' ELSE '提出方撤回' END END,
       CASE WHEN category IN ('economy', 'revival') AND (r4 / 37) % 10 < 3 THEN (1 + (r4 / 41) % 500) * 1000000 END,
       CASE WHEN (r4 / 43) % 5 = 0 THEN 5 + (r4 / 47) % 200 END,
       CASE WHEN type IN ('traffic', 'water') AND (r4 / 53) % 2 = 0 THEN 100 * (1 + (r4 / 59) % 150) END,
       CASE WHEN category = 'economy' AND (r4 / 61) % 5 = 0 THEN 1 + (r4 / 67) % 300 END,
       t1
  FROM mp JOIN descr dd ON dd.id = mp.id ORDER BY mp.id;
INSERT INTO matter_divisions(matter_id, code)
SELECT id, org_code FROM mp UNION ALL SELECT id, other_code FROM mp ORDER BY 1, 2;
INSERT INTO matter_assignees(matter_id, org_id, person_id)
SELECT id, NULL, other_org FROM mp WHERE (r4 / 71) % 10 < 3 AND status <> 'proposed' ORDER BY id;

-- ---- the timeline: entry k of matter m, in order (ids follow time) ----
INSERT INTO matter_events(matter_id, at_ms, user_id, username, kind, from_status, to_status, unit_id,
  meeting_id, note)
SELECT e.id, e.at, NULL,
       (SELECT leader_name FROM uname WHERE uname.id = e.unit),
       CASE e.code WHEN 'R' THEN 'raised' WHEN 'P' THEN 'progress' ELSE 'transition' END,
       CASE e.code WHEN 'S' THEN 'proposed' WHEN 'E' THEN 'studying' WHEN 'I' THEN 'studying'
         WHEN 'C' THEN 'studying' WHEN 'F' THEN 'escalated' WHEN 'J' THEN 'escalated'
         WHEN 'D' THEN 'escalated' WHEN 'Z' THEN 'in_progress' END,
       CASE e.code WHEN 'R' THEN 'proposed' WHEN 'S' THEN 'studying' WHEN 'E' THEN 'escalated'
         WHEN 'F' THEN 'escalated' WHEN 'I' THEN 'in_progress' WHEN 'J' THEN 'in_progress'
         WHEN 'Z' THEN 'resolved' WHEN 'C' THEN 'closed' WHEN 'D' THEN 'closed' END,
       e.unit, NULL,
       CASE e.code
         WHEN 'R' THEN e.description
         WHEN 'S' THEN '列入联建单位研判事项'
         WHEN 'E' THEN '由“' || (SELECT name FROM uname WHERE uname.id = e.origin) || '”上报：需上级单位统筹协调'
         WHEN 'F' THEN '由“' || (SELECT name FROM uname WHERE uname.id = e.esc1) || '”上报：涉及跨县资源，提请县级专班协调'
         WHEN 'I' THEN '明确牵头单位，开始推进'
         WHEN 'J' THEN '上级单位统筹后推进'
         WHEN 'Z' THEN '办结'
         WHEN 'C' THEN '经研判关闭'
         WHEN 'D' THEN '经上级研判关闭'
         ELSE CASE (e.id + e.k) % 8 WHEN 0 THEN '两地党组织书记实地踏勘，形成初步方案'
           WHEN 1 THEN '召开联席会议，明确责任分工' WHEN 2 THEN '已向两县（市）相关部门报送情况'
           WHEN 3 THEN '党员先锋队入户走访，收集群众意见' WHEN 4 THEN '资金筹措方案已经两地联建单位审议'
           WHEN 5 THEN '完成现场测量，待上级审批' WHEN 6 THEN '协调会纪要已印发两地执行'
           ELSE '阶段性工作完成，群众反映良好' END END
FROM (
  SELECT mp.id, mp.origin, mp.esc1, dd.description, s.value AS k,
         CASE WHEN s.value < length(mp.pre) THEN substr(mp.pre, s.value + 1, 1)
              WHEN s.value >= mc.n - length(mp.post) THEN mp.post ELSE 'P' END AS code,
         CASE WHEN s.value = 0 OR (s.value < length(mp.pre) AND substr(mp.pre, s.value + 1, 1) = 'S') THEN mp.origin
              WHEN s.value < length(mp.pre) AND substr(mp.pre, s.value + 1, 1) = 'E' THEN mp.esc1
              WHEN s.value < length(mp.pre) AND substr(mp.pre, s.value + 1, 1) = 'F' THEN mp.esc2
              ELSE mp.unit_id END AS unit,
         CASE WHEN mc.n = 1 THEN mp.t0 ELSE mp.t0 + (mp.t1 - mp.t0) * s.value / (mc.n - 1) END AS at
    FROM mp JOIN mc ON mc.id = mp.id JOIN descr dd ON dd.id = mp.id, generate_series(0, mc.n - 1) s
   ORDER BY mp.id, s.value) e;

-- ---- statistics, from the generated rows ----
-- (from the plan mp, with day numbers: the same values as the matters and
-- matter_events rows above)
INSERT INTO stat_matter_daily(alliance_id, unit_id, county_code, category, day, raised, resolved,
  resolve_days, escalated)
SELECT alliance_id, unit_id, county_code, category, (SELECT s FROM days WHERE d = day),
       sum(ra), sum(re), sum(rd), sum(es) FROM (
  -- raised, on the day raised
  SELECT alliance_id, origin AS unit_id, substr(org_code, 1, 6) AS county_code, category,
         raised_day AS day, 1 AS ra, 0 AS re, 0 AS rd, 0 AS es FROM mp
  UNION ALL
  -- resolved, on the day resolved, with the days it took
  SELECT alliance_id, origin, substr(org_code, 1, 6), category, end_day, 0, 1, end_day - raised_day, 0
    FROM mp WHERE status = 'resolved'
  UNION ALL
  -- one per escalation entry (E at position 2, F at 3 of the timeline), on
  -- its day in Asia/Shanghai: the times of the matter_events rows
  SELECT mp.alliance_id, mp.origin, substr(mp.org_code, 1, 6), mp.category,
         ((mp.t0 + (mp.t1 - mp.t0) * s.value / (mc.n - 1)) / 1000 + 8 * 3600) / 86400, 0, 0, 0, 1
    FROM mp JOIN mc ON mc.id = mp.id, generate_series(2, 1 + mp.esc) s WHERE mp.esc > 0)
GROUP BY alliance_id, unit_id, county_code, category, day;
INSERT INTO stat_open_due(alliance_id, unit_id, county_code, category, due_on, n)
SELECT alliance_id, origin, substr(org_code, 1, 6), category, (SELECT s FROM days WHERE d = due_day), count(*)
  FROM mp WHERE status NOT IN ('resolved', 'closed') AND due_day IS NOT NULL
 GROUP BY alliance_id, due_day, origin, substr(org_code, 1, 6), category;
-- the monthly, all-time (month '*') and by-month roll-ups of both (migration 0006), as the server keeps them
INSERT INTO stat_matter_monthly(alliance_id, month, unit_id, county_code, category, raised,
  resolved, resolve_days, escalated)
SELECT alliance_id, substr(day, 1, 7), unit_id, county_code, category, sum(raised), sum(resolved),
       sum(resolve_days), sum(escalated)
  FROM stat_matter_daily GROUP BY 1, 2, 3, 4, 5;
INSERT INTO stat_matter_monthly(alliance_id, month, unit_id, county_code, category, raised,
  resolved, resolve_days, escalated)
SELECT alliance_id, '*', unit_id, county_code, category, sum(raised), sum(resolved),
       sum(resolve_days), sum(escalated)
  FROM stat_matter_daily GROUP BY 1, 3, 4, 5;
INSERT INTO stat_open_due_monthly(alliance_id, month, unit_id, county_code, category, n)
SELECT alliance_id, substr(due_on, 1, 7), unit_id, county_code, category, sum(n)
  FROM stat_open_due GROUP BY 1, 2, 3, 4, 5;
INSERT INTO stat_open_due_monthly(alliance_id, month, unit_id, county_code, category, n)
SELECT alliance_id, '*', unit_id, county_code, category, sum(n)
  FROM stat_open_due GROUP BY 1, 3, 4, 5;

INSERT INTO stat_matter_by_month(alliance_id, month, raised, resolved, resolve_days, escalated)
SELECT alliance_id, substr(day, 1, 7), sum(raised), sum(resolved), sum(resolve_days), sum(escalated)
  FROM stat_matter_daily GROUP BY 1, 2;
INSERT INTO stat_open_due_by_month(alliance_id, month, n)
SELECT alliance_id, substr(due_on, 1, 7), sum(n) FROM stat_open_due GROUP BY 1, 2;

INSERT OR REPLACE INTO meta(key, value) VALUES ('bench_dataset', 'bench/gen/matters.sql seed 20261101 anchor 2026-11-01');
COMMIT;
-- back to the server's journal mode (journal_mode=OFF above left WAL)
PRAGMA journal_mode=WAL;
