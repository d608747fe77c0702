"""18.0.7.0.0: complaints registered before the regimes existed get their
clocks from the migration, keeping the deadline already promised; batched,
without a query per complaint."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import load_migration
from .test_regimes import RECEIVED, RegimeCase, end_of_day


@tagged("post_install", "-at_install")
class TestClockMigration(RegimeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.migration = load_migration("18.0.7.0.0")

    def _as_before_regimes(self, complaints, regime=True):
        """What a complaint registered before the regimes looks like after
        the schema upgrade: no clock, no regime, and a receipt date the new
        column took from the upgrade itself."""
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM complaint_clock WHERE ticket_id IN %s", [tuple(complaints.ids)]
        )
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET complaint_received_date = %s"
            + ("" if regime else ", complaint_regime_id = NULL")
            + " WHERE id IN %s",
            ["2026-06-01 10:00:00", tuple(complaints.ids)],
        )
        self.env.invalidate_all()

    def _migrate(self):
        self.migration.migrate(self.env.cr, "18.0.6.0.0")
        self.env.invalidate_all()

    def test_registered_complaints_get_their_clocks(self):
        with freeze_time(RECEIVED):
            policy = self._registered_complaint()
            fca = self._registered_complaint(
                complaint_regime_id=self._regime("uk_fca").id
            )
            answered = self._registered_complaint()
            anonymised = self._registered_complaint()
            draft = self._new_complaint()
            untouched = self._registered_complaint(
                complaint_regime_id=self._regime("eu_psd2").id
            )
        answered.write(
            {"complaint_assessment": "justified", "complaint_assessment_note": "Yes."}
        )
        with freeze_time("2026-03-11 10:00:00"):
            self._send_response(answered)
        # the deadline promised then: a day the regimes would not compute
        promised = end_of_day("2026-03-27")
        policy._set_workflow_values({"complaint_deadline": promised})
        anonymised._set_workflow_values(
            {"complaint_anonymised_date": "2026-06-01 00:00:00"}
        )
        untouched_clocks = untouched.complaint_clock_ids
        self._as_before_regimes(policy | answered | anonymised, regime=False)
        self._as_before_regimes(fca)

        self._migrate()

        company_policy = self._regime("company_policy")
        # the regime they would get today, the promise already given kept
        self.assertEqual(policy.complaint_regime_id, company_policy)
        final = self._clock(policy, "final_response")
        self.assertTrue(final.governing)
        self.assertEqual(final.due_date, promised)
        self.assertEqual(final.original_due_date, promised)
        self.assertEqual(final.state, "open")
        # received when it was made, not when the schema was upgraded
        self.assertEqual(policy.complaint_received_date, datetime(2026, 3, 6, 14))
        # every clock of its own regime, counted from the receipt
        self.assertEqual(fca.complaint_regime_id, self._regime("uk_fca"))
        self.assertEqual(
            self._dues(fca),
            {
                ("acknowledgement", None): end_of_day("2026-03-10"),
                ("summary_resolution", None): end_of_day("2026-03-12"),
                ("final_response", None): fca.complaint_deadline,
            },
        )
        self.assertEqual(self._clock(fca, "acknowledgement").state, "met")
        # what the sent response answered is met when it was sent
        answer = self._clock(answered, "final_response")
        self.assertEqual(answer.met_date, datetime(2026, 3, 11, 10))
        self.assertEqual(answer.state, "met")
        self.assertTrue(answer.met_on_original)
        # anonymised and draft complaints are left alone, clocks kept as they are
        self.assertFalse(anonymised.complaint_clock_ids)
        self.assertFalse(anonymised.complaint_regime_id)
        self.assertFalse(draft.complaint_clock_ids)
        self.assertEqual(untouched.complaint_clock_ids, untouched_clocks)
        # run twice, nothing more changes
        clocks = self.env["complaint.clock"].search([])
        self._migrate()
        self.assertEqual(self.env["complaint.clock"].search([]), clocks)

    def test_no_query_per_complaint(self):
        def stripped(count):
            with freeze_time(RECEIVED):
                complaints = self.env["helpdesk.ticket"].concat(
                    *(
                        self._registered_complaint(
                            complaint_regime_id=self._regime("uk_fca").id
                        )
                        for _i in range(count)
                    )
                )
            self._as_before_regimes(complaints)
            return complaints

        few = stripped(2)
        queries_few = self._count_queries(self._migrate)
        many = stripped(20)
        queries_many = self._count_queries(self._migrate)
        self.assertEqual(len((few | many).complaint_clock_ids), 22 * 3)
        self.assertLessEqual(queries_many, queries_few + 2)

    def test_batches_cover_every_complaint(self):
        with freeze_time(RECEIVED):
            complaints = self.env["helpdesk.ticket"].concat(
                *(self._registered_complaint() for _i in range(5))
            )
        self._as_before_regimes(complaints, regime=False)
        count = self.env["helpdesk.ticket"]._complaint_backfill_clocks(batch_size=2)
        self.assertEqual(count, 5)
        self.env.invalidate_all()
        for complaint in complaints:
            self.assertEqual(
                self._clock(complaint, "final_response").due_date,
                complaint.complaint_deadline,
            )

    def test_shipped_articles_corrected_unless_edited(self):
        redo = self.env.ref("complaint_management.complaint_regime_ru_services_redo")
        bg = self.env.ref("complaint_management.complaint_regime_bg_zzp_final")
        old_redo = self.migration.LEGAL_REFERENCES["complaint_regime_ru_services_redo"][
            0
        ]
        redo.with_context(lang="en_US").legal_reference = old_redo
        bg.with_context(lang="en_US").legal_reference = "Our lawyers' reading"
        self.env.flush_all()
        self._migrate()
        self.assertTrue(redo.legal_reference.startswith("ZoZPP art. 31(2)"))
        self.assertEqual(bg.legal_reference, "Our lawyers' reading")
