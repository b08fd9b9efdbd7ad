import { registry } from "@web/core/registry";

// The user menu of a government office's tool links to no vendor: Odoo's help
// pages and odoo.com account are in English and outside the office's network.
// The command palette's entry (Shortcuts, CTRL+K) goes too: its key names and
// commands are English; the key still opens it.
const items = registry.category("user_menuitems");
for (const id of ["support", "odoo_account", "shortcuts"]) {
    if (items.contains(id)) {
        items.remove(id);
    }
}
