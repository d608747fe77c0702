"""Regimes: the law's clocks on a frozen calendar, the demand's remedy clock,
holding replies and new answer dates, penalty exposure and the letter's
required blocks."""

import re
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCase

# Friday 6 March 2026, 15:00 in Brussels (UTC+1): received and registered
RECEIVED = "2026-03-06 14:00:00"


def end_of_day(day, summer=False):
    """23:59:59 in Brussels, in UTC: CET until 29 March 2026, CEST after."""
    return datetime.fromisoformat(day).replace(hour=21 if summer else 22) + timedelta(
        minutes=59, seconds=59
    )


class RegimeCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the company calendar: Monday to Friday, with two public holidays
        for day in (9, 3), (3, 4):
            dom, month = day
            cls.env["resource.calendar.leaves"].create(
                {
                    "name": "Public holiday",
                    "calendar_id": cls.calendar.id,
                    "date_from": datetime(2026, month, dom, 0, 0) - timedelta(hours=2),
                    "date_to": datetime(2026, month, dom, 21, 0),
                }
            )
        cls.customer.lang = "en_US"

    def _regime(self, name):
        return self.env.ref(f"complaint_management.complaint_regime_{name}")

    def _complaint_under(self, regime, when=RECEIVED, **values):
        with freeze_time(when):
            return self._registered_complaint(
                complaint_regime_id=self._regime(regime).id, **values
            )

    def _clock(self, complaint, kind, demand=False):
        clocks = complaint.complaint_clock_ids.filtered(
            lambda c: c.kind == kind and (not demand or c.demand == demand)
        )
        self.assertEqual(len(clocks), 1, f"one {kind} {demand or ''} clock")
        return clocks

    def _dues(self, complaint):
        return {
            (c.kind, c.demand or None): c.due_date
            for c in complaint.complaint_clock_ids
        }


