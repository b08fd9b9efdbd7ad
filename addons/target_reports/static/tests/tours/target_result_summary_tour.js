/**
 * (h) 考核办: downloads the assessment result summary (考核结果汇总表) of the
 * counties for the year-end, from Reporting › Export reports.
 *
 * Data (TestResultSummaryTour): three counties scored (乙县 1st, 丙县 2nd,
 * 甲县 3rd). The browser asks for the file; the test reads the xlsx the
 * server sent (the headless browser does not save downloads).
 */
import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";
import {
    openApp,
    openMenu,
    screenshot,
} from "@target_assessment/../tests/tours/utils/target_tour_utils";

/**
 * Record when the browser's download request of the file has been answered
 * (the web client's own download function, wrapped; a failed request throws).
 */
function watchDownload() {
    return {
        content: "Watch the download",
        trigger: "body",
        run() {
            const original = download._download;
            window.__targetDownload = { done: false, error: null };
            download._download = async (options) => {
                try {
                    return await original(options);
                } catch (error) {
                    window.__targetDownload.error = String(error);
                    throw error;
                } finally {
                    window.__targetDownload.done = true;
                    window.__targetDownload.url = options.url;
                    download._download = original;
                }
            };
        },
    };
}

function waitDownload() {
    return {
        content: "The server answered the download with the file",
        trigger: "body",
        async run({ waitUntil }) {
            await waitUntil(() => window.__targetDownload.done, { timeout: 30000 });
            if (window.__targetDownload.error) {
                throw new Error(`The download failed: ${window.__targetDownload.error}`);
            }
            if (window.__targetDownload.url !== "/report/download") {
                throw new Error(`Unexpected download ${window.__targetDownload.url}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("target_result_summary_tour", {
    steps: () => [
        ...openApp(),
        ...openMenu(
            "target_assessment.target_assessment_menu_reporting",
            "target_reports.target_reports_menu_export_wizard"
        ),
        {
            content: "Choose the report",
            trigger: ".modal .o_field_widget[name='report'] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains(考核结果汇总表)",
            run: "click",
        },
        {
            content: "The year-end results of the latest cycle",
            trigger: ".modal .o_field_widget[name='stage']:visible",
        },
        {
            trigger: ".modal .o_field_widget[name='cycle_id'] input:value(2026年度)",
        },
        {
            content: "The counties only",
            trigger: ".modal .o_field_widget[name='category_id'] input",
            run: "click",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(县区)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='category_id'] input:value(县区)",
        },
        {
            content: "Leave the field",
            trigger: ".modal .modal-title",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o-autocomplete--dropdown-menu))",
        },
        screenshot("office_6_export_summary"),
        watchDownload(),
        {
            content: "Export",
            trigger: ".modal-footer button[name='action_export']",
            run: "click",
        },
        waitDownload(),
        {
            content: "No error shown",
            trigger: "body:not(:has(.o_error_dialog))",
        },
        {
            content: "Close the dialog",
            trigger: ".modal-footer button.btn-secondary:contains(取消)",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});
