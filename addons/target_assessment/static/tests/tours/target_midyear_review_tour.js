/**
 * 半年初评: the unit's clerk writes the unit's half-year summary and submits
 * the mid-year evaluation; the unit's leader approves it from the reviews
 * inbox; the office approves it, writes its feedback (not final) and sends it
 * to the unit.
 *
 * Data (TestMidyearReviewTour): county A's mid-year evaluation with its GDP
 * goal (target 200, 90 reached by June).
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    openApp,
    openMenu,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

function openEvaluation() {
    return [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_evaluation_menu"
        ),
        {
            content: "Open county A's mid-year evaluation",
            trigger: ".o_data_row:contains(甲县):contains(半年初评) td[name='unit_id']",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='line_ids'] .o_data_row:contains(甲县地区生产总值)",
        },
    ];
}

function summaryTab() {
    return {
        content: "Open the summary and feedback",
        trigger: ".o_notebook .nav-link:contains(总结与反馈)",
        run: "click",
    };
}

registry.category("web_tour.tours").add("target_midyear_submit_tour", {
    steps: () => [
        ...openEvaluation(),
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(草稿)",
        },
        summaryTab(),
        {
            content: "The unit's half-year summary",
            trigger: ".o_field_widget[name='self_comment'] textarea",
            run: "edit 上半年完成地区生产总值90亿元，重点项目二季度开工。",
        },
        ...stepUtils.saveForm(),
        screenshot("midyear_1_summary"),
        {
            content: "Submit for approval",
            trigger: ".o_form_statusbar button[name='action_submit']:contains(提交审批)",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已提交)",
        },
        {
            trigger: ".o_form_statusbar:not(:has(button[name='action_submit']))",
        },
    ],
});

registry.category("web_tour.tours").add("target_midyear_leader_tour", {
    steps: () => [
        {
            content: "The reviews inbox in the top bar counts one pending review",
            trigger: ".o_menu_systray .o-dropdown:has(.fa-pencil-square-o) .badge:contains(1)",
        },
        {
            trigger: ".o_menu_systray .o-dropdown:has(.fa-pencil-square-o)",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityGroup[data-model_name='target.evaluation']",
            run: "click",
        },
        {
            content: "Open county A's evaluation",
            trigger: ".o_kanban_record:contains(甲县), .o_data_row:contains(甲县) td[name='unit_id']",
            run: "click",
        },
        summaryTab(),
        {
            content: "The leader reads the unit's summary",
            trigger: ".o_field_widget[name='self_comment']:contains(重点项目二季度开工)",
        },
        {
            content: "Approve",
            trigger: ".alert-warning button[name='validate_tier']",
            run: "click",
        },
        {
            trigger: ".o_form_view:not(:has(button[name='validate_tier']))",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已提交)",
        },
    ],
});

registry.category("web_tour.tours").add("target_midyear_office_tour", {
    steps: () => [
        ...openEvaluation(),
        {
            content: "Approve",
            trigger: ".alert-warning button[name='validate_tier']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已审批)",
        },
        summaryTab(),
        {
            content: "The office's feedback",
            trigger: ".o_field_widget[name='feedback'] .odoo-editor-editable",
            run: "editor GDP进度偏慢，请加快重点项目建设。",
        },
        ...stepUtils.saveForm(),
        {
            content: "Send the feedback to the unit",
            trigger: ".o_form_statusbar button[name='action_send_feedback']",
            run: "click",
        },
        {
            content: "Sent: the button is gone and the date shows",
            trigger: ".o_form_statusbar:not(:has(button[name='action_send_feedback']))",
        },
        {
            trigger: ".o_field_widget[name='feedback_sent']:not(:empty)",
        },
        screenshot("midyear_2_feedback"),
    ],
});
