"""Local stand-ins for the services Bloxtr8 talks to, used by the tests and `bloxtr8 demo`.

`stripe_server` is a Stripe API on loopback (localstripe, extended with Connect,
transfers, idempotency and signed webhooks) and `stripe_checkout` its hosted payment
pages; `roblox_app` answers the Roblox web APIs from an in-memory world; `chain` is an
in-process chain with the USDC rail's contracts deployed, which `chain_rpc` serves as a
JSON-RPC node. `demo` builds the demo's world and page, `wallet_page` its "send from test
wallet" page, `launch` the command. They need the `demo` extra (`pip install
bloxtr8[demo]`); nothing in the bot imports them when it runs for real.
"""
