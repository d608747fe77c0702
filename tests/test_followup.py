from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestSatisfactionFollowup(ComplaintCase):
    def setUp(self):
        super().setUp()
        self.team.user_ids = [(4, self.user_agent.id)]
        with freeze_time("2026-03-02 09:00:00"):
            self.complaint = self._registered_complaint(
                team_id=self.team.id, user_id=self.user_agent.id
            )
            self.complaint.write(
                {
                    "complaint_assessment": "justified",
                    "complaint_assessment_note": "Confirmed.",
                }
            )
            self._send_response(self.complaint)
        with freeze_time("2026-03-03 10:00:00"):
            self.complaint.stage_id = self.stage_done

    def _run(self, when):
        with freeze_time(when), self.mock_mail_gateway():
            self.env["helpdesk.ticket"]._cron_complaint_satisfaction_followup()
        return self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)

    def test_sent_once_at_the_right_time_to_the_customer(self):
        self.assertFalse(self._run("2026-03-04 09:00:00"), "23 hours: too early")
        mail = self._run("2026-03-04 10:30:00")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(self.complaint.complaint_ref, mail.subject)
        rating = self.complaint.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertIn(f"/rate/{rating.access_token}/1", mail.body_html)
        self.assertTrue(self.complaint.complaint_followup_sent_date)
        self.assertFalse(self._run("2026-03-04 12:00:00"), "only once")

    def test_delay_is_configurable(self):
        self.company.complaint_followup_hours = 48
        self.assertFalse(self._run("2026-03-04 10:30:00"))
        self.assertTrue(self._run("2026-03-05 10:30:00"))

    def test_open_complaints_are_not_asked(self):
        other = self._registered_complaint()
        self._run("2026-03-10 10:30:00")
        self.assertFalse(other.complaint_followup_sent_date)

    def test_poor_rating_reopens_and_tells_the_agent(self):
        self._run("2026-03-04 10:30:00")
        token = self.complaint.rating_ids.access_token
        self.complaint.rating_apply(1, token=token, feedback="Nobody called me back.")
        self.assertFalse(self.complaint.closed, "the complaint is reopened")
        self.assertTrue(self.complaint.complaint_poor_rating)
        self.assertEqual(self.complaint.rating_last_value, 1)
        todo = self.complaint.activity_ids.filtered(
            lambda a: a.summary == "The customer is not satisfied"
        )
        self.assertEqual(todo.user_id, self.user_agent)
        self.assertIn("Nobody called me back.", str(todo.note))
        poor = self.env["helpdesk.ticket"].search(
            [("complaint_poor_rating", "=", True)]
        )
        self.assertIn(self.complaint, poor)

    def test_good_rating_changes_nothing(self):
        self._run("2026-03-04 10:30:00")
        token = self.complaint.rating_ids.access_token
        self.complaint.rating_apply(5, token=token)
        self.assertTrue(self.complaint.closed)
        self.assertFalse(self.complaint.complaint_poor_rating)
        self.assertEqual(self.complaint.rating_last_value, 5)
