# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import is_html_empty

COMPLAINT_SEQUENCE_CODE = "helpdesk.ticket.complaint"


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_compensation_warning_amount = fields.Monetary(
        string="Compensation Warning Threshold",
        currency_field="currency_id",
        help="Warn agents when a customer's compensation over the last 12 "
        "months exceeds this amount. Zero disables the warning.",
    )

    complaint_recurring_threshold = fields.Integer(
        string="Recurring Problem: Complaints",
        default=3,
        help="A category with at least this many complaints within the period "
        "is a recurring problem.",
    )
    complaint_recurring_days = fields.Integer(
        string="Recurring Problem: Days", default=30
    )

    complaint_followup_hours = fields.Integer(
        string="Satisfaction Follow-up After (hours)",
        default=24,
        help="Hours after a complaint is closed before the customer is asked "
        "whether they are satisfied.",
    )
    complaint_escalation_enabled = fields.Boolean(
        string="Escalate Overdue Complaints", default=True
    )
    complaint_reminder_days = fields.Integer(
        string="Reminder Lead Time (working days)",
        default=1,
        help="Working days before the deadline when the agent is reminded.",
    )
    complaint_regime_id = fields.Many2one(
        comodel_name="complaint.regime",
        string="Default Complaint Regime",
        domain="['|', ('company_id', '=', False), ('company_id', '=', id)]",
        help="The rules complaints are handled under when neither their "
        "category nor their team names one; empty: the company's own policy.",
    )
    complaint_recourse_text = fields.Html(
        string="Where to Turn If the Customer Disagrees",
        translate=True,
        help="Printed on every response letter: the ombudsman, arbitration body "
        "or consumer authority the customer may turn to.",
    )

    complaint_flood_limit = fields.Integer(
        string="New Complaints per Sender",
        default=5,
        help="A sender may open at most this many complaints by e-mail within "
        "the period; further messages join their latest open complaint. "
        "0 disables the limit.",
    )
    complaint_flood_minutes = fields.Integer(string="Within (minutes)", default=60)

    complaint_four_eyes_amount = fields.Monetary(
        string="Four-Eyes Amount",
        currency_field="currency_id",
        help="Compensations above this amount need the approval of two "
        "different managers, whatever their limits. 0 disables it.",
    )
    complaint_journal_no_gap = fields.Boolean(
        string="Gap-Free Complaint Journal",
        help="Number complaints without gaps even when a registration fails. "
        "The price: registrations at the same moment wait for each other (the "
        "journal's counter is locked until each finishes), and under heavy "
        "load some must be retried. Leave unticked for speed; numbers are "
        "unique and never reused either way.",
    )

    complaint_retention_years = fields.Integer(
        string="Complaint Retention (years)",
        default=5,
        help="Years a closed complaint's personal data is kept after closing; "
        "then the customer's name, contact data, messages and attachments are "
        "removed, and its journal line and figures stay.",
    )
    complaint_anonymous_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Anonymised Customer",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="The contact anonymised complaints of the company point to.",
    )

    complaint_policy = fields.Html(
        string="Complaints Policy",
        translate=True,
        sanitize=True,
        help="Published on the complaints policy page, linked from the public "
        "complaint form, the acknowledgement and the response letter: how to "
        "complain, what happens, the deadlines, where to turn if unsatisfied. "
        "Empty: the default text shipped with the module, in the reader's "
        "language.",
    )
    complaint_form_ip_limit = fields.Integer(
        string="Public Form: Complaints per IP Address per Hour",
        default=5,
        help="0 disables the limit.",
    )
    complaint_form_email_limit = fields.Integer(
        string="Public Form: Complaints per E-mail Address per Hour",
        default=3,
        help="0 disables the limit.",
    )
    complaint_form_max_size_mb = fields.Integer(
        string="Public Form: Largest Attachment (MB)",
        default=10,
        help="Each file attached on the public form may be at most this large.",
    )

    complaint_sequence_id = fields.Many2one(
        comodel_name="ir.sequence",
        string="Complaint Journal Sequence",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )

    @api.constrains("complaint_retention_years")
    def _check_complaint_retention_years(self):
        for company in self:
            if company.complaint_retention_years < 1:
                raise ValidationError(
                    self.env._(
                        "Complaints are kept at least one year after closing: set "
                        "the retention period to 1 year or more."
                    )
                )

    @api.constrains(
        "complaint_form_ip_limit",
        "complaint_form_email_limit",
        "complaint_form_max_size_mb",
    )
    def _check_complaint_form_limits(self):
        for company in self:
            if (
                min(company.complaint_form_ip_limit, company.complaint_form_email_limit)
                < 0
                or company.complaint_form_max_size_mb < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The public form's limits cannot be negative, and an "
                        "attachment may be at least 1 MB."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        for company in companies:
            company._get_complaint_sequence()
        return companies

    @api.model
    def _link_complaint_sequences(self):
        for company in self.with_context(active_test=False).search([]):
            company._get_complaint_sequence()

    @api.model
    def _complaint_set_default_report_layout(self):
        """Give the companies that chose no document layout Odoo's standard
        one, so that the first letter printed is the letter, not Odoo's
        layout wizard on an invoice preview. A layout already chosen stays."""
        layout = self.env.ref("web.external_layout_standard", raise_if_not_found=False)
        if not layout:
            return
        self.with_context(active_test=False).search(
            [("external_report_layout_id", "=", False)]
        ).write({"external_report_layout_id": layout.id})

    def write(self, vals):
        result = super().write(vals)
        if "complaint_journal_no_gap" in vals:
            for company in self:
                company._get_complaint_sequence().implementation = (
                    "no_gap" if company.complaint_journal_no_gap else "standard"
                )
        return result

    def _get_complaint_sequence(self):
        """The company's own complaint journal sequence, made with the company.

        Each company numbers its journal independently; a shared sequence
        (company_id False) would interleave the companies' numbers. The link
        is kept on the company, so registering does not search for it.
        """
        self.ensure_one()
        # sudo: ir.sequence is technical data agents cannot read; we only
        # read or create this company's own complaint journal sequence.
        company = self.sudo()
        if not company.complaint_sequence_id:
            company.complaint_sequence_id = (
                company._find_complaint_sequence()
                or company._create_complaint_sequence()
            )
        return company.complaint_sequence_id

    def _get_complaint_anonymous_partner(self):
        """The one contact the company's anonymised complaints point to, made
        the first time it is needed: archived, no contact data."""
        self.ensure_one()
        # sudo: the link is technical; the contact holds no personal data
        company = self.sudo()
        if not company.complaint_anonymous_partner_id:
            company.complaint_anonymous_partner_id = company.env["res.partner"].create(
                {
                    "name": company.env._("Anonymised customer"),
                    "company_id": company.id,
                    "active": False,
                    "type": "contact",
                }
            )
        return company.complaint_anonymous_partner_id.with_env(self.env)

    def _find_complaint_sequence(self):
        """A journal sequence made before the company kept its link."""
        return self.env["ir.sequence"].search(
            [("code", "=", COMPLAINT_SEQUENCE_CODE), ("company_id", "=", self.id)],
            limit=1,
        )

    def _create_complaint_sequence(self):
        return self.env["ir.sequence"].create(
            {
                "name": self.env._("Complaint journal (%s)", self.name),
                "code": COMPLAINT_SEQUENCE_CODE,
                "company_id": self.id,
                "prefix": "CMP/%(year)s/",
                "padding": 5,
                "implementation": "no_gap"
                if self.complaint_journal_no_gap
                else "standard",
            }
        )

    def _get_complaint_policy_html(self):
        """The company's complaints policy, else the shipped default text, in
        the current language."""
        self.ensure_one()
        policy = self.complaint_policy
        if policy and not is_html_empty(policy):
            return policy
        # sudo: the default text is a public page's content, rendered for
        # visitors who may not read views
        return Markup(
            self.env["ir.qweb"]
            .sudo()
            ._render("complaint_management.complaint_policy_default", {"company": self})
        )

    def _get_complaint_policy_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/complaint/policy/{self.id}"
