/**
 * 专项评议机构: the people's congress (人大) enters its satisfaction scores
 * of the counties in the special section of their scheme.
 *
 * Data (TestSpecialEvaluationTour): the scored small city in its year-end;
 * this evaluator belongs to the body 人大, one of the bodies of the counties'
 * section 其他考核.
 */
import { registry } from "@web/core/registry";
import {
    openApp,
    openMenu,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

function pick(field, search, item = search) {
    return [
        {
            trigger: `.o_selected_row .o_field_widget[name='${field}'] input`,
            run: `edit ${search}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains(${item}):first`,
            run: "click",
        },
    ];
}

function scoreUnit(unit, score, comment) {
    return [
        {
            content: `Score ${unit}`,
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The evaluator's own body is proposed",
            trigger: ".o_selected_row .o_field_widget[name='body_id'] input:value(人大)",
        },
        ...pick("cycle_id", "2026"),
        ...pick("unit_id", unit),
        ...pick("section_id", "其他考核"),
        {
            trigger: ".o_selected_row .o_field_widget[name='score'] input",
            run: `edit ${score}`,
        },
        {
            trigger: ".o_selected_row .o_field_widget[name='comment'] textarea, .o_selected_row .o_field_widget[name='comment'] input",
            run: `edit ${comment}`,
        },
        {
            content: "Save",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            trigger: `.o_list_view:not(:has(.o_selected_row)) .o_data_row:contains(${unit}):contains(${score}.00)`,
        },
    ];
}

registry.category("web_tour.tours").add("target_special_evaluation_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_assessment",
            "target_assessment.target_special_evaluation_menu"
        ),
        ...scoreUnit("甲县", "92", "群众满意度较高，民生实事落实较好。"),
        ...scoreUnit("乙县", "85", "营商环境有待改善。"),
        screenshot("evaluator_1_scores"),
    ],
});
