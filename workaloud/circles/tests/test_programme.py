"""The programme: the shipped twelve weeks, loading an organiser's own file (and refusing a
malformed one whole), editing weeks, choosing the default; pages and API."""

import html
import json
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from workaloud.circles import programme
from workaloud.circles.models import Programme, ProgrammeWeek
from workaloud.circles.tests.meetings_builders import make_organiser
from workaloud.testing.db_state import snapshot

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def week_toml(number, title=None, prompt="Do the thing.", links=""):
    title = title or f"Week {number} title"
    return f'\n[[weeks]]\nnumber = {number}\ntitle = "{title}"\nprompt = """\n{prompt}\n"""\n' + (
        f"links = [{links}]\n" if links else ""
    )


def programme_toml(name="Our programme", weeks=range(1, 13), changes=None) -> str:
    out = f'name = "{name}"\ndescription = "Ours."\n'
    for n in weeks:
        out += week_toml(n, **(changes or {}).get(n, {}))
    return out


@pytest.fixture
def organiser(make_person):
    return make_organiser(make_person("olga", display_name="Olga Organiser"))


# --- the shipped programme ----------------------------------------------------------------


def test_shipped_programme_has_twelve_original_weeks():
    data = programme.shipped_programme_data()
    assert [w.number for w in data.weeks] == list(range(1, 13))
    titles = " ".join(w.title.lower() for w in data.weeks)
    for theme in ("goal", "relationship list", "contribution", "routine", "offer", "visible",
                  "profile", "lead", "habits", "celebrate"):  # fmt: skip
        assert theme in titles, theme
    for week in data.weeks:
        assert 300 < len(week.prompt) <= programme.PROMPT_MAX
        assert "**" in week.prompt  # exercises set out in Markdown
    assert any(link["url"] == "/relationships/lists/" for link in data.weeks[1].links)


def test_default_programme_is_created_once_from_the_shipped_file():
    first = programme.default_programme()
    second = programme.default_programme()
    assert first.pk == second.pk and first.is_default
    assert Programme.objects.count() == 1
    assert first.weeks.count() == 12
    assert first.weeks.get(number=2).title == "Who could help: your relationship list"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
