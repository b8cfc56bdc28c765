"""Progress charts as SVG (matplotlib), drawn in black and grey so they also read well printed.
Each chart has a table alternative on the page for screen readers."""

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from django.utils.translation import gettext as _

from sporskifte.assessments.instruments import WHO5_LIKELY_DEPRESSION, WHO5_POOR_WELLBEING
from sporskifte.assessments.models import AssessmentResponse

plt.rcParams.update({"svg.fonttype": "none", "font.size": 11, "font.family": "sans-serif"})


def svg(figure: plt.Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def who5_svg(responses: Sequence[AssessmentResponse]) -> str:
    figure, axes = plt.subplots(figsize=(7, 3.2))
    dates: list[Any] = [r.answered_on for r in responses]
    scores: list[Any] = [r.score for r in responses]
    axes.axhspan(0, WHO5_LIKELY_DEPRESSION, color="#e6e6e6", zorder=0)
    axes.axhline(WHO5_POOR_WELLBEING, color="#777777", linestyle="--", linewidth=1)
    axes.text(1.01, WHO5_POOR_WELLBEING, "50", transform=axes.get_yaxis_transform(), va="center")
    axes.text(1.01, WHO5_LIKELY_DEPRESSION, "28", transform=axes.get_yaxis_transform(), va="center")
    axes.plot(dates, scores, color="#000000", marker="o", linewidth=2)
    for day, value in zip(dates, scores, strict=True):
        axes.annotate(
            str(value), (day, value), textcoords="offset points", xytext=(0, 8), ha="center"
        )
    axes.set_ylim(0, 100)
    axes.set_ylabel(_("WHO-5 (0–100)"))
    axes.set_title(_("Trivsel over tid"))
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return svg(figure)


def ffb_svg(
    names: Sequence[str], baseline: Sequence[int | None], latest: Sequence[int | None]
) -> str:
    figure, axes = plt.subplots(figsize=(7, 0.5 * len(names) + 1.2))
    positions = range(len(names))
    height = 0.38
    axes.barh(
        [p + height / 2 for p in positions],
        [v if v is not None else 0 for v in baseline],
        height,
        color="#bbbbbb",
        edgecolor="#000000",
        label=_("Ved start"),
    )
    axes.barh(
        [p - height / 2 for p in positions],
        [v if v is not None else 0 for v in latest],
        height,
        color="#333333",
        edgecolor="#000000",
        label=_("Seneste"),
    )
    axes.set_yticks(list(positions), names)
    axes.invert_yaxis()
    axes.set_xlim(0, 4)
    axes.set_xticks(range(5))
    axes.set_xlabel(_("Begrænsning: 0 ingen – 4 totale"))
    axes.set_title(_("Funktionsevne ved start og seneste vurdering"))
    axes.legend(loc="lower right", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return svg(figure)
