"""Reliability scenarios for DivideMapper (run by bench/reliability.sh, which sets up a private cluster and ports).

Scenarios, each bounded:
  1. hostile uploads: the sample files mutated (truncated, byte-flipped, wrong role, wrong name) sent concurrently,
     while readers time GET /api/runs/{id}/settlements; counts 5xx, and rows stored vs rows reported.
  2. concurrent same-file uploads and concurrent runs on one project: no duplicate dataset, one run at a time.
  3. SIGKILL of the server during a large import: no partial dataset after restart, interrupted runs failed, and no
     temp folder of the killed server left once the new one has started.
  4. PostgreSQL restart while serving: answers are 503 with Retry-After (never 500) and recover by themselves.
"""
import argparse, concurrent.futures as cf, json, os, random, signal, statistics, subprocess, sys, time, urllib.request, urllib.error, uuid

URL = os.environ["DM_RELIABILITY_URL"]
WORK = os.environ["DM_RELIABILITY_WORK"]
ROOT = os.getcwd()
SAMPLE = os.path.join(ROOT, "sample-data")
FILES = [("settlements.geojson", "settlements"), ("coverage.zip", "coverage"), ("cell_sites.csv", "sites"),
         ("speed_tiles_2024q1.csv", "measurements"), ("facilities.gpkg", "facilities")]
figures = {}


def request(method, path, body=None, content_type=None, key=None, timeout=120, prefer=None):
    req = urllib.request.Request(URL + path, data=body, method=method)
    if content_type: req.add_header("Content-Type", content_type)
    if prefer: req.add_header("Prefer", prefer)
    if key: req.add_header("Authorization", "Bearer " + key)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        return 0, str(e).encode(), {}


def multipart(name, data):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


busy_answers = []


def upload(key, slug, role, name, data, query="", retries=40):
    """One upload; a 429 (all import slots taken) is retried after its Retry-After (at most 2 s), at most `retries` times."""
    body, ctype = multipart(name, data)
    for _ in range(retries + 1):
        status, answer, headers = request("POST", f"/api/projects/{slug}/datasets?role={role}{query}", body, ctype, key)
        if status != 429: return status, answer, headers
        busy_answers.append("Retry-After" in headers)
        time.sleep(min(2.0, float(headers.get("Retry-After", "1"))) * random.random() + 0.05)
    return status, answer, headers


def start_server():
    log = open(os.path.join(WORK, "server.log"), "ab")
    p = subprocess.Popen(["./dm", "serve", "--urls", URL], stdout=log, stderr=log, start_new_session=True)
    open(os.path.join(WORK, "server.pid"), "w").write(str(p.pid))
    for _ in range(600):
        status, _, _ = request("GET", "/health", timeout=5)
        if status == 200: return p
        time.sleep(0.2)
    sys.exit("the server did not become healthy; see " + os.path.join(WORK, "server.log"))