@tagged("post_install", "-at_install")
class TestRegimeClocks(RegimeCase):
    def test_company_policy_is_todays_deadline(self):
        """No regime chosen: the company's policy, i.e. the category's working
        days exactly as before (Monday 9 March is a holiday)."""
        with freeze_time(RECEIVED):
            complaint = self._registered_complaint()
            expected = complaint._get_complaint_deadline_and_reminder(
                complaint.complaint_registered_date
            )
        self.assertEqual(complaint.complaint_regime_id, self._regime("company_policy"))
        self.assertEqual(
            (complaint.complaint_deadline, complaint.complaint_reminder_date),
            expected,
        )
        # 10 working days after Friday 6, skipping Monday 9: Monday 23 March
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-03-23"))
        clock = self._clock(complaint, "final_response")
        self.assertTrue(clock.governing)
        self.assertEqual(clock.due_date, complaint.complaint_deadline)
        self.assertEqual(clock.original_due_date, clock.due_date)
        self.assertEqual(clock.state, "open")

    def test_ru_goods_clocks(self):
        dues = {}
        for demand in (
            "refund",
            "price_reduction",
            "replacement",
            "replacement_check",
            "repair",
        ):
            complaint = self._complaint_under("ru_goods", complaint_demand=demand)
            dues.update(self._dues(complaint))
            # the claim's answer, 10 calendar days from receipt, governs
            self.assertEqual(complaint.complaint_deadline, end_of_day("2026-03-16"))
        self.assertEqual(
            dues,
            {
                ("final_response", None): end_of_day("2026-03-16"),
                ("remedy", "refund"): end_of_day("2026-03-16"),
                ("remedy", "price_reduction"): end_of_day("2026-03-16"),
                ("remedy", "replacement"): end_of_day("2026-03-13"),
                ("remedy", "replacement_check"): end_of_day("2026-03-26"),
                ("remedy", "repair"): end_of_day("2026-04-20", summer=True),
            },
        )

    def test_ru_services_clocks(self):
        dues = {}
        for demand in ("refund", "price_reduction", "service_redo"):
            complaint = self._complaint_under("ru_services", complaint_demand=demand)
            dues.update(self._dues(complaint))
        self.assertEqual(
            dues,
            {
                ("final_response", None): end_of_day("2026-03-16"),
                ("remedy", "refund"): end_of_day("2026-03-16"),
                ("remedy", "price_reduction"): end_of_day("2026-03-16"),
                ("remedy", "service_redo"): end_of_day("2026-03-16"),
            },
        )
        self.assertEqual(self._regime("ru_services").penalty_cap, 100)

    def test_bg_clocks(self):
        dues = {}
        for demand in ("repair", "replacement"):
            complaint = self._complaint_under("bg_zzp", complaint_demand=demand)
            dues.update(self._dues(complaint))
        self.assertEqual(
            dues,
            {
                ("final_response", None): end_of_day("2026-04-06", summer=True),
                ("remedy", "repair"): end_of_day("2026-04-06", summer=True),
                ("remedy", "replacement"): end_of_day("2026-04-06", summer=True),
            },
        )
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-04-06", True))

    def test_psd2_clocks(self):
        complaint = self._complaint_under("eu_psd2")
        # 15 business days after Friday 6 March, Monday 9 a holiday
        self.assertEqual(
            self._dues(complaint),
            {
                ("final_response", None): end_of_day("2026-03-30", summer=True),
                ("holding_reply", None): end_of_day("2026-03-30", summer=True),
            },
        )
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-03-30", True))
        # 35 business days, Friday 3 April a holiday too
        final = self._clock(complaint, "final_response")
        self.assertEqual(
            complaint._get_complaint_extended_limit(final),
            end_of_day("2026-04-28", summer=True),
        )

    def test_fca_clocks(self):
        complaint = self._complaint_under("uk_fca")
        self.assertEqual(
            self._dues(complaint),
            {
                ("acknowledgement", None): end_of_day("2026-03-10"),
                # by the close of the third business day after receipt
                ("summary_resolution", None): end_of_day("2026-03-12"),
                ("final_response", None): end_of_day("2026-05-01", summer=True),
            },
        )
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-05-01", True))
        acknowledgement = self._clock(complaint, "acknowledgement")
        self.assertEqual(acknowledgement.met_date, datetime(2026, 3, 6, 14))
        self.assertEqual(acknowledgement.state, "met")

    def test_cfpb_clocks(self):
        complaint = self._complaint_under("us_cfpb")
        self.assertEqual(
            self._dues(complaint),
            {("final_response", None): end_of_day("2026-03-21")},
        )
        final = self._clock(complaint, "final_response")
        self.assertEqual(
            complaint._get_complaint_extended_limit(final),
            end_of_day("2026-05-05", summer=True),
        )

    def test_receipt_before_registration(self):
        """Clocks from receipt count from when the complaint arrived, not
        from when it was registered."""
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._new_complaint(
                complaint_regime_id=self._regime("ru_goods").id
            )
        with freeze_time(RECEIVED):
            complaint.action_complaint_register()
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-03-12"))

    def test_regime_chosen_by_category_team_company(self):
        policy = self._regime("company_policy")
        fca, psd2, cfpb = (self._regime(n) for n in ("uk_fca", "eu_psd2", "us_cfpb"))
        self.assertEqual(self._registered_complaint().complaint_regime_id, policy)
        self.company.complaint_regime_id = cfpb
        self.assertEqual(self._registered_complaint().complaint_regime_id, cfpb)
        self.team.complaint_regime_id = psd2
        complaint = self._registered_complaint(team_id=self.team.id)
        self.assertEqual(complaint.complaint_regime_id, psd2)
        sub = self.env["helpdesk.ticket.category"].create(
            {"name": "Card payments", "parent_id": self.category_quality.id}
        )
        self.category_quality.complaint_regime_id = fca
        complaint = self._registered_complaint(team_id=self.team.id, category_id=sub.id)
        self.assertEqual(complaint.complaint_regime_id, fca)
        # frozen once registered
        with self.assertRaises(UserError):
            complaint.complaint_regime_id = cfpb

    def test_final_response_meets_its_clock(self):
        complaint = self._complaint_under("uk_fca")
        complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "Confirmed.",
            }
        )
        self._fill_blocks("uk_fca")
        with freeze_time("2026-03-11 10:00:00"):
            self._send_response(complaint)
        self.assertEqual(self._clock(complaint, "final_response").state, "met")
        self.assertTrue(self._clock(complaint, "final_response").met_on_original)
        # answered within three business days: a summary resolution
        self.assertEqual(self._clock(complaint, "summary_resolution").state, "met")

    def test_cron_marks_missed_clocks_once(self):
        complaint = self._complaint_under("uk_fca")
        src = self._clock(complaint, "summary_resolution")
        Clock = self.env["complaint.clock"]
        with freeze_time("2026-03-12 20:00:00"):
            Clock._cron_mark_missed()
        self.assertEqual(src.state, "open")
        with freeze_time("2026-03-13 08:00:00"):
            Clock._cron_mark_missed()
            self.assertEqual(src.state, "missed")
            self.assertEqual(self._clock(complaint, "final_response").state, "open")
            self.assertEqual(self._clock(complaint, "acknowledgement").state, "met")
            Clock._cron_mark_missed()
        self.assertEqual(src.state, "missed")

    def _fill_blocks(self, regime, text="<p>Filled in.</p>"):
        for block in self._regime(regime).letter_block_ids:
            block.text = text


