"""`make bench`: Cabinet's hot reads over HTTP on two generated firms 10x apart.

For each size (BENCH_SMALL, default 10,000 clients; BENCH_LARGE, default 100,000) on
BENCH_DB (`sqlite`, default, or `postgresql`): a fresh database (`var/bench/<db>-<N>/`, or
the PostgreSQL database `cabinet_bench_<N>` on BENCH_PG_URL, dropped and recreated),
`cabinet migrate`, `cabinet generate --clients N --seed 1`, VACUUM ANALYZE on PostgreSQL, then
`cabinet serve` on a free port with CABINET_BENCH=1 (each answer tells its SQL queries in
`X-Cabinet-Queries`). Every read of READS is timed BENCH_REPEAT times (default 20) after
two warm-up calls, and so is its floor: the same rows fetched by one hand-written SQL
query on the same database (FLOORS). The table goes to stdout and to
`bench/results/<date>-<db>-<small>-<large>.md`; the data stays for inspection.
"""

import datetime
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from cabinet.core.postgres import PG_OPTIONS
from cabinet.core.text import normalize, search_word

ROOT = Path(__file__).resolve().parent.parent
CABINET = Path(sys.executable).with_name("cabinet")
MAX_CLIENTS = 999_999  # six-digit client numbers (C1)
WARMUP = 2
ADMIN = ("admin", "cabinet-admin")

# The reads: (label, path, "api" with the bearer token or "page" with the session, floor).
READS = [
    ("search by alias prefix", "/api/v1/clients?q={q_alias}", "api", "search_alias"),
    ("search by common last name", "/api/v1/clients?q={q_name}", "api", "search_name"),
    ("search by number", "/api/v1/clients?q={q_number}", "api", "search_number"),
    ("client record", "/api/v1/clients/{client}", "api", "client"),
    ("client connexities", "/api/v1/clients/{client}/connexities", "api", "connexities"),
    ("client contacts", "/api/v1/clients/{client}/contacts", "api", "contacts"),
    ("largest group (API)", "/api/v1/groups/{group}", "api", "group"),
    ("largest group (page)", "/groups/{group}/", "page", "group"),
    ("busy matter", "/api/v1/matters/{matter}", "api", "matter"),
    ("busy matter activities", "/api/v1/matters/{matter}/activities", "api", "activities"),
    ("busy matter split", "/api/v1/matters/{matter}/split", "api", "split"),
    ("busy matter allocation", "/api/v1/matters/{matter}/allocation", "api", "allocation"),
    ("«+» matters (quick-add)", "/api/v1/matters/quick-add", "api", "quick_add"),
    ("/clients/ page", "/clients/", "page", "clients_page"),
    ("/clients/ page ?q=last name", "/clients/?q={q_name}", "page", "clients_page_q"),
    ("group contracts (API)", "/api/v1/groups/{group}/contracts", "api", "group_contracts"),
    ("group contracts (page)", "/groups/{group}/contracts/", "page", "group_contracts_page"),
    ("group receipts (API)", "/api/v1/groups/{group}/premium-receipts", "api", "group_receipts"),
    ("group receipts (page)", "/groups/{group}/premium-receipts/", "page", "group_receipts_page"),
    ("group claims (API)", "/api/v1/groups/{group}/claims", "api", "group_claims"),
    ("group claims (page)", "/groups/{group}/claims/", "page", "group_claims_page"),
]
CONTRACT_READ = ("busiest contract", "/api/v1/contracts/{contract}", "api", "contract")

# The floors: one SQL query each, fetching the rows the read answers with (`:name`
# parameters, the same SQL on both databases). Counts and totals ride along as scalar
# subqueries, as the app sends them beside the page.
# C2: a page by name and the capped count. The stored words the query word starts (`:w0`…,
# read before, untimed) each give their first rows from the word index; the page is their
# union's first clients. The count reads at most 2,001 rows (COUNT_CAP).
_SEARCH_PART = """SELECT * FROM (SELECT client_id, name, first_name, number
  FROM clients_clientword WHERE word = :w{i} ORDER BY name, first_name, number, client_id
  LIMIT {limit}) AS p{i}"""
