"""The complaint settings on the Helpdesk settings screen."""

from lxml import etree

from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintSettings(ComplaintCase):
    def _complaint_settings(self):
        return sorted(
            name
            for name, field in self.env["res.config.settings"]._fields.items()
            if name.startswith("complaint_") and field._module == "complaint_management"
        )

    def test_every_complaint_setting_is_on_the_screen(self):
        settings = self._complaint_settings()
        self.assertIn("complaint_four_eyes_amount", settings)
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        shown = {node.get("name") for node in etree.fromstring(arch).iter("field")}
        self.assertEqual(sorted(set(settings) - shown), [], "missing from the screen")

    def test_settings_are_saved_to_the_company(self):
        form = Form(self.env["res.config.settings"])
        form.complaint_four_eyes_amount = 5000
        form.complaint_flood_limit = 3
        form.complaint_flood_minutes = 15
        form.complaint_journal_no_gap = True
        form.save().execute()
        company = self.env.company
        self.assertEqual(company.complaint_four_eyes_amount, 5000)
        self.assertEqual(company.complaint_flood_limit, 3)
        self.assertEqual(company.complaint_flood_minutes, 15)
        self.assertTrue(company.complaint_journal_no_gap)
        self.assertEqual(company._get_complaint_sequence().implementation, "no_gap")
