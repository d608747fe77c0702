from datetime import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestDeadlineWatch(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category_quality.complaint_response_days = 3
        cls.team_leader = new_test_user(
            cls.env,
            login="complaint_team_leader",
            name="Tina Leader",
            groups="complaint_management.group_complaint_user",
            company_id=cls.company.id,
        )
        cls.team.write(
            {
                "user_id": cls.team_leader.id,
                "user_ids": [(4, cls.user_agent.id), (4, cls.team_leader.id)],
            }
        )
        group = cls.env.ref("complaint_management.group_complaint_manager")
        group.users = cls.user_manager

    def _complaint(self, **values):
        # registered on Monday 2 March 2026: deadline end of Thursday 5 March
        with freeze_time("2026-03-02 09:00:00"):
            return self._registered_complaint(
                team_id=self.team.id, user_id=self.user_agent.id, **values
            )

    def _run(self, when, cron):
        with freeze_time(when):
            getattr(self.env["helpdesk.ticket"], cron)()

    def _activities(self, complaint, summary):
        return complaint.activity_ids.filtered(lambda a: a.summary == summary)

    def test_reminder_once_a_working_day_before(self):
        complaint = self._complaint()
        self.assertEqual(complaint.complaint_deadline.date().isoformat(), "2026-03-05")
        # the reminder is due at the start of Wednesday 4 March (Brussels)
        self.assertEqual(complaint.complaint_reminder_date, datetime(2026, 3, 3, 23, 0))
        self._run("2026-03-03 12:00:00", "_cron_complaint_deadline_reminder")
        self.assertFalse(self._activities(complaint, "Complaint deadline is near"))
        self._run("2026-03-04 08:00:00", "_cron_complaint_deadline_reminder")
        reminder = self._activities(complaint, "Complaint deadline is near")
        self.assertEqual(reminder.user_id, self.user_agent)
        self.assertTrue(complaint.complaint_reminder_sent)
        self._run("2026-03-04 09:00:00", "_cron_complaint_deadline_reminder")
        self.assertEqual(
            self._activities(complaint, "Complaint deadline is near"), reminder
        )

    def test_reminder_lead_time_is_configurable(self):
        self.company.complaint_reminder_days = 2
        complaint = self._complaint()
        self.assertEqual(complaint.complaint_reminder_date, datetime(2026, 3, 2, 23, 0))

    def test_escalation_once_when_overdue(self):
        complaint = self._complaint()
        self._run("2026-03-05 20:00:00", "_cron_complaint_escalate_overdue")
        self.assertFalse(complaint.complaint_escalated, "not yet overdue")
        self._run("2026-03-06 08:00:00", "_cron_complaint_escalate_overdue")
        self.assertTrue(complaint.complaint_escalated)
        escalation = self._activities(complaint, "Overdue complaint escalated")
        self.assertEqual(escalation.user_id, self.team_leader)
        notes = complaint.message_ids.filtered(lambda m: "escalated to" in str(m.body))
        self.assertEqual(len(notes), 1)
        self._run("2026-03-06 09:00:00", "_cron_complaint_escalate_overdue")
        self.assertEqual(
            self._activities(complaint, "Overdue complaint escalated"), escalation
        )
        self.assertEqual(
            len(
                complaint.message_ids.filtered(lambda m: "escalated to" in str(m.body))
            ),
            1,
        )
        escalated = self.env["helpdesk.ticket"].search(
            [("complaint_escalated", "=", True)]
        )
        self.assertIn(complaint, escalated)

    def test_escalation_to_managers_without_team_leader(self):
        complaint = self._complaint()
        self.team.user_id = False
        self._run("2026-03-06 08:00:00", "_cron_complaint_escalate_overdue")
        escalation = self._activities(complaint, "Overdue complaint escalated")
        self.assertEqual(escalation.user_id, self.user_manager)

    def test_escalation_can_be_switched_off(self):
        self.company.complaint_escalation_enabled = False
        complaint = self._complaint()
        self._run("2026-03-06 08:00:00", "_cron_complaint_escalate_overdue")
        self.assertFalse(complaint.complaint_escalated)

    def test_closed_and_other_company_complaints_untouched(self):
        closed = self._complaint()
        closed.write(
            {
                "complaint_close_reason": "withdrawn",
                "complaint_close_note": "Withdrawn after our apology.",
                "stage_id": self.stage_done.id,
            }
        )
        team_2 = self.env["helpdesk.ticket.team"].create(
            {
                "name": "C2 desk",
                "is_complaint_team": True,
                "company_id": self.company_2.id,
            }
        )
        self.company_2.complaint_escalation_enabled = False
        with freeze_time("2026-03-02 09:00:00"):
            other = self._registered_complaint(
                company_id=self.company_2.id, team_id=team_2.id
            )
        self._run("2026-03-20 08:00:00", "_cron_complaint_deadline_reminder")
        self._run("2026-03-20 08:00:00", "_cron_complaint_escalate_overdue")
        for complaint in (closed, other):
            self.assertFalse(complaint.complaint_escalated)
            self.assertFalse(complaint.complaint_reminder_sent)
            self.assertFalse(complaint.activity_ids)

    def test_an_overdue_complaint_gets_no_late_reminder(self):
        complaint = self._complaint()
        self._run("2026-03-09 08:00:00", "_cron_complaint_deadline_reminder")
        self.assertFalse(self._activities(complaint, "Complaint deadline is near"))
