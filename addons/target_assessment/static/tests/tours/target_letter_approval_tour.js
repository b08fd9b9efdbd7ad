/**
 * (b) 单位负责人: approves the unit's responsibility letter from the inbox.
 *
 * Data (TestLetterApprovalTour): county A's letter, submitted by the unit's
 * reporting clerk, waits for the leader's tier (then the office, then the
 * leadership).
 */
import { registry } from "@web/core/registry";
import { landed, screenshot } from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_letter_approval_tour", {
    steps: () => [
        landed(),
        {
            content: "The reviews inbox in the top bar counts one pending review",
            trigger: ".o_menu_systray .o-dropdown:has(.fa-pencil-square-o) .badge:contains(1)",
        },
        {
            content: "Open the reviews inbox",
            trigger: ".o_menu_systray .o-dropdown:has(.fa-pencil-square-o)",
            run: "click",
        },
        {
            content: "One letter waits for review",
            trigger: ".o-mail-ActivityGroup[data-model_name='target.plan']:contains(1 待审批)",
        },
        screenshot("unit_leader_1_inbox"),
        {
            trigger: ".o-mail-ActivityGroup[data-model_name='target.plan']",
            run: "click",
        },
        {
            content: "Open county A's letter",
            trigger: ".o_kanban_record:contains(甲县)",
            run: "click",
        },
        {
            content: "The letter is submitted and shows its goals",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已提交)",
        },
        {
            trigger: ".o_field_widget[name='goal_ids'] .o_data_row:contains(甲县地区生产总值)",
        },
        {
            trigger: ".o_field_widget[name='goal_ids'] .o_data_row:contains(甲县能源消费总量)",
        },
        {
            content: "It waits for this leader",
            trigger: ".alert-warning button[name='validate_tier']",
        },
        screenshot("unit_leader_2_letter"),
        {
            content: "Approve",
            trigger: ".alert-warning button[name='validate_tier']",
            run: "click",
        },
        {
            content: "No more review waits for this leader; the letter goes on to the office",
            trigger: ".o_form_view:not(:has(button[name='validate_tier']))",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已提交)",
        },
        screenshot("unit_leader_3_approved"),
    ],
});
