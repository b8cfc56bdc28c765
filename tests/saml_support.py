"""A real SAML identity provider for tests: the demo's local IdP (pysaml2's server) on a free
port of 127.0.0.1, with keys made for the test session only. `sp_settings` points this
service provider at it."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sporskifte.demo.idp import DEMO_STAFF, LocalIdp, bind, keypair_ensure, serve_in_thread

SP_ENTITY_ID = "http://testserver/saml/sp"


@dataclass
class RunningIdp:
    idp: LocalIdp
    directory: Path
    sp_key: Path
    sp_cert: Path


@pytest.fixture(scope="session")
def local_idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningIdp]:
    directory = tmp_path_factory.mktemp("saml")
    server = bind(0)
    idp = LocalIdp(
        directory=directory,
        base_url=f"http://127.0.0.1:{server.server_port}",
        users=DEMO_STAFF,
    )
    server.set_app(idp)
    serve_in_thread(server)
    sp_key, sp_cert = keypair_ensure(directory, "sp")
    yield RunningIdp(idp=idp, directory=directory, sp_key=sp_key, sp_cert=sp_cert)
    server.shutdown()
    server.server_close()


def sp_settings(settings: Any, running: RunningIdp, *, entity_id: str = SP_ENTITY_ID) -> None:
    settings.SAML_IDP_METADATA_FILE = str(running.idp.metadata_path)
    settings.SAML_IDP_METADATA_URL = ""
    settings.SAML_SP_ENTITY_ID = entity_id
    settings.SAML_SP_KEY_FILE = str(running.sp_key)
    settings.SAML_SP_CERT_FILE = str(running.sp_cert)
    settings.SAML_SP_BASE_URL = ""
    settings.SAML_MUNICIPALITY = "herning"
