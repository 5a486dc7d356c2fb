"""``ridni synth``: write a synthetic multi-source world with its ground truth."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ridni.commands.output import LiveConsole
from ridni.errors import Invalid
from ridni.synth import Rates, generate_world

console = LiveConsole()


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)


def synth(
    out_dir: Path = typer.Argument(..., help="Directory to write the CSV files and manifest into."),
    children: int = typer.Option(2000, "--children", min=0, help="Children of the world (N)."),
    unrelated: int = typer.Option(
        20000, "--unrelated", min=0, help="Records of people not among the children (M)."
    ),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same seed gives the same bytes."),
    rate: list[str] = typer.Option(
        [], "--rate", help="Override one rate, NAME=VALUE (repeatable); see docs/synth.md."
    ),
) -> None:
    """Write a realistic multi-source world (CSV in the canonical format) and truth.csv."""
    rates = parse_rate_overrides(rate)
    columns = (TextColumn("[bold]synth[/]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("records", total=None)
        summary = generate_world(
            out_dir,
            children=children,
            unrelated=unrelated,
            seed=seed,
            rates=rates,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    table = Table(title=f"World written to {out_dir}")
    table.add_column("source")
    table.add_column("rows", justify="right")
    for source, rows in summary.rows_by_source.items():
        table.add_row(source, f"{rows:,}")
    table.add_row("[bold]all[/]", f"[bold]{summary.records:,}[/]")
    console.print(table)
    console.print(
        f"{summary.children:,} children in {summary.families:,} families, "
        f"{summary.renamed_children:,} renamed; {summary.unrelated:,} unrelated records; "
        f"{summary.seconds:.1f} s. Truth: {out_dir / 'truth.csv'}"
    )


def parse_rate_overrides(items: list[str]) -> Rates:
    """``["typo=0.05", ...]`` → ``Rates`` with those fields changed."""
    known = {f.name: f.type for f in fields(Rates)}
    overrides: dict[str, float | int] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in known:
            raise Invalid(
                f"unknown rate {name!r}; the rates are listed in docs/synth.md", field="--rate"
            )
        try:
            overrides[name] = int(value) if name == "rename_max_age" else float(value)
        except ValueError:
            raise Invalid(f"rate {name} needs a number, got {value!r}", field="--rate") from None
    return Rates().with_overrides(**overrides)
