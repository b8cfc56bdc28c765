"""The month-by-month trend as an SVG bar chart in black and grey (prints well); the dashboard
shows the same numbers in a table."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from sporskifte.assessments.charts import plt, svg
from sporskifte.reports.indicators import Month


def trend_svg(months: Sequence[Month]) -> str:
    figure, axes = plt.subplots(figsize=(8, 3.4))
    labels = [f"{m.month:%m/%y}" for m in months]
    positions = range(len(months))
    width = 0.28
    axes.bar(
        [p - width for p in positions],
        [m.referrals for m in months],
        width,
        color="#dddddd",
        edgecolor="#000000",
        label=_("Henvendelser"),
    )
    axes.bar(
        list(positions),
        [m.started for m in months],
        width,
        color="#888888",
        edgecolor="#000000",
        label=_("Startede forløb"),
    )
    axes.bar(
        [p + width for p in positions],
        [m.ended for m in months],
        width,
        color="#222222",
        edgecolor="#000000",
        label=_("Afsluttede forløb"),
    )
    axes.set_xticks(list(positions), labels, rotation=45 if len(months) > 8 else 0)
    axes.set_title(_("Udvikling pr. måned"))
    axes.legend(frameon=False, ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    axes.spines[["top", "right"]].set_visible(False)
    return svg(figure)
