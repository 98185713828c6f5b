#!/usr/bin/env python3
"""Generate the lucid-duties vectors with the reference Python consensus spec.

Needs PyPI `eth-consensus-specs==1.7.0b4` (and `ckzg`, which the Electra module imports).
See PROVENANCE.md beside this file for the exact commands. Run from anywhere:

    python generate.py [OUT_DIR]

OUT_DIR defaults to `v1.7.0-beta.4` beside this file. Every expected value below is produced by a
function of the spec module itself (Electra, mainnet and minimal presets); inputs are chosen by a
seeded `random.Random`, so the output is the same on every run.
"""

import json
import os
import random
import sys

from ruamel.yaml import YAML

from eth_consensus_specs.electra import mainnet as spec_mainnet
from eth_consensus_specs.electra import minimal as spec_minimal
from eth_consensus_specs.gloas import mainnet as gloas_mainnet
from eth_consensus_specs.gloas import minimal as gloas_minimal
from eth_consensus_specs.phase0 import mainnet as phase0_mainnet
from eth_consensus_specs.phase0 import minimal as phase0_minimal

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "v1.7.0-beta.4")

GWEI_PER_ETH = 10**9
FAR_FUTURE_EPOCH = 2**64 - 1


def hex0x(b) -> str:
    return "0x" + bytes(b).hex()


def rand_bytes(rng, n):
    return bytes(rng.randint(0, 255) for _ in range(n))


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


# ---------------------------------------------------------------------------------------------
# shuffling: the layout and seeds of the official generator
# (eth_consensus_specs/test/phase0/shuffling/test_shuffling.py: random.Random(1234), 30 seeds of
# 32 bytes, counts 0..9999). Kept small here: the first 10 seeds and counts up to 1000.
# ---------------------------------------------------------------------------------------------
def gen_shuffling(spec, preset):
    rng = random.Random(1234)
    seeds = [bytes(rng.randint(0, 255) for _ in range(32)) for _ in range(30)][:10]
    yaml = YAML()
    yaml.default_flow_style = None
    yaml.width = 1 << 20
    n = 0
    for seed in seeds:
        for count in [0, 1, 2, 3, 5, 10, 33, 100, 1000]:
            data = {
                "seed": "0x" + seed.hex(),
                "count": count,
                "mapping": [int(spec.compute_shuffled_index(i, count, seed)) for i in range(count)],
            }
            d = os.path.join(OUT, preset, "phase0", "shuffling", "core", "shuffle", f"shuffle_0x{seed.hex()}_{count}")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "mapping.yaml"), "w") as f:
                yaml.dump(data, f)
            n += 1
    return n


# ---------------------------------------------------------------------------------------------
# A real BeaconState, for the functions that read one.
# ---------------------------------------------------------------------------------------------
def make_state(spec, rng, balances_gwei, epoch, activation=None, exit_=None, slashed=None, withdrawable=None):
    validators = []
    for i, eb in enumerate(balances_gwei):
        validators.append(
            spec.Validator(
                pubkey=spec.BLSPubkey(rand_bytes(rng, 48)),
                withdrawal_credentials=spec.Bytes32(b"\x02" + b"\x00" * 11 + rand_bytes(rng, 20)),
                effective_balance=spec.Gwei(eb),
                slashed=bool(slashed[i]) if slashed else False,
                activation_eligibility_epoch=0,
                activation_epoch=activation[i] if activation else 0,
                exit_epoch=exit_[i] if exit_ else FAR_FUTURE_EPOCH,
                withdrawable_epoch=withdrawable[i] if withdrawable else FAR_FUTURE_EPOCH,
            )
        )
    fields = spec.BeaconState.model_fields
    state = spec.BeaconState(
        slot=spec.Slot(int(epoch) * int(spec.SLOTS_PER_EPOCH)),
        validators=fields["validators"].annotation(data=validators),
        balances=fields["balances"].annotation(data=[spec.Gwei(eb + 5 * GWEI_PER_ETH) for eb in balances_gwei]),
    )
    # Random mixes only where get_seed can read them (the whole vector would be slow on mainnet).
    for e in range(max(0, epoch - 4), epoch + 8):
        mix_epoch = e + spec.EPOCHS_PER_HISTORICAL_VECTOR - spec.MIN_SEED_LOOKAHEAD - 1
        state.randao_mixes[mix_epoch % spec.EPOCHS_PER_HISTORICAL_VECTOR] = spec.Bytes32(rand_bytes(rng, 32))
    return state


