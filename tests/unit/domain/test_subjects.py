"""Audit and notice subjects keep the keys stored before they were typed, so the audit entries
and notices on record still match (and ``samstyre audit verify`` still verifies the chain)."""

from __future__ import annotations

from datetime import date

import pytest

from governance.domain.subjects import AuditSubject, CardSubject, NoticeSubject

ON = date(2027, 2, 11)


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        (AuditSubject.proposal(7), "proposal:7"),
        (AuditSubject.vote(12), "vote:12"),
        (AuditSubject.ranking(2), "ranking:2"),
        (AuditSubject.meeting(5), "meeting:5"),
        (AuditSubject.election(4), "election:4"),
        (AuditSubject.report(3), "report:3"),
        (AuditSubject.benefit(8), "benefit:8"),
        (AuditSubject.plan(2027), "plan:2027"),
        (AuditSubject.group("ug-helse"), "group:ug-helse"),
        (AuditSubject.system("visma-flyt"), "system:visma-flyt"),
        (AuditSubject.body("bestillerutvalget"), "body:bestillerutvalget"),
        (AuditSubject.task("behovskartlegging", 2027), "task:behovskartlegging:2027"),
        (AuditSubject.year(2027), "year:2027"),
        (AuditSubject.cooperation("ror-ikt"), "cooperation:ror-ikt"),
        (AuditSubject.status_report(ON), "status:2027-02-11"),
        (AuditSubject.demo(), "demo"),
    ],
)
def test_audit_subjects_keep_the_keys_on_record(subject: AuditSubject, key: str) -> None:
    assert subject.key == key


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        (NoticeSubject.task("behovskartlegging", 2027), "task:behovskartlegging:2027"),
        (NoticeSubject.meeting("committee", ON), "meeting:committee:2027-02-11"),
        (NoticeSubject.election("ug-helse", 2027), "election:ug-helse:2027"),
        (NoticeSubject.board_meeting(ON), "board:2027-02-11"),
    ],
)
def test_notice_subjects_keep_the_keys_in_the_outbox(subject: NoticeSubject, key: str) -> None:
    assert subject.key == key


def test_task_names_a_card_by_occurrence_and_an_audit_entry_or_notice_by_task_and_year() -> None:
    assert CardSubject.task(3).key == "task:3"
    assert AuditSubject.task("q2-workshop", 2027).key == "task:q2-workshop:2027"
    assert NoticeSubject.task("q2-workshop", 2027).key == "task:q2-workshop:2027"
