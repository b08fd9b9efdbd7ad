"""The product's official language: what it writes down stays in Chinese."""

# Bulletins, chatter lines and stored labels are Chinese documents: written in
# Chinese wherever it is installed, whatever the language of the user at work
# (or of a cron, or of a module upgrade, which run in none).
OFFICIAL_LANG = "zh_CN"


def official_env(env):
    """``env`` in the official language where it is installed, else as it is."""
    if not env["res.lang"]._lang_get(OFFICIAL_LANG):
        return env
    return env(context=dict(env.context, lang=OFFICIAL_LANG))
