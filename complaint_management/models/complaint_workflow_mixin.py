# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class ComplaintWorkflowMixin(models.AbstractModel):
    """Stamps: fields that record a state, a decision, who did it and when.
    Only the record's own actions and scheduled actions write them (through
    ``_set_workflow_values``); a create or write from a form, an import or an
    RPC call that names one is refused, whatever the route.

    The complaint, the compensation and the plan use this one guard, each
    with its own ``_workflow_fields`` and, for creation, the values a new
    record may start with (``_workflow_initial_values``)."""

    _name = "complaint.workflow.mixin"
    _description = "Fields Written Only by Workflow Actions"
    _workflow_fields = frozenset()
    # values a new record may be created with, e.g. {"state": "draft"}
    _workflow_initial_values = {}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields_untouched(
                {
                    name: value
                    for name, value in vals.items()
                    if self._workflow_initial_values.get(name, object()) != value
                }
            )
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields_untouched(vals)
        return super().write(vals)

    def _check_workflow_fields_untouched(self, vals):
        if self.env.context.get(self._workflow_context_key()):
            return
        forged = self._workflow_fields.intersection(vals)
        if forged:
            raise UserError(self._workflow_error_message(forged))

    def _workflow_context_key(self):
        # one key per model: a complaint's action writing its compensations
        # does not unlock their stamps
        return f"{self._name}.workflow"

    def _workflow_error_message(self, field_names):
        labels = ", ".join(
            sorted(
                self._fields[name]._description_string(self.env) for name in field_names
            )
        )
        return self.env._(
            "%(fields)s: recorded only through its actions (their buttons and "
            "scheduled actions), never written directly. Leave these fields out "
            "and use the buttons.",
            fields=labels,
        )

    def _with_workflow_unlocked(self):
        """The records with their stamps unlocked, for the actions that earn
        them."""
        return self.with_context(**{self._workflow_context_key(): True})

    def _set_workflow_values(self, vals):
        self._with_workflow_unlocked().write(vals)
