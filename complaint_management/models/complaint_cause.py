# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ComplaintCause(models.Model):
    """A root cause from the company's list, chosen at assessment: the
    figures, the regulatory return and the recurring-problem detector count
    complaints by it, where the free-text root cause only tells the story."""

    _name = "complaint.cause"
    _description = "Complaint Root Cause"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "parent_path"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    parent_id = fields.Many2one(
        comodel_name="complaint.cause",
        string="Parent Cause",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    child_ids = fields.One2many(
        comodel_name="complaint.cause",
        inverse_name="parent_id",
        string="Sub-causes",
    )
    parent_path = fields.Char(index=True)
    complete_name = fields.Char(
        string="Full Name",
        compute="_compute_complete_name",
        recursive=True,
        search="_search_complete_name",
    )
    description = fields.Text(
        translate=True,
        help="What the cause covers, so that agents choose it alike.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="Leave empty to share the cause with every company.",
    )

    @api.depends("name", "parent_id.complete_name")
    @api.depends_context("lang")
    def _compute_complete_name(self):
        for cause in self:
            if cause.parent_id:
                cause.complete_name = f"{cause.parent_id.complete_name} / {cause.name}"
            else:
                cause.complete_name = cause.name

    def _search_complete_name(self, operator, value):
        causes = self.search_fetch([], ["complete_name"]).filtered_domain(
            [("complete_name", operator, value)]
        )
        return [("id", "in", causes.ids)]
