"""The back-office screens open in a real browser (headless Chromium) without
a JavaScript error: the complaint form, the journal, the compensation queue."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestScreensOpen(HttpCase):
    def _open(self, path, selector):
        self.browser_js(
            path,
            "console.log('test successful')",
            ready=f"!!document.querySelector('{selector}')",
            login="admin",
            timeout=120,
        )

    def test_complaint_form(self):
        complaint = self.env.ref("complaint_management.complaint_demo_expired_goods")
        self._open(
            f"/odoo/action-complaint_management.action_complaint_all/{complaint.id}",
            ".o_form_view .o_field_widget[name=complaint_deadline_date]",
        )

    def test_journal_and_compensations(self):
        self._open(
            "/odoo/action-complaint_management.action_complaint_journal",
            ".o_list_view .o_data_row",
        )
        self._open(
            "/odoo/action-complaint_management.action_complaint_compensation",
            ".o_list_view .o_data_row",
        )

    def test_overview_and_analysis(self):
        self._open("/odoo/complaints", ".o_kanban_view .o_kanban_record button")
        self._open(
            "/odoo/action-complaint_management.action_complaint_analysis",
            ".o_graph_view canvas",
        )
