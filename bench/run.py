#!/usr/bin/env python3
"""The benchmark: wrk against the release binary on SQLite (or PostgreSQL or MySQL/MariaDB with --database), and
with --drf against the DRF reference service (bench/drf) in the same run, on the same database server.

Phases: 1,000 rows seeded through the API (reads, then writes); five restarts (start time); on PostgreSQL
`pgbench -S -M prepared` (the machine's limit for a one-row read); then the scale scenarios on fresh databases
seeded directly with --rows rows. Prints Markdown tables and appends them to bench/RESULTS.md. Fails when any
request was answered with a non-2xx status or a socket error. bench/README.md describes each table.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import databases, direct, pgbench, report, scenarios, wrk  # noqa: E402
from lib.report import Result  # noqa: E402
from lib.services import Drf, Tessera  # noqa: E402

BENCH = os.path.dirname(os.path.abspath(__file__))


def drf_setup():
    worker = os.environ.get("DRF_WORKER_CLASS", "gthread")
    threads = f" of {os.environ.get('DRF_THREADS', '4')} threads" if worker == "gthread" else ""
    return (f"Django 5.2, DRF 3.18, django-filter 26 (bench/drf/requirements.txt), gunicorn with 5 {worker} "
            f"workers{threads}, persistent database connections (CONN_MAX_AGE None)")


def parse():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--database", "--postgres", metavar="URL", dest="database",
                        help="put the example module on this PostgreSQL or MySQL/MariaDB database (empty, or "
                             "missing: then it is created and dropped); the run's other databases are made beside "
                             "it as <name>_drf, <name>_scale, <name>_drf_scale, <name>_pgbench (dropped first if "
                             "they exist, and at the end). mysql:// needs a binary built with --features mysql, "
                             "which run.sh does")
    parser.add_argument("--drf", action="store_true",
                        help="measure the DRF reference too (SQLite, or PostgreSQL with --database) and print the "
                             "ratio tessera/DRF per scenario")
    parser.add_argument("--rows", type=int, default=100_000,
                        help="rows of the scale scenarios' tables, seeded directly (default 100,000; the issue's "
                             "scale: 1000000 on SQLite, 300000 on PostgreSQL and MariaDB)")
    parser.add_argument("--skip-large", action="store_true", help="skip the scale scenarios")
    parser.add_argument("--skip-pgbench", action="store_true", help="skip pgbench on PostgreSQL")
    parser.add_argument("--note", default="", help="a sentence for the tables' header, e.g. 'Under load: ...'")
    parser.add_argument("--no-record", action="store_true", help="print the tables without appending them to "
                                                                 "bench/RESULTS.md")
    return parser.parse_args()


def seed_and_check(service, count, through_api):
    if through_api:
        subprocess.run([sys.executable, os.path.join(BENCH, "seed.py"), service.host, str(count)], check=True)
    else:
        service.start().stop()  # applies its migrations
        started = time.monotonic()
        direct.seed(service.database_url, count)
        print(f"  {service.name:<8} {count:,} rows seeded directly in {time.monotonic() - started:.0f} s", flush=True)
        service.start()
    subprocess.run([sys.executable, os.path.join(BENCH, "check.py"), service.host, str(count)], check=True)


def measure(services, plan, count, duration):
    """Each scenario on each service in turn, so that tessera and DRF are measured close together in time."""
    results = []
    for name, path, script in plan:
        rates = []
        for service in services:
            if name == scenarios.CEILING[0] and not isinstance(service, Tessera):
                continue
            if name.startswith("cursor"):  # each service's own cursor links, where it has them
                if name not in service.cursor:
                    continue
                path = service.cursor[name]
            rate = wrk.run(service.host, path, script, duration)
            settled = service.settle()
            results.append(Result(service.name, name, count, rate, service.peak_rss_mb()))
            rates.append(rate.rps)
            print(f"  {service.name:<8} {name:<28} {report.rate(rate.rps):>10} req/s  p50 {rate.p50:.2f} ms  "
                  f"p99 {rate.p99:.2f} ms  non-2xx {rate.non2xx}  {rate.errors}", flush=True)
            if settled > 1:
                print(f"  {'':<8} (then {settled:.1f} s to finish the requests queued when wrk stopped)", flush=True)
        if len(rates) == 2 and rates[1]:
            print(f"  {'':<8} {'tessera/DRF':<28} {rates[0] / rates[1]:>10.1f}", flush=True)
    return results


def phase(services, count, through_api, plan, duration):
    """Seeds each service (started already when seeded through its API), checks it, and measures the plan."""
    for service in services:
        seed_and_check(service, count, through_api)
        service.cursor = scenarios.cursor(service.host)
    extra = {name: (name, path, None) for service in services for name, path in service.cursor.items()}
    return measure(services, plan + list(extra.values()), count, duration)


def main():
    args = parse()
    backend = databases.kind(args.database)
    if args.drf and backend == "MySQL/MariaDB":
        sys.exit("the DRF reference runs on SQLite or PostgreSQL")
    load_before = os.getloadavg()[0]
    data_dir = tempfile.mkdtemp(prefix="tessera-bench-")
    throwaway = databases.Throwaway(args.database) if args.database else None
    running = []
    try:
        tables, results = run(args, backend, data_dir, throwaway, running)
    finally:
        for service in running:
            if service.process and service.process.poll() is None:
                service.stop()
        if throwaway:
            throwaway.drop_all()
        shutil.rmtree(data_dir, ignore_errors=True)
    lines = report.header(backend, args.duration, args.note, (load_before, os.getloadavg()[0])) + tables
    text = "\n".join(lines)
    print(text)
    if not args.no_record:
        with open(os.path.join(BENCH, "RESULTS.md"), "a") as f:
            f.write(text + "\n")
    failures = [report.title(r) + f" on {r.service}" for r in results if r.rate.failed()]
    if failures:
        sys.exit(f"FAILED: non-2xx responses or socket errors in: {', '.join(failures)}")


def run(args, backend, data_dir, throwaway, running):
    print(f"tessera benchmark on {backend}, wrk -t2 -c64 -d{args.duration}s", flush=True)
    tessera = Tessera(data_dir, args.database)
    services = [tessera]
    if args.drf:
        services.append(Drf(data_dir, throwaway.fresh("drf") if throwaway else None))
    running += services
    for service in services:
        service.start()
    idle_rss = tessera.rss_mb()
    results = phase(services, 1000, True, scenarios.reads(1000) + scenarios.WRITES, args.duration)
    ceiling = results[0].rate.rps
    threads, peak_rss = tessera.threads(), tessera.peak_rss_mb()
    for service in services:
        service.stop()

    # Start time with migrations already applied: process start to the first successful request.
    starts = []
    for _ in range(5):
        starts.append(tessera.start().ready_after)
        tessera.stop()

    pgbench_tps = None
    if backend == "PostgreSQL" and not args.skip_pgbench:
        print(f"  pgbench -S -M prepared -c {wrk.CONNECTIONS} -j {wrk.THREADS} -T {args.duration} ...", flush=True)
        pgbench_tps = pgbench.select_rate(throwaway.fresh("pgbench"), args.duration)
        print(f"  pgbench {pgbench_tps:,.0f} tps", flush=True)

    if not args.skip_large:
        print(f"  {args.rows:,} rows, seeded directly ...", flush=True)
        large_dir = os.path.join(data_dir, "large")
        os.mkdir(large_dir)
        tessera = Tessera(large_dir, throwaway.fresh("scale") if throwaway else None)
        large = [tessera]
        if args.drf:
            large.append(Drf(large_dir, throwaway.fresh("drf_scale") if throwaway else None))
        running += large
        results += phase(large, args.rows, False, scenarios.at_scale(args.rows), args.duration)
        peak_rss, threads = max(peak_rss, tessera.peak_rss_mb()), max(threads, tessera.threads())
        for service in large:
            service.stop()

    mine = [r for r in results if r.service == "tessera"]
    tables = report.tessera_table(mine, ceiling, idle_rss, peak_rss, threads, min(starts))
    if args.drf:
        tables += report.drf_table(mine, [r for r in results if r.service == "DRF"], drf_setup())
    if pgbench_tps:
        detail = next(r.rate.rps for r in mine if r.scenario == "detail GET")
        tables += report.limit_table(pgbench_tps, ceiling, detail)
    if not args.skip_large:
        tables += report.scale_table(results, args.rows)
    return tables, results


if __name__ == "__main__":
    main()
