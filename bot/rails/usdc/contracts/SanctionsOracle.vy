# pragma version ~=0.4.3
"""
@title Sanctions oracle stand-in
@notice The `isSanctioned(address)` interface of the on-chain sanctions oracles, with a
        list its owner keeps. For tests and demos.
"""

owner: public(address)
sanctioned: HashMap[address, bool]


@deploy
def __init__():
    self.owner = msg.sender


@view
@external
def isSanctioned(addr: address) -> bool:
    return self.sanctioned[addr]


@external
def set_sanctioned(addr: address, flag: bool):
    assert msg.sender == self.owner, "only the owner"
    self.sanctioned[addr] = flag
