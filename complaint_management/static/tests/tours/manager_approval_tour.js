/** @odoo-module **/
/* A manager opens the compensations awaiting their approval and approves one
   above the requesting agent's own limit. tests/test_tours.py prepares that
   compensation and checks the approval the tour leaves. */

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const COMPLAINT = "Tour: oven door cracked on first use";
const QUEUE = "Awaiting My Approval";
const ROW = `.o_list_view .o_data_row:contains(${COMPLAINT})`;

registry.category("web_tour.tours").add("complaint_management_manager_approval", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps(
            "complaint_management.menu_complaint_app",
            "Open the Complaints app"
        ),
        {
            content: "Open the Compensations menu",
            trigger:
                '.o_main_navbar button[data-menu-xmlid="complaint_management.menu_complaint_compensation_root"]',
            run: "click",
        },
        {
            content: "Open the approval queue",
            trigger:
                '.dropdown-item[data-menu-xmlid="complaint_management.menu_complaint_compensation_to_approve"]',
            run: "click",
        },
        {trigger: `.o_breadcrumb .active:contains(${QUEUE})`},
        {
            content: "The queue is filtered on what this manager may approve",
            trigger: `.o_searchview .o_facet_value:contains(${QUEUE})`,
        },
        {
            content: "The agent asked for more than their own limit",
            trigger: `${ROW} .o_data_cell[name=amount]:contains(250.00)`,
        },
        {
            content: "Open the compensation",
            trigger: `${ROW} .o_data_cell[name=ticket_id]`,
            run: "click",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name=requested_by_id]:contains(Marc Demo)",
        },
        {
            trigger:
                ".o_form_view .o_statusbar_status button[data-value=to_approve].o_arrow_button_current",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view .o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            content: "The compensation is approved",
            trigger:
                ".o_form_view .o_statusbar_status button[data-value=approved].o_arrow_button_current",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name=approver_id]:contains(Mitchell Admin)",
        },
        {
            content: "Back to the queue",
            trigger: `.o_breadcrumb a:contains(${QUEUE})`,
            run: "click",
        },
        {
            content: "The approved compensation left the queue",
            trigger: `.o_list_view:not(:has(.o_data_row:contains(${COMPLAINT})))`,
        },
    ],
});
