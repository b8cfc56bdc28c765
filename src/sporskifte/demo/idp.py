"""A small local SAML 2.0 identity provider (pysaml2's own IdP server) for the demo and the
tests: it signs staff in from a fixed user list, nobody with a password. Never production.

It serves on 127.0.0.1: /metadata, /sso/redirect (shows the user list), /sso/login (answers
the service provider with a signed assertion, OIOSAML 3 attribute names) and /slo/redirect
(single logout). Keys are generated when it starts (or reused from its directory)."""

import base64
import datetime as dt
import html
import secrets
import threading
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import saml2
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import xmldsig
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT
from saml2.server import Server

from sporskifte.accounts.saml import XMLSEC_BINARY

ATTRIBUTE_USER_ID = "https://data.gov.dk/model/core/eid/professional/uuid/persistent"
ATTRIBUTE_FIRST_NAME = "https://data.gov.dk/model/core/eid/firstName"
ATTRIBUTE_LAST_NAME = "https://data.gov.dk/model/core/eid/lastName"
ATTRIBUTE_EMAIL = "https://data.gov.dk/model/core/eid/email"
ATTRIBUTE_NSIS_LEVEL = "https://data.gov.dk/concept/core/nsis/loa"
ATTRIBUTE_PRIVILEGES = "https://data.gov.dk/model/core/eid/privilegesIntermediate"
BPP_NAMESPACE = "http://digst.dk/oiosaml/basic_privilege_profile"


@dataclass(frozen=True)
class IdpUser:
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    nsis_level: str = "Substantial"


ROLE = "http://herning.dk/roles/jobrole/{}/1"
# Herning's demo staff at the IdP; the roles are the example names in herning.yaml.
DEMO_STAFF = (
    IdpUser("sso-medarbejder", "Signe", "Sørensen", (ROLE.format("polaris-medarbejder"),)),
    IdpUser("sso-leder", "Laust", "Lind", (ROLE.format("polaris-leder"),), "High"),
    IdpUser(
        "sso-spor",
        "Sif",
        "Sporsen",
        (ROLE.format("skovlyset-medarbejder"), ROLE.format("skiftesporet-medarbejder")),
    ),
    IdpUser("sso-akut", "Asger", "Aften", (ROLE.format("akuttelefon"),), "Low"),
    IdpUser("sso-uden-rolle", "Ulla", "Udenrolle", ()),
)


def keypair_ensure(directory: Path, name: str) -> tuple[Path, Path]:
    """A self-signed RSA key pair `name`.key/.crt in `directory`, made once (demo and tests)."""
    key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Sporskifte demo {name}")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def privileges_attribute(roles: Iterable[str]) -> str:
    """Roles as an OIO Basic Privilege Profile list, base64 (as the Context Handler sends)."""
    privileges = "".join(f"<Privilege>{html.escape(role)}</Privilege>" for role in roles)
    document = (
        f'<bpp:PrivilegeList xmlns:bpp="{BPP_NAMESPACE}">'
        f'<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:29189919">'
        f"{privileges}</PrivilegeGroup></bpp:PrivilegeList>"
    )
    return base64.b64encode(document.encode()).decode()


