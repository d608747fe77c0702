# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    company_currency_id = fields.Many2one(
        comodel_name="res.currency",
        related="company_id.currency_id",
        string="Company Currency",
        readonly=True,
    )
    complaint_compensation_warning_amount = fields.Monetary(
        related="company_id.complaint_compensation_warning_amount",
        currency_field="company_currency_id",
        readonly=False,
    )
    complaint_recurring_threshold = fields.Integer(
        related="company_id.complaint_recurring_threshold", readonly=False
    )
    complaint_recurring_days = fields.Integer(
        related="company_id.complaint_recurring_days", readonly=False
    )
    complaint_followup_hours = fields.Integer(
        related="company_id.complaint_followup_hours", readonly=False
    )
    complaint_escalation_enabled = fields.Boolean(
        related="company_id.complaint_escalation_enabled", readonly=False
    )
    complaint_reminder_days = fields.Integer(
        related="company_id.complaint_reminder_days", readonly=False
    )
    complaint_regime_id = fields.Many2one(
        related="company_id.complaint_regime_id", readonly=False
    )
    complaint_recourse_text = fields.Html(
        related="company_id.complaint_recourse_text", readonly=False
    )
    complaint_flood_limit = fields.Integer(
        related="company_id.complaint_flood_limit", readonly=False
    )
    complaint_flood_minutes = fields.Integer(
        related="company_id.complaint_flood_minutes", readonly=False
    )
    complaint_four_eyes_amount = fields.Monetary(
        related="company_id.complaint_four_eyes_amount",
        currency_field="company_currency_id",
        readonly=False,
    )
    complaint_journal_no_gap = fields.Boolean(
        related="company_id.complaint_journal_no_gap", readonly=False
    )
    complaint_retention_years = fields.Integer(
        related="company_id.complaint_retention_years", readonly=False
    )
    complaint_policy = fields.Html(
        related="company_id.complaint_policy", readonly=False
    )
    complaint_form_ip_limit = fields.Integer(
        related="company_id.complaint_form_ip_limit", readonly=False
    )
    complaint_form_email_limit = fields.Integer(
        related="company_id.complaint_form_email_limit", readonly=False
    )
    complaint_form_max_size_mb = fields.Integer(
        related="company_id.complaint_form_max_size_mb", readonly=False
    )
