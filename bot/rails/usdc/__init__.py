"""The USDC rail on Base: contracts, deposit watcher, signed-transaction outbox."""
