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


def main():
    rng = random.Random(1186)
    cases = []
    for count in (0, 1, 2, 3, 17, 200):
        cases.append(build_case(f"secure-{count}", rng, count, True))
    for count in (1, 4, 9, 30):
        cases.append(build_case(f"raw-{count}", rng, count, False))
    with open(sys.argv[1], "w") as out:
        json.dump({"generator": "py-trie (PyPI trie==3.1.0), rlp==5.0.0, eth-hash==0.8.0", "cases": cases}, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