@tagged("post_install", "-at_install")
class TestRegimeDemand(RegimeCase):
    def test_demand_after_registration_adds_its_remedy_clock(self):
        complaint = self._complaint_under("ru_goods")
        self.assertFalse(complaint.complaint_clock_ids.filtered("demand"))
        with freeze_time("2026-03-10 09:00:00"):
            complaint.complaint_demand = "replacement"
        remedy = self._clock(complaint, "remedy")
        self.assertEqual(remedy.demand, "replacement")
        self.assertEqual(complaint.complaint_demand_date, datetime(2026, 3, 10, 9))
        # 7 days from the demand, not from the receipt
        self.assertEqual(remedy.due_date, end_of_day("2026-03-17"))
        # the deadline stays the governing clock's
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-03-16"))
        # the customer changes their mind: the open remedy clock is replaced
        with freeze_time("2026-03-11 09:00:00"):
            complaint.complaint_demand = "repair"
        remedy = self._clock(complaint, "remedy")
        self.assertEqual(remedy.demand, "repair")
        self.assertEqual(remedy.due_date, end_of_day("2026-04-25", summer=True))

    def test_demand_without_a_clock_in_the_regime(self):
        complaint = self._complaint_under("uk_fca", complaint_demand="refund")
        self.assertFalse(complaint.complaint_clock_ids.filtered("demand"))

    def test_demand_date_from_the_form(self):
        with freeze_time(RECEIVED), Form(self._new_complaint()) as form:
            form.complaint_demand = "refund"
            self.assertEqual(form.complaint_demand_date, datetime(2026, 3, 6, 14))