def pick_balance(rng, kind):
    eth = 10**9
    if kind == "uniform32":
        return 32 * eth
    if kind == "mixed":
        return rng.choice([0, 1, 16, 17, 31, 32, 33, 64, 100, 512, 1024, 2047, 2048]) * eth
    if kind == "compounding":
        return rng.randint(32, 2048) * eth
    if kind == "low":
        return rng.choice([0, 1, 2]) * eth
    if kind == "zero":
        return 0
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------
def gen_committees(spec, rng):
    """compute_committee over one index list and seed, for several (index, count) pairs."""
    cases = []
    for n in [0, 1, 2, 3, 5, 10, 33, 100, 1000]:
        seed = rand_bytes(rng, 32)
        # Not 0..n-1: committee members are drawn from `indices`, which need not be contiguous.
        indices = sorted(rng.sample(range(4 * n + 10), n))
        committees = []
        for count in sorted({1, 2, 3, 7, 64, max(1, n // 4)}):
            for index in sorted({0, count // 2, count - 1}):
                committee = spec.compute_committee(
                    [spec.ValidatorIndex(i) for i in indices], spec.Bytes32(seed), spec.Uint64(index), spec.Uint64(count)
                )
                committees.append({"index": index, "count": count, "committee": [int(x) for x in committee]})
        cases.append({"indices": indices, "seed": hex0x(seed), "committees": committees})
    return cases


def gen_proposers(spec, rng):
    cases = []
    plans = [
        (1, "uniform32"),
        (2, "uniform32"),
        (5, "mixed"),
        (10, "mixed"),
        (33, "compounding"),
        (64, "uniform32"),
        (100, "mixed"),
        (100, "low"),
        (300, "compounding"),
        (1, "zero"),
        (3, "zero"),
    ]
    for n, kind in plans:
        for _ in range(3 if kind != "zero" else 1):
            balances = [pick_balance(rng, kind) for _ in range(n)]
            state = make_state(spec, rng, balances, epoch=0)
            # Active indices of a bigger registry: a sorted sample (as get_active_validator_indices gives).
            indices = sorted(rng.sample(range(n), max(1, (3 * n) // 4))) if n > 3 else list(range(n))
            seed = rand_bytes(rng, 32)
            # compute_proposer_index, with the loop counter read back: tried = i + 1 of the accepting i.
            proposer = spec.compute_proposer_index(state, [spec.ValidatorIndex(i) for i in indices], spec.Bytes32(seed))
            cases.append(
                {
                    "effective_balances": balances,
                    "indices": indices,
                    "seed": hex0x(seed),
                    "proposer_index": int(proposer),
                    "candidates_tried": tried_count(spec, state, indices, seed, int(proposer)),
                }
            )
    # get_beacon_proposer_index of real states: the seed of each slot, then compute_proposer_index.
    for n, kind in [(16, "mixed"), (64, "compounding")]:
        balances = [pick_balance(rng, kind) for _ in range(n)]
        epoch = rng.randint(1, 1000)
        state = make_state(spec, rng, balances, epoch=epoch)
        for s in range(2):
            state.slot = spec.Slot(epoch * int(spec.SLOTS_PER_EPOCH) + s)
            indices = [int(i) for i in spec.get_active_validator_indices(state, spec.get_current_epoch(state))]
            seed = spec.sha256(
                spec.get_seed(state, spec.Epoch(epoch), spec.DOMAIN_BEACON_PROPOSER) + spec.uint_to_bytes(state.slot)
            )
            proposer = spec.get_beacon_proposer_index(state)
            cases.append(
                {
                    "effective_balances": balances,
                    "indices": indices,
                    "seed": hex0x(seed),
                    "proposer_index": int(proposer),
                    "candidates_tried": tried_count(spec, state, indices, seed, int(proposer)),
                }
            )
    return cases


def tried_count(spec, state, indices, seed, proposer):
    """The number of candidates compute_proposer_index looked at: re-run its loop with a counter."""
    calls = 0
    orig = spec.compute_shuffled_index

    def counting(*a, **k):
        nonlocal calls
        calls += 1
        return orig(*a, **k)

    spec.compute_shuffled_index = counting
    try:
        again = spec.compute_proposer_index(state, [spec.ValidatorIndex(i) for i in indices], spec.Bytes32(seed))
    finally:
        spec.compute_shuffled_index = orig
    assert int(again) == proposer
    return calls


def gen_aggregators(spec, rng):
    cases = []
    orig = spec.get_beacon_committee
    try:
        for committee_len in [0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 64, 100, 128, 255, 256, 500, 2048]:
            for _ in range(4):
                sig = rand_bytes(rng, 96)
                spec.get_beacon_committee = lambda state, slot, index, n=committee_len: list(range(n))
                result = spec.is_aggregator(None, spec.Slot(0), spec.CommitteeIndex(0), spec.BLSSignature(sig))
                cases.append({"committee_len": committee_len, "slot_signature": hex0x(sig), "is_aggregator": bool(result)})
    finally:
        spec.get_beacon_committee = orig
    return cases


def gen_sync_committees(spec, rng):
    cases = []
    for n, kind in [(1, "uniform32"), (10, "mixed"), (40, "compounding"), (100, "mixed"), (600, "uniform32"), (3, "low")]:
        balances = [pick_balance(rng, kind) for _ in range(n)]
        epoch = rng.randint(0, 5000)
        # Some validators not yet active, some exited, at the next epoch (the one the committee is for).
        activation = [rng.choice([0, 0, 0, epoch + 1, epoch + 2, epoch + 50]) for _ in range(n)]
        exit_ = [rng.choice([FAR_FUTURE_EPOCH] * 4 + [epoch + 1, epoch + 2, epoch]) for _ in range(n)]
        if n <= 3:
            activation = [0] * n
            exit_ = [FAR_FUTURE_EPOCH] * n
        state = make_state(spec, rng, balances, epoch=epoch, activation=activation, exit_=exit_)
        next_epoch = spec.get_current_epoch(state) + 1
        mix = spec.get_randao_mix(state, next_epoch + spec.EPOCHS_PER_HISTORICAL_VECTOR - spec.MIN_SEED_LOOKAHEAD - 1)
        seed = spec.get_seed(state, next_epoch, spec.DOMAIN_SYNC_COMMITTEE)
        indices = spec.get_next_sync_committee_indices(state)
        cases.append(
            {
                "epoch": int(next_epoch),
                "randao_mix": hex0x(mix),
                "seed": hex0x(seed),
                "effective_balances": balances,
                "activation_epochs": [int(x) for x in activation],
                "exit_epochs": [int(x) for x in exit_],
                "active_indices": [int(i) for i in spec.get_active_validator_indices(state, next_epoch)],
                "sync_committee_indices": [int(i) for i in indices],
            }
        )
    return cases


def gen_ptc(spec, rng):
    """compute_ptc (Gloas) of one slot, with what a caller needs to rebuild the slot's committees."""
    cases = []
    # Enough validators for two committees per slot (all active): 2 * SLOTS_PER_EPOCH * TARGET_COMMITTEE_SIZE.
    big = 2 * int(spec.SLOTS_PER_EPOCH) * int(spec.TARGET_COMMITTEE_SIZE) + 100
    for n, kind in [(1, "uniform32"), (7, "mixed"), (20, "mixed"), (40, "compounding"), (64, "compounding"), (200, "mixed"), (big, "uniform32"), (3, "low")]:
        balances = [pick_balance(rng, kind) for _ in range(n)]
        epoch = rng.randint(1, 5000)
        varied = 3 < n < big
        activation = [rng.choice([0, 0, 0, 0, epoch + 1]) for _ in range(n)] if varied else [0] * n
        exit_ = [rng.choice([FAR_FUTURE_EPOCH] * 5 + [epoch]) for _ in range(n)] if varied else [FAR_FUTURE_EPOCH] * n
        if not any(a <= epoch < e for a, e in zip(activation, exit_)):
            activation[0], exit_[0] = 0, FAR_FUTURE_EPOCH
        state = make_state(spec, rng, balances, epoch=epoch, activation=activation, exit_=exit_)
        slot = int(state.slot) + rng.randrange(int(spec.SLOTS_PER_EPOCH))
        mix = spec.get_randao_mix(state, epoch + spec.EPOCHS_PER_HISTORICAL_VECTOR - spec.MIN_SEED_LOOKAHEAD - 1)
        ptc_seed = spec.sha256(spec.get_seed(state, spec.Epoch(epoch), spec.DOMAIN_PTC_ATTESTER) + spec.uint_to_bytes(spec.Slot(slot)))
        # A slot whose committees are all empty (few active validators) fails the spec's `assert total > 0`.
        try:
            ptc = [int(i) for i in spec.compute_ptc(state, spec.Slot(slot))]
        except AssertionError:
            ptc = None
        cases.append(
            {
                "epoch": epoch,
                "slot": slot,
                "slots_per_epoch": int(spec.SLOTS_PER_EPOCH),
                "randao_mix": hex0x(mix),
                "effective_balances": balances,
                "active_indices": [int(i) for i in spec.get_active_validator_indices(state, spec.Epoch(epoch))],
                "committees_per_slot": int(spec.get_committee_count_per_slot(state, spec.Epoch(epoch))),
                "attester_seed": hex0x(spec.get_seed(state, spec.Epoch(epoch), spec.DOMAIN_BEACON_ATTESTER)),
                "ptc_seed": hex0x(ptc_seed),
                "ptc": ptc,
            }
        )
    return cases


def gen_seeds(spec, rng):
    cases = []
    domains = [spec.DOMAIN_BEACON_PROPOSER, spec.DOMAIN_BEACON_ATTESTER, spec.DOMAIN_SYNC_COMMITTEE]
    for epoch in [0, 1, 2, 100, 12345, 2**32 + 7]:
        state = spec.BeaconState()
        idx = (epoch + spec.EPOCHS_PER_HISTORICAL_VECTOR - spec.MIN_SEED_LOOKAHEAD - 1) % spec.EPOCHS_PER_HISTORICAL_VECTOR
        mix = rand_bytes(rng, 32)
        state.randao_mixes[idx] = spec.Bytes32(mix)
        for domain in domains:
            seed = spec.get_seed(state, spec.Epoch(epoch), domain)
            cases.append({"domain_type": hex0x(domain), "epoch": epoch, "randao_mix": hex0x(mix), "seed": hex0x(seed)})
    return cases


def att_data(spec, slot, index, root, source_epoch, target_epoch, source_root=b"\x11" * 32, target_root=b"\x22" * 32):
    return spec.AttestationData(
        slot=slot,
        index=index,
        beacon_block_root=root,
        source=spec.Checkpoint(epoch=source_epoch, root=source_root),
        target=spec.Checkpoint(epoch=target_epoch, root=target_root),
    )


def data_json(d):
    return {
        "slot": int(d.slot),
        "index": int(d.index),
        "beacon_block_root": hex0x(d.beacon_block_root),
        "source": {"epoch": int(d.source.epoch), "root": hex0x(d.source.root)},
        "target": {"epoch": int(d.target.epoch), "root": hex0x(d.target.root)},
    }


def gen_slashable_attestations(spec, rng):
    r1, r2 = b"\xaa" * 32, b"\xbb" * 32
    pairs = [
        # double votes: same target epoch, data differs in one field
        (att_data(spec, 64, 0, r1, 1, 2), att_data(spec, 64, 0, r2, 1, 2)),
        (att_data(spec, 64, 0, r1, 1, 2), att_data(spec, 65, 0, r1, 1, 2)),
        (att_data(spec, 64, 0, r1, 1, 2), att_data(spec, 64, 1, r1, 1, 2)),
        (att_data(spec, 64, 0, r1, 1, 2), att_data(spec, 64, 0, r1, 0, 2)),
        (att_data(spec, 64, 0, r1, 1, 2), att_data(spec, 64, 0, r1, 1, 2, target_root=b"\x33" * 32)),
        (att_data(spec, 64, 0, r1, 1, 2), att_data(spec, 64, 0, r1, 1, 2, source_root=b"\x44" * 32)),
        # identical data: not slashable
        (att_data(spec, 64, 0, r1, 1, 2), att_data(spec, 64, 0, r1, 1, 2)),
        # surround: data_1 surrounds data_2
        (att_data(spec, 96, 0, r1, 1, 5), att_data(spec, 96, 0, r1, 2, 4)),
        (att_data(spec, 96, 0, r1, 0, 10), att_data(spec, 33, 3, r2, 9, 9)),
        # data_2 surrounds data_1: the spec's check is one-way, so not slashable in this order
        (att_data(spec, 96, 0, r1, 2, 4), att_data(spec, 96, 0, r1, 1, 5)),
        # edges: equal source, or equal target (the latter is a double vote only if data differs)
        (att_data(spec, 96, 0, r1, 1, 5), att_data(spec, 96, 0, r1, 1, 4)),
        (att_data(spec, 96, 0, r1, 1, 5), att_data(spec, 96, 0, r1, 2, 5)),
        # safe: disjoint or nested the other way, or one after the other
        (att_data(spec, 96, 0, r1, 1, 2), att_data(spec, 128, 0, r1, 2, 3)),
        (att_data(spec, 96, 0, r1, 3, 4), att_data(spec, 128, 0, r1, 1, 2)),
        (att_data(spec, 96, 0, r1, 0, 1), att_data(spec, 128, 0, r1, 5, 9)),
        # far epochs
        (att_data(spec, 0, 0, r1, 0, 2**64 - 1), att_data(spec, 0, 0, r1, 1, 2**64 - 2)),
        (att_data(spec, 0, 0, r1, 0, 2**64 - 1), att_data(spec, 0, 0, r2, 0, 2**64 - 1)),
    ]
    for _ in range(40):
        s1, s2 = rng.randint(0, 6), rng.randint(0, 6)
        t1, t2 = s1 + rng.randint(0, 4), s2 + rng.randint(0, 4)
        d1 = att_data(spec, rng.randint(0, 3), rng.randint(0, 1), rng.choice([r1, r2]), s1, t1)
        d2 = att_data(spec, rng.randint(0, 3), rng.randint(0, 1), rng.choice([r1, r2]), s2, t2)
        pairs.append((d1, d2))
    cases = []
    for d1, d2 in pairs:
        slashable = bool(spec.is_slashable_attestation_data(d1, d2))
        # Which clause of the spec's expression holds (the spec returns only the disjunction).
        double = d1 != d2 and d1.target.epoch == d2.target.epoch
        surround = d1.source.epoch < d2.source.epoch and d2.target.epoch < d1.target.epoch
        assert slashable == (double or surround) and not (double and surround)
        kind = "double_vote" if double else "surround_vote" if surround else "not_slashable"
        cases.append({"data_1": data_json(d1), "data_2": data_json(d2), "slashable": slashable, "kind": kind})
    return cases


def gen_slashable_validators(spec, rng):
    cases = []
    epochs = [0, 1, 5, 10, 11, 2**64 - 2, FAR_FUTURE_EPOCH]
    for slashed in [False, True]:
        for activation in [0, 5, FAR_FUTURE_EPOCH]:
            for withdrawable in [0, 5, 10, FAR_FUTURE_EPOCH]:
                for epoch in epochs:
                    v = spec.Validator(slashed=slashed, activation_epoch=activation, withdrawable_epoch=withdrawable)
                    cases.append(
                        {
                            "slashed": slashed,
                            "activation_epoch": activation,
                            "withdrawable_epoch": withdrawable,
                            "epoch": epoch,
                            "slashable": bool(spec.is_slashable_validator(v, spec.Epoch(epoch))),
                        }
                    )
    return cases


def gen_proposer_slashings(spec, rng):
    """process_proposer_slashing on a real state (signatures not checked: bls off), for header pairs that
    differ in each field or not at all, and proposers slashable or not; `valid` is whether it passed."""
    from eth_consensus_specs.utils import bls

    def header(slot, proposer, roots):
        return spec.BeaconBlockHeader(
            slot=slot, proposer_index=proposer, parent_root=roots[0], state_root=roots[1], body_root=roots[2]
        )

    def header_json(h):
        return {
            "slot": int(h.slot),
            "proposer_index": int(h.proposer_index),
            "parent_root": hex0x(h.parent_root),
            "state_root": hex0x(h.state_root),
            "body_root": hex0x(h.body_root),
        }

    cases = []
    was_active = bls.bls_active
    bls.bls_active = False
    try:
        epoch = 10
        # Validator 1's status: slashable, already slashed, not yet active, already withdrawable.
        statuses = [("slashable", False, 0, FAR_FUTURE_EPOCH), ("slashed", True, 0, FAR_FUTURE_EPOCH),
                    ("not active", False, epoch + 1, FAR_FUTURE_EPOCH), ("withdrawable", False, 0, epoch)]
        for status, slashed, activation, withdrawable in statuses:
            roots = [rand_bytes(rng, 32) for _ in range(3)]
            other = [rand_bytes(rng, 32) for _ in range(3)]
            slot = epoch * int(spec.SLOTS_PER_EPOCH) + rng.randrange(int(spec.SLOTS_PER_EPOCH))
            pairs = [("same header", header(slot, 1, roots), header(slot, 1, roots))]
            for k, name in enumerate(["parent_root", "state_root", "body_root"]):
                changed = list(roots)
                changed[k] = other[k]
                pairs.append((f"different {name}", header(slot, 1, roots), header(slot, 1, changed)))
            pairs.append(("different slots", header(slot, 1, roots), header(slot + 1, 1, other)))
            pairs.append(("different proposers", header(slot, 1, roots), header(slot, 2, other)))
            pairs.append(("different slots, same roots", header(slot, 1, roots), header(slot - 1, 1, roots)))
            for name, h1, h2 in pairs:
                n = 8
                state = make_state(
                    spec, rng, [32 * GWEI_PER_ETH] * n, epoch=epoch,
                    activation=[0, activation] + [0] * (n - 2),
                    slashed=[False, slashed] + [False] * (n - 2),
                    withdrawable=[FAR_FUTURE_EPOCH, withdrawable] + [FAR_FUTURE_EPOCH] * (n - 2),
                )
                state.slot = spec.Slot(slot)
                slashing = spec.ProposerSlashing(
                    signed_header_1=spec.SignedBeaconBlockHeader(message=h1),
                    signed_header_2=spec.SignedBeaconBlockHeader(message=h2),
                )
                try:
                    spec.process_proposer_slashing(state, slashing)
                    valid = True
                except AssertionError:
                    valid = False
                cases.append(
                    {
                        "name": f"{name}, proposer {status}",
                        "header_1": header_json(h1),
                        "header_2": header_json(h2),
                        "proposer": {"slashed": slashed, "activation_epoch": activation, "withdrawable_epoch": withdrawable},
                        "epoch": epoch,
                        "valid": valid,
                    }
                )
    finally:
        bls.bls_active = was_active
    return cases


def gen_initial_penalties(spec, rng):
    """slash_validator on a real state: the balance changes of the slashed validator, the whistleblower
    and the proposer."""
    cases = []
    n = 32
    balances = [pick_balance(rng, "compounding") for _ in range(n)]
    balances[:6] = [
        0,
        1 * GWEI_PER_ETH,
        4095,
        4096,
        32 * GWEI_PER_ETH,
        2048 * GWEI_PER_ETH,
    ]
    epoch = 10
    for slashed_index in range(n):
        state = make_state(spec, rng, balances, epoch=epoch)
        proposer = int(spec.get_beacon_proposer_index(state))
        if slashed_index == proposer:
            continue
        whistleblower = next(i for i in range(n) if i not in (proposer, slashed_index))
        before = [int(b) for b in state.balances]
        spec.slash_validator(state, spec.ValidatorIndex(slashed_index), spec.ValidatorIndex(whistleblower))
        after = [int(b) for b in state.balances]
        cases.append(
            {
                "effective_balance": balances[slashed_index],
                "initial_penalty": before[slashed_index] - after[slashed_index],
                # The whistleblower (not the proposer here) gets whistleblower_reward - proposer_reward.
                "whistleblower_balance_increase": after[whistleblower] - before[whistleblower],
                "proposer_balance_increase": after[proposer] - before[proposer],
            }
        )
    return cases


def gen_correlation_penalties(spec, rng):
    """process_slashings on a real state: each slashed validator's balance decrease."""
    cases = []
    n = 24
    epoch = int(spec.EPOCHS_PER_SLASHINGS_VECTOR) + 3
    withdrawable_due = epoch + int(spec.EPOCHS_PER_SLASHINGS_VECTOR) // 2
    for slashing_plan in ["none", "tiny", "few", "third", "all", "huge"]:
        balances = [pick_balance(rng, rng.choice(["uniform32", "compounding", "mixed"])) for _ in range(n)]
        balances[0] = 0
        balances[1] = 1 * GWEI_PER_ETH - 1
        slashed = [i < n // 2 for i in range(n)]
        withdrawable = [withdrawable_due if s else FAR_FUTURE_EPOCH for s in slashed]
        state = make_state(spec, rng, balances, epoch=epoch, slashed=slashed, withdrawable=withdrawable)
        # Huge balances so no decrease saturates at zero.
        for i in range(n):
            state.balances[i] = spec.Gwei(10**15)
        total_active = int(spec.get_total_active_balance(state))
        if slashing_plan == "none":
            slashings = [0, 0]
        elif slashing_plan == "tiny":
            slashings = [1, 999_999_999]
        elif slashing_plan == "few":
            slashings = [32 * GWEI_PER_ETH, 64 * GWEI_PER_ETH]
        elif slashing_plan == "third":
            slashings = [total_active // 6, total_active // 6]
        elif slashing_plan == "all":
            slashings = [total_active // 3, total_active // 3 + 12345]
        else:
            slashings = [total_active, 5 * total_active]
        for j, amount in enumerate(slashings):
            state.slashings[(epoch + j) % spec.EPOCHS_PER_SLASHINGS_VECTOR] = spec.Gwei(amount)
        before = [int(b) for b in state.balances]
        spec.process_slashings(state)
        after = [int(b) for b in state.balances]
        for i in range(n):
            if slashed[i]:
                cases.append(
                    {
                        "effective_balance": balances[i],
                        "total_slashings": sum(slashings),
                        "total_active_balance": total_active,
                        "penalty": before[i] - after[i],
                    }
                )
            else:
                assert before[i] == after[i]
    return cases


def main():
    rng = random.Random(20260418)
    summary = {}
    for preset, spec, phase0 in [("minimal", spec_minimal, phase0_minimal), ("mainnet", spec_mainnet, phase0_mainnet)]:
        counts = {"shuffling": gen_shuffling(phase0, preset)}
        duties = {
            "compute_committee": gen_committees(spec, rng),
            "compute_proposer_index": gen_proposers(spec, rng),
            "is_aggregator": gen_aggregators(spec, rng),
            "get_next_sync_committee_indices": gen_sync_committees(spec, rng),
            "get_seed": gen_seeds(spec, rng),
            "is_slashable_attestation_data": gen_slashable_attestations(spec, rng),
            "is_slashable_validator": gen_slashable_validators(spec, rng),
            "slash_validator": gen_initial_penalties(spec, rng),
            "process_slashings": gen_correlation_penalties(spec, rng),
        }
        for name, cases in duties.items():
            write_json(os.path.join(OUT, preset, "electra", "duties", f"{name}.json"), {"cases": cases})
            counts[name] = sum(len(c["committees"]) for c in cases) if name == "compute_committee" else len(cases)
        summary[preset] = counts
    # Proposer slashings (Electra), with their own random sequence so that the files above stay as they were.
    rng = random.Random(202612031)
    for preset, spec in [("minimal", spec_minimal), ("mainnet", spec_mainnet)]:
        cases = gen_proposer_slashings(spec, rng)
        write_json(os.path.join(OUT, preset, "electra", "duties", "process_proposer_slashing.json"), {"cases": cases})
        summary[preset]["process_proposer_slashing"] = len(cases)
    # Gloas, with its own random sequence so that the Electra files above stay as they were.
    rng = random.Random(20261203)
    for preset, spec in [("minimal", gloas_minimal), ("mainnet", gloas_mainnet)]:
        cases = gen_ptc(spec, rng)
        write_json(os.path.join(OUT, preset, "gloas", "duties", "compute_ptc.json"), {"cases": cases})
        summary[preset]["compute_ptc"] = len(cases)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
