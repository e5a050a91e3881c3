"""The lock files still satisfy pyproject.toml: every requirement pinned, at a version its range admits, with hashes.

requirements-dev.lock (the dependencies plus the test and dask extras) is what .ci/run installs;
requirements.lock (the dependencies alone) is what the Pages workflow builds the site with. Both come
from `.ci/lock`; when this test fails, run it (see the README) and commit the result.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"requirements.lock": [], "requirements-dev.lock": ["test", "dask"]}  # file -> extras it covers

# Where the lock must work: every supported Python on the platforms a reader may use. A requirement
# must have exactly one pinned line that applies in each.
ENVIRONMENTS = [
    {"python_version": v, "python_full_version": f"{v}.0", "sys_platform": sp, "platform_system": ps,
     "os_name": os_name, "platform_machine": machine, "implementation_name": "cpython",
     "platform_python_implementation": "CPython"}
    for v in ("3.11", "3.12", "3.13")
    for sp, ps, os_name, machine in (("linux", "Linux", "posix", "x86_64"), ("darwin", "Darwin", "posix", "arm64"),
                                     ("win32", "Windows", "nt", "AMD64"))
]


@dataclass(frozen=True)
class Pin:
    line: int
    requirement: Requirement
    hashes: tuple[str, ...]

    @property
    def name(self) -> str:
        return canonicalize_name(self.requirement.name)

    @property
    def version(self) -> str | None:
        specs = list(self.requirement.specifier)
        if len(specs) == 1 and specs[0].operator in ("==", "===") and "*" not in specs[0].version:
            return specs[0].version
        return None

    def applies(self, env: dict[str, str]) -> bool:
        return self.requirement.marker is None or self.requirement.marker.evaluate(env)


_HASH = re.compile(r"--hash[= ](sha256:[0-9a-f]{64})\b")


def read_lock(text: str) -> tuple[list[Pin], list[str]]:
    """The pinned lines of a requirements file written by `uv pip compile --generate-hashes`, and the
    lines it cannot read."""
    pins, problems = [], []
    logical: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        pending += line
        if pending.strip():
            logical.append((start, pending.strip()))
        pending = ""
    for number, line in logical:
        if line.startswith("-"):
            problems.append(f"line {number}: option {line.split()[0]} (the lock holds pinned packages only)")
            continue
        hashes = tuple(_HASH.findall(line))
        spec = _HASH.sub("", line).strip()
        try:
            pins.append(Pin(number, Requirement(spec), hashes))
        except Exception as e:  # noqa: BLE001 - packaging raises InvalidRequirement
            problems.append(f"line {number}: cannot read {spec!r}: {e}")
    return pins, problems


def declared(pyproject: dict, extras: list[str]) -> list[Requirement]:
    """pyproject.toml's dependencies plus those of `extras`, less the project itself."""
    project = pyproject["project"]
    own = canonicalize_name(project["name"])
    reqs = [Requirement(r) for r in project.get("dependencies", [])]
    for extra in extras:
        reqs += [Requirement(r) for r in project.get("optional-dependencies", {})[extra]]
    return [r for r in reqs if canonicalize_name(r.name) != own]


def lock_problems(pyproject: dict, extras: list[str], lock_text: str) -> list[str]:
    """Everything that keeps the lock from satisfying pyproject.toml (with `extras`); [] when it does."""
    pins, problems = read_lock(lock_text)
    for pin in pins:
        if pin.version is None:
            problems.append(f"line {pin.line}: {pin.requirement} is not pinned to one version with ==")
        if not pin.hashes:
            problems.append(f"line {pin.line}: {pin.requirement} has no --hash")
    by_name: dict[str, list[Pin]] = {}
    for pin in pins:
        by_name.setdefault(pin.name, []).append(pin)
    for req in declared(pyproject, extras):
        candidates = by_name.get(canonicalize_name(req.name), [])
        if not candidates:
            problems.append(f"{req}: not in the lock")
            continue
        for pin in candidates:
            if pin.version is not None and not req.specifier.contains(pin.version, prereleases=True):
                problems.append(f"{req}: the lock pins {pin.version} (line {pin.line}), which it does not admit")
        for env in ENVIRONMENTS:
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            applying = [p for p in candidates if p.applies(env)]
            if len(applying) != 1:
                where = f"Python {env['python_version']} on {env['sys_platform']}"
                problems.append(f"{req}: {len(applying)} pinned lines apply on {where}, not 1")
                break
    return problems


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _lock(name: str) -> str:
    path = ROOT / name
    if not path.exists():
        pytest.fail(f"{name} is missing: run .ci/lock")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(LOCKS))
