"""Shared terminal output: progress on stderr, build errors and summaries."""
from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table

from graph_build import BuildFailed, BuildReport

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


@contextmanager
def stages(title: str) -> Iterator["StageLog"]:
    log = StageLog(title)
    with err.status(title) as status:
        log.status = status
        yield log


class StageLog:
    def __init__(self, title: str) -> None:
        self.title = title
        self.status = None
        self.started = time.perf_counter()

    def __call__(self, stage: str) -> None:
        if self.status is not None:
            self.status.update(f"{self.title}: {stage}")
        if not err.is_terminal:
            err.print(f"{self.title}: {stage}")

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def print_failure(failure: BuildFailed, command: str) -> None:
    err.print(f"[bold red]dgkg {command}: failed while {failure.stage}[/] ({len(failure.errors)} error(s))")
    for error in failure.errors:
        err.print(str(error), markup=False)


def print_summary(report: BuildReport, seconds: float, verb: str) -> None:
    table = Table(title=None, show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("class")
    table.add_column("entities", justify="right")
    for name, count in sorted(report.entities_per_class.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(name, str(count))
    out.print(table)
    out.print(
        f"{report.entities} entities, {report.claims} claims ({report.external_claims} from outside the five "
        f"texts), {report.asserted_triples} asserted triples, {report.inferred_triples} inferred "
        f"({report.reasoner}), from {report.record_files} record files"
    )
    if report.reasoner_note:
        out.print(report.reasoner_note)
    steps = ", ".join(f"{name} {secs:.1f}s" for name, secs in report.timings.items())
    out.print(f"{verb} in {seconds:.1f}s ({steps})")


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1
