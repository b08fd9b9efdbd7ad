/**
 * 年终自评: the unit's clerk gives a goal's year-end value and narrative,
 * saves and submits the self-assessment; the unit's leader, then the
 * assessment office approve it from the same screen.
 *
 * Data (TestSelfAssessmentTour): county A in its year end with two goals:
 * 甲县GDP (20 points, target 100, not yet self-assessed) and 甲县能耗 (10
 * points, self-assessed at 100 by the clerk already).
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    openApp,
    openMenu,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

const LINES = ".o_field_widget[name='line_ids']";

/** The clerk's landing page, the unit's to-do list, holds county A's self-assessment: open it. */
function openCountyAFromTodo() {
    return [
        ...openApp(),
        {
            content: "The landing page is the unit's to-do list",
            trigger: ".o_breadcrumb:contains(我的待办)",
        },
        {
            content: "Open county A's self-assessment from its group",
            trigger: ".o_group_header:contains(年终自评) + .o_data_row:contains(甲县) td[name='name']",
            run: "click",
        },
        {
            trigger: `.o_form_view ${LINES} .o_data_row:contains(甲县GDP)`,
        },
    ];
}

/** The self-assessments from the menu: open county A's in ``state``. */
function openCountyAFromMenu(state) {
    return [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_evaluation_menu_self_assessment"
        ),
        {
            content: `County A's is ${state}`,
            trigger: ".o_breadcrumb:contains(年终自评)",
        },
        {
            trigger: `.o_data_row:contains(甲县):contains(${state}) td[name='unit_id']`,
            run: "click",
        },
        {
            trigger: `.o_form_view ${LINES} .o_data_row:contains(甲县GDP)`,
        },
    ];
}

/** Approve from the form: the reviewer's banner, then the next state. */
function approve(nextState) {
    return [
        {
            content: "It waits for this reviewer",
            trigger: ".alert-warning button[name='validate_tier']",
            run: "click",
        },
        {
            content: "No review waits for this user any more",
            trigger: ".o_form_view:not(:has(button[name='validate_tier']))",
        },
        {
            trigger: `.o_statusbar_status .o_arrow_button_current:contains(${nextState})`,
        },
    ];
}

registry.category("web_tour.tours").add("target_self_assessment_tour", {
    steps: () => [
        ...openCountyAFromTodo(),
        {
            content: "A draft: the clerk enters 甲县GDP's year-end value",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(草稿)",
        },
        {
            trigger: `${LINES} .o_data_row:contains(甲县GDP) td[name='self_value']`,
            run: "click",
        },
        {
            trigger: `${LINES} .o_selected_row td[name='self_value'] input`,
            run: "edit 96",
        },
        {
            content: "and its narrative",
            trigger: `${LINES} .o_selected_row td[name='self_explanation'] :is(textarea, input)`,
            run: "edit 全年地区生产总值完成96亿元，见统计年报。",
        },
        ...stepUtils.saveForm(),
        {
            content: "The previewed score counts the new value: 19.20 + 10.00",
            trigger: ".o_field_widget[name='preview_score']:contains(29.20)",
        },
        screenshot("self_assessment_1_entered"),
        {
            content: "Submit for approval",
            trigger: ".o_form_statusbar button[name='action_submit']:contains(提交审批)",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal:contains(将年终自评提交单位负责人和考核办审批) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Submitted: no longer editable by the unit",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已提交)",
        },
        {
            trigger: ".o_form_statusbar:not(:has(button[name='action_submit']))",
        },
        screenshot("self_assessment_2_submitted"),
    ],
});

registry.category("web_tour.tours").add("target_self_assessment_approve_tour", {
    steps: () => [
        ...openCountyAFromMenu("已提交"),
        {
            content: "Submitted, with the clerk's narrative",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已提交)",
        },
        {
            trigger: `${LINES} .o_data_row:contains(甲县GDP):contains(见统计年报)`,
        },
        ...approve("已提交"),
    ],
});

registry.category("web_tour.tours").add("target_self_assessment_office_tour", {
    steps: () => [
        ...openCountyAFromMenu("已提交"),
        ...approve("已审批"),
        screenshot("self_assessment_3_approved"),
    ],
});
