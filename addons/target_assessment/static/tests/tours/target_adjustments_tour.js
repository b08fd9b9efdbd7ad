/**
 * 加减分与一票否决: the assessment office records a provincial award of 甲县
 * (a bonus), a public criticism of 乙县 (a deduction) and a work-safety veto
 * of 丙县, and decides each.
 *
 * Data (TestAdjustmentsTour): the three counties of the cycle in its year
 * end, scored (乙县 95, 丙县 88, 甲县 83); award levels earn 3/2/1 points.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    openApp,
    openMenu,
    pickMany2one,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

function newRecord(name) {
    return [
        {
            content: "New",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='name'] :is(input, textarea)",
            run: `edit ${name}`,
        },
    ];
}

/** Save, decide (with its confirmation if asked) and see it decided. */
function decide({ confirm = false } = {}) {
    const steps = [
        ...stepUtils.saveForm(),
        {
            content: "Decide",
            trigger: ".o_form_statusbar button[name='action_confirm']:contains(认定)",
            run: "click",
        },
    ];
    if (confirm) {
        steps.push({
            content: "Confirm",
            trigger: ".modal:contains(一票否决) .modal-footer .btn-primary",
            run: "click",
        });
    }
    steps.push(
        {
            content: "Decided",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已认定)",
        },
        {
            trigger: ".o_form_statusbar:not(:has(button[name='action_confirm']))",
        }
    );
    return steps;
}

function backToList(title) {
    return {
        content: "Back to the list",
        trigger: `.o_breadcrumb .breadcrumb-item a:contains(${title})`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("target_adjustments_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_score_adjustment_menu"
        ),
        // a bonus: 甲县's provincial award, at the scheme's points for the level
        ...newRecord("获评省级文明县城"),
        {
            content: "A bonus by default",
            trigger: ".o_field_widget[name='kind'] input[data-value='bonus']:checked",
        },
        ...pickMany2one("unit_id", "甲县"),
        ...pickMany2one("cycle_id", "2026", "2026年度"),
        {
            content: "The award level",
            trigger: ".o_field_widget[name='award_level'] input",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains(省级)",
            run: "click",
        },
        {
            content: "The provincial level earns 2 points",
            trigger: ".o_field_widget[name='applied_points']:contains(2.00)",
        },
        ...decide(),
        screenshot("adjustments_1_bonus"),
        backToList("加减分"),
        // a deduction: 乙县 publicly criticised, 1.5 points
        ...newRecord("安全生产工作被通报批评"),
        {
            content: "A deduction",
            trigger: ".o_field_widget[name='kind'] input[data-value='deduction']",
            run: "click",
        },
        ...pickMany2one("unit_id", "乙县"),
        ...pickMany2one("cycle_id", "2026", "2026年度"),
        ...pickMany2one("deduction_category_id", "通报批评"),
        {
            trigger: ".o_field_widget[name='points'] input",
            run: "edit 1.5",
        },
        ...decide(),
        backToList("加减分"),
        {
            content: "Both are listed, decided",
            trigger: ".o_data_row:contains(甲县):contains(已认定)",
        },
        {
            trigger: ".o_data_row:contains(乙县):contains(已认定)",
        },
        screenshot("adjustments_2_list"),
        // a veto: 丙县's fatal accident
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_veto_menu"
        ),
        ...newRecord("发生较大生产安全事故"),
        ...pickMany2one("unit_id", "丙县"),
        ...pickMany2one("cycle_id", "2026", "2026年度"),
        ...pickMany2one("type_id", "安全生产"),
        ...decide({ confirm: true }),
        {
            content: "The ribbon says the unit is vetoed",
            trigger: ".ribbon:contains(被一票否决)",
        },
        screenshot("adjustments_3_veto"),
    ],
});
