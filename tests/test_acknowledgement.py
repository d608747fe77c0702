from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintAcknowledgement(ComplaintCase):
    def _acknowledge(self, customer):
        complaint = self._new_complaint(partner_id=customer.id)
        with freeze_time("2026-03-06 14:00:00"), self.mock_mail_gateway():
            complaint.action_complaint_register()
        mails = self._new_mails.filtered(
            lambda m: complaint.partner_id in m.recipient_ids
        )
        self.assertEqual(len(mails), 1, "exactly one acknowledgement to the customer")
        return complaint, mails

    def test_acknowledgement_recipient_and_content(self):
        complaint, mail = self._acknowledge(self.customer)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(complaint.complaint_ref, mail.subject)
        self.assertIn(complaint.complaint_ref, mail.body_html)
        self.assertIn(
            "03/20/2026", mail.body_html, "the deadline date in the customer's format"
        )
        self.assertIn("Thank you", mail.body_html)
        self.assertIn("sorry", mail.body_html)
        # the chatter keeps what the customer was told, as a public message
        message = mail.mail_message_id
        self.assertEqual(message.model, "helpdesk.ticket")
        self.assertEqual(message.res_id, complaint.id)
        # its own public subtype, so it leaves marked as automatic mail
        subtype = self.env.ref("complaint_management.mt_complaint_acknowledged")
        self.assertEqual(message.subtype_id, subtype)
        self.assertFalse(subtype.internal)

    def _activate(self, lang_code):
        self.env["res.lang"]._activate_lang(lang_code)
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], [lang_code], overwrite=True
        )

    def test_acknowledgement_in_russian(self):
        self._activate("ru_RU")
        customer = self.env["res.partner"].create(
            {"name": "Иван Петров", "email": "ivan@example.com", "lang": "ru_RU"}
        )
        complaint, mail = self._acknowledge(customer)
        self.assertIn("Ваша жалоба", mail.subject)
        self.assertIn(complaint.complaint_ref, mail.subject)
        self.assertIn("Спасибо", mail.body_html)
        self.assertIn("20.03.2026", mail.body_html)
        self.assertNotIn("Thank you", mail.body_html)

    def test_acknowledgement_in_bulgarian(self):
        self._activate("bg_BG")
        customer = self.env["res.partner"].create(
            {"name": "Елена Димитрова", "email": "elena@example.com", "lang": "bg_BG"}
        )
        complaint, mail = self._acknowledge(customer)
        self.assertIn("Вашата жалба", mail.subject)
        self.assertIn("Благодарим", mail.body_html)
        self.assertIn("20.03.2026", mail.body_html)
        self.assertNotIn("Thank you", mail.body_html)

    def test_deadline_date_in_the_company_timezone(self):
        # end of the working day in New York is already the next day in UTC:
        # the customer must read the New York date
        self.calendar.tz = "America/New_York"
        complaint, mail = self._acknowledge(self.customer)
        self.assertEqual(complaint.complaint_deadline_date.isoformat(), "2026-03-20")
        self.assertEqual(complaint.complaint_deadline.date().isoformat(), "2026-03-21")
        self.assertIn("03/20/2026", mail.body_html)
        self.assertNotIn("03/21/2026", mail.body_html)

    def test_edited_and_translated_template_is_what_goes_out(self):
        """The acknowledgement is rendered from its template as the company
        keeps it in Email Templates: an edited English body and a Russian
        translation added there are what each customer receives, also when
        complaints in both languages are registered in one batch."""
        self._activate("ru_RU")
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement"
        )
        template.write(
            {
                "subject": "Complaint {{ object.complaint_ref }}: we are on it",
                "body_html": '<p>Edited: <t t-out="object.complaint_ref"/> '
                "is in good hands.</p>",
            }
        )
        template.with_context(lang="ru_RU").write(
            {
                "subject": "Жалоба {{ object.complaint_ref }}: мы занимаемся",
                "body_html": '<p>Изменено: <t t-out="object.complaint_ref"/> '
                "в надёжных руках.</p>",
            }
        )
        ivan = self.env["res.partner"].create(
            {"name": "Иван Петров", "email": "ivan@example.com", "lang": "ru_RU"}
        )
        complaints = self._new_complaint(partner_id=ivan.id) | self._new_complaint()
        with freeze_time("2026-03-06 14:00:00"), self.mock_mail_gateway():
            complaints.action_complaint_register()
        subtype = self.env.ref("complaint_management.mt_complaint_acknowledged")
        for complaint, subject, body, other in (
            (complaints[0], "мы занимаемся", "Изменено: ", "Edited"),
            (complaints[1], "we are on it", "Edited: ", "Изменено"),
        ):
            mail = self._new_mails.filtered(
                lambda m, c=complaint: c.partner_id in m.recipient_ids
            )
            self.assertEqual(len(mail), 1)
            self.assertIn(subject, mail.subject)
            self.assertIn(complaint.complaint_ref, mail.subject)
            self.assertIn(body + complaint.complaint_ref, mail.body_html)
            self.assertNotIn(other, mail.body_html)
            message = mail.mail_message_id
            self.assertEqual(message.res_id, complaint.id)
            self.assertEqual(message.subtype_id, subtype)
            self.assertEqual(message.message_type, "comment")
            # from the company, whoever registered it
            self.assertEqual(message.author_id, self.company.partner_id)

    def test_customer_filing_in_the_portal_is_sent_the_acknowledgement(self):
        """The customer who files is the user acting, whom Odoo leaves out of
        a message's recipients: the company's acknowledgement still goes to
        them (found by make bench-cluster)."""
        portal = new_test_user(
            self.env,
            login="ack_portal",
            name="Petra Portal",
            email="petra.portal@example.com",
            groups="base.group_portal",
        )
        complaint = self._new_complaint(partner_id=portal.partner_id.id)
        with freeze_time("2026-03-06 14:00:00"), self.mock_mail_gateway():
            # the portal controller files and registers as the customer
            complaint.with_user(portal).sudo().action_complaint_register()
        mail = self._new_mails.filtered(lambda m: portal.partner_id in m.recipient_ids)
        self.assertEqual(len(mail), 1)
        self.assertIn(complaint.complaint_ref, mail.subject)
        self.assertEqual(mail.mail_message_id.author_id, self.company.partner_id)
