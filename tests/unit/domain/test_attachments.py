"""Only links to the Teams area are attached: ``https`` on ``*.sharepoint.com`` or
``teams.microsoft.com``, without credentials or another port; every other address is refused
with its reason, before anything is stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from governance.domain.attachments import (
    MAX_TITLE,
    MAX_URL,
    check_link,
    check_title,
    is_teams_area_host,
    new_attachment,
)
from governance.domain.errors import InvalidInput


@pytest.mark.parametrize(
    "url",
    [
        "https://rorikt.sharepoint.com/sites/bestillerutvalget/Delte%20dokumenter/krav.docx",
        "https://rorikt-my.sharepoint.com/:w:/g/personal/mari_molde_kommune_no/EaBc?e=x1",
        "https://RORIKT.SharePoint.com/sites/x",
        "HTTPS://rorikt.sharepoint.com/sites/x",
        "https://a.b.sharepoint.com/x",
        "https://rorikt.sharepoint.com:443/sites/x",
        "https://rorikt.sharepoint.com",
        "https://teams.microsoft.com/l/file/ABC-123?tenantId=x&fileType=docx",
        "https://rorikt.sharepoint.com/sites/x?q=a@b&r=c:d#del-2",
        "https://rorikt.sharepoint.com/sites/Økonomi/søknad.docx",
    ],
)
def test_links_to_the_teams_area_are_taken(url: str) -> None:
    assert check_link(url) == url
    assert check_link(f"  {url}\t") == url  # the pasted link, without the blanks around it


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("", "attachment.url_required"),
        ("   ", "attachment.url_required"),
        ("http://rorikt.sharepoint.com/sites/x", "attachment.url_not_https"),
        ("javascript:alert(1)", "attachment.url_not_https"),
        ("JavaScript://rorikt.sharepoint.com/%0aalert(1)", "attachment.url_not_https"),
        ("data:text/html,<script>alert(1)</script>", "attachment.url_not_https"),
        ("file://rorikt.sharepoint.com/x", "attachment.url_not_https"),
        ("ftp://rorikt.sharepoint.com/x", "attachment.url_not_https"),
        ("//rorikt.sharepoint.com/x", "attachment.url_not_https"),
        ("rorikt.sharepoint.com/x", "attachment.url_not_https"),
        ("https://ola:hemmelig@rorikt.sharepoint.com/x", "attachment.url_credentials"),
        ("https://ola@rorikt.sharepoint.com/x", "attachment.url_credentials"),
        ("https://@rorikt.sharepoint.com/x", "attachment.url_credentials"),
        ("https://rorikt.sharepoint.com@evil.example/x", "attachment.url_credentials"),
        ("https://rorikt.sharepoint.com:8443/x", "attachment.url_credentials"),
        ("https://rorikt.sharepoint.com:80/x", "attachment.url_credentials"),
        ("https://rorikt.sharepoint.com:99999/x", "attachment.url_malformed"),
        ("https://rorikt.sharepoint.com:abc/x", "attachment.url_malformed"),
        ("https://[::1/x", "attachment.url_malformed"),
        ("https://rorikt.sharepoint.com/a b", "attachment.url_malformed"),
        ("https://rorikt.sharepoint.com/a\nb", "attachment.url_malformed"),
        ("https://rorikt.sharepoint.com/a\x00b", "attachment.url_malformed"),
        ("https://rorikt.sharepoint.com/\u200bx", "attachment.url_malformed"),
        ("https://rorikt.sharepoint.com/" + "x" * MAX_URL, "attachment.url_malformed"),
        ("https://sharepoint.com/x", "attachment.url_host"),
        ("https://.sharepoint.com/x", "attachment.url_host"),
        ("https://a..sharepoint.com/x", "attachment.url_host"),
        ("https://evil-sharepoint.com/x", "attachment.url_host"),
        ("https://evilsharepoint.com/x", "attachment.url_host"),
        ("https://sharepoint.com.evil.example/x", "attachment.url_host"),
        ("https://rorikt.sharepoint.com.evil.example/x", "attachment.url_host"),
        ("https://rorikt.sharepoint.com./x", "attachment.url_host"),
        ("https://rorikt.sharepoint.co/x", "attachment.url_host"),
        ("https://evil.example/rorikt.sharepoint.com", "attachment.url_host"),
        ("https://evil.example?.sharepoint.com", "attachment.url_host"),
        ("https://evil.example#.sharepoint.com", "attachment.url_host"),
        # a browser reads "\" as "/" and percent-decodes the host: these open evil.example
        ("https://evil.example\\.sharepoint.com/x", "attachment.url_host"),
        ("https://evil.example%5C.sharepoint.com/x", "attachment.url_host"),
        ("https://evil.example%2F.sharepoint.com/x", "attachment.url_host"),
        ("https://evil.example;.sharepoint.com/x", "attachment.url_host"),
        ("https://rorikt.\u0455harepoint.com/x", "attachment.url_host"),  # Cyrillic "ѕ"
        ("https://rorikt_x.sharepoint.com/x", "attachment.url_host"),
        ("https://-rorikt.sharepoint.com/x", "attachment.url_host"),
        ("https://teams.microsoft.com.evil.example/x", "attachment.url_host"),
        ("https://evil.teams.microsoft.com/x", "attachment.url_host"),
        ("https://microsoft.com/x", "attachment.url_host"),
        ("https://127.0.0.1/x", "attachment.url_host"),
        ("https://[::1]/x", "attachment.url_host"),
        ("https:///x", "attachment.url_host"),
        ("https:rorikt.sharepoint.com/x", "attachment.url_host"),
    ],
)
def test_every_other_address_is_refused_with_its_reason(url: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_link(url)
    assert refused.value.code == code


def test_the_refusal_names_what_it_saw() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_link("http://rorikt.sharepoint.com/x")
    assert refused.value.params == {"start": "http://rorik"}
    with pytest.raises(InvalidInput) as refused:
        check_link("https://Evil-SharePoint.com/x")
    assert refused.value.params == {"host": "evil-sharepoint.com"}
    with pytest.raises(InvalidInput) as refused:
        check_link("https://rorikt.sharepoint.com/" + "x" * MAX_URL)
    assert refused.value.params == {"limit": MAX_URL}


def test_the_longest_link_is_taken() -> None:
    start = "https://rorikt.sharepoint.com/"
    longest = start + "x" * (MAX_URL - len(start))
    assert check_link(longest) == longest


@pytest.mark.parametrize(
    ("host", "teams_area"),
    [
        ("rorikt.sharepoint.com", True),
        ("teams.microsoft.com", True),
        ("TEAMS.MICROSOFT.COM", True),
        ("sharepoint.com", False),
        ("", False),
        ("x.sharepoint.com.", False),
        ("evil.example\\.sharepoint.com", False),
    ],
)
def test_the_hosts_of_the_teams_area(host: str, teams_area: bool) -> None:
    assert is_teams_area_host(host) is teams_area


def test_a_title_is_needed_and_kept_short() -> None:
    assert check_title("  Kravspesifikasjon.docx ") == "Kravspesifikasjon.docx"
    assert check_title("x" * MAX_TITLE) == "x" * MAX_TITLE
    for title, code in [
        ("", "attachment.title_required"),
        (" \t ", "attachment.title_required"),
        ("x" * (MAX_TITLE + 1), "attachment.title_too_long"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            check_title(title)
        assert refused.value.code == code


def test_a_new_attachment_is_checked_and_records_who_added_it() -> None:
    at = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
    attachment = new_attachment(
        " Krav ", " https://rorikt.sharepoint.com/x ", by="best-molde", at=at
    )
    assert (attachment.title, attachment.url, attachment.added_by, attachment.added_at) == (
        "Krav",
        "https://rorikt.sharepoint.com/x",
        "best-molde",
        at,
    )
    assert attachment.id is None
    with pytest.raises(InvalidInput):
        new_attachment("Krav", "https://evil.example/x", by="best-molde", at=at)
