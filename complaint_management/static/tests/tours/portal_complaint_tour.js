/** @odoo-module **/
/* A portal customer files a complaint through the portal form, sees its
   number and the date of our answer, then accepts the offer made on an
   earlier complaint. tests/test_tours.py prepares that offer and checks the
   records the tour leaves. */

import {registry} from "@web/core/registry";

const SUBJECT = "Portal: the blender stopped after a week";
const EARLIER_COMPLAINT = "Tour: delivery left in the rain";
const FORM = 'form[action="/submitted/ticket"]';

registry.category("web_tour.tours").add("complaint_management_portal_complaint", {
    url: "/my",
    steps: () => [
        {
            content: "Start a new ticket from the portal home",
            trigger: "form[action='/new/ticket'] button[name=create_new_ticket]",
            run: "click",
        },
        {
            content: "Choose the complaint's category",
            trigger: `${FORM} select[name=category]`,
            run: "selectByLabel Defective product",
        },
        {
            content: "Subject",
            trigger: `${FORM} input[name=subject]`,
            run: `edit ${SUBJECT}`,
        },
        {
            content: "What happened",
            trigger: `${FORM} textarea[name=description]`,
            run: "edit It stopped working after a week and smells of burning.",
        },
        {
            content: "What the customer wants",
            trigger: `${FORM} textarea[name=complaint_remedy_sought]`,
            run: "edit A new blender, please.",
        },
        {
            content: "Send the complaint",
            trigger: `${FORM} button[type=submit]:contains(Submit Ticket)`,
            run: "click",
        },
        {
            content: "The complaint page shows its number",
            trigger: String.raw`[data-id=complaint_ref]:contains(/^CMP.\d{4}.\d{5}$/)`,
        },
        {
            content: "and the date of our answer",
            trigger: String.raw`[data-id=complaint_deadline]:contains(/^\d\d.\d\d.\d{4}$/)`,
        },
        {trigger: `.breadcrumb-item.active:contains(${SUBJECT})`},
        {
            content: "Back to the customer's complaints",
            trigger: ".breadcrumb-item a[href='/my/complaints']:contains(Complaints)",
            run: "click",
        },
        {
            content: "Open the earlier complaint",
            trigger: `a[href^="/my/ticket/"]:contains(${EARLIER_COMPLAINT})`,
            run: "click",
        },
        {
            content: "Open our proposal",
            trigger: "a[data-id=compensation_offer]",
            run: "click",
        },
        {
            trigger:
                ".o_portal_compensation [data-id=compensation_state]:contains(Offered)",
        },
        {
            content: "Leave a comment",
            trigger: ".o_portal_compensation textarea[name=comment]",
            run: "edit Thank you, that is fair.",
        },
        {
            content: "Accept the offer",
            trigger:
                ".o_portal_compensation button[type=submit]:contains(Accept the offer)",
            run: "click",
        },
        {
            content: "The answer is received",
            trigger: ".o_portal_compensation .alert-success",
        },
        {
            trigger:
                ".o_portal_compensation [data-id=compensation_state]:contains(Accepted)",
        },
    ],
});
