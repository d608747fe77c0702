# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from odoo import api, fields, models, tools


def normalize_phrase(text):
    """Lower case, punctuation as spaces, single spaces: "You're WRONG!" and
    "you re wrong" compare equal, in any script."""
    words = re.sub(r"[\W_]+", " ", (text or "").casefold())
    return " ".join(words.split())


class ComplaintPhrase(models.Model):
    """A phrase that makes a complaint worse, and what to say instead."""

    _name = "complaint.phrase"
    _description = "Phrase to Avoid with Complaining Customers"
    _order = "lang_id, name"

    name = fields.Char(string="Phrase to Avoid", required=True, translate=False)
    alternative = fields.Text(
        string="Say Instead",
        required=True,
        help="A better way to say it, shown to the agent with the warning.",
    )
    lang_id = fields.Many2one(
        comodel_name="res.lang",
        string="Language",
        context={"active_test": False},
        help="The language of the phrase; the guard checks every phrase, "
        "whatever the customer's language.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_lang_uniq",
            "unique(name, lang_id)",
            "This phrase is already listed for this language: edit the existing one.",
        ),
    ]

    @api.model
    def _find_in(self, text):
        """The listed phrases that ``text`` (plain text or HTML) contains."""
        haystack = f" {normalize_phrase(tools.html2plaintext(text or ''))} "
        if not haystack.strip():
            return self.browse()
        return self.search([]).filtered(
            lambda phrase: f" {normalize_phrase(phrase.name)} " in haystack
        )

    @api.model
    def _format_warning(self, phrases):
        lines = [
            self.env._(
                "“%(phrase)s” tends to make an upset customer angrier. Try: "
                "“%(alternative)s”",
                phrase=phrase.name,
                alternative=phrase.alternative,
            )
            for phrase in phrases
        ]
        return "\n".join(lines)
