"""helpdesk_mgmt's own Russian and Bulgarian terms (issue 21, item 5): its
wheel ships none, so this addon carries them (i18n_helpdesk_mgmt/) and loads
them for helpdesk_mgmt whenever its terms load, never over a translation the
database already has."""

import os

import polib

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons import helpdesk_mgmt

TERMS = os.path.join(
    os.path.dirname(__file__), "..", "complaint_management", "i18n_helpdesk_mgmt"
)
LANGS = ("ru_RU", "bg_BG")


def forget(record, field_name):
    """Drop the record's Russian and Bulgarian values, as in a database where
    the languages were installed before these terms shipped."""
    record.flush_recordset([field_name])
    record.env.cr.execute(
        f'UPDATE "{record._table}" SET "{field_name}" = "{field_name}" '
        "- 'ru_RU' - 'bg_BG' - '_ru_RU' - '_bg_BG' WHERE id = %s",
        [record.id],
    )
    record.invalidate_recordset([field_name])


@tagged("post_install", "-at_install")
class TestHelpdeskTerms(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGS:
            cls.env["res.lang"]._activate_lang(code)
        cls.label = cls.env["ir.model.fields"]._get("helpdesk.ticket", "stage_id")
        cls.stage = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.portal_page = cls.env.ref("helpdesk_mgmt.portal_my_tickets")

    def _in(self, lang, record, field_name):
        return record.with_context(lang=lang)[field_name]

    def test_every_helpdesk_term_is_translated(self):
        pot = polib.pofile(
            os.path.join(
                os.path.dirname(helpdesk_mgmt.__file__), "i18n", "helpdesk_mgmt.pot"
            )
        )
        # code terms are read from helpdesk_mgmt's own files at run time; the
        # portal's searchbar labels are this addon's terms instead
        msgids = {
            entry.msgid
            for entry in pot
            if any(not ref.startswith("code:") for ref, _line in entry.occurrences)
        }
        for lang in ("ru", "bg"):
            po = polib.pofile(os.path.join(TERMS, f"{lang}.po"))
            translated = {e.msgid for e in po if e.msgstr and "fuzzy" not in e.flags}
            self.assertFalse(sorted(msgids - translated), lang)

    def test_labels_stages_and_portal_load_in_russian_and_bulgarian(self):
        for record, field_name in (
            (self.label, "field_description"),
            (self.stage, "name"),
            (self.portal_page, "arch_db"),
        ):
            forget(record, field_name)
        self.assertEqual(self._in("ru_RU", self.label, "field_description"), "Stage")
        self.env["ir.module.module"]._load_module_terms(["helpdesk_mgmt"], list(LANGS))
        self.assertEqual(self._in("ru_RU", self.label, "field_description"), "Этап")
        self.assertEqual(self._in("bg_BG", self.label, "field_description"), "Етап")
        self.assertEqual(self._in("ru_RU", self.stage, "name"), "В работе")
        self.assertEqual(self._in("bg_BG", self.stage, "name"), "В процес")
        self.assertIn(
            "Заявки не найдены.", self._in("ru_RU", self.portal_page, "arch_db")
        )
        self.assertIn(
            "Няма намерени заявки.", self._in("bg_BG", self.portal_page, "arch_db")
        )

    def test_updating_this_addon_loads_them_too(self):
        forget(self.stage, "name")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["ru_RU"]
        )
        self.assertEqual(self._in("ru_RU", self.stage, "name"), "В работе")

    def test_a_translation_the_database_has_is_kept(self):
        self.stage.update_field_translations("name", {"ru_RU": "Взята в работу"})
        self.env["ir.module.module"]._load_module_terms(["helpdesk_mgmt"], list(LANGS))
        self.assertEqual(self._in("ru_RU", self.stage, "name"), "Взята в работу")
        self.assertEqual(self._in("bg_BG", self.stage, "name"), "В процес")

    def test_a_renamed_record_keeps_its_new_wording(self):
        # an addon renamed the stage: helpdesk's translation of "In Progress"
        # no longer says what the stage says
        forget(self.stage, "name")
        self.stage.with_context(lang="en_US").name = "Being looked into"
        self.env["ir.module.module"]._load_module_terms(["helpdesk_mgmt"], ["ru_RU"])
        self.assertEqual(self._in("ru_RU", self.stage, "name"), "Being looked into")


@tagged("post_install", "-at_install")
class TestHelpdeskTermsInThePortal(HttpCase):
    def test_russian_customer_reads_helpdesk_labels(self):
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(
            ["helpdesk_mgmt", "complaint_management"], ["ru_RU"]
        )
        new_test_user(
            self.env, login="ru_customer", groups="base.group_portal", lang="ru_RU"
        )
        self.authenticate("ru_customer", "ru_customer")
        page = self.url_open("/my/tickets").text
        # helpdesk's template terms and its searchbar's code terms
        self.assertIn("Заявки не найдены.", page)
        self.assertIn("Сначала новые", page)
        self.assertIn("Искать в заголовке", page)
        self.assertNotIn("Search in Title", page)
        self.assertNotIn("No tickets found.", page)
