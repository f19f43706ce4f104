"""Database servers named by URL: what kind they are, the throwaway databases a run makes beside the one it was
given, and the command-line clients (psql, mysql) that reach them."""
import subprocess
from urllib.parse import unquote, urlsplit, urlunsplit


def kind(url):
    if not url or url.startswith("sqlite:"):
        return "SQLite"
    if url.startswith(("mysql:", "mariadb:")):
        return "MySQL/MariaDB"
    if url.startswith(("postgres:", "postgresql:")):
        return "PostgreSQL"
    raise SystemExit(f"unsupported database URL {url!r}: sqlite://, postgres:// or mysql://")


def name_of(url):
    return urlsplit(url).path.lstrip("/")


def with_name(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def psql(url, *args, stdin=None):
    command = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, *args]
    return subprocess.run(command, stdin=stdin, capture_output=True, text=True, check=True).stdout


def mysql_command(url, database=True):
    parts = urlsplit(url)
    command = ["mysql", "--batch", "-h", parts.hostname or "localhost", "-P", str(parts.port or 3306)]
    if parts.username:
        command += ["-u", unquote(parts.username)]
    if parts.password:
        command.append("-p" + unquote(parts.password))
    return command + ([name_of(url)] if database else [])


def exists(url):
    name = name_of(url)
    if kind(url) == "PostgreSQL":
        found = psql(with_name(url, "postgres"), "-tA", "-c", f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
    else:
        found = subprocess.run(mysql_command(url, False) + ["-N", "-e", f"SHOW DATABASES LIKE '{name}'"],
                               capture_output=True, text=True, check=True).stdout
    return bool(found.strip())


def recreate(url):
    """Drops the database the URL names, if it exists, and creates it empty."""
    drop(url)
    name = name_of(url)
    if kind(url) == "PostgreSQL":
        psql(with_name(url, "postgres"), "-c", f'CREATE DATABASE "{name}"')
    else:
        subprocess.run(mysql_command(url, False) + ["-e", f"CREATE DATABASE `{name}`"], check=True)


def drop(url):
    name = name_of(url)
    if kind(url) == "PostgreSQL":
        psql(with_name(url, "postgres"), "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        subprocess.run(mysql_command(url, False) + ["-e", f"DROP DATABASE IF EXISTS `{name}`"], check=True)


class Throwaway:
    """The databases of one run on the given server: `<name>_<suffix>`, made empty on request and dropped at the
    end. The given database itself is used as it is (it must be empty), created when missing and then dropped."""

    def __init__(self, url):
        self.url = url
        self.made = []
        if url and kind(url) != "SQLite" and not exists(url):
            recreate(url)
            self.made.append(url)

    def fresh(self, suffix):
        url = with_name(self.url, f"{name_of(self.url)}_{suffix}")
        recreate(url)
        self.made.append(url)
        return url

    def drop_all(self):
        for url in self.made:
            drop(url)
        self.made = []
