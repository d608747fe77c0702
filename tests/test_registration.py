import re
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintNumbering(ComplaintCase):
    def _number(self, complaint):
        match = re.fullmatch(r"CMP/\d{4}/(\d{5})", complaint.complaint_ref)
        self.assertTrue(match, complaint.complaint_ref)
        return int(match.group(1))

    def test_numbers_are_sequential(self):
        first, second, third = (self._registered_complaint() for _i in range(3))
        numbers = [self._number(c) for c in (first, second, third)]
        self.assertEqual(numbers, [numbers[0], numbers[0] + 1, numbers[0] + 2])

    def test_registration_sets_dates_and_is_idempotent(self):
        complaint = self._new_complaint()
        self.assertFalse(complaint.complaint_ref)
        with freeze_time("2026-03-02 09:00:00"):
            complaint.action_complaint_register()
        self.assertEqual(complaint.complaint_registered_date, datetime(2026, 3, 2, 9))
        ref, deadline = complaint.complaint_ref, complaint.complaint_deadline
        acknowledgements = complaint.message_ids.filtered(
            lambda m: ref in (m.subject or "")
        )
        self.assertEqual(len(acknowledgements), 1)
        with freeze_time("2026-03-05 09:00:00"):
            complaint.action_complaint_register()
        self.assertEqual(complaint.complaint_ref, ref)
        self.assertEqual(complaint.complaint_deadline, deadline)
        self.assertEqual(complaint.complaint_registered_date, datetime(2026, 3, 2, 9))
        self.assertEqual(
            len(complaint.message_ids.filtered(lambda m: ref in (m.subject or ""))),
            1,
            "registering twice must not acknowledge twice",
        )

    def test_numbers_are_per_company_and_independent(self):
        company_2 = self.company_2
        team_2 = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaints C2",
                "is_complaint_team": True,
                "company_id": company_2.id,
            }
        )
        a1 = self._registered_complaint()
        b1 = self._registered_complaint(company_id=company_2.id, team_id=team_2.id)
        a2 = self._registered_complaint()
        b2 = self._registered_complaint(company_id=company_2.id, team_id=team_2.id)
        self.assertEqual(b1.company_id, company_2)
        self.assertEqual(self._number(a2), self._number(a1) + 1)
        self.assertEqual(self._number(b2), self._number(b1) + 1)
        sequence_2 = company_2._get_complaint_sequence()
        self.assertEqual(sequence_2.company_id, company_2)
        # linked when the company was made: a first registration need not
        # write the company (simultaneous ones would conflict)
        self.assertEqual(company_2.sudo().complaint_sequence_id, sequence_2)
        new_company = self.env["res.company"].create({"name": "Third Shop"})
        self.assertEqual(
            new_company.sudo().complaint_sequence_id.company_id, new_company
        )
        self.assertNotEqual(sequence_2, self.company._get_complaint_sequence())
        # the new company starts its own journal at 1
        self.assertEqual(self._number(b1), 1)
        # a number is unique within a company
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            a2._with_workflow_unlocked().write({"complaint_ref": a1.complaint_ref})

    def test_number_not_copied_nor_reused(self):
        complaint = self._registered_complaint()
        copy = complaint.copy()
        self.assertFalse(copy.complaint_ref)
        self.assertFalse(copy.complaint_registered_date)
        self.assertFalse(copy.complaint_deadline)
        self.assertEqual(copy.complaint_assessment, "pending")
        # a registered complaint stays in the journal: it cannot be deleted,
        # so its number can never be freed and given again
        with self.assertRaises(UserError):
            complaint.unlink()
        complaint.action_archive()
        copy.action_complaint_register()
        self.assertGreater(copy.complaint_ref, complaint.complaint_ref)

    def test_unregistered_complaint_can_be_deleted(self):
        complaint = self._new_complaint()
        complaint.unlink()
        self.assertFalse(complaint.exists())


