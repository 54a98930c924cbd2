"""`dgkg bench`: how the graph's tools grow with its size, each beside its reference.

dgkg bench generate --triples 100k --seed 1 --out /tmp/sources   # DGKG_SOURCES=/tmp/sources dgkg build
dgkg bench --quick                                               # 10k and 100k into dist.bench/
dgkg bench --sizes 10k,100k,1M --out /tmp/bench
"""

from __future__ import annotations

import argparse
from pathlib import Path

import bench
from dgkg.arguments import whole
from dgkg.console import err, out
from dgkg.errors import UsageError
from dgkg.paths import ProjectPaths

SIZES = "10k,100k,1M"
QUICK_LIMIT = 100_000


def size(text: str) -> int:
    try:
        return bench.check_size(bench.parse_size(text))
    except (ValueError, bench.GenerateError) as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def sizes(text: str) -> list[int]:
    return [size(part) for part in text.split(",") if part.strip()]


def run_generate(args: argparse.Namespace, paths: ProjectPaths) -> int:
    try:
        summary = bench.generate(args.triples, args.seed, args.out)
    except bench.GenerateError as error:
        raise UsageError(str(error)) from None
    out.print(
        f"wrote {args.out}: {summary.entities} entities, {summary.claims} claims, {summary.documents} source texts, "
        f"{summary.record_files} record files ({summary.record_bytes / 2**20:.2f} MiB)",
        markup=False,
    )
    out.print(f"build it with: DGKG_SOURCES={args.out} dgkg build --dist DIR", markup=False)
    return 0


def run(args: argparse.Namespace, paths: ProjectPaths) -> int:
    chosen = [s for s in args.sizes if not args.quick or s <= QUICK_LIMIT]
    if not chosen:
        given = ", ".join(map(bench.label, args.sizes))
        raise UsageError(f"--quick runs sizes up to {bench.label(QUICK_LIMIT)} only; none of {given} is")
    target = args.out or paths.dist.with_name(paths.dist.name + ".bench")  # beside dist/, which a build replaces whole
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out {target}: a file is there, not a directory")
    # the bench replaces its work/ folder and writes its report's files there: never in someone's directory
    if target.is_dir() and any(target.iterdir()) and not (target / "bench.json").is_file():
        raise UsageError(
            f"--out {target}: holds files but no bench.json, so it is not an earlier bench's; give a new or empty directory"
        )
    results = bench.bench(
        chosen, target, args.repeats, lambda stage: err.print(f"bench: {stage}", markup=False), keep_work=args.keep_work
    )
    written = bench.write(results, target)
    out.print(f"wrote {', '.join(str(p) for p in written)}", markup=False)
    return 0


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sizes", type=sizes, default=sizes(SIZES), help=f"sizes in asserted triples (default {SIZES})")
    parser.add_argument("--quick", action="store_true", help=f"only the sizes up to {bench.label(QUICK_LIMIT)}")
    parser.add_argument("--out", type=Path, help="where the report, bench.json and plots go (default dist.bench/, beside dist/)")
    parser.add_argument(
        "--repeats", type=whole(1, 100), default=5, help="runs of each small operation, for its median (default 5)"
    )
    parser.add_argument(
        "--keep-work",
        action="store_true",
        help="keep each size's generated sources and built dist/ in OUT/work/ (removed once measured, "
        "unless its build failed: gigabytes at 1M)",
    )
    parser.set_defaults(run=run)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    gen = actions.add_parser("generate", help="write a synthetic sources tree shaped like the curated one")
    gen.add_argument("--triples", type=size, required=True, help="about how many asserted triples (10k, 100k, 1M)")
    gen.add_argument("--seed", type=int, default=1, help="the same seed and size give the same bytes (default 1)")
    gen.add_argument("--out", type=Path, required=True, help="the sources directory to write (documents.yaml, texts/, records/)")
    gen.set_defaults(run=run_generate)
