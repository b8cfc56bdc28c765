"""Danish by default, English on request through the switcher."""

from django.urls import reverse


def test_the_ui_is_danish_even_when_the_browser_prefers_english(client, herning) -> None:
    response = client.get(reverse("accounts:login"), headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="da">' in response.text
    assert "Log ind" in response.text


def test_the_switcher_changes_the_ui_to_english_and_back(client, herning) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    response = client.get(reverse("accounts:login"))
    assert '<html lang="en">' in response.text
    assert "Sign in" in response.text
    assert response["Content-Language"] == "en"
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert "Log ind" in client.get(reverse("accounts:login")).text


def test_the_public_page_reads_in_english(client, herning) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.get(reverse("organisation:public_contact")).text
    assert "Who is the service for?" in text
    assert "You can contact the service yourself:" in text
