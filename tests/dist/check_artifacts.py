"""Checks the artifacts `make dist` wrote, without installing them.

`python3 check_artifacts.py <dist dir>`: every expected artifact is there and
nothing else; the wheel is abi3 and tagged manylinux_2_17 (manylinux2014)
x86_64; every artifact holds both license texts, the same as the repository's;
the npm packages have napi-rs's layout; and every manifest carries one version.
"""

from __future__ import annotations

import email.parser
import json
import re
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LICENSES = {
    name: (ROOT / name).read_bytes() for name in ("LICENSE-MIT", "LICENSE-APACHE")
}
CRATES = ("chat-autologin", "chat-autologin-axum", "chat-autologin-cli")
NODE_PLATFORM = "linux-x64-gnu"

problems: list[str] = []


def check(condition: bool, problem: str) -> None:
    if not condition:
        problems.append(problem)


def check_licenses(artifact: str, files: dict[str, bytes]) -> None:
    """`files`: the artifact's members by name; each license must be one of them, as in the root."""
    for name, text in LICENSES.items():
        found = [member for member in files if member.rsplit("/", 1)[-1] == name]
        check(bool(found), f"{artifact}: no {name}")
        for member in found:
            check(
                files[member] == text,
                f"{artifact}: {member} differs from the root {name}",
            )


def tar_members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as archive:
        return {
            member.name: archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile()
        }


