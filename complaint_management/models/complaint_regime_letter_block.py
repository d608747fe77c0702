# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools


class ComplaintRegimeLetterBlock(models.Model):
    """A passage a final response must contain under a regime (the
    ombudsman, the right to refer, the ADR entity), written once per
    company and language."""

    _name = "complaint.regime.letter.block"
    _description = "Complaint Regime Letter Block"
    _order = "regime_id, sequence, id"
    _check_company_auto = True

    regime_id = fields.Many2one(
        comodel_name="complaint.regime",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        index=True,
        help="The company whose text this is; empty: every company's, unless "
        "it writes its own block with the same code.",
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    required = fields.Boolean(default=True)
    summary_resolution = fields.Boolean(
        string="In Summary Resolutions Too",
        help="Also printed (and required) in the short letter that settles a "
        "complaint within the regime's summary resolution time.",
    )
    text = fields.Html(
        translate=True,
        help="What the letter says, in each of the customers' languages.",
    )
    guidance = fields.Text(
        translate=True, help="What the text must contain under the rules."
    )

    def _has_text(self):
        self.ensure_one()
        return bool(tools.html2plaintext(self.text or "").strip())
