# pragma version ~=0.4.3
"""
@title Deposit forwarder
@notice One per escrow, deployed by the vault as a minimal proxy at a CREATE2 address
        (salt = escrow id), so a buyer can pay to the address before it exists. It can
        only send its token balance to the vault that deployed it.
"""

from ethereum.ercs import IERC20

vault: public(address)


@external
def setup():
    assert self.vault == empty(address), "already initialised"
    self.vault = msg.sender


@external
def sweep(token: address) -> uint256:
    assert msg.sender == self.vault, "only the vault"
    amount: uint256 = staticcall IERC20(token).balanceOf(self)
    if amount > 0:
        assert extcall IERC20(token).transfer(self.vault, amount, default_return_value=True)
    return amount