_SEARCH = """SELECT id, number, name, first_name, kind, (SELECT COUNT(DISTINCT client_id) FROM
    (SELECT client_id FROM clients_clientword WHERE word >= :low AND word < :high LIMIT 2001)
    AS s) AS n
  FROM clients_client WHERE id IN (SELECT client_id FROM ({parts}) AS u)
  ORDER BY name, first_name, number LIMIT {limit}"""
_VOCABULARY = """WITH RECURSIVE vocab(word, n) AS (
    SELECT (SELECT MIN(word) FROM clients_clientword WHERE word >= :low AND word < :high), 1
    UNION ALL SELECT (SELECT MIN(w.word) FROM clients_clientword w
      WHERE w.word > vocab.word AND w.word < :high), vocab.n + 1
    FROM vocab WHERE vocab.word IS NOT NULL AND vocab.n < 65)
  SELECT word FROM vocab WHERE word IS NOT NULL"""


def search_floor(run, params: dict, key: str, limit: int) -> tuple[str, dict]:
    """The floor of a search by the query word `params[key]`, and its parameters."""
    word = search_word(normalize(str(params[key])).split(" ")[0])
    bounds = {"low": word, "high": word + "{"}
    stored = [row[0] for row in run(_VOCABULARY, bounds)]
    parts = (
        " UNION ALL ".join(_SEARCH_PART.format(i=i, limit=limit) for i in range(len(stored)))
        or "SELECT NULL AS client_id"
    )
    words = {f"w{i}": w for i, w in enumerate(stored)}
    return _SEARCH.format(parts=parts, limit=limit), {**params, **bounds, **words}


_GROUP_MEMBERS = "(SELECT client_id FROM groups_groupmembership WHERE group_id = :group)"
_PORTFOLIO = """SELECT x.*, c.number, c.name, c.first_name, t.* FROM {table} x
  JOIN clients_client c ON c.id = x.client_id
  CROSS JOIN (SELECT COUNT(*) AS n, {sums} FROM {table} y
              WHERE y.client_id IN {members}{where_y}) t
  WHERE x.client_id IN {members}{where_x} ORDER BY {order} LIMIT {limit}"""


def _portfolio(table, sums, order, limit, where=""):
    """A G10 group view: a page of the members' rows, with the count and totals."""
    return _PORTFOLIO.format(
        table=table,
        sums=sums,
        order=order,
        limit=limit,
        members=_GROUP_MEMBERS,
        where_x=where.format(t="x"),
        where_y=where.format(t="y"),
    )


