# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class ComplaintWorkflowMixin(models.AbstractModel):
    """Fields that only a record's actions write (state, decisions, who and
    when): an RPC create or write cannot set them past the business rules."""

    _name = "complaint.workflow.mixin"
    _description = "Fields Written Only by Workflow Actions"
    _workflow_fields = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # a new record may only start as a draft
            self._check_workflow_fields_untouched(
                {k: v for k, v in vals.items() if (k, v) != ("state", "draft")}
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields_untouched(vals)
        return super().write(vals)

    def _check_workflow_fields_untouched(self, vals):
        if self.env.context.get(self._workflow_context_key()):
            return
        if self._workflow_fields.intersection(vals):
            raise UserError(self._workflow_error_message())

    def _workflow_context_key(self):
        return f"{self._name}.workflow"

    def _workflow_error_message(self):
        raise NotImplementedError()

    def _set_workflow_values(self, vals):
        self.with_context(**{self._workflow_context_key(): True}).write(vals)
