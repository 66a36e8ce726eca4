"""The scheduler: APScheduler's clock (``setup``), the sweeps that ask the core what is due and
post the annual cycle's notices (``sweeps``), and the outbox worker that posts the bot's other
messages (``fanout``). Written against the core's ports: no bot, no cards, no Graph here."""
