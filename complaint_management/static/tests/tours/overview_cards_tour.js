/** @odoo-module **/
/* The Complaints Overview: the cards of a row start at the same height and
   their figure rows line up (tests/test_polish.py). */

import {registry} from "@web/core/registry";

function top(element) {
    return Math.round(element.getBoundingClientRect().top);
}

registry.category("web_tour.tours").add("complaint_management_overview_cards", {
    steps: () => [
        {
            content: "The overview shows its cards",
            trigger:
                ".o_complaint_overview .o_kanban_record:not(.o_kanban_ghost) button",
            run() {
                const cards = [
                    ...document.querySelectorAll(
                        ".o_kanban_record:not(.o_kanban_ghost)"
                    ),
                ];
                // the first row: the cards that start within 20px of the first
                const first = Math.min(...cards.map(top));
                const row = cards.filter((card) => top(card) - first < 20);
                if (row.length < 2) {
                    throw new Error(`only ${row.length} card in the first row`);
                }
                // the card itself, each figure row, the bottom row
                const parts = (card) => [
                    card,
                    ...card.querySelectorAll("a.justify-content-between"),
                    card.querySelector(".border-top"),
                ];
                const count = parts(row[0]).length;
                for (let index = 0; index < count; index++) {
                    const found = row.map((card) => top(parts(card)[index]));
                    if (new Set(found).size !== 1) {
                        throw new Error(`part ${index} misaligned: ${found}`);
                    }
                }
            },
        },
    ],
});