def test_default_programme_is_safe_when_created_concurrently():
    results, errors = [], []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            results.append(programme.default_programme().pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1
    assert Programme.objects.count() == 1 and ProgrammeWeek.objects.count() == 12


# --- reading a file -------------------------------------------------------------------------


def test_parse_a_valid_toml_and_json_file():
    data = programme.parse_programme(
        programme_toml(changes={3: {"links": '{ title = "Guide", url = "https://example.org/g" }'}})
    )
    assert data.name == "Our programme" and len(data.weeks) == 12
    assert data.weeks[2].links == [{"title": "Guide", "url": "https://example.org/g"}]
    as_json = json.dumps(
        {
            "name": "J",
            "weeks": [{"number": n, "title": f"T{n}", "prompt": "P"} for n in range(12, 0, -1)],
        }
    )
    data = programme.parse_programme(as_json, "ours.json")
    assert [w.number for w in data.weeks] == list(range(1, 13))  # any order in the file


@pytest.mark.parametrize(
    "source, message",
    [
        ("name = \n", "The file is not valid TOML"),
        (programme_toml().replace('name = "Our programme"', 'name = "unclosed'), "line 1"),
        ('{"name": "x", "weeks": [}', "The file is not valid JSON"),
        ("", "The file is empty"),
        (programme_toml(weeks=range(1, 12)), "weeks: week 12 is missing"),
        (programme_toml(weeks=[1, 2, 3]), "weeks 4, 5, 6, 7, 8, 9, 10, 11, 12 are missing"),
        (programme_toml(weeks=[*range(1, 13), 5]), "weeks entry 13: week 5 appears twice"),
        (programme_toml(weeks=[*range(1, 13), 13]), "week 13 is outside the programme"),
        (programme_toml(weeks=[0, *range(2, 13)]), "week 0 is outside the programme"),
        (programme_toml(changes={4: {"title": "x" * 121}}), "weeks entry 4 (week 4) title: is 121"),
        (
            programme_toml(changes={4: {"prompt": "p" * 4001}}),
            "(week 4) prompt: is 4,001 characters",
        ),
        (programme_toml(changes={6: {"prompt": " "}}), "weeks entry 6 (week 6) prompt: is missing"),
        (
            programme_toml(changes={2: {"links": '{ title = "x", url = "javascript:alert(1)" }'}}),
            "weeks entry 2 (week 2) links, link 1 url: “javascript:alert(1)” is not a link",
        ),
        (
            programme_toml(changes={2: {"links": '{ title = "x", url = "ftp://example.org/" }'}}),
            "link 1 url: “ftp://example.org/” is not a link",
        ),
        (
            programme_toml(changes={2: {"links": '{ title = "x", url = "//evil.example/" }'}}),
            "is not a link",
        ),
        (programme_toml(changes={2: {"links": '{ url = "https://e.org/" }'}}), "link 1 title: is"),
        (programme_toml().replace('name = "Our programme"', ""), "name: is missing"),
        (programme_toml().replace('name = "Our programme"', 'name = "n"\ncolour = 1'), "colour"),
        ('name = "x"\nweeks = 3\n', "weeks: missing"),
        (programme_toml().replace("number = 7", 'number = "7"'), "number is missing or not"),
    ],
)
def test_malformed_file_is_refused_with_its_place_and_nothing_changes(organiser, source, message):
    programme.default_programme()
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        programme.import_programme(organiser, source)
    assert message in " ".join(caught.value.messages)
    assert snapshot() == before


def test_a_file_that_is_not_utf8_is_refused(organiser):
    with pytest.raises(ValidationError, match="not UTF-8"):
        programme.import_programme(organiser, b'name = "\xff"\n')
    assert not Programme.objects.exists()


def test_only_organisers_load_programmes(alice):
    with pytest.raises(PermissionDenied):
        programme.import_programme(alice, programme_toml())
    assert not Programme.objects.exists()


def test_loading_a_programme_and_making_it_the_default(organiser):
    shipped = programme.default_programme()
    ours = programme.import_programme(organiser, programme_toml(), make_default=True)
    shipped.refresh_from_db()
    assert ours.is_default and not shipped.is_default
    assert programme.default_programme().pk == ours.pk
    programme.set_default(organiser, shipped)
    assert list(Programme.objects.filter(is_default=True)) == [shipped]


def test_a_programme_file_round_trips(organiser):
    shipped = programme.default_programme()
    again = programme.parse_programme(programme.to_toml(shipped))
    assert again == programme.shipped_programme_data()


def test_editing_a_week_checks_it_like_a_file(organiser, alice):
    week = programme.default_programme().weeks.get(number=3)
    before = snapshot()
    with pytest.raises(ValidationError, match="is not a link"):
        programme.update_week(
            organiser, week, title="T", prompt="P", links=[{"title": "x", "url": "data:x"}]
        )
    with pytest.raises(PermissionDenied):
        programme.update_week(alice, week, title="T", prompt="P", links=[])
    assert snapshot() == before
    programme.update_week(
        organiser, week, title="Tiny gifts", prompt="Give.", links=[{"title": "G", "url": "/g/"}]
    )
    week.refresh_from_db()
    assert (week.title, week.prompt, week.links) == (
        "Tiny gifts",
        "Give.",
        [{"title": "G", "url": "/g/"}],
    )


# --- pages ------------------------------------------------------------------------------------


def test_programme_pages_for_members(client_for, alice):
    client = client_for(alice)
    page = client.get("/circles/programmes/")
    assert page.status_code == 200
    assert "Workaloud circle: twelve weeks" in text(page)
    assert "Load a programme" not in text(page)  # not an organiser
    prog = Programme.objects.get()
    detail = client.get(f"/circles/programmes/{prog.pk}/")
    assert detail.status_code == 200
    assert text(detail).count('data-testid="programme-week"') == 12
    assert client.get("/circles/programmes/999/").status_code == 404
    download = client.get(f"/circles/programmes/{prog.pk}/download/")
    assert programme.parse_programme(download.content).name == prog.name


def test_programme_changes_are_for_organisers_only(client_for, alice):
    prog = programme.default_programme()
    client = client_for(alice)
    before = snapshot()
    assert client.get("/circles/programmes/upload/").status_code == 403
    assert client.post("/circles/programmes/upload/", {"text": programme_toml()}).status_code == 403
    assert client.post(f"/circles/programmes/{prog.pk}/default/").status_code == 403
    assert client.get(f"/circles/programmes/{prog.pk}/weeks/2/edit/").status_code == 403
    assert snapshot() == before


def test_uploading_a_file_through_the_page(client_for, organiser):
    client = client_for(organiser)
    upload = SimpleUploadedFile("ours.toml", programme_toml("Acme circles").encode())
    response = client.post("/circles/programmes/upload/", {"file": upload, "make_default": "on"})
    prog = Programme.objects.get(name="Acme circles")
    assert response.status_code == 302 and response["Location"] == f"/circles/programmes/{prog.pk}/"
    assert prog.is_default and prog.weeks.count() == 12


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Choose a programme file, or paste its text."),
        ({"text": programme_toml(weeks=range(1, 12))}, "week 12 is missing"),
        ({"text": programme_toml(weeks=[*range(1, 13), 13])}, "week 13 is outside"),
        ({"file": "bad.toml"}, "The file is not valid TOML"),
    ],
)
def test_a_bad_upload_shows_the_error_and_changes_nothing(client_for, organiser, data, message):
    if data.get("file"):
        data = {"file": SimpleUploadedFile("bad.toml", b"name = [")}
    programme.default_programme()
    before = snapshot()
    response = client_for(organiser).post("/circles/programmes/upload/", data)
    assert response.status_code == 200
    assert message in text(response)
    assert snapshot() == before


