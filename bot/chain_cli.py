"""`bloxtr8 chain deploy [--token ADDRESS] [--with-oracle]`: put the USDC rail's contracts
on the chain in CHAIN_RPC_URL with USDC_OPERATOR_KEY, and print the settings to use."""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from typing import Any

from bot.config import Settings, SetupError
from bot.db import EXIT_PROBLEM, EXIT_USAGE

_ADDRESS = re.compile(r"^0x[0-9a-fA-F]{40}$")


def _address(text: str) -> str:
    if not _ADDRESS.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not an address (0x and 40 hex digits)")
    return text


def cmd_chain_deploy(settings: Settings, args: argparse.Namespace) -> int:
    from bot.rails.usdc.deploy import chain_deploy

    if not settings.chain_rpc_url:
        raise SetupError(
            "CHAIN_RPC_URL is not set, so there is no chain to deploy to.",
            "Put the RPC URL of Base (or Base Sepolia for a trial) in .env: CHAIN_RPC_URL=…",
            exit_code=EXIT_USAGE,
        )
    if settings.usdc_operator_key is None:
        raise SetupError(
            "USDC_OPERATOR_KEY is not set: it deploys the contracts and is the only key "
            "that can release or refund from the vault.",
            "Put the operator's private key in .env (USDC_OPERATOR_KEY=0x…); fund it with gas.",
            exit_code=EXIT_USAGE,
        )
    try:
        deployment = asyncio.run(
            chain_deploy(settings, token=args.token, with_oracle=args.with_oracle)
        )
    except Exception as exc:  # the node refused or isn't there: a problem to report
        raise SetupError(
            f"Deploying failed: {type(exc).__name__}: {exc}",
            "Check CHAIN_RPC_URL, that the operator key has gas, and --token.",
            exit_code=EXIT_PROBLEM,
        ) from exc
    print(
        f"Deployed on chain {deployment.chain_id}. Put the lines above in .env.",
        file=sys.stderr,
    )
    return 0


def add_commands(sub: argparse._SubParsersAction[Any]) -> None:
    """Wire `chain deploy` into the `bloxtr8` parser."""
    chain = sub.add_parser("chain", help="the USDC rail's contracts").add_subparsers(
        dest="chain", required=True
    )
    deploy = chain.add_parser("deploy", help="deploy the forwarder and vault; print the settings")
    deploy.add_argument(
        "--token", type=_address, help="the USDC token address (none: deploy a test USDC)"
    )
    deploy.add_argument(
        "--with-oracle",
        action="store_true",
        help="also deploy a sanctions-oracle stand-in (test and demo chains only)",
    )
    deploy.set_defaults(func=cmd_chain_deploy)
