"""Shared terminal output: progress on stderr, build errors and summaries."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # only named in annotations: importing the pipeline costs seconds, which export and sources need not pay
    from graph_build import BuildFailed, BuildReport

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


@contextmanager
def stages(title: str, total: int | None = None) -> Iterator["StageLog"]:
    """The stages of a long command, on stderr. On a terminal, a live display: each stage done
    with its time, the current one with a spinner, a bar over the ``total`` stages when known,
    and the time so far. Elsewhere (logs, pipes, tests), one plain line per stage."""
    log = StageLog(title, total)
    if not err.is_terminal:
        yield log
        return
    with Progress(
        SpinnerColumn(finished_text="[green]✓[/]"),
        TextColumn("{task.description}"),
        BarColumn(),
        StageColumn(),
        TimeElapsedColumn(),
        console=err,
    ) as progress:
        log.show(progress)
        yield log
        log.done()


class StageColumn(ProgressColumn):
    """``3/10`` stages, when the number of stages is known."""

    def render(self, task: Task) -> Text:
        if task.total is None or not task.fields.get("counted"):
            return Text("")
        return Text(f"{min(int(task.completed) + 1, int(task.total))}/{int(task.total)}", style="progress.download")


class StageLog:
    """Called with each stage's name as it starts (the builder's progress callback)."""

    def __init__(self, title: str, total: int | None = None) -> None:
        self.title = title
        self.total = total
        self.started = self.stage_started = time.perf_counter()
        self.stage: str | None = None
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def show(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task(self.title, total=self.total, counted=self.total is not None)

    def __call__(self, stage: str) -> None:
        if self.progress is None or self.task is None:
            err.print(f"{self.title}: {stage}", markup=False, highlight=False)
            return
        self._finish_stage()
        self.stage, self.stage_started = stage, time.perf_counter()
        task = self.progress.tasks[self.task]
        total = None if self.total is None else max(self.total, int(task.completed) + 1)  # a stage more than told
        self.progress.update(self.task, description=f"{self.title}: {stage}", total=total)

    def done(self) -> None:
        self._finish_stage()
        if self.progress is not None and self.task is not None:
            stages = self.progress.tasks[self.task].total or 1
            self.progress.update(self.task, description=f"{self.title}: done", total=stages, completed=stages)

    def _finish_stage(self) -> None:
        if self.stage is None or self.progress is None or self.task is None:
            return
        self.progress.console.print(Text(f"  ✓ {self.stage}  {time.perf_counter() - self.stage_started:.1f} s", style="dim"))
        self.progress.advance(self.task)
        self.stage = None

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


def print_failure(failure: BuildFailed, command: str) -> None:
    err.print(f"[bold red]dgkg {command}: failed while {failure.stage}[/] ({len(failure.errors)} error(s))")
    for error in failure.errors:
        err.print(str(error), markup=False)


# what the peaks cover: the build's own process (the reasoner's Java process is apart)
PEAKS_OF = "this process"


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
    if report.peaks_mb:
        peaks = ", ".join(f"{name} {mb:.0f}" for name, mb in report.peaks_mb.items())
        out.print(f"peak memory by stage, MB ({PEAKS_OF}): {peaks}")