@tagged("post_install", "-at_install")
class TestComplaintDeadline(ComplaintCase):
    def test_deadline_counts_working_days_over_a_weekend(self):
        # Friday 2026-03-06, 15:00 Brussels: 10 working days after that day
        # are Mon 9 .. Fri 13 and Mon 16 .. Fri 20 March.
        with freeze_time("2026-03-06 14:00:00"):
            complaint = self._registered_complaint()
        # end of Friday 20 March in Brussels (UTC+1)
        self.assertEqual(
            complaint.complaint_deadline, datetime(2026, 3, 20, 22, 59, 59)
        )

    def test_deadline_uses_category_days(self):
        self.category_quality.complaint_response_days = 1
        with freeze_time("2026-03-06 14:00:00"):  # a Friday
            complaint = self._registered_complaint()
        self.assertEqual(complaint.complaint_deadline.date().isoformat(), "2026-03-09")

    def test_deadline_skips_public_holidays(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 9, 0, 0),
                "date_to": datetime(2026, 3, 9, 23, 0),
            }
        )
        self.category_quality.complaint_response_days = 1
        with freeze_time("2026-03-06 14:00:00"):
            complaint = self._registered_complaint()
        self.assertEqual(complaint.complaint_deadline.date().isoformat(), "2026-03-10")

    def test_calendar_changes_reach_the_next_registration(self):
        """Working days are cached per calendar and day: a holiday or working
        hours changed since must count for the next complaint."""
        self.category_quality.complaint_response_days = 1

        def deadline_day():
            with freeze_time("2026-03-06 14:00:00"):  # a Friday
                complaint = self._registered_complaint()
            return complaint.complaint_deadline.date().isoformat()

        self.assertEqual(deadline_day(), "2026-03-09")
        holiday = self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 9, 0, 0),
                "date_to": datetime(2026, 3, 9, 23, 0),
            }
        )
        self.assertEqual(deadline_day(), "2026-03-10")
        holiday.date_from = datetime(2026, 3, 10, 0, 0)
        holiday.date_to = datetime(2026, 3, 10, 23, 0)
        self.assertEqual(deadline_day(), "2026-03-09")
        holiday.unlink()
        self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "0").unlink()
        self.assertEqual(deadline_day(), "2026-03-10")  # no more Mondays
        self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "1").write(
            {"dayofweek": "0"}
        )
        self.assertEqual(deadline_day(), "2026-03-09")  # Tuesdays moved to Monday

    def test_registered_on_saturday(self):
        self.category_quality.complaint_response_days = 2
        with freeze_time("2026-03-07 10:00:00"):  # Saturday
            complaint = self._registered_complaint()
        self.assertEqual(complaint.complaint_deadline.date().isoformat(), "2026-03-10")

    def test_overdue_is_searchable(self):
        self.category_quality.complaint_response_days = 1
        with freeze_time("2026-03-06 14:00:00"):
            late = self._registered_complaint()
            answered = self._registered_complaint()
        answered.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Confirmed by the shop.",
            }
        )
        self._send_response(answered)
        answered.stage_id = self.stage_done
        with freeze_time("2026-03-10 08:00:00"):
            self.assertTrue(late.complaint_overdue)
            self.assertEqual(late.complaint_deadline_state, "overdue")
            self.assertFalse(answered.complaint_overdue)
            overdue = self.env["helpdesk.ticket"].search(
                [("complaint_overdue", "=", True)]
            )
            self.assertIn(late, overdue)
            self.assertNotIn(answered, overdue)
            not_overdue = self.env["helpdesk.ticket"].search(
                [("complaint_overdue", "=", False)]
            )
            self.assertIn(answered, not_overdue)
            self.assertNotIn(late, not_overdue)
        with freeze_time("2026-03-09 12:00:00"):
            late.invalidate_recordset(["complaint_overdue", "complaint_deadline_state"])
            self.assertEqual(late.complaint_deadline_state, "at_risk")
            self.assertFalse(late.complaint_overdue)
