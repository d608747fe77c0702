"""Settled at first contact: an agent closes a complaint resolved with the
customer, within their own limit, without the manager-signed letter."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestFirstContact(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.approval.limit"].create(
            {"user_id": cls.user_agent.id, "amount": 100, "company_id": cls.company.id}
        )
        cls.team.user_ids = cls.user_agent
        cls.fcr_subtype = cls.env.ref("complaint_management.mt_complaint_first_contact")

    def _complaint_with_remedy(self, amount=40):
        complaint = self._registered_complaint(
            team_id=self.team.id, user_id=self.user_agent.id
        )
        remedy = self.env["complaint.compensation"].create(
            {
                "ticket_id": complaint.id,
                "compensation_type": "free_service",
                "amount": amount,
                "description": "A free cleaning.",
            }
        )
        return complaint, remedy

    def _wizard(self, complaint):
        form = Form(
            self.env["complaint.first.contact.wizard"]
            .with_user(self.user_agent)
            .with_context(default_ticket_id=complaint.id)
        )
        form.agreement = "phone"
        form.resolution = "A free cleaning next week, and our apologies."
        return form.save()

    def test_within_limit_closes_with_a_confirmation(self):
        complaint, remedy = self._complaint_with_remedy()
        wizard = self._wizard(complaint)
        self.assertFalse(wizard.refusal)
        with self.mock_mail_gateway():
            wizard.action_resolve()
        self.assertEqual(complaint.complaint_state, "closed")
        self.assertTrue(complaint.stage_id.closed)
        self.assertTrue(complaint.complaint_fcr_date)
        self.assertEqual(complaint.complaint_fcr_by_id, self.user_agent)
        self.assertEqual(complaint.complaint_fcr_agreement, "phone")
        self.assertEqual(complaint.complaint_assessment, "justified")
        # no manager signed, no letter went out
        self.assertFalse(complaint.complaint_response_signed_by_id)
        self.assertFalse(complaint.complaint_response_sent_date)
        # the remedy: approved within the agent's own limit, accepted
        self.assertEqual(remedy.state, "accepted")
        self.assertEqual(remedy.approver_id, self.user_agent)
        self.assertIn("phone", remedy.customer_comment.lower())
        # the customer's short written confirmation
        confirmation = complaint.message_ids.filtered(
            lambda m: m.subtype_id == self.fcr_subtype
        )
        self.assertEqual(len(confirmation), 1)
        self.assertIn("A free cleaning next week", confirmation.body)
        mail = self._new_mails.filtered(lambda m: m.recipient_ids == self.customer)
        self.assertEqual(len(mail), 1)
        self.assertIn(complaint.complaint_ref, mail.subject)

    def test_stamps_only_through_the_action(self):
        complaint, _remedy = self._complaint_with_remedy()
        with self.assertRaises(UserError):
            complaint.with_user(self.user_agent).write(
                {"complaint_fcr_date": "2026-03-02 10:00:00"}
            )
        with self.assertRaises(UserError):
            complaint.with_user(self.user_agent).write(
                {"complaint_fcr_agreement": "phone"}
            )

    def test_above_own_limit_refused(self):
        complaint, remedy = self._complaint_with_remedy(amount=500)
        self.assertIn("above your own approval limit", self._wizard(complaint).refusal)
        with self.assertRaisesRegex(UserError, "above your own approval limit"):
            complaint.with_user(self.user_agent)._complaint_resolve_first_contact(
                "phone", "A full refund.", "justified"
            )
        self.assertEqual(complaint.complaint_state, "registered")
        self.assertEqual(remedy.state, "draft")

    def test_no_agreement_recorded_refused(self):
        complaint, _remedy = self._complaint_with_remedy()
        for agreement in (False, "telepathy"):
            with self.assertRaisesRegex(UserError, "how the customer agreed"):
                complaint.with_user(self.user_agent)._complaint_resolve_first_contact(
                    agreement, "Agreed.", "justified"
                )
        self.assertFalse(complaint.complaint_fcr_date)

    def test_not_first_contact_refused(self):
        signed, _remedy = self._complaint_with_remedy()
        signed.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Past its date.",
                "complaint_response": "<p>Our answer.</p>",
            }
        )
        signed.with_user(self.user_manager).action_complaint_sign_response()
        with self.assertRaisesRegex(UserError, "signed letter"):
            signed.with_user(self.user_agent)._complaint_resolve_first_contact(
                "counter", "Agreed.", "justified"
            )
        offered, remedy = self._complaint_with_remedy()
        remedy.with_user(self.user_agent).action_submit()
        remedy.with_user(self.user_agent).action_offer()
        with self.assertRaisesRegex(UserError, "already mailed"):
            offered.with_user(self.user_agent)._complaint_resolve_first_contact(
                "chat", "Agreed.", "justified"
            )

    def test_rate_in_summary_and_overview(self):
        complaint, _remedy = self._complaint_with_remedy()
        self._wizard(complaint).action_resolve()
        self._complaint_with_remedy()
        summary = (
            self.env["complaint.report.wizard"]
            .create(
                {
                    "company_id": self.company.id,
                    "category_ids": self.category_quality.ids,
                }
            )
            ._get_summary_data()
        )
        self.assertEqual((summary["fcr"], summary["total"]), (1, 2))
        self.assertEqual(summary["fcr_share"], 50.0)
        self.assertEqual(self.category_quality.complaint_fcr_share, 50.0)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "complaint_management.action_report_complaint_summary",
            self.env["complaint.report.wizard"]
            .create({"company_id": self.company.id})
            .ids,
        )[0]
        self.assertIn(b"Resolved at first contact", html)


@tagged("post_install", "-at_install")
class TestPracticeDemo(ComplaintCase):
    def test_demo_shows_each(self):
        wrong_price = self.env.ref("complaint_management.complaint_demo_wrong_price")
        self.assertEqual(wrong_price.complaint_state, "closed")
        self.assertEqual(wrong_price.complaint_fcr_agreement, "counter")
        self.assertFalse(wrong_price.complaint_response_sent_date)
        rude = self.env.ref("complaint_management.complaint_demo_rude_cashier")
        self.assertEqual(
            rude.complaint_employee_id,
            self.env.ref("complaint_management.user_demo_cashier"),
        )
        self.assertEqual(
            sorted(rude.complaint_statement_ids.mapped("role")),
            ["employee", "receiver", "witness"],
        )
        self.assertTrue(
            self.env.ref(
                "complaint_management.compensation_demo_wm7_replacement"
            ).promised_date
        )
