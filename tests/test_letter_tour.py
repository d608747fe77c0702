"""In a real browser, on the demo data: the manager writes the letter's texts
for the customer, previews the exact letter (which shows them and not the
internal note) and signs it. The preview keeps no letter on the complaint.
The tour lives in
complaint_management/static/tests/tours/manager_letter_preview_tour.js."""

from odoo.tests import HttpCase, tagged

from .test_tours import TOUR_TIMEOUT

SUMMARY = "You told us that the oven door cracked the first time you used it."
FINDINGS = "Our technician found a crack caused by a faulty hinge."
NOTE = "The warehouse dropped the pallet."


@tagged("post_install", "-at_install")
class TestLetterPreviewTour(HttpCase):
    def test_manager_previews_the_letter_then_signs(self):
        manager = self.env.ref("base.user_admin")
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Tour: oven door cracked",
                "description": "<p>Customer phoned, she was upset.</p>",
                "partner_id": self.env.ref(
                    "complaint_management.partner_demo_margaret"
                ).id,
                "team_id": self.env.ref(
                    "complaint_management.helpdesk_team_complaints"
                ).id,
                "category_id": self.env.ref(
                    "complaint_management.category_complaint_quality_defect"
                ).id,
            }
        )
        complaint.action_complaint_register()
        complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": NOTE,
                "complaint_response": "<p>We replace the oven.</p>",
            }
        )
        self.start_tour(
            f"/odoo/helpdesk.ticket/{complaint.id}",
            "complaint_management_letter_preview",
            login=manager.login,
            timeout=TOUR_TIMEOUT,
        )
        self.assertRecordValues(
            complaint,
            [
                {
                    "complaint_customer_summary": SUMMARY,
                    "complaint_customer_findings": FINDINGS,
                    "complaint_response_signed_by_id": manager.id,
                    "complaint_state": "response_signed",
                }
            ],
        )
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", complaint.id)]
            ),
            "a preview keeps no letter on the complaint",
        )