def test_editing_a_week_in_the_form(client_for, organiser):
    prog = programme.default_programme()
    client = client_for(organiser)
    url = f"/circles/programmes/{prog.pk}/weeks/4/edit/"
    form = client.get(url)
    assert "Make contributing a routine" in text(form)
    before = snapshot()
    bad = client.post(url, {"title": "R", "prompt": "P", "links": "Guide | javascript:x"})
    assert bad.status_code == 200 and "is not a link" in text(bad)
    bad = client.post(url, {"title": "R", "prompt": "P", "links": "just words"})
    assert "Line 1: write the link as" in text(bad)
    assert client.post(url, {"title": "", "prompt": "P"}).status_code == 200
    assert snapshot() == before
    ok = client.post(
        url, {"title": "Routines", "prompt": "Every day.", "links": "G | https://g.org"}
    )
    assert ok.status_code == 302
    week = prog.weeks.get(number=4)
    assert week.title == "Routines" and week.links == [{"title": "G", "url": "https://g.org"}]
    assert client.get(f"/circles/programmes/{prog.pk}/weeks/13/edit/").status_code == 404


def test_choosing_the_default_on_the_page(client_for, organiser):
    shipped = programme.default_programme()
    ours = programme.import_programme(organiser, programme_toml())
    response = client_for(organiser).post(f"/circles/programmes/{ours.pk}/default/")
    assert response.status_code == 302
    ours.refresh_from_db()
    shipped.refresh_from_db()
    assert ours.is_default and not shipped.is_default


# --- API --------------------------------------------------------------------------------------


def test_api_lists_and_reads_programmes(client_for, alice):
    client = client_for(alice)
    listed = client.get("/api/circles/programmes")
    assert listed.status_code == 200
    [summary] = listed.json()
    assert summary["is_default"] is True
    detail = client.get(f"/api/circles/programmes/{summary['id']}").json()
    assert [w["number"] for w in detail["weeks"]] == list(range(1, 13))
    assert "<strong>" in detail["weeks"][0]["prompt_html"]
    assert client.get("/api/circles/programmes/999").status_code == 404


def test_api_programme_changes(client_for, organiser, alice):
    programme.default_programme()
    before = snapshot()
    member = client_for(alice)
    assert (
        member.post(
            "/api/circles/programmes", {"source": programme_toml()}, content_type="application/json"
        ).status_code
        == 403
    )
    client = client_for(organiser)
    bad = client.post(
        "/api/circles/programmes",
        {"source": programme_toml(weeks=[*range(1, 13), 13])},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "weeks entry 13: week 13 is outside the programme" in bad.json()["detail"]
    extra = client.post(
        "/api/circles/programmes",
        {"source": programme_toml(), "colour": "red"},
        content_type="application/json",
    )
    assert extra.status_code == 422
    assert snapshot() == before
    made = client.post(
        "/api/circles/programmes",
        {"source": programme_toml("API one"), "make_default": True},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["is_default"] is True
    pid = made.json()["id"]
    week = client.put(
        f"/api/circles/programmes/{pid}/weeks/5",
        {"title": "Offers", "prompt": "Offer.", "links": [{"title": "x", "url": "mailto:a@b"}]},
        content_type="application/json",
    )
    assert week.status_code == 400 and "is not a link" in week.json()["detail"]
    week = client.put(
        f"/api/circles/programmes/{pid}/weeks/13",
        {"title": "Offers", "prompt": "Offer."},
        content_type="application/json",
    )
    assert week.status_code == 422
    week = client.put(
        f"/api/circles/programmes/{pid}/weeks/5",
        {"title": "Offers", "prompt": "Offer.", "links": [{"title": "x", "url": "https://x.org"}]},
        content_type="application/json",
    )
    assert week.status_code == 200 and week.json()["title"] == "Offers"
    shipped = Programme.objects.exclude(pk=pid).get()
    patched = client.patch(
        f"/api/circles/programmes/{shipped.pk}",
        {"is_default": True, "name": "Shipped"},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["is_default"] is True
    assert patched.json()["name"] == "Shipped"
    assert (
        member.patch(
            f"/api/circles/programmes/{pid}", {"name": "Mine"}, content_type="application/json"
        ).status_code
        == 403
    )


def test_api_needs_a_login(client):
    assert client.get("/api/circles/programmes").status_code == 401
