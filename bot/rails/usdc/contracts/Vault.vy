# pragma version ~=0.4.3
"""
@title Escrow vault
@notice Holds the token per escrow. Deposits arrive at per-escrow forwarder addresses
        (CREATE2, salt = escrow id) and anyone may sweep them in; only the operator may
        release (to the seller) or refund (to the buyer), and never more than an escrow holds.
"""

from ethereum.ercs import IERC20


interface Forwarder:
    def setup(): nonpayable
    def sweep(token: address) -> uint256: nonpayable


event Swept:
    escrow_id: indexed(uint256)
    amount: uint256


event Released:
    escrow_id: indexed(uint256)
    to: indexed(address)
    amount: uint256


event Refunded:
    escrow_id: indexed(uint256)
    to: indexed(address)
    amount: uint256


event OperatorChanged:
    operator: indexed(address)


token: public(immutable(address))
forwarder_target: public(immutable(address))
forwarder_code_hash: public(immutable(bytes32))
operator: public(address)
held: public(HashMap[uint256, uint256])

# The init code `create_minimal_proxy_to` deploys: loader + EIP-1167 runtime around the target.
PROXY_HEAD: constant(Bytes[19]) = x"602d3d8160093d39f3363d3d373d3d3d363d73"
PROXY_TAIL: constant(Bytes[15]) = x"5af43d82803e903d91602b57fd5bf3"


@deploy
def __init__(token_: address, forwarder_target_: address, operator_: address):
    token = token_
    forwarder_target = forwarder_target_
    forwarder_code_hash = keccak256(
        concat(PROXY_HEAD, convert(forwarder_target_, bytes20), PROXY_TAIL)
    )
    self.operator = operator_


@view
@external
def deposit_address(escrow_id: uint256) -> address:
    return self._deposit_address(escrow_id)


@view
@internal
def _deposit_address(escrow_id: uint256) -> address:
    digest: bytes32 = keccak256(
        concat(
            x"ff", convert(self, bytes20), convert(escrow_id, bytes32), forwarder_code_hash
        )
    )
    return convert(convert(slice(digest, 12, 20), bytes20), address)


@internal
def _sweep(escrow_id: uint256) -> uint256:
    forwarder: address = self._deposit_address(escrow_id)
    if not forwarder.is_contract:
        created: address = create_minimal_proxy_to(
            forwarder_target, salt=convert(escrow_id, bytes32)
        )
        assert created == forwarder, "unexpected forwarder address"
        extcall Forwarder(forwarder).setup()
    amount: uint256 = extcall Forwarder(forwarder).sweep(token)
    if amount > 0:
        self.held[escrow_id] += amount
        log Swept(escrow_id=escrow_id, amount=amount)
    return amount


@external
def sweep(escrow_id: uint256) -> uint256:
    """Anyone may move a deposit address's balance into the vault; it only ever goes here."""
    return self._sweep(escrow_id)


@external
def release(escrow_id: uint256, to: address, amount: uint256):
    assert msg.sender == self.operator, "only the operator"
    self._pay(escrow_id, to, amount)
    log Released(escrow_id=escrow_id, to=to, amount=amount)


@external
def refund(escrow_id: uint256, to: address, amount: uint256):
    assert msg.sender == self.operator, "only the operator"
    self._pay(escrow_id, to, amount)
    log Refunded(escrow_id=escrow_id, to=to, amount=amount)


@internal
def _pay(escrow_id: uint256, to: address, amount: uint256):
    assert to != empty(address), "no recipient"
    self._sweep(escrow_id)
    assert self.held[escrow_id] >= amount, "more than the escrow holds"
    self.held[escrow_id] -= amount
    assert extcall IERC20(token).transfer(to, amount, default_return_value=True)


@external
def set_operator(operator_: address):
    assert msg.sender == self.operator, "only the operator"
    assert operator_ != empty(address), "no operator"
    self.operator = operator_
    log OperatorChanged(operator=operator_)
