"""The run's Markdown tables: tessera's (the same columns as ever), tessera against DRF, the PostgreSQL limit, and
the scenarios at scale against the same at 1,000 rows."""
import datetime
import os
import platform
import subprocess
from dataclasses import dataclass

from lib.wrk import Rate

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@dataclass
class Result:
    service: str
    scenario: str
    rows: int
    rate: Rate
    peak_rss: float


def rows_label(count):
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}M rows"
    return f"{count // 1000}k rows" if count % 1000 == 0 else f"{count:,} rows"


def rate(value):
    """Requests per second: whole numbers, with a decimal below 100 (a search at scale serves a few)."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def share(value):
    """A percentage: whole, with a decimal below 1%."""
    return f"{value:.0%}" if value >= 0.01 else f"{value:.1%}"


def title(result):
    return f"{result.scenario} ({rows_label(result.rows)})"


def header(backend, duration, note, load):
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")),
               platform.machine())
    extra = f" {note}." if note else ""
    return [
        f"\n## {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}, {backend}",
        f"\n{os.cpu_count()} cores ({cpu}), wrk -t2 -c64 -d{duration}s sharing the cores with the server; load "
        f"average {load[0]:.1f} before the run, {load[1]:.1f} after it.{extra}\n",
    ]


def tessera_table(results, ceiling, idle_rss, peak_rss, threads, start):
    lines = [
        "| scenario | req/s | p50 ms | p99 ms | non-2xx | peak RSS MB | of ceiling |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {title(r)} | {rate(r.rate.rps)} | {r.rate.p50:.2f} | {r.rate.p99:.2f} | {r.rate.non2xx} | "
                     f"{r.peak_rss:.1f} | {share(r.rate.rps / ceiling)} |")
    lines.append(
        f"\nIdle RSS {idle_rss:.1f} MB; peak RSS {peak_rss:.1f} MB; threads after the load {threads}; "
        f"start to first successful request {start * 1000:.0f} ms (best of 5, migrations applied)."
    )
    return lines


def drf_table(tessera, drf, setup):
    mine = {(r.scenario, r.rows): r for r in tessera}
    lines = [
        "\n| scenario | DRF req/s | tessera req/s | tessera/DRF | DRF p50 ms | DRF p99 ms | DRF non-2xx "
        "| DRF peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in drf:
        t = mine.get((r.scenario, r.rows))
        ratio = f"x{t.rate.rps / r.rate.rps:,.1f}" if t and r.rate.rps else "-"
        lines.append(f"| {title(r)} | {rate(r.rate.rps)} | {rate(t.rate.rps) if t else '-'} | {ratio} | "
                     f"{r.rate.p50:.2f} | {r.rate.p99:.2f} | {r.rate.non2xx} | {r.peak_rss:.1f} |")
    lines.append(f"\nDRF reference: {setup}; peak RSS is the sum over the gunicorn master and its workers.")
    return lines


def limit_table(pgbench_tps, ceiling, detail):
    limit = 1 / (1 / ceiling + 1 / pgbench_tps)
    return [
        "\n| pgbench -S -M prepared (-c 64 -j 2) | no-database ceiling | limit 1/(1/ceiling + 1/pgbench) "
        "| detail GET | detail of limit |",
        "|---:|---:|---:|---:|---:|",
        f"| {rate(pgbench_tps)} | {rate(ceiling)} | {rate(limit)} | {rate(detail)} | {share(detail / limit)} |",
    ]


def scale_table(results, count):
    """Each scenario at `count` rows against the same scenario at 1,000 rows, per service."""
    small = {(r.service, r.scenario): r for r in results if r.rows == 1000}
    lines = [
        f"\n| service | scenario | 1k rows req/s | {rows_label(count)} req/s | kept |",
        "|---|---|---:|---:|---:|",
    ]
    for r in results:
        base = small.get((r.service, r.scenario)) if r.rows == count else None
        if base:
            kept = share(r.rate.rps / base.rate.rps) if base.rate.rps else "-"
            lines.append(f"| {r.service} | {r.scenario} | {rate(base.rate.rps)} | {rate(r.rate.rps)} | {kept} |")
    return lines if len(lines) > 2 else []
