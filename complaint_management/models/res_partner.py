# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import heapq
import io
import re
import zipfile
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.safe_eval import safe_eval

from .helpdesk_ticket import JUSTIFIED

# the name of a customer's complaint data export, kept on the customer
EXPORT_NAME = "complaint-data-{customer}-{date}.zip"
EXPORT_PATTERN = "complaint-data-%.zip"
LATEST_ON_CARD = 10


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_latest_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        string="Latest Complaints",
        compute="_compute_complaint_latest",
        help="The customer's ten latest complaints; the Complaints button "
        "lists them all.",
    )
    complaint_compensation_latest_ids = fields.Many2many(
        comodel_name="complaint.compensation",
        string="Latest Compensations",
        compute="_compute_complaint_latest",
        help="The customer's ten latest compensations; the Compensation "
        "button lists them all.",
    )
    complaint_count = fields.Integer(compute="_compute_complaint_figures")
    complaint_justified_share = fields.Float(
        string="Justified Complaints (%)",
        compute="_compute_complaint_figures",
        help="Share of the customer's assessed complaints found justified or "
        "partly justified.",
    )
    complaint_last_date = fields.Datetime(
        string="Last Complaint", compute="_compute_complaint_figures"
    )
    complaint_currency_id = fields.Many2one(
        comodel_name="res.currency", compute="_compute_complaint_figures"
    )
    complaint_compensation_total = fields.Monetary(
        string="Compensation Granted",
        currency_field="complaint_currency_id",
        compute="_compute_complaint_figures",
        help="Accepted and delivered compensation, in the company's currency.",
    )
    complaint_compensation_recent = fields.Monetary(
        string="Compensation (12 months)",
        currency_field="complaint_currency_id",
        compute="_compute_complaint_figures",
    )
    complaint_compensation_warning = fields.Boolean(
        string="Compensation Above Threshold",
        compute="_compute_complaint_figures",
        help="Compensation granted over the last 12 months exceeds the "
        "company's threshold.",
    )
    # not granted yet, each figure apart (never summed with what is granted)
    complaint_compensation_offered = fields.Monetary(
        string="Offered, Awaiting Answer",
        currency_field="complaint_currency_id",
        compute="_compute_complaint_compensation_pending",
        help="Offered to the customer, who has not answered yet.",
    )
    complaint_compensation_approved = fields.Monetary(
        string="Approved, Not Yet Offered",
        currency_field="complaint_currency_id",
        compute="_compute_complaint_compensation_pending",
    )
    complaint_compensation_to_approve = fields.Monetary(
        string="Awaiting Approval",
        currency_field="complaint_currency_id",
        compute="_compute_complaint_compensation_pending",
    )

    # the supplier claims: on the customer card, what suppliers paid back on
    # the customer's complaints; on the vendor card, what it was claimed
    complaint_supplier_recovered = fields.Monetary(
        groups="complaint_management.group_complaint_user",
        string="Recovered from Suppliers",
        currency_field="supplier_claim_currency_id",
        compute="_compute_supplier_claim_figures",
        help="What suppliers at fault agreed to pay back on this customer's "
        "complaints, in the company's currency.",
    )
    supplier_claim_currency_id = fields.Many2one(
        groups="complaint_management.group_complaint_user",
        comodel_name="res.currency",
        compute="_compute_supplier_claim_figures",
    )
    supplier_claim_count = fields.Integer(
        groups="complaint_management.group_complaint_user",
        string="Supplier Claims",
        compute="_compute_supplier_claim_figures",
    )
    supplier_complaint_count = fields.Integer(
        groups="complaint_management.group_complaint_user",
        string="Complaints Caused",
        compute="_compute_supplier_claim_figures",
        help="Complaints assessed with this supplier at fault and claimed from it.",
    )
    supplier_claimed_amount = fields.Monetary(
        groups="complaint_management.group_complaint_user",
        string="Claimed",
        currency_field="supplier_claim_currency_id",
        compute="_compute_supplier_claim_figures",
        help="What the claims sent to this supplier ask for, in the company's "
        "currency.",
    )
    supplier_recovered_amount = fields.Monetary(
        groups="complaint_management.group_complaint_user",
        string="Recovered",
        currency_field="supplier_claim_currency_id",
        compute="_compute_supplier_claim_figures",
        help="What this supplier agreed to pay back, in the company's currency.",
    )
    supplier_recovery_rate = fields.Float(
        groups="complaint_management.group_complaint_user",
        string="Recovery Rate (%)",
        compute="_compute_supplier_claim_figures",
        help="Recovered of what was claimed in the claims the supplier answered.",
    )

    @api.depends_context("company")
    def _compute_complaint_figures(self):
        """One grouped query per figure, whatever the number of partners."""
        commercial_ids = self.commercial_partner_id.ids
        company = self.env.company
        counts, justified, assessed, last_dates = self._complaint_ticket_figures(
            commercial_ids
        )
        since = fields.Datetime.now() - timedelta(days=365)
        totals = self._complaint_granted_sums(commercial_ids, company)
        recent = self._complaint_granted_sums(commercial_ids, company, since)
        threshold = company.complaint_compensation_warning_amount
        for partner in self:
            key = partner.commercial_partner_id.id
            partner.complaint_count = counts[key]
            partner.complaint_justified_share = (
                100.0 * justified[key] / assessed[key] if assessed[key] else 0.0
            )
            partner.complaint_last_date = last_dates.get(key, False)
            partner.complaint_currency_id = company.currency_id
            partner.complaint_compensation_total = totals[key]
            partner.complaint_compensation_recent = recent[key]
            partner.complaint_compensation_warning = bool(
                threshold and recent[key] > threshold
            )

    @api.depends_context("company")
    def _compute_complaint_compensation_pending(self):
        """One grouped query whatever the number of partners."""
        company = self.env.company
        sums = self.env["complaint.compensation"]._complaint_sum_by_figure(
            [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            "commercial_partner_id",
            lambda partner: (company.currency_id, company),
        )
        for partner in self:
            key = partner.commercial_partner_id.id
            partner.complaint_compensation_offered = sums[key, "offered"]
            partner.complaint_compensation_approved = sums[key, "approved"]
            partner.complaint_compensation_to_approve = sums[key, "to_approve"]

    @api.depends_context("company")
    def _compute_supplier_claim_figures(self):
        """Grouped queries, whatever the number of partners."""
        company = self.env.company
        Claim = self.env["complaint.supplier.claim"]
        commercial_ids = self.commercial_partner_id.ids
        target = lambda _record: (company.currency_id, company)  # noqa: E731
        as_customer = Claim._complaint_sum_recovery(
            [("customer_id", "in", commercial_ids)], "customer_id", target
        )
        vendor = defaultdict(lambda: defaultdict(float))
        for partner_id, row in Claim._complaint_sum_recovery(
            [("partner_id", "child_of", commercial_ids)], "partner_id", target
        ).items():
            key = self.browse(partner_id).commercial_partner_id.id
            for figure, value in row.items():
                vendor[key][figure] += value
        caused = defaultdict(set)
        for partner, ticket_ids in Claim._read_group(
            [
                ("partner_id", "child_of", commercial_ids),
                ("state", "!=", "cancel"),
            ],
            ["partner_id"],
            ["ticket_id:array_agg"],
        ):
            caused[partner.commercial_partner_id.id].update(ticket_ids)
        for partner in self:
            key = partner.commercial_partner_id.id
            row = vendor[key]
            partner.supplier_claim_currency_id = company.currency_id
            partner.complaint_supplier_recovered = as_customer[key]["recovered"]
            partner.supplier_claim_count = int(row["count"])
            partner.supplier_complaint_count = len(caused[key])
            partner.supplier_claimed_amount = row["claimed"]
            partner.supplier_recovered_amount = row["recovered"]
            partner.supplier_recovery_rate = (
                100.0 * row["recovered"] / row["decided_claimed"]
                if row["decided_claimed"]
                else 0.0
            )

    @api.depends("commercial_partner_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_complaint_latest(self):
        """A customer may have thousands of complaints: the card shows the
        latest few, one query per model whatever the number of partners."""
        commercial_ids = self.commercial_partner_id.ids
        tickets = self._latest_per_commercial_partner(
            "helpdesk.ticket", [("is_complaint", "=", True)], commercial_ids
        )
        compensations = self._latest_per_commercial_partner(
            "complaint.compensation", [], commercial_ids
        )
        for partner in self:
            key = partner.commercial_partner_id.id
            partner.complaint_latest_ids = tickets.get(key, [])
            partner.complaint_compensation_latest_ids = compensations.get(key, [])

    def _latest_per_commercial_partner(self, model_name, domain, commercial_ids):
        """{commercial partner id: ids of its newest records}, record rules
        applied."""
        groups = self.env[model_name]._read_group(
            domain + [("commercial_partner_id", "in", commercial_ids)],
            ["commercial_partner_id"],
            ["id:array_agg"],
        )
        return {
            partner.id: heapq.nlargest(LATEST_ON_CARD, ids) for partner, ids in groups
        }

    def _complaint_ticket_figures(self, commercial_ids):
        counts, justified, assessed = (defaultdict(int) for _i in range(3))
        last_dates = {}
        groups = self.env["helpdesk.ticket"]._read_group(
            [
                ("is_complaint", "=", True),
                ("commercial_partner_id", "in", commercial_ids),
            ],
            ["commercial_partner_id", "complaint_assessment"],
            ["__count", "create_date:max"],
        )
        for partner, assessment, count, last_date in groups:
            counts[partner.id] += count
            if assessment in JUSTIFIED:
                justified[partner.id] += count
            if assessment not in (False, "pending"):
                assessed[partner.id] += count
            last_dates[partner.id] = max(
                last_dates.get(partner.id, last_date), last_date
            )
        return counts, justified, assessed, last_dates

    def _complaint_granted_sums(self, commercial_ids, company, since=None):
        """Granted compensation per commercial partner, in company currency:
        the compensations' figures (see ``_complaint_sum_by_figure``)."""
        domain = [("commercial_partner_id", "in", commercial_ids)]
        if since:
            domain.append(("customer_decision_date", ">=", since))
        sums = self.env["complaint.compensation"]._complaint_sum_by_figure(
            domain,
            "commercial_partner_id",
            lambda partner: (company.currency_id, company),
        )
        granted = defaultdict(float)
        for (partner_id, figure), amount in sums.items():
            if figure == "granted":
                granted[partner_id] = amount
        return granted

    def action_view_complaints(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.action_complaint_all"
        )
        action["domain"] = [
            ("is_complaint", "=", True),
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
        ]
        # New there records a complaint of this customer, as in the app
        action["context"] = dict(
            safe_eval(action.get("context") or "{}"), default_partner_id=self.id
        )
        return action

    def action_view_complaint_compensations(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.action_complaint_compensation"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {}
        return action

    def action_view_supplier_claims(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.action_complaint_supplier_claim"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------
    # The customer's requests about their personal data
    # ------------------------------------------------------------

    def action_complaint_export_data(self):
        """Everything held about the customer's complaints, in one zip."""
        self.ensure_one()
        self._check_complaint_data_request()
        export = self._complaint_export_data()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{export.id}?download=true",
            "target": "self",
        }

    def action_complaint_erase_data(self):
        """Anonymise the customer's complaints retention allows; say why the
        others are kept."""
        self.ensure_one()
        self._check_complaint_data_request()
        erased, refused = self._complaint_erase_data()
        lines = []
        if erased:
            lines.append(
                self.env._(
                    "Anonymised: %(refs)s.",
                    refs=", ".join(erased.mapped(self._complaint_label)),
                )
            )
        lines.extend(
            self.env._(
                "Kept: %(ref)s, %(reason)s.",
                ref=self._complaint_label(ticket),
                reason=reason,
            )
            for ticket, reason in refused
        )
        if not lines:
            lines.append(self.env._("No complaint data is held about this customer."))
        self._message_log(
            body=Markup("<p>%s</p>")
            % self.env._("Request to erase the complaint data:")
            + Markup("<ul>%s</ul>")
            % Markup().join(Markup("<li>%s</li>") % line for line in lines)
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Erase Complaint Data"),
                "message": " ".join(lines),
                "type": "success" if not refused else "warning",
                "sticky": bool(refused),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _check_complaint_data_request(self):
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise AccessError(
                self.env._(
                    "Only a complaint manager exports or erases a customer's "
                    "complaint data."
                )
            )

    @api.model
    def _complaint_label(self, ticket):
        return ticket.complaint_ref or ticket.number or str(ticket.id)

    def _get_complaint_data_complaints(self):
        """The complaints of these customers and their contacts, archived
        ones too; anonymised ones no longer point to them."""
        return (
            self.env["helpdesk.ticket"]
            .with_context(active_test=False)
            .search(
                [("is_complaint", "=", True), ("partner_id", "child_of", self.ids)],
                order="id",
            )
        )

    def _complaint_erase_data(self):
        """Anonymise what retention allows: (anonymised complaints,
        [(complaint kept, why)])."""
        tickets = self._get_complaint_data_complaints()
        refused = []
        allowed = tickets.browse()
        for ticket in tickets:
            reason = ticket._get_complaint_erase_refusal()
            if reason:
                refused.append((ticket, reason))
            else:
                allowed |= ticket
        erased = allowed._complaint_anonymise(
            self.env._("the customer asked for their data to be erased.")
        )
        # sudo: the exports made for the customer held what was just erased
        self.env["ir.attachment"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("name", "=like", EXPORT_PATTERN),
            ]
        ).unlink()
        return erased, refused

    def _complaint_export_data(self):
        """A zip of an HTML summary per complaint (fields, compensations,
        messages) and its attachments, kept on the customer as an attachment."""
        self.ensure_one()
        tickets = self._get_complaint_data_complaints()
        # sudo: a complaint manager's export of the complaints found above:
        # their messages, ratings and attachments, whoever wrote them
        Message = self.env["mail.message"].sudo()
        Attachment = self.env["ir.attachment"].sudo()
        QWeb = self.env["ir.qweb"].with_context(lang=self.lang or self.env.lang)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "index.html",
                QWeb._render(
                    "complaint_management.complaint_data_export_index",
                    {
                        "partner": self,
                        "tickets": tickets,
                        "company": self.env.company,
                        "exported_on": fields.Datetime.to_string(fields.Datetime.now()),
                    },
                ),
            )
            for ticket in tickets:
                compensations = ticket.with_context(active_test=False).compensation_ids
                threads = [
                    "|",
                    "&",
                    ("model", "=", ticket._name),
                    ("res_id", "=", ticket.id),
                    "&",
                    ("model", "=", compensations._name),
                    ("res_id", "in", compensations.ids),
                ]
                messages = Message.search(threads, order="date, id")
                attachments = Attachment.search(
                    [
                        "|",
                        "|",
                        "&",
                        ("res_model", "=", ticket._name),
                        ("res_id", "=", ticket.id),
                        "&",
                        ("res_model", "=", compensations._name),
                        ("res_id", "in", compensations.ids),
                        ("id", "in", messages.attachment_ids.ids),
                    ],
                    order="id",
                )
                folder = self._complaint_export_name(self._complaint_label(ticket))
                archive.writestr(
                    f"{folder}/summary.html",
                    QWeb._render(
                        "complaint_management.complaint_data_export_summary",
                        {
                            "ticket": ticket,
                            "compensations": compensations,
                            "messages": messages,
                            "attachments": attachments,
                        },
                    ),
                )
                for attachment in attachments:
                    name = self._complaint_export_name(attachment.name)
                    archive.writestr(
                        f"{folder}/attachments/{attachment.id}-{name}",
                        attachment.raw or b"",
                    )
        # sudo: the manager's download, kept on the customer's record
        return Attachment.create(
            {
                "name": EXPORT_NAME.format(
                    customer=self._complaint_export_name(self.name or str(self.id)),
                    date=fields.Date.context_today(self),
                ),
                "raw": buffer.getvalue(),
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
            }
        ).with_env(self.env)

    @api.model
    def _complaint_export_name(self, name):
        """A file or folder name safe in any archive tool."""
        return re.sub(r"[^\w.-]+", "-", name or "").strip("-") or "file"