_CONTRACTS = ("insurance_contract", "SUM(y.annual_premium)", "x.start_date DESC, x.id DESC")
_RECEIPTS = (
    "insurance_premiumreceipt",
    "SUM(CASE WHEN y.status <> 'cancelled' THEN y.amount END)",  # cancelled ones not summed
    "x.due_date DESC, x.id DESC",
)
_CLAIMS = (
    "insurance_claim",
    "SUM(y.reserve_amount), SUM(y.paid_amount)",
    "x.loss_date DESC, x.id DESC",
)
_OPEN = " AND {t}.status = 'open'"  # «Seulement les sinistres en cours», ticked by default
FLOORS = {
    "search_alias": ("search", "q_alias", 50),
    "search_name": ("search", "q_name", 50),
    "search_number": ("search", "q_number", 50),
    # The record: the client, its aliases (one row each), its group, R9's flag.
    "client": """SELECT c.*, a.value, g.id, g.name, EXISTS (SELECT 1 FROM clients_connexity x
        WHERE (x.client_id = c.id OR x.other_id = c.id)
          AND (x.end_date IS NULL OR x.end_date >= :today)) AS current
      FROM clients_client c LEFT JOIN clients_clientalias a ON a.client_id = c.id
      LEFT JOIN groups_groupmembership m ON m.client_id = c.id
      LEFT JOIN groups_group g ON g.id = m.group_id WHERE c.id = :client""",
    # R2/R5: its current connexities, both clients named.
    "connexities": """SELECT x.*, c.number, c.name, o.number, o.name FROM clients_connexity x
      JOIN clients_client c ON c.id = x.client_id JOIN clients_client o ON o.id = x.other_id
      WHERE (x.client_id = :client OR x.other_id = :client)
        AND (x.end_date IS NULL OR x.end_date >= :today)""",
    # C4/G9: its own contacts and its group's group contacts, valid today, by name.
    "contacts": """SELECT ct.*, o.number, o.name FROM clients_contact ct
      JOIN clients_client o ON o.id = ct.client_id
      WHERE (ct.client_id = :client OR (ct.is_group_contact AND ct.client_id IN
              (SELECT m2.client_id FROM groups_groupmembership m1 JOIN groups_groupmembership m2
               ON m2.group_id = m1.group_id WHERE m1.client_id = :client)))
        AND ct.valid_from <= :today AND (ct.valid_to IS NULL OR ct.valid_to >= :today)
      ORDER BY ct.last_name, ct.first_name, ct.id""",
    # G3: the group and every membership with its client (the tree is built from these).
    "group": """SELECT g.id, g.name, m.id, m.parent_id, m.is_seat, c.id, c.number, c.name,
        c.first_name FROM groups_group g JOIN groups_groupmembership m ON m.group_id = g.id
      JOIN clients_client c ON c.id = m.client_id WHERE g.id = :group""",
    # The matter with its parties and its intervenants.
    "matter": """SELECT m.id, m.number, m.title, m.status, p.id, p.role, p.is_active, c.id,
        c.number, c.name FROM matters_matter m JOIN matters_matterparty p ON p.matter_id = m.id
      JOIN clients_client c ON c.id = p.client_id WHERE m.id = :matter
      UNION ALL
      SELECT m.id, m.number, m.title, m.status, i.id, 'user', TRUE, u.id, u.username,
        u.last_name FROM matters_matter m JOIN matters_intervenant i ON i.matter_id = m.id
      JOIN accounts_user u ON u.id = i.user_id WHERE m.id = :matter""",
    # A1: the first 100 activities (newest first), with the count and the totals.
    "activities": """SELECT a.*, u.username, c.number, c.name, t.* FROM activities_activity a
      JOIN accounts_user u ON u.id = a.user_id LEFT JOIN clients_client c ON c.id = a.client_id
      CROSS JOIN (SELECT COUNT(*) AS n, SUM(amount) AS total,
                  SUM(CASE WHEN state = 'unbilled' THEN amount END) AS unbilled
                  FROM activities_activity WHERE matter_id = :matter) t
      WHERE a.matter_id = :matter ORDER BY a.date DESC, a.id DESC LIMIT 100""",
    # A3: the active client parties and their stored shares.
    "split": """SELECT c.id, c.number, c.name, s.share FROM matters_matterparty p
      JOIN clients_client c ON c.id = p.client_id LEFT JOIN billing_clientsplit s
        ON s.matter_id = p.matter_id AND s.client_id = p.client_id
      WHERE p.matter_id = :matter AND p.role = 'client' AND p.is_active ORDER BY p.id""",
    # A4/A5: per active client, the unbilled amount of its own and the common activities.
    "allocation": """SELECT c.id, c.number, c.name, (SELECT SUM(a.amount)
        FROM activities_activity a WHERE a.matter_id = p.matter_id AND a.state = 'unbilled'
          AND (a.client_id = p.client_id OR a.client_id IS NULL)) AS unbilled
      FROM matters_matterparty p JOIN clients_client c ON c.id = p.client_id
      WHERE p.matter_id = :matter AND p.role = 'client' AND p.is_active ORDER BY p.id""",
    # A9: the first 50 open matters with an active client party, by number, and the count.
    "quick_add": """WITH candidates AS (SELECT m.id, m.number, m.title FROM matters_matter m
        WHERE m.status = 'open' AND EXISTS (SELECT 1 FROM matters_matterparty p
          WHERE p.matter_id = m.id AND p.role = 'client' AND p.is_active))
      SELECT *, (SELECT COUNT(*) FROM candidates) FROM candidates ORDER BY number LIMIT 50""",
    # «Clients»: a page of 25 by name and the capped count, without and with the search.
    "clients_page": """SELECT id, number, name, first_name, city,
        (SELECT COUNT(*) FROM (SELECT 1 FROM clients_client LIMIT 1001) AS s)
      FROM clients_client ORDER BY name, first_name, number LIMIT 25""",
    "clients_page_q": ("search", "q_name", 25),
    # G10: a page of the group members' contracts / receipts / open claims, count, totals.
    "group_contracts": _portfolio(*_CONTRACTS, 50),
    "group_contracts_page": _portfolio(*_CONTRACTS, 25),
    "group_receipts": _portfolio(*_RECEIPTS, 50),
    "group_receipts_page": _portfolio(*_RECEIPTS, 25),
    "group_claims": _portfolio(*_CLAIMS, 50, _OPEN),
    "group_claims_page": _portfolio(*_CLAIMS, 25, _OPEN),
    # I1: one contract with its client and insurer.
    "contract": """SELECT ct.*, c.number, c.name, i.name FROM insurance_contract ct
      JOIN clients_client c ON c.id = ct.client_id JOIN insurance_insurer i
        ON i.id = ct.insurer_id WHERE ct.id = :contract""",
}


