from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintRules(ComplaintCase):
    def setUp(self):
        super().setUp()
        self.complaint = self._registered_complaint().with_user(self.user_agent)
        # tracking starts once the creating transaction step is flushed
        self.flush_tracking()

    def _write_in_savepoint(self, vals):
        """Write as an RPC call would: a refused write leaves nothing behind."""
        try:
            with self.cr.savepoint():
                self.complaint.write(vals)
                self.env.flush_all()
        finally:
            self.env.invalidate_all()

    # -- closing -------------------------------------------------------

    def test_pending_complaint_cannot_be_closed(self):
        with self.assertRaisesRegex(ValidationError, "assessment is pending"):
            self._write_in_savepoint({"stage_id": self.stage_done.id})
        self.assertFalse(self.complaint.closed)

    def test_assessed_complaint_can_be_closed(self):
        self.complaint.write(
            {
                "complaint_assessment": "unjustified",
                "complaint_assessment_note": "The date shown was the earliest slot.",
                "complaint_fault": "none",
            }
        )
        self._send_response(self.complaint)
        self.complaint.write({"stage_id": self.stage_done.id})
        self.assertTrue(self.complaint.closed)

    def test_withdrawn_complaint_can_be_closed_with_a_note(self):
        self.complaint.write(
            {
                "complaint_close_reason": "withdrawn",
                "complaint_close_note": "Withdrawn after our apology on the phone.",
                "stage_id": self.stage_done.id,
            }
        )
        self.assertTrue(self.complaint.closed)
        self.assertEqual(self.complaint.complaint_assessment, "pending")

    def test_withdrawal_needs_a_note(self):
        with self.assertRaisesRegex(ValidationError, "closing note"):
            self.complaint.write(
                {"complaint_close_reason": "withdrawn", "stage_id": self.stage_done.id}
            )
        with self.assertRaisesRegex(ValidationError, "closing note"):
            self.complaint.write(
                {"complaint_close_reason": "duplicate", "complaint_close_note": "  "}
            )

    def test_duplicate_wizard_records_the_duplicate(self):
        original = self._registered_complaint(name="First report")
        self.env.company.helpdesk_mgmt_duplicate_tracking = True
        wizard = (
            self.env["helpdesk.ticket.duplicate.wizard"]
            .with_user(self.user_agent)
            .create(
                {
                    "ticket_id": self.complaint.id,
                    "duplicate_of_id": original.id,
                    "target_stage_id": self.stage_done.id,
                }
            )
        )
        wizard.action_confirm()
        self.assertTrue(self.complaint.closed)
        self.assertEqual(self.complaint.complaint_close_reason, "duplicate")
        # the original is named by its journal number
        self.assertIn(original.complaint_ref, self.complaint.complaint_close_note)

    def test_complaint_cannot_be_created_closed_and_pending(self):
        with self.assertRaisesRegex(ValidationError, "assessment is pending"):
            self._new_complaint(stage_id=self.stage_done.id)

    def test_plain_ticket_closes_freely(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "How do I descale?",
                "description": "<p>Question</p>",
                "category_id": self.category_support.id,
            }
        )
        self.assertFalse(ticket.is_complaint)
        ticket.with_user(self.user_agent).write({"stage_id": self.stage_done.id})
        self.assertTrue(ticket.closed)

    # -- assessment ----------------------------------------------------

    def test_assessment_needs_a_note(self):
        for assessment in ("justified", "partially_justified", "unjustified"):
            with self.assertRaisesRegex(ValidationError, "assessment note"):
                self._write_in_savepoint({"complaint_assessment": assessment})
        self.assertEqual(self.complaint.complaint_assessment, "pending")

    def test_assessment_records_who_and_when(self):
        self.complaint.with_context(mail_notrack=False).write(
            {
                "complaint_assessment": "partially_justified",
                "complaint_assessment_note": "The queue was long; nobody was rude.",
                "complaint_fault": "company",
                "complaint_root_cause": "One desk open on Saturdays.",
            }
        )
        self.flush_tracking()
        self.assertEqual(self.complaint.complaint_assessed_by_id, self.user_agent)
        self.assertTrue(self.complaint.complaint_assessed_date)
        tracked = self.complaint.sudo().message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "complaint_assessment"
        )
        self.assertEqual(tracked.new_value_char, "Partly justified")
        self.complaint.write({"complaint_assessment": "pending"})
        self.assertFalse(self.complaint.complaint_assessed_by_id)

    def test_assessment_in_the_form(self):
        with Form(self.complaint) as form:
            form.complaint_assessment = "justified"
            form.complaint_assessment_note = "Receipt and photo confirm it."
            form.complaint_fault = "supplier"
        self.assertEqual(self.complaint.complaint_assessment, "justified")

    # -- the journal cannot be rewritten -------------------------------

    def test_journal_fields_cannot_be_edited(self):
        for vals in (
            {"complaint_ref": "CMP/1999/00001"},
            {"complaint_registered_date": "2020-01-01 00:00:00"},
            {"complaint_ref": False},
        ):
            with self.assertRaisesRegex(UserError, "never written directly"):
                self.complaint.write(vals)
        with self.assertRaisesRegex(UserError, "never written directly"):
            self._new_complaint(complaint_ref="CMP/1999/00002")

    def test_registered_complaint_stays_a_complaint(self):
        with self.assertRaisesRegex(ValidationError, "stays a complaint"):
            self.complaint.write({"is_complaint": False})

    # -- registration --------------------------------------------------

    def test_registration_needs_an_identified_customer(self):
        anonymous = self._new_complaint(partner_id=False)
        with self.assertRaisesRegex(UserError, "identified customer"):
            anonymous.with_user(self.user_agent).action_complaint_register()
        no_contact = self.env["res.partner"].create({"name": "Walk-in customer"})
        anonymous.partner_id = no_contact
        with self.assertRaisesRegex(UserError, "identified customer"):
            anonymous.with_user(self.user_agent).action_complaint_register()
        no_contact.phone = "+32 2 555 01 01"
        anonymous.with_user(self.user_agent).action_complaint_register()
        self.assertTrue(anonymous.complaint_ref)

    def test_only_complaints_are_registered(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "How do I descale?",
                "description": "<p>Question</p>",
                "category_id": self.category_support.id,
                "partner_id": self.customer.id,
            }
        )
        with self.assertRaisesRegex(UserError, "not a complaint"):
            ticket.with_user(self.user_agent).action_complaint_register()
        ticket.with_user(self.user_agent).action_complaint_mark()
        ticket.with_user(self.user_agent).action_complaint_register()
        self.assertTrue(ticket.complaint_ref)

    def test_complaint_kind_comes_from_category_tree(self):
        child = self.env["helpdesk.ticket.category"].create(
            {"name": "Sour milk", "parent_id": self.category_quality.id}
        )
        self.assertEqual(child.complaint_kind, "quality")
        complaint = self._new_complaint(category_id=child.id)
        self.assertTrue(complaint.is_complaint)
        self.assertEqual(complaint.complaint_kind, "quality")
        with self.assertRaisesRegex(ValidationError, "at least one working day"):
            child.complaint_response_days = 0

    def test_agent_created_complaint_waits_for_the_button(self):
        complaint = self._new_complaint()
        self.assertTrue(complaint.is_complaint)
        self.assertFalse(complaint.complaint_ref)
