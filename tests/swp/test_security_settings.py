"""Production hardening: Django's deployment checks, HTTPS, cookies, browser protections and the
Content Security Policy, and that the templates keep to the policy.

The deployment check runs in a fresh interpreter with production's environment (DEBUG off), as
the test process has already loaded its settings from the environment `make test` gives it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings

from swp.models import User

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"


def _production_env(**variables: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "swp.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "swp.example.org",
        **variables,
    }


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


SETTINGS_REPORT = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "cookies_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
}))
"""


def _settings_under(**variables: str) -> dict[str, object]:
    result = _run("-c", SETTINGS_REPORT, env=_production_env(**variables))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class TestDeployment:
    def test_production_settings_pass_the_deployment_checks_without_a_warning(self) -> None:
        result = _run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=_production_env())

        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout

    def test_the_check_would_fail_on_a_weak_production_setting(self) -> None:
        """So the test above proves something: one weakened setting is enough to fail it."""
        result = _run(
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            env=_production_env(SECURE_HSTS_SECONDS="0"),
        )

        assert result.returncode != 0
        assert "security.W004" in result.stderr + result.stdout

    def test_with_debug_off_https_is_required_by_default(self) -> None:
        report = _settings_under()
        assert report["ssl_redirect"] is True
        assert report["hsts"] == 365 * 24 * 60 * 60
        assert report["cookies_secure"] == [True, True]
        assert report["proxy_ssl_header"] is None

    def test_a_proxy_that_terminates_https_is_trusted_only_when_named(self) -> None:
        report = _settings_under(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto", SECURE_SSL_REDIRECT="false")
        assert report["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
        assert report["ssl_redirect"] is False

    def test_an_idle_limit_longer_than_the_longest_session_refuses_to_start(self) -> None:
        result = _run(
            "-c", SETTINGS_REPORT, env=_production_env(SESSION_COOKIE_AGE="7200", SESSION_MAX_AGE_SECONDS="3600")
        )
        assert result.returncode != 0
        assert "SESSION_MAX_AGE_SECONDS" in result.stderr


class TestHeaders:
    def test_plain_http_is_redirected_to_https_and_https_gets_hsts(self, db: None) -> None:
        with override_settings(SECURE_SSL_REDIRECT=True):
            insecure = Client().get("/accounts/login/")
            secure = Client().get("/accounts/login/", secure=True)
            health = Client().get("/health/")

        assert health.status_code == 200, "load balancers check health over plain HTTP"
        assert insecure.status_code == 301
        assert insecure["Location"] == "https://testserver/accounts/login/"
        assert secure.status_code == 200
        assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"

    def test_every_page_forbids_framing_sniffing_and_leaking_its_address(self, client: Client, db: None) -> None:
        response = client.get("/accounts/login/")

        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_the_content_security_policy_allows_only_the_services_own_files(self, client: Client, db: None) -> None:
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in client.get("/accounts/login/")["Content-Security-Policy"].split(";")
        )

        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == f"'self' {settings.JS_ENABLED_SCRIPT_HASH}"
        assert policy["style-src"] == "'self'"
        assert policy["img-src"] == "'self' data:"
        assert policy["object-src"] == "'none'"
        assert policy["base-uri"] == "'self'"
        assert policy["form-action"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"

    def test_a_page_that_uses_a_nonce_gets_it_in_its_policy_and_nobody_else_does(self) -> None:
        def view_with_inline_script(request: HttpRequest) -> HttpResponse:
            return HttpResponse(f'<script nonce="{request.csp_nonce}">0</script>')  # type: ignore[attr-defined]

        middleware = CSPMiddleware(view_with_inline_script)
        first, second = (middleware(RequestFactory().get("/")) for _ in range(2))
        nonces = [re.search(rb'nonce="([^"]+)"', response.content)[1].decode() for response in (first, second)]  # type: ignore[index]

        assert nonces[0] != nonces[1]
        for response, nonce in zip((first, second), nonces, strict=True):
            assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]

    def test_session_and_csrf_cookies_are_secure_http_only_and_same_site(
        self, victim_chair: User, test_password: str
    ) -> None:
        client = Client()
        client.get("/accounts/login/")
        client.post("/accounts/login/", {"username": victim_chair.username, "password": test_password})

        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
            cookie = client.cookies[name]
            assert cookie["secure"] is True, name
            assert cookie["httponly"] is True, name
            assert cookie["samesite"] == "Lax", name


class TestTemplatesKeepToThePolicy:
    """The policy blocks inline styles and scripts, so a template that used one would be broken."""

    @staticmethod
    def _templates() -> list[Path]:
        return sorted(TEMPLATES.rglob("*.html"))

    def test_no_template_has_a_style_attribute_or_an_inline_event_handler(self) -> None:
        offenders = [
            f"{path.relative_to(ROOT)}: {match[0]}"
            for path in self._templates()
            if "pack_document" not in path.parts  # the PDF's template, rendered by WeasyPrint, never a browser
            for match in re.finditer(r"\s(style|on[a-z]+)\s*=\s*[\"'][^\"']*", path.read_text(encoding="utf-8"))
        ]
        assert offenders == []

    def test_the_only_inline_script_is_the_one_the_policy_allows_by_its_hash(self) -> None:
        inline = [
            (path, match[1])
            for path in self._templates()
            for match in re.finditer(
                r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>(.*?)</script>", path.read_text(), re.S
            )
        ]
        assert [path.relative_to(ROOT) for path, _ in inline] == [Path("templates/base.html")]
        digest = base64.b64encode(hashlib.sha256(inline[0][1].encode()).digest()).decode()
        assert f"'sha256-{digest}'" == settings.JS_ENABLED_SCRIPT_HASH