# -- timing ----------------------------------------------------------------------------


def timed(call, repeat: int) -> tuple[list[float], object]:
    """Milliseconds of `repeat` calls after WARMUP untimed ones, and the last result."""
    result = None
    for _ in range(WARMUP):
        result = call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, result


def p50(samples):
    return statistics.median(samples)


def p95(samples):
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


# -- databases ---------------------------------------------------------------------------


def base_env() -> dict:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CABINET_", "DJANGO_")) and k != "DATABASE_URL"
    }


def pg_url(name: str) -> str:
    base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    return urllib.parse.urlsplit(base)._replace(path=f"/{name}").geturl()


def prepare(db: str, n: int) -> tuple[dict, Path]:
    """A fresh data folder (and database) for size n: the environment of its commands."""
    data_dir = ROOT / "var" / "bench" / f"{db}-{n}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    env = {**base_env(), "CABINET_DATA_DIR": str(data_dir)}
    if db == "postgresql":
        import psycopg

        name = f"cabinet_bench_{n}"
        with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
            # Never wait forever: a backend of another database that does not answer the
            # server's signal (a stalled COPY) holds DROP DATABASE back.
            conn.execute("SET statement_timeout = '120s'")
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = pg_url(name)
    return env, data_dir


def connect(db: str, env: dict):
    """A read connection for the floors; `run(sql, params)` gives the rows."""
    if db == "postgresql":
        import psycopg

        # As Django sends them: parameters bound in the client, never a prepared statement
        # (a generic plan cannot use the trigram index for `LIKE %s`).
        conn = psycopg.connect(
            env["DATABASE_URL"],
            options=PG_OPTIONS,  # the planner settings Cabinet gives its own connections
            autocommit=True,
            prepare_threshold=None,
            cursor_factory=psycopg.ClientCursor,
        )
        return conn, lambda sql, params: conn.execute(
            re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql), params
        ).fetchall()
    path = Path(env["CABINET_DATA_DIR"]) / "cabinet.sqlite3"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return conn, lambda sql, params: conn.execute(sql, params).fetchall()


