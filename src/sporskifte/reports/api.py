import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sporskifte.access.principals import principal_of
from sporskifte.reports import selectors
from sporskifte.reports.definitions import DEFINITIONS, NAMES
from sporskifte.reports.indicators import Indicator
from sporskifte.reports.presentation import Line, Shown, lines

router = Router()


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    group: str
    # The same small-number rule as the page and the files (reports/presentation.py): a
    # count of 1-4, or anything built on 1-4 citizens or courses, is null and `suppressed`.
    value: float | int | None
    denominator: int | None
    breakdown: dict[str, float | int | None]
    suppressed: bool


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
        indicators=[_out(i, line) for i, line in zip(values, lines(values, []), strict=True)],
    )


def _shown(raw: float | int | None, shown: Shown) -> float | int | None:
    """The measured value where the page shows a number; null where it shows "<5"/"skjult"."""
    return None if shown.number is None else raw


def _out(indicator: Indicator, line: Line) -> IndicatorOut:
    parts = {part.key: part.value for part in line.parts}
    return IndicatorOut(
        code=indicator.code,
        name=str(NAMES[indicator.code]),
        definition=str(DEFINITIONS[indicator.code].definition),
        group=indicator.group,
        value=_shown(indicator.value, line.value),
        denominator=_shown(indicator.denominator, line.base),  # type: ignore[arg-type]
        breakdown={key: _shown(raw, parts[key]) for key, raw in indicator.breakdown.items()},
        suppressed=any(
            shown.number is None and raw is not None
            for raw, shown in [
                (indicator.value, line.value),
                (indicator.denominator, line.base),
                *((raw, parts[key]) for key, raw in indicator.breakdown.items()),
            ]
        ),
    )
