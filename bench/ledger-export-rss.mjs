// bench/ledger-export-rss.mjs [N] - peak memory of a large ledger export.
// Builds a demo database, copies the demo's matters up to N (default
// 100000) rows with SQLite, starts the release server, exports
// matters.xlsx once and reports the server's resident set (VmRSS) before
// and its highest value sampled every 20 ms during the export (the
// process's VmHWM is no use here: the login's argon2id hash alone takes
// 64 MiB), the time taken and the workbook's size.
// Run: node bench/ledger-export-rss.mjs 100000   (after `make`)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDb, launch, ROOT } from '../tests/lib/server.mjs';
import { loggedIn } from '../tests/lib/client.mjs';

const N = Number(process.argv[2] || 100000);
const bin = join(ROOT, 'build', 'lianjian');
const dir = mkdtempSync(join(tmpdir(), 'lj-export-rss-'));
const db = prepareDb(dir, { demo: true, bin });
execFileSync('/usr/bin/python3', ['-c', `
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); n = int(sys.argv[2])
cols = [r[1] for r in c.execute("PRAGMA table_info(matters)") if r[1] != 'id']
have = c.execute("SELECT count(*) FROM matters").fetchone()[0]
sql = "INSERT INTO matters(%s) SELECT %s FROM matters WHERE id = (SELECT min(id) FROM matters)" % (",".join(cols), ",".join(cols))
c.executemany(sql, [()] * (n - have)); c.commit()
print("matters:", c.execute("SELECT count(*) FROM matters").fetchone()[0])
`, db.dbPath, String(N)], { stdio: 'inherit' });
const srv = await launch(db.dbPath, { bin });
const rss = () => readFileSync(`/proc/${srv.proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1] / 1024;
const admin = await loggedIn({ url: srv.url }, db.adminUser, db.adminPassword);
const alliance = (await admin.get('/api/v1/alliances')).json.items[0].id;
const before = rss();
let peak = before;
const sampler = setInterval(() => { peak = Math.max(peak, rss()); }, 20);
const t0 = Date.now();
const res = await fetch(`${srv.url}/api/v1/exports/matters.xlsx?alliance_id=${alliance}`, { headers: { cookie: admin.cookie } });
const bytes = Buffer.from(await res.arrayBuffer()).length;
const ms = Date.now() - t0;
clearInterval(sampler);
console.log(`status ${res.status}, ${bytes} bytes, ${ms} ms; server RSS ${before.toFixed(1)} MiB before, peak ${peak.toFixed(1)} MiB during the export`);
await srv.stop();
rmSync(dir, { recursive: true, force: true });
