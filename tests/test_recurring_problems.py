from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .test_corrective_action import ActionPlanCase


@tagged("post_install", "-at_install")
class TestRecurringProblems(ActionPlanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_recurring_threshold = 3
        cls.company.complaint_recurring_days = 30
        cls.category_staff = cls.env["helpdesk.ticket.category"].create(
            {"name": "Test rudeness", "complaint_kind": "staff"}
        )
        Problem = cls.env["complaint.recurring.problem"]
        Problem.search([]).unlink()
        # the demo complaints are not this test's: the search has seen them
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET complaint_recurring_pending = NULL"
        )
        cls.env.invalidate_all()

    def _complaints(self, count, when, **values):
        with freeze_time(when):
            return self.env["helpdesk.ticket"].concat(
                *(self._registered_complaint(**values) for _i in range(count))
            )

    def _detect(self, when="2026-03-31 12:00:00"):
        with freeze_time(when):
            self.env["complaint.recurring.problem"]._cron_detect_recurring_problems()
        return self.env["complaint.recurring.problem"].search(
            [("category_id", "in", (self.category_quality | self.category_staff).ids)]
        )

    def test_threshold_reached_and_not_reached(self):
        quality = self._complaints(3, "2026-03-20 10:00:00")
        staff = self._complaints(
            2, "2026-03-20 10:00:00", category_id=self.category_staff.id
        )
        problems = self._detect()
        self.assertEqual(len(problems), 1)
        self.assertEqual(problems.category_id, self.category_quality)
        self.assertEqual(problems.ticket_ids, quality)
        self.assertEqual(problems.complaint_count, 3)
        self.assertTrue(all(quality.mapped("complaint_recurring")))
        self.assertFalse(any(staff.mapped("complaint_recurring")))
        flagged = self.env["helpdesk.ticket"].search(
            [("complaint_recurring", "=", True)]
        )
        self.assertEqual(flagged & (quality | staff), quality)
        # one activity for each complaint manager, on the cluster
        self.assertEqual(
            problems.activity_ids.user_id, self.user_manager | self.user_manager_2
        )

    def test_old_complaints_do_not_count(self):
        self._complaints(2, "2026-02-01 10:00:00")  # outside the 30 days
        self._complaints(2, "2026-03-20 10:00:00")
        self.assertFalse(self._detect())

    def test_second_run_is_idempotent(self):
        self._complaints(3, "2026-03-20 10:00:00")
        problems = self._detect()
        activities = problems.activity_ids
        messages = problems.message_ids
        problems_again = self._detect("2026-03-31 13:00:00")
        self.assertEqual(problems_again, problems)
        self.assertEqual(problems.activity_ids, activities)
        self.assertEqual(problems.message_ids, messages)
        self.assertEqual(problems.complaint_count, 3)
        # a new complaint joins the same cluster, without a new activity
        newcomer = self._complaints(1, "2026-03-31 14:00:00")
        self._detect("2026-03-31 15:00:00")
        self.assertIn(newcomer, problems.ticket_ids)
        self.assertTrue(newcomer.complaint_recurring)
        self.assertEqual(problems.activity_ids, activities)

    def test_cluster_covered_by_a_plan_is_ignored(self):
        self._complaints(3, "2026-03-20 10:00:00")
        plan = self._plan(category_id=self.category_quality.id)
        plan.action_open()
        self.assertFalse(self._detect())

    def test_plan_opened_from_the_cluster_covers_it(self):
        tickets = self._complaints(3, "2026-03-20 10:00:00")
        problem = self._detect()
        action = problem.with_user(self.user_manager).action_new_corrective_action()
        plan = (
            self.env["complaint.corrective.action"]
            .with_user(self.user_manager)
            .with_context(**action["context"])
            .create({"user_id": self.user_agent.id})
        )
        self.assertEqual(plan.ticket_ids, tickets)
        self.assertEqual(plan.action_type, "preventive")
        self.assertEqual(problem.corrective_action_ids, plan)
        self.assertEqual(problem.state, "open", "a draft plan does not cover yet")
        plan.action_open()
        self.assertEqual(problem.state, "covered")
        self._complaints(1, "2026-03-31 14:00:00")
        self.assertEqual(self._detect("2026-03-31 15:00:00"), problem)
        self.assertEqual(problem.complaint_count, 3)

    def test_cluster_answered_by_a_verified_plan_is_not_flagged_again(self):
        self._complaints(3, "2026-03-10 10:00:00")
        problem = self._detect("2026-03-11 12:00:00")
        action = problem.with_user(self.user_manager).action_new_corrective_action()
        plan = (
            self.env["complaint.corrective.action"]
            .with_context(**action["context"])
            .create({"user_id": self.user_agent.id})
        )
        plan.action_open()
        plan.action_done()
        plan.with_user(self.user_manager).action_verify("It worked.")
        self.assertEqual(plan.state, "verified")
        self.assertEqual(self._detect("2026-03-20 12:00:00"), problem)
        # the cause is back: new complaints make a new cluster
        self._complaints(1, "2026-03-21 10:00:00")
        problems = self._detect("2026-03-21 12:00:00")
        self.assertEqual(len(problems), 2)
        self.assertEqual((problems - problem).complaint_count, 4)

    def test_problem_without_category_or_product_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "needs a category or a product"):
            self.env["complaint.recurring.problem"].create(
                {"company_id": self.company.id}
            )

    def test_other_company_complaints_are_ignored(self):
        team_2 = self.env["helpdesk.ticket.team"].create(
            {
                "name": "C2 desk",
                "is_complaint_team": True,
                "company_id": self.company_2.id,
            }
        )
        # a category shared by both companies
        self.category_quality.company_id = False
        ours = self._complaints(2, "2026-03-20 10:00:00")
        in_c2 = {"company_id": self.company_2.id, "team_id": team_2.id}
        theirs = self._complaints(2, "2026-03-20 10:00:00", **in_c2)
        self.assertFalse(self._detect(), "2 + 2 in two companies is no cluster")
        theirs |= self._complaints(1, "2026-03-20 10:00:00", **in_c2)
        problems = self._detect()
        self.assertEqual(problems.company_id, self.company_2)
        self.assertEqual(problems.ticket_ids, theirs)
        self.assertFalse(any(ours.mapped("complaint_recurring")))

    def test_batches(self):
        categories = self.env["helpdesk.ticket.category"].create(
            [{"name": f"Batch {i}", "complaint_kind": "quality"} for i in range(3)]
        )
        for category in categories:
            self._complaints(3, "2026-03-20 10:00:00", category_id=category.id)
        Problem = self.env["complaint.recurring.problem"]
        with freeze_time("2026-03-31 12:00:00"):
            Problem._cron_detect_recurring_problems(batch_size=2)
            self.assertEqual(
                Problem.search_count([("category_id", "in", categories.ids)]), 2
            )
            Problem._cron_detect_recurring_problems(batch_size=2)
            self.assertEqual(
                Problem.search_count([("category_id", "in", categories.ids)]), 3
            )

    def test_product_named_across_categories(self):
        product = self.env["product.product"].create({"name": "Kettle K-2"})
        other = self.env["product.product"].create({"name": "Toaster T-1"})
        staff = self._complaints(
            1,
            "2026-03-20 10:00:00",
            category_id=self.category_staff.id,
            complaint_product_id=product.id,
        )
        quality = self._complaints(
            2, "2026-03-20 10:00:00", complaint_product_id=product.id
        )
        self._complaints(2, "2026-03-20 10:00:00", complaint_product_id=other.id)
        with freeze_time("2026-03-31 12:00:00"):
            self.env["complaint.recurring.problem"]._cron_detect_recurring_problems()
        problems = self.env["complaint.recurring.problem"].search(
            [("product_id", "in", (product | other).ids)]
        )
        self.assertEqual(problems.product_id, product)
        self.assertFalse(problems.category_id)
        self.assertEqual(problems.ticket_ids, staff | quality)
        self.assertIn("Kettle K-2", problems.display_name)

    def test_product_inside_one_category_is_not_repeated(self):
        product = self.env["product.product"].create({"name": "Blender B-3"})
        self._complaints(3, "2026-03-20 10:00:00", complaint_product_id=product.id)
        problems = self._detect()
        self.assertEqual(len(problems), 1)
        self.assertEqual(problems.category_id, self.category_quality)
        self.assertFalse(
            self.env["complaint.recurring.problem"].search(
                [("product_id", "=", product.id)]
            )
        )

    def _clusters(self):
        """{(category, product): complaints} of the problems flagged in this
        test's categories or about its products."""
        problems = self.env["complaint.recurring.problem"].search(
            [
                "|",
                (
                    "category_id",
                    "in",
                    (self.category_quality | self.category_staff).ids,
                ),
                ("product_id.name", "=like", "Kettle K-%"),
            ]
        )
        return {
            (problem.category_id, problem.product_id): problem.ticket_ids
            for problem in problems
        }

    def test_same_clusters_in_a_larger_window_for_what_is_new(self):
        """A 90-day window holding complaints of two categories and one
        product named in both: the clusters are the groups of at least three
        in the window, as counted here by hand; a second run with nothing new
        reads one index, and a newcomer costs the same in a window ten times
        as full."""
        self.company.complaint_recurring_days = 90
        kettle = self.env["product.product"].create({"name": "Kettle K-9"})
        staff = self.category_staff.id
        old = self._complaints(4, "2025-11-01 10:00:00", category_id=staff)
        quality = self._complaints(3, "2026-01-10 10:00:00")
        quality |= self._complaints(
            2, "2026-02-10 10:00:00", complaint_product_id=kettle.id
        )
        rude = self._complaints(2, "2026-03-01 10:00:00", category_id=staff)
        rude_kettle = self._complaints(
            1, "2026-03-02 10:00:00", category_id=staff, complaint_product_id=kettle.id
        )
        with freeze_time("2026-03-31 12:00:00"):
            self.env["complaint.recurring.problem"]._cron_detect_recurring_problems()
        Category = self.env["helpdesk.ticket.category"]
        Product = self.env["product.product"]
        self.assertEqual(
            self._clusters(),
            {
                (self.category_quality, Product): quality,
                (self.category_staff, Product): rude | rude_kettle,
                # named in both categories: a cluster of its own
                (Category, kettle): quality[3:] | rude_kettle,
            },
        )
        self.assertFalse(any(old.mapped("complaint_recurring")))
        with freeze_time("2026-03-31 13:00:00"):
            nothing_new = self._count_queries(
                self.env["complaint.recurring.problem"]._cron_detect_recurring_problems
            )
        self.assertLessEqual(nothing_new, 1, "a run with nothing new reads one index")

        def newcomer_cost(when):
            newcomer = self._complaints(1, when)
            with freeze_time(when):
                cost = self._count_queries(
                    self.env[
                        "complaint.recurring.problem"
                    ]._cron_detect_recurring_problems
                )
            self.assertIn(newcomer, self._clusters()[self.category_quality, Product])
            return cost

        newcomer_cost("2026-03-31 14:00:00")  # settle the caches
        small = newcomer_cost("2026-03-31 15:00:00")
        self._complaints(30, "2026-03-15 10:00:00")
        # the thirty went into the cluster with the run that saw them
        with freeze_time("2026-03-31 16:00:00"):
            self.env["complaint.recurring.problem"]._cron_detect_recurring_problems()
        large = newcomer_cost("2026-03-31 17:00:00")
        self.assertEqual(large, small)
        self.assertEqual(
            len(self._clusters()[self.category_quality, Product]), 3 + 2 + 2 + 30 + 1
        )
