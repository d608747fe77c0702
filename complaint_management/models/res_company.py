# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_amount, format_date, is_html_empty

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

    complaint_review_month = fields.Date(
        string="Monthly Review Sent For",
        readonly=True,
        copy=False,
        help="The month (its first day) whose complaints review was last "
        "mailed to the complaint managers.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "complaint_journal_no_gap" in vals:
            for company in self:
                sequence = company._get_complaint_sequence()
                implementation = (
                    "no_gap" if company.complaint_journal_no_gap else "standard"
                )
                if sequence.implementation == implementation:
                    continue
                # Odoo drops a standard sequence's PostgreSQL counter when it
                # turns gap-free and goes on from number_next, which a standard
                # sequence never updates: carry the counter over, or the
                # journal hands out numbers it already gave
                # the counter as the database has it now (numbers drawn
                # since are not in the cache)
                sequence.invalidate_recordset(["number_next", "number_next_actual"])
                sequence.write(
                    {
                        "implementation": implementation,
                        "number_next": sequence.number_next_actual,
                    }
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

    # ------------------------------------------------------------
    # The monthly review
    # ------------------------------------------------------------

    @api.model
    def _cron_complaint_monthly_review(self):
        """Daily; on the first working day of a month (or the first run
        after it), mail each company's complaint managers the review of the
        previous month, once: the month sent is stamped on the company."""
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        previous = month_start - relativedelta(months=1)
        companies = self.search(
            [
                "|",
                ("complaint_review_month", "=", False),
                ("complaint_review_month", "<", previous),
            ]
        )
        due = companies.filtered(
            lambda c: c._get_complaint_first_working_day(month_start) <= today
        )
        for company in due:
            company._send_complaint_monthly_review(previous)
        due.write({"complaint_review_month": previous})
        self.env["ir.cron"]._notify_progress(done=len(due), remaining=0)

    def _get_complaint_first_working_day(self, month_start):
        self.ensure_one()
        calendar = self.resource_calendar_id
        days = calendar and calendar._get_complaint_working_days(
            calendar.tz or "UTC", month_start, 1
        )
        return days[0] if days else month_start

    def _get_complaint_monthly_trend(self, last_month, months=12):
        """One row per month, the oldest first, up to ``last_month``: the
        summary report's own figures (volume, justified share, deadlines
        kept, first-contact resolution, satisfaction, cost)."""
        self.ensure_one()
        Wizard = self.env["complaint.report.wizard"]
        rows = []
        for offset in range(months - 1, -1, -1):
            start = last_month - relativedelta(months=offset)
            data = Wizard.new(
                {
                    "company_id": self.id,
                    "date_from": start,
                    "date_to": start + relativedelta(months=1, days=-1),
                }
            )._get_summary_data()
            total = data["total"]
            rows.append(
                {
                    "month": start,
                    "volume": total,
                    "justified_share": data["justified_share"],
                    "on_time_share": 100.0 * (total - data["deadlines_missed"]) / total
                    if total
                    else 0.0,
                    "fcr_share": data["fcr_share"],
                    "satisfaction": data["rating_average"] if data["ratings"] else None,
                    "cost": data["compensation_cost"],
                }
            )
        return rows

    def _send_complaint_monthly_review(self, month):
        """Mail the review of ``month`` to the company's complaint managers,
        in each one's language, the summary's PDF attached."""
        self.ensure_one()
        managers = self.env.ref(
            "complaint_management.group_complaint_manager"
        ).users.filtered(lambda u: not u.share and self in u.company_ids and u.email)
        if not managers:
            return self.env["mail.mail"]
        wizard = self.env["complaint.report.wizard"].create(
            {
                "company_id": self.id,
                "date_from": month,
                "date_to": month + relativedelta(months=1, days=-1),
            }
        )
        report = self.env.ref("complaint_management.action_report_complaint_summary")
        pdf, _type = report._render_qweb_pdf(report.report_name, wizard.ids)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"Complaint summary {month.strftime('%Y-%m')}.pdf",
                "raw": pdf,
                "res_model": "res.company",
                "res_id": self.id,
                "mimetype": "application/pdf",
            }
        )
        trend = self._get_complaint_monthly_trend(month)
        template = self.env.ref(
            "complaint_management.mail_template_complaint_monthly_review"
        )
        mails = self.env["mail.mail"]
        for lang, readers in managers.grouped(lambda u: u.lang or "en_US").items():
            env = self.with_context(lang=lang).env
            rows = [
                {
                    "month": format_date(env, row["month"], date_format="MMMM y"),
                    "volume": row["volume"],
                    "justified_share": f"{row['justified_share']:.0f}",
                    "on_time_share": f"{row['on_time_share']:.0f}",
                    "fcr_share": f"{row['fcr_share']:.0f}",
                    "satisfaction": "–"
                    if row["satisfaction"] is None
                    else f"{row['satisfaction']:.1f} / 5",
                    "cost": format_amount(env, row["cost"], self.currency_id),
                }
                for row in trend
            ]
            mail_id = template.with_context(
                lang=lang,
                complaint_review_month=format_date(env, month, date_format="MMMM y"),
                complaint_review_trend=rows,
                complaint_review_partner_ids=readers.partner_id.ids,
            ).send_mail(
                self.id,
                email_values={"attachment_ids": [Command.link(attachment.id)]},
            )
            mails |= self.env["mail.mail"].browse(mail_id)
        return mails

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
