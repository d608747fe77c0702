from odoo.tests import tagged

from .test_compensation import CompensationCase


@tagged("post_install", "-at_install")
class TestCompensationOfferMail(CompensationCase):
    def _offer_mail(self, customer):
        self.complaint.partner_id = customer
        compensation = self._approved(80)
        with self.mock_mail_gateway():
            compensation.action_offer()
        mails = self._new_mails.filtered(lambda m: customer in m.recipient_ids)
        self.assertEqual(len(mails), 1)
        return compensation, mails

    def test_offer_mail_recipient_content_and_portal_link(self):
        compensation, mail = self._offer_mail(self.customer)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(self.complaint.complaint_ref, mail.subject)
        self.assertIn("A refund of the purchase price.", mail.body_html)
        self.assertTrue(compensation.access_token)
        self.assertIn(
            f"/my/compensation/{compensation.id}?access_token={compensation.access_token}",
            mail.body_html,
        )

    def _activate(self, lang_code):
        self.env["res.lang"]._activate_lang(lang_code)
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], [lang_code], overwrite=True
        )

    def test_offer_mail_in_russian(self):
        self._activate("ru_RU")
        customer = self.env["res.partner"].create(
            {"name": "Иван Петров", "email": "ivan@example.com", "lang": "ru_RU"}
        )
        _compensation, mail = self._offer_mail(customer)
        self.assertIn("жалоб", mail.subject)
        self.assertNotIn("Kind regards", mail.body_html)
        self.assertIn("/my/compensation/", mail.body_html)

    def test_offer_mail_in_bulgarian(self):
        self._activate("bg_BG")
        customer = self.env["res.partner"].create(
            {"name": "Елена Димитрова", "email": "elena@example.com", "lang": "bg_BG"}
        )
        _compensation, mail = self._offer_mail(customer)
        self.assertIn("жалба", mail.subject)
        self.assertNotIn("Kind regards", mail.body_html)
        self.assertIn("/my/compensation/", mail.body_html)