@tagged("post_install", "-at_install")
class TestHoldingReply(RegimeCase):
    def _wizard(self, complaint, mode, new_date, reason="We wait for the bank."):
        action = (
            complaint.action_complaint_holding_reply()
            if mode == "holding_reply"
            else complaint.action_complaint_change_deadline()
        )
        return (
            self.env[action["res_model"]]
            .with_context(**action["context"])
            .create({"new_date": new_date, "reason": reason})
        )

    def test_holding_reply_up_to_the_extended_limit(self):
        complaint = self._complaint_under("eu_psd2")
        self.assertTrue(complaint.complaint_can_hold)
        with freeze_time("2026-03-20 09:00:00"):
            wizard = self._wizard(complaint, "holding_reply", "2026-04-29")
            self.assertEqual(wizard.limit_date.isoformat(), "2026-04-28")
            with self.assertRaisesRegex(UserError, "cannot promise a later date"):
                wizard.action_apply()
            self._wizard(
                complaint,
                "holding_reply",
                "2026-04-28",
                "The card scheme answers late.",
            ).action_apply()
        final = self._clock(complaint, "final_response")
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-04-28", True))
        self.assertEqual(final.due_date, complaint.complaint_deadline)
        self.assertEqual(final.original_due_date, end_of_day("2026-03-30", True))
        self.assertEqual(complaint.complaint_original_deadline, final.original_due_date)
        self.assertEqual(self._clock(complaint, "holding_reply").state, "met")
        self.assertFalse(complaint.complaint_reminder_sent)
        message = complaint.message_ids.filtered(
            lambda m: "needs more time" in (m.subject or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn("The card scheme answers late.", message.body)
        self.assertIn(self.customer, message.partner_ids)
        # at the limit: no further holding reply
        self.assertFalse(complaint.complaint_can_hold)
        # the law's extension is no broken promise: answered by the new date,
        # the answer is on time
        self.assertFalse(final.promised_due_date)
        self.assertEqual(
            complaint.complaint_promised_deadline, end_of_day("2026-04-28", True)
        )
        self.assertEqual(
            self.env["complaint.report.wizard"]._get_answer_status(
                complaint, datetime(2026, 4, 20)
            ),
            "open_on_track",
        )

    def test_holding_reply_refused_where_the_regime_has_none(self):
        complaint = self._complaint_under("uk_fca")
        self.assertFalse(complaint.complaint_can_hold)
        with freeze_time("2026-03-20 09:00:00"):
            wizard = self._wizard(complaint, "holding_reply", "2026-05-10")
            with self.assertRaisesRegex(UserError, "cannot move the answer date"):
                wizard.action_apply()
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-05-01", True))

    def test_holding_reply_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.customer.lang = "fr_FR"
        complaint = self._complaint_under("us_cfpb")
        with freeze_time("2026-03-10 09:00:00"):
            self._wizard(complaint, "holding_reply", "2026-04-30").action_apply()
        message = complaint.message_ids.filtered(
            lambda m: "needs more time" in (m.subject or "")
        )
        # the date as the customer's language writes it
        self.assertIn("30/04/2026", message.body)

    def test_new_answer_date_keeps_the_original_promise(self):
        with freeze_time(RECEIVED):
            complaint = self._registered_complaint()
        original = complaint.complaint_deadline
        with freeze_time("2026-03-12 09:00:00"):
            wizard = self._wizard(complaint, "change", "2026-03-31", reason=" ")
            with self.assertRaisesRegex(UserError, "why the date changes"):
                wizard.action_apply()
            with self.assertRaisesRegex(UserError, "in the past"):
                self._wizard(complaint, "change", "2026-03-11").action_apply()
            self._wizard(
                complaint, "change", "2026-03-31", "The expert visits on the 30th."
            ).action_apply()
        final = self._clock(complaint, "final_response")
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-03-31", True))
        self.assertEqual(final.original_due_date, original)
        self.assertEqual(final.change_reason, "The expert visits on the 30th.")
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "a new date for our answer" in (m.subject or "")
                and "The expert visits on the 30th." in m.body
            )
        )
        complaint.write(
            {"complaint_assessment": "justified", "complaint_assessment_note": "Yes."}
        )
        with freeze_time("2026-03-30 09:00:00"):
            self._send_response(complaint)
        # met by the new date, late against the original promise
        self.assertEqual(final.state, "met")
        self.assertFalse(final.met_on_original)
        # and the on-time figures count it late: the promise first given
        self.assertEqual(final.promised_due_date, original)
        self.assertEqual(complaint.complaint_promised_deadline, original)
        Journal = self.env["complaint.report.wizard"]
        self.assertEqual(
            Journal._get_answer_status(complaint, datetime(2026, 4, 1)),
            "answered_late",
        )

    def test_answered_complaint_keeps_its_date(self):
        with freeze_time(RECEIVED):
            complaint = self._registered_complaint()
        complaint.write(
            {"complaint_assessment": "justified", "complaint_assessment_note": "Yes."}
        )
        self._send_response(complaint)
        with freeze_time("2026-03-12 09:00:00"):
            wizard = self._wizard(complaint, "change", "2026-03-31")
            with self.assertRaisesRegex(UserError, "not awaiting an answer"):
                wizard.action_apply()


