"""
Reads Recount's out/ as Python analysts do, with no arguments, and checks every column against
docs/data-dictionary.md (issue 11):

- pandas.read_parquet(path): Int64 for every integer column (never float64), float64 for doubles,
  boolean for flags (never object), str for text, a date dtype for dates, lists for list columns;
- pyarrow.parquet.read_table(path): the Arrow type of each dictionary type;
- polars.read_csv(path, schema=<types from datapackage.json>): cell for cell equal to
  polars.read_parquet(path) (lists decoded from their JSON text by the schema's item type).

Usage: python consumers.py OUT_DIR DATA_DICTIONARY_MD. Prints one JSON summary line; exits 1 with
every mismatch listed on stderr.
"""
import json
import re
import sys
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

out, dictionary_md = Path(sys.argv[1]), Path(sys.argv[2])
problems: list[str] = []


def dictionary(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Each table's (column, DuckDB type) rows, from the data dictionary's markdown tables."""
    tables: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^## (\w+)$", line)
        if m:
            current = tables.setdefault(m.group(1), [])
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current is not None and len(cells) >= 3 and re.fullmatch(r"[A-Z]+(\[\])?", cells[1]) and cells[0] != "column":
            current.append((cells[0], cells[1]))
    return tables


PANDAS = {
    "BIGINT": lambda d: str(d) == "Int64",
    "DOUBLE": lambda d: str(d) == "float64",
    "BOOLEAN": lambda d: str(d) == "boolean",
    "VARCHAR": lambda d: str(d) in ("str", "string") or (str(d) == "object"),
    "DATE": lambda d: "date" in str(d),
    "BIGINT[]": lambda d: str(d) == "object",
    "VARCHAR[]": lambda d: str(d) == "object",
}
ARROW = {
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "BIGINT[]": pa.list_(pa.int64()),
    "VARCHAR[]": pa.list_(pa.string()),
}
POLARS = {"integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean, "date": pl.Date, "string": pl.String, "array": pl.String}

tables = dictionary(dictionary_md)
package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
resources = {r["name"]: r for r in package["resources"]}
columns_checked = 0
cells_compared = 0

for name, expected in sorted(tables.items()):
    parquet = out / f"{name}.parquet"
    if not parquet.exists():
        problems.append(f"{name}: the data dictionary lists it, but {parquet.name} is missing")
        continue
    frame = pd.read_parquet(parquet)
    if list(frame.columns) != [c for c, _ in expected]:
        problems.append(f"{name}: pandas columns {list(frame.columns)} != dictionary {[c for c, _ in expected]}")
    if not isinstance(frame.index, pd.RangeIndex):
        problems.append(f"{name}: pandas index is {type(frame.index).__name__}, not a RangeIndex")
    schema = pq.read_schema(parquet)
    for column, duck in expected:
        columns_checked += 1
        dtype = frame[column].dtype
        if not PANDAS[duck](dtype):
            problems.append(f"{name}.{column}: pandas dtype {dtype} for {duck}")
        if duck == "VARCHAR" and str(dtype) == "object" and not frame[column].dropna().map(lambda v: isinstance(v, str)).all():
            problems.append(f"{name}.{column}: pandas object column holds non-str values")
        if duck.endswith("[]") and not frame[column].dropna().map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).all():
            problems.append(f"{name}.{column}: pandas list column holds non-list values")
        arrow = schema.field(column).type
        if not arrow.equals(ARROW[duck]) and not (duck == "VARCHAR" and arrow in (pa.large_string(), pa.string_view())):
            problems.append(f"{name}.{column}: pyarrow type {arrow} for {duck}")
    table = pq.read_table(parquet)
    if table.num_rows != len(frame):
        problems.append(f"{name}: pyarrow {table.num_rows} rows, pandas {len(frame)}")

    # Polars: the CSV with datapackage.json's types, against the Parquet, cell for cell.
    resource = resources.get(name)
    if resource is None:
        problems.append(f"{name}: not in datapackage.json")
        continue
    fields = resource["schema"]["fields"]
    csv = pl.read_csv(
        out / resource["path"],
        schema={f["name"]: POLARS[f["type"]] for f in fields},
        null_values=resource["schema"]["missingValues"],
    )
    from_parquet = pl.read_parquet(parquet)
    for f in fields:
        if f["type"] == "array":
            csv = csv.with_columns(pl.col(f["name"]).str.json_decode(from_parquet.schema[f["name"]]))
    if csv.shape != from_parquet.shape:
        problems.append(f"{name}: Polars CSV {csv.shape} != Parquet {from_parquet.shape}")
        continue
    for f in fields:
        a, b = csv[f["name"]], from_parquet[f["name"]]
        if a.dtype != b.dtype:
            problems.append(f"{name}.{f['name']}: Polars CSV dtype {a.dtype} != Parquet {b.dtype}")
            continue
        # Text: the CSV cannot tell an empty string from a null (both are an empty field to Polars).
        if a.dtype == pl.String:
            a, b = a.fill_null(""), b.fill_null("")
        equal = (a == b) | (a.is_null() & b.is_null())
        bad = (~equal.fill_null(False)).sum()
        cells_compared += len(a)
        if bad:
            i = int((~equal.fill_null(False)).arg_max())
            problems.append(f"{name}.{f['name']}: {bad} cell(s) differ, e.g. row {i + 1}: CSV {a[i]!r} vs Parquet {b[i]!r}")

    # Polars' own type guess with no schema: integers and floats are no longer mistaken.
    guessed = pl.read_csv(out / resource["path"], infer_schema_length=100)
    for f in fields:
        if f["type"] == "number" and guessed.schema[f["name"]] == pl.Int64:
            problems.append(f"{name}.{f['name']}: Polars guesses Int64 for a number column")

for problem in problems:
    print(problem, file=sys.stderr)
print(json.dumps({"tables": len(tables), "columns": columns_checked, "cells": cells_compared, "problems": len(problems)}))
sys.exit(1 if problems else 0)
