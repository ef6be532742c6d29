"""The audit hash chain: every audit row sealed in order; `sifa audit verify` finds the first
row changed, deleted or slipped in behind the system's back."""

import datetime as dt
import threading

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from sifa.auditchain.chain import GENESIS, link_hash, verify
from sifa.auditchain.models import AuditSeal
from sifa.core.audit import bulk_create_with_history, bulk_update_with_history, log_access
from sifa.core.models import Activity, ActivityType
from sifa.core.services import record_save

D = dt.date(2022, 5, 10)


def _activities(county, n, title="讲座"):
    lecture = ActivityType.objects.get(code="lecture")
    return [
        Activity(
            type=lecture,
            region=county,
            date=D,
            title=f"{title}{i}",
            quantities={"attendees": 10 + i},
        )
        for i in range(n)
    ]


@pytest.fixture
def history_rows(section_clerk, county):
    """Audit rows of every kind: single saves, a bulk write, a bulk update, an access row."""
    act = record_save(_activities(county, 1, "单条")[0], user=section_clerk)
    act.title = "改名"
    record_save(act, user=section_clerk)
    objs = bulk_create_with_history(Activity, _activities(county, 5), user=section_clerk)
    before = {o.pk: {"title": o.title} for o in objs}
    for o in objs:
        o.title += "（改）"
    bulk_update_with_history(Activity, objs, ["title"], before=before, user=section_clerk)
    log_access(act, user=section_clerk, remote_addr="10.0.0.8", what="查看")
    return act


def _verify_output(capsys):
    call_command("audit", "verify")
    return capsys.readouterr().out


@pytest.mark.django_db
class TestSealing:
    def test_every_audit_row_is_sealed_in_order(self, history_rows):
        entries = LogEntry.objects.count()  # the county fixture's rows too
        assert LogEntry.objects.filter(actor=history_rows.created_by).count() == 1 + 1 + 5 + 5 + 1
        seals = list(AuditSeal.objects.order_by("seq"))
        assert [s.seq for s in seals] == list(range(1, entries + 1))
        assert seals[0].prev_hash == GENESIS
        for before, after in zip(seals, seals[1:], strict=False):
            assert after.prev_hash == before.hash
        assert {s.entry_id for s in seals} == set(LogEntry.objects.values_list("pk", flat=True))

    def test_hash_is_sha256_of_previous_hash_and_row(self, history_rows):
        seal = AuditSeal.objects.order_by("seq")[1]
        row = LogEntry.objects.filter(pk=seal.entry_id).values().get()
        assert seal.hash == link_hash(seal.prev_hash, row)
        row["changes"] = {"title": ["单条0", "别的"]}
        assert seal.hash != link_hash(seal.prev_hash, row)

    def test_clean_chain_verifies(self, history_rows, capsys):
        out = _verify_output(capsys)
        assert "审计日志完整" in out and f"共 {LogEntry.objects.count()} 条" in out

    def test_empty_log_verifies(self, db, capsys):
        assert "审计日志完整" in _verify_output(capsys)


@pytest.mark.django_db
class TestTampering:
    def _broken(self):
        with pytest.raises(CommandError) as exc:
            call_command("audit", "verify")
        return str(exc.value)

    def test_edited_row_is_reported(self, history_rows):
        victim = AuditSeal.objects.order_by("seq")[3].entry_id
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE auditlog_logentry SET remote_addr = %s WHERE id = %s", ["1.2.3.4", victim]
            )
        message = self._broken()
        assert f"审计记录 #{victim} 在封存后被修改" in message
        assert "链条第 4 条" in message and "此前 3 条完好" in message
        assert verify().broken.entry_id == victim

    def test_edited_changes_json_is_reported(self, history_rows):
        entry = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).order_by("pk").first()
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE auditlog_logentry SET changes = %s WHERE id = %s",
                ['{"title": ["单条0", "无害"]}', entry.pk],
            )
        assert f"审计记录 #{entry.pk} 在封存后被修改" in self._broken()

    def test_deleted_row_is_reported(self, history_rows):
        victim = AuditSeal.objects.order_by("seq")[5].entry_id
        with connection.cursor() as cur:
            cur.execute("DELETE FROM auditlog_logentry WHERE id = %s", [victim])
        message = self._broken()
        assert f"审计记录 #{victim} 已被删除" in message and "链条第 6 条" in message

    def test_deleted_row_and_seal_are_reported(self, history_rows):
        seal = AuditSeal.objects.order_by("seq")[5]
        with connection.cursor() as cur:
            cur.execute("DELETE FROM auditlog_logentry WHERE id = %s", [seal.entry_id])
            cur.execute("DELETE FROM auditchain_auditseal WHERE id = %s", [seal.pk])
        message = self._broken()
        assert "链条第 7 条与前一条衔接不上" in message

    def test_row_slipped_in_without_seal_is_reported(self, history_rows, county):
        with connection.cursor() as cur:
            cur.execute(
                "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_repr, action,"
                " changes_text, timestamp) SELECT content_type_id, object_pk, '伪造', 2, '', "
                " timestamp FROM auditlog_logentry ORDER BY id LIMIT 1"
            )
        forged = LogEntry.objects.order_by("-pk").first()
        message = self._broken()
        assert f"审计记录 #{forged.pk} 未纳入哈希链" in message

    def test_edited_orm_save_of_a_row_is_reported(self, history_rows):
        """Re-saving an audit row (not a creation) is not re-sealed: it shows as changed."""
        entry = LogEntry.objects.order_by("pk").first()
        entry.object_repr = "改过"
        entry.save()
        assert f"审计记录 #{entry.pk} 在封存后被修改" in self._broken()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.django_db(transaction=True)
def test_two_transactions_appending_at_once_do_not_fork_the_chain(county, section_clerk):
    """The first writer holds the chain's head until it commits; the second then extends it."""
    first_sealed = threading.Event()
    errors = []

    def writer(title, hold):
        try:
            with transaction.atomic():
                record_save(_activities(county, 1, title)[0], user=section_clerk)
                if hold:
                    first_sealed.set()
                    threading.Event().wait(1.0)  # the other transaction waits meanwhile
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    a = threading.Thread(target=writer, args=("甲", True))
    a.start()
    first_sealed.wait(10)
    b = threading.Thread(target=writer, args=("乙", False))
    b.start()
    a.join(20)
    b.join(20)
    assert errors == []
    seals = list(AuditSeal.objects.order_by("seq").select_related("entry"))
    assert [s.seq for s in seals] == list(range(1, len(seals) + 1))
    assert [s.entry.object_repr for s in seals[-2:]] == ["甲0", "乙0"]
    assert seals[-1].prev_hash == seals[-2].hash
    assert verify().broken is None