@tagged("post_install", "-at_install")
class TestPenalty(RegimeCase):
    def test_goods_penalty_one_percent_a_day_uncapped(self):
        complaint = self._complaint_under(
            "ru_goods", complaint_demand="refund", complaint_penalty_price=1000
        )
        # refund due by the end of 16 March
        with freeze_time("2026-03-16 20:00:00"):
            self.assertEqual(complaint.complaint_penalty_amount, 0)
        with freeze_time("2026-03-20 12:00:00"):
            complaint.invalidate_recordset(
                ["complaint_penalty_amount", "complaint_penalty_days"]
            )
            self.assertEqual(complaint.complaint_penalty_days, 4)
            self.assertEqual(complaint.complaint_penalty_amount, 40)
        with freeze_time("2026-09-02 12:00:00"):
            complaint.invalidate_recordset(
                ["complaint_penalty_amount", "complaint_penalty_days"]
            )
            # 170 days: no cap in the law on goods
            self.assertEqual(complaint.complaint_penalty_amount, 1700)

    def test_service_penalty_three_percent_capped_at_the_price(self):
        complaint = self._complaint_under(
            "ru_services", complaint_demand="service_redo", complaint_penalty_price=1000
        )
        with freeze_time("2026-03-20 12:00:00"):
            self.assertEqual(complaint.complaint_penalty_amount, 120)
        with freeze_time("2026-05-20 12:00:00"):
            complaint.invalidate_recordset(
                ["complaint_penalty_amount", "complaint_penalty_days"]
            )
            self.assertEqual(complaint.complaint_penalty_days, 65)
            self.assertEqual(complaint.complaint_penalty_amount, 1000)

    def test_penalty_stops_when_the_remedy_is_done(self):
        complaint = self._complaint_under(
            "ru_goods", complaint_demand="repair", complaint_penalty_price=500
        )
        remedy = self._clock(complaint, "remedy")
        # repair due by 20 April; done on 23 April
        with freeze_time("2026-04-23 09:00:00"):
            remedy.action_mark_met()
        self.assertEqual(remedy.state, "missed")
        with freeze_time("2026-06-01 09:00:00"):
            complaint.invalidate_recordset(
                ["complaint_penalty_amount", "complaint_penalty_days"]
            )
            self.assertEqual(complaint.complaint_penalty_amount, 15)

    def test_no_penalty_rule_no_exposure(self):
        complaint = self._complaint_under(
            "bg_zzp", complaint_demand="repair", complaint_penalty_price=500
        )
        with freeze_time("2026-06-01 09:00:00"):
            self.assertFalse(complaint.complaint_has_penalty)
            self.assertEqual(complaint.complaint_penalty_amount, 0)

    def test_escalation_names_the_penalty(self):
        complaint = self._complaint_under(
            "ru_goods",
            complaint_demand="refund",
            complaint_penalty_price=1000,
            team_id=self.team.id,
        )
        with freeze_time("2026-03-19 12:00:00"):
            self.env["helpdesk.ticket"]._cron_complaint_escalate_overdue()
        note = complaint.message_ids.filtered(lambda m: "escalated" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("Penalty exposure", note.body)
        self.assertIn("30.00", note.body)


@tagged("post_install", "-at_install")
class TestRegimeLetter(RegimeCase):
    def _answered(self, regime):
        complaint = self._complaint_under(regime)
        complaint.write(
            {
                "complaint_assessment": "unjustified",
                "complaint_assessment_note": "The fee was in the tariff.",
                "complaint_response": "<p>The fee was in the tariff.</p>",
            }
        )
        complaint.with_user(self.user_manager).action_complaint_sign_response()
        return complaint

    def test_letter_refused_without_its_blocks(self):
        complaint = self._answered("uk_fca")
        blocks = self._regime("uk_fca").letter_block_ids
        blocks[0].text = "<p>The Financial Ombudsman Service.</p>"
        with self.assertRaises(UserError) as caught:
            complaint.action_complaint_send_response()
        message = str(caught.exception)
        self.assertIn("The right to refer within six months", message)
        self.assertIn("The time-limit wording", message)
        self.assertNotIn("The Financial Ombudsman Service,", message)
        self.assertFalse(complaint.complaint_response_sent_date)

    def test_letter_prints_the_blocks(self):
        complaint = self._answered("uk_fca")
        texts = {
            "FOS": "<p>Financial Ombudsman Service, www.financial-ombudsman.org.uk</p>",
            "SIX_MONTHS": "<p>You may refer it within six months.</p>",
            "TIME_LIMITS": "<p>We consent to a late referral.</p>",
        }
        for block in self._regime("uk_fca").letter_block_ids:
            block.text = texts[block.code]
        complaint.action_complaint_send_response()
        self.assertTrue(complaint.complaint_response_sent_date)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.report_complaint_response", complaint.ids
            )[0]
            .decode()
        )
        for text in ("www.financial-ombudsman.org.uk", "within six months", "late"):
            self.assertIn(text, html)
        self.assertLess(html.index("within six months"), html.index('id="signature"'))

    def test_company_text_wins_over_the_shared_one(self):
        complaint = self._answered("eu_psd2")
        shared = self._regime("eu_psd2").letter_block_ids
        shared.text = "<p>Shared ADR text.</p>"
        shared.copy(
            {"company_id": self.company.id, "text": "<p>Our own ADR entity.</p>"}
        )
        complaint.action_complaint_send_response()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.report_complaint_response", complaint.ids
            )[0]
            .decode()
        )
        self.assertIn("Our own ADR entity.", html)
        self.assertNotIn("Shared ADR text.", html)

    def test_company_policy_letter_needs_no_block(self):
        complaint = self._answered("company_policy")
        complaint.action_complaint_send_response()
        self.assertTrue(complaint.complaint_response_sent_date)


