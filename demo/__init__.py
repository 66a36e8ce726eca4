"""An example history for a first look (``samstyre demo``), made through the use cases the bot
calls, never by writing to the store directly (``demo.history``)."""
