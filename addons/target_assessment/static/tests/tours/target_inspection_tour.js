/**
 * (e) 考核组成员: the inspection group finds county A's GDP reported falsely
 * (虚报) and records it with the verified value and the points to deduct.
 *
 * Data (TestInspectionTour): the scored year-end of the small city; county A
 * claims 100 for its GDP line; group 第一考核组 (led by this inspector of the
 * environment bureau) inspects county A and is in progress.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    openApp,
    openMenu,
    pickMany2one,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_inspection_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_inspection_menu"
        ),
        {
            content: "The inspector's group",
            trigger: ".o_data_row:contains(第一考核组) td[name='name']",
            run: "click",
        },
        {
            content: "It inspects county A",
            trigger: ".o_form_view .o_field_widget[name='unit_ids']:contains(甲县)",
        },
        {
            content: "It is in progress: findings can be recorded",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(进行中)",
        },
        screenshot("inspector_1_group"),
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_inspection_finding_menu"
        ),
        {
            content: "Record a finding",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...pickMany2one("inspection_id", "第一考核组"),
        {
            // the lines offered depend on the group's cycle and units: wait for them
            content: "The group's cycle is filled in",
            trigger: ".o_field_widget[name='cycle_id']:contains(2026)",
        },
        {
            content: "The lines of the group's units",
            trigger: ".o_field_widget[name='line_id'] input",
            run: "click",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(甲县 地区生产总值)",
            run: "click",
        },
        {
            content: "What the unit claimed",
            trigger: ".o_field_widget[name='reported_value']:contains(100)",
        },
        {
            content: "A false report",
            trigger: ".o_field_widget[name='result'] .o_radio_item:contains(虚报) input",
            run: "click",
        },
        {
            content: "The form warns what a false report does",
            trigger: ".alert-danger:contains(整改)",
        },
        {
            trigger: ".o_field_widget[name='verified_value'] input",
            run: "edit 80",
        },
        {
            trigger: ".o_field_widget[name='deduction_points'] input",
            run: "edit 2",
        },
        {
            trigger: ".o_field_widget[name='note'] textarea",
            run: "edit 查阅统计台账与税务数据，实际完成80亿元，上报100亿元，存在虚报。",
        },
        screenshot("inspector_2_false_report"),
        ...stepUtils.saveForm(),
        {
            content: "The finding proposes a deduction and opens a rectification item",
            trigger: ".o_field_widget[name='adjustment_id']:contains(虚报):contains(第一考核组)",
        },
        {
            trigger: ".o_field_widget[name='rectification_id']:contains(虚报)",
        },
        {
            content: "The verified score follows the verified value",
            trigger: ".o_field_widget[name='verified_score']:contains(24.00)",
        },
        screenshot("inspector_3_saved"),
    ],
});