@tagged("post_install", "-at_install")
class TestRegimeAccess(RegimeCase):
    def test_agents_read_regimes_managers_edit_them(self):
        fca = self._regime("uk_fca")
        as_agent = fca.with_user(self.user_agent)
        self.assertEqual(
            as_agent.clock_ids.mapped("legal_reference")[-1], "DISP 1.6.2R"
        )
        with self.assertRaises(AccessError):
            as_agent.penalty_cap = 50
        with self.assertRaises(AccessError):
            as_agent.letter_block_ids[0].text = "<p>Ours.</p>"
        as_manager = fca.with_user(self.user_manager)
        as_manager.letter_block_ids[0].text = "<p>Ours.</p>"
        as_manager.clock_ids[-1].duration = 7
        self.assertEqual(fca.clock_ids[-1].duration, 7)

    def test_a_company_regime_is_hidden_from_other_companies(self):
        own = self.env["complaint.regime"].create(
            {"name": "Our house rules", "code": "HOUSE", "company_id": self.company.id}
        )
        other = self.env["complaint.regime"].create(
            {"name": "Their rules", "code": "THEIRS", "company_id": self.company_2.id}
        )
        visible = (
            self.env["complaint.regime"]
            .with_user(self.user_agent)
            .search([("code", "in", ("HOUSE", "THEIRS", "UK_FCA_DISP"))])
        )
        self.assertEqual(sorted(visible.mapped("code")), ["HOUSE", "UK_FCA_DISP"])
        self.assertNotIn(other, visible)
        self.assertIn(own, visible)

    def test_the_complaint_form_opens_for_agents_and_helpdesk_users(self):
        complaint = self._complaint_under("ru_goods", complaint_demand="refund")
        helpdesk_user = new_test_user(
            self.env,
            login="helpdesk_only",
            groups="helpdesk_mgmt.group_helpdesk_user",
            company_id=self.company.id,
        )
        for user, sees_clocks in ((self.user_agent, True), (helpdesk_user, False)):
            Ticket = self.env["helpdesk.ticket"].with_user(user)
            arch = Ticket.get_views([(False, "form")])["views"]["form"]["arch"]
            self.assertEqual("complaint_clock_ids" in arch, sees_clocks)
            models = Ticket.get_views([(False, "form")])["models"]
            fields = models["helpdesk.ticket"].get("fields", models["helpdesk.ticket"])
            spec = {name: {} for name in fields if name in Ticket._fields}
            spec.pop("complaint_clock_ids", None)
            Ticket.browse(complaint.id).web_read(spec)

    def test_agent_sends_a_holding_reply_from_the_form(self):
        complaint = self._complaint_under("eu_psd2")
        complaint.user_id = self.user_agent
        as_agent = complaint.with_user(self.user_agent)
        action = as_agent.action_complaint_holding_reply()
        with freeze_time("2026-03-20 09:00:00"):
            wizard_form = Form(
                self.env[action["res_model"]]
                .with_user(self.user_agent)
                .with_context(**action["context"])
            )
            self.assertEqual(wizard_form.limit_date.isoformat(), "2026-04-28")
            wizard_form.new_date = datetime(2026, 4, 20).date()
            wizard_form.reason = "The merchant has not answered yet."
            wizard_form.save().action_apply()
        self.assertEqual(complaint.complaint_deadline, end_of_day("2026-04-20", True))
        final = self._clock(complaint, "final_response")
        self.assertEqual(final.original_due_date, end_of_day("2026-03-30", True))
        # a second holding reply may still go up to the limit, never past it
        self.assertTrue(complaint.complaint_can_hold)

    def test_clock_dates_are_written_only_by_the_complaints_actions(self):
        complaint = self._complaint_under("ru_goods", complaint_demand="refund")
        final = self._clock(complaint, "final_response").with_user(self.user_agent)
        for vals in (
            {"due_date": datetime(2026, 4, 30)},
            {"original_due_date": datetime(2026, 4, 30)},
            {"met_date": datetime(2026, 3, 7)},
        ):
            with self.assertRaises(UserError):
                final.write(vals)
        with self.assertRaises(UserError):
            self.env["complaint.clock"].with_user(self.user_agent).create(
                {
                    "ticket_id": complaint.id,
                    "regime_clock_id": final.regime_clock_id.id,
                    "kind": "final_response",
                    "due_date": datetime(2026, 4, 30),
                    "original_due_date": datetime(2026, 4, 30),
                }
            )
        self.assertEqual(final.due_date, end_of_day("2026-03-16"))

    def test_clock_in_use_is_not_deleted(self):
        complaint = self._complaint_under("ru_goods", complaint_demand="refund")
        final = self._clock(complaint, "final_response")
        with self.assertRaisesRegex(UserError, "archive its regime"):
            final.regime_clock_id.unlink()
        with self.assertRaisesRegex(UserError, "archive its regime"):
            final.regime_clock_id.regime_id.unlink()
        self.assertTrue(final.exists())
        unused = self.env["complaint.regime"].create(
            {
                "name": "Unused regime",
                "code": "test_unused",
                "clock_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Answer",
                            "kind": "final_response",
                            "duration": 5,
                            "unit": "business_days",
                            "governing": True,
                        },
                    )
                ],
            }
        )
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_agent_changes_the_demand(self):
        complaint = self._complaint_under("ru_goods", complaint_demand="refund")
        with freeze_time("2026-03-08 10:00:00"):
            complaint.with_user(self.user_agent).complaint_demand = "replacement"
        remedy = self._clock(complaint, "remedy")
        self.assertEqual(remedy.demand, "replacement")
        self.assertEqual(remedy.due_date, end_of_day("2026-03-15"))

    def test_agent_marks_the_remedy_done(self):
        complaint = self._complaint_under("ru_goods", complaint_demand="repair")
        remedy = self._clock(complaint, "remedy").with_user(self.user_agent)
        with freeze_time("2026-03-20 09:00:00"):
            remedy.action_mark_met()
        self.assertEqual(remedy.state, "met")
        with self.assertRaises(UserError):
            self._clock(complaint, "final_response").with_user(
                self.user_agent
            ).action_mark_met()