# -- the server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(env: dict, data_dir: Path) -> tuple[subprocess.Popen, str]:
    """`cabinet serve` (one worker: the requests come one at a time) with the query
    counter; returns once it answers."""
    port = free_port()
    log = open(data_dir / "serve.log", "w")  # noqa: SIM115 (closed with the process)
    server = subprocess.Popen(
        [CABINET, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env={**env, "CABINET_BENCH": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"cabinet serve stopped, see {data_dir / 'serve.log'}")
        try:
            urllib.request.urlopen(f"{url}/login/", timeout=2).read()
            return server, url
        except OSError:
            time.sleep(0.5)
    stop(server)
    sys.exit(f"cabinet serve did not answer in 300 s, see {data_dir / 'serve.log'}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer of its own (a page sending to /login/ is not a 200)."""

    def redirect_request(self, *args, **kwargs):
        return None


class Session:
    """The API's bearer token and the pages' session cookie, both for `admin`."""

    def __init__(self, url: str):
        self.url = url
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect
        )
        body = json.dumps({"username": ADMIN[0], "password": ADMIN[1]}).encode()
        request = urllib.request.Request(
            f"{url}/api/v1/auth/token", body, {"Content-Type": "application/json"}
        )
        self.token = json.loads(self.opener.open(request).read())["token"]
        self.opener.open(f"{url}/login/").read()
        csrf = next(c.value for c in jar if c.name == "csrftoken")
        form = {"csrfmiddlewaretoken": csrf, "username": ADMIN[0], "password": ADMIN[1]}
        status, _ = self.get("/login/", data=urllib.parse.urlencode(form).encode())
        if status != 302:
            sys.exit(f"login to the pages refused ({status})")

    def get(self, path: str, *, api: bool = False, data: bytes | None = None):
        """(status, queries) of one request, its body read."""
        headers = {"Authorization": f"Bearer {self.token}"} if api else {}
        try:
            response = self.opener.open(urllib.request.Request(self.url + path, data, headers))
        except urllib.error.HTTPError as error:
            response = error
        with response:
            response.read()
            return response.status, response.headers.get("X-Cabinet-Queries", "?")


# -- one size --------------------------------------------------------------------------


def generate(env: dict, n: int) -> dict:
    subprocess.run([CABINET, "migrate", "--verbosity", "0"], env=env, check=True)
    out = subprocess.run(
        [CABINET, "generate", "--clients", str(n), "--seed", "1"],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def words(summary: dict) -> dict:
    """The values the paths and the floors name."""
    q_alias = normalize(summary["sample_alias"]).split(" ")[0][:3]
    q_name = normalize(summary["common_last_name"]).split(" ")[0]
    return {
        "q_alias": q_alias,
        "q_name": q_name,
        "q_number": summary["sample_number"],
        "client": summary["busiest_client_id"],
        "group": summary["largest_group_id"],
        "matter": summary["busiest_matter_id"],
        "contract": summary.get("busiest_contract_id"),
    }


def measure(db: str, n: int, repeat: int, reads: list) -> dict:
    """Generate, serve and time the reads of one size; the floors too."""
    print(f"\n== {db}, {n:,} clients", file=sys.stderr, flush=True)
    env, data_dir = prepare(db, n)
    summary = generate(env, n)
    if db == "postgresql":
        conn, _ = connect(db, env)
        with conn:
            conn.execute("VACUUM ANALYZE")  # as autovacuum leaves a live database
    values = words(summary)
    if values["contract"] is not None:
        reads = [*reads, CONTRACT_READ]
    server, url = serve(env, data_dir)
    results = {}
    try:
        session = Session(url)
        for label, path, kind, _ in reads:
            target = path.format(**{k: urllib.parse.quote(str(v)) for k, v in values.items()})
            samples, (status, queries) = timed(
                lambda t=target, k=kind: session.get(t, api=k == "api"), repeat
            )
            results[label] = {"samples": samples, "status": status, "queries": queries}
            print(f"  {label}: {p50(samples):.1f} ms, {status}", file=sys.stderr, flush=True)
    finally:
        stop(server)
    params = {**values, "today": datetime.date.today()}
    if db == "sqlite":
        params["today"] = params["today"].isoformat()
    conn, run = connect(db, env)
    with conn:
        version = run("SELECT version()" if db == "postgresql" else "SELECT sqlite_version()", {})
        for label, _, _, floor in reads:
            sql, bound = FLOORS[floor], params
            if isinstance(sql, tuple):
                sql, bound = search_floor(run, params, *sql[1:])
            samples, _ = timed(lambda s=sql, b=bound: run(s, b), repeat)
            results[label]["floor"] = samples
    where = env.get("DATABASE_URL", data_dir / "cabinet.sqlite3")
    where = f"{where}, server log {data_dir / 'serve.log'}"
    version = version[0][0].split(" on ")[0] if db == "postgresql" else f"SQLite {version[0][0]}"
    return {"n": n, "summary": summary, "results": results, "version": version, "where": where}


# -- the report ------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return f"{cpu}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GB RAM"


def report(db: str, version: str, small: dict, large: dict, repeat: int) -> str:
    s, lg = small["n"], large["n"]
    lines = [
        f"# Cabinet bench — {db}, {s:,} and {lg:,} clients",
        "",
        f"- date: {datetime.datetime.now():%Y-%m-%d %H:%M}",
        f"- machine: {machine()}",
        f"- database: {version}",
        f"- {repeat} timed requests per read after {WARMUP} warm-up calls, one at a time",
        f"- generate: {small['summary']['seconds']} s ({s:,}), "
        f"{large['summary']['seconds']} s ({lg:,})",
        "",
        f"| table | rows ({s:,}) | rows ({lg:,}) |",
        "|---|--:|--:|",
    ]
    rows_s, rows_l = small["summary"]["rows"], large["summary"]["rows"]
    for table in sorted(set(rows_s) | set(rows_l)):
        lines.append(f"| {table} | {rows_s.get(table, 0):,} | {rows_l.get(table, 0):,} |")
    lines += [
        "",
        f"| read | p50 {s:,} | p95 {s:,} | p50 {lg:,} | p95 {lg:,} | queries {s:,} | "
        f"queries {lg:,} | growth | floor {lg:,} | × floor |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for label, a in small["results"].items():
        b = large["results"].get(label)
        if b is None:
            continue

        def cell(r, value):
            return f"{value:.1f}" if r["status"] == 200 else f"**{r['status']}**"

        floor = p50(b["floor"])
        lines.append(
            f"| {label} | {cell(a, p50(a['samples']))} | {cell(a, p95(a['samples']))} | "
            f"{cell(b, p50(b['samples']))} | {cell(b, p95(b['samples']))} | "
            f"{a['queries']} | {b['queries']} | "
            f"{p50(b['samples']) / p50(a['samples']):.2f} | {floor:.2f} | "
            f"{ratio(p50(b['samples']), floor)} |"
        )
    lines += ["", "Times in ms; growth = p50 large / p50 small; × floor = p50 / floor p50."]
    return "\n".join(lines) + "\n"


def ratio(p: float, floor: float) -> str:
    """p50 / floor; above 999 (a floor of a few µs: an empty or one-row answer) «> 999»."""
    return f"{p / floor:.0f}" if p < 999 * floor else "> 999"


def size(name: str, default: int) -> int:
    n = int(os.environ.get(name) or default)
    if n > MAX_CLIENTS:
        print(f"{name}={n:,} clamped to {MAX_CLIENTS:,}: client numbers have six digits")
        n = MAX_CLIENTS
    return max(1, n)


def main() -> None:
    db = os.environ.get("BENCH_DB") or "sqlite"
    if db not in ("sqlite", "postgresql"):
        sys.exit("BENCH_DB is sqlite or postgresql")
    small, large = size("BENCH_SMALL", 10_000), size("BENCH_LARGE", 100_000)
    repeat = max(2, int(os.environ.get("BENCH_REPEAT") or 20))
    runs = [measure(db, n, repeat, READS) for n in (small, large)]
    text = report(db, runs[1]["version"], runs[0], runs[1], repeat)
    out = ROOT / "bench" / "results" / f"{datetime.date.today()}-{db}-{small}-{large}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text)
    print(f"Written to {out.relative_to(ROOT)}. The servers are stopped; the data stays:")
    for run in runs:
        print(f"  {run['n']:,} clients: {run['where']}")


if __name__ == "__main__":
    main()
