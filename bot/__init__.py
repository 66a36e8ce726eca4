"""The Teams adapter: hosting, security, identity, commands and card actions."""