@tagged("post_install", "-at_install")
class TestSummaryResolution(RegimeCase):
    def _resolved(self, when):
        complaint = self._complaint_under("uk_fca")
        complaint.write(
            {
                "complaint_assessment": "justified",
                "complaint_assessment_note": "The fee was charged twice.",
                "complaint_response": "<p>We refunded the second fee.</p>",
            }
        )
        complaint.with_user(self.user_manager).action_complaint_sign_response()
        fos = self.env.ref("complaint_management.complaint_regime_uk_fca_fos")
        fos.text = "<p>Financial Ombudsman Service, www.financial-ombudsman.org.uk</p>"
        with freeze_time(when):
            complaint.action_complaint_send_response()
        return complaint

    def _letter(self, complaint):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.report_complaint_response", complaint.ids
            )[0]
            .decode()
        )

    def test_resolved_within_three_business_days_a_short_letter(self):
        # Thursday 12 March, the third business day after Friday 6 (9 a holiday)
        complaint = self._resolved("2026-03-12 16:00:00")
        self.assertTrue(complaint._is_complaint_summary_resolution())
        html = self._letter(complaint)
        self.assertIn("Your complaint is resolved", html)
        # named by its number, not by the subject the desk typed
        self.assertNotIn(complaint.name, html)
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        self.assertIn(
            "Thank you for telling us about your complaint "
            f"{complaint.complaint_ref} .",
            text,
        )
        self.assertIn("We refunded the second fee.", html)
        self.assertIn("www.financial-ombudsman.org.uk", html)
        self.assertNotIn("Our assessment", html)
        # the final response's own blocks are not asked of it
        self.assertNotIn("within six months", html)

    def test_resolved_later_a_final_response_with_all_its_blocks(self):
        with self.assertRaisesRegex(UserError, "The right to refer within six months"):
            self._resolved("2026-03-13 09:00:00")

    def test_summary_totals_the_penalty_exposure(self):
        for price in (1000, 500):
            self._complaint_under(
                "ru_goods", complaint_demand="refund", complaint_penalty_price=price
            )
        self._complaint_under("bg_zzp", complaint_demand="repair")
        wizard = self.env["complaint.report.wizard"].create(
            {
                "date_from": datetime(2026, 3, 1).date(),
                "date_to": datetime(2026, 3, 31).date(),
                "company_id": self.company.id,
            }
        )
        with freeze_time("2026-03-20 12:00:00"):
            # 4 days late: 40 + 20
            self.assertEqual(
                self.env["helpdesk.ticket"]._get_complaint_penalty_total(
                    wizard._get_domain()
                ),
                60,
            )
            html = (
                self.env["ir.actions.report"]
                ._render_qweb_html(
                    "complaint_management.report_complaint_summary", wizard.ids
                )[0]
                .decode()
            )
        self.assertIn("Penalty exposure (late remedies)", html)
        self.assertIn("60.00", html)