def test_lock_satisfies_pyproject(name: str) -> None:
    problems = lock_problems(_pyproject(), LOCKS[name], _lock(name))
    assert problems == [], f"{name} no longer satisfies pyproject.toml; run .ci/lock:\n" + "\n".join(problems)


def test_site_is_built_with_the_versions_ci_tests() -> None:
    """Every pin of requirements.lock (Pages) stands, the same, in requirements-dev.lock (CI)."""
    dev = {(p.name, str(p.requirement.specifier), str(p.requirement.marker)) for p in read_lock(_lock("requirements-dev.lock"))[0]}
    runtime = read_lock(_lock("requirements.lock"))[0]
    assert runtime
    assert [str(p.requirement) for p in runtime
            if (p.name, str(p.requirement.specifier), str(p.requirement.marker)) not in dev] == []


def test_no_torch_or_cuda_in_the_locks() -> None:
    """Nothing the project uses needs torch; a lock that pulls it (and CUDA) in costs gigabytes."""
    for name in LOCKS:
        heavy = [p.name for p in read_lock(_lock(name))[0] if p.name == "torch" or p.name.startswith("nvidia-")]
        assert heavy == [], name


GOOD = {"project": {"name": "demo", "dependencies": ["numpy>=1.26", "pyyaml>=6.0; python_version >= '3.11'"],
                    "optional-dependencies": {"test": ["pytest>=8"]}}}
H1, H2 = "sha256:" + "a" * 64, "sha256:" + "b" * 64


def test_the_checker_accepts_a_good_lock() -> None:
    lock = (f"# comment\nnumpy==2.4.6 ; python_full_version < '3.12' \\\n    --hash={H1} \\\n    --hash={H2}\n"
            f"    # via demo\nnumpy==2.5.5 ; python_full_version >= '3.12' \\\n    --hash={H1}\n"
            f"pyyaml==6.0.2 \\\n    --hash={H2}\npytest==8.3.0 --hash={H1}\n")
    assert lock_problems(GOOD, ["test"], lock) == []
    assert lock_problems(GOOD, [], lock) == []
    assert [str(p.requirement) for p in read_lock(lock)[0]] == [
        'numpy==2.4.6; python_full_version < "3.12"', 'numpy==2.5.5; python_full_version >= "3.12"',
        "pyyaml==6.0.2", "pytest==8.3.0"]


@pytest.mark.parametrize(("lock", "expected"), [
    (f"numpy==1.25.0 --hash={H1}\npyyaml==6.0.2 --hash={H1}\n", "numpy>=1.26: the lock pins 1.25.0 (line 1)"),
    (f"pyyaml==6.0.2 --hash={H1}\n", "numpy>=1.26: not in the lock"),
    (f"numpy==2.4.6\npyyaml==6.0.2 --hash={H1}\n", "line 1: numpy==2.4.6 has no --hash"),
    (f"numpy>=2 --hash={H1}\npyyaml==6.0.2 --hash={H1}\n", "line 1: numpy>=2 is not pinned to one version"),
    (f"numpy==2.4.6 ; python_full_version < '3.12' --hash={H1}\npyyaml==6.0.2 --hash={H1}\n",
     "numpy>=1.26: 0 pinned lines apply on Python 3.12 on linux"),
    (f"numpy==2.4.6 --hash={H1}\nnumpy==2.5.5 --hash={H1}\npyyaml==6.0.2 --hash={H1}\n",
     "numpy>=1.26: 2 pinned lines apply"),
    (f"-e .\nnumpy==2.4.6 --hash={H1}\npyyaml==6.0.2 --hash={H1}\n", "line 1: option -e"),
])
def test_the_checker_finds_a_bad_lock(lock: str, expected: str) -> None:
    problems = lock_problems(GOOD, [], lock)
    assert any(p.startswith(expected) for p in problems), problems


def test_the_checker_covers_the_extras() -> None:
    lock = f"numpy==2.4.6 --hash={H1}\npyyaml==6.0.2 --hash={H1}\n"
    assert lock_problems(GOOD, [], lock) == []
    assert lock_problems(GOOD, ["test"], lock) == ["pytest>=8: not in the lock"]
