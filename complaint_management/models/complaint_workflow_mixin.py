# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


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

    def _check_state(self, allowed, verb):
        """Refuse the action unless the record is in one of the ``allowed``
        states: a page left open may show a state that has since moved on."""
        self.ensure_one()
        if self.state not in allowed:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(record)s is %(state)s and cannot be %(verb)s. Reload the "
                    "page to see where it stands.",
                    record=self.display_name,
                    state=states[self.state].lower(),
                    verb=verb,
                )
            )

    def _lock_for_decision(self):
        """Take the rows before deciding: of two users deciding at once, the
        second waits, then finds the record already decided."""
        if not self.ids:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()
