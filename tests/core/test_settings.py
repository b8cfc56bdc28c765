"""Production must refuse to start with an unsafe configuration. Each case runs Django in a
fresh process, because settings are read once at import."""

import os
import subprocess
import sys

import pytest

GOOD_KEY = "k" * 20 + "-a-long-random-production-secret-key-value"
CPR_KEYS = {
    "CPR_ENCRYPTION_KEYS": "x" * 43 + "=",
    "CPR_LOOKUP_KEY": "a-lookup-key-of-at-least-32-characters",
}


def start_django(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "ENVIRONMENT",
            "CPR_ENCRYPTION_KEYS",
            "CPR_LOOKUP_KEY",
        )
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "sporskifte.settings",
            "ENV_FILE": "/dev/null",
        },
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("key", ["", "change-me", "django-insecure-abc", "short-key"])
def test_production_refuses_a_missing_default_or_short_secret(key: str) -> None:
    result = start_django(ENVIRONMENT="production", SECRET_KEY=key, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is missing, a known default or shorter than 50 characters" in result.stderr


def test_production_is_the_default_environment() -> None:
    result = start_django(ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug() -> None:
    result = start_django(
        ENVIRONMENT="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org", DEBUG="true"
    )
    assert "DEBUG must be off in production" in result.stderr


def test_production_starts_with_a_real_secret_hosts_and_cpr_keys() -> None:
    result = start_django(
        ENVIRONMENT="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org", **CPR_KEYS
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_cpr_keys() -> None:
    result = start_django(
        ENVIRONMENT="production", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org"
    )
    assert "CPR_ENCRYPTION_KEYS" in result.stderr


def test_an_unknown_environment_is_refused() -> None:
    result = start_django(ENVIRONMENT="staging", SECRET_KEY=GOOD_KEY)
    assert "ENVIRONMENT must be one of" in result.stderr
