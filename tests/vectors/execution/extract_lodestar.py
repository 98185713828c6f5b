"""Extract real eth_getProof / eth_getCode answers and their block headers from
Lodestar's prover test fixtures into small files for lucid-execution's tests.

Usage: python3 extract_lodestar.py LODESTAR_CHECKOUT OUT_DIR
See PROVENANCE.md for the commit and licence.
"""
import json
import pathlib
import sys

SOURCES = {
    "mainnet-17463226.json": [
        "packages/prover/test/fixtures/mainnet/eth_call.json",
        "packages/prover/test/fixtures/mainnet/eth_estimateGas_simple_transfer.json",
    ],
    "sepolia-3445383.json": [
        "packages/prover/test/fixtures/sepolia/eth_getBalance_eoa.json",
        "packages/prover/test/fixtures/sepolia/eth_getCode.json",
    ],
}
HEADER_FIELDS = [
    "parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot",
    "logsBloom", "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData",
    "mixHash", "nonce", "baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas",
    "parentBeaconBlockRoot", "requestsHash", "hash",
]


def pairs(dependent):
    for request in dependent:
        payload, response = request["payload"], request["response"]
        payload = payload if isinstance(payload, list) else [payload]
        response = response if isinstance(response, list) else [response]
        yield from zip(payload, response)


def extract(root, paths):
    out = None
    proofs, code = {}, {}
    for path in paths:
        fixture = json.loads((root / path).read_text())
        payload = fixture["beacon"]["executionPayload"]
        block = fixture["execution"]["block"]
        here = {
            "network": fixture["network"],
            "beacon_block": {
                "root": fixture["beacon"]["headers"]["root"],
                "header": fixture["beacon"]["headers"]["header"]["message"],
            },
            "execution_payload": {k: payload[k] for k in ("block_number", "block_hash", "state_root")},
            "execution_block_header": {k: block[k] for k in HEADER_FIELDS if k in block},
        }
        if out is None:
            out = here
        assert out == here, f"{path} is for another block"
        for request, response in pairs(fixture["dependentRequests"]):
            if request["method"] == "eth_getProof":
                proofs[response["result"]["address"].lower()] = response["result"]
            elif request["method"] == "eth_getCode":
                code[request["params"][0].lower()] = response["result"]
    out["sources"] = paths
    out["eth_getProof"] = [proofs[a] for a in sorted(proofs)]
    out["eth_getCode"] = code
    return out


def main():
    root, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    for name, paths in SOURCES.items():
        (out_dir / name).write_text(json.dumps(extract(root, paths), indent=1) + "\n")


if __name__ == "__main__":
    main()
