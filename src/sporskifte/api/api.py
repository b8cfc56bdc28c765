from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from sporskifte.api.auth import ApiTokenAuth
from sporskifte.api.errors import install_error_handlers
from sporskifte.organisation.api import router as organisation_router

api = NinjaAPI(
    title="Sporskifte API",
    version="1",
    description=str(
        _(
            "JSON-API over de samme services som brugerfladen. Fejl har formen "
            '{"code", "message", "fields"}. Brug Authorization: Bearer TOKEN.'
        )
    ),
    auth=ApiTokenAuth(),
    urls_namespace="api-v1",
)
install_error_handlers(api)
api.add_router("/organisation", organisation_router, tags=["organisation"])
