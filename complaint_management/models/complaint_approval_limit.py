# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class ComplaintApprovalLimit(models.Model):
    _name = "complaint.approval.limit"
    _description = "Compensation Approval Limit"
    _order = "company_id, amount desc, id"
    _check_company_auto = True

    user_id = fields.Many2one(
        comodel_name="res.users",
        string="User",
        index=True,
        domain="[('share', '=', False)]",
        help="The limit applies to this user.",
    )
    group_id = fields.Many2one(
        comodel_name="res.groups",
        string="Group",
        index=True,
        help="The limit applies to every member of this group.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    amount = fields.Monetary(
        string="Ceiling",
        required=True,
        currency_field="currency_id",
        help="The highest compensation value this user or group may approve.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "amount_not_negative",
            "CHECK(amount >= 0)",
            "An approval ceiling cannot be negative: enter zero or more.",
        ),
    ]

    @api.depends("user_id", "group_id", "amount", "currency_id")
    def _compute_display_name(self):
        for limit in self:
            holder = limit.user_id.name or limit.group_id.full_name or ""
            limit.display_name = f"{holder}: {limit.amount} {limit.currency_id.name}"

    @api.constrains("user_id", "group_id", "amount")
    def _check_holder(self):
        for limit in self:
            if bool(limit.user_id) == bool(limit.group_id):
                raise ValidationError(
                    self.env._(
                        "An approval limit is set either for a user or for a "
                        "group: fill in exactly one of the two."
                    )
                )

    @api.model
    def _get_company_limits(self, company):
        # sudo: limits are configuration every agent is bound by; reading them
        # decides nothing beyond who may approve what.
        return self.sudo().search([("company_id", "=", company.id)])

    def _get_ceiling(self, user, currency, date):
        """Among the limits in self, the highest that applies to ``user``,
        converted to ``currency`` at ``date``; 0 when none applies."""
        applicable = self.filtered(
            lambda limit: limit.user_id == user or limit.group_id in user.groups_id
        )
        for limit in applicable:
            limit._check_rate_exists(limit.currency_id, date)
            limit._check_rate_exists(currency, date)
        return max(
            (
                limit.currency_id._convert(
                    limit.amount, currency, limit.company_id, date
                )
                for limit in applicable
            ),
            default=0.0,
        )

    def _check_rate_exists(self, currency, date):
        """Refuse to compare amounts with a made-up rate: Odoo converts at 1:1
        when a currency has no rate, which would let any amount through."""
        company = self.company_id
        if currency == company.currency_id:
            return
        has_rate = (
            self.env["res.currency.rate"]
            .sudo()  # sudo: rates are reference data, read to validate only
            .search_count(
                [
                    ("currency_id", "=", currency.id),
                    ("name", "<=", date),
                    ("company_id", "in", [company.id, False]),
                ],
                limit=1,
            )
        )
        if not has_rate:
            raise UserError(
                self.env._(
                    "There is no exchange rate for %(currency)s on or before "
                    "%(date)s in %(company)s: the approval limit cannot be "
                    "checked. Add the rate first.",
                    currency=currency.name,
                    date=date,
                    company=company.name,
                )
            )

    @api.model
    def _get_user_limit(self, user, company, currency, date):
        """The highest ceiling that applies to ``user`` in ``company``."""
        return self._get_company_limits(company)._get_ceiling(user, currency, date)

    @api.model
    def _get_users_covering(self, amount, company, currency, date, ceilings=None):
        """Internal users of ``company`` whose ceiling covers ``amount``;
        ``ceilings``: ``_get_ceilings`` of that company, currency and date,
        when the caller has them already."""
        if ceilings is None:
            ceilings = self._get_ceilings(company, currency, date)
        return self.env["res.users"].union(
            *(
                user
                for user, ceiling in ceilings.items()
                if currency.compare_amounts(ceiling, amount) >= 0
            )
        )

    @api.model
    def _get_ceilings(self, company, currency, date):
        """{user: ceiling in ``currency``} of the internal users of
        ``company`` a limit applies to."""
        limits = self._get_company_limits(company)
        candidates = (limits.user_id | limits.group_id.users).filtered(
            lambda user: not user.share and company in user.company_ids
        )
        return {user: limits._get_ceiling(user, currency, date) for user in candidates}
