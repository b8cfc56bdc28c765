import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sporskifte.access.principals import principal_of
from sporskifte.reports import selectors
from sporskifte.reports.definitions import DEFINITIONS, NAMES

router = Router()


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    group: str
    value: float | int | None
    denominator: int | None
    breakdown: dict[str, float | int | None]


class IndicatorQuery(Schema):
    unit: str | None = None
    start: dt.date | None = Field(None, alias="from")
    end: dt.date | None = Field(None, alias="to")


class IndicatorsOut(Schema):
    unit: str | None
    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")
    indicators: list[IndicatorOut]


@router.get(
    "/reports/indicators",
    response=IndicatorsOut,
    by_alias=True,
    summary="Indicators against the success criteria (leaders only), each with its definition",
)
def indicators(request: HttpRequest, filters: Query[IndicatorQuery]) -> IndicatorsOut:
    period, chosen, values = selectors.indicators_for_user(
        actor=principal_of(request), unit_slug=filters.unit, start=filters.start, end=filters.end
    )
    return IndicatorsOut(
        unit=chosen.slug if chosen else None,
        **{"from": period.start, "to": period.end},
        indicators=[
            IndicatorOut(
                code=i.code,
                name=str(NAMES[i.code]),
                definition=str(DEFINITIONS[i.code].definition),
                group=i.group,
                value=i.value,
                denominator=i.denominator,
                breakdown=i.breakdown,
            )
            for i in values
        ],
    )
