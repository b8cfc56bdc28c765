from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from sporskifte.accounts.api import router as organisation_router
from sporskifte.api.auth import ApiTokenAuth
from sporskifte.api.errors import document_errors, install_error_handlers
from sporskifte.assessments.api import router as assessments_router
from sporskifte.citizens.api import router as citizens_router
from sporskifte.courses.api import router as courses_router
from sporskifte.plans.api import router as plans_router
from sporskifte.referrals.api import public_router as public_referrals_router
from sporskifte.referrals.api import router as referrals_router
from sporskifte.reports.api import router as reports_router


class SporskifteAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(**kwargs))


api = SporskifteAPI(
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
api.add_router("/citizens", citizens_router, tags=["citizens"])
api.add_router("", referrals_router, tags=["intake"])
api.add_router("/public", public_referrals_router, tags=["public"])
api.add_router("", courses_router, tags=["courses"])
api.add_router("", plans_router, tags=["plans and progress"])
api.add_router("", assessments_router, tags=["plans and progress"])
api.add_router("", reports_router, tags=["reports"])
