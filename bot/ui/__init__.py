"""Discord UI pieces shared by the cogs."""
