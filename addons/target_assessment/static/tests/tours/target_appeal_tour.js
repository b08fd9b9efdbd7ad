/**
 * 申诉: during the publicity of the results, the unit's clerk appeals its
 * GDP line with a reason; the office accepts it with the corrected value and
 * score, and the cycle is re-scored (甲县 moves from 3rd to 1st).
 *
 * Data (TestAppealTour): the three counties scored and signed off (乙县 95,
 * 丙县 88, 甲县 83); the cycle is in its publicity period.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    openApp,
    openMenu,
    pickMany2one,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

function openAppeals() {
    return [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_results",
            "target_assessment.target_appeal_menu"
        ),
        {
            content: "The appeals still open",
            trigger: ".o_searchview_facet",
        },
    ];
}

registry.category("web_tour.tours").add("target_appeal_file_tour", {
    steps: () => [
        ...openAppeals(),
        {
            content: "File an appeal",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...pickMany2one("evaluation_id", "甲县"),
        {
            content: "The evaluation's unit shows: the line can be chosen among its lines",
            trigger: ".o_field_widget[name='unit_id']:contains(甲县)",
        },
        {
            content: "Choose the appealed line",
            trigger: ".o_field_widget[name='line_id'] input",
            run: "click",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(地区生产总值)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_id'] input:value(/地区生产总值/)",
        },
        {
            content: "The reason",
            trigger: ".o_field_widget[name='reason'] textarea",
            run: "edit 统计局核定的地区生产总值为100亿元，评分所用数据有误。",
        },
        ...stepUtils.saveForm(),
        {
            content: "Filed: the appeal waits for the office",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已提交)",
        },
        {
            trigger: ".o_field_widget[name='rank_before']:contains(3)",
        },
        screenshot("appeal_1_filed"),
    ],
});

registry.category("web_tour.tours").add("target_appeal_decide_tour", {
    steps: () => [
        ...openAppeals(),
        {
            content: "Open county A's appeal",
            trigger: ".o_data_row:contains(甲县) td[name='unit_id']",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='reason'] textarea:value(/评分所用数据有误/)",
        },
        {
            content: "The corrected value and score",
            trigger: ".o_field_widget[name='corrected_value'] input",
            run: "edit 100",
        },
        {
            trigger: ".o_field_widget[name='corrected_score'] input",
            run: "edit 50",
        },
        {
            content: "Accept and re-score",
            trigger: ".o_form_statusbar button[name='action_accept']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Accepted: 甲县 is first now",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(已通过)",
        },
        {
            trigger: ".o_field_widget[name='rank_after']:contains(1)",
        },
        screenshot("appeal_2_accepted"),
    ],
});
