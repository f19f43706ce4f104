"""Settings of the DRF reference service: the smallest Django project that serves tessera's `example` contract.

DATABASE_URL picks the database: sqlite:///absolute/path.sqlite3 (the default is bench/drf/db.sqlite3) or
postgres://user:password@host:port/name. Connections are persistent (CONN_MAX_AGE = None), one per worker thread.
"""
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "benchmark-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
ROOT_URLCONF = "reference.urls"
WSGI_APPLICATION = "reference.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = ["rest_framework", "django_filters", "example"]
# CommonMiddleware: APPEND_SLASH's 301 for a path without its trailing slash, as the contract says.
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]


def database(url):
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # Same pragmas as tessera's SQLite connections: WAL, synchronous NORMAL; wait up to 20 s for the lock.
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": url[len("sqlite://"):],
            "OPTIONS": {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"},
        }
    if parts.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": parts.path.lstrip("/"),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": None,
        }
    raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (sqlite:// or postgres://)")


DATABASES = {"default": database(os.environ.get("DATABASE_URL", f"sqlite://{BASE_DIR / 'db.sqlite3'}"))}
DATABASES["default"].setdefault("CONN_MAX_AGE", None)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # No authentication for an AllowAny resource: the cheapest DRF can be (tessera still reads Authorization).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "example.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
}

LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"handlers": [], "level": "WARNING"}}
