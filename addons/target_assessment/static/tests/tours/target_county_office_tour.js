/**
 * 县区考核办: 甲县's office runs its own assessment of its townships (issue 18).
 *
 * Data (TestCountyOfficeTour): 甲县's cycle organised by 甲县, its townships'
 * goals and year-end evaluations; 乙县's cycle and the city's evaluation of
 * 乙县, which 甲县's office must not see. The office lands on the cockpit of its
 * own assessment, as the city's office does on the city's.
 */
import { registry } from "@web/core/registry";
import {
    openApp,
    openMenu,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_county_office_tour", {
    steps: () => [
        ...openApp(),
        {
            content: "The county office lands on the cockpit of its own assessment",
            trigger: ".o_searchview_facet:contains(甲县2026年度乡镇考核)",
        },
        ...openMenu(
            "target_assessment.target_assessment_menu_config",
            "target_assessment.target_cycle_menu"
        ),
        {
            content: "Its cycles: its own is there",
            trigger: ".o_data_row:contains(甲县2026年度乡镇考核)",
        },
        {
            content: "乙县's cycle is not",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(乙县)))",
        },
        {
            content: "Open 甲县's cycle",
            trigger: ".o_data_row:contains(甲县2026年度乡镇考核) .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "The cycle is organised by 甲县",
            trigger: ".o_field_widget[name='organizer_unit_id'] input:value(甲县)",
        },
        screenshot("county_office_1_cycle"),
        {
            content: "Open its goals",
            trigger: "button[name='action_view_goals']",
            run: "click",
        },
        {
            content: "The townships' goals are listed",
            trigger: ".o_data_row:contains(一镇)",
        },
        {
            content: "and only theirs",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(乙县)))",
        },
        ...openMenu(
            "target_assessment.target_assessment_menu_results",
            "target_assessment.target_evaluation_menu_ranking"
        ),
        {
            content: "The ranking shows 甲县's cycle",
            trigger: ".o_group_header:contains(甲县2026年度乡镇考核)",
        },
        {
            content: "and no other level's",
            trigger: ".o_list_view:not(:has(.o_group_header:contains(2026年度目标)))",
        },
        {
            content: "Unfold the cycle",
            trigger: ".o_group_header:contains(甲县2026年度乡镇考核)",
            run: "click",
        },
        {
            content: "Unfold the townships",
            trigger: ".o_group_header:not(:contains(考核)):contains(乡镇)",
            run: "click",
        },
        {
            content: "Both townships are ranked",
            trigger: ".o_data_row:contains(一镇) ~ .o_data_row:contains(二镇), .o_data_row:contains(二镇) ~ .o_data_row:contains(一镇)",
        },
        {
            content: "乙县 is not",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(乙县)))",
        },
        screenshot("county_office_2_ranking"),
    ],
});
