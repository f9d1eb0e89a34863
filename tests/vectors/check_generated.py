#!/usr/bin/env python3
"""Check that every generated vector file is exactly what its generator writes.

Usage (paths from the repository root, as `make check-vectors` runs it):

    python3 tests/vectors/check_generated.py GENERATOR:FILE [GENERATOR:FILE ...]

Each generator runs once, in a scratch copy of its own directory, so the committed
files are never touched; every FILE listed for it is then compared byte for byte
with the committed one. A hand edit of a vector, or a generator changed without
rerunning it, fails here.

What a generator needs for this: it writes its files at paths relative to its own
location and reads nothing outside its own directory (the standard library and
sibling modules are fine).
"""

import difflib
import os
import shutil
import subprocess
import sys
import tempfile

MAX_DIFF_LINES = 40
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def parse(pairs):
    """{generator: [file, ...]} from GENERATOR:FILE arguments, in order."""
    outputs = {}
    for pair in pairs:
        generator, sep, output = pair.partition(":")
        if not sep or not generator or not output:
            sys.exit(f"check_generated: expected GENERATOR:FILE, got {pair!r}")
        outputs.setdefault(os.path.normpath(generator), []).append(
            os.path.normpath(output)
        )
    if not outputs:
        sys.exit("check_generated: no GENERATOR:FILE given")
    return outputs


def difference(committed_path, written_path):
    """A short unified diff, or None when the files are identical."""
    with open(committed_path, "rb") as f:
        committed = f.read()
    with open(written_path, "rb") as f:
        written = f.read()
    if committed == written:
        return None
    lines = list(
        difflib.unified_diff(
            committed.decode("utf-8", "replace").splitlines(keepends=True),
            written.decode("utf-8", "replace").splitlines(keepends=True),
            "committed",
            "generated",
            n=1,
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [
            f"... ({len(lines) - MAX_DIFF_LINES} more lines)\n"
        ]
    return "".join(lines) or "(the files differ in bytes that do not decode)\n"


def check(generator, files):
    """The problems found with one generator's files."""
    source = os.path.dirname(generator)
    with tempfile.TemporaryDirectory() as scratch:
        # The committed outputs are left out, so a file the generator no longer
        # writes is reported as missing instead of compared with itself.
        def committed_outputs(directory, names):
            return [n for n in names if os.path.join(directory, n) in files] + [
                "__pycache__"
            ]

        shutil.copytree(source, os.path.join(scratch, source), ignore=committed_outputs)
        for output in files:
            os.makedirs(os.path.join(scratch, os.path.dirname(output)), exist_ok=True)
        run = subprocess.run(
            [sys.executable, os.path.join(scratch, generator)],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0:
            return [f"{generator} failed (exit {run.returncode}):\n{run.stderr}"]
        problems = []
        for output in files:
            written = os.path.join(scratch, output)
            if not os.path.exists(written):
                problems.append(f"{generator} did not write {output}")
            elif not os.path.exists(output):
                problems.append(f"{output} is not committed; run python3 {generator}")
            else:
                diff = difference(output, written)
                if diff:
                    problems.append(
                        f"{output} differs from what {generator} writes; edit the generator, "
                        f"rerun it and commit both:\n{diff}"
                    )
        return problems


def main(arguments):
    os.chdir(ROOT)
    problems = []
    checked = 0
    for generator, files in parse(arguments).items():
        problems += check(generator, files)
        checked += len(files)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"check_generated: {checked} generated files match their generators")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
