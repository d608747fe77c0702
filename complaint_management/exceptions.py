# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError


class PhraseGuardError(UserError):
    """A message to the customer contains a phrase to avoid. A UserError, so
    the transaction is rolled back and the message is not sent; a class of its
    own so that the web client titles the dialog for what it is
    (static/src/js/phrase_guard_error.js) instead of "Invalid Operation"."""
