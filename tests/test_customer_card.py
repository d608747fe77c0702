from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .test_compensation import CompensationCase


@tagged("post_install", "-at_install")
class TestCustomerCard(CompensationCase):
    def _granted(self, amount, **values):
        compensation = self._compensation(amount, **values)
        compensation.action_submit()
        if compensation.state == "to_approve":
            compensation.with_user(self.user_senior).action_approve()
        compensation.action_offer()
        compensation.action_accept()
        return compensation

    def test_figures(self):
        customer = self.customer
        self.assertEqual(customer.complaint_count, 1)
        self.assertEqual(customer.complaint_justified_share, 0.0)
        justified = self._registered_complaint()
        justified.write(
            {"complaint_assessment": "justified", "complaint_assessment_note": "Yes."}
        )
        unjustified = self._registered_complaint()
        unjustified.write(
            {"complaint_assessment": "unjustified", "complaint_assessment_note": "No."}
        )
        self._granted(80)
        done = self._granted(40)
        done.action_done()
        self._granted(60, currency_id=self.foreign.id)  # 60 foreign = 30
        self._offered(500)  # offered, not granted
        customer.invalidate_recordset()
        self.assertEqual(customer.complaint_count, 3)
        self.assertAlmostEqual(customer.complaint_justified_share, 50.0)
        self.assertAlmostEqual(customer.complaint_compensation_total, 150.0)
        self.assertAlmostEqual(customer.complaint_compensation_recent, 150.0)
        self.assertEqual(customer.complaint_last_date, unjustified.create_date)
        # a contact of the customer shows its commercial entity's figures
        contact = self.env["res.partner"].create(
            {"name": "Colleague", "parent_id": customer.id}
        )
        self.assertEqual(contact.complaint_count, 3)
        company = self.env["res.partner"].create({"name": "Carla's Bakery Ltd"})
        customer.parent_id = company
        (company | contact).invalidate_recordset()
        self.assertEqual(company.complaint_count, 3)
        self.assertEqual(contact.complaint_count, 3)

    def test_compensation_warning_over_twelve_months(self):
        self.company.complaint_compensation_warning_amount = 100
        with freeze_time(fields.Datetime.now() - timedelta(days=400)):
            self._granted(90)
        self._granted(50)
        self.customer.invalidate_recordset()
        self.assertAlmostEqual(self.customer.complaint_compensation_total, 140)
        self.assertAlmostEqual(self.customer.complaint_compensation_recent, 50)
        self.assertFalse(self.customer.complaint_compensation_warning)
        self._granted(60)
        self.customer.invalidate_recordset()
        self.complaint.invalidate_recordset()
        self.assertTrue(self.customer.complaint_compensation_warning)
        self.assertTrue(self.complaint.customer_compensation_warning)
        self.assertEqual(self.complaint.customer_complaint_count, 1)
        self.company.complaint_compensation_warning_amount = 0
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.complaint_compensation_warning)

    def test_card_lists_the_latest_ten_the_agent_may_read(self):
        complaints = self.complaint.concat(
            self.complaint, *(self._registered_complaint() for _i in range(11))
        )
        compensations = self.env["complaint.compensation"].concat(
            *(self._compensation(5 + i) for i in range(12))
        )
        company_2 = self.env["res.company"].create({"name": "Other Shop"})
        team_2 = self.env["helpdesk.ticket.team"].create(
            {
                "name": "Complaints C2",
                "is_complaint_team": True,
                "company_id": company_2.id,
            }
        )
        elsewhere = self._registered_complaint(
            company_id=company_2.id, team_id=team_2.id
        )
        card = self.customer.with_user(self.user_agent)
        self.assertEqual(card.complaint_count, 12)
        self.assertEqual(
            card.complaint_latest_ids, complaints.sorted("id", reverse=True)[:10]
        )
        self.assertNotIn(elsewhere, card.complaint_latest_ids)
        self.assertEqual(
            card.complaint_compensation_latest_ids,
            compensations.sorted("id", reverse=True)[:10],
        )
        # a contact of the customer shows its commercial entity's list
        contact = self.env["res.partner"].create(
            {"name": "Colleague", "parent_id": self.customer.id}
        )
        self.assertEqual(
            contact.with_user(self.user_agent).complaint_latest_ids,
            card.complaint_latest_ids,
        )
        self.assertFalse(
            self.env["res.partner"].create({"name": "Nobody"}).complaint_latest_ids
        )

    def test_latest_lists_cost_the_same_for_one_and_fifty_partners(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com"} for i in range(50)]
        )
        for partner in partners[:10]:
            self._registered_complaint(partner_id=partner.id)

        def cost(records):
            return self._count_queries(lambda: records.mapped("complaint_latest_ids"))

        self.assertEqual(cost(partners[:1]), cost(partners))

    def _queries_for(self, partners):
        partners.invalidate_recordset()
        self.env.flush_all()
        before = self.cr.sql_log_count
        for partner in partners:
            partner.complaint_compensation_warning  # noqa: B018
        return self.cr.sql_log_count - before

    def test_query_count_does_not_grow_with_partners(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com"} for i in range(50)]
        )
        for partner in partners[:10]:
            self._registered_complaint(partner_id=partner.id)
        self._granted(20)
        one = self._queries_for(partners[:1])
        fifty = self._queries_for(partners)
        self.assertEqual(one, fifty)
        self.assertLessEqual(fifty, 6)
