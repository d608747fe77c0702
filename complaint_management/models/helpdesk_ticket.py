# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from ..exceptions import PhraseGuardError
from .complaint_regime_clock import DEMANDS

_logger = logging.getLogger(__name__)

# Stamps: what the registration, the assessment, the response's signature
# and sending, the customer's withdrawal and the scheduled actions record.
# Only they write these fields (complaint.workflow.mixin).
WORKFLOW_FIELDS = frozenset(
    {
        "complaint_state",
        # the journal
        "complaint_ref",
        "complaint_registered_date",
        "complaint_deadline",
        "complaint_reminder_date",
        # who assessed, who withdrew
        "complaint_assessed_by_id",
        "complaint_assessed_date",
        "complaint_withdrawn_by_id",
        "complaint_withdrawn_date",
        # the written response
        "complaint_response_signed_by_id",
        "complaint_response_signed_date",
        "complaint_response_sent_date",
        "complaint_response_sent_by_id",
        "complaint_response_letter_queued_date",
        # the scheduled actions' marks
        "complaint_reminder_sent",
        "complaint_escalated",
        "complaint_followup_sent_date",
        "complaint_poor_rating",
        "complaint_recurring",
        # retention: when the personal data was removed
        "complaint_anonymised_date",
        # the daily practice: assignment, first contact, first response
        "complaint_assign_due",
        "complaint_first_response_date",
        "complaint_fcr_date",
        "complaint_fcr_by_id",
        "complaint_fcr_agreement",
    }
)
# the messages that answer a customer: posted in the chatter or sent by mail
RESPONSE_MESSAGE_TYPES = ("comment", "email_outgoing")
ASSESSED = ("justified", "partially_justified", "unjustified")
# Assessed as founded, wholly or in part (the upheld share of the returns).
JUSTIFIED = ("justified", "partially_justified")
# what _complaint_post_template renders of a mail template, as the composer
# does for one message (mail.compose.message in comment mode)
TEMPLATE_POST_FIELDS = frozenset(
    {
        "attachment_ids",
        "auto_delete",
        "body_html",
        "email_cc",
        "email_from",
        "email_layout_xmlid",
        "email_to",
        "lang",
        "mail_server_id",
        "partner_to",
        "report_template_ids",
        "scheduled_date",
        "subject",
    }
)
# The lifecycle: where a complaint stands (see _compute_complaint_state).
COMPLAINT_STATES = [
    ("draft", "Draft"),
    ("registered", "Registered"),
    ("assessed", "Assessed"),
    ("response_signed", "Response Signed"),
    ("response_sent", "Response Sent"),
    ("closed", "Closed"),
    ("withdrawn", "Withdrawn"),
    ("duplicate", "Duplicate"),
]
# Registered and not answered yet: the deadline's clock runs.
AWAITING_ANSWER = ("registered", "assessed", "response_signed")
# Registered and not closed.
OPEN_STATES = (*AWAITING_ANSWER, "response_sent")
CLOSED_STATES = ("closed", "withdrawn", "duplicate")
# What the response letter prints for the customer: signed as a whole, kept
# as sent.
LETTER_FIELDS = (
    "complaint_customer_summary",
    "complaint_customer_findings",
    "complaint_response",
)
SUBJECT_MAX_LENGTH = 200
POOR_RATING = 2
LETTER_RETRY_SECONDS = 30
# The complaint's automatic activities, each of its own type.
ACTIVITY_DEADLINE = "complaint_management.mail_activity_complaint_deadline"
ACTIVITY_ESCALATION = "complaint_management.mail_activity_complaint_escalation"
ACTIVITY_POOR_RATING = "complaint_management.mail_activity_complaint_poor_rating"
ACTIVITY_UNASSIGNED = "complaint_management.mail_activity_complaint_unassigned"
# The facts complaint_state is computed from.
STATE_FACTS = frozenset(
    {
        "is_complaint",
        "complaint_ref",
        "complaint_assessment",
        "complaint_response_signed_by_id",
        "complaint_response_sent_date",
        "complaint_close_reason",
        "complaint_fcr_date",
        "stage_id",
    }
)


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "complaint.workflow.mixin"]
    _rec_names_search = ["number", "complaint_ref", "name"]
    _workflow_fields = WORKFLOW_FIELDS

    # ------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------

    is_complaint = fields.Boolean(
        string="Complaint",
        compute="_compute_is_complaint",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Set when the category has a complaint kind or the team is a "
        "complaints desk; an agent can also mark any ticket as a complaint.",
    )
    complaint_state = fields.Selection(
        selection=COMPLAINT_STATES,
        string="Complaint Status",
        compute="_compute_complaint_state",
        store=True,
        index=True,
        copy=False,
        tracking=True,
        group_expand="_read_group_complaint_state",
        help="Where the complaint stands, from its facts: registered in the "
        "journal, assessed, its response signed and sent, closed; or closed "
        "without assessment as withdrawn or a duplicate.",
    )
    complaint_kind = fields.Selection(
        related="category_id.complaint_kind",
        store=True,
        string="Complaint Kind",
    )
    complaint_ref = fields.Char(
        string="Complaint Number",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Number in the company's complaint journal, given at registration.",
    )
    complaint_registered_date = fields.Datetime(
        string="Registered On", readonly=True, copy=False, index=True
    )
    complaint_deadline = fields.Datetime(
        string="Response Deadline",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="The date promised to the customer for a reasoned answer: the "
        "registration date plus the category's working days.",
    )
    complaint_deadline_date = fields.Date(
        string="Answer By",
        compute="_compute_complaint_deadline_date",
        # the calendar's timezone is read for the portal customer too
        compute_sudo=True,
        help="The deadline's date in the company's timezone: the date promised "
        "to the customer.",
    )
    complaint_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_complaint_deadline_state",
        search="_search_complaint_overdue",
    )
    complaint_deadline_state = fields.Selection(
        selection=[
            ("on_track", "On track"),
            ("at_risk", "Due within a day"),
            ("overdue", "Overdue"),
            ("answered", "Answered"),
            ("closed", "Closed"),
        ],
        string="Deadline Status",
        compute="_compute_complaint_deadline_state",
    )
    customer_mood = fields.Selection(
        selection=[
            ("calm", "Calm"),
            ("irritated", "Irritated"),
            ("aggressive", "Aggressive"),
        ],
        help="The customer's state at first contact: it changes how the first "
        "conversation should go.",
    )
    complaint_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product Concerned",
        index=True,
        help="The product the complaint is about, where there is one: complaints "
        "about the same product are grouped when recurring problems are sought.",
    )
    complaint_remedy_sought = fields.Text(
        string="Remedy Sought",
        help="What the customer asks for, in their own words.",
    )
    # the regime: the law's (or the company's) clocks, penalty and letter
    complaint_received_date = fields.Datetime(
        string="Received On",
        default=fields.Datetime.now,
        copy=False,
        help="When the complaint reached the company: the clocks of regimes "
        "that count from receipt start here.",
    )
    complaint_regime_id = fields.Many2one(
        comodel_name="complaint.regime",
        string="Regime",
        index=True,
        copy=False,
        tracking=True,
        check_company=True,
        help="The rules the complaint is handled under: its clocks, penalty "
        "and letter. Set at registration from the category, the team or the "
        "company; frozen once registered.",
    )
    complaint_clock_ids = fields.One2many(
        comodel_name="complaint.clock",
        inverse_name="ticket_id",
        string="Clocks",
        copy=False,
    )
    complaint_demand = fields.Selection(
        selection=DEMANDS,
        string="Customer's Demand",
        tracking=True,
        copy=False,
        help="The remedy the customer demands, as the law names it: it "
        "starts the regime's remedy clock.",
    )
    complaint_demand_date = fields.Datetime(
        string="Demanded On",
        copy=False,
        help="When the customer made the demand; set to now when the demand "
        "is chosen.",
    )
    complaint_original_deadline = fields.Datetime(
        string="Originally Promised",
        compute="_compute_complaint_clock_summary",
        help="The response deadline first promised, before any holding reply "
        "or new date.",
    )
    complaint_promised_deadline = fields.Datetime(
        string="On-Time Limit",
        compute="_compute_complaint_promised_deadline",
        store=True,
        copy=False,
        help="The date the on-time figures count the answer against: the "
        "response deadline, or, where the answer date was changed, the date "
        "promised before. A holding reply's extension within the regime's "
        "limit counts as the deadline.",
    )
    complaint_deadline_change_reason = fields.Text(
        string="Reason for the New Date",
        compute="_compute_complaint_clock_summary",
    )
    complaint_can_hold = fields.Boolean(
        string="Holding Reply Possible",
        compute="_compute_complaint_clock_summary",
    )
    complaint_has_penalty = fields.Boolean(
        related="complaint_regime_id.has_penalty", string="Penalty Rule"
    )
    complaint_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    complaint_penalty_price = fields.Monetary(
        string="Price for the Penalty",
        currency_field="complaint_company_currency_id",
        copy=False,
        tracking=True,
        help="The price of the goods or service the penalty is a share of.",
    )
    complaint_penalty_days = fields.Integer(
        string="Days Late",
        compute="_compute_complaint_penalty",
        help="Days the remedy is late: until it was done, or until today.",
    )
    complaint_penalty_amount = fields.Monetary(
        string="Penalty Exposure",
        currency_field="complaint_company_currency_id",
        compute="_compute_complaint_penalty",
        help="Price × the regime's daily rate × days late, within its cap.",
    )
    complaint_assessment = fields.Selection(
        selection=[
            ("pending", "Pending"),
            ("justified", "Justified"),
            ("partially_justified", "Partly justified"),
            ("unjustified", "Unjustified"),
        ],
        string="Assessment",
        default="pending",
        copy=False,
        index=True,
        tracking=True,
    )
    complaint_fault = fields.Selection(
        groups="base.group_user",
        selection=[
            ("company", "The company"),
            ("employee", "An employee"),
            ("supplier", "A supplier"),
            ("carrier", "A carrier"),
            ("customer", "The customer"),
            ("third_party", "A third party"),
            ("none", "Nobody"),
        ],
        string="At Fault",
        copy=False,
        tracking=True,
    )
    complaint_root_cause = fields.Text(
        groups="base.group_user", string="Root Cause", copy=False
    )
    complaint_cause_id = fields.Many2one(
        comodel_name="complaint.cause",
        string="Cause",
        index=True,
        copy=False,
        tracking=True,
        check_company=True,
        help="The root cause from the company's list, chosen at assessment: "
        "the analyses, the regulatory return and the recurring-problem "
        "detector count complaints by it.",
    )
    complaint_assessment_note = fields.Text(
        groups="base.group_user",
        string="Assessment Note",
        copy=False,
        help="Internal: what the investigation found and why the complaint was "
        "assessed so. Never shown to the customer; the letter prints the "
        "findings written for the customer instead.",
    )
    complaint_assessed_by_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Assessed By",
        readonly=True,
        copy=False,
    )
    complaint_assessed_date = fields.Datetime(
        groups="base.group_user", string="Assessed On", readonly=True, copy=False
    )
    complaint_apology_given = fields.Boolean(
        string="Apology Given", copy=False, tracking=True
    )
    complaint_close_reason = fields.Selection(
        selection=[
            ("withdrawn", "Withdrawn by the customer"),
            ("duplicate", "Duplicate"),
        ],
        string="Closed Without Assessment",
        copy=False,
        tracking=True,
        help="A complaint may be closed before it is assessed only when the "
        "customer withdrew it or it duplicates another one.",
    )
    complaint_close_note = fields.Text(string="Closing Note", copy=False)
    complaint_withdrawn_by_id = fields.Many2one(
        comodel_name="res.partner", string="Withdrawn By", readonly=True, copy=False
    )
    complaint_withdrawn_date = fields.Datetime(
        string="Withdrawn On", readonly=True, copy=False
    )
    complaint_reminder_date = fields.Datetime(
        string="Reminder Due",
        readonly=True,
        copy=False,
        index=True,
        help="When the agent is reminded that the deadline is near.",
    )
    complaint_reminder_sent = fields.Boolean(readonly=True, copy=False, index=True)
    complaint_escalated = fields.Boolean(
        string="Escalated",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="The deadline passed and the complaint was escalated.",
    )
    complaint_followup_sent_date = fields.Datetime(
        string="Satisfaction Request Sent", readonly=True, copy=False, index=True
    )
    complaint_poor_rating = fields.Boolean(
        string="Customer Not Satisfied",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    complaint_response = fields.Html(
        string="Written Response",
        copy=False,
        help="Sent to the customer: the decision and the remedy, printed in "
        'the response letter under "Our decision".',
    )
    # the letter's other texts, written for the customer: the description
    # and the assessment note are the agents' own and never go out
    complaint_customer_summary = fields.Text(
        string="What You Told Us",
        copy=False,
        help="Sent to the customer: the complaint as we restate it to them, "
        'printed in the response letter under "What you told us". Not the '
        "description, which may hold the agent's own notes.",
    )
    complaint_customer_findings = fields.Text(
        string="What We Found",
        copy=False,
        help="Sent to the customer: what the investigation found, in words for "
        'the customer, printed in the response letter under "What we found". '
        "The assessment note stays internal.",
    )
    complaint_response_signed_by_id = fields.Many2one(
        tracking=True,
        comodel_name="res.users",
        string="Signed By",
        readonly=True,
        copy=False,
    )
    complaint_response_signed_date = fields.Datetime(
        string="Signed On", readonly=True, copy=False
    )
    complaint_response_sent_date = fields.Datetime(
        string="Response Sent On", readonly=True, copy=False, index=True
    )
    complaint_response_sent_by_id = fields.Many2one(
        tracking=True,
        comodel_name="res.users",
        string="Sent By",
        readonly=True,
        copy=False,
    )
    # set while the PDF letter waits for its scheduled action: rendering it
    # takes seconds, which the agent's request should not wait for
    complaint_response_letter_queued_date = fields.Datetime(
        string="Letter Queued On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The response is sent; its PDF letter is being produced and "
        "will be e-mailed to the customer within a few minutes.",
    )
    closed_date = fields.Datetime(index=True)
    # searched by the intake's flood check and the customer card
    partner_id = fields.Many2one(index=True)
    commercial_partner_id = fields.Many2one(index=True)
    # helpdesk_mgmt's form lists a ticket's duplicates: scanned without it
    duplicate_id = fields.Many2one(index="btree_not_null")
    # helpdesk_mgmt's internal notes are not the customer's business
    notes = fields.Html(groups="base.group_user")
    complaint_language_mismatch = fields.Boolean(
        string="Language Mismatch",
        compute="_compute_complaint_language_mismatch",
        search="_search_complaint_language_mismatch",
        help="The customer writes in a language the assigned agent does not "
        "speak with customers.",
    )
    corrective_action_ids = fields.Many2many(
        comodel_name="complaint.corrective.action",
        relation="complaint_corrective_action_ticket_rel",
        column1="ticket_id",
        column2="action_id",
        string="Action Plans",
        copy=False,
    )
    corrective_action_count = fields.Integer(compute="_compute_corrective_action_count")
    complaint_recurring = fields.Boolean(
        string="Recurring Problem",
        readonly=True,
        copy=False,
        index=True,
        help="Part of a cluster of similar recent complaints that no action "
        "plan covered when it was found.",
    )
    complaint_recurring_problem_ids = fields.Many2many(
        comodel_name="complaint.recurring.problem",
        relation="complaint_recurring_problem_ticket_rel",
        column1="ticket_id",
        column2="problem_id",
        string="Recurring Problems",
        readonly=True,
        copy=False,
    )
    # what the recurring-problem search has not looked at yet: set when a
    # complaint is registered or its category, product or cause changes,
    # cleared by the search (partial index, see init)
    complaint_recurring_pending = fields.Boolean(
        string="Awaiting the Recurring-Problem Search",
        compute="_compute_complaint_recurring_pending",
        store=True,
        copy=False,
    )
    compensation_ids = fields.One2many(
        comodel_name="complaint.compensation",
        inverse_name="ticket_id",
        string="Compensations",
    )
    supplier_claim_ids = fields.One2many(
        comodel_name="complaint.supplier.claim",
        inverse_name="ticket_id",
        string="Supplier Claims",
        groups="complaint_management.group_complaint_user",
    )
    supplier_claim_count = fields.Integer(
        compute="_compute_supplier_claim_count",
        groups="complaint_management.group_complaint_user",
    )
    customer_complaint_count = fields.Integer(
        related="commercial_partner_id.complaint_count",
        string="Customer's Complaints",
    )
    customer_compensation_total = fields.Monetary(
        related="commercial_partner_id.complaint_compensation_total",
        currency_field="customer_currency_id",
        string="Customer's Compensation",
    )
    customer_currency_id = fields.Many2one(
        related="commercial_partner_id.complaint_currency_id"
    )
    customer_compensation_warning = fields.Boolean(
        related="commercial_partner_id.complaint_compensation_warning"
    )
    # this complaint's compensation, figure by figure (never summed)
    compensation_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Compensation Currency"
    )
    compensation_granted_amount = fields.Monetary(
        string="Compensation Granted",
        currency_field="compensation_currency_id",
        compute="_compute_compensation_amounts",
        help="Accepted by the customer or delivered, in the company's currency.",
    )
    compensation_offered_amount = fields.Monetary(
        string="Offered, Awaiting Answer",
        currency_field="compensation_currency_id",
        compute="_compute_compensation_amounts",
        help="Offered to the customer, who has not answered yet.",
    )
    compensation_approved_amount = fields.Monetary(
        string="Approved, Not Yet Offered",
        currency_field="compensation_currency_id",
        compute="_compute_compensation_amounts",
    )
    compensation_to_approve_amount = fields.Monetary(
        string="Awaiting Approval",
        currency_field="compensation_currency_id",
        compute="_compute_compensation_amounts",
    )
    # retention of personal data
    complaint_legal_hold = fields.Boolean(
        string="Legal Hold",
        copy=False,
        index=True,
        tracking=True,
        help="Keeps the complaint's personal data past the retention period "
        "(a dispute, a court case, a regulator's inquiry): it is not "
        "anonymised while the hold lasts. Only a complaint manager sets or "
        "lifts it.",
    )
    complaint_retention_end = fields.Datetime(
        string="Personal Data Kept Until",
        compute="_compute_complaint_retention_end",
        store=True,
        copy=False,
        # the anonymisation's scheduled action searches the few that are set
        index="btree_not_null",
        help="The end of the retention period after closing: the customer's "
        "personal data is then removed, unless the complaint is on legal hold.",
    )
    complaint_anonymised_date = fields.Datetime(
        string="Anonymised On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the customer's name, contact data, messages and attachments "
        "were removed. The journal line and its figures stay; it cannot be "
        "undone.",
    )

    # the daily practice: the right person within a day, first contact
    complaint_assign_due = fields.Datetime(
        string="Assign By",
        readonly=True,
        copy=False,
        # the alert's scheduled action searches the few still unassigned
        index="btree_not_null",
        help="Registered without an agent: the team leader is alerted if no "
        "one is assigned by the end of the next working day.",
    )
    # stamped by the message itself (mail.message): the returns' median reads
    # it instead of searching the messages of every complaint of the period
    complaint_first_response_date = fields.Datetime(
        string="First Response On",
        readonly=True,
        copy=False,
        help="When someone other than the customer first wrote to the customer "
        "(a message, not an internal note; the acknowledgement does not count).",
    )
    complaint_fcr_date = fields.Datetime(
        string="Resolved at First Contact On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Settled with the customer during the first contact, within the "
        "agent's own limit: closed without a signed letter, confirmed to the "
        "customer in a short message.",
    )
    complaint_fcr_by_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Resolved at First Contact By",
        readonly=True,
        copy=False,
    )
    complaint_fcr_agreement = fields.Selection(
        selection=[
            ("phone", "By phone"),
            ("chat", "In a chat"),
            ("counter", "At the counter"),
        ],
        string="Customer Agreed",
        readonly=True,
        copy=False,
        help="How the customer agreed to the resolution at first contact.",
    )
    complaint_employee_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Employee Concerned",
        index="btree_not_null",
        tracking=True,
        domain="[('share', '=', False)]",
        help="The employee whose work or conduct the complaint is about: "
        "their account is heard and staff-conduct complaints are analysed "
        "per employee.",
    )
    complaint_statement_ids = fields.One2many(
        groups="complaint_management.group_complaint_user",
        comodel_name="complaint.statement",
        inverse_name="ticket_id",
        string="Statements",
        copy=False,
    )

    _sql_constraints = [
        (
            "complaint_ref_company_uniq",
            "unique(company_id, complaint_ref)",
            "This complaint number is already used in the company: make sure "
            "the complaint journal's next number was not set back.",
        ),
    ]

    def init(self):
        res = super().init()
        cr = self.env.cr
        # the recurring-problem search: what is new since its last run, then
        # the counts of the groups it touches within the window
        tools.create_index(
            cr,
            "helpdesk_ticket_complaint_recurring_pending_index",
            self._table,
            ["company_id"],
            where="complaint_recurring_pending",
        )
        # the journal's count: Odoo's list counts up to 10,001 rows on each
        # page, here from the registered complaints' company ids alone (an
        # index-only scan of a few pages: 1.3 ms, against 2 ms through the
        # unique (company_id, complaint_ref) index, at 1,000,000); ordinary
        # tickets are not in it
        tools.create_index(
            cr,
            "helpdesk_ticket_complaint_journal_index",
            self._table,
            ["company_id"],
            where="complaint_ref <> ''",
        )
        # an agent's load at assignment: open complaints counted from the
        # index alone, and the latest one given, one index lookup per agent
        tools.create_index(
            cr,
            "helpdesk_ticket_complaint_agent_load_index",
            self._table,
            ["user_id", "complaint_registered_date", "complaint_state"],
            where="is_complaint AND user_id IS NOT NULL",
        )
        for column in ("category_id", "complaint_product_id"):
            tools.create_index(
                cr,
                f"helpdesk_ticket_complaint_recurring_{column}_index",
                self._table,
                [column, "complaint_registered_date"],
                where="complaint_registered_date IS NOT NULL",
            )
        return res

    # ------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------

    @api.depends("category_id.complaint_kind", "team_id.is_complaint_team")
    def _compute_is_complaint(self):
        for ticket in self:
            ticket.is_complaint = ticket.is_complaint or bool(
                ticket.category_id.complaint_kind or ticket.team_id.is_complaint_team
            )

    @api.depends(*STATE_FACTS, "stage_id.closed")
    def _compute_complaint_state(self):
        for ticket in self:
            ticket.complaint_state = ticket._get_complaint_state()

    def _get_complaint_state(self):
        self.ensure_one()
        if not self.is_complaint:
            return False
        if self.stage_id.closed:
            return self.complaint_close_reason or "closed"
        if not self.complaint_ref:
            return "draft"
        if self.complaint_response_sent_date:
            return "response_sent"
        if self.complaint_response_signed_by_id:
            return "response_signed"
        if self.complaint_assessment in ASSESSED:
            return "assessed"
        return "registered"

    @api.depends("number", "name", "complaint_ref", "is_complaint")
    def _compute_display_name(self):
        """A registered complaint is known by its journal number, the one its
        customer reads in every letter; other tickets by their helpdesk
        number. A new record has no number yet: its title, else "New
        Complaint" for a complaint (the web client says "New" otherwise)."""
        for ticket in self:
            number = ticket.complaint_ref or (
                ticket.number if ticket.number != "/" else False
            )
            name = " - ".join(part for part in (number, ticket.name) if part)
            if not name and ticket.is_complaint:
                name = self.env._("New Complaint")
            ticket.display_name = name or False

    @api.model
    def _read_group_complaint_state(self, states, domain):
        """The kanban's columns: the lifecycle's main path always, a
        withdrawn or duplicate column only when a complaint is there."""
        main_path = [
            state for state, _label in COMPLAINT_STATES if state not in CLOSED_STATES
        ]
        main_path.append("closed")
        return main_path + [state for state in states if state not in main_path]

    @api.depends("user_id")
    def _compute_team_id(self):
        """helpdesk_mgmt gives a ticket without a team its user's first team.
        Membership is no signal that a ticket is a complaint: a complaints
        desk is that default only for a ticket already in a complaint
        category; any other ticket gets the user's first other team."""
        for ticket in self:
            teams = ticket.user_id.helpdesk_team_ids
            if ticket.team_id or not teams:
                continue
            complaint_desks = teams.filtered("is_complaint_team")
            if ticket.category_id.complaint_kind:
                ticket.team_id = (complaint_desks or teams)[:1]
            else:
                ticket.team_id = (teams - complaint_desks)[:1]

    @api.depends("complaint_deadline", "company_id.resource_calendar_id.tz")
    def _compute_complaint_deadline_date(self):
        for ticket in self:
            deadline = ticket.complaint_deadline
            ticket.complaint_deadline_date = (
                deadline and ticket._to_complaint_local(deadline).date()
            )

    @api.depends("complaint_deadline", "complaint_state")
    def _compute_complaint_deadline_state(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.complaint_deadline_state = ticket._get_complaint_deadline_state(now)
            ticket.complaint_overdue = ticket.complaint_deadline_state == "overdue"

    @api.depends("partner_id.lang", "user_id.complaint_lang_ids", "user_id.lang")
    def _compute_complaint_language_mismatch(self):
        for ticket in self:
            lang = ticket.partner_id.lang
            ticket.complaint_language_mismatch = bool(
                ticket.is_complaint
                and lang
                and ticket.user_id
                and not ticket.user_id._speaks(lang)
            )

    def _search_complaint_language_mismatch(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("“Language Mismatch” can only be searched as true or false.")
            )
        open_with_agent = [
            ("is_complaint", "=", True),
            ("user_id", "!=", False),
            ("stage_id.closed", "=", False),
        ]
        # one clause per agent with open complaints: agents are few, complaints
        # many, and the database compares the languages
        per_agent = [
            [
                ("user_id", "=", agent.id),
                ("partner_id.lang", "not in", agent._complaint_lang_codes()),
            ]
            for [agent] in self._read_group(open_with_agent, ["user_id"])
        ]
        mismatched = expression.AND(
            [
                open_with_agent,
                [("partner_id.lang", "!=", False)],
                expression.OR(per_agent) if per_agent else expression.FALSE_DOMAIN,
            ]
        )
        wanted = (operator == "=") == value
        return mismatched if wanted else ["!", *mismatched]

    @api.depends(
        "complaint_state",
        "closed_date",
        "complaint_anonymised_date",
        "company_id.complaint_retention_years",
        "complaint_regime_id.retention_years",
    )
    def _compute_complaint_retention_end(self):
        for ticket in self:
            ticket.complaint_retention_end = (
                ticket.closed_date
                + relativedelta(years=ticket._get_complaint_retention_years())
                if ticket.complaint_state in CLOSED_STATES
                and ticket.closed_date
                and not ticket.complaint_anonymised_date
                else False
            )

    @api.depends(
        "is_complaint",
        "company_id",
        "category_id",
        "complaint_product_id",
        "complaint_cause_id",
        "complaint_registered_date",
    )
    def _compute_complaint_recurring_pending(self):
        for ticket in self:
            ticket.complaint_recurring_pending = bool(
                ticket.is_complaint and ticket.complaint_registered_date
            )

    @api.depends("corrective_action_ids")
    def _compute_corrective_action_count(self):
        for ticket in self:
            ticket.corrective_action_count = len(ticket.corrective_action_ids)

    @api.depends(
        "compensation_ids.state",
        "compensation_ids.amount",
        "compensation_ids.granted_amount",
        "compensation_ids.currency_id",
    )
    def _compute_compensation_amounts(self):
        sums = self.env["complaint.compensation"]._complaint_sum_by_figure(
            [("ticket_id", "in", self._origin.ids)],
            "ticket_id",
            lambda ticket: (
                (ticket.company_id or self.env.company).currency_id,
                ticket.company_id or self.env.company,
            ),
        )
        for ticket in self:
            key = ticket._origin.id
            ticket.compensation_granted_amount = sums[key, "granted"]
            ticket.compensation_offered_amount = sums[key, "offered"]
            ticket.compensation_approved_amount = sums[key, "approved"]
            ticket.compensation_to_approve_amount = sums[key, "to_approve"]

    @api.depends("supplier_claim_ids")
    def _compute_supplier_claim_count(self):
        for ticket in self:
            ticket.supplier_claim_count = len(ticket.supplier_claim_ids)

    def _get_complaint_deadline_state(self, now):
        self.ensure_one()
        if not self.complaint_deadline:
            return False
        if self.complaint_state in CLOSED_STATES:
            return "closed"
        if self.complaint_state not in AWAITING_ANSWER:
            return "answered"
        if self.complaint_deadline < now:
            return "overdue"
        if self.complaint_deadline < now + timedelta(days=1):
            return "at_risk"
        return "on_track"

    def _search_complaint_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                self.env._("Overdue can only be searched as true or false.")
            )
        overdue = expression.AND(
            [
                [("complaint_deadline", "<", fields.Datetime.now())],
                [("complaint_state", "in", AWAITING_ANSWER)],
            ]
        )
        return overdue if (operator == "=") == value else ["!", *overdue]

    # ------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------

    @api.constrains("complaint_assessment", "complaint_assessment_note")
    def _check_complaint_assessment_note(self):
        for ticket in self:
            if (
                ticket.complaint_assessment not in (False, "pending")
                and not (ticket.complaint_assessment_note or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(ref)s is assessed but the assessment note "
                        "is empty: explain what was found and why.",
                        ref=ticket.complaint_ref or ticket.display_name,
                    )
                )

    @api.constrains("complaint_close_reason", "complaint_close_note")
    def _check_complaint_close_note(self):
        for ticket in self:
            if (
                ticket.complaint_close_reason
                and not (ticket.complaint_close_note or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(ref)s: a withdrawal or a duplicate needs a "
                        "closing note. Write down why the complaint is closed.",
                        ref=ticket.complaint_ref or ticket.display_name,
                    )
                )

    @api.constrains("complaint_cause_id", "company_id")
    def _check_complaint_cause_company(self):
        for ticket in self.filtered("complaint_cause_id.company_id"):
            if ticket.complaint_cause_id.company_id != ticket.company_id:
                raise ValidationError(
                    self.env._(
                        "The cause %(cause)s belongs to another company than "
                        "complaint %(ref)s: choose a cause of %(company)s or one "
                        "shared by every company.",
                        cause=ticket.complaint_cause_id.display_name,
                        ref=ticket.complaint_ref or ticket.number,
                        company=ticket.company_id.name,
                    )
                )

    @api.constrains("stage_id", "complaint_assessment", "complaint_close_reason")
    def _check_complaint_closable(self):
        for ticket in self:
            if (
                ticket.is_complaint
                and ticket.stage_id.closed
                and ticket.complaint_assessment in (False, "pending")
                and not ticket.complaint_close_reason
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(ref)s cannot be closed while its assessment "
                        "is pending. Assess it first, or record that the customer "
                        "withdrew it or that it is a duplicate, with a note.",
                        ref=ticket.complaint_ref or ticket.display_name,
                    )
                )

    @api.constrains("stage_id", "complaint_assessment", "category_id")
    def _check_complaint_action_plan(self):
        for ticket in self:
            if (
                ticket.is_complaint
                and ticket.stage_id.closed
                and ticket.category_id.complaint_requires_action
                and ticket.complaint_assessment in ("justified", "partially_justified")
                and not ticket.corrective_action_ids.filtered(
                    lambda plan: plan.state in ("open", "done", "verified")
                )
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(ref)s cannot be closed without an action plan: "
                        "its category %(category)s asks for one on every justified "
                        "complaint. Link a plan and open it first.",
                        ref=ticket.complaint_ref or ticket.display_name,
                        category=ticket.category_id.complete_name,
                    )
                )

    @api.constrains("stage_id", "complaint_assessment", "complaint_response_sent_date")
    def _check_complaint_response_sent(self):
        for ticket in self:
            if (
                ticket.is_complaint
                and ticket.stage_id.closed
                and ticket.complaint_assessment in ASSESSED
                and not ticket.complaint_response_sent_date
                and not ticket.complaint_fcr_date
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(ref)s cannot be closed before the customer "
                        "has received the signed written response. Have a manager "
                        "sign the response, then send it.",
                        ref=ticket.complaint_ref or ticket.display_name,
                    )
                )

    @api.constrains("is_complaint")
    def _check_registered_stays_complaint(self):
        for ticket in self:
            if ticket.complaint_ref and not ticket.is_complaint:
                raise ValidationError(
                    self.env._(
                        "Complaint %(ref)s is registered in the complaint journal "
                        "and stays a complaint. If it needs no more work, close it "
                        "instead.",
                        ref=ticket.complaint_ref,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        """*New* in the Complaints app (context key ``complaint_desk_default``)
        records a complaint of the company's complaints desk, taken by phone,
        unless the caller chose otherwise."""
        tickets = self
        if self.env.context.get("complaint_desk_default"):
            tickets = self.with_context(**self._complaint_desk_defaults())
        return super(HelpdeskTicket, tickets).default_get(fields_list)

    @api.model
    def _complaint_desk_defaults(self):
        context = self.env.context
        defaults = {"default_is_complaint": True}
        if not context.get("default_team_id"):
            company = self.env["res.company"].browse(
                context.get("default_company_id") or self.env.company.id
            )
            desks = self.env["helpdesk.ticket.team"].search(
                [
                    ("is_complaint_team", "=", True),
                    ("company_id", "in", (company.id, False)),
                ]
            )
            # the desk the user works at, else the company's first one
            desk = desks.filtered(lambda team: self.env.user in team.user_ids)[:1]
            if desk or desks:
                defaults["default_team_id"] = (desk or desks)[:1].id
        if not context.get("default_channel_id"):
            phone = self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_phone", raise_if_not_found=False
            )
            if phone:
                defaults["default_channel_id"] = phone.id
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        stamped = False
        if any(vals.get("complaint_legal_hold") for vals in vals_list):
            self._check_can_set_legal_hold()
        for vals in vals_list:
            self._check_workflow_fields_untouched(vals)
            if vals.get("complaint_demand") and not vals.get("complaint_demand_date"):
                vals["complaint_demand_date"] = fields.Datetime.now()
            stamps = self._prepare_assessment_author_vals(vals)
            vals.update(stamps)
            stamped = stamped or bool(stamps)
        creator = self._with_workflow_unlocked() if stamped else self
        tickets = super(HelpdeskTicket, creator).create(vals_list).with_env(self.env)
        if self.env.context.get("complaint_auto_register"):
            tickets.filtered("is_complaint").action_complaint_register()
        return tickets

    def write(self, vals):
        self._check_workflow_fields_untouched(vals)
        if "complaint_legal_hold" in vals and self.filtered(
            lambda t: t.complaint_legal_hold != bool(vals["complaint_legal_hold"])
        ):
            self._check_can_set_legal_hold()
        stamps = self._prepare_assessment_author_vals(vals)
        letter_vals = {name: vals[name] for name in LETTER_FIELDS if name in vals}
        # anonymising removes a sent response's text with the rest (a stamp)
        if letter_vals and "complaint_anonymised_date" not in vals:
            edited = self._check_letter_editable(letter_vals)
            # a signature covers the text signed, not a later edit
            edited.filtered("complaint_response_signed_by_id")._set_workflow_values(
                {
                    "complaint_response_signed_by_id": False,
                    "complaint_response_signed_date": False,
                }
            )
        if vals.get("duplicate_id"):
            vals = dict(
                vals, **self._prepare_duplicate_close_vals(vals["duplicate_id"])
            )
        if vals.get("complaint_demand") and "complaint_demand_date" not in vals:
            vals = dict(vals, complaint_demand_date=fields.Datetime.now())
        if "complaint_regime_id" in vals:
            self._check_complaint_regime_editable(vals["complaint_regime_id"])
        writer = self._with_workflow_unlocked() if stamps else self
        result = super(HelpdeskTicket, writer).write(dict(vals, **stamps))
        if "complaint_demand" in vals:
            self._complaint_add_remedy_clock()
        if vals.get("user_id"):
            self.filtered("complaint_assign_due")._set_workflow_values(
                {"complaint_assign_due": False}
            )
        if STATE_FACTS.intersection(vals) or vals.get("user_id"):
            self._complaint_activity_update()
        return result

    def _complaint_activity_update(self):
        """Close the automatic activities a complaint's new state makes
        obsolete, and only those (a To-Do someone scheduled stays): once
        answered, the deadline's reminder and escalation are done; closed,
        the call-back of a dissatisfied customer is done too; withdrawn or a
        duplicate, nothing is left to do for them."""
        complaints = self.filtered("complaint_state")
        dropped = complaints.filtered(
            lambda t: t.complaint_state in ("withdrawn", "duplicate")
        )
        answered = (
            complaints.filtered(lambda t: t.complaint_state not in AWAITING_ANSWER)
            - dropped
        )
        closed = answered.filtered(lambda t: t.complaint_state == "closed")
        # someone took it, or it is settled: the team leader's alert is done
        assigned = complaints.filtered(
            lambda t: t.user_id or t.complaint_state not in ("draft", *OPEN_STATES)
        )
        todo = [
            (records, types, done)
            for records, types, done in (
                (
                    dropped,
                    (ACTIVITY_DEADLINE, ACTIVITY_ESCALATION, ACTIVITY_POOR_RATING),
                    False,
                ),
                (answered, (ACTIVITY_DEADLINE, ACTIVITY_ESCALATION), True),
                (closed, (ACTIVITY_POOR_RATING,), True),
                (assigned, (ACTIVITY_UNASSIGNED,), True),
            )
            if records
        ]
        if not todo or self.env.context.get("mail_activity_automation_skip"):
            return
        # the automatic activities of all of them at once (activity_search's
        # rule): read through activity_ids, which a complaint created in this
        # transaction has in cache, empty, so its registration reads nothing
        found = self.browse(
            {record.id for records, _types, _done in todo for record in records}
        ).activity_ids.filtered("automated")
        for records, types, done in todo:
            type_ids = {self.env["ir.model.data"]._xmlid_to_res_id(x) for x in types}
            record_ids = set(records.ids)
            activities = found.filtered(
                lambda a, r=record_ids, t=type_ids: a.res_id in r
                and a.activity_type_id.id in t
            )
            found -= activities
            if done:
                activities.action_feedback()
            else:
                activities.unlink()

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "complaint_state" in init_values and self.complaint_state:
            subtype = self.env.ref(
                f"complaint_management.mt_complaint_{self.complaint_state}",
                raise_if_not_found=False,
            )
            if subtype:
                return subtype
        return super()._track_subtype(init_values)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_registered_complaint(self):
        registered = self.filtered("complaint_ref")
        if registered:
            raise UserError(
                self.env._(
                    "Registered complaints are kept in the complaint journal and "
                    "cannot be deleted (%(refs)s). Close or archive them instead.",
                    refs=", ".join(registered.mapped("complaint_ref")),
                )
            )

    def _check_complaint_regime_editable(self, regime_id):
        """The regime's clocks are frozen at registration: only its own
        registration sets the regime of a registered complaint."""
        if self.env.context.get(self._workflow_context_key()):
            return
        changed = self.filtered(
            lambda t: t.complaint_ref and t.complaint_regime_id.id != regime_id
        )
        if changed:
            raise UserError(
                self.env._(
                    "Complaint %(ref)s is registered under %(regime)s: its clocks "
                    "were set then and its regime stays.",
                    ref=changed[0].complaint_ref,
                    regime=changed[0].complaint_regime_id.display_name,
                )
            )

    def _check_letter_editable(self, letter_vals):
        """The tickets whose letter text really changes; refused once sent."""
        edited = self.filtered(
            lambda t: any(
                (t[name] or "") != (text or "") for name, text in letter_vals.items()
            )
        )
        sent = edited.filtered("complaint_response_sent_date")
        if sent:
            raise UserError(
                self.env._(
                    "The response to complaint %(ref)s was sent: it stays as the "
                    "customer received it. Send any correction in a new message.",
                    ref=sent[0].complaint_ref or sent[0].display_name,
                )
            )
        return edited

    def _prepare_assessment_author_vals(self, vals):
        if "complaint_assessment" not in vals:
            return {}
        assessed = vals["complaint_assessment"] not in (False, "pending")
        return {
            "complaint_assessed_by_id": self.env.uid if assessed else False,
            "complaint_assessed_date": fields.Datetime.now() if assessed else False,
        }

    def _prepare_duplicate_close_vals(self, duplicate_id):
        """helpdesk_mgmt's duplicate wizard records the duplicate; keep that as
        the complaint's closing reason so its rule allows closing it."""
        if self.filtered(lambda t: t.is_complaint and not t.complaint_close_reason):
            original = self.browse(duplicate_id)
            return {
                "complaint_close_reason": "duplicate",
                "complaint_close_note": self.env._(
                    "Duplicate of %(ticket)s.", ticket=original.display_name
                ),
            }
        return {}

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_complaint_register(self):
        """Give each complaint its journal number and response deadline, and
        acknowledge it to the customer. Registered complaints are left as they are."""
        to_register = self.filtered(lambda t: not t.complaint_ref)
        for ticket in to_register:
            ticket._check_complaint_registrable()
        to_register._complaint_auto_assign()
        clock_vals_list = []
        for ticket in to_register:
            registered_date = fields.Datetime.now()
            sequence = ticket.company_id._get_complaint_sequence()
            # the regime's clocks, frozen now; the governing one is the deadline
            regime = (
                ticket.complaint_regime_id or ticket._get_complaint_default_regime()
            )
            clock_vals, governing = ticket._prepare_complaint_clocks(
                regime, registered_date
            )
            clock_vals_list += clock_vals
            deadline, reminder = governing or (
                ticket._get_complaint_deadline_and_reminder(registered_date)
            )
            vals = {
                "complaint_ref": sequence.next_by_id(),
                "complaint_registered_date": registered_date,
                "complaint_deadline": deadline,
                "complaint_reminder_date": reminder,
                "complaint_assign_due": not ticket.user_id
                and ticket._get_complaint_deadline_and_reminder(
                    registered_date, days=1
                )[0],
            }
            if regime != ticket.complaint_regime_id:
                vals["complaint_regime_id"] = regime.id
            ticket._set_workflow_values(vals)
        self.env["complaint.clock"]._with_workflow_unlocked().create(clock_vals_list)
        to_register._send_complaint_acknowledgement()
        return True

    def action_complaint_sign_response(self):
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise UserError(
                self.env._(
                    "Only a complaint manager signs the written response: ask one "
                    "to sign it."
                )
            )
        for ticket in self:
            if not tools.html2plaintext(ticket.complaint_response or "").strip():
                raise UserError(
                    self.env._(
                        "Write the response to complaint %(ref)s before signing it.",
                        ref=ticket.complaint_ref or ticket.display_name,
                    )
                )
            ticket._check_letter_complete()
            if ticket.complaint_response_sent_date:
                raise UserError(
                    self.env._(
                        "This response was already sent to the customer. Send any "
                        "correction in a new message."
                    )
                )
        self._set_workflow_values(
            {
                "complaint_response_signed_by_id": self.env.uid,
                "complaint_response_signed_date": fields.Datetime.now(),
            }
        )
        return True

    def action_complaint_preview_response(self):
        """The letter as it will be printed, for the manager to read before
        signing. Its own report on the same template: the letter's report
        keeps the PDF it renders once the response is sent, a preview must
        never become that sent letter."""
        self.ensure_one()
        return self.env.ref(
            "complaint_management.action_report_complaint_response_preview"
        ).report_action(self, config=False)

    def action_complaint_send_response(self):
        """Release the signed response; its PDF letter follows by the queue."""
        for ticket in self:
            if not ticket.complaint_response_signed_by_id:
                raise UserError(
                    self.env._(
                        "Complaint %(ref)s: a manager must sign the response "
                        "before it is sent. Ask a complaint manager to sign it.",
                        ref=ticket.complaint_ref or ticket.display_name,
                    )
                )
            if ticket.complaint_response_sent_date:
                raise UserError(
                    self.env._(
                        "This response was already sent to the customer. Send any "
                        "correction in a new message."
                    )
                )
        self._check_complaint_letter_blocks()
        now = fields.Datetime.now()
        self._set_workflow_values(
            {
                "complaint_response_sent_date": now,
                "complaint_response_sent_by_id": self.env.uid,
                "complaint_response_letter_queued_date": now,
            }
        )
        # the answer supersedes a holding reply not sent
        self._complaint_clocks_met(
            ("final_response", "summary_resolution", "holding_reply"), now
        )
        self.env.ref("complaint_management.ir_cron_complaint_send_letters")._trigger()
        return True

    def action_complaint_transfer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer Complaint"),
            "res_model": "complaint.transfer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_complaint_first_contact(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Resolved at First Contact"),
            "res_model": "complaint.first.contact.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_new_corrective_action(self):
        self.ensure_one()
        return self.env["complaint.corrective.action"]._action_new_plan(
            {
                "name": self.env._("Remove the cause: %s", self.name),
                "category_id": self.category_id.id,
                "root_cause": self.complaint_root_cause,
                "company_id": self.company_id.id,
                "ticket_ids": [(6, 0, self.ids)],
            }
        )

    def action_view_corrective_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.action_complaint_corrective_action"
        )
        action["domain"] = [("ticket_ids", "in", self.ids)]
        action["context"] = {"default_ticket_ids": [(6, 0, self.ids)]}
        return action

    def action_view_customer_complaints(self):
        self.ensure_one()
        return self.commercial_partner_id.action_view_complaints()

    def action_view_customer_compensations(self):
        self.ensure_one()
        return self.commercial_partner_id.action_view_complaint_compensations()

    def action_new_supplier_claim(self):
        """The form of a new claim on this complaint, once it is assessed
        with a supplier at fault (the claim's own check refuses any other)."""
        self.ensure_one()
        refusal = self.env["complaint.supplier.claim"]._get_claim_refusal(self)
        if refusal:
            raise UserError(refusal)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Supplier Claim"),
            "res_model": "complaint.supplier.claim",
            "view_mode": "form",
            "target": "current",
            "context": {"default_ticket_id": self.id},
        }

    def action_view_supplier_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.action_complaint_supplier_claim"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_complaint_mark(self):
        self.write({"is_complaint": True})
        return True

    def _complaint_action_open(self):
        """These complaints as a window action, for the smart buttons of the
        documents they name (an invoice, an order): their list, or the form
        of the only one."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("id", "in", self.ids)]
        action["context"] = {"create": False}
        if len(self) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.id
        return action

    # ------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------

    def _check_complaint_registrable(self):
        self.ensure_one()
        if not self.is_complaint:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is not a complaint: choose a complaint "
                    "category or mark it as a complaint first.",
                    ticket=self.display_name,
                )
            )
        if not self._has_identified_customer():
            raise UserError(
                self.env._(
                    "Complaint %(ticket)s cannot be registered without an "
                    "identified customer: set a contact with an e-mail address "
                    "or a phone number.",
                    ticket=self.display_name,
                )
            )

    def _complaint_auto_assign(self):
        """Give each complaint without an agent to an agent of its team who
        speaks the customer's language and has the fewest open complaints
        (see helpdesk.ticket.team._complaint_pick_assignees): at
        registration, whatever the route (mail, portal, an agent, a
        scheduled action)."""
        # helpdesk's default gives a ticket its creator: the mail gateway's
        # is the (archived) system user, no agent
        unassigned = self.filtered(
            lambda t: t.team_id and not (t.user_id and t.user_id.active)
        )
        for team, tickets in unassigned.grouped("team_id").items():
            agents = team._complaint_pick_assignees(
                [ticket.partner_id.lang for ticket in tickets]
            )
            # no "assigned to you" mail per complaint, as Odoo's CRM assigns
            # its leads: the agent follows the complaint and finds it in
            # their queue
            for ticket, agent in zip(tickets, agents, strict=True):
                ticket.with_context(mail_auto_subscribe_no_notify=True).user_id = agent

    def _get_first_contact_refusal(self, user):
        """Why ``user`` may not close this complaint as resolved at first
        contact, or False: it must still be open and unanswered, no offer or
        letter may have gone out, and every remedy must lie within the
        user's own approval limit."""
        self.ensure_one()
        ref = self.complaint_ref or self.display_name
        if self.complaint_response_signed_by_id or self.complaint_response_sent_date:
            return self.env._(
                "Complaint %(ref)s has a signed letter: it is not settled at "
                "first contact. Send the letter instead.",
                ref=ref,
            )
        if self.complaint_state not in ("draft", "registered", "assessed"):
            return self.env._(
                "Complaint %(ref)s is no longer at its first contact: it is "
                "answered or closed.",
                ref=ref,
            )
        remedies = self.compensation_ids.filtered(
            lambda c: c.state not in ("refused", "cancel", "declined")
        )
        if remedies.filtered("offered_date"):
            return self.env._(
                "An offer for complaint %(ref)s was already mailed to the "
                "customer: it is not settled at first contact. Wait for their "
                "answer.",
                ref=ref,
            )
        limits = self.env["complaint.approval.limit"]._get_company_limits(
            self.company_id
        )
        for remedy in remedies:
            if not remedy._within_limit(user, limits) or remedy._needs_four_eyes():
                return self.env._(
                    "%(remedy)s (%(amount)s) is above your own approval limit: "
                    "a complaint is settled at first contact only within it. "
                    "Send the compensation for approval and answer in writing.",
                    remedy=remedy.display_name,
                    amount=remedy._format_amount(),
                )
        return False

    def _complaint_resolve_first_contact(self, agreement, resolution, assessment):
        """Close the complaint as settled with the customer at first contact
        (``agreement``: how they agreed), without a signed letter: its
        remedies are approved within the agent's own limit and accepted, the
        customer gets a short written confirmation of ``resolution``."""
        self.ensure_one()
        if agreement not in dict(self._fields["complaint_fcr_agreement"].selection):
            raise UserError(
                self.env._(
                    "Record how the customer agreed (by phone, in a chat or at "
                    "the counter) before closing the complaint at first contact."
                )
            )
        if not (resolution or "").strip():
            raise UserError(
                self.env._("Write what was agreed with the customer: they receive it.")
            )
        if assessment not in ASSESSED:
            raise UserError(
                self.env._("Assess the complaint before closing it at first contact.")
            )
        refusal = self._get_first_contact_refusal(self.env.user)
        if refusal:
            raise UserError(refusal)
        if not self.complaint_ref:
            self.action_complaint_register()
        self.compensation_ids._complaint_accept_at_first_contact(
            self.env._(
                "Agreed at first contact (%(how)s).",
                how=dict(
                    self._fields["complaint_fcr_agreement"]._description_selection(
                        self.env
                    )
                )[agreement],
            )
        )
        self.write(
            {
                "complaint_assessment": assessment,
                "complaint_assessment_note": self.complaint_assessment_note
                or resolution,
                "complaint_response": tools.plaintext2html(resolution),
            }
        )
        closing = self.team_id._get_applicable_stages().filtered("closed")
        stage = (closing.filtered(lambda s: not s.close_from_portal) or closing)[:1]
        now = fields.Datetime.now()
        self._set_workflow_values(
            {
                "complaint_fcr_date": now,
                "complaint_fcr_by_id": self.env.uid,
                "complaint_fcr_agreement": agreement,
                **({"stage_id": stage.id} if stage else {}),
            }
        )
        self._complaint_clocks_met(
            ("final_response", "summary_resolution", "holding_reply"), now
        )
        template = self.env.ref(
            "complaint_management.mail_template_complaint_first_contact"
        )
        # our own template: the agent's words as agreed with the customer
        self.with_context(complaint_phrase_confirmed=True).message_post_with_source(
            template,
            subtype_xmlid="complaint_management.mt_complaint_first_contact",
            message_type="comment",
            **self._get_complaint_company_author(),
        )
        return True

    def _has_identified_customer(self):
        partner = self.partner_id
        return bool(partner and (partner.email or partner.phone))

    def _get_complaint_tz(self):
        """The timezone deadlines are counted in: the company's calendar's."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        return pytz.timezone(calendar.tz or self.env.user.tz or "UTC")

    def _to_complaint_local(self, utc_naive):
        return pytz.utc.localize(utc_naive).astimezone(self._get_complaint_tz())

    def _from_complaint_local(self, day, at):
        """UTC (naive) of ``day`` at time ``at`` in the complaint's timezone."""
        local = self._get_complaint_tz().localize(datetime.combine(day, at))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _get_complaint_deadline_and_reminder(self, registered_date, days=None):
        """The deadline: the end of the N-th working day after the registration
        day, N being the category's response time, on the company's working
        calendar (its public holidays included). The reminder: the start of the
        working day that lies the company's lead time (in working days) before
        it. Both come from one reading of the calendar."""
        self.ensure_one()
        days = days or self.category_id.complaint_response_days or 10
        lead_days = max(self.company_id.complaint_reminder_days, 0)
        local_day = self._to_complaint_local(registered_date).date()
        working_days = self._get_complaint_working_days(
            local_day + timedelta(days=1), days
        )
        if len(working_days) == days:
            deadline_day = working_days[-1]
            reminder_day = (
                working_days[days - 1 - lead_days] if lead_days < days else local_day
            )
        else:  # no calendar, or one without enough working days: calendar days
            deadline_day = local_day + timedelta(days=days)
            reminder_day = deadline_day - timedelta(days=lead_days)
        deadline = self._from_complaint_local(deadline_day, time(23, 59, 59))
        if not lead_days:
            return deadline, deadline
        return deadline, self._from_complaint_local(reminder_day, time.min)

    def _get_complaint_working_days(self, first_day, count):
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            return ()
        return calendar._get_complaint_working_days(
            self._get_complaint_tz().zone, first_day, count
        )

    def _check_letter_complete(self):
        """The response letter prints the texts written for the customer:
        refuse to sign a letter that would leave one of them empty."""
        self.ensure_one()
        labels = {
            "complaint_customer_summary": self.env._("What you told us"),
            "complaint_customer_findings": self.env._("What we found"),
        }
        missing = [
            label for name, label in labels.items() if not (self[name] or "").strip()
        ]
        if missing:
            raise UserError(
                self.env._(
                    "The letter for complaint %(ref)s cannot be signed yet: write "
                    "%(missing)s for the customer on the Written Response tab. "
                    "The description and the assessment note are internal and are "
                    "never printed in the letter.",
                    ref=self.complaint_ref or self.display_name,
                    missing=", ".join(f'"{label}"' for label in missing),
                )
            )

    def _send_complaint_response_letter(self):
        """Render the released response as a PDF letter, keep it on the
        complaint and e-mail it to the customer, from the agent who sent it."""
        self.ensure_one()
        template = self.env.ref("complaint_management.mail_template_complaint_response")
        report = self.env.ref("complaint_management.action_report_complaint_response")
        # rendering with the report's attachment rule stores the letter on
        # the complaint; later prints return that same file
        report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, self.ids
        )
        # from the agent who released it, not from the scheduler
        author = self.complaint_response_sent_by_id.partner_id
        sender = (
            {"author_id": author.id, "email_from": author.email_formatted}
            if author
            else {}
        )
        # the manager signed this text: it goes out as written
        self.with_context(complaint_phrase_confirmed=True).message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
            attachment_ids=self._get_complaint_response_letter().ids,
            **sender,
        )
        self._set_workflow_values({"complaint_response_letter_queued_date": False})

    def _get_complaint_response_letter(self):
        self.ensure_one()
        report = self.env.ref("complaint_management.action_report_complaint_response")
        name = safe_eval(report.attachment, {"object": self})
        # sudo: the letter is the ticket's own attachment, found by its name
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("name", "=", name),
                ],
                limit=1,
            )
        )

    def _get_lang_name(self, lang_code):
        lang = self.env["res.lang"]._lang_get(lang_code) if lang_code else False
        return lang.name if lang else lang_code or ""

    def _get_colleagues_speaking(self, lang_code):
        """Members of the complaint's team (or of every complaints desk when it
        has none) who speak ``lang_code`` with customers."""
        self.ensure_one()
        colleagues = self.team_id.user_ids or (
            self.env["helpdesk.ticket.team"]
            .search([("is_complaint_team", "=", True)])
            .user_ids
        )
        if not lang_code:
            return colleagues.browse()
        return (colleagues - self.user_id).filtered(
            lambda user: not user.share and user._speaks(lang_code)
        )

    def _complaint_withdraw_by_customer(self, partner, note, stage=None):
        """The customer withdraws the complaint in the portal, while it is
        open; the closing stage is the team's (see
        _get_complaint_withdraw_stage) unless one is given."""
        self.ensure_one()
        if self.complaint_state not in ("draft", *OPEN_STATES):
            raise UserError(
                self.env._(
                    "This complaint is already closed: it can no longer be "
                    "withdrawn. Reply in its conversation if anything is left."
                )
            )
        stage = stage or self._get_complaint_withdraw_stage()
        if not stage:
            raise UserError(
                self.env._(
                    "This complaint cannot be withdrawn online: its desk has no "
                    "closing stage. Reply in its conversation and we will close it."
                )
            )
        self._set_workflow_values(
            {
                "complaint_close_reason": "withdrawn",
                "complaint_close_note": note
                or self.env._("Withdrawn by the customer in the portal."),
                "complaint_withdrawn_by_id": partner.id,
                "complaint_withdrawn_date": fields.Datetime.now(),
                "stage_id": stage.id,
            }
        )
        self.message_post(
            body=self.env._(
                "%(customer)s withdrew the complaint: %(note)s",
                customer=partner.name,
                note=self.complaint_close_note,
            ),
            author_id=partner.id,
            subtype_xmlid="mail.mt_note",
        )

    def _get_complaint_withdraw_stage(self):
        """The stage a withdrawn complaint moves to: the last closing stage of
        its team that the portal offers (helpdesk's "Cancelled"), else its
        last closing stage."""
        self.ensure_one()
        closing = self.team_id._get_applicable_stages().filtered("closed")
        return (closing.filtered("close_from_portal") or closing)[-1:]

    def _complaint_transfer(self, user, reason, notify_customer=False):
        self.ensure_one()
        previous = self.user_id
        self.user_id = user
        self.message_post(
            body=self.env._(
                "Transferred from %(previous)s to %(user)s: %(reason)s",
                previous=previous.name or self.env._("nobody"),
                user=user.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        if notify_customer and self.partner_id and self.complaint_ref:
            template = self.env.ref(
                "complaint_management.mail_template_complaint_transfer"
            )
            # our own template: the reason is the agent's, said to the customer
            self.with_context(
                complaint_phrase_confirmed=True, complaint_transfer_reason=reason
            ).message_post_with_source(
                template,
                subtype_xmlid="complaint_management.mt_complaint_transferred",
                message_type="comment",
                **self._get_complaint_company_author(),
            )

    def _send_complaint_acknowledgement(self):
        # the cached id, not env.ref, whose existence check costs a query
        template = self.env["mail.template"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "complaint_management.mail_template_complaint_acknowledgement",
                raise_if_not_found=True,
            )
        )
        # our own template: no need to check its wording
        self.with_context(complaint_phrase_confirmed=True)._complaint_post_template(
            template, "complaint_management.mt_complaint_acknowledged"
        )

    def _complaint_post_template(self, template, subtype_xmlid):
        """Post ``template`` on each complaint, as message_post_with_source
        does with the composer, for less: the template (as the company edited
        and translated it in Email Templates) is rendered once for the whole
        batch, every field of it for all the complaints of one language at
        once, and each complaint gets its rendered message."""
        if not self:
            return self.env["mail.message"]
        rendered = template.with_context(complaint_qweb_cache=True)._generate_template(
            self.ids, TEMPLATE_POST_FIELDS, find_or_create_partners=True
        )
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(subtype_xmlid)
        messages = self.env["mail.message"]
        for ticket in self:
            values = rendered[ticket.id]
            author = ticket._get_complaint_company_author()
            if values.get("email_from"):
                # the template names its sender: the author follows from it
                author = {"author_id": None, "email_from": values["email_from"]}
            partner_ids = values.get("partner_ids") or []
            messages += ticket.message_post(
                body=values.get("body_html") or "",
                subject=values.get("subject") or ticket._message_compute_subject(),
                partner_ids=partner_ids,
                # a customer filing in the portal is the one acting: Odoo
                # leaves the acting user out of the recipients, but the
                # message is the company's, and it is for them
                notify_author=self.env.user.partner_id.id in partner_ids,
                attachments=[
                    (name, base64.b64decode(data))
                    for name, data in values.get("attachments") or ()
                ],
                attachment_ids=ticket._complaint_template_attachment_copies(template),
                message_type="comment",
                subtype_id=subtype_id,
                email_add_signature=False,
                email_layout_xmlid=values.get("email_layout_xmlid") or False,
                mail_server_id=values.get("mail_server_id") or False,
                mail_auto_delete=values.get("auto_delete", True),
                scheduled_date=values.get("scheduled_date") or False,
                force_email_lang=values.get("lang"),
                **author,
            )
        return messages

    @api.model
    def _complaint_template_attachment_copies(self, template):
        """The template's own files: each message has its copies (the
        composer's way), attached to the complaint when posted."""
        if not template.attachment_ids:
            return []
        copies = template.attachment_ids.copy(
            {"res_model": "mail.compose.message", "res_id": 0}
        )
        return copies.ids[::-1]

    def _get_complaint_company_author(self):
        """Author values of an automatic message to the customer: the company,
        never whoever triggered it (in the portal, the customer himself)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        # sudo: the portal customer files the complaint and may not read the
        # company's contact; only its name and address are used
        author = company.sudo().partner_id
        email_from = company.sudo().email_formatted or (
            not self.env.user.share and self.env.user.email_formatted
        )
        return {"author_id": author.id, "email_from": email_from or None}

    # ------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------

    def _track_template(self, changes):
        """helpdesk_mgmt mails the stage's template ("The ticket HT00011 has
        been closed", in English) on each stage change. A complaint's customer
        hears from our own templates, in their language, what they must know:
        the acknowledgement, the offer, the answer, the satisfaction request."""
        templates = super()._track_template(changes)
        if self[:1].is_complaint:
            templates.pop("stage_id", None)
        return templates

    def _send_ticket_rating_mail(self, force_send=False):
        """helpdesk_mgmt_rating's survey on reaching a stage: a complaint's
        customer is asked once, by our own follow-up, some hours after closing
        (_cron_complaint_satisfaction_followup)."""
        tickets = self.filtered(lambda ticket: not ticket.is_complaint)
        return super(HelpdeskTicket, tickets)._send_ticket_rating_mail(
            force_send=force_send
        )

    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """Guard every route that would create a complaint, whatever made it
        one (a complaints desk's alias, a complaint category in an alias's
        defaults, an incoming mail server's or a caller's values): mail from
        no usable address and automatic mail never become complaints (an
        automatic reply to an existing complaint is kept as a note, see
        mail.thread); a sender who floods the desk adds to their latest open
        complaint instead. None of this raises: a refused message is logged
        and dropped, never bounced back or retried."""
        company = self._get_route_complaint_company(route)
        if company is None:
            return super()._routing_check_route(
                message, message_dict, route, raise_exception=raise_exception
            )
        automatic = self._message_route_process_autoreply(
            message, message_dict, [route]
        )
        if automatic or not tools.email_normalize(message_dict.get("email_from") or ""):
            _logger.info(
                "Complaint intake: message %s from %r is %s, no complaint created",
                message_dict.get("message_id"),
                message_dict.get("email_from"),
                "automatic" if automatic else "without a usable sender",
            )
            message_dict["complaint_intake_refused"] = True
            return ()
        route = super()._routing_check_route(
            message, message_dict, route, raise_exception=raise_exception
        )
        if route:
            route = self._complaint_flood_route(message_dict, route, company)
        return route

    @api.model
    def _complaint_flood_route(self, message_dict, route, company):
        """Past the company's limit of new complaints per sender, route the
        message to the sender's latest open complaint (no new acknowledgement)."""
        author_id = message_dict.get("author_id")
        if not author_id or company.complaint_flood_limit <= 0:
            return route
        since = fields.Datetime.now() - timedelta(
            minutes=company.complaint_flood_minutes
        )
        recent = self.search(
            [
                ("partner_id", "=", author_id),
                ("is_complaint", "=", True),
                ("create_date", ">=", since),
            ],
            order="id desc",
        )
        if len(recent) < company.complaint_flood_limit:
            return route
        latest_open = recent.filtered(lambda t: not t.closed)[:1] or self.search(
            [("partner_id", "=", author_id), ("is_complaint", "=", True)],
            order="id desc",
            limit=1,
        )
        _logger.info(
            "Complaint intake: %s sent %s complaints within %s minutes; message "
            "%s is added to complaint %s",
            message_dict.get("email_from"),
            len(recent),
            company.complaint_flood_minutes,
            message_dict.get("message_id"),
            latest_open.display_name,
        )
        return (route[0], latest_open.id, route[2], route[3], route[4])

    @api.model
    def _get_route_complaint_company(self, route):
        """The company of the complaint a route would create, or None when
        the route creates no complaint."""
        model, thread_id, custom_values = route[0], route[1], route[2]
        if model != self._name or thread_id:
            return None
        return self._get_complaint_intake_company(custom_values)

    @api.model
    def _get_complaint_intake_company(self, values):
        """The company of a complaint created from these values (a complaints
        desk, a complaint category or the Complaint box), else None."""
        values = values if isinstance(values, dict) else {}

        def browse(model, key):
            record_id = values.get(key)
            if not isinstance(record_id, int) or isinstance(record_id, bool):
                return self.env[model]
            return self.env[model].browse(record_id).exists()

        team = browse("helpdesk.ticket.team", "team_id")
        category = browse("helpdesk.ticket.category", "category_id")
        if not (
            values.get("is_complaint")
            or team.is_complaint_team
            or category.complaint_kind
        ):
            return None
        return team.company_id or category.company_id or self.env.company

    @api.model
    def message_new(self, msg, custom_values=None):
        complaint = self._get_complaint_intake_company(custom_values) is not None
        if complaint and not msg.get("author_id"):
            email = tools.email_normalize(msg.get("email_from") or "")
            if email:
                partner = self.env["res.partner"]._find_or_create_from_emails(
                    [msg["email_from"]]
                )[0]
                # the gateway posts the message with this same dict
                msg["author_id"] = partner.id
        subject = msg.get("subject") or ""
        if len(subject) > SUBJECT_MAX_LENGTH:
            # keep the whole subject in the description, a readable one as title
            custom_values = dict(
                custom_values or {},
                name=subject[: SUBJECT_MAX_LENGTH - 1] + "…",
                description=Markup("<p>%s</p>%s")
                % (subject, Markup(msg.get("body") or "")),
            )
        ticket = super().message_new(msg, custom_values=custom_values)
        if ticket.is_complaint:
            ticket._register_complaint_from_mail()
        return ticket

    def _register_complaint_from_mail(self):
        """Register a complaint that came by mail. One whose customer cannot
        be identified stays a draft for an agent: the gateway never raises
        (the mail server would bounce or retry the customer's mail)."""
        if self._has_identified_customer():
            self.action_complaint_register()
            return
        _logger.warning(
            "Complaint intake: ticket %s has no identified customer and is left "
            "unregistered for an agent",
            self.display_name,
        )

    # ------------------------------------------------------------
    # Other intake routes (public form, live chat)
    # ------------------------------------------------------------

    @api.model
    def _complaint_intake_partner(self, name=None, email=None, phone=None):
        """The customer a complaint from a public route is for: the contact
        with this e-mail address (found as the mail gateway finds a sender),
        else a new contact; without a usable e-mail, a new contact with the
        phone. An existing contact is never changed from what a visitor typed.
        Empty when neither is usable."""
        email = tools.email_normalize(email or "") or False
        phone = (phone or "").strip() or False
        # sudo: as the mail gateway does for a sender, the intake finds or
        # creates the customer's contact (an operator or a public visitor may
        # not create contacts); only a name, an e-mail and a phone are written
        Partner = self.env["res.partner"].sudo()
        partner = Partner
        if email:
            partner = Partner._find_or_create_from_emails(
                [tools.formataddr((name or "", email)) if name else email]
            )[0]
        elif phone:
            partner = Partner.create({"name": name or phone, "phone": phone})
        return partner.with_env(self.env)

    @api.model
    def _complaint_intake_create(self, vals, first_message=None, author=None):
        """Create and register a complaint arriving by another route than
        mail, through the mail gateway's intake rules: it must be a complaint
        of a known company (``_get_complaint_intake_company``), for a customer
        with an e-mail address or a phone, and past the company's flood limit
        the customer's message joins their latest open complaint (no new
        acknowledgement). ``first_message`` (HTML) is posted on the complaint
        before its registration, so it is the complaint's first message.

        Returns ``(complaint, created)``; raises UserError when refused."""
        vals = dict(vals, is_complaint=True)
        company = self._get_complaint_intake_company(vals)
        if company is None:
            raise UserError(self.env._("These values do not make a complaint."))
        vals.setdefault("company_id", company.id)
        partner = self.env["res.partner"].browse(vals.get("partner_id")).exists()
        if not (partner and (partner.email or partner.phone)):
            raise UserError(
                self.env._(
                    "A complaint needs a way to answer the customer: give an "
                    "e-mail address or a phone number."
                )
            )
        vals.setdefault("partner_name", partner.name)
        vals.setdefault("partner_email", partner.email)
        author = author or partner
        latest = self._complaint_flooded_by(partner, company)
        if latest:
            if first_message:
                latest._complaint_post_intake_message(first_message, author)
            return latest, False
        if not vals.get("team_id"):
            desk = self.env["helpdesk.ticket.team"]._get_complaint_desk(company)
            if desk:
                vals["team_id"] = desk.id
                vals.setdefault("stage_id", desk._get_applicable_stages()[:1].id)
                vals.setdefault("user_id", desk._get_complaint_assignee().id)
        complaint = (
            self.with_context(mail_create_nolog=True).create(vals).with_env(self.env)
        )
        complaint.message_subscribe(partner_ids=partner.ids)
        if first_message:
            complaint._complaint_post_intake_message(first_message, author)
        complaint.action_complaint_register()
        return complaint, True

    def _complaint_post_intake_message(self, body, author):
        """What the customer told us on the way in, posted in their name (the
        words are theirs: the phrase guard checks what agents send)."""
        self.ensure_one()
        return self.with_context(complaint_phrase_confirmed=True).message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _complaint_flooded_by(self, partner, company):
        """The latest open complaint of a customer past the company's limit of
        new complaints within its period, else an empty recordset."""
        if company.complaint_flood_limit <= 0:
            return self.browse()
        since = fields.Datetime.now() - timedelta(
            minutes=company.complaint_flood_minutes
        )
        recent = self.search(
            [
                ("partner_id", "=", partner.id),
                ("is_complaint", "=", True),
                ("create_date", ">=", since),
            ],
            order="id desc",
        )
        if len(recent) < company.complaint_flood_limit:
            return self.browse()
        return recent.filtered(lambda t: not t.closed)[:1] or recent[:1]

    # ------------------------------------------------------------
    # Phrase guard
    # ------------------------------------------------------------

    def message_post(self, **kwargs):
        if self._complaint_phrase_guard_applies(kwargs):
            phrases = self.env["complaint.phrase"]._find_in(kwargs.get("body"))
            if phrases:
                raise PhraseGuardError(
                    self.env._(
                        "Before this goes to the customer:\n%(warning)s\n\nRephrase "
                        "the message, or open the full composer and tick "
                        "“Send As Written” to send it deliberately.",
                        warning=self.env["complaint.phrase"]._format_warning(phrases),
                    )
                )
        return super().message_post(**kwargs)

    def _complaint_phrase_guard_applies(self, post_values):
        """Messages an agent sends to the customer of a complaint; not internal
        notes, not automatic messages, not a deliberate "send as written"."""
        if (
            len(self) != 1
            or not self.is_complaint
            or self.env.context.get("complaint_phrase_confirmed")
            or self.env.user.share
            or self.env.user._is_superuser()
            or post_values.get("message_type", "notification") != "comment"
        ):
            return False
        subtype_id = post_values.get("subtype_id")
        if post_values.get("subtype_xmlid"):
            subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
                post_values["subtype_xmlid"]
            )
        return subtype_id == self.env["ir.model.data"]._xmlid_to_res_id(
            "mail.mt_comment"
        )

    # ------------------------------------------------------------
    # Satisfaction
    # ------------------------------------------------------------

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        poor = self.filtered(lambda t: t.is_complaint and not t.complaint_poor_rating)
        if rating.rating and rating.rating <= POOR_RATING and poor:
            poor._handle_poor_rating(rating)
        return rating

    def _handle_poor_rating(self, rating):
        """The customer is not satisfied: reopen the complaint and ask its
        agent to call them back."""
        for ticket in self:
            vals = {"complaint_poor_rating": True}
            if ticket.stage_id.closed:
                reopen_stage = ticket.team_id._get_applicable_stages().filtered(
                    lambda stage: not stage.closed
                )[:1]
                if reopen_stage:
                    vals["stage_id"] = reopen_stage.id
            ticket._set_workflow_values(vals)
            agent = ticket.user_id or ticket.team_id.user_id
            ticket.activity_schedule(
                ACTIVITY_POOR_RATING,
                user_id=(agent or self.env.user).id,
                summary=self.env._("The customer is not satisfied"),
                note=rating.feedback
                or self.env._("Call the customer back and find a better remedy."),
            )
            ticket.message_post(
                body=self.env._(
                    "The customer rated the handling %(rate)s/5: the complaint is "
                    "reopened.",
                    rate=int(rating.rating),
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------
    # Portal
    # ------------------------------------------------------------

    def _get_portal_message_subtypes(self):
        """What the customer reads in the portal conversation: comments, and
        the automatic messages we send them under subtypes of their own (so
        that mail_autogenerated_header marks those mails Auto-Submitted)."""
        return (
            self.env.ref("mail.mt_comment")
            | self.env.ref("complaint_management.mt_complaint_acknowledged")
            | self.env.ref("complaint_management.mt_complaint_offered")
        )

    # ------------------------------------------------------------
    # Retention of personal data
    # ------------------------------------------------------------

    def _get_complaint_retention_years(self):
        """Years the complaint's personal data is kept after closing: its
        statutory regime's period where it sets one, else the company's."""
        self.ensure_one()
        return (
            self.complaint_regime_id.retention_years
            or self.company_id.complaint_retention_years
        )

    def _check_can_set_legal_hold(self):
        if self.env.su or self.env.user.has_group(
            "complaint_management.group_complaint_manager"
        ):
            return
        raise AccessError(
            self.env._(
                "Only a complaint manager sets or lifts a legal hold: ask one to "
                "do it."
            )
        )

    @api.model
    def _complaint_anonymise_due_domain(self):
        return [
            ("complaint_retention_end", "<=", fields.Datetime.now()),
            ("complaint_legal_hold", "=", False),
            ("complaint_anonymised_date", "=", False),
        ]

    def _get_complaint_erase_refusal(self):
        """Why the complaint's personal data may not be removed now, or False."""
        self.ensure_one()
        if self.complaint_state not in CLOSED_STATES:
            return self.env._("it is still open")
        if self.complaint_legal_hold:
            return self.env._("it is on legal hold")
        if not self.complaint_retention_end:
            return self.env._("its closing date is not recorded")
        if self.complaint_retention_end > fields.Datetime.now():
            return self.env._(
                "it is within the retention period until %(date)s",
                date=tools.format_date(self.env, self.complaint_retention_end),
            )
        return False

    def _complaint_anonymise(self, reason):
        """Remove the personal data of these complaints, for good: the
        customer's name and contact data (the contact becomes the company's
        anonymised customer), the free texts they wrote or that describe
        them, their messages' contents, recipients and tracked personal
        values, followers, ratings' comments and every attachment (the
        response letter too). The journal line keeps its number, dates,
        category, cause, assessment, fault and amounts, so the journal and
        its figures stay whole. A few queries per batch, whatever its size.

        ``reason`` (a sentence) goes into the note each complaint keeps of
        it. Complaints already anonymised are left as they are. Returns the
        complaints anonymised."""
        # sudo: called by the retention's scheduled action and a manager's
        # erase, which checked the rights; the complaints' messages,
        # attachments and ratings are beyond what an agent's rights reach
        tickets = (
            self.sudo()
            .with_context(active_test=False, mail_notrack=True, tracking_disable=True)
            .filtered(lambda t: not t.complaint_anonymised_date)
        )
        if not tickets:
            return self.browse()
        compensations = (
            self.env["complaint.compensation"]
            .sudo()
            .with_context(active_test=False, mail_notrack=True, tracking_disable=True)
            .search([("ticket_id", "in", tickets.ids)])
        )
        anonymous = {
            company: company._get_complaint_anonymous_partner()
            for company in tickets.company_id
        }
        tickets._complaint_anonymise_values(anonymous)
        compensations.write(
            {"description": False, "customer_comment": False, "access_token": False}
        )
        # after the stamp: the sent letter goes with the rest
        tickets._complaint_anonymise_documents(compensations, anonymous)
        note = Markup("<p>%s</p>") % self.env._(
            "Personal data removed: %(reason)s The customer's name, contact "
            "data, messages and attachments are gone for good; the journal "
            "line and its figures are kept.",
            reason=reason,
        )
        tickets._message_log_batch(bodies=dict.fromkeys(tickets.ids, note))
        _logger.info(
            "Complaint retention: personal data of %s complaint(s) removed (%s): %s",
            len(tickets),
            reason,
            ", ".join(tickets.mapped(lambda t: t.complaint_ref or str(t.id))),
        )
        return self.browse(tickets.ids)

    def _complaint_anonymise_values(self, anonymous):
        """The complaints' own fields: one write per set of equal values."""
        now = fields.Datetime.now()
        removed = self.env._("Removed with the personal data.")
        groups = {}
        for ticket in self:
            vals = {
                "complaint_anonymised_date": now,
                "partner_id": anonymous[ticket.company_id].id,
                "partner_name": False,
                "partner_email": False,
                "email_cc": False,
                "name": self.env._("Anonymised complaint"),
                "description": Markup("<p>%s</p>") % removed,
                "notes": False,
                "customer_mood": False,
                "complaint_remedy_sought": False,
                # the letter's texts, all written to the customer
                **dict.fromkeys(LETTER_FIELDS, False),
                # a letter still queued is not sent to nobody
                "complaint_response_letter_queued_date": False,
                "access_token": False,
            }
            if ticket.complaint_close_note:
                vals["complaint_close_note"] = removed
            if ticket.complaint_assessment_note:
                vals["complaint_assessment_note"] = removed
            if ticket.complaint_withdrawn_by_id:
                vals["complaint_withdrawn_by_id"] = anonymous[ticket.company_id].id
            key = tuple(sorted(vals.items()))
            groups.setdefault(key, [vals, self.browse()])[1] |= ticket
        for vals, tickets in groups.values():
            tickets._set_workflow_values(vals)

    def _complaint_anonymise_documents(self, compensations, anonymous):
        """The complaints' and their compensations' messages keep their
        dates, kinds and authors among the staff (the journal's figures read
        them); their contents, recipients, sender addresses and tracked
        personal values go, and the customer's authorship passes to the
        anonymised customer. Followers, activities and ratings' comments go
        too; ratings' scores stay for the satisfaction figures. Every
        attachment of the complaints, their compensations and messages goes."""
        documents = expression.OR(
            [
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                [
                    ("res_model", "=", compensations._name),
                    ("res_id", "in", compensations.ids),
                ],
            ]
        )
        threads = expression.OR(
            [
                [("model", "=", self._name), ("res_id", "in", self.ids)],
                [
                    ("model", "=", compensations._name),
                    ("res_id", "in", compensations.ids),
                ],
            ]
        )
        # sudo (all below): see _complaint_anonymise
        env = self.sudo().env
        env["mail.mail"].search([("mail_message_id", "any", threads)]).unlink()
        messages = env["mail.message"].search(threads)
        env["mail.tracking.value"].search(
            [
                ("mail_message_id", "in", messages.ids),
                "|",
                ("field_id.ttype", "in", ("char", "text", "html")),
                "&",
                ("field_id.ttype", "=", "many2one"),
                ("field_id.relation", "=", "res.partner"),
            ]
        ).unlink()
        env["mail.notification"].search(
            [("mail_message_id", "in", messages.ids)]
        ).unlink()
        env["mail.message.reaction"].search(
            [("message_id", "in", messages.ids)]
        ).unlink()
        env["mail.link.preview"].search([("message_id", "in", messages.ids)]).unlink()
        env["ir.attachment"].search(
            expression.OR([documents, [("id", "in", messages.attachment_ids.ids)]])
        ).unlink()
        messages.write(
            {
                "body": "",
                "subject": False,
                "email_from": False,
                "reply_to": False,
                "record_name": False,
                "partner_ids": [Command.clear()],
                "starred_partner_ids": [Command.clear()],
            }
        )
        # the customer's (and any outside contact's) authorship
        company_of = {ticket.id: ticket.company_id for ticket in self}
        company_of_compensation = {
            compensation.id: compensation.ticket_id.company_id
            for compensation in compensations
        }
        by_company = {}
        for message in messages.filtered(lambda m: m.author_id.partner_share):
            company = (
                company_of.get(message.res_id)
                if message.model == self._name
                else company_of_compensation.get(message.res_id)
            )
            if company:
                by_company.setdefault(company, messages.browse())
                by_company[company] |= message
        for company, company_messages in by_company.items():
            company_messages.write({"author_id": anonymous[company].id})
        env["mail.followers"].search(
            documents + [("partner_id.partner_share", "=", True)]
        ).unlink()
        env["mail.activity"].search(documents).unlink()
        ratings = env["rating.rating"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )
        ratings.write({"feedback": False})
        for company, company_ratings in ratings.grouped(
            lambda r: company_of[r.res_id]
        ).items():
            company_ratings.write({"partner_id": anonymous[company].id})

    # ------------------------------------------------------------
    # Regimes and clocks
    # ------------------------------------------------------------

    @api.depends(
        "complaint_clock_ids.due_date",
        "complaint_clock_ids.original_due_date",
        "complaint_clock_ids.change_reason",
        "complaint_regime_id.extension_allowed",
        "complaint_state",
    )
    def _compute_complaint_clock_summary(self):
        for ticket in self:
            clock = ticket._get_complaint_governing_clock()
            ticket.complaint_original_deadline = clock.original_due_date
            ticket.complaint_deadline_change_reason = clock.change_reason
            ticket.complaint_can_hold = bool(
                ticket.complaint_state in AWAITING_ANSWER
                and ticket.complaint_regime_id.extension_allowed
                and clock.regime_clock_id.extended_duration
                and clock.due_date < ticket._get_complaint_extended_limit(clock)
            )

    @api.depends(
        "complaint_deadline",
        "complaint_clock_ids.governing",
        "complaint_clock_ids.promised_due_date",
    )
    def _compute_complaint_promised_deadline(self):
        for ticket in self:
            clock = ticket.complaint_clock_ids.filtered("governing")[:1]
            ticket.complaint_promised_deadline = (
                clock.promised_due_date or ticket.complaint_deadline
            )

    @api.depends(
        "complaint_penalty_price",
        "complaint_product_id.type",
        "complaint_regime_id.penalty_rate_goods",
        "complaint_regime_id.penalty_rate_service",
        "complaint_regime_id.penalty_cap",
        "complaint_clock_ids.due_date",
        "complaint_clock_ids.met_date",
    )
    def _compute_complaint_penalty(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.complaint_penalty_days, ticket.complaint_penalty_amount = (
                ticket._get_complaint_penalty(now)
            )

    @api.onchange("complaint_demand")
    def _onchange_complaint_demand(self):
        if self.complaint_demand and not self.complaint_demand_date:
            self.complaint_demand_date = fields.Datetime.now()

    def _get_complaint_default_regime(self):
        """The regime a complaint is registered under: its category's, its
        team's, its company's, or the company's own policy."""
        self.ensure_one()
        category = self.category_id
        while category and not category.complaint_regime_id:
            category = category.parent_id
        return (
            category.complaint_regime_id
            or self.team_id.complaint_regime_id
            # sudo: the company's default regime, read by any agent
            or self.company_id.sudo().complaint_regime_id
            # the cached id, not env.ref: its existence check is one query
            # per registration, and a deleted record takes its xmlid along
            or self.env["complaint.regime"].browse(
                self.env["ir.model.data"]._xmlid_to_res_id(
                    "complaint_management.complaint_regime_company_policy"
                )
            )
        )

    def _get_complaint_governing_clock(self):
        self.ensure_one()
        return self.complaint_clock_ids.filtered("governing")[:1]

    def _get_complaint_remedy_clock(self):
        self.ensure_one()
        return self.complaint_clock_ids.filtered(lambda c: c.kind == "remedy")[-1:]

    def _get_complaint_clock_start(self, clock, registered_date):
        self.ensure_one()
        if clock.from_event == "receipt":
            return self.complaint_received_date or self.create_date or registered_date
        if clock.from_event == "demand":
            return self.complaint_demand_date or (
                self.complaint_demand and registered_date
            )
        return registered_date

    def _get_complaint_clock_due(self, clock, start, duration=None):
        """When ``clock`` counting from ``start`` falls due (the end of its
        last day in the company's timezone), and when its reminder is due.
        Business days count on the company's calendar, as the category's
        working days always did."""
        self.ensure_one()
        if duration is None:
            duration = (
                (self.category_id.complaint_response_days or 10)
                if clock.from_category
                else clock.duration
            )
        if clock.unit == "business_days":
            return self._get_complaint_deadline_and_reminder(start, days=duration)
        local_day = self._to_complaint_local(start).date()
        if clock.unit == "weeks":
            due_day = local_day + timedelta(weeks=duration)
        elif clock.unit == "months":
            due_day = local_day + relativedelta(months=duration)
        else:
            due_day = local_day + timedelta(days=duration)
        deadline = self._from_complaint_local(due_day, time(23, 59, 59))
        lead_days = max(self.company_id.complaint_reminder_days, 0)
        if not lead_days:
            return deadline, deadline
        reminder_day = max(due_day - timedelta(days=lead_days), local_day)
        return deadline, self._from_complaint_local(reminder_day, time.min)

    def _get_complaint_extended_limit(self, clock_line):
        """The furthest a holding reply may move ``clock_line``."""
        self.ensure_one()
        regime_clock = clock_line.regime_clock_id
        if not regime_clock.extended_duration:
            return clock_line.due_date
        return self._get_complaint_clock_due(
            regime_clock,
            clock_line.start_date,
            duration=regime_clock.extended_duration,
        )[0]

    def _prepare_complaint_clocks(self, regime, registered_date, kinds=None):
        """The clock lines ``regime`` gives this complaint, and the governing
        one's due and reminder dates (None without a governing clock)."""
        self.ensure_one()
        vals_list, governing = [], None
        for clock in regime.clock_ids:
            if kinds and clock.kind not in kinds:
                continue
            if clock.kind == "remedy" and clock.demand != self.complaint_demand:
                continue
            start = self._get_complaint_clock_start(clock, registered_date)
            if not start:
                continue
            due, reminder = self._get_complaint_clock_due(clock, start)
            if clock.governing:
                governing = (due, reminder)
            vals_list.append(
                {
                    "ticket_id": self.id,
                    "regime_clock_id": clock.id,
                    "kind": clock.kind,
                    "demand": clock.demand,
                    "governing": clock.governing,
                    "start_date": start,
                    "due_date": due,
                    "original_due_date": due,
                    # we acknowledge at once, at registration
                    "met_date": registered_date
                    if clock.kind == "acknowledgement"
                    else False,
                }
            )
        return vals_list, governing

    @api.model
    def _complaint_stamp_first_response(self, messages):
        """Stamp the complaints that had no response yet with the first of
        ``messages`` written to their customer by someone else: a message
        (``mt_comment``), not a note, whatever route posted it."""
        comment_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        answers = defaultdict(list)
        for message in messages:
            if (
                message.model == self._name
                and message.res_id
                and message.subtype_id.id == comment_id
                and message.message_type in RESPONSE_MESSAGE_TYPES
            ):
                answers[message.res_id].append(message)
        # notes and tracking, most of the messages, stop here
        for ticket in self.sudo().browse(answers):
            if not ticket.is_complaint or ticket.complaint_first_response_date:
                continue
            dates = [
                message.date
                for message in answers[ticket.id]
                if message.author_id != ticket.partner_id
            ]
            if dates:
                ticket._set_workflow_values(
                    {"complaint_first_response_date": min(dates)}
                )

    @api.model
    def _complaint_backfill_first_response(self, after_id=0):
        """Stamp the first response of the complaints (with an id above
        ``after_id``) that have none, from their messages, by the rule of
        ``_complaint_stamp_first_response``. Returns the number stamped."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            UPDATE helpdesk_ticket ticket
               SET complaint_first_response_date = answer.date
              FROM (
                SELECT message.res_id, MIN(message.date) AS date
                  FROM mail_message message
                  JOIN helpdesk_ticket ticket ON ticket.id = message.res_id
                 WHERE message.model = 'helpdesk.ticket'
                   AND message.res_id > %(after_id)s
                   AND message.subtype_id = %(comment)s
                   AND message.message_type IN %(types)s
                   AND message.author_id IS DISTINCT FROM ticket.partner_id
                   AND ticket.is_complaint
                   AND ticket.complaint_first_response_date IS NULL
              GROUP BY message.res_id
              ) AS answer
             WHERE ticket.id = answer.res_id
            """,
                after_id=after_id,
                comment=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
                types=RESPONSE_MESSAGE_TYPES,
            )
        )
        self.invalidate_model(["complaint_first_response_date"])
        return self.env.cr.rowcount

    @api.model
    def _complaint_backfill_clocks(self, batch_size=500):
        """Give the registered complaints that have no clock (registered
        before regimes existed) the clocks of their regime, or of the regime
        they would get today. The governing clock keeps the deadline already
        promised; what the sent response answered is met when it was sent.
        Anonymised complaints are left as they are. Batched: one search, one
        create and one write per regime for each batch. Returns the number of
        complaints given clocks."""
        cr = self.env.cr
        # the complaints without clocks; their receipt date, added with the
        # regimes, came from the upgrade itself: they were received when made
        cr.execute(
            """
            UPDATE helpdesk_ticket t
               SET complaint_received_date = LEAST(
                       t.create_date, t.complaint_registered_date)
             WHERE t.complaint_ref IS NOT NULL
               AND t.complaint_anonymised_date IS NULL
               AND (t.complaint_received_date IS NULL
                    OR t.complaint_received_date > t.complaint_registered_date)
               AND NOT EXISTS (
                   SELECT 1 FROM complaint_clock c WHERE c.ticket_id = t.id)
            """
        )
        cr.execute(
            """
            SELECT t.id FROM helpdesk_ticket t
             WHERE t.complaint_ref IS NOT NULL
               AND t.complaint_anonymised_date IS NULL
               AND NOT EXISTS (
                   SELECT 1 FROM complaint_clock c WHERE c.ticket_id = t.id)
             ORDER BY t.id
            """
        )
        ticket_ids = [row[0] for row in cr.fetchall()]
        self.invalidate_model(["complaint_received_date"])
        # sudo: a migration or an administrator's repair, across companies;
        # no tracking message for a clock the complaint always should have had
        tickets_env = self.sudo().with_context(active_test=False, tracking_disable=True)
        Clock = self.env["complaint.clock"].sudo()._with_workflow_unlocked()
        answered = ("final_response", "summary_resolution", "holding_reply")
        for batch_ids in tools.split_every(batch_size, ticket_ids):
            tickets = tickets_env.browse(batch_ids)
            vals_list, regime_tickets = [], {}
            for ticket in tickets:
                regime = (
                    ticket.complaint_regime_id or ticket._get_complaint_default_regime()
                )
                if not regime:
                    continue
                registered = ticket.complaint_registered_date or ticket.create_date
                clock_vals = ticket._prepare_complaint_clocks(regime, registered)[0]
                for vals in clock_vals:
                    # the promise already given stays the promise
                    if vals["governing"] and ticket.complaint_deadline:
                        vals["due_date"] = ticket.complaint_deadline
                        vals["original_due_date"] = ticket.complaint_deadline
                    if ticket.complaint_response_sent_date and vals["kind"] in answered:
                        vals["met_date"] = ticket.complaint_response_sent_date
                vals_list += clock_vals
                if regime != ticket.complaint_regime_id:
                    regime_tickets.setdefault(regime, []).append(ticket.id)
            Clock.create(vals_list)
            for regime, ids in regime_tickets.items():
                tickets_env.browse(ids)._set_workflow_values(
                    {"complaint_regime_id": regime.id}
                )
            tickets.invalidate_recordset()
        return len(ticket_ids)

    def _complaint_add_remedy_clock(self):
        """The customer's demand is known (or changed): its remedy clock
        replaces any other still open."""
        vals_list = []
        for ticket in self.filtered(lambda t: t.complaint_ref):
            remedy = ticket.complaint_clock_ids.filtered(lambda c: c.kind == "remedy")
            if remedy.filtered(lambda c, t=ticket: c.demand == t.complaint_demand):
                continue
            # sudo: the complaint's own remedy clock not met yet, replaced by
            # the new demand's (agents delete no clock themselves)
            remedy.filtered(lambda c: not c.met_date).sudo().unlink()
            if ticket.complaint_demand and ticket.complaint_regime_id:
                vals_list += ticket._prepare_complaint_clocks(
                    ticket.complaint_regime_id,
                    ticket.complaint_registered_date,
                    kinds=("remedy",),
                )[0]
        self.env["complaint.clock"]._with_workflow_unlocked().create(vals_list)

    def _complaint_clocks_met(self, kinds, when=None):
        return self.complaint_clock_ids.filtered(lambda c: c.kind in kinds)._mark_met(
            when
        )

    def _complaint_move_deadline(self, new_day, reason, holding=False):
        """Move the answer date to the end of ``new_day``: the governing
        clock keeps the date first promised for the on-time figures."""
        self.ensure_one()
        deadline = self._from_complaint_local(new_day, time(23, 59, 59))
        clock = self._get_complaint_governing_clock()
        if clock:
            values = {
                "due_date": deadline,
                "met_date": False,
                "lapsed": False,
                "change_reason": reason,
            }
            # a new date is a promise broken: the on-time figures keep the
            # one given before (a holding reply stays within the law's limit)
            if not holding and not clock.promised_due_date:
                values["promised_due_date"] = clock.due_date
            clock._set_workflow_values(values)
        lead_days = max(self.company_id.complaint_reminder_days, 0)
        reminder = deadline
        if lead_days:
            reminder = max(
                self._from_complaint_local(
                    new_day - timedelta(days=lead_days), time.min
                ),
                fields.Datetime.now(),
            )
        self._set_workflow_values(
            {
                "complaint_deadline": deadline,
                "complaint_reminder_date": reminder,
                "complaint_reminder_sent": False,
                "complaint_escalated": False,
            }
        )
        if holding:
            self._complaint_clocks_met(("holding_reply",))

    def _get_complaint_penalty(self, now):
        """Days the remedy is late and the penalty they cost: price × daily
        rate × days, within the regime's cap."""
        self.ensure_one()
        regime = self.complaint_regime_id
        clock = self._get_complaint_remedy_clock()
        if not (regime.has_penalty and clock and self.complaint_penalty_price):
            return 0, 0.0
        done = clock.met_date or now
        days = (
            self._to_complaint_local(done).date()
            - self._to_complaint_local(clock.due_date).date()
        ).days
        if days <= 0:
            return 0, 0.0
        service = self.complaint_product_id.type == "service"
        rates = (regime.penalty_rate_service, regime.penalty_rate_goods)
        rate = next((r for r in (rates if service else rates[::-1]) if r), 0.0)
        amount = self.complaint_penalty_price * rate / 100.0 * days
        if regime.penalty_cap:
            amount = min(
                amount, self.complaint_penalty_price * regime.penalty_cap / 100
            )
        return days, self.complaint_company_currency_id.round(amount)

    def _get_complaint_penalty_note(self):
        self.ensure_one()
        if not self.complaint_penalty_amount:
            return ""
        return self.env._(
            " Penalty exposure: %(amount)s (%(days)s days late).",
            amount=tools.format_amount(
                self.env,
                self.complaint_penalty_amount,
                self.complaint_company_currency_id,
            ),
            days=self.complaint_penalty_days,
        )

    @api.model
    def _get_complaint_penalty_total(self, domain):
        """The penalty exposure of the complaints in ``domain`` under a
        regime with a penalty rule, today."""
        complaints = self.with_context(active_test=False).search(
            expression.AND(
                [
                    domain,
                    [
                        ("complaint_penalty_price", ">", 0),
                        "|",
                        ("complaint_regime_id.penalty_rate_goods", ">", 0),
                        ("complaint_regime_id.penalty_rate_service", ">", 0),
                    ],
                ]
            )
        )
        return sum(complaints.mapped("complaint_penalty_amount"))

    def _get_complaint_letter_blocks(self, summary=None):
        """The regime's blocks this complaint's letter prints."""
        self.ensure_one()
        if not self.complaint_regime_id:
            return self.env["complaint.regime.letter.block"]
        if summary is None:
            summary = self._is_complaint_summary_resolution()
        return self.complaint_regime_id._get_letter_blocks(
            self.company_id, summary=summary
        )

    def _is_complaint_summary_resolution(self):
        """Answered within the regime's summary resolution time: the letter
        is the short summary resolution communication."""
        self.ensure_one()
        clocks = self.complaint_clock_ids.filtered(
            lambda c: c.kind == "summary_resolution"
        )
        return bool(clocks) and all(c.state == "met" for c in clocks)

    def _complaint_resolves_summarily(self, now):
        """Sent now, would the answer be a summary resolution?"""
        self.ensure_one()
        clocks = self.complaint_clock_ids.filtered(
            lambda c: c.kind == "summary_resolution"
        )
        return bool(clocks) and all(
            not c.met_date and c.due_date >= now for c in clocks
        )

    def _check_complaint_letter_blocks(self):
        now = fields.Datetime.now()
        for ticket in self:
            blocks = ticket._get_complaint_letter_blocks(
                summary=ticket._complaint_resolves_summarily(now)
            ).with_context(lang=ticket.partner_id.lang or self.env.lang)
            missing = blocks.filtered(lambda b: b.required and not b._has_text())
            if missing:
                raise UserError(
                    self.env._(
                        "Complaint %(ref)s: under %(regime)s the response must "
                        "contain these passages, which have no text yet: "
                        "%(blocks)s. A manager writes them once in the regime's "
                        "letter blocks (Complaints > Configuration > Regimes).",
                        ref=ticket.complaint_ref or ticket.display_name,
                        regime=ticket.complaint_regime_id.display_name,
                        blocks=", ".join(missing.mapped("name")),
                    )
                )

    def action_complaint_holding_reply(self):
        return self._action_complaint_deadline_wizard("holding_reply")

    def action_complaint_change_deadline(self):
        return self._action_complaint_deadline_wizard("change")

    def _action_complaint_deadline_wizard(self, mode):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Holding Reply")
            if mode == "holding_reply"
            else self.env._("Change Answer Date"),
            "res_model": "complaint.deadline.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id, "default_mode": mode},
        }

    # ------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------

    def _awaiting_answer_domain(self):
        return [("complaint_state", "in", AWAITING_ANSWER)]

    @api.model
    def _cron_complaint_deadline_reminder(self, batch_size=500):
        """Remind each agent once, a working day (or the company's lead time)
        before the deadline."""
        now = fields.Datetime.now()
        domain = self._awaiting_answer_domain() + [
            ("complaint_reminder_sent", "=", False),
            ("complaint_reminder_date", "<=", now),
            ("complaint_deadline", ">=", now),
        ]
        tickets = self.search(domain, limit=batch_size, order="complaint_deadline")
        for ticket in tickets:
            ticket.activity_schedule(
                ACTIVITY_DEADLINE,
                date_deadline=ticket.complaint_deadline.date(),
                user_id=(ticket.user_id or ticket.team_id.user_id or self.env.user).id,
                summary=self.env._("Complaint deadline is near"),
                note=self.env._(
                    "Answer complaint %(ref)s by %(deadline)s, as promised to the "
                    "customer, or tell them now if the date will slip.",
                    ref=ticket.complaint_ref,
                    deadline=tools.format_date(self.env, ticket.complaint_deadline),
                ),
            )
        tickets._set_workflow_values({"complaint_reminder_sent": True})
        self.env["ir.cron"]._notify_progress(
            done=len(tickets), remaining=self.search_count(domain)
        )

    @api.model
    def _cron_complaint_unassigned_alert(self, batch_size=500):
        """Alert the team leader (else the complaint managers) once about each
        complaint still without an agent a working day after registration."""
        domain = [
            ("complaint_assign_due", "<=", fields.Datetime.now()),
            ("user_id", "=", False),
        ]
        tickets = self.search(domain, limit=batch_size, order="complaint_assign_due")
        managers = self.env.ref("complaint_management.group_complaint_manager").users
        for ticket in tickets.filtered(lambda t: t.complaint_state in OPEN_STATES):
            leaders = ticket.team_id.user_id or managers.filtered(
                lambda u, t=ticket: t.company_id in u.company_ids and not u.share
            )
            for leader in leaders:
                ticket.activity_schedule(
                    ACTIVITY_UNASSIGNED,
                    user_id=leader.id,
                    summary=self.env._("Complaint still unassigned"),
                    note=self.env._(
                        "Complaint %(ref)s has had no agent for a working day "
                        "since it was registered: assign it to someone today.",
                        ref=ticket.complaint_ref,
                    ),
                )
        # alerted (or closed meanwhile): never looked at again
        tickets._set_workflow_values({"complaint_assign_due": False})
        self.env["ir.cron"]._notify_progress(
            done=len(tickets), remaining=self.search_count(domain)
        )

    @api.model
    def _cron_complaint_escalate_overdue(self, batch_size=500):
        """Escalate each overdue complaint once, in companies that escalate."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].search(
            [("complaint_escalation_enabled", "=", True)]
        )
        domain = self._awaiting_answer_domain() + [
            ("complaint_escalated", "=", False),
            ("complaint_deadline", "<", now),
            ("company_id", "in", companies.ids),
        ]
        tickets = self.search(domain, limit=batch_size, order="complaint_deadline")
        managers = self.env.ref("complaint_management.group_complaint_manager").users
        for ticket in tickets:
            escalate_to = ticket.team_id.user_id or managers.filtered(
                lambda u, t=ticket: t.company_id in u.company_ids and not u.share
            )
            for user in escalate_to:
                ticket.activity_schedule(
                    ACTIVITY_ESCALATION,
                    user_id=user.id,
                    summary=self.env._("Overdue complaint escalated"),
                    note=self.env._(
                        "Complaint %(ref)s passed its deadline without an answer.",
                        ref=ticket.complaint_ref,
                    )
                    + ticket._get_complaint_penalty_note(),
                )
            ticket.message_post(
                body=self.env._(
                    "The response deadline passed: the complaint is escalated to "
                    "%(people)s.",
                    people=", ".join(escalate_to.mapped("name")),
                )
                + ticket._get_complaint_penalty_note(),
                subtype_xmlid="mail.mt_note",
            )
        tickets._set_workflow_values({"complaint_escalated": True})
        self.env["ir.cron"]._notify_progress(
            done=len(tickets), remaining=self.search_count(domain)
        )

    @api.model
    def _cron_complaint_send_letters(self, batch_size=5):
        """Send the letters of released responses, oldest first, a few per
        transaction. A letter that fails goes to the back of the queue and is
        tried again on the next run; one whose complaint or customer someone
        changed meanwhile (the agent closing it, say) cannot be written in this
        transaction: it is tried again shortly, in a new one."""
        domain = [("complaint_response_letter_queued_date", "!=", False)]
        tickets = self.search(
            domain, limit=batch_size, order="complaint_response_letter_queued_date, id"
        )
        sent = failed = self.browse()
        for ticket in tickets:
            try:
                with self.env.cr.savepoint():
                    ticket._send_complaint_response_letter()
                sent |= ticket
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                _logger.info(
                    "Complaint %s changed while its letter was being sent; "
                    "it is sent again in %s seconds.",
                    ticket.complaint_ref,
                    LETTER_RETRY_SECONDS,
                )
                self.env.ref(
                    "complaint_management.ir_cron_complaint_send_letters"
                )._trigger(
                    fields.Datetime.now() + timedelta(seconds=LETTER_RETRY_SECONDS)
                )
                break
            except Exception:
                _logger.exception(
                    "Complaint %s: its response letter could not be sent; "
                    "it is tried again on the next run.",
                    ticket.complaint_ref,
                )
                failed |= ticket
        failed._set_workflow_values(
            {"complaint_response_letter_queued_date": fields.Datetime.now()}
        )
        self.env["ir.cron"]._notify_progress(
            done=len(sent),
            remaining=max(self.search_count(domain) - len(failed), 0),
        )

    @api.model
    def _cron_complaint_satisfaction_followup(self, batch_size=200):
        """Ask each customer once, some hours after closing, whether they are
        satisfied. Only complaints closed within the last week are looked at."""
        now = fields.Datetime.now()
        template = self.env.ref("complaint_management.mail_template_complaint_followup")
        tickets = self.browse()
        remaining = 0
        for company in self.env["res.company"].search([]):
            due_before = now - timedelta(hours=company.complaint_followup_hours)
            domain = [
                ("company_id", "=", company.id),
                ("complaint_state", "in", ("closed", "withdrawn")),
                ("complaint_ref", "!=", False),
                ("complaint_followup_sent_date", "=", False),
                ("closed_date", "<=", due_before),
                ("closed_date", ">=", due_before - timedelta(days=7)),
                ("partner_id", "!=", False),
            ]
            batch = self.search(domain, limit=batch_size - len(tickets))
            tickets |= batch
            remaining += self.search_count(domain) - len(batch)
        for ticket in tickets:
            ticket.rating_send_request(
                template, lang=ticket.partner_id.lang, force_send=False
            )
        tickets._set_workflow_values({"complaint_followup_sent_date": now})
        self.env["ir.cron"]._notify_progress(done=len(tickets), remaining=remaining)

    @api.model
    def _cron_complaint_anonymise(self, batch_size=200):
        """Remove the personal data of complaints past their retention period
        (closed, not on legal hold), oldest first, a batch per run."""
        Ticket = self.with_context(active_test=False)
        domain = self._complaint_anonymise_due_domain()
        tickets = Ticket.search(
            domain, limit=batch_size, order="complaint_retention_end, id"
        )
        tickets._complaint_anonymise(
            self.env._("the retention period after closing ended.")
        )
        self.env["ir.cron"]._notify_progress(
            done=len(tickets), remaining=Ticket.search_count(domain)
        )
