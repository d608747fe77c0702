/** @odoo-module **/
/* A portal customer opens their complaint from the portal home and reads our
   acknowledgement, written by the company, in its conversation.
   tests/test_tours.py registers the complaint and checks nothing else. */

import {registry} from "@web/core/registry";

const SUBJECT = "Tour: the sofa arrived torn";
const CHATTER = "#chatterRoot:shadow";

registry.category("web_tour.tours").add("complaint_management_portal_conversation", {
    url: "/my",
    steps: () => [
        {
            content: "Open the customer's complaints from the portal home",
            trigger: ".o_portal_index_card a[href='/my/complaints']",
            run: "click",
        },
        {
            content: "Open the complaint",
            trigger: `a[href^="/my/ticket/"]:contains(${SUBJECT})`,
            run: "click",
        },
        {trigger: `.breadcrumb-item.active:contains(${SUBJECT})`},
        {
            content: "The conversation shows our acknowledgement",
            trigger: `${CHATTER} .o-mail-Message:has(.o-mail-Message-textContent:contains(We have registered your complaint under number))`,
        },
        {
            content: "written by the company, not by the customer",
            trigger: `${CHATTER} .o-mail-Message:has(.o-mail-Message-textContent:contains(We have registered your complaint)) .o-mail-Message-author:contains(YourCompany)`,
        },
        {
            content: "The customer can answer there",
            trigger: `${CHATTER} .o-mail-Composer-input`,
        },
    ],
});
