"""Finding the way: breadcrumbs on a citizen's pages, one current section in the menu, and the
hand-over page's links to what the granting authority may read."""

from django.urls import reverse

from sporskifte.courses.models import Escalation
from sporskifte.courses.services import escalation_write, journal_note_write
from tests.html_ids import id_problems


def _crumbs(page: str) -> str:
    start = page.index('aria-label="Brødkrumme"')
    return page[start : page.index("</nav>", start)]


def _current_menu(page: str) -> set[str]:
    marker = 'aria-current="page"><span>'
    return {
        page[i + len(marker) : page.index("</span>", i)]
        for i in range(len(page))
        if page.startswith(marker, i)
    }


def _escalation(people, course) -> Escalation:
    return escalation_write(
        actor=people.worker,
        course=course,
        needs="Bostøtte.",
        resources="Netværk.",
        hopes_and_goals="Bo selv.",
        tried="Struktur.",
    )


def test_the_course_page_says_where_it_is_and_marks_one_menu_entry(
    people, client_for, course
) -> None:
    page = client_for(people.worker).get(reverse("courses:detail", args=[course.pk])).text
    crumbs = _crumbs(page)
    assert (
        f'href="{reverse("citizens:detail", args=[course.citizen.public_id])}">Karl</a>' in crumbs
    )
    assert f'aria-current="page">{course.service.name}</li>' in crumbs
    assert _current_menu(page) == {"Mine forløb"}


def test_the_note_edit_page_leads_back_to_the_course(people, client_for, course) -> None:
    note = journal_note_write(actor=people.worker, course=course, text="Notat.")
    page = client_for(people.worker).get(reverse("courses:note_edit", args=[note.pk])).text
    assert f'href="{reverse("courses:detail", args=[course.pk])}"' in _crumbs(page)
    assert id_problems(page) == []


def test_the_authority_reaches_course_plan_and_progress_from_the_hand_over(
    people, client_for, course
) -> None:
    escalation = _escalation(people, course)
    authority = client_for(people.authority)
    page = authority.get(reverse("courses:escalation_detail", args=[escalation.pk])).text
    links = (
        reverse("courses:detail", args=[course.pk]),
        reverse("plans:plan", args=[course.pk]),
        reverse("plans:progress", args=[course.citizen.public_id]),
    )
    for link in links:
        assert f'href="{link}"' in page
        assert authority.get(link).status_code == 200
    assert _current_menu(page) == {"Overdragelser"}
    assert reverse("courses:detail", args=[course.pk]) in _crumbs(page)
    assert id_problems(page) == []
    refused = authority.post(
        reverse("courses:escalation_detail", args=[escalation.pk]), {"granted": "true"}
    )
    assert refused.status_code == 422
    assert id_problems(refused.text) == []


def test_the_hand_over_form_has_unique_ids_with_its_errors(people, client_for, course) -> None:
    client = client_for(people.worker)
    url = reverse("courses:escalate", args=[course.pk])
    page = client.get(url).text
    assert reverse("courses:detail", args=[course.pk]) in _crumbs(page)
    failed = client.post(url, {"needs": ""})
    assert failed.status_code == 422
    assert 'aria-describedby="id_hopes_and_goals_helptext id_hopes_and_goals_error"' in failed.text
    assert id_problems(failed.text) == []


def test_the_course_start_page_has_unique_ids_with_its_errors(
    people, client_for, accepted_referral
) -> None:
    failed = client_for(people.worker).post(
        reverse("courses:start", args=[accepted_referral.pk]), {"start_date": "x"}
    )
    assert failed.status_code == 422
    assert id_problems(failed.text) == []
