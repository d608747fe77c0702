"""The bridges speak Russian and Bulgarian: every msgid of their .pot is
translated, and the mails they send the customer on the complaint (the
credit note issued, the loyalty code) come in the customer's language."""

import os
import re

import polib

from odoo.tests import tagged

from .common_account import AccountComplaintCase

ROOT = os.path.join(os.path.dirname(__file__), "..")
BRIDGES = (
    "complaint_management_account",
    "complaint_management_sale",
    "complaint_management_loyalty",
)
LANGS = ("ru_RU", "bg_BG")


@tagged("post_install", "-at_install")
class TestBridgeTranslationsComplete(AccountComplaintCase):
    def test_every_bridge_msgid_translated(self):
        for module in BRIDGES:
            i18n = os.path.join(ROOT, module, "i18n")
            pot = polib.pofile(os.path.join(i18n, f"{module}.pot"))
            msgids = {entry.msgid for entry in pot if entry.msgid}
            self.assertTrue(msgids, module)
            for lang in ("ru", "bg"):
                po = polib.pofile(os.path.join(i18n, f"{lang}.po"))
                translated = {
                    entry.msgid
                    for entry in po
                    if entry.msgstr
                    and not entry.obsolete
                    and "fuzzy" not in entry.flags
                }
                missing = sorted(msgids - translated)
                self.assertFalse(missing, f"{module} {lang}.po misses {missing[:5]}")


@tagged("post_install", "-at_install")
class TestBridgeMailsInTheirLanguage(AccountComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGS:
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["complaint_management_account", "complaint_management_loyalty"],
            list(LANGS),
            overwrite=True,
        )
        cls.invoices = {}

    def _sentences(self, html):
        text = re.sub(r"<[^>]+>", "\n", html)
        return {
            " ".join(chunk.split())
            for chunk in re.split(r"[\n.!?:]", text)
            if len(chunk.split()) >= 3
        }

    def _credited_complaint(self, lang):
        """A complaint of a customer speaking ``lang`` whose refund is
        accepted and its credit note posted."""
        customer = self.env["res.partner"].create(
            {"name": f"Customer {lang}", "email": f"{lang}@example.com", "lang": lang}
        )
        invoice = self._posted_invoice(partner=customer)
        complaint = self._registered_complaint(
            partner_id=customer.id,
            complaint_invoice_id=invoice.id,
            complaint_invoice_line_id=invoice.invoice_line_ids.id,
        )
        compensation = self._offered(complaint, 60)
        compensation.action_accept()
        compensation.move_id.with_env(self.env).action_post()
        return complaint, compensation

    def _render(self, xmlid, compensation):
        template = self.env.ref(xmlid)
        complaint = compensation.ticket_id.with_context(
            complaint_compensation_id=compensation.id
        )
        values = template.with_context(
            complaint_compensation_id=compensation.id
        )._generate_template(complaint.ids, ("subject", "body_html"))[complaint.id]
        return values["subject"], values["body_html"]

    def _assert_translated(self, xmlid, english, local, lang):
        en_subject, en_body = self._render(xmlid, english)
        subject, body = self._render(xmlid, local)
        self.assertIn(local.ticket_id.complaint_ref, subject)
        en_subject = en_subject.replace(
            english.ticket_id.complaint_ref, local.ticket_id.complaint_ref
        )
        if english.move_id:
            en_subject = en_subject.replace(
                english.move_id.name, local.move_id.with_env(self.env).name
            )
        self.assertNotEqual(subject, en_subject, f"{xmlid} subject in {lang}")
        leftovers = {
            sentence
            for sentence in self._sentences(en_body) & self._sentences(body)
            if self.company.name not in sentence
        }
        self.assertFalse(leftovers, f"{xmlid} in {lang}: {leftovers}")

    def test_credit_note_mail_in_the_customers_language(self):
        _complaint, english = self._credited_complaint("en_US")
        for lang in LANGS:
            complaint, local = self._credited_complaint(lang)
            self._assert_translated(
                "complaint_management_account.mail_template_complaint_credit_note",
                english,
                local,
                lang,
            )
            # the mail posted on the complaint when the credit note was posted
            move = local.move_id.with_env(self.env)
            mail = complaint.message_ids.filtered(
                lambda m, move=move: move.name in (m.subject or "")
            )
            self.assertEqual(len(mail), 1, lang)
            self.assertNotIn("Your credit note", mail.subject)
            self.assertNotIn("we have issued credit note", str(mail.body))

    def test_loyalty_code_mail_in_the_customers_language(self):
        program = self.env["loyalty.program"].create(
            {
                "name": "Languages eWallet",
                "program_type": "ewallet",
                "company_id": self.company.id,
            }
        )
        self.company.complaint_store_credit_program_id = program
        compensations = {}
        for lang in ("en_US", *LANGS):
            customer = self.env["res.partner"].create(
                {
                    "name": f"Wallet {lang}",
                    "email": f"w.{lang}@example.com",
                    "lang": lang,
                }
            )
            complaint = self._registered_complaint(partner_id=customer.id)
            compensation = self._offered(
                complaint, 30, compensation_type="store_credit"
            )
            compensation.action_accept()
            self.assertTrue(compensation.loyalty_card_id)
            compensations[lang] = compensation
        for lang in LANGS:
            self._assert_translated(
                "complaint_management_loyalty.mail_template_complaint_loyalty_code",
                compensations["en_US"],
                compensations[lang],
                lang,
            )
