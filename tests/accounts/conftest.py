from tests.saml_support import local_idp

__all__ = ["local_idp"]
