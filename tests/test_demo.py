"""Issue 21 item 17: the demo shows the compensation warning, the recourse
paragraph and the agents' languages (the test database carries the demo)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoShowsItsFeatures(TransactionCase):
    def setUp(self):
        super().setUp()
        if not self.env.ref(
            "complaint_management.complaint_demo_washing_machine", False
        ):
            self.skipTest("the database has no demo data")
        self.company = self.env.ref("base.main_company")

    def test_one_demo_customer_is_above_the_compensation_threshold(self):
        self.assertTrue(self.company.complaint_compensation_warning_amount)
        Partner = self.env["res.partner"].with_company(self.company)
        elena = Partner.browse(
            self.env.ref("complaint_management.partner_demo_elena").id
        )
        ivan = Partner.browse(self.env.ref("complaint_management.partner_demo_ivan").id)
        self.assertTrue(elena.complaint_compensation_warning)
        self.assertFalse(ivan.complaint_compensation_warning)

    def test_demo_letter_prints_the_recourse_paragraph(self):
        self.assertTrue(self.company.complaint_recourse_text)
        report = self.env.ref("complaint_management.action_report_complaint_response")
        # Margaret writes in English
        complaint = self.env.ref("complaint_management.complaint_demo_rude_cashier")
        html, _type = report._render_qweb_html(report, complaint.ids)
        self.assertIn("Consumer Ombudsman", html.decode())

    def test_demo_recourse_paragraph_in_the_customers_language(self):
        report = self.env.ref("complaint_management.action_report_complaint_response")
        for xmlid, text in (
            # Ivan writes in Russian, Elena in Bulgarian
            ("complaint_demo_expired_goods", "Омбудсмену по правам потребителей"),
            ("complaint_demo_washing_machine", "Омбудсмана на потребителите"),
        ):
            with self.subTest(complaint=xmlid):
                complaint = self.env.ref(f"complaint_management.{xmlid}")
                html = report._render_qweb_html(report, complaint.ids)[0].decode()
                self.assertIn(text, html)
                self.assertNotIn("Consumer Ombudsman", html)

    def test_demo_agents_have_languages_and_a_mismatch_shows(self):
        agent = self.env.ref("base.user_demo")
        admin = self.env.ref("base.user_admin")
        self.assertTrue(agent.complaint_lang_ids)
        self.assertIn("bg_BG", admin.complaint_lang_ids.mapped("code"))
        # Elena writes in Bulgarian to Marc Demo, who does not speak it
        complaint = self.env.ref("complaint_management.complaint_demo_washing_machine")
        self.assertEqual(complaint.user_id, agent)
        self.assertTrue(complaint.complaint_language_mismatch)
        self.assertTrue(admin._speaks(complaint.partner_id.lang))


@tagged("post_install", "-at_install")
class TestDemoShowsEachRegime(TransactionCase):
    """Issue 18: one demo complaint under each shipped regime, its clocks
    computed at registration."""

    def test_each_shipped_regime_has_a_demo_complaint_with_its_clocks(self):
        if not self.env.ref(
            "complaint_management.complaint_demo_washing_machine", False
        ):
            self.skipTest("the database has no demo data")
        shipped = self.env["ir.model.data"].search(
            [
                ("module", "=", "complaint_management"),
                ("model", "=", "complaint.regime"),
            ]
        )
        demo = self.env["ir.model.data"].search(
            [("module", "=", "complaint_management"), ("model", "=", "helpdesk.ticket")]
        )
        complaints = self.env["helpdesk.ticket"].browse(demo.mapped("res_id"))
        regimes = self.env["complaint.regime"].browse(shipped.mapped("res_id"))
        self.assertEqual(len(regimes), 7)
        for regime in regimes:
            under = complaints.filtered(
                lambda c, r=regime: c.complaint_regime_id == r and c.complaint_ref
            )
            self.assertTrue(under, f"a demo complaint under {regime.name}")
            for complaint in under:
                # every clock of the regime that applies, the governing one
                # the deadline the complaint shows
                expected = regime.clock_ids.filtered(
                    lambda c, t=complaint: c.kind != "remedy"
                    or c.demand == t.complaint_demand
                )
                self.assertEqual(
                    complaint.complaint_clock_ids.regime_clock_id, expected
                )
                governing = complaint._get_complaint_governing_clock()
                self.assertEqual(governing.due_date, complaint.complaint_deadline)
        # the Russian services complaint shows its penalty rule and price
        cleaning = self.env.ref("complaint_management.complaint_demo_dry_cleaning")
        self.assertTrue(cleaning.complaint_has_penalty)
        self.assertEqual(
            cleaning._get_complaint_remedy_clock().regime_clock_id,
            self.env.ref("complaint_management.complaint_regime_ru_services_refund"),
        )
