"""Rails: the only code that talks to payment providers (Stripe, the chain)."""
