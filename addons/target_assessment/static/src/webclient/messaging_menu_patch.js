import { MessagingMenu } from "@mail/core/public_web/messaging_menu";
import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

// Odoo's invitation to install the web app names the vendor ("Install Odoo");
// the office installs its assessment system (the app's name: web.web_app_name).
patch(MessagingMenu.prototype, {
    get installationRequest() {
        return { ...super.installationRequest, displayName: _t("Install the assessment system") };
    },
});
