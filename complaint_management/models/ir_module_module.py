# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from contextlib import suppress
from os.path import join

from odoo import models
from odoo.tools import file_path
from odoo.tools.translate import TranslationImporter

_logger = logging.getLogger(__name__)

# helpdesk_mgmt's Russian and Bulgarian terms, which its wheel does not ship
# (its ru.po is empty, there is no bg.po): the labels, stages, channels,
# portal pages and mails the complaint desk and its customers see
HELPDESK_TERMS = ("complaint_management", "i18n_helpdesk_mgmt")


class CurrentSourceImporter(TranslationImporter):
    """Loads a whole-value translation (a label, a stage's name) only where
    the record still says what the term translates: where another addon
    renamed it (this one calls helpdesk's partner a Contact), helpdesk's
    translation of the old wording must not come back. Terms inside views
    are matched by their source already."""

    def _load(self, reader, lang, xmlids=None):
        return super()._load(
            (row for row in reader if self._is_current(row)), lang, xmlids
        )

    def _is_current(self, row):
        if row.get("type") != "model" or not row.get("src"):
            return True
        model_name = row.get("imd_model")
        if model_name not in self.env:
            return False
        record = self.env.ref(
            f"{row['module']}.{row['imd_name']}", raise_if_not_found=False
        )
        if not record or record._name != model_name:
            return False
        field_name = row["name"].split(",")[1]
        if field_name not in record._fields:
            return False
        return record.with_context(lang="en_US")[field_name] == row["src"]


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        """helpdesk_mgmt's own terms, in the languages this addon ships them
        in, load whenever helpdesk_mgmt's or this addon's terms load (a
        language installed, a module installed or updated), after
        helpdesk_mgmt's own files, and never over a translation the database
        already has: helpdesk's own, or one a user wrote."""
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if {"helpdesk_mgmt", "complaint_management"} & set(modules):
            self._complaint_load_helpdesk_terms(langs)
        return res

    def _complaint_load_helpdesk_terms(self, langs):
        importer = CurrentSourceImporter(self.env.cr, verbose=False)
        loaded = False
        for lang in langs:
            for path in self._complaint_helpdesk_po_paths(lang):
                _logger.info("helpdesk_mgmt: loading %s for language %s", path, lang)
                importer.load_file(path, lang)
                loaded = True
        if loaded:
            importer.save(overwrite=False)

    def _complaint_helpdesk_po_paths(self, lang):
        """As Odoo's get_po_paths: the language's base (ru), then the
        language itself (ru_RU)."""
        names = dict.fromkeys((lang.split("_")[0], lang))
        for name in names:
            with suppress(FileNotFoundError):
                yield file_path(join(*HELPDESK_TERMS, f"{name}.po"))
