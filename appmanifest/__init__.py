"""The Teams app package: the manifest builder (``manifest``), the icons it zips and the script
that draws them (``make_icons``), and a validator against Microsoft's schemas (``validate.mjs``).
It reads the bot's command catalogue for the menus and nothing else of the bot."""