def psql(sql):
    pg = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    pw = open(os.path.join(WORK, "data", "pg.password")).read().strip()
    env = dict(os.environ, PGPASSWORD=pw)
    out = subprocess.run([f"/usr/lib/postgresql/{pg}/bin/psql", "-h", "127.0.0.1", "-p", os.environ["DIVIDEMAPPER_PG_PORT"], "-U", "dividemapper",
                          "-d", "dividemapper", "-tAc", sql], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def pg_ctl(*args):
    pg = sorted(d for d in os.listdir("/usr/lib/postgresql"))[-1]
    cmd = [f"/usr/lib/postgresql/{pg}/bin/pg_ctl", "-D", os.path.join(WORK, "data", "pg"), *args]
    if os.geteuid() == 0: cmd = ["runuser", "-u", "postgres", "--"] + cmd
    subprocess.run(cmd, capture_output=True, check=True)


def mutations(n):
    rnd = random.Random(42)
    out = []
    for i in range(n):
        name, role = FILES[i % len(FILES)]
        data = open(os.path.join(SAMPLE, name), "rb").read()
        kind = i % 4
        if kind == 0: data = data[: rnd.randrange(1, max(2, len(data)))]
        elif kind == 1:
            b = bytearray(data)
            for _ in range(rnd.choice([1, 10, 100])): b[rnd.randrange(len(b))] = rnd.randrange(256)
            data = bytes(b)
        elif kind == 2: role = FILES[(i + 1) % len(FILES)][1]
        else: name = name.rsplit(".", 1)[0] + rnd.choice([".kml", ".shp", ".gpkg", ".csv"])
        out.append((f"m{i}", role, name, data))
    return out


def rows_mismatch():
    return int(psql("""SELECT count(*) FROM dataset d WHERE d.feature_count <> (SELECT count(*) FROM (
        SELECT dataset_id FROM settlement UNION ALL SELECT dataset_id FROM coverage UNION ALL SELECT dataset_id FROM site
        UNION ALL SELECT dataset_id FROM measurement UNION ALL SELECT dataset_id FROM facility) r WHERE r.dataset_id = d.id)"""))


def temp_left(live_pid):
    """Entries in the server's TMPDIR other than the live server's own folder (ProcessTempFolder) and the .NET runtime's IPC endpoints."""
    tmp = os.path.join(WORK, "tmp")
    return sum(1 for n in os.listdir(tmp) if not n.startswith((f"dividemapper-process-{live_pid}-", "clr-debug-pipe-", "dotnet-diagnostic-")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--uploads", type=int, default=200)
    ap.add_argument("--readers", type=int, default=4)
    args = ap.parse_args()
    server = start_server()
    key = open(os.path.join(WORK, "data", "admin.key")).read().strip()

    # The sample project, public, with one run: what readers read.
    for name, role in FILES:
        q = "&period=2024Q1" if role == "measurements" else ""
        status, body, _ = upload(key, "sample", role, name, open(os.path.join(SAMPLE, name), "rb").read(), q)
        assert status == 201, (name, status, body[:300])
    request("PATCH", "/api/projects/sample", json.dumps({"visibility": "public"}).encode(), "application/json", key)
    # Runs are jobs (202 + poll); Prefer: wait (RFC 7240) answers 201 with the finished run when it ends in time.
    status, body, _ = request("POST", "/api/projects/sample/runs", b"{}", "application/json", key, prefer="wait=110")
    assert status == 201 and json.loads(body)["status"] == "finished", body[:300]
    run_id = json.loads(body)["id"]

    # 1. Hostile uploads with concurrent reads.
    latencies, read_errors, stop = [], [], False
    def reader():
        while not stop:
            t = time.perf_counter()
            s, _, _ = request("GET", f"/api/runs/{run_id}/settlements")
            latencies.append((time.perf_counter() - t) * 1000)
            if s != 200: read_errors.append(s)
    statuses = []
    with cf.ThreadPoolExecutor(args.readers + 4) as pool:
        readers = [pool.submit(reader) for _ in range(args.readers)]
        for status, _, _ in pool.map(lambda m: upload(key, "hostile-" + m[0], m[1], m[2], m[3]), mutations(args.uploads)):
            statuses.append(status)
        stop = True
        for r in readers: r.result()
    lat = sorted(latencies)
    figures["uploads"] = {
        "tried": len(statuses), "accepted": sum(200 <= s < 300 for s in statuses), "rejected_4xx": sum(400 <= s < 500 for s in statuses),
        "busy_429_retried": len(busy_answers), "busy_429_with_retry_after": sum(busy_answers), "still_busy_after_retries": statuses.count(429), "5xx": sum(s >= 500 for s in statuses), "no_answer": statuses.count(0),
        "rows_lost_or_duplicated": rows_mismatch(),
        "reads": len(lat), "read_p50_ms": round(statistics.median(lat), 1), "read_p95_ms": round(lat[int(len(lat) * 0.95) - 1], 1),
        "read_errors": len(read_errors)}

    # 2. The same file ten times at once into one project; three runs at once (queued: 202 each, executed one at a time).
    data = open(os.path.join(SAMPLE, "cell_sites.csv"), "rb").read()
    with cf.ThreadPoolExecutor(10) as pool:
        same = list(pool.map(lambda _: upload(key, "sample", "sites", "again.csv", data)[0], range(10)))
        runs = list(pool.map(lambda _: request("POST", "/api/projects/sample/runs", b"{}", "application/json", key)[0], range(3)))
    figures["concurrency"] = {"same_file_uploads": same, "site_datasets": int(psql(
        "SELECT count(*) FROM dataset d JOIN project p ON p.id = d.project_id WHERE p.slug = 'sample' AND role = 'sites'")),
        "concurrent_runs": runs, "running_after": int(psql("SELECT count(*) FROM run WHERE status = 'running'")),
        "overlapping_runs": int(psql("""SELECT count(*) FROM run a JOIN run b ON a.project_id = b.project_id AND a.id < b.id
            WHERE a.started_at < b.finished_at AND b.started_at < a.finished_at"""))}

    # 3. SIGKILL during a large import (400k points), then restart.
    big = os.path.join(WORK, "big.csv")
    rnd = random.Random(7)
    with open(big, "w") as f:
        f.write("lon,lat,down_kbps,up_kbps,latency_ms,tests,devices\n")
        for _ in range(400_000):
            f.write(f"{36.7 + rnd.random() * 0.2:.6f},{-1.35 + rnd.random() * 0.1:.6f},{rnd.randrange(100, 90000)},{rnd.randrange(50, 9000)},{rnd.randrange(5, 200)},{rnd.randrange(1, 50)},{rnd.randrange(1, 20)}\n")
    before = psql("SELECT count(*) FROM dataset")
    with cf.ThreadPoolExecutor(1) as pool:
        pending = pool.submit(upload, key, "killed", "measurements", "big.csv", open(big, "rb").read(), "&period=2024Q1", 0)
        for _ in range(600):
            if psql("SELECT count(*) FROM pg_stat_activity WHERE query ILIKE 'COPY%' AND pid <> pg_backend_pid()") != "0": break
            time.sleep(0.05)
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
        pending.result()
    time.sleep(1)
    server = start_server()
    figures["sigkill_during_import"] = {"datasets_before": int(before), "datasets_after": int(psql("SELECT count(*) FROM dataset")),
        "partial_rows": int(psql("SELECT count(*) FROM measurement m LEFT JOIN dataset d ON d.id = m.dataset_id WHERE d.id IS NULL")),
        "project_killed_exists": psql("SELECT count(*) FROM project WHERE slug = 'killed'") != "0",
        "runs_left_running": int(psql("SELECT count(*) FROM run WHERE status = 'running'")),
        "temp_folders_left": temp_left(server.pid)}

    # 4. PostgreSQL restart while serving.
    codes, retry_after, other, stop = [], [], [], False
    def poll():
        while not stop:
            s, b, h = request("GET", f"/api/runs/{run_id}/settlements", timeout=30)
            codes.append(s)
            if s == 503: retry_after.append("Retry-After" in h)
            elif s >= 500: other.append(f"{s} {b[:300].decode(errors='replace')}")
            time.sleep(0.02)
    with cf.ThreadPoolExecutor(2) as pool:
        pollers = [pool.submit(poll) for _ in range(2)]
        time.sleep(1)
        pg_ctl("-m", "fast", "-w", "stop")
        time.sleep(3)
        opts = f"-p {os.environ['DIVIDEMAPPER_PG_PORT']} -c listen_addresses=127.0.0.1 -k {os.path.join(WORK, 'data', 'pg')}"
        pg_ctl("-l", os.path.join(WORK, "data", "pg", "server.log"), "-o", opts, "-w", "start")
        recovered_at = None
        t0 = time.time()
        for _ in range(300):
            if request("GET", f"/api/runs/{run_id}/settlements")[0] == 200: recovered_at = time.time() - t0; break
            time.sleep(0.1)
        time.sleep(1)
        stop = True
        for p in pollers: p.result()
    figures["postgres_restart"] = {"requests": len(codes), "ok": codes.count(200), "503": codes.count(503),
        "503_with_retry_after": sum(retry_after), "other_5xx": sum(c >= 500 and c != 503 for c in codes), "other_5xx_answers": other[:5],
        "recovered_after_s": None if recovered_at is None else round(recovered_at, 1)}

    status, _, _ = request("GET", "/health")
    figures["server_alive_at_end"] = status == 200
    os.killpg(server.pid, signal.SIGTERM)
    print(json.dumps(figures, indent=2))
    bad = (figures["uploads"]["5xx"] or figures["uploads"]["rows_lost_or_duplicated"] or figures["sigkill_during_import"]["partial_rows"]
           or figures["postgres_restart"]["other_5xx"] or figures["sigkill_during_import"]["temp_folders_left"]
           or figures["concurrency"]["site_datasets"] != 1 or not figures["server_alive_at_end"])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
