"""Query budgets: what a complaint costs must not grow with the data."""

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import queries_of
from .test_compensation import CompensationCase

JOURNAL_FIELDS = {
    "complaint_ref": {},
    "complaint_registered_date": {},
    "channel_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "name": {},
    "category_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
    "complaint_deadline": {},
    "complaint_assessment": {},
    "stage_id": {"fields": {"display_name": {}}},
    "complaint_overdue": {},
    "closed": {},
}

FORM_FIELDS = {
    "complaint_ref": {},
    "complaint_deadline_state": {},
    "customer_complaint_count": {},
    "customer_compensation_total": {},
    "customer_compensation_warning": {},
    "complaint_language_mismatch": {},
    "corrective_action_count": {},
    "compensation_ids": {
        "fields": {
            "compensation_type": {},
            "amount": {},
            "state": {},
            "can_approve": {},
            "approver_id": {"fields": {"display_name": {}}},
        }
    },
}


@tagged("post_install", "-at_install")
class TestQueryBudgets(CompensationCase):
    def _count(self, func, warm_up=True):
        """Queries ``func`` makes with caches warm, as in a running server."""
        if warm_up:
            func()
        return self._count_queries(func)

    def test_list_read_does_not_grow_with_rows(self):
        complaints = self.env["helpdesk.ticket"].concat(
            *(self._registered_complaint() for _i in range(40))
        )
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_agent)

        def read(limit):
            return lambda: Ticket.web_search_read(
                [("id", "in", complaints.ids)], JOURNAL_FIELDS, limit=limit
            )

        self._count(read(5))  # settle Odoo's caches (access rules, groups)
        self.assertEqual(self._count(read(40)), self._count(read(5)))

    def test_journal_count_reads_the_complaints_index(self):
        """The count the journal's pager makes (Odoo's list counts up to
        10,001 rows) is answered by the complaints' own index, not by the
        table nor an index of every ticket."""
        self._registered_complaint()
        Ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.user_agent)
            .with_context(active_test=False)
        )
        self.env.flush_all()
        _count, queries = queries_of(
            lambda: Ticket.search_count([("complaint_ref", "!=", False)], limit=10001)
        )
        counts = [query for query in queries if "COUNT(*)" in str(query)]
        self.assertEqual(len(counts), 1, queries)
        # a test database holds a few tickets, which PostgreSQL reads whole
        # rather than through any index: asked to use one, it must find ours
        self.cr.execute("SET enable_seqscan = off; SET enable_bitmapscan = off")
        self.addCleanup(
            self.cr.execute, "RESET enable_seqscan; RESET enable_bitmapscan"
        )
        self.cr.execute(SQL("EXPLAIN %s", counts[0]))
        plan = "\n".join(row[0] for row in self.cr.fetchall())
        self.assertIn(
            "Index Only Scan using helpdesk_ticket_complaint_journal_index", plan
        )

    def test_form_read_does_not_grow_with_compensations(self):
        def form_read():
            return self.complaint.with_user(self.user_agent).web_read(FORM_FIELDS)

        # waiting for approval: each line computes whether the user may approve
        self._compensation(500).action_submit()
        self._count(form_read)  # settle Odoo's caches (access rules, groups)
        one = self._count(form_read)
        for amount in (600, 700, 800, 900):
            self._compensation(amount).action_submit()
        self._count(form_read)
        self.assertLessEqual(self._count(form_read), one)

    def test_deadline_crons_do_not_grow_with_volume(self):
        self.category_quality.complaint_response_days = 3

        def complaints(count, registered="2026-03-02 09:00:00"):
            with freeze_time(registered):
                return self.env["helpdesk.ticket"].concat(
                    *(self._registered_complaint() for _i in range(count))
                )

        def run(cron):
            with freeze_time("2026-03-04 08:00:00"):
                getattr(self.env["helpdesk.ticket"], cron)()

        # settle the caches with a run that reminds one complaint
        complaints(1, registered="2026-02-25 09:00:00")
        with freeze_time("2026-02-27 08:00:00"):
            self.env["helpdesk.ticket"]._cron_complaint_deadline_reminder()
        due = complaints(3)
        cost_small = self._count(
            lambda: run("_cron_complaint_deadline_reminder"), warm_up=False
        )
        self.assertTrue(all(due.mapped("complaint_reminder_sent")))
        due |= complaints(3)
        not_due = complaints(30, registered="2026-03-20 09:00:00")
        cost_large = self._count(
            lambda: run("_cron_complaint_deadline_reminder"), warm_up=False
        )
        self.assertEqual(cost_small, cost_large)
        self.assertFalse(any(not_due.mapped("complaint_reminder_sent")))

    def test_registering_costs_at_most_ten_queries_more_than_a_plain_ticket(self):
        """The benchmark's intake target, per complaint in a batch: a complaint
        registered and acknowledged, against a plain ticket whose customer is
        told the same by a message."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_agent)
        customers = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com"} for i in range(8)]
        )

        def ticket(customer, category):
            return Ticket.create(
                {
                    "name": "Broken kettle",
                    "description": "<p>It stopped on day two.</p>",
                    "category_id": category.id,
                    "partner_id": customer.id,
                }
            )

        def complaint(customer):
            ticket(customer, self.category_quality).action_complaint_register()

        def plain_ticket(customer):
            ticket(customer, self.category_support).message_post(
                body="<p>Your complaint has been registered.</p>",
                partner_ids=customer.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

        def cost_per_ticket(make, batch):
            self.env.flush_all()
            before = self.cr.sql_log_count
            for customer in batch:
                make(customer)
            self.env.flush_all()
            return (self.cr.sql_log_count - before) / len(batch)

        # settle Odoo's caches (templates, rules, sequences) for both paths
        complaint(customers[0])
        plain_ticket(customers[1])
        ours = cost_per_ticket(complaint, customers[2:5])
        peer = cost_per_ticket(plain_ticket, customers[5:8])
        self.assertLessEqual(ours - peer, 10)
