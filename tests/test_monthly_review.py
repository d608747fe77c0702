"""Promised remedy dates watched, and the managers' monthly review."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase

NEAR = "complaint_management.mail_activity_compensation_promise_near"
MISSED = "complaint_management.mail_activity_compensation_promise_missed"


@tagged("post_install", "-at_install")
class TestPromisedDates(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.approval.limit"].create(
            {"user_id": cls.user_agent.id, "amount": 100, "company_id": cls.company.id}
        )
        cls.team.write({"user_ids": [(6, 0, cls.user_agent.ids)], "user_id": False})
        cls.env.ref(
            "complaint_management.group_complaint_manager"
        ).users = cls.user_manager

    def _accepted_remedy(self):
        complaint = self._registered_complaint(
            team_id=self.team.id, user_id=self.user_agent.id
        )
        remedy = (
            self.env["complaint.compensation"]
            .with_user(self.user_agent)
            .create(
                {
                    "ticket_id": complaint.id,
                    "compensation_type": "repair",
                    "amount": 60,
                    "description": "We repair the chair.",
                    "promised_date": "2026-03-10",
                }
            )
        )
        remedy.action_submit()
        with self.mock_mail_gateway():
            remedy.action_offer()
        remedy.action_accept()
        return remedy

    def _watch(self, when):
        with freeze_time(when):
            self.env["complaint.compensation"]._cron_compensation_promised_dates()

    def test_offer_states_the_date(self):
        complaint = self._registered_complaint()
        remedy = self.env["complaint.compensation"].create(
            {
                "ticket_id": complaint.id,
                "compensation_type": "repair",
                "amount": 10,
                "promised_date": "2026-03-10",
            }
        )
        body = self.env.ref(
            "complaint_management.mail_template_compensation_offer"
        )._render_field("body_html", remedy.ids)[remedy.id]
        self.assertIn("We will deliver it by", body)
        self.assertIn("03/10/2026", body)

    def test_reminded_then_escalated_once(self):
        remedy = self._accepted_remedy()
        self._watch("2026-03-08 09:00:00")
        # the To-Do to deliver it, nothing of the watch's yet
        self.assertEqual(
            remedy.activity_ids.activity_type_id,
            self.env.ref("mail.mail_activity_data_todo"),
        )
        self._watch("2026-03-09 09:00:00")
        self._watch("2026-03-09 10:00:00")
        near = remedy.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(NEAR)
        )
        self.assertEqual(len(near), 1)
        self.assertEqual(near.user_id, self.user_agent)
        self._watch("2026-03-11 09:00:00")
        self._watch("2026-03-12 09:00:00")
        missed = remedy.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(MISSED)
        )
        self.assertEqual(len(missed), 1)
        # no team leader: the complaint managers
        self.assertEqual(missed.user_id, self.user_manager)
        self.assertTrue(
            remedy.ticket_id.message_ids.filtered(
                lambda m: "is not delivered" in (m.body or "")
            )
        )
        # delivered: the watch's activities are done
        remedy.action_done()
        self.assertFalse(
            remedy.activity_ids.filtered(
                lambda a: a.activity_type_id
                in self.env.ref(NEAR) | self.env.ref(MISSED)
            )
        )

    def test_delivered_in_time_not_escalated(self):
        remedy = self._accepted_remedy()
        remedy.action_done()
        self._watch("2026-03-12 09:00:00")
        self.assertFalse(remedy.promise_escalated)


@tagged("post_install", "-at_install")
class TestMonthlyReview(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.ref(
            "complaint_management.group_complaint_manager"
        ).users = cls.user_manager
        cls.other_company = cls.env["res.company"].create({"name": "Review Elsewhere"})
        # February 2026: three complaints, one resolved at first contact
        with freeze_time("2026-02-10 09:00:00"):
            first = cls._review_complaint()
            cls._review_complaint()
            cls._review_complaint()
        with freeze_time("2026-02-10 10:00:00"):
            first._complaint_resolve_first_contact(
                "counter", "A new pack.", "justified"
            )
        # January 2026: one
        with freeze_time("2026-01-15 09:00:00"):
            cls._review_complaint()

    @classmethod
    def _review_complaint(cls):
        self = cls
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Review: expired yoghurt",
                "description": "<p>Past its date.</p>",
                "category_id": self.category_quality.id,
                "partner_id": self.customer.id,
                "company_id": self.company.id,
            }
        )
        complaint.action_complaint_register()
        return complaint

    def _run(self, when):
        with freeze_time(when):
            self.env["res.company"]._cron_complaint_monthly_review()

    def _reviews(self):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "res.company"),
                ("res_id", "=", self.company.id),
                ("subject", "ilike", "Complaints review"),
            ]
        )

    def test_sent_once_on_the_first_working_day(self):
        self.company.complaint_review_month = date(2026, 1, 1)
        # Sunday 1 March 2026 is no working day: nothing yet
        self._run("2026-03-01 10:00:00")
        self.assertFalse(self._reviews())
        self._run("2026-03-02 06:00:00")
        self._run("2026-03-02 12:00:00")
        self._run("2026-03-05 12:00:00")
        review = self._reviews()
        self.assertEqual(len(review), 1)
        self.assertEqual(self.company.complaint_review_month, date(2026, 2, 1))
        self.assertEqual(review.recipient_ids, self.user_manager.partner_id)
        self.assertIn("February 2026", review.subject)
        # the summary's PDF of February, attached
        self.assertEqual(len(review.attachment_ids), 1)
        self.assertEqual(review.attachment_ids.mimetype, "application/pdf")
        self.assertIn("2026-02", review.attachment_ids.name)
        # the twelve months' trend in the body, oldest first
        body = review.body_html
        self.assertIn("March 2025", body)
        self.assertLess(body.index("January 2026"), body.index("February 2026"))
        trend = self.company._get_complaint_monthly_trend(date(2026, 2, 1))
        self.assertEqual(len(trend), 12)
        february = trend[-1]
        self.assertEqual(february["month"], date(2026, 2, 1))
        self.assertGreaterEqual(february["volume"], 3)
        self.assertGreater(february["fcr_share"], 0)
        self.assertEqual(trend[-2]["month"], date(2026, 1, 1))
        self.assertGreaterEqual(trend[-2]["volume"], 1)
        self.assertIn(f"{february['fcr_share']:.0f}", body)
        # the next month, once again
        self._run("2026-04-01 12:00:00")
        self.assertEqual(len(self._reviews()), 2)

    def test_trend_report_agrees_with_the_review(self):
        """The overview's trend graphs show the review's figures: the same
        twelve months, the same six figures, company by company."""
        self.env["complaint.approval.limit"].create(
            {
                "user_id": self.user_agent.id,
                "amount": 100,
                "company_id": self.company.id,
            }
        )
        self.team.write({"user_ids": [(6, 0, self.user_agent.ids)], "user_id": False})
        # February 2026, a fourth complaint: assessed unfounded, answered in
        # time, compensated all the same, rated 4 of 5
        with freeze_time("2026-02-11 09:00:00"):
            answered = self._registered_complaint(
                team_id=self.team.id, user_id=self.user_agent.id
            )
            answered.write(
                {
                    "complaint_assessment": "unjustified",
                    "complaint_assessment_note": "The pack was within its date.",
                }
            )
            remedy = (
                self.env["complaint.compensation"]
                .with_user(self.user_agent)
                .create(
                    {
                        "ticket_id": answered.id,
                        "compensation_type": "repair",
                        "amount": 60,
                        "description": "A goodwill voucher.",
                    }
                )
            )
            remedy.action_submit()
            with self.mock_mail_gateway():
                remedy.action_offer()
            remedy.action_accept()
        with freeze_time("2026-02-12 10:00:00"):
            self._send_response(answered)
        first_contact = self.env["helpdesk.ticket"].search(
            [
                ("company_id", "=", self.company.id),
                ("complaint_fcr_date", "!=", False),
                ("complaint_registered_date", ">=", "2026-02-01"),
                ("complaint_registered_date", "<", "2026-03-01"),
            ]
        )
        ticket_model = self.env["ir.model"]._get_id("helpdesk.ticket")
        self.env["rating.rating"].sudo().create(
            [
                {
                    "res_model_id": ticket_model,
                    "res_id": ticket.id,
                    "partner_id": self.customer.id,
                    "rating": score,
                    "consumed": True,
                }
                for ticket, score in ((answered, 4), (first_contact, 2))
            ]
        )
        self.env.flush_all()
        review = self.company._get_complaint_monthly_trend(date(2026, 2, 1))
        Trend = self.env["complaint.trend.report"].with_user(self.user_manager)
        measures = [
            "volume:sum",
            "assessed_count:sum",
            "justified_count:sum",
            "justified_share:avg",
            "on_time_count:sum",
            "on_time_share:avg",
            "fcr_share:avg",
            "rating_count:sum",
            "satisfaction:avg",
            "cost:sum",
        ]
        names = [measure.split(":")[0] for measure in measures]
        # as the graph asks for them: by month
        rows = {
            month: dict(zip(names, figures, strict=True))
            for month, *figures in Trend._read_group(
                [
                    ("company_id", "=", self.company.id),
                    ("month", ">=", review[0]["month"]),
                    ("month", "<=", review[-1]["month"]),
                ],
                ["month:month"],
                measures,
            )
        }
        for month in review:
            row = rows.get(month["month"])
            if not month["volume"]:
                self.assertFalse(row, month["month"])
                continue
            self.assertEqual(row["volume"], month["volume"], month["month"])
            for name in ("justified_share", "on_time_share", "fcr_share", "cost"):
                self.assertAlmostEqual(row[name] or 0.0, month[name], 2, (month, name))
            self.assertAlmostEqual(
                row["satisfaction"] if row["rating_count"] else None,
                month["satisfaction"],
                2,
            )
        # the known set, not merely two equal computations
        february = rows[date(2026, 2, 1)]
        self.assertEqual(
            [february[name] for name in names],
            # 4 complaints, 2 assessed, 1 justified: 50 %; answered in time and
            # closed at first contact, two open past the date: 50 %; one at
            # first contact: 25 %; rated 4 and 2; 60 granted
            [4, 2, 1, 50.0, 2, 50.0, 25.0, 2, 3.0, 60.0],
        )
        january = rows[date(2026, 1, 1)]
        self.assertEqual((january["volume"], january["on_time_share"]), (1, 0.0))
        # the overview card: its category's rows only, for a manager
        action = self.category_quality.with_user(
            self.user_manager
        ).action_view_overview_trend()
        self.assertEqual(action["res_model"], "complaint.trend.report")
        self.assertEqual(
            Trend.search(action["domain"]).ticket_id,
            self.env["helpdesk.ticket"].search(
                [
                    ("category_id", "child_of", self.category_quality.id),
                    ("complaint_ref", "!=", False),
                ]
            ),
        )
        self.assertEqual(
            self.category_quality.with_user(
                self.user_agent
            ).action_view_overview_trend()["res_model"],
            "helpdesk.ticket",
        )
        # managers only, their own companies only
        with self.assertRaises(AccessError):
            Trend.with_user(self.user_agent).search([])
        self.user_manager.company_ids |= self.other_company
        mine = [("company_id", "=", self.company.id)]
        self.assertFalse(
            Trend.with_context(allowed_company_ids=self.other_company.ids).search(mine)
        )
        both = (self.company | self.other_company).ids
        self.assertTrue(Trend.with_context(allowed_company_ids=both).search(mine))
        menu = self.env.ref("complaint_management.menu_complaint_monthly_trend")
        self.assertEqual(
            menu.action,
            self.env.ref("complaint_management.action_complaint_trend_report"),
        )
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu, Menu.with_user(self.user_manager).search([]))
        self.assertNotIn(menu, Menu.with_user(self.user_agent).search([]))
