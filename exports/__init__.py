"""Read-outs of the core for people outside Teams: the plain-text overview (``samstyre
overview``), the year's calendar entries and their iCalendar files (``samstyre calendar``).
They go through the mandate and the use cases only, never through the bot or the store."""