@tagged("post_install", "-at_install")
class TestShippedArticles(RegimeCase):
    # clock: duration, unit, counted from, the article it cites (checked
    # against the texts of the laws; docs/regimes.md gives the sources)
    SHIPPED = {
        "company_policy_final": (10, "business_days", "registration", "Company"),
        "ru_goods_final": (10, "calendar_days", "receipt", "ZoZPP art. 22 "),
        "ru_goods_refund": (10, "calendar_days", "demand", "ZoZPP art. 22"),
        "ru_goods_price_reduction": (10, "calendar_days", "demand", "ZoZPP art. 22"),
        "ru_goods_replacement": (7, "calendar_days", "demand", "ZoZPP art. 21(1)"),
        "ru_goods_replacement_check": (
            20,
            "calendar_days",
            "demand",
            "ZoZPP art. 21(1) ",
        ),
        "ru_goods_repair": (45, "calendar_days", "demand", "ZoZPP art. 20(1) "),
        "ru_services_final": (10, "calendar_days", "receipt", "ZoZPP art. 31(1) "),
        "ru_services_refund": (10, "calendar_days", "demand", "ZoZPP art. 31(1)"),
        "ru_services_price_reduction": (
            10,
            "calendar_days",
            "demand",
            "ZoZPP art. 31(1)",
        ),
        "ru_services_redo": (10, "calendar_days", "demand", "ZoZPP art. 31(2) "),
        "bg_zzp_final": (1, "months", "receipt", "ZZP art. 113(2)"),
        "bg_zzp_repair": (1, "months", "demand", "ZZP art. 113(2)"),
        "bg_zzp_replacement": (1, "months", "demand", "ZZP art. 113(2)"),
        "eu_psd2_final": (
            15,
            "business_days",
            "receipt",
            "Directive 2015/2366 art. 101(2)",
        ),
        "eu_psd2_holding": (
            15,
            "business_days",
            "receipt",
            "Directive 2015/2366 art. 101(2), ",
        ),
        "uk_fca_ack": (1, "business_days", "receipt", "DISP 1.6.1R(1) "),
        "uk_fca_src": (3, "business_days", "receipt", "DISP 1.5 "),
        "uk_fca_final": (8, "weeks", "receipt", "DISP 1.6.2R"),
        "us_cfpb_final": (
            15,
            "calendar_days",
            "receipt",
            "CFPB Company Portal Manual 8.1",
        ),
    }

    def test_every_shipped_clock_cites_its_article(self):
        shipped = self.env["ir.model.data"].search(
            [
                ("module", "=", "complaint_management"),
                ("model", "=", "complaint.regime.clock"),
            ]
        )
        self.assertEqual(
            set(shipped.mapped("name")),
            {f"complaint_regime_{name}" for name in self.SHIPPED},
        )
        for name, (duration, unit, event, article) in self.SHIPPED.items():
            clock = self.env.ref(f"complaint_management.complaint_regime_{name}")
            self.assertEqual(
                (clock.duration, clock.unit, clock.from_event),
                (duration, unit, event),
                name,
            )
            self.assertTrue(clock.legal_reference.startswith(article), name)
        self.assertEqual(
            self.env.ref(
                "complaint_management.complaint_regime_eu_psd2_final"
            ).extended_duration,
            35,
        )
        self.assertEqual(
            self.env.ref(
                "complaint_management.complaint_regime_us_cfpb_final"
            ).extended_duration,
            60,
        )
