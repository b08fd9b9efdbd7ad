/**
 * (c) 考核办: decomposes the city's GDP goal to the counties by hand, then
 * imports the decomposition sheet of the energy goal (a first sheet with a
 * wrong row is refused with the row, column and reason; the corrected sheet
 * is imported).
 *
 * Data (TestDecompositionTour): the city's GDP goal C-GDP (1000 亿元) and
 * energy goal C-EN (300 万吨标煤); two sheets prepared by the test as
 * attachments, downloaded and put into the wizard's file field by the browser.
 */
import { registry } from "@web/core/registry";
import {
    openApp,
    openMenu,
    screenshot,
    uploadAttachment,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

function addUnit(search) {
    return [
        {
            content: `Add the unit ${search}`,
            trigger: ".modal .o_field_widget[name='unit_ids'] input",
            run: `edit ${search}`,
        },
        {
            trigger: `.modal .o-autocomplete--dropdown-item:contains(${search}):first`,
            run: "click",
        },
        {
            trigger: `.modal .o_field_widget[name='unit_ids'] .o_tag:contains(${search})`,
        },
    ];
}

function setLineValue(unit, value) {
    return [
        {
            content: `Give ${unit} ${value}`,
            trigger: `.modal .o_field_widget[name='line_ids'] .o_data_row:contains(${unit}) td[name='value']`,
            run: "click",
        },
        {
            trigger: `.modal .o_field_widget[name='line_ids'] .o_selected_row td[name='value'] input`,
            run: `edit ${value}`,
        },
    ];
}

/** Wait for the server's onchange: the decomposed total and the gap. */
function checkTotal(total, gap) {
    return [
        {
            content: `Decomposed ${total}`,
            trigger: `.modal .o_field_widget[name='total'] span:text('${total}')`,
        },
        {
            content: `Gap ${gap}`,
            trigger: `.modal .o_field_widget[name='gap'] span:text('${gap}')`,
        },
    ];
}

registry.category("web_tour.tours").add("target_decomposition_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_goals",
            "target_assessment.target_goal_menu"
        ),
        {
            content: "Open the city's GDP goal",
            trigger: ".o_data_row:contains(C-GDP) td[name='name']",
            run: "click",
        },
        {
            content: "Decompose",
            trigger: ".o_form_statusbar button[name='action_open_decompose_wizard']:contains(分解)",
            run: "click",
        },
        {
            content: "The wizard opens on the goal",
            trigger: ".modal .o_field_widget[name='parent_id']:contains(全市地区生产总值)",
        },
        ...addUnit("甲县"),
        ...addUnit("乙县"),
        {
            content: "Split by hand",
            trigger: ".modal .o_field_widget[name='split'] .o_radio_item:contains(手工) input",
            run: "click",
        },
        ...checkTotal("1,000.0000", "0.0000"),
        ...setLineValue("甲县", "600"),
        {
            content: "Leave the line: the parts are summed",
            trigger: ".modal .o_field_widget[name='total']",
            run: "click",
        },
        ...checkTotal("1,100.0000", "-100.0000"),
        ...setLineValue("乙县", "400"),
        {
            content: "Leave the line: the parts cover the goal, no gap",
            trigger: ".modal .o_field_widget[name='total']",
            run: "click",
        },
        ...checkTotal("1,000.0000", "0.0000"),
        screenshot("office_1_decompose"),
        {
            content: "Decompose",
            trigger: ".modal-footer button[name='action_decompose']",
            run: "click",
        },
        {
            content: "The counties' sub-goals are listed",
            trigger: ".o_list_view .o_data_row:contains(甲县):contains(600)",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(乙县):contains(400)",
        },
        screenshot("office_2_sub_goals"),
        // -- the decomposition sheet -----------------------------------------
        ...openMenu(
            "target_assessment.target_assessment_menu_goals",
            "target_assessment.target_goal_import_wizard_menu"
        ),
        {
            content: "The import wizard opens on the current cycle",
            trigger: ".modal .o_field_widget[name='cycle_id'] input:value(2026年度)",
        },
        uploadAttachment(
            ".modal .o_field_widget[name='file'] input[type='file']:not(:visible)",
            "tour_decomposition_bad.xlsx",
            "能耗分解表.xlsx"
        ),
        {
            trigger: ".modal .o_field_widget[name='file'] input.o_input:value(能耗分解表.xlsx)",
        },
        {
            content: "Import",
            trigger: ".modal-footer button[name='action_import']",
            run: "click",
        },
        {
            content: "The wrong row is named with its column and reason; nothing is imported",
            trigger: ".modal .alert-danger:contains(1):contains(未导入)",
        },
        {
            trigger: ".modal .o_field_widget[name='error_text']:contains(第4行)",
        },
        screenshot("office_3_import_errors"),
        uploadAttachment(
            ".modal .o_field_widget[name='file'] input[type='file']:not(:visible)",
            "tour_decomposition_good.xlsx",
            "能耗分解表（修正）.xlsx"
        ),
        {
            trigger: ".modal .o_field_widget[name='file'] input.o_input:value(能耗分解表（修正）.xlsx)",
        },
        {
            content: "Import again",
            trigger: ".modal-footer button[name='action_import']",
            run: "click",
        },
        {
            content: "Imported: the goals are listed",
            trigger: ".modal .alert-success:contains(表格已导入)",
        },
        {
            trigger: ".modal .o_field_widget[name='goal_ids'] .o_data_row:contains(A-EN)",
        },
        {
            trigger: ".modal .o_field_widget[name='goal_ids'] .o_data_row:contains(A1-EN)",
        },
        screenshot("office_4_imported"),
        {
            content: "Open the goals",
            trigger: ".modal-footer button[name='action_view_goals']",
            run: "click",
        },
        {
            content: "Show them as a tree",
            trigger: ".o_switch_view.o_hierarchy",
            run: "click",
        },
        {
            trigger: ".o_hierarchy_node:contains(A-EN)",
        },
        screenshot("office_5_goal_tree"),
    ],
});