def main() -> int:
    dist = Path(sys.argv[1])
    version = tomllib.loads((ROOT / "Cargo.toml").read_text())["workspace"]["package"][
        "version"
    ]

    # The repository's own manifests.
    node_manifest = json.loads((ROOT / "node/package.json").read_text())
    check(
        node_manifest["version"] == version,
        f"node/package.json: version {node_manifest['version']}",
    )
    platform_dirs = sorted(
        p for p in (ROOT / "node/npm").iterdir() if (p / "package.json").exists()
    )
    for directory in platform_dirs:
        manifest = json.loads((directory / "package.json").read_text())
        check(
            manifest["version"] == version,
            f"{directory.name}: version {manifest['version']}",
        )
        check(
            manifest["name"] == f"chat-autologin-{directory.name}",
            f"{directory.name}: name",
        )
        for field in ("os", "cpu"):
            check(
                len(manifest.get(field, [])) == 1,
                f"{directory.name}: no single {field}",
            )
        check(
            ("libc" in manifest) == directory.name.startswith("linux-"),
            f"{directory.name}: a libc field on Linux only",
        )
    pyproject = tomllib.loads((ROOT / "python/pyproject.toml").read_text())
    check(
        "version" in pyproject["project"].get("dynamic", []),
        "python/pyproject.toml: the version must come from Cargo.toml (dynamic)",
    )
    changelog = (ROOT / "CHANGELOG.md").read_text()
    check(f"## [{version}]" in changelog, f"CHANGELOG.md has no section for {version}")

    expected = {
        f"chat_autologin-{version}.tar.gz",
        f"chat-autologin-{version}.tgz",
        f"chat-autologin-{NODE_PLATFORM}-{version}.tgz",
        *(f"{crate}-{version}.crate" for crate in CRATES),
    }
    present = {path.name for path in dist.iterdir()}
    wheels = sorted(name for name in present if name.endswith(".whl"))
    check(expected <= present, f"dist/ lacks {sorted(expected - present)}")
    check(len(wheels) == 1, f"dist/ holds {len(wheels)} wheels")
    check(
        present - expected - set(wheels) == set(),
        f"dist/ holds more: {present - expected}",
    )
    if problems:
        return report()

    # The wheel: abi3 for Python 3.10+, glibc 2.17 (manylinux2014), x86_64.
    wheel = dist / wheels[0]
    tags = wheel.name.removesuffix(".whl").split("-")[2:]
    check(tags[:2] == ["cp310", "abi3"], f"{wheel.name}: not abi3 from cp310")
    platforms = tags[2].split(".")
    check(
        "manylinux_2_17_x86_64" in platforms, f"{wheel.name}: not manylinux_2_17_x86_64"
    )
    check(
        all(re.fullmatch(r"manylinux(2014|_2_17)_x86_64", p) for p in platforms),
        wheel.name,
    )
    with zipfile.ZipFile(wheel) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    metadata = email.parser.Parser().parsestr(
        files[f"chat_autologin-{version}.dist-info/METADATA"].decode()
    )
    check(
        metadata["Version"] == version, f"{wheel.name}: version {metadata['Version']}"
    )
    check(
        sorted(metadata.get_all("License-File") or []) == sorted(LICENSES),
        f"{wheel.name}: License-File {metadata.get_all('License-File')}",
    )
    check(
        metadata["License-Expression"] == "MIT OR Apache-2.0", f"{wheel.name}: license"
    )
    check(bool(metadata.get_all("Project-URL")), f"{wheel.name}: no project URLs")
    wheel_file = files[f"chat_autologin-{version}.dist-info/WHEEL"].decode()
    check(
        "Tag: cp310-abi3-manylinux_2_17_x86_64" in wheel_file,
        f"{wheel.name}: WHEEL tags",
    )
    check_licenses(wheel.name, files)

    sdist = dist / f"chat_autologin-{version}.tar.gz"
    files = tar_members(sdist)
    info = email.parser.Parser().parsestr(
        files[f"chat_autologin-{version}/PKG-INFO"].decode()
    )
    check(info["Version"] == version, f"{sdist.name}: version {info['Version']}")
    check_licenses(sdist.name, files)

    # npm: the main package and its platform package, napi-rs's layout.
    main = tar_members(dist / f"chat-autologin-{version}.tgz")
    manifest = json.loads(main["package/package.json"])
    check(
        manifest["version"] == version,
        f"npm chat-autologin: version {manifest['version']}",
    )
    check(
        manifest.get("optionalDependencies")
        == {f"chat-autologin-{NODE_PLATFORM}": version},
        f"npm chat-autologin: optionalDependencies {manifest.get('optionalDependencies')}",
    )
    check(
        not any(name.endswith(".node") for name in main),
        "npm chat-autologin holds an addon",
    )
    check(
        "scripts" not in manifest and "devDependencies" not in manifest,
        "npm: dev fields",
    )
    check_licenses("npm chat-autologin", main)
    platform = tar_members(dist / f"chat-autologin-{NODE_PLATFORM}-{version}.tgz")
    manifest = json.loads(platform["package/package.json"])
    check(
        manifest["version"] == version,
        f"npm {NODE_PLATFORM}: version {manifest['version']}",
    )
    check(
        (manifest.get("os"), manifest.get("cpu"), manifest.get("libc"))
        == (["linux"], ["x64"], ["glibc"]),
        f"npm {NODE_PLATFORM}: os/cpu/libc",
    )
    check(f"package/{manifest['main']}" in platform, f"npm {NODE_PLATFORM}: no addon")
    check_licenses(f"npm {NODE_PLATFORM}", platform)

    for crate in CRATES:
        name = f"{crate}-{version}.crate"
        files = tar_members(dist / name)
        cargo = tomllib.loads(files[f"{crate}-{version}/Cargo.toml"].decode())[
            "package"
        ]
        check(cargo["version"] == version, f"{name}: version {cargo['version']}")
        check(cargo.get("readme") == "README.md", f"{name}: no readme")
        check(f"{crate}-{version}/README.md" in files, f"{name}: README.md missing")
        for field in ("description", "repository", "license", "keywords", "categories"):
            check(bool(cargo.get(field)), f"{name}: no {field}")
        check_licenses(name, files)

    return report()


def report() -> int:
    for problem in problems:
        print(f"check_artifacts: {problem}")
    print(f"check_artifacts: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
