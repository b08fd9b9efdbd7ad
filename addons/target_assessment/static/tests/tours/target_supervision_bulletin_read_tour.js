/**
 * 填报员: reads an issued supervision bulletin (督查通报) from the menu: its number,
 * its text naming the lagging county, and of its table only the unit's own line.
 *
 * Data (TestSupervisionBulletinReadTour): 〔2026〕第1期 issued with the lines of
 * county A (the user's) and county B; a draft bulletin the unit does not see.
 */
import { registry } from "@web/core/registry";
import { openApp, openMenu } from "@target_assessment/../tests/tours/utils/target_tour_utils";

registry.category("web_tour.tours").add("target_supervision_bulletin_read_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_supervision",
            "target_assessment.target_supervision_bulletin_menu"
        ),
        {
            content: "Only the issued bulletin is listed",
            trigger: ".o_list_view:not(:has(.o_data_row:contains(2026年10月)))",
        },
        {
            content: "Open the issued bulletin",
            trigger: ".o_data_row:contains(〔2026〕第1期):contains(已印发) td[name='name']",
            run: "click",
        },
        {
            content: "Its number and its text",
            trigger: ".o_form_view .o_field_widget[name='number']:contains(〔2026〕第1期)",
        },
        {
            trigger: ".o_field_widget[name='body'] :contains(乙县)",
        },
        {
            content: "Open its table",
            trigger: ".o_form_view .o_notebook a.nav-link[name='units']",
            run: "click",
        },
        {
            content: "The unit's own line is shown",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains(甲县)",
        },
        {
            content: "No other unit's line",
            trigger:
                ".o_field_widget[name='line_ids']:has(.o_data_row):not(:has(.o_data_row:contains(乙县)))",
        },
    ],
});
