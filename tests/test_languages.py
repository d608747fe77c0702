import os
import re

import polib

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCase

I18N = os.path.join(os.path.dirname(__file__), "..", "complaint_management", "i18n")
README = os.path.join(os.path.dirname(__file__), "..", "README.md")


@tagged("post_install", "-at_install")
class TestTranslationsComplete(ComplaintCase):
    def test_every_msgid_translated(self):
        pot = polib.pofile(os.path.join(I18N, "complaint_management.pot"))
        msgids = {entry.msgid for entry in pot if entry.msgid}
        for lang in ("ru", "bg"):
            po = polib.pofile(os.path.join(I18N, f"{lang}.po"))
            translated = {
                entry.msgid
                for entry in po
                if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
            }
            missing = sorted(msgids - translated)
            self.assertEqual(
                len(missing), 0, f"{lang}.po misses {len(missing)}: {missing[:5]}"
            )


@tagged("post_install", "-at_install")
class TestCustomerTextsInTheirLanguage(ComplaintCase):
    """Render every customer-facing mail for an English customer and for a
    Russian and a Bulgarian one: no English sentence may survive."""

    TEMPLATES = (
        "mail_template_complaint_acknowledgement",
        "mail_template_complaint_response",
        "mail_template_complaint_followup",
        "mail_template_complaint_holding_reply",
        "mail_template_complaint_deadline_changed",
        "mail_template_complaint_transfer",
        "mail_template_complaint_first_contact",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("ru_RU", "bg_BG"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["ru_RU", "bg_BG"], overwrite=True
        )

    def _sentences(self, html):
        text = re.sub(r"<[^>]+>", "\n", html)
        return {
            " ".join(chunk.split())
            for chunk in re.split(r"[\n.!?]", text)
            if len(chunk.split()) >= 3
        }

    def _render(self, xmlid, record):
        template = self.env.ref(f"complaint_management.{xmlid}")
        fields = template._generate_template(record.ids, ("subject", "body_html"))
        values = fields[record.id]
        return values["subject"], values["body_html"]

    def _complaint_for(self, name, lang):
        customer = self.env["res.partner"].create(
            {"name": name, "email": f"{lang}@example.com", "lang": lang}
        )
        return self._registered_complaint(partner_id=customer.id)

    def test_no_english_left(self):
        english = self._complaint_for("Anna English", "en_US")
        for lang in ("ru_RU", "bg_BG"):
            local = self._complaint_for(f"Customer {lang}", lang)
            for xmlid in self.TEMPLATES:
                en_subject, en_body = self._render(xmlid, english)
                subject, body = self._render(xmlid, local)
                self.assertNotEqual(
                    subject,
                    en_subject.replace(english.complaint_ref, local.complaint_ref),
                    f"{xmlid} subject untranslated in {lang}",
                )
                leftovers = {
                    sentence
                    for sentence in self._sentences(en_body) & self._sentences(body)
                    if "Your company" not in sentence
                    and english.company_id.name not in sentence
                }
                self.assertFalse(leftovers, f"{xmlid} in {lang}: {leftovers}")


@tagged("post_install", "-at_install")
class TestCannedReplies(ComplaintCase):
    def test_five_steps_in_three_languages_for_complaint_groups(self):
        Canned = self.env["mail.canned.response"]
        ours = Canned.search([("source", "=like", "complaint-%")])
        self.assertEqual(len(ours), 15)
        for step in ("contact", "clarify", "solutions", "carry-out", "confirm"):
            for suffix in ("", "-ru", "-bg"):
                self.assertIn(f"complaint-{step}{suffix}", ours.mapped("source"))
        group = self.env.ref("complaint_management.group_complaint_user")
        self.assertEqual(ours.group_ids, group)
        self.assertEqual(
            Canned.with_user(self.user_agent).search(
                [("source", "=like", "complaint-%")]
            ),
            ours,
        )
        self.assertFalse(
            Canned.with_user(self.user_employee).search(
                [("source", "=like", "complaint-%")]
            )
        )
        russian = ours.filtered(lambda c: c.source == "complaint-contact-ru")
        self.assertIn("извинения", russian.substitution)

    def test_readme_names_them_as_odoo_18_types_them(self):
        # Odoo 18 opens canned replies with one colon (issue 21, item 16)
        with open(README, encoding="utf-8") as readme:
            text = readme.read()
        self.assertNotIn("`::", text)
        named = re.findall(r"`:([\w-]+)`", text)
        self.assertTrue(named)
        sources = self.env["mail.canned.response"].search([]).mapped("source")
        for source in named:
            self.assertIn(source, sources)


@tagged("post_install", "-at_install")
class TestPhraseGuard(ComplaintCase):
    def setUp(self):
        super().setUp()
        self.complaint = self._registered_complaint().with_user(self.user_agent)

    def _send(self, body, **kwargs):
        values = {"message_type": "comment", "subtype_xmlid": "mail.mt_comment"}
        values.update(kwargs)
        return self.complaint.message_post(body=body, **values)

    def test_english_phrase_in_customer_message_is_stopped(self):
        with self.assertRaisesRegex(UserError, "Let me check I have understood you"):
            self._send("Sorry, but YOU are... wrong!")

    def test_russian_phrase_is_stopped(self):
        with self.assertRaisesRegex(UserError, "Давайте решим это вместе"):
            self._send("<p>Пожалуйста, УСПОКОЙТЕСЬ! Мы разберёмся.</p>")

    def test_internal_note_is_not_checked(self):
        message = self._send(
            "The customer says we are wrong, calm down everyone.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertTrue(message)

    def test_harmless_message_goes_out(self):
        self.assertTrue(self._send("We are looking into it and will call you today."))

    def test_deliberate_send_goes_through(self):
        message = self.complaint.with_context(
            complaint_phrase_confirmed=True
        ).message_post(
            body="According to our policy, refunds take 5 days.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertIn("According to our policy", message.body)

    def test_composer_warns_and_sends_as_written(self):
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.user_agent)
            .with_context(
                default_model="helpdesk.ticket",
                default_res_ids=self.complaint.ids,
                default_composition_mode="comment",
                default_subtype_xmlid="mail.mt_comment",
            )
        )
        composer.body = "<p>According to our policy, refunds take 5 days.</p>"
        self.assertIn(
            "Here is what I can do for you", composer.complaint_phrase_warning
        )
        wizard = composer.save()
        with self.assertRaisesRegex(UserError, "Send As Written"):
            wizard._action_send_mail()
        wizard.complaint_send_as_written = True
        wizard._action_send_mail()
        self.assertIn("According to our policy", self.complaint.message_ids[0].body)

    def test_phrases_are_configurable(self):
        phrase = self.env["complaint.phrase"].create(
            {"name": "no can do", "alternative": "Here is what we can do."}
        )
        with self.assertRaisesRegex(UserError, "Here is what we can do"):
            self._send("No can do, sorry.")
        phrase.active = False
        self.assertTrue(self._send("No can do, sorry."))


@tagged("post_install", "-at_install")
class TestLanguageTransfer(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lang = cls.env["res.lang"].with_context(active_test=False)
        cls.lang_ru = Lang.search([("code", "=", "ru_RU")])
        cls.lang_en = Lang.search([("code", "=", "en_US")])
        cls.lang_ru.active = True
        cls.user_agent.complaint_lang_ids = cls.lang_en
        cls.user_ivan = new_test_user(
            cls.env,
            login="agent_ivan",
            name="Ivan Agent",
            groups="complaint_management.group_complaint_user",
        )
        cls.user_ivan.complaint_lang_ids = cls.lang_en | cls.lang_ru
        cls.user_bob = new_test_user(
            cls.env,
            login="agent_bob",
            name="Bob Agent",
            groups="complaint_management.group_complaint_user",
        )
        cls.user_bob.complaint_lang_ids = cls.lang_en
        cls.team.user_ids = cls.user_agent | cls.user_ivan | cls.user_bob
        cls.russian = cls.env["res.partner"].create(
            {"name": "Ольга", "email": "olga@example.com", "lang": "ru_RU"}
        )

    def test_mismatch_flag_and_transfer(self):
        complaint = self._registered_complaint(
            partner_id=self.russian.id, team_id=self.team.id, user_id=self.user_agent.id
        )
        self.assertTrue(complaint.complaint_language_mismatch)
        self.assertIn(
            complaint,
            self.env["helpdesk.ticket"].search(
                [("complaint_language_mismatch", "=", True)]
            ),
        )
        action = complaint.with_user(self.user_agent).action_complaint_transfer()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_agent)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.user_id, self.user_ivan)
        self.assertIn("Russian", wizard.reason)
        wizard = wizard.save()
        self.assertEqual(wizard.proposed_user_ids, self.user_ivan)
        wizard.action_transfer()
        self.assertEqual(complaint.user_id, self.user_ivan)
        self.assertFalse(complaint.complaint_language_mismatch)
        # the internal note (the customer is told in a message of their own)
        note = complaint.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )[0]
        self.assertIn("Transferred from Alice Agent to Ivan Agent", note.body)
        self.assertIn("Russian", note.body)

    def test_no_mismatch_for_a_shared_language(self):
        english = self.env["res.partner"].create(
            {"name": "Eve", "email": "eve@example.com", "lang": "en_US"}
        )
        complaint = self._registered_complaint(
            partner_id=english.id, team_id=self.team.id, user_id=self.user_agent.id
        )
        self.assertFalse(complaint.complaint_language_mismatch)
