# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from bisect import bisect_right
from datetime import datetime, time, timedelta

import pytz
import xlsxwriter

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.helpdesk_ticket import ASSESSED, JUSTIFIED

# A complaint resolved by the close of the third business day after the day
# it was received (FCA DISP 1.5's summary resolution) is counted apart.
QUICK_BUSINESS_DAYS = 3
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The figures of one line of the return, in the order the columns show them.
COUNT_FIGURES = (
    "opened",
    "closed_quick",
    "closed_on_time",
    "closed_late",
    "still_open",
    "assessed",
    "upheld",
)


class ComplaintReturnWizard(models.TransientModel):
    """The regulatory return for a period: complaints opened, how fast they
    were closed, the upheld share and the redress, by product group and cause.

    It takes the period, company and categories of the journal's wizard and
    its ``_get_domain``: a filter added there (a statutory regime, say) applies
    to the return as well."""

    _name = "complaint.return.wizard"
    _inherit = "complaint.report.wizard"
    _description = "Complaint Regulatory Return"

    def action_print_return(self):
        return self.env.ref(
            "complaint_management.action_report_complaint_return"
        ).report_action(self)

    def action_download_return_xlsx(self):
        self.ensure_one()
        attachment = self._make_return_xlsx_attachment()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------

    def _get_return_period_end(self):
        return datetime.combine(self.date_to, time.max)

    def _get_return_tz(self):
        calendar = self.company_id.resource_calendar_id
        return pytz.timezone(calendar.tz or self.env.user.tz or "UTC")

    def _get_quick_close_limits(self):
        """(local day, UTC limit) for each day a complaint of the period may
        have been received on: the end of the third business day after it, on
        the company's working calendar (public holidays included). One
        reading of the calendar for the whole period."""
        self.ensure_one()
        tz = self._get_return_tz()
        # the domain's bounds are UTC: the local days reach one day further
        first_day = self.date_from - timedelta(days=1)
        last_day = self.date_to + timedelta(days=1)
        span = (last_day - first_day).days
        calendar = self.company_id.resource_calendar_id
        working_days = (
            calendar._get_complaint_working_days(
                tz.zone, first_day + timedelta(days=1), span + 2 * QUICK_BUSINESS_DAYS
            )
            if calendar
            else ()
        )
        limits = []
        for offset in range(span + 1):
            day = first_day + timedelta(days=offset)
            index = bisect_right(working_days, day) + QUICK_BUSINESS_DAYS - 1
            if index < len(working_days):
                limit_day = working_days[index]
            else:  # no calendar, or one without working days: calendar days
                limit_day = day + timedelta(days=QUICK_BUSINESS_DAYS)
            local = tz.localize(datetime.combine(limit_day, time(23, 59, 59)))
            limits.append((day, local.astimezone(pytz.utc).replace(tzinfo=None)))
        return limits

    def _get_return_data(self):
        """The return's lines and totals. Aggregates only: one query over the
        complaints and one over their compensations, whatever the period."""
        self.ensure_one()
        Ticket = self.env["helpdesk.ticket"].with_context(active_test=False)
        domain = self._get_domain()
        counts = self._return_counts(Ticket._search(domain))
        redress = self._return_redress(domain)
        keys = set(counts) | set(redress)
        categories = self.env["product.category"].browse(
            {key[0] for key in keys if key[0]}
        )
        causes = self.env["complaint.cause"].with_context(active_test=False)
        causes = causes.browse({key[1] for key in keys if key[1]})
        # the causes and their parents in one read, for their full names
        causes.browse(
            {
                int(i)
                for path in causes.mapped("parent_path")
                for i in path.split("/")[:-1]
            }
        ).fetch(["name"])
        lines = []
        for categ_id, cause_id in keys:
            line = dict.fromkeys(COUNT_FIGURES, 0)
            line.update(counts.get((categ_id, cause_id), {}))
            granted, paid = redress.get((categ_id, cause_id), (0.0, 0.0))
            line.update(redress_granted=granted, redress_paid=paid)
            line["product_group"] = (
                categories.browse(categ_id).complete_name
                if categ_id
                else self.env._("No product")
            )
            line["cause"] = (
                causes.browse(cause_id).complete_name
                if cause_id
                else self.env._("No cause given")
            )
            lines.append(self._with_shares(line))
        lines.sort(key=lambda line: (line["product_group"], line["cause"]))
        total = dict.fromkeys(COUNT_FIGURES, 0)
        total.update(redress_granted=0.0, redress_paid=0.0)
        for line in lines:
            for figure in total:
                total[figure] += line[figure]
        total.update(product_group=self.env._("Total"), cause="")
        return {
            "lines": lines,
            "total": self._with_shares(total),
            "currency": self.company_id.currency_id,
        }

    @api.model
    def _with_shares(self, line):
        assessed = line["assessed"]
        line["upheld_share"] = line["upheld"] / assessed if assessed else 0.0
        return line

    def _return_counts(self, query):
        """Counts by (product category id, cause id) of the complaints
        ``query`` selects: opened; closed by the end of the period within
        three business days, later but within their deadline, or after it;
        still open; assessed and upheld (justified or partly justified).

        A complaint is closed when its final response was sent, or when it
        was closed without one: the rule the journal's on-time figures
        apply."""
        limits = SQL(", ").join(
            SQL("(%s::date, %s::timestamp)", day, limit)
            for day, limit in self._get_quick_close_limits()
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH complaint AS (%(complaints)s),
            quick_limit (day, limit_date) AS (VALUES %(limits)s),
            fact AS (
                SELECT template.categ_id,
                       ticket.complaint_cause_id AS cause_id,
                       ticket.complaint_assessment AS assessment,
                       -- a changed answer date keeps the promise before it
                       COALESCE(ticket.complaint_promised_deadline,
                                ticket.complaint_deadline) AS deadline,
                       quick_limit.limit_date,
                       -- answered by the end of the period, or NULL
                       CASE WHEN COALESCE(
                           ticket.complaint_response_sent_date, ticket.closed_date
                       ) <= %(end)s THEN COALESCE(
                           ticket.complaint_response_sent_date, ticket.closed_date
                       ) END AS answered
                  FROM helpdesk_ticket ticket
                  JOIN complaint ON complaint.id = ticket.id
             LEFT JOIN product_product product
                    ON product.id = ticket.complaint_product_id
             LEFT JOIN product_template template
                    ON template.id = product.product_tmpl_id
             LEFT JOIN quick_limit ON quick_limit.day = timezone(
                           %(tz)s, timezone('UTC', ticket.complaint_registered_date)
                       )::date
            )
            SELECT categ_id, cause_id,
                   COUNT(*),
                   COUNT(*) FILTER (WHERE answered <= limit_date),
                   COUNT(*) FILTER (
                       WHERE answered > limit_date AND answered <= deadline
                   ),
                   COUNT(*) FILTER (
                       WHERE answered > limit_date
                         AND (deadline IS NULL OR answered > deadline)
                   ),
                   COUNT(*) FILTER (WHERE answered IS NULL),
                   COUNT(*) FILTER (WHERE assessment IN %(assessed)s),
                   COUNT(*) FILTER (WHERE assessment IN %(upheld)s)
              FROM fact
          GROUP BY categ_id, cause_id
            """,
                complaints=query.select(),
                limits=limits,
                end=self._get_return_period_end(),
                tz=self._get_return_tz().zone,
                assessed=ASSESSED,
                upheld=JUSTIFIED,
            )
        )
        return {
            (categ_id, cause_id): dict(zip(COUNT_FIGURES, figures, strict=False))
            for categ_id, cause_id, *figures in self.env.cr.fetchall()
        }

    def _return_redress(self, domain):
        """(granted, paid) by (product category id, cause id), in the
        company's currency: compensations the customers accepted or that were
        delivered, and of those the ones paid by the end of the period."""
        Compensation = self.env["complaint.compensation"].with_context(
            active_test=False
        )
        query = Compensation._search(
            Compensation._complaint_granted_domain([("ticket_id", "any", domain)])
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT template.categ_id, ticket.complaint_cause_id,
                   compensation.currency_id,
                   SUM(compensation.granted_amount),
                   COALESCE(
                       SUM(compensation.granted_amount) FILTER (
                           WHERE compensation.paid_date <= %(end)s
                       ),
                       0
                   )
              FROM complaint_compensation compensation
              JOIN helpdesk_ticket ticket ON ticket.id = compensation.ticket_id
         LEFT JOIN product_product product
                ON product.id = ticket.complaint_product_id
         LEFT JOIN product_template template
                ON template.id = product.product_tmpl_id
             WHERE compensation.id IN (%(compensations)s)
          GROUP BY 1, 2, 3
            """,
                compensations=query.select(),
                end=self._get_return_period_end(),
            )
        )
        company = self.company_id
        day = min(self.date_to, fields.Date.context_today(self))
        redress = {}
        for categ_id, cause_id, currency_id, granted, paid in self.env.cr.fetchall():
            currency = self.env["res.currency"].browse(currency_id)
            granted, paid = (
                currency._convert(amount, company.currency_id, company, day)
                for amount in (granted, paid)
            )
            before = redress.get((categ_id, cause_id), (0.0, 0.0))
            redress[categ_id, cause_id] = (before[0] + granted, before[1] + paid)
        return redress

    # ------------------------------------------------------------
    # Spreadsheet
    # ------------------------------------------------------------

    def _get_return_columns(self):
        """(key, heading, kind) of the spreadsheet's and the PDF's columns."""
        _ = self.env._
        return [
            ("product_group", _("Product group"), "text"),
            ("cause", _("Cause"), "text"),
            ("opened", _("Opened"), "count"),
            ("closed_quick", _("Closed within 3 business days"), "count"),
            ("closed_on_time", _("Closed later, within the deadline"), "count"),
            ("closed_late", _("Closed after the deadline"), "count"),
            ("still_open", _("Still open"), "count"),
            ("assessed", _("Assessed"), "count"),
            ("upheld", _("Upheld"), "count"),
            ("upheld_share", _("Upheld share"), "share"),
            ("redress_granted", _("Redress granted"), "money"),
            ("redress_paid", _("Redress paid"), "money"),
        ]

    def _get_return_filename(self, extension):
        return "{} {} - {}.{}".format(
            self.env._("Complaint return"), self.date_from, self.date_to, extension
        )

    def _make_return_xlsx(self):
        """The return as an .xlsx workbook: a title, the period, one row per
        product group and cause, then the totals; figures as numbers."""
        self.ensure_one()
        data = self._get_return_data()
        columns = self._get_return_columns()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(self.env._("Return")[:31])
        bold = workbook.add_format({"bold": True})
        heading = workbook.add_format({"bold": True, "text_wrap": True, "bottom": 1})
        currency = data["currency"]
        number_formats = {
            "text": "@",
            "count": "0",
            "share": "0.0%",
            "money": "#,##0.{}".format("0" * currency.decimal_places).rstrip("."),
        }
        formats = {
            kind: workbook.add_format({"num_format": number_format})
            for kind, number_format in number_formats.items()
        }
        total_formats = {
            kind: workbook.add_format(
                {"bold": True, "top": 1, "num_format": number_format}
            )
            for kind, number_format in number_formats.items()
        }
        sheet.write(0, 0, self.env._("Complaint Regulatory Return"), bold)
        sheet.write(1, 0, self.company_id.name)
        sheet.write(
            2,
            0,
            self.env._(
                "From %(start)s to %(end)s; amounts in %(currency)s",
                start=self.date_from.isoformat(),
                end=self.date_to.isoformat(),
                currency=currency.name,
            ),
        )
        header_row = 4
        for col, (_key, label, kind) in enumerate(columns):
            sheet.write(header_row, col, label, heading)
            sheet.set_column(col, col, 28 if kind == "text" else 14)
        row = header_row
        for line in data["lines"]:
            row += 1
            for col, (key, _label, kind) in enumerate(columns):
                sheet.write(row, col, line[key], formats[kind])
        row += 1
        for col, (key, _label, kind) in enumerate(columns):
            sheet.write(row, col, data["total"][key], total_formats[kind])
        sheet.freeze_panes(header_row + 1, 2)
        workbook.close()
        return output.getvalue()

    def _make_return_xlsx_attachment(self):
        self.ensure_one()
        return self.env["ir.attachment"].create(
            {
                "name": self._get_return_filename("xlsx"),
                "datas": base64.b64encode(self._make_return_xlsx()),
                "mimetype": XLSX_MIMETYPE,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
