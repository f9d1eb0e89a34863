#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpus from the shared vectors.

    python3 fuzz/seed_corpus.py [--out DIR]

Writes DIR/verify, DIR/inspect, DIR/diagnose and DIR/mint (DIR defaults to fuzz/corpus),
one file per seed, named by the SHA-1 of its bytes as libFuzzer names its own.
Files already there (what earlier runs found) are kept. Standard library only.

The first byte of a seed picks how the target reads the rest (see each
target's doc comment):

- verify, inspect, diagnose: 0 + the token as text; 1 + the decoded payload, which the
  target signs under the canonical header; 2 + the decoded header, 0xFF, the
  decoded payload, signed likewise. So every vector's claims also reach the
  claim and time checks with a valid signature.
- mint: 0 + email NUL name NUL ttl NUL now NUL secret, for every mint vector
  whose inputs have the right types.
"""

import argparse
import base64
import binascii
import hashlib
import json
import math
import pathlib

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = HERE.parent / "tests" / "vectors"


def b64decode(segment):
    """Strict base64url without padding, or None."""
    if "=" in segment:
        return None
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError):
        return None


def number(value):
    """A vector's number as text the mint target parses, or None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return None
        return repr(value)
    if isinstance(value, dict) and "float" in value:
        return {"NaN": "NaN", "Infinity": "inf", "-Infinity": "-inf"}[value["float"]]
    return None


def secret_bytes(secret):
    if isinstance(secret, str):
        return secret.encode("utf-8")
    if isinstance(secret, dict) and "hex" in secret:
        return bytes.fromhex(secret["hex"])
    return None


def token_seeds(cases):
    seeds = []
    for case in cases:
        token = case.get("token")
        if not isinstance(token, str):
            continue
        seeds.append(b"\x00" + token.encode("utf-8"))
        parts = token.split(".")
        if len(parts) != 3:
            continue
        header, payload = b64decode(parts[0]), b64decode(parts[1])
        if payload is not None and len(payload) < 4096:
            seeds.append(b"\x01" + payload)
            if header is not None and b"\xff" not in header:
                seeds.append(b"\x02" + header + b"\xff" + payload)
    return seeds


def mint_seeds(cases):
    seeds = []
    for case in cases:
        email, name = case.get("email"), case.get("name")
        ttl, now = number(case.get("ttl")), number(case.get("now"))
        secret = secret_bytes(case.get("secret"))
        if not (isinstance(email, str) and isinstance(name, str)):
            continue
        if ttl is None or now is None or secret is None:
            continue
        fields = [
            email.encode("utf-8"),
            name.encode("utf-8"),
            ttl.encode(),
            now.encode(),
            secret,
        ]
        seeds.append(b"\x00" + b"\x00".join(fields))
    return seeds


def write(directory, seeds):
    directory.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        (directory / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    return len(set(seeds))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=HERE / "corpus")
    args = parser.parse_args()
    verify_cases = json.loads((VECTORS / "verify.json").read_text("utf-8"))["cases"]
    mint_cases = json.loads((VECTORS / "mint.json").read_text("utf-8"))["cases"]
    # A minted vector's token is a verify seed too.
    minted = [
        {"token": c["expect"]["token"]}
        for c in mint_cases
        if "token" in c.get("expect", {})
    ]
    tokens = token_seeds(verify_cases + minted)
    counts = {
        "verify": write(args.out / "verify", tokens),
        "inspect": write(args.out / "inspect", tokens),
        "diagnose": write(args.out / "diagnose", tokens),
        "mint": write(args.out / "mint", mint_seeds(mint_cases)),
    }
    print("seeds: " + ", ".join(f"{target} {n}" for target, n in counts.items()))


if __name__ == "__main__":
    main()
