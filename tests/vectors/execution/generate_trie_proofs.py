"""Merkle-Patricia proof vectors for lucid-execution, from py-trie (PyPI `trie`),
the Ethereum Foundation's Python trie.

Each case is a trie (its root), a key, the proof py-trie gives for that key
(nodes RLP-encoded, from the root down; embedded nodes under 32 bytes are
left out, as go-ethereum's eth_getProof leaves them out) and the value, or
null when the proof shows the key is absent.

"secure" tries key each value by keccak256(key), as the state and storage
tries do; "raw" tries use short keys as given (all of one length, as in the state and
storage tries, so no value sits in a branch); they contain embedded nodes.

Usage: python generate_trie_proofs.py OUT.json   (seeded: the output is reproducible)
"""
import json
import random
import sys

import rlp
from eth_hash.auto import keccak
from trie import HexaryTrie


def hx(b):
    return "0x" + b.hex()


def proof_nodes(trie, key):
    nodes = [rlp.encode(node) for node in trie.get_proof(key)]
    return [n for i, n in enumerate(nodes) if i == 0 or len(n) >= 32]


def storage_value(n):
    return rlp.encode(n)


def build_case(name, rng, count, secure, raw_key_len=3):
    trie = HexaryTrie(db={})
    entries = {}
    for _ in range(count):
        if secure:
            slot = rng.getrandbits(256).to_bytes(32, "big") if rng.random() < 0.5 else rng.randrange(64).to_bytes(32, "big")
            key = keccak(slot)
            value = storage_value(rng.choice([1, 5, 255, 2**64 + 7, rng.getrandbits(256) or 1]))
        else:
            slot = bytes(rng.randrange(4) for _ in range(raw_key_len))
            key = slot
            value = bytes([rng.randrange(1, 256)]) * rng.randint(1, 3)
        trie[key] = value
        entries[key] = (slot, value)
    probes = []
    for key, (slot, value) in sorted(entries.items())[:12]:
        probes.append({"slot": hx(slot), "key": hx(key), "value": hx(trie[key]), "proof": [hx(n) for n in proof_nodes(trie, key)]})
    for _ in range(6):
        slot = rng.getrandbits(256).to_bytes(32, "big") if secure else bytes(rng.randrange(4) for _ in range(raw_key_len))
        key = keccak(slot) if secure else slot
        if key in entries:
            continue
        probes.append({"slot": hx(slot), "key": hx(key), "value": None, "proof": [hx(n) for n in proof_nodes(trie, key)]})
    return {"name": name, "secure": secure, "root": hx(trie.root_hash), "entries": count, "probes": probes}


# ethereum/tests, TrieTests/hex_encoded_securetrie_test.json, "test1" (commit
# 089e34691d48f856ae2b4980d58f3d5e85135735, MIT): five accounts of a state trie
# (address -> RLP account) and the root the reference clients agree on.
ETHEREUM_TESTS_SECURETRIE_TEST1 = {
    "data": [
        ["0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b", "0xf848018405f446a7a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"],
        ["0x095e7baea6a6c7c4c2dfeb977efac326af552d87", "0xf8440101a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a004bccc5d94f4d1f99aab44369a910179931772f2a5c001c3229f57831c102769"],
        ["0xd2571607e241ecf590ed94b12d87c94babe36db6", "0xf8440180a0ba4b47865c55a341a4a78759bb913cd15c3ee8eaf30a62fa8d1c8863113d84e8a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"],
        ["0x62c01474f089b07dae603491675dc5b5748f7049", "0xf8448080a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"],
        ["0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba", "0xf8478083019a59a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"],
    ],
    "result": "0x730a444e08ab4b8dee147c9b232fc52d34a223d600031c1e9d25bfc985cbd797",
}


def ethereum_tests_case(rng):
    """The state trie of ethereum/tests' securetrie test1, its root checked against the test's,
    with a proof of every account and of absent addresses."""
    trie = HexaryTrie(db={})
    for address, account in ETHEREUM_TESTS_SECURETRIE_TEST1["data"]:
        trie[keccak(bytes.fromhex(address[2:]))] = bytes.fromhex(account[2:])
    assert hx(trie.root_hash) == ETHEREUM_TESTS_SECURETRIE_TEST1["result"], "py-trie disagrees with ethereum/tests"
    probes = []
    for address, account in ETHEREUM_TESTS_SECURETRIE_TEST1["data"]:
        key = keccak(bytes.fromhex(address[2:]))
        probes.append({"slot": address, "key": hx(key), "value": account, "proof": [hx(n) for n in proof_nodes(trie, key)]})
    for _ in range(4):
        address = rng.getrandbits(160).to_bytes(20, "big")
        key = keccak(address)
        probes.append({"slot": hx(address), "key": hx(key), "value": None, "proof": [hx(n) for n in proof_nodes(trie, key)]})
    return {"name": "ethereum-tests-securetrie-test1", "secure": True, "state": True,
            "root": ETHEREUM_TESTS_SECURETRIE_TEST1["result"], "entries": 5, "probes": probes}


def main():
    rng = random.Random(1186)
    cases = []
    for count in (0, 1, 2, 3, 17, 200):
        cases.append(build_case(f"secure-{count}", rng, count, True))
    for count in (1, 4, 9, 30):
        cases.append(build_case(f"raw-{count}", rng, count, False))
    cases.append(ethereum_tests_case(rng))
    with open(sys.argv[1], "w") as out:
        json.dump({"generator": "py-trie (PyPI trie==3.1.0), rlp==5.0.0, eth-hash==0.8.0", "cases": cases}, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