class LocalIdp:
    def __init__(
        self,
        *,
        directory: Path,
        base_url: str,
        users: Iterable[IdpUser] = DEMO_STAFF,
        sp_metadata_url: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.entity_id = f"{self.base_url}/metadata"
        self.users = {user.username: user for user in users}
        self.sp_metadata_url = sp_metadata_url
        self.sp_loaded = False
        self.pending: dict[str, tuple[Any, str]] = {}
        key, cert = keypair_ensure(directory, "idp")
        self.config = IdPConfig()
        self.config.load(
            {
                "entityid": self.entity_id,
                "xmlsec_binary": XMLSEC_BINARY,
                "key_file": str(key),
                "cert_file": str(cert),
                "metadata": {},
                "service": {
                    "idp": {
                        "name": "Sporskifte lokal IdP (demo)",
                        "endpoints": {
                            "single_sign_on_service": [
                                (f"{self.base_url}/sso/redirect", saml2.BINDING_HTTP_REDIRECT)
                            ],
                            "single_logout_service": [
                                (f"{self.base_url}/slo/redirect", saml2.BINDING_HTTP_REDIRECT)
                            ],
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                        "want_authn_requests_signed": True,
                        "sign_assertion": True,
                        "sign_response": False,
                        "signing_algorithm": xmldsig.SIG_RSA_SHA256,
                        "digest_algorithm": xmldsig.DIGEST_SHA256,
                        "policy": {
                            "default": {"lifetime": {"minutes": 5}, "name_form": NAME_FORMAT_URI}
                        },
                    }
                },
            }
        )
        self.server = Server(config=self.config)
        self.metadata_path = directory / "idp-metadata.xml"
        self.metadata_path.write_text(self.metadata_xml(), encoding="utf-8")

    def metadata_xml(self) -> str:
        return create_metadata_string(None, config=self.config, sign=False).decode()

    def trust_sp(self, metadata_xml: str) -> None:
        """Know a service provider from its metadata (its ACS address and certificates)."""
        self.server.metadata.load("inline", metadata_xml)
        self.sp_loaded = True

    def _ensure_sp(self) -> None:
        # The SP may start after the IdP (make demo), so its metadata is read at first use.
        if not self.sp_loaded and self.sp_metadata_url:
            with urllib.request.urlopen(self.sp_metadata_url, timeout=10) as answer:  # noqa: S310
                self.trust_sp(answer.read().decode())

    def parse_request(self, query: dict[str, str]) -> Any:
        """A verified AuthnRequest from the HTTP-Redirect binding's query parameters."""
        self._ensure_sp()
        return self.server.parse_authn_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        ).message

    def response_xml(
        self, request: Any, username: str, *, sign: bool = True, encrypt: bool = False
    ) -> tuple[str, str]:
        """A response (str) to `request` for `username`, and where to POST it. The assertion
        is signed (`sign=False` for tests of an unsigned one) and, with `encrypt`, encrypted
        to the SP's certificate from its metadata."""
        user = self.users[username]
        identity = {
            ATTRIBUTE_USER_ID: [user.username],
            ATTRIBUTE_FIRST_NAME: [user.first_name],
            ATTRIBUTE_LAST_NAME: [user.last_name],
            ATTRIBUTE_EMAIL: [f"{user.username}@example.invalid"],
            ATTRIBUTE_NSIS_LEVEL: [user.nsis_level],
            ATTRIBUTE_PRIVILEGES: [privileges_attribute(user.roles)],
        }
        destination = request.assertion_consumer_service_url
        response = self.server.create_authn_response(
            identity,
            in_response_to=request.id,
            destination=destination,
            sp_entity_id=request.issuer.text,
            userid=user.username,
            name_id_policy=None,
            authn={"class_ref": "https://data.gov.dk/concept/core/nsis/loa/Substantial"},
            sign_assertion=sign,
            sign_response=False,
            encrypt_assertion=encrypt,
            encrypt_assertion_self_contained=True,
        )
        return str(response), destination

    # The HTTP side: a tiny WSGI application.

    def __call__(self, environ: dict[str, Any], start: Callable[..., Any]) -> Iterator[bytes]:
        path = environ.get("PATH_INFO", "")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            if path == "/metadata":
                return _answer(start, "200 OK", self.metadata_xml(), "application/samlmetadata+xml")
            if path == "/sso/redirect":
                return self._choose_user(start, query)
            if path == "/sso/login" and environ["REQUEST_METHOD"] == "POST":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                form = {
                    k: v[0]
                    for k, v in parse_qs(environ["wsgi.input"].read(length).decode()).items()
                }
                return self._sign_in(start, form)
            if path == "/slo/redirect":
                return self._log_out(start, query)
        except Exception as error:
            return _answer(start, "400 Bad Request", html.escape(f"Forkert forespørgsel: {error}"))
        return _answer(start, "404 Not Found", "Findes ikke")

    def _choose_user(self, start: Callable[..., Any], query: dict[str, str]) -> Iterator[bytes]:
        request = self.parse_request(query)
        key = secrets.token_urlsafe(16)
        self.pending[key] = (request, query.get("RelayState", ""))
        buttons = "".join(
            f'<li><button type="submit" name="username" value="{html.escape(u.username)}">'
            f"{html.escape(u.first_name)} {html.escape(u.last_name)} ({html.escape(u.username)})"
            "</button></li>"
            for u in self.users.values()
        )
        page = (
            '<!doctype html><html lang="da"><head><meta charset="utf-8">'
            "<title>Lokal IdP</title></head><body><main><h1>Lokal IdP (kun demo og test)</h1>"
            f'<form method="post" action="/sso/login"><input type="hidden" name="key" value="{key}">'
            f"<p>Vælg en medarbejder:</p><ul>{buttons}</ul></form></main></body></html>"
        )
        return _answer(start, "200 OK", page)

    def _sign_in(self, start: Callable[..., Any], form: dict[str, str]) -> Iterator[bytes]:
        request, relay_state = self.pending.pop(form["key"])
        xml, destination = self.response_xml(request, form["username"])
        saml_response = base64.b64encode(xml.encode()).decode()
        page = (
            '<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Lokal IdP</title>'
            f'</head><body><main><form method="post" action="{html.escape(destination)}">'
            f'<input type="hidden" name="SAMLResponse" value="{saml_response}">'
            f'<input type="hidden" name="RelayState" value="{html.escape(relay_state)}">'
            "<p>Du er logget ind hos den lokale IdP.</p>"
            '<button type="submit">Fortsæt til Sporskifte</button></form></main></body></html>'
        )
        return _answer(start, "200 OK", page)

    def _log_out(self, start: Callable[..., Any], query: dict[str, str]) -> Iterator[bytes]:
        request = self.server.parse_logout_request(
            query["SAMLRequest"],
            saml2.BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState"),
            sigalg=query.get("SigAlg"),
            signature=query.get("Signature"),
        )
        response = self.server.create_logout_response(
            request.message, [saml2.BINDING_HTTP_REDIRECT], sign=True
        )
        binding, destination = self.server.pick_binding(
            "single_logout_service",
            [saml2.BINDING_HTTP_REDIRECT],
            "spsso",
            entity_id=request.message.issuer.text,
        )
        info = self.server.apply_binding(
            binding,
            str(response),
            destination,
            query.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=xmldsig.SIG_RSA_SHA256,
        )
        location = dict(info["headers"])["Location"]
        start("302 Found", [("Location", location)])
        return iter([b""])


def _answer(
    start: Callable[..., Any], status: str, body: str, content_type: str = "text/html"
) -> Iterator[bytes]:
    start(status, [("Content-Type", f"{content_type}; charset=utf-8")])
    return iter([body.encode()])


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _not_ready(environ: dict[str, Any], start: Callable[..., Any]) -> Iterator[bytes]:
    return _answer(start, "503 Service Unavailable", "")


def bind(port: int) -> WSGIServer:
    """Listen on 127.0.0.1:`port` (0 = a free one); give it the IdP with set_app(), whose
    addresses need the port, then serve_forever()."""
    return make_server("127.0.0.1", port, _not_ready, handler_class=_QuietHandler)


def serve_in_thread(server: WSGIServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread
