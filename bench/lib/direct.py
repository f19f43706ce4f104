"""Inserts the benchmark's rows (lib/rows.py) straight into a database whose migrations are applied: a million
rows through the HTTP API take many minutes, this takes seconds.

Only the table itself is written, name and description, and the database assigns the ids (1, 2, .. in order), as
for rows created through the API. Whatever the migrations keep beside the table (the row count and the search index, kept
by triggers or as an index) must therefore be kept by the database itself; bench/check.py verifies
counts and search results through the API after seeding.
"""
import sqlite3
import subprocess

from lib import databases, rows

TABLE = "example_models"


def seed(url, count):
    backend = databases.kind(url)
    if backend == "SQLite":
        sqlite(url[len("sqlite://"):], count)
    elif backend == "PostgreSQL":
        postgres(url, count)
    else:
        mysql(url, count)


def sqlite(path, count, batch=50_000):
    conn = sqlite3.connect(path, timeout=60)
    for start in range(0, count, batch):
        with conn:
            conn.executemany(f"INSERT INTO {TABLE} (name, description) VALUES (?, ?)",
                             rows.rows(count, start, min(count, start + batch)))
    conn.close()


def postgres(url, count, batch=1000, vacuum_every=10):
    """A COPY per 1,000 rows, each its own transaction, and a VACUUM every 10,000 rows: a row kept by a trigger
    (the row count) gets a new version per insert, and without the VACUUM each insert scans all the old ones
    (100,000 rows took 74 s in batches of 1,000 without it, 10 s with it). ANALYZE at the end, as autovacuum
    would do after the same inserts through the API; then a CHECKPOINT."""
    process = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url],
                               stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for n, start in enumerate(range(0, count, batch)):
        lines = [f"COPY {TABLE} (name, description) FROM STDIN;"]
        lines += [f"{copy_text(name)}\t{copy_text(text)}" for name, text in
                  rows.rows(count, start, min(count, start + batch))]
        lines.append("\\.")
        if n % vacuum_every == vacuum_every - 1:
            lines.append("VACUUM;")
        process.stdin.write("\n".join(lines) + "\n")
    process.stdin.write("VACUUM ANALYZE;\n")
    process.stdin.close()
    if process.wait() != 0:
        raise SystemExit("seeding PostgreSQL directly failed")
    # With fsync on, the checkpointer went on writing the seed's pages back for minutes after it, under the first
    # scale scenarios; a table that grew through the API would have been written back long before it is read.
    done = subprocess.run(["psql", "-X", "-q", "-d", url, "-c", "CHECKPOINT"], stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        print("CHECKPOINT refused (it needs a superuser or pg_checkpoint): the scale phase may measure write-back")


def mysql(url, count, batch=1000):
    process = subprocess.Popen(databases.mysql_command(url), stdin=subprocess.PIPE, text=True)
    for start in range(0, count, batch):
        values = ",".join(f"('{sql_text(name)}','{sql_text(text)}')" for name, text in
                          rows.rows(count, start, min(count, start + batch)))
        process.stdin.write(f"INSERT INTO {TABLE} (name, description) VALUES {values};\n")
    process.stdin.close()
    if process.wait() != 0:
        raise SystemExit("seeding MySQL/MariaDB directly failed")


def copy_text(value):
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def sql_text(value):
    return value.replace("\\", "\\\\").replace("'", "''")
